"""The asset register as an Excel workbook: Chinese headers, bounded reading, streamed writing.

Reading is defensive: the upload is bounded in bytes, the zip container is
checked for its uncompressed size before openpyxl opens it (an .xlsx is a zip;
a small file must not unpack into gigabytes), and the number of data rows is
bounded. Writing uses openpyxl's write-only mode into a spooled temporary file.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

__all__ = [
    "COLUMNS",
    "EXPORT_EXTRA",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "SheetData",
    "WorkbookError",
    "read_asset_sheet",
    "write_asset_workbook",
]

#: (header, field) — the register's columns, in the order they are exported
COLUMNS: tuple[tuple[str, str], ...] = (
    ("资产名称", "name"),
    ("IP地址", "ip"),
    ("MAC地址", "mac"),
    ("区域", "zone"),
    ("角色", "role"),
    ("平台", "platform"),
    ("科室", "department"),
    ("责任人", "owner"),
    ("厂商", "vendor"),
    ("备注", "notes"),
)
#: exported for information, ignored on import
EXPORT_EXTRA = ("已登记", "最后发现")
#: English headers accepted as well (a register kept by an English-speaking vendor)
_ALIASES = {
    "name": "name", "assetname": "name", "ip": "ip", "ipaddress": "ip", "mac": "mac",
    "macaddress": "mac", "zone": "zone", "role": "role", "platform": "platform",
    "department": "department", "owner": "owner", "vendor": "vendor", "notes": "notes",
    "note": "notes",
}

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
_XLSX_MAGIC = b"PK\x03\x04"


class WorkbookError(Exception):
    """The file as a whole cannot be used (not a workbook, too large, no header …)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class SheetData:
    """The header's fields (by column index) and the non-empty data rows with their number."""

    fields: dict[int, str]
    headers: dict[str, str]          # field → header text as written in the file
    rows: list[tuple[int, dict[str, str]]]


def _normal_header(value: Any) -> str:
    return "".join(str(value or "").split()).casefold()


_BY_HEADER = {_normal_header(h): f for h, f in COLUMNS} | _ALIASES


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _check_container(data: bytes) -> None:
    if len(data) > MAX_IMPORT_BYTES:
        raise WorkbookError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_IMPORT_BYTES // 2**20},
            code="too-large")
    if not data.startswith(_XLSX_MAGIC):
        raise WorkbookError(_("Not an Excel workbook (.xlsx)."), code="not-xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise WorkbookError(_("Not an Excel workbook (.xlsx)."), code="not-xlsx") from None
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES or len(infos) > 1000:
        raise WorkbookError(_("The workbook unpacks to more than %(limit)s MB; refused.")
                            % {"limit": MAX_UNCOMPRESSED_BYTES // 2**20}, code="zip-bomb")


def read_asset_sheet(data: bytes) -> SheetData:
    """The first worksheet's header and rows. Raises :class:`WorkbookError`."""
    _check_container(data)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:   # openpyxl raises many kinds for a damaged file
        raise WorkbookError(_("The workbook cannot be read; save it again as .xlsx."),
                            code="unreadable") from None
    try:
        if not workbook.worksheets:
            raise WorkbookError(_("The workbook has no worksheet."), code="no-sheet")
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        fields: dict[int, str] = {}
        headers: dict[str, str] = {}
        for index, value in enumerate(header or ()):
            field = _BY_HEADER.get(_normal_header(value))
            if field and field not in headers:
                fields[index] = field
                headers[field] = str(value).strip()
        if "name" not in headers:
            raise WorkbookError(_("The first row must contain the column headers; "
                                  "the column %(header)s is required.") % {"header": "资产名称"},
                                code="no-header")
        out: list[tuple[int, dict[str, str]]] = []
        for number, values in enumerate(rows, start=2):
            record = {field: _cell_text(values[i]) if i < len(values) else ""
                      for i, field in fields.items()}
            if not any(record.values()):
                continue
            if len(out) >= MAX_IMPORT_ROWS:
                raise WorkbookError(_("More than %(limit)s rows; split the file.")
                                    % {"limit": MAX_IMPORT_ROWS}, code="too-many-rows")
            out.append((number, record))
    finally:
        workbook.close()
    return SheetData(fields=fields, headers=headers, rows=out)


def write_asset_workbook(rows: Iterable[Sequence[Any]], *, sheet_title: str) -> IO[bytes]:
    """A workbook with the register's headers and ``rows``; returned rewound, ready to stream."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([h for h, _f in COLUMNS] + list(EXPORT_EXTRA))
    for row in rows:
        sheet.append(list(row))
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(out)
    out.seek(0)
    return out
