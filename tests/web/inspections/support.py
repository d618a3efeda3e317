"""Shared fixtures of the console tests: accounts per role, a private MEDIA_ROOT, files."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """A fresh MEDIA_ROOT: every stored upload of the test lands (and is counted) here."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def make_user(db: Any, organization: Any) -> Callable[..., Any]:
    from zicha.web.accounts.models import User

    def _make(username: str, role: str = "inspector", *, department: Any = None,
              org: Any = organization, **extra: Any) -> Any:
        return User.objects.create_user(username=username, password="not-used-Pw-123",
                                        role=role, organization=org, department=department,
                                        must_change_password=False, **extra)

    return _make


@pytest.fixture
def inspector(make_user: Callable[..., Any]) -> Any:
    return make_user("li-inspector", "inspector")


@pytest.fixture
def logged_in(client: Any, inspector: Any) -> Any:
    client.force_login(inspector)
    return client


# -- sample files ----------------------------------------------------------------------

def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 30)).save(out, format="JPEG")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes(*, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal OOXML word document (what the validator looks at)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", "<w:document>自查</w:document>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx whose one part unpacks 150 MB of zeros from ~150 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(150):
                fh.write(chunk)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)
