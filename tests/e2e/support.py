"""What the browser tests do again and again: log in, start an inspection, answer an item.

Forms are found by their ``action`` (stable URLs) or by Django's field ids, never by
their translated button texts, so the same helpers work in either language.
"""

from __future__ import annotations

import io
import re
from typing import Any

#: the form in the page's main part (the header has the language and logout forms)
MAIN_SUBMIT = "main form button[type=submit]"
#: a lab inspection scans, imports the lab's bundles and evaluates: some seconds
RUN_TIMEOUT_MS = 180_000


def photo(text: str = "UPS", *, fmt: str = "PNG", size: tuple[int, int] = (640, 480)) -> bytes:
    """A small real image, as a phone camera would upload one."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (232, 240, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, size[0] - 40, size[1] - 40), outline=(13, 44, 79), width=6)
    for i in range(0, size[0], 40):
        draw.line((i, size[1] - 80, i + 20, size[1] - 60), fill=(207, 34, 46), width=3)
    draw.text((60, 60), text, fill=(13, 44, 79))
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def upload(name: str, data: bytes, mime: str) -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": data}


def log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form[action$='/accounts/login/'] button[type=submit]")


def log_out(page: Any) -> None:
    with page.expect_navigation():
        page.click("header form[action$='/accounts/logout/'] button[type=submit]")


def change_password(page: Any, old: str, new: str) -> None:
    page.fill("#id_old_password", old)
    page.fill("#id_new_password1", new)
    page.fill("#id_new_password2", new)
    with page.expect_navigation():
        page.click("form[action$='/accounts/password/'] button[type=submit]")


def messages(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("main ul.messages li").all_inner_texts()]


def start_inspection(page: Any, base: str, *, lab: bool = True) -> int:
    """Fill in the start form (the simulated hospital) and return the inspection's id.

    Lands on the inspection's page: its progress while queued or running, its results
    once finished.
    """
    page.goto(f"{base}/inspections/start/")
    if lab:
        page.check("#id_lab")
    with page.expect_navigation(timeout=RUN_TIMEOUT_MS):
        page.click(MAIN_SUBMIT)
    match = re.search(r"/inspections/(\d+)/", page.url)
    assert match, f"not on an inspection page: {page.url}"
    return int(match.group(1))


def wait_finished(page: Any) -> None:
    """The progress page reloads itself when the run ends; wait for the finished badge."""
    page.wait_for_selector("main p span.badge.st-finished", timeout=RUN_TIMEOUT_MS)


def manual_item(page: Any, check_id: str) -> Any:
    """The checklist section of one manual item."""
    return page.locator("section.item", has=page.locator("h2 code", has_text=check_id))


def answer_manual_item(page: Any, check_id: str, *, answer: str, note: str = "",
                       photos: list[dict[str, Any]] | None = None,
                       files: list[dict[str, Any]] | None = None) -> None:
    section = manual_item(page, check_id)
    section.locator(f"input[type=radio][value={answer}]").check()
    if note:
        section.locator("textarea").fill(note)
    if photos:
        section.locator("input[type=file][name$='-photos']").set_input_files(photos)
    if files:
        section.locator("input[type=file][name$='-files']").set_input_files(files)
    with page.expect_navigation():
        section.locator("form[action*='/answer/'] button[type=submit]").click()


def finding_row(page: Any, check_id: str) -> Any:
    return page.locator("main table tbody tr", has=page.locator("code", has_text=check_id))
