"""Evidence uploads: one validation for manual answers and finding attachments.

A file is accepted only when

* it is at most :data:`MAX_FILE_BYTES` and not empty, and a request carries at most
  :data:`MAX_FILES` files for one answer or finding;
* its *content* (magic bytes, not the name) is an allowed type — JPEG, PNG, HEIC,
  PDF, DOCX/XLSX/PPTX (zip containers checked part by part) or DOC/XLS (OLE2) — and
  its extension names that same type (a PDF renamed ``.jpg`` is refused);
* an image decodes as one (JPEG and PNG with Pillow; HEIC by its ``ftyp`` box);
* an Office zip is no zip bomb: at most :data:`ZIP_MAX_MEMBERS` parts, at most
  :data:`ZIP_MAX_TOTAL` bytes unpacked (declared *and* actually decompressed, so a
  lying header does not help), unpacked / packed ratio at most :data:`ZIP_MAX_RATIO`.

:func:`validate_uploads` checks every file before anything is written and raises
:class:`UploadsRejected` listing each refused file with a translated reason;
:func:`write_uploads` then writes the accepted files under
``MEDIA_ROOT/evidence/<organization>/<uuid>`` (outside the web root; mode 0600)
and :func:`remove_uploads` deletes them again when the database write fails.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

__all__ = [
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "ZIP_MAX_MEMBERS",
    "ZIP_MAX_RATIO",
    "ZIP_MAX_TOTAL",
    "UploadProblem",
    "UploadsRejected",
    "ValidatedUpload",
    "evidence_path",
    "remove_uploads",
    "validate_uploads",
    "write_uploads",
]

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB
MAX_FILES = 10
ZIP_MAX_TOTAL = 100 * MB
ZIP_MAX_RATIO = 100
ZIP_MAX_MEMBERS = 1000
_READ_CHUNK = 1024 * 1024

#: extension → the content kinds it may hold
EXTENSIONS: dict[str, frozenset[str]] = {
    ".jpg": frozenset({"jpeg"}), ".jpeg": frozenset({"jpeg"}), ".png": frozenset({"png"}),
    ".heic": frozenset({"heic"}), ".heif": frozenset({"heic"}), ".pdf": frozenset({"pdf"}),
    ".docx": frozenset({"docx"}), ".xlsx": frozenset({"xlsx"}), ".pptx": frozenset({"pptx"}),
    ".doc": frozenset({"ole2"}), ".xls": frozenset({"ole2"}),
}
CONTENT_TYPES = {
    "jpeg": "image/jpeg", "png": "image/png", "heic": "image/heic", "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ole2": "application/octet-stream",
}
ALLOWED_LABEL = "JPG, PNG, HEIC, PDF, DOCX, XLSX, PPTX, DOC, XLS"
#: the ``accept`` attribute for file inputs
ACCEPT = ",".join(sorted(EXTENSIONS)) + ",image/*"
_HEIC_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_OOXML_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))


@dataclass(frozen=True)
class UploadProblem:
    """One refused file: a stable ``code``, the file's name and a translated message."""

    code: str
    name: str
    message: str


class UploadsRejected(Exception):
    """At least one file was refused; nothing was written."""

    def __init__(self, problems: Sequence[UploadProblem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]

    @property
    def messages(self) -> list[str]:
        return [p.message for p in self.problems]


@dataclass(frozen=True)
class ValidatedUpload:
    name: str
    data: bytes
    kind: str
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message


def clean_name(name: str | None) -> str:
    """The file's own name: no directories, no control characters, at most 200 characters."""
    base = PurePath(str(name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip() or "upload"
    stem, dot, ext = base.rpartition(".")
    if dot and len(ext) <= 10:
        return stem[: 200 - len(ext) - 1] + "." + ext
    return base[:200]


def validate_uploads(files: Iterable[Any], *, existing: int = 0,
                     max_files: int = MAX_FILES) -> list[ValidatedUpload]:
    """Check every file (Django ``UploadedFile`` or anything with ``name``/``size``/``read``).

    ``existing`` is how many files the answer or finding already has. Raises
    :class:`UploadsRejected` naming every refused file; returns the accepted ones.
    """
    files = list(files)
    if existing + len(files) > max_files:
        raise UploadsRejected([UploadProblem(
            "too-many", "",
            _("At most %(limit)s files per answer or finding: %(existing)s already attached, "
              "%(count)s more given.") % {"limit": max_files, "existing": existing,
                                          "count": len(files)})])
    accepted: list[ValidatedUpload] = []
    problems: list[UploadProblem] = []
    for f in files:
        name = clean_name(getattr(f, "name", ""))
        try:
            accepted.append(_validate_one(f, name))
        except _Refused as refused:
            problems.append(UploadProblem(refused.code, name, refused.message))
    if problems:
        raise UploadsRejected(problems)
    return accepted


def _validate_one(f: Any, name: str) -> ValidatedUpload:
    size = getattr(f, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise _Refused("too-large", _too_large(name))
    data = _read_limited(f)
    if len(data) > MAX_FILE_BYTES:
        raise _Refused("too-large", _too_large(name))
    if not data:
        raise _Refused("empty", _("%(name)s: the file is empty.") % {"name": name})
    ext = os.path.splitext(name)[1].lower()
    allowed = EXTENSIONS.get(ext)
    if allowed is None:
        raise _Refused("type-forbidden", _(
            "%(name)s: this file type is not allowed (allowed: %(allowed)s).")
            % {"name": name, "allowed": ALLOWED_LABEL})
    kind = sniff(data, name=name)
    if kind is None or kind not in allowed:
        raise _Refused("type-mismatch", _(
            "%(name)s: the content is not a real %(ext)s file (type detected from the content: "
            "%(kind)s).") % {"name": name, "ext": ext.lstrip(".").upper(),
                            "kind": (kind or _("unknown")).upper()})
    if kind in ("jpeg", "png"):
        _check_image(data, name)
    return ValidatedUpload(name=name, data=data, kind=kind, content_type=CONTENT_TYPES[kind],
                           sha256=hashlib.sha256(data).hexdigest())


def _too_large(name: str) -> str:
    return _("%(name)s: the file is larger than %(limit)s MB.") % {
        "name": name, "limit": MAX_FILE_BYTES // MB}


def _read_limited(f: Any) -> bytes:
    if hasattr(f, "seek"):
        f.seek(0)
    if hasattr(f, "chunks"):
        out = bytearray()
        for chunk in f.chunks():
            out += chunk
            if len(out) > MAX_FILE_BYTES:
                break
        return bytes(out)
    return bytes(f.read(MAX_FILE_BYTES + 1))


def sniff(data: bytes, *, name: str = "") -> str | None:
    """The kind of ``data`` from its magic bytes; zips are opened to tell DOCX/XLSX/PPTX.

    Raises ``_Refused`` for a broken or bomb-like Office zip.
    """
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in _HEIC_BRANDS:
        return "heic"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_kind(data, name)
    return None


def _ooxml_kind(data: bytes, name: str) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _Refused("zip-invalid", _("%(name)s: the Office file is damaged (not a valid zip "
                                         "archive).") % {"name": name}) from None
    with archive:
        members = archive.infolist()
        if len(members) > ZIP_MAX_MEMBERS:
            raise _Refused("zip-bomb", _(
                "%(name)s: the Office file holds %(count)s parts (limit %(limit)s); refused as "
                "a possible zip bomb.") % {"name": name, "count": len(members),
                                           "limit": ZIP_MAX_MEMBERS})
        declared = sum(m.file_size for m in members)
        _check_unpacked(declared, len(data), name)
        names = {m.filename for m in members}
        kind = next((k for prefix, k in _OOXML_PARTS
                     if any(n.startswith(prefix) for n in names)), None)
        if "[Content_Types].xml" not in names or kind is None:
            return "zip"
        actual = 0
        try:
            for member in members:
                with archive.open(member) as fh:
                    while chunk := fh.read(_READ_CHUNK):
                        actual += len(chunk)
                        _check_unpacked(actual, len(data), name)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError,
                EOFError, RuntimeError, ValueError):
            raise _Refused("zip-invalid", _("%(name)s: the Office file is damaged (not a valid "
                                             "zip archive).") % {"name": name}) from None
        return kind


def _check_unpacked(unpacked: int, packed: int, name: str) -> None:
    if unpacked > ZIP_MAX_TOTAL:
        raise _Refused("zip-bomb", _(
            "%(name)s: the Office file unpacks to more than %(limit)s MB; refused as a possible "
            "zip bomb.") % {"name": name, "limit": ZIP_MAX_TOTAL // MB})
    ratio = unpacked / max(packed, 1)
    if ratio > ZIP_MAX_RATIO:
        raise _Refused("zip-bomb", _(
            "%(name)s: the Office file is compressed %(ratio)s times (limit %(limit)s); refused "
            "as a possible zip bomb.") % {"name": name, "ratio": int(ratio),
                                           "limit": ZIP_MAX_RATIO})


def _check_image(data: bytes, name: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError):
        raise _Refused("image-invalid", _(
            "%(name)s: the image is damaged or not a real image.") % {"name": name}) from None


# -- storage ---------------------------------------------------------------------------

def evidence_path(name: str) -> Path:
    """The absolute path of a stored file name (``evidence/<org>/<uuid>``), inside MEDIA_ROOT."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if root not in path.parents:
        raise ValueError(f"{name!r} is outside the media root")
    return path


def write_uploads(uploads: Sequence[ValidatedUpload], *, organization_id: int) -> list[str]:
    """Write the files; return their stored names (relative to MEDIA_ROOT), in order.

    On any error the files written so far are removed again.
    """
    names: list[str] = []
    folder = Path(settings.MEDIA_ROOT) / "evidence" / str(int(organization_id))
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for upload in uploads:
            stored = f"evidence/{int(organization_id)}/{uuid.uuid4().hex}"
            fd = os.open(evidence_path(stored), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            names.append(stored)
            with os.fdopen(fd, "wb") as fh:
                fh.write(upload.data)
    except BaseException:
        remove_uploads(names)
        raise
    return names


def remove_uploads(names: Iterable[str]) -> None:
    """Delete stored files (missing ones are ignored)."""
    for name in names:
        try:
            evidence_path(name).unlink(missing_ok=True)
        except (OSError, ValueError):
            pass
