"""Generating a report set for a stored inspection into the instance directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings

from zicha.domain.errors import ZichaError
from zicha.reporting import write_report_set
from zicha.web.audit.services import audit_record
from zicha.web.inspections.models import Inspection
from zicha.web.reports.selectors import report_data_for

__all__ = ["report_dir", "report_files", "report_generate"]


def report_dir(inspection: Inspection) -> Path:
    """Outside the web root: $ZICHA_HOME/media/reports/<org>/<inspection>/."""
    return Path(settings.MEDIA_ROOT) / "reports" / str(inspection.organization_id) / str(
        inspection.pk)


def report_files(inspection: Inspection) -> list[Path]:
    folder = report_dir(inspection)
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.exists() else []


def report_generate(*, inspection: Inspection, actor: Any,
                    formats: tuple[str, ...] = ("docx", "xlsx", "html", "pdf")) -> list[Path]:
    data = report_data_for(inspection)
    try:
        files = write_report_set(data, report_dir(inspection), formats=formats)
    except ZichaError as exc:
        if exc.code != "pdf-unavailable":
            raise
        files = write_report_set(data, report_dir(inspection),
                                 formats=tuple(f for f in formats if f != "pdf"))
    audit_record(actor=actor, action="report.generate", target=inspection,
                 detail={"files": sorted(p.name for p in files.values())})
    return list(files.values())
