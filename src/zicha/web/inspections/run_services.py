"""Starting and cancelling inspections from the console; uploaded collector bundles.

``inspection_request`` validates the parameters, creates the ``queued`` row and
enqueues :func:`zicha.web.inspections.tasks.run_inspection_task` (django-tasks);
the task calls :func:`zicha.web.inspections.execution.inspection_execute`.
"""

from __future__ import annotations

import hashlib
import os
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zicha.domain.errors import ZichaError
from zicha.web.audit.services import audit_record
from zicha.web.core import uploads
from zicha.web.inspections.choices import InspectionStatus, RegisterChoice
from zicha.web.inspections.models import BundleUpload, Inspection, InspectionSchedule
from zicha.web.inventory.models import Organization

__all__ = [
    "DEFAULT_PORTS",
    "InspectionRequestError",
    "bundle_uploads_store",
    "inspection_cancel",
    "inspection_request",
    "inspections_recover_interrupted",
    "lab_enabled",
    "normalize_parameters",
]

#: the ports ``zicha inspect`` scans by default
DEFAULT_PORTS = ("21-23,25,53,69,80,104,110,111,135,137,139,143,161,443,445,512-515,873,1080,"
                 "1433,1521,2049,2375,3306,3389,5236,5432,5900,6000,6379,7001,8000,8080,8443,"
                 "9100,11112,27017")
VANTAGE_ZONES = ("intranet", "extranet", "dmz")
BUNDLE_MAX_BYTES = 64 * 1024 * 1024
BUNDLE_MAX_FILES = 50


class InspectionRequestError(ZichaError):
    """The start form asked for something impossible. Codes: ``scope-invalid``,
    ``target-out-of-scope``, ``targets-without-scope``, ``ports-invalid``,
    ``vantage-invalid``, ``register-invalid``, ``lab-disabled``, ``bundle-unknown``,
    ``bundle-invalid``, ``nothing-to-inspect``, ``inspection-not-cancellable``."""

    code = "inspection-request"
    is_input_error = True


def lab_enabled() -> bool:
    """The simulated hospital may be inspected (DEBUG, or ``ZICHA_ENABLE_LAB=1``)."""
    if settings.DEBUG or getattr(settings, "ZICHA_ENABLE_LAB", False):
        return True
    return os.environ.get("ZICHA_ENABLE_LAB", "").strip().lower() in {"1", "true", "yes", "on"}


def _lines(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace(",", "\n").splitlines()
    return [str(v).strip() for v in (value or []) if str(v).strip()]


def normalize_parameters(raw: dict[str, Any]) -> dict[str, Any]:
    """Check what the form or a schedule asks for; return the JSON-safe parameters.

    Scan targets must lie inside the scope (refused before anything is sent).
    """
    from zicha.collectors.scan import PortSpecError, Scope, parse_ports
    from zicha.domain.errors import ScopeError

    scope = _lines(raw.get("scope"))
    exclude = _lines(raw.get("exclude"))
    targets = _lines(raw.get("targets"))
    ports = str(raw.get("ports") or DEFAULT_PORTS).strip()
    vantage = raw.get("vantage_zone") or "intranet"
    register = raw.get("register") or RegisterChoice.NONE
    lab = bool(raw.get("lab"))
    bundle_ids = sorted({int(b) for b in raw.get("bundle_uploads") or []})
    if vantage not in VANTAGE_ZONES:
        raise InspectionRequestError(f"unknown zone {vantage!r}", code="vantage-invalid")
    if register not in RegisterChoice.values:
        raise InspectionRequestError(f"unknown register {register!r}", code="register-invalid")
    if lab and not lab_enabled():
        raise InspectionRequestError("the simulated hospital is not enabled", code="lab-disabled")
    try:
        port_list = parse_ports(ports)
    except PortSpecError as exc:
        raise InspectionRequestError(exc.message, code="ports-invalid") from None
    if targets and not scope:
        raise InspectionRequestError("scan targets need a scope", code="targets-without-scope")
    if targets:
        try:
            Scope.parse(scope, exclude=exclude).expand(targets)
        except ScopeError as exc:
            raise InspectionRequestError(exc.message, code="target-out-of-scope") from None
        except (ValueError, ZichaError) as exc:
            raise InspectionRequestError(str(exc), code="scope-invalid") from None
    elif scope:
        try:
            Scope.parse(scope, exclude=exclude)
        except (ValueError, ZichaError) as exc:
            raise InspectionRequestError(str(exc), code="scope-invalid") from None
    return {"scope": scope, "exclude": exclude, "targets": targets, "ports": ports,
            "port_count": len(port_list), "vantage_zone": vantage, "register": register,
            "lab": lab, "bundle_uploads": bundle_ids}


# -- uploaded bundles ---------------------------------------------------------------------

def _check_bundle(name: str, data: bytes) -> str:
    """``.zip`` or ``.bundle`` (the stored suffix); raises UploadsRejected-style problems."""
    if not data:
        raise ValueError("empty")
    if len(data) > BUNDLE_MAX_BYTES:
        raise ValueError("too-large")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(_bytes_io(data)) as archive:
                members = archive.infolist()
                if len(members) > uploads.ZIP_MAX_MEMBERS:
                    raise ValueError("zip-bomb")
                total = sum(m.file_size for m in members)
                if total > uploads.ZIP_MAX_TOTAL * 5 or total / max(len(data), 1) > 200:
                    raise ValueError("zip-bomb")
        except zipfile.BadZipFile:
            raise ValueError("zip-invalid") from None
        return ".zip"
    from zicha.parsers.bundle import MAGIC

    if MAGIC not in data[:256]:
        raise ValueError("type-forbidden")
    return ".bundle"


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def bundle_uploads_store(*, organization: Organization, files: Sequence[Any],
                         actor: Any = None) -> list[BundleUpload]:
    """Keep collector bundles (single files or zips of them) until an inspection uses them.

    All files are checked first; a bad one refuses the lot (``InspectionRequestError``
    ``bundle-invalid`` naming the file) and nothing is written.
    """
    if len(files) > BUNDLE_MAX_FILES:
        raise InspectionRequestError(f"at most {BUNDLE_MAX_FILES} bundle files at once",
                                     code="bundle-invalid")
    checked: list[tuple[str, bytes, str]] = []
    for f in files:
        name = uploads.clean_name(getattr(f, "name", ""))
        if getattr(f, "size", 0) and f.size > BUNDLE_MAX_BYTES:
            raise InspectionRequestError(f"{name}: too-large", code="bundle-invalid")
        data = b"".join(f.chunks()) if hasattr(f, "chunks") else f.read()
        try:
            suffix = _check_bundle(name, data)
        except ValueError as exc:
            raise InspectionRequestError(f"{name}: {exc}", code="bundle-invalid") from None
        checked.append((name, data, suffix))
    folder = Path(settings.MEDIA_ROOT) / "bundles" / str(organization.pk)
    written: list[Path] = []
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with transaction.atomic():
            rows = []
            for name, data, suffix in checked:
                stored = f"bundles/{organization.pk}/{uuid.uuid4().hex}{suffix}"
                path = Path(settings.MEDIA_ROOT) / stored
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                written.append(path)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                rows.append(BundleUpload.objects.create(
                    organization=organization, name=name, file=stored, size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    uploaded_by=actor if getattr(actor, "pk", None) else None))
            if rows:
                audit_record(actor=actor, action="bundle.upload", organization=organization,
                             detail={"files": [{"name": r.name, "sha256": r.sha256}
                                               for r in rows]})
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return rows


# -- request and cancel -------------------------------------------------------------------

def inspection_request(*, organization: Organization, actor: Any, parameters: dict[str, Any],
                       bundle_files: Sequence[Any] = (),
                       schedule: InspectionSchedule | None = None,
                       enqueue: bool = True) -> Inspection:
    """Create a ``queued`` inspection with ``parameters`` and hand it to the task worker.

    ``bundle_files`` (uploaded in the same form) are kept as :class:`BundleUpload`
    rows first and added to the parameters.
    """
    params = normalize_parameters(parameters)
    if params["bundle_uploads"]:
        usable = set(BundleUpload.objects.filter(
            organization=organization, pk__in=params["bundle_uploads"], inspection__isnull=True)
            .values_list("pk", flat=True))
        missing = sorted(set(params["bundle_uploads"]) - usable)
        if missing:
            raise InspectionRequestError(f"bundles {missing} are unknown or already used",
                                         code="bundle-unknown")
    if not (params["targets"] or params["lab"] or params["bundle_uploads"] or bundle_files):
        raise InspectionRequestError("give scan targets, bundles or the lab",
                                     code="nothing-to-inspect")
    with transaction.atomic():
        if bundle_files:
            stored = bundle_uploads_store(organization=organization, files=bundle_files,
                                          actor=actor)
            params["bundle_uploads"] = sorted({*params["bundle_uploads"],
                                               *(b.pk for b in stored)})
        now = timezone.now()
        inspection = Inspection.objects.create(
            organization=organization, status=InspectionStatus.QUEUED, started_at=now,
            requested_by=actor if getattr(actor, "pk", None) else None, schedule=schedule,
            meta={"request": params, "requested_at": now.isoformat(),
                  "progress": {"stage": "queued", "done": 0, "total": 0}})
        audit_record(actor=actor, action="inspection.request", target=inspection,
                     organization=organization, after={"parameters": params},
                     detail={"schedule": schedule.pk} if schedule else None)
    if enqueue:
        inspection_enqueue(inspection=inspection)
    return inspection


def inspection_enqueue(*, inspection: Inspection) -> Inspection:
    """Put the task on the queue (run at once with django-tasks' ImmediateBackend)."""
    from zicha.web.inspections.tasks import run_inspection_task

    result = run_inspection_task.enqueue(inspection.pk)
    Inspection.objects.filter(pk=inspection.pk, task_id="").update(task_id=str(result.id)[:64])
    inspection.refresh_from_db()
    return inspection


CANCELLABLE = (InspectionStatus.QUEUED, InspectionStatus.RUNNING)


def inspection_cancel(*, inspection: Inspection, actor: Any) -> Inspection:
    """Stop an inspection: a queued one is cancelled now; a running one at its next check."""
    with transaction.atomic():
        row = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if row.status not in CANCELLABLE:
            raise InspectionRequestError(f"inspection #{row.pk} is {row.status}",
                                         code="inspection-not-cancellable")
        before = {"status": row.status, "cancel_requested": row.cancel_requested}
        row.cancel_requested = True
        fields = ["cancel_requested", "updated_at"]
        if row.status == InspectionStatus.QUEUED:
            row.status = InspectionStatus.CANCELLED
            row.finished_at = timezone.now()
            row.meta = {**(row.meta or {}), "progress": {"stage": "cancelled", "done": 0,
                                                          "total": 0}}
            fields += ["status", "finished_at", "meta"]
        row.save(update_fields=fields)
        audit_record(actor=actor, action="inspection.cancel", target=row, before=before,
                     after={"status": row.status, "cancel_requested": True})
    return row


def bundle_paths(ids: Iterable[int], organization: Organization) -> list[Path]:
    rows = BundleUpload.objects.filter(organization=organization, pk__in=list(ids)).order_by("pk")
    return [Path(settings.MEDIA_ROOT) / r.file.name for r in rows]


def inspections_recover_interrupted(*, actor: Any = None) -> int:
    """Inspections still ``running`` when no worker runs (a worker died, the server
    stopped mid-run) → ``failed`` with code ``interrupted``; audited. Call it before the
    worker starts."""
    count = 0
    with transaction.atomic():
        for row in Inspection.objects.select_for_update().filter(
                status=InspectionStatus.RUNNING):
            meta = dict(row.meta or {})
            meta["error"] = {"code": "interrupted",
                             "message": "the worker stopped before the inspection finished"}
            meta["progress"] = {**meta.get("progress", {}), "stage": "failed"}
            row.status = InspectionStatus.FAILED
            row.finished_at = timezone.now()
            row.meta = meta
            row.save(update_fields=["status", "finished_at", "meta", "updated_at"])
            audit_record(actor=actor, action="inspection.interrupted", target=row,
                         before={"status": "running"}, after={"status": row.status})
            count += 1
    return count
