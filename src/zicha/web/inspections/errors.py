"""Errors raised by inspection services (stable codes; adapters translate them)."""

from __future__ import annotations

from zicha.domain.errors import ZichaError

__all__ = ["InspectionStoreError"]


class InspectionStoreError(ZichaError):
    """An inspection outcome is inconsistent and was not stored (nothing was written).

    Codes: ``outcome-asset-unknown``, ``outcome-asset-duplicate``,
    ``outcome-check-unknown``, ``outcome-result-duplicate``, ``outcome-ip-invalid``,
    ``outcome-zone-unknown``; when filling a row the console created:
    ``inspection-organization``, ``inspection-not-running``.
    """

    code = "outcome-invalid"
    is_input_error = True
