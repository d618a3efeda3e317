"""Running one queued inspection (called by the background task).

The engine (asyncio) runs in a helper thread with its own event loop; this thread
— the task's — keeps the ORM: every half second it writes the progress
(``meta.progress = {stage, done, total}``) and reads ``cancel_requested``. A cancel
cancels the engine's asyncio task and is also raised from the engine's progress
callback, so the run stops between stages and inside long ones. Nothing is stored
until the engine has finished: then ``inspection_store`` fills the row in one
transaction, so a cancelled or failed run leaves no results, assets or findings.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zicha.domain.errors import ZichaError
from zicha.domain.inspection import InspectionOutcome
from zicha.web.inspections.choices import InspectionStatus, RegisterChoice
from zicha.web.inspections.models import BundleUpload, Inspection
from zicha.web.inspections.run_services import bundle_paths, lab_enabled
from zicha.web.inventory.models import Asset, Organization, Subnet

__all__ = ["InspectionCancelled", "inspection_execute", "organization_register"]

log = logging.getLogger(__name__)
POLL_SECONDS = 0.5


class InspectionCancelled(Exception):
    """A person pressed cancel."""


def organization_register(organization: Organization) -> Any:
    """The organization's registered assets as an engine :class:`Register` (in memory)."""
    from zicha.engine.register import Register, RegisterAsset

    zones: dict[str, list[Any]] = {}
    for cidr, kind in (Subnet.objects.filter(zone__organization=organization)
                       .values_list("cidr", "zone__kind")):
        try:
            net = ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            continue
        if net.version == 4:
            zones.setdefault(kind, []).append(net)
    assets = []
    for a in (Asset.objects.filter(organization=organization, registered=True)
              .select_related("zone", "department").order_by("pk")):
        assets.append(RegisterAsset(
            name=a.name, ip=a.ip, mac=a.mac or None, zone=a.zone.kind if a.zone else "intranet",
            role=a.role, platform=a.platform,
            department=a.department.name if a.department else None))
    return Register(organization=organization.name, zones=zones, assets=assets,
                    source="console")


def _lab_hospital() -> Any:
    from zicha.lab import HOSPITAL

    moves = getattr(settings, "ZICHA_LAB_MOVES", None)
    return HOSPITAL.relocated(moves) if moves else HOSPITAL


def _lab_register(hospital: Any) -> Any:
    import yaml

    from zicha.engine.register import parse_register
    from zicha.lab.register import register_document

    return parse_register(yaml.safe_dump(register_document(hospital), allow_unicode=True),
                          file="lab-register.yaml")


class _Progress:
    """Shared between the engine thread (writes) and the task thread (reads)."""

    def __init__(self) -> None:
        self.value: dict[str, Any] = {"stage": "prepare", "done": 0, "total": 0}
        self.cancel = threading.Event()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.cancel.is_set():
            raise InspectionCancelled()
        self.value = {"stage": stage, "done": int(done), "total": int(total)}


def _build(inspection: Inspection, progress: _Progress
           ) -> Callable[[], Coroutine[Any, Any, InspectionOutcome]]:
    """Everything the engine needs, read from the database here (not in the engine thread)."""
    from zicha.collectors.scan import Scope, parse_ports
    from zicha.engine.inspection import InspectionPlan, run_inspection
    from zicha.rules.baselines import load_baselines
    from zicha.rules.loader import default_catalogue_dir, load_catalogue

    organization = inspection.organization
    params = dict((inspection.meta or {}).get("request") or {})
    catalogue = load_catalogue()
    baselines = load_baselines([default_catalogue_dir() / "baselines"], checks=catalogue.checks)
    register = None
    if params.get("register") == RegisterChoice.ORGANIZATION:
        register = organization_register(organization)
    ports = list(parse_ports(params.get("ports") or "22"))
    targets = list(params.get("targets") or [])
    scope = Scope.parse(params.get("scope") or [], exclude=params.get("exclude") or [])
    bundles = bundle_paths(params.get("bundle_uploads") or [], organization)
    meta = {"console": True, "inspection": inspection.pk}
    lab = bool(params.get("lab"))
    if lab and not lab_enabled():
        raise ZichaError("the simulated hospital is not enabled", code="lab-disabled")
    hospital = _lab_hospital() if lab else None
    if lab and (register is None or not register.assets):
        register = _lab_register(hospital)

    def plan() -> Any:
        return InspectionPlan(organization=organization.name, register=register,
                              scan_targets=targets, scan_ports=ports,
                              scope=scope if targets else None,
                              vantage_zone=params.get("vantage_zone") or "intranet",
                              bundles=bundles, meta=meta)

    async def run() -> InspectionOutcome:
        current = plan()
        if not lab:
            return await run_inspection(current, catalogue=catalogue, baselines=baselines,
                                        progress=progress)
        from zicha.lab import Lab, lab_bundle_paths

        progress("lab", 0, 1)
        async with Lab(hospital) as running:
            progress("lab", 1, 1)
            current.scope = running.scope()
            current.scan_targets = running.targets()
            current.scan_ports = sorted(set(ports) | set(running.ports()))
            current.live_requires_open = True   # loopback: every 127.x address answers RST
            current.bundles = [*bundles, *lab_bundle_paths(hospital)]
            current.meta.update({"lab": hospital.name_en,
                                 "lab_skipped": [s.reason for s in running.skipped]})
            return await run_inspection(current, catalogue=catalogue, baselines=baselines,
                                        progress=progress)

    return run


def _engine_thread(factory: Callable[[], Coroutine[Any, Any, InspectionOutcome]],
                   box: dict[str, Any]) -> threading.Thread:
    async def main() -> InspectionOutcome:
        box["loop"] = asyncio.get_running_loop()
        box["task"] = asyncio.current_task()
        return await factory()

    def target() -> None:
        try:
            box["outcome"] = asyncio.run(main())
        except BaseException as exc:  # handed to the task thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="zicha-inspection-engine", daemon=True)
    thread.start()
    return thread


def _save_progress(pk: int, meta: dict[str, Any], value: dict[str, Any]) -> None:
    meta["progress"] = dict(value)
    Inspection.objects.filter(pk=pk).update(meta=meta, updated_at=timezone.now())


def _cancel_requested(pk: int) -> bool:
    return bool(Inspection.objects.filter(pk=pk).values_list("cancel_requested",
                                                             flat=True).first())


def _finish(pk: int, status: str, meta: dict[str, Any], **extra: Any) -> None:
    stage = {"cancelled": "cancelled", "failed": "failed"}.get(status, status)
    meta["progress"] = {**meta.get("progress", {}), "stage": stage}
    meta.update(extra)
    Inspection.objects.filter(pk=pk).update(status=status, finished_at=timezone.now(),
                                            meta=meta, updated_at=timezone.now())


def _claim(inspection_id: int) -> Inspection | None:
    with transaction.atomic():
        row = (Inspection.objects.select_for_update().select_related("organization")
               .filter(pk=inspection_id).first())
        if row is None or row.status != InspectionStatus.QUEUED:
            return None
        if row.cancel_requested:
            _finish(row.pk, InspectionStatus.CANCELLED, dict(row.meta or {}))
            return None
        row.status = InspectionStatus.RUNNING
        row.started_at = timezone.now()
        row.meta = {**(row.meta or {}), "progress": {"stage": "prepare", "done": 0, "total": 0}}
        row.save(update_fields=["status", "started_at", "meta", "updated_at"])
        return row


def inspection_execute(*, inspection_id: int) -> str:
    """Run the queued inspection ``inspection_id`` to the end; return its final status."""
    inspection = _claim(inspection_id)
    if inspection is None:
        return str(Inspection.objects.filter(pk=inspection_id)
                   .values_list("status", flat=True).first() or "missing")
    pk = inspection.pk
    meta = dict(inspection.meta)
    progress = _Progress()
    try:
        factory = _build(inspection, progress)
        box: dict[str, Any] = {}
        thread = _engine_thread(factory, box)
        last: dict[str, Any] | None = None
        while thread.is_alive():
            thread.join(POLL_SECONDS)
            if progress.value != last:
                last = dict(progress.value)
                _save_progress(pk, meta, last)
            if not progress.cancel.is_set() and _cancel_requested(pk):
                progress.cancel.set()
                loop, task = box.get("loop"), box.get("task")
                if loop is not None and task is not None and not loop.is_closed():
                    loop.call_soon_threadsafe(task.cancel)
        if progress.cancel.is_set() or _cancel_requested(pk):
            raise InspectionCancelled()
        if "error" in box:
            raise box["error"]
        _save_progress(pk, meta, {"stage": "store", "done": 0, "total": 1})
        _store(inspection, box["outcome"])
        return InspectionStatus.FINISHED
    except (InspectionCancelled, asyncio.CancelledError):
        _finish(pk, InspectionStatus.CANCELLED, meta)
        return InspectionStatus.CANCELLED
    except Exception as exc:
        log.exception("inspection #%s failed", pk)
        _finish(pk, InspectionStatus.FAILED, meta, error={
            "code": getattr(exc, "code", type(exc).__name__),
            "message": str(getattr(exc, "message", exc))[:2000]})
        return InspectionStatus.FAILED


def _store(inspection: Inspection, outcome: InspectionOutcome) -> None:
    from zicha.web.inspections.services import inspection_store

    with transaction.atomic():
        stored = inspection_store(organization=inspection.organization, outcome=outcome,
                                  inspection=inspection, actor=inspection.requested_by)
        params = (inspection.meta or {}).get("request") or {}
        if params.get("bundle_uploads"):
            BundleUpload.objects.filter(pk__in=params["bundle_uploads"],
                                        inspection__isnull=True).update(inspection=stored)
        meta = dict(Inspection.objects.filter(pk=stored.pk).values_list("meta", flat=True)[0])
        meta["progress"] = {"stage": "finished", "done": 1, "total": 1}
        Inspection.objects.filter(pk=stored.pk).update(meta=meta)
