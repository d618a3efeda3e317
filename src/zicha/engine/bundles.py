"""Reading bundle files, folders and zips into validated bundles (bounded in size)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from zicha.domain.errors import BundleError, Location, ZichaError
from zicha.domain.inspection import SourceProblem
from zicha.parsers.bundle import MAX_BUNDLE_BYTES, Bundle, read_bundle

__all__ = ["BUNDLE_SUFFIXES", "BundleInput", "iter_bundle_files", "load_bundle_inputs"]

BUNDLE_SUFFIXES = {".zb", ".zbundle", ".bundle"}
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_TOTAL = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200   # uncompressed / compressed; beyond it, a zip bomb


@dataclass(frozen=True, slots=True)
class BundleInput:
    source: str
    bundle: Bundle


def iter_bundle_files(paths: Iterable[Path]) -> Iterable[tuple[str, bytes]]:
    """Yield (source name, bytes) for every bundle in files, folders and zips."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in BUNDLE_SUFFIXES | {".zip"}:
                    yield from iter_bundle_files([child])
        elif path.suffix.lower() == ".zip":
            yield from _zip_members(path)
        elif not path.exists():
            raise ZichaError(f"{path}: no such file or folder", code="input-missing",
                             location=Location(file=str(path)))
        else:
            if path.stat().st_size > MAX_BUNDLE_BYTES:
                raise BundleError(f"file is larger than {MAX_BUNDLE_BYTES} bytes",
                                  code="bundle-too-large", location=Location(file=str(path)))
            yield str(path), path.read_bytes()


def _zip_members(path: Path) -> Iterable[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise BundleError(f"not a valid zip file: {exc}", code="zip-invalid",
                          location=Location(file=str(path))) from exc
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise BundleError(f"zip holds {len(members)} files; the limit is {MAX_ZIP_MEMBERS}",
                              code="zip-too-many", location=Location(file=str(path)))
        total = 0
        for m in members:
            if Path(m.filename).suffix.lower() not in BUNDLE_SUFFIXES:
                continue
            if m.file_size > MAX_BUNDLE_BYTES or (
                    m.compress_size and m.file_size / m.compress_size > MAX_RATIO):
                raise BundleError(f"member {m.filename!r} is too large or too compressed "
                                  "(zip bomb?)", code="zip-bomb", location=Location(file=str(path)))
            total += m.file_size
            if total > MAX_ZIP_TOTAL:
                raise BundleError("zip expands beyond the size limit", code="zip-bomb",
                                  location=Location(file=str(path)))
            with archive.open(m) as fh:
                data = fh.read(MAX_BUNDLE_BYTES + 1)
            if len(data) > MAX_BUNDLE_BYTES:
                raise BundleError(f"member {m.filename!r} is too large", code="zip-bomb",
                                  location=Location(file=str(path)))
            yield f"{path}!{m.filename}", data


def load_bundle_inputs(paths: Sequence[Path], *, strict: bool, problems: list[SourceProblem],
                       raw: Sequence[tuple[str, bytes]] = ()) -> list[BundleInput]:
    """Read every bundle. ``strict``: the first bad one raises; else it is listed in problems."""
    out: list[BundleInput] = []
    seen: set[str] = set()

    def handle(source: str, data: bytes) -> None:
        try:
            bundle = read_bundle(data, source=source)
        except BundleError as exc:
            if strict:
                raise
            line = exc.location.line if exc.location else None
            problems.append(SourceProblem(source=source, code=exc.code, message=exc.message,
                                          line=line))
            return
        if bundle.sha256 in seen:       # the same bundle twice changes nothing
            return
        seen.add(bundle.sha256)
        out.append(BundleInput(source=source, bundle=bundle))

    try:
        for source, data in iter_bundle_files(paths):
            handle(source, data)
    except ZichaError as exc:
        if strict:
            raise
        problems.append(SourceProblem(source=str(exc.location.file if exc.location else "?"),
                                      code=exc.code, message=exc.message))
    for source, data in raw:
        handle(source, data)
    return out
