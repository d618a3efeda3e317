"""The zh_Hans catalogue is complete, compiled, and covers every label the models show."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.apps import apps
from django.utils import translation

import zicha.web

LC = Path(zicha.web.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"
APP_LABELS = ("inventory", "inspections", "findings")
CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_TRANSLATED = {"SHA-256", "Linux", "Windows"}     # the same in both languages


def po_entries() -> list[tuple[str, str, str]]:
    """(context, msgid, msgstr) for every entry except the header; strings may wrap."""
    entries, current, field = [], {}, None
    for line in [*(LC / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
        if m := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?) "(.*)"$', line):
            field = m.group(1).replace("[0]", "")
            current[field] = m.group(2)
        elif (m := re.match(r'^"(.*)"$', line)) and field:
            current[field] += m.group(1)
        elif not line.strip() and current:
            if current.get("msgid"):
                entries.append((current.get("msgctxt", ""), current["msgid"], current["msgstr"],
                                current.get("msgid_plural")))
            current, field = {}, None
    return entries


def test_every_message_is_translated_and_compiled():
    entries = po_entries()
    assert len(entries) > 100
    assert [e for e in entries if not e[2]] == []
    with (LC / "django.mo").open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)
    for ctx, msgid, msgstr, plural in entries:
        msgid = msgid.replace('\\"', '"')
        if plural:
            got = catalog.ngettext(msgid, plural.replace('\\"', '"'), 1)
        else:
            got = catalog.pgettext(ctx, msgid) if ctx else catalog.gettext(msgid)
        assert got == msgstr.replace('\\"', '"'), f"{msgid!r}: .mo is stale, run compilemessages"


def labels():
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            yield f"{model._meta.label}.verbose_name", model._meta.verbose_name
            yield f"{model._meta.label}.verbose_name_plural", model._meta.verbose_name_plural
            for field in model._meta.get_fields():
                if not field.concrete or field.auto_created:
                    continue
                yield f"{model._meta.label}.{field.name}", field.verbose_name
                for value, text in field.choices or ():
                    yield f"{model._meta.label}.{field.name}={value}", text


def test_model_labels_are_chinese():
    """Every model name, field name and choice label shows in Chinese under zh-hans."""
    with translation.override("zh-hans"):
        shown = [(where, str(text)) for where, text in labels()]
    assert len(shown) > 150
    assert [(w, t) for w, t in shown if not CJK.search(t) and t not in NOT_TRANSLATED] == []
