"""Views of the inspections console (thin: forms → services, selectors → templates)."""

from zicha.web.inspections.views.browse import (
    asset_history,
    inspection_detail,
    inspection_list,
    result_detail,
)
from zicha.web.inspections.views.manual import (
    evidence_download,
    manual_answer,
    manual_carry_over,
    manual_confirm,
    manual_list,
)
from zicha.web.inspections.views.runs import (
    inspection_cancel,
    inspection_start,
    inspection_status,
)
from zicha.web.inspections.views.schedules import (
    schedule_create,
    schedule_delete,
    schedule_edit,
    schedule_list,
)

__all__ = [
    "asset_history",
    "evidence_download",
    "inspection_cancel",
    "inspection_detail",
    "inspection_list",
    "inspection_start",
    "inspection_status",
    "manual_answer",
    "manual_carry_over",
    "manual_confirm",
    "manual_list",
    "result_detail",
    "schedule_create",
    "schedule_delete",
    "schedule_edit",
    "schedule_list",
]
