"""The shared upload validation: types by content, size and count limits, zip bombs."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation

from zicha.web.core import uploads
from zicha.web.core.uploads import UploadsRejected, validate_uploads, write_uploads

from .support import (
    PDF_BYTES,
    docx_bytes,
    jpeg_bytes,
    png_bytes,
    stored_files,
    upload,
    zip_bomb_docx,
)

HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("机房.jpg", jpeg_bytes(), "jpeg"), ("ups.PNG", png_bytes(), "png"),
    ("iphone.heic", HEIC, "heic"), ("plan.pdf", PDF_BYTES, "pdf"),
    ("演练记录.docx", docx_bytes(), "docx"), ("old.doc", OLE2, "ole2"), ("old.xls", OLE2, "ole2"),
])
def test_allowed_types_pass(name, data, kind):
    [accepted] = validate_uploads([upload(name, data)])
    assert accepted.kind == kind and accepted.name == name and accepted.size == len(data)
    assert len(accepted.sha256) == 64


def refused(*files, **kw):
    with pytest.raises(UploadsRejected) as exc:
        validate_uploads(list(files), **kw)
    return exc.value


def test_too_large(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 1000)
    exc = refused(upload("big.pdf", PDF_BYTES + b"x" * 2000))
    assert exc.codes == ["too-large"]
    assert "big.pdf" in exc.messages[0] and "larger than" in exc.messages[0]


def test_twenty_megabytes_is_the_real_limit():
    assert uploads.MAX_FILE_BYTES == 20 * 1024 * 1024
    exc = refused(upload("scan.pdf", PDF_BYTES + b"\0" * (20 * 1024 * 1024)))
    assert exc.codes == ["too-large"]


def test_pdf_renamed_to_jpg_is_refused():
    exc = refused(upload("photo.jpg", PDF_BYTES, "image/jpeg"))
    assert exc.codes == ["type-mismatch"]
    assert "photo.jpg" in exc.messages[0] and "PDF" in exc.messages[0]


def test_executable_renamed_to_jpg_is_refused():
    exc = refused(upload("photo.jpg", b"MZ\x90\x00" + b"\0" * 200, "image/jpeg"))
    assert exc.codes == ["type-mismatch"]


@pytest.mark.parametrize("name", ["run.exe", "page.html", "script.js", "noext"])
def test_forbidden_extensions(name):
    assert refused(upload(name, PDF_BYTES)).codes == ["type-forbidden"]


def test_damaged_png_is_refused():
    data = png_bytes()[:30]
    assert refused(upload("ups.png", data)).codes == ["image-invalid"]


def test_empty_file_is_refused():
    assert refused(upload("empty.pdf", b"")).codes == ["empty"]


def test_zip_bomb_docx_is_refused():
    data = zip_bomb_docx()
    assert len(data) < 1024 * 1024
    exc = refused(upload("炸弹.docx", data))
    assert exc.codes == ["zip-bomb"]
    assert "炸弹.docx" in exc.messages[0] and "zip bomb" in exc.messages[0]


def test_highly_compressed_docx_under_the_total_is_refused_by_ratio():
    data = docx_bytes(extra={"word/media/blank.bin": b"\0" * (20 * 1024 * 1024)})
    exc = refused(upload("ratio.docx", data))
    assert exc.codes == ["zip-bomb"] and "compressed" in exc.messages[0]


def test_docx_with_too_many_parts_is_refused():
    data = docx_bytes(extra={f"word/p{i}.xml": b"x" for i in range(1001)})
    assert refused(upload("many.docx", data)).codes == ["zip-bomb"]


def test_docx_lying_about_its_size_is_refused():
    """Declared sizes can lie (a tiny size in the central directory): unpacking for real
    notices, and the file is refused."""
    data = docx_bytes(extra={"word/big.xml": b"\0" * 5_000_000})
    raw = bytearray(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    # find the central directory entry of word/big.xml and set its uncompressed size to 10
    pos = archive.start_dir
    while True:
        pos = raw.index(b"PK\x01\x02", pos)
        name_len = int.from_bytes(raw[pos + 28:pos + 30], "little")
        if raw[pos + 46:pos + 46 + name_len] == b"word/big.xml":
            break
        pos += 4
    raw[pos + 24:pos + 28] = (10).to_bytes(4, "little")
    assert zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo("word/big.xml").file_size == 10
    exc = refused(upload("lie.docx", bytes(raw)))
    assert exc.codes[0] in {"zip-invalid", "zip-bomb"}


def test_zip_that_is_no_office_file():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    assert refused(upload("report.docx", out.getvalue())).codes == ["type-mismatch"]


def test_broken_zip():
    assert refused(upload("report.xlsx", b"PK\x03\x04garbage")).codes == ["zip-invalid"]


def test_too_many_files():
    exc = refused(*[upload(f"p{i}.pdf", PDF_BYTES) for i in range(11)])
    assert exc.codes == ["too-many"]
    exc = refused(upload("one.pdf", PDF_BYTES), existing=10)
    assert exc.codes == ["too-many"]


def test_every_bad_file_is_named():
    exc = refused(upload("ok.pdf", PDF_BYTES), upload("a.jpg", PDF_BYTES),
                  upload("b.exe", PDF_BYTES))
    assert [(p.name, p.code) for p in exc.problems] == [("a.jpg", "type-mismatch"),
                                                         ("b.exe", "type-forbidden")]


def test_messages_in_chinese_name_the_file():
    with translation.override("zh-hans"):
        exc = refused(upload("照片.jpg", PDF_BYTES))
    assert "照片.jpg" in exc.messages[0]


def test_names_are_cleaned():
    [accepted] = validate_uploads([upload("../../etc/机房照片.png", png_bytes())])
    assert accepted.name == "机房照片.png"


def test_written_outside_static_under_org_and_removable(media):
    accepted = validate_uploads([upload("a.pdf", PDF_BYTES), upload("b.png", png_bytes())])
    names = write_uploads(accepted, organization_id=7)
    assert all(n.startswith("evidence/7/") and len(n.split("/")[-1]) == 32 for n in names)
    files = stored_files(media)
    assert len(files) == 2 and {f.stat().st_mode & 0o777 for f in files} == {0o600}
    assert (media / names[0]).read_bytes() == PDF_BYTES
    uploads.remove_uploads(names)
    assert stored_files(media) == []


def test_paths_cannot_escape_media_root(media):
    with pytest.raises(ValueError):
        uploads.evidence_path("../secret_key")
