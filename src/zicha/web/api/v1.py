"""Version 1 of the REST API (django-ninja), described at ``/api/v1/openapi.json``.

Every endpoint needs ``Authorization: Bearer <token>``; a token belongs to one
organization and sees nothing else. Read endpoints need the ``read`` scope, the
bundle upload the ``upload`` scope. Lists are paged with ``limit`` (≤ 500, default
100) and ``offset`` and return ``{"items": [...], "count": N}``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from zicha.domain.errors import BundleError as EngineBundleError
from zicha.web.api import selectors
from zicha.web.api.auth import TokenAuth, require_scope
from zicha.web.api.choices import TokenScope
from zicha.web.api.schemas import (
    AssetOut,
    BundleError,
    BundleOut,
    FindingOut,
    InspectionOut,
    ResultOut,
)
from zicha.web.api.services import MAX_BUNDLE_UPLOAD, bundle_receive

__all__ = ["api"]

MAX_PAGE = 500
#: room for the multipart envelope around a bundle of the maximum size
MULTIPART_SLACK = 1024 * 1024

api = NinjaAPI(
    title="zicha API", version="1", urls_namespace="api:v1", docs_url=None,
    openapi_url="/openapi.json", auth=TokenAuth(),
    description=__doc__ or "",
)


@api.get("/assets", response=list[AssetOut], tags=["inventory"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_assets(request: HttpRequest, registered: bool | None = None,
                q: str | None = None) -> Any:
    """The organization's assets (filter: registered, q = name / IP / MAC)."""
    token = require_scope(request, TokenScope.READ)
    return selectors.api_assets(organization=token.organization, registered=registered, q=q)


@api.get("/inspections", response=list[InspectionOut], tags=["inspections"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_inspections(request: HttpRequest, status: str | None = None) -> Any:
    """The organization's inspections, newest first."""
    token = require_scope(request, TokenScope.READ)
    return selectors.api_inspections(organization=token.organization, status=status)


@api.get("/inspections/{inspection_id}/results", response=list[ResultOut], tags=["inspections"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_results(request: HttpRequest, inspection_id: int, status: str | None = None,
                 check: str | None = None, asset: int | None = None) -> Any:
    """One inspection's results (filter: status, check = check ID, asset = asset id)."""
    token = require_scope(request, TokenScope.READ)
    inspection = selectors.api_inspection_get(organization=token.organization, pk=inspection_id)
    if inspection is None:
        raise HttpError(404, "no such inspection")
    return selectors.api_results(inspection=inspection, status=status, check=check, asset=asset)


@api.get("/findings", response=list[FindingOut], tags=["findings"])
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_findings(request: HttpRequest, status: str | None = None) -> Any:
    """The organization's findings (filter: status)."""
    token = require_scope(request, TokenScope.READ)
    return selectors.api_findings(organization=token.organization, status=status)


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _too_large() -> _Refused:
    return _Refused(413, "bundle-too-large",
                    f"the bundle is larger than {MAX_BUNDLE_UPLOAD // 2**20} MiB")


def _read_body(request: HttpRequest) -> tuple[bytes, str]:
    """The bundle's bytes and file name, never reading more than the limit."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("multipart/form-data"):
        if length > MAX_BUNDLE_UPLOAD + MULTIPART_SLACK:
            raise _too_large()
        files = list(request.FILES.values())
        if len(files) != 1:
            raise _Refused(400, "bundle-files", "send exactly one file")
        upload = files[0]
        if upload.size > MAX_BUNDLE_UPLOAD:
            raise _too_large()
        return b"".join(upload.chunks()), upload.name or ""
    if length > MAX_BUNDLE_UPLOAD:
        raise _too_large()
    chunks, total = [], 0
    while chunk := request.read(1024 * 1024):
        total += len(chunk)
        if total > MAX_BUNDLE_UPLOAD:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks), request.headers.get("X-Zicha-Filename", "")


def _clean_name(name: str) -> str:
    """A display name for the upload: the last path part, printable, at most 255 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:255]


@api.post("/bundles", response={200: BundleOut, 201: BundleOut, 400: BundleError,
                                413: BundleError},
          tags=["collectors"],
          openapi_extra={"requestBody": {"required": True, "content": {
              "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
              "multipart/form-data": {"schema": {"type": "object", "properties": {
                  "file": {"type": "string", "format": "binary"}}}}}}})
def upload_bundle(request: HttpRequest) -> Any:
    """Upload one collector bundle (raw body, or multipart with one file; at most 64 MiB).

    A raw body may carry its file name in ``X-Zicha-Filename``.

    201: stored for the next inspection; 200: the same bundle was received before
    (nothing stored); 400: not a valid bundle (code, line, message); 413: too large.
    """
    token = require_scope(request, TokenScope.UPLOAD)
    try:
        data, name = _read_body(request)
    except _Refused as exc:
        return Status(exc.status, {"code": exc.code, "line": None, "message": exc.message})
    if not data:
        return Status(400, {"code": "bundle-empty", "line": None,
                            "message": "the request has no body"})
    try:
        receipt = bundle_receive(token=token, data=data, filename=_clean_name(name))
    except EngineBundleError as exc:
        status = 413 if exc.code == "bundle-too-large" else 400
        line = exc.location.line if exc.location else None
        return Status(status, {"code": exc.code, "line": line, "message": exc.message})
    body = {"status": "received" if receipt.created else "already received",
            "sha256": receipt.sha256, "size": receipt.size, "hostname": receipt.hostname,
            "platform": receipt.platform,
            "upload_id": receipt.upload.pk if receipt.upload else None}
    return Status(201 if receipt.created else 200, body)
