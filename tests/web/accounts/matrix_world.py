"""The world the permission matrix runs in, and how it finds objects for URL parameters.

Two organizations (A and B) with one stored inspection each (assets, results,
evidence, findings), a subnet and an information system; findings of A belong to
the department whose head is ``department_head``. ``FACTORIES`` builds the objects
that ``auto_kwargs`` cannot find by naming convention.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import models

from zicha.web.accounts.choices import Role

from ..outcomes import full_outcome
from .support import make_user


@dataclass
class World:
    org_a: Any
    org_b: Any
    dept: Any                      # department of org A whose head is "department_head"
    other_dept: Any
    users: dict[str, Any] = field(default_factory=dict)
    cache: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)

    def org(self, which: str) -> Any:
        return self.org_a if which == "a" else self.org_b


ROLES = ("anonymous", "superuser", "admin", "inspector", "department_head",
         "other_department_head", "leadership", "district_auditor")


def build_world() -> World:
    from zicha.web.findings.models import Finding
    from zicha.web.inspections.services import inspection_store
    from zicha.web.inventory.models import InformationSystem, Subnet, Zone
    from zicha.web.inventory.services import department_get_or_create, organization_get_or_create

    org_a = organization_get_or_create(name="示例医院", code="hospital-a")
    org_b = organization_get_or_create(name="另一医院", code="hospital-b")
    for org in (org_a, org_b):
        inspection_store(organization=org, outcome=full_outcome())
        zone = Zone.objects.filter(organization=org).order_by("pk").first()
        Subnet.objects.create(zone=zone, cidr="127.20.0.0/16", name="临床内网")
        InformationSystem.objects.create(organization=org, name="HIS", grade=3)
    dept = department_get_or_create(organization=org_a, name="检验科")
    other = department_get_or_create(organization=org_a, name="护理部")
    Finding.objects.filter(organization=org_a).update(department=dept)
    Finding.objects.filter(organization=org_b).update(
        department=department_get_or_create(organization=org_b, name="检验科"))
    world = World(org_a, org_b, dept, other)
    world.users = {
        "superuser": make_user("m-root", role=Role.ADMIN, superuser=True),
        "admin": make_user("m-admin", role=Role.ADMIN, organization=org_a),
        "inspector": make_user("m-inspector", role=Role.INSPECTOR, organization=org_a),
        "department_head": make_user("m-head", role=Role.DEPARTMENT_HEAD, organization=org_a,
                                     department=dept),
        "other_department_head": make_user("m-head2", role=Role.DEPARTMENT_HEAD,
                                           organization=org_a, department=other),
        "leadership": make_user("m-leader", role=Role.LEADERSHIP, organization=org_a),
        "district_auditor": make_user("m-district", role=Role.DISTRICT_AUDITOR,
                                      supervised=(org_a,)),
    }
    return world


def _account(world: World, org: Any) -> dict[str, Any]:
    user = make_user(f"m-target-{org.code}", organization=org)
    return {"pk": user.pk}


def _audit_event(world: World, org: Any) -> dict[str, Any]:
    from zicha.web.audit.services import audit_record

    event = audit_record(actor=None, action="test.matrix", organization=org)
    return {"seq": event.seq}


def _inspection(org: Any) -> Any:
    from zicha.web.inspections.models import Inspection

    return Inspection.objects.filter(organization=org).order_by("pk").first()


def _manual_result(org: Any) -> Any:
    from zicha.web.inspections.models import CheckResult

    return CheckResult.objects.filter(inspection=_inspection(org), status="manual",
                                      asset__isnull=True).order_by("pk").first()


def _png(name: str = "photo.png") -> Any:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _by_inspection(world: World, org: Any) -> dict[str, Any]:
    return {"pk": _inspection(org).pk}


def _manual_answer(world: World, org: Any) -> dict[str, Any]:
    return {"pk": _inspection(org).pk, "result_pk": _manual_result(org).pk}


def _manual_confirm(world: World, org: Any) -> dict[str, Any]:
    from zicha.web.inspections.models import ManualAnswer

    result = _manual_result(org)
    answer = ManualAnswer.objects.create(result=result, answer="passed", confirmed=False)
    return {"pk": result.inspection_id, "answer_pk": answer.pk}


def _evidence_file(world: World, org: Any) -> dict[str, Any]:
    from zicha.web.inspections.manual_services import manual_answer_record
    from zicha.web.inspections.models import Evidence

    result = _manual_result(org)
    manual_answer_record(result=result, actor=world.users["superuser"], answer="passed",
                         files=[_png()])
    return {"pk": Evidence.objects.filter(check_result=result).exclude(file="").get().pk}


def _attachment(world: World, org: Any) -> dict[str, Any]:
    from zicha.web.findings.evidence_services import finding_comment_add
    from zicha.web.findings.models import Finding

    finding = Finding.objects.filter(organization=org).order_by("pk").first()
    comment = finding_comment_add(finding=finding, actor=world.users["superuser"],
                                  body="已整改", files=[_png()])
    return {"pk": comment.attachments.get().pk}


def _schedule(world: World, org: Any) -> dict[str, Any]:
    import datetime as dt

    from zicha.web.inspections.schedule_services import schedule_create

    schedule = schedule_create(organization=org, actor=world.users["superuser"],
                               name="每周巡检", frequency="weekly", weekday=0,
                               time=dt.time(2, 0),
                               parameters={"scope": "127.20.0.0/24", "targets": "127.20.0.10"})
    return {"pk": schedule.pk}


def _report_file(world: World, org: Any) -> dict[str, Any]:
    from zicha.web.reports.services import report_dir

    inspection = _inspection(org)
    folder = report_dir(inspection)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "自查报告.docx").write_bytes(b"PK\x03\x04 not really a docx")
    return {"pk": inspection.pk, "name": "自查报告.docx"}


def _api_token(world: World, org: Any) -> dict[str, Any]:
    from zicha.web.api.services import token_create

    token, _raw = token_create(actor=world.users["superuser"], organization=org,
                               name="collector", scopes=["upload"])
    return {"pk": token.pk}


#: url name → (world, organization) → reverse() kwargs, for objects auto_kwargs cannot find
FACTORIES: dict[str, Callable[[World, Any], dict[str, Any]]] = {
    "accounts:user_edit": _account,
    "accounts:user_deactivate": _account,
    "accounts:user_reset_password": _account,
    "audit:event_detail": _audit_event,
    "api:token_revoke": _api_token,
    "findings:attachment_download": _attachment,
    "inspections:evidence_download": _evidence_file,
    "inspections:manual_list": _by_inspection,
    "inspections:manual_carry_over": _by_inspection,
    "inspections:manual_answer": _manual_answer,
    "inspections:manual_confirm": _manual_confirm,
    "inspections:schedule_edit": _schedule,
    "inspections:schedule_delete": _schedule,
    "reports:download": _report_file,
    "reports:generate": _by_inspection,
}

#: URL or parameter word → model label, where the word is not the model's name
MODEL_ALIASES = {
    "result": "inspections.checkresult", "check_result": "inspections.checkresult",
    "check": "inspections.checkdefinition", "check_definition": "inspections.checkdefinition",
    "system": "inventory.informationsystem",
    "information_system": "inventory.informationsystem", "infosystem":
    "inventory.informationsystem",
}
_ORG_PATHS = ("organization", "inspection__organization", "finding__organization",
              "asset__organization", "zone__organization", "zone__organization",
              "department__organization", "checklist__inspection__organization",
              "item__inspection__organization")


def _model_for(word: str) -> type[models.Model] | None:
    word = word.lower()
    if word in MODEL_ALIASES:
        return apps.get_model(MODEL_ALIASES[word])
    compact = word.replace("_", "")
    for model in apps.get_models():
        if model._meta.app_label in {"accounts", "inventory", "inspections", "findings",
                                     "audit", "api", "dashboard", "reports"} \
                and model._meta.model_name == compact:
            return model
    return None


def _in_org(model: type[models.Model], org: Any) -> models.QuerySet:
    for path in _ORG_PATHS:
        try:
            return model._default_manager.filter(**{path: org})
        except FieldError:
            continue
    raise LookupError(f"cannot tell which organization a {model.__name__} belongs to")


def auto_kwargs(name: str, params: list[str], org: Any) -> dict[str, Any]:
    """Objects of ``org`` for the URL's parameters, found by naming convention:
    ``pk``/``id`` → the model in the URL name (``inventory:asset_detail`` → Asset),
    ``<model>_pk`` / ``<model>_id`` → that model; a later object is taken among those
    linked to an earlier one (a result of *that* inspection)."""
    words = name.split(":")[-1].split("_")
    url_model = next((m for k in range(len(words) - 1, 0, -1)
                      if (m := _model_for("_".join(words[:k]))) is not None), None)
    chosen: dict[str, models.Model] = {}
    kwargs: dict[str, Any] = {}
    order = sorted(params, key=lambda p: p in ("pk", "id"))       # parents first
    for param in order:
        model = url_model if param in ("pk", "id") else _model_for(
            param.removesuffix("_pk").removesuffix("_id"))
        if model is None:
            raise LookupError(f"{name}: no model for parameter {param!r}; add FACTORIES[{name!r}]")
        qs = _in_org(model, org)
        for parent in chosen.values():
            for f in model._meta.get_fields():
                if isinstance(f, models.ForeignKey) and f.related_model is type(parent):
                    qs = qs.filter(**{f.name: parent})
        obj = qs.order_by("pk").first()
        if obj is None:
            raise LookupError(f"{name}: no {model.__name__} in {org}; add FACTORIES[{name!r}]")
        chosen[param] = obj
        kwargs[param] = obj.pk
    return kwargs
