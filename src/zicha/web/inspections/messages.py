"""Error codes of inspection services → messages a person can act on (translated)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicha.domain.errors import ZichaError

__all__ = ["request_error_message"]

MESSAGES = {
    "scope-invalid": gettext_lazy("The scan scope is not a list of networks (e.g. 10.20.0.0/16)."),
    "target-out-of-scope": gettext_lazy("A scan target lies outside the scope"),
    "targets-without-scope": gettext_lazy("Scan targets need a scope: give the networks that "
                                          "may be scanned."),
    "ports-invalid": gettext_lazy("The port list is not valid (e.g. 22,80,443,8000-8010)."),
    "vantage-invalid": gettext_lazy("Unknown zone."),
    "register-invalid": gettext_lazy("Unknown register."),
    "lab-disabled": gettext_lazy("The simulated hospital is not enabled on this server."),
    "bundle-unknown": gettext_lazy("A selected bundle is unknown or was used already."),
    "bundle-invalid": gettext_lazy("A bundle file was refused (not a collector bundle or zip, "
                                   "too large, or a zip bomb)"),
    "nothing-to-inspect": gettext_lazy("Nothing to inspect: give scan targets, bundles or the "
                                       "simulated hospital."),
    "inspection-not-cancellable": gettext_lazy("This inspection has already ended."),
    "manual-not-manual": gettext_lazy("This result is not a manual item."),
    "manual-answer-invalid": gettext_lazy("Choose passed, failed or not applicable."),
    "manual-inspection-not-finished": gettext_lazy("The inspection has not finished yet."),
    "manual-nothing-to-confirm": gettext_lazy("This answer is already confirmed."),
    "schedule-weekday-missing": gettext_lazy("A weekly schedule needs a weekday."),
    "schedule-days-missing": gettext_lazy("Give the number of days between runs."),
    "schedule-nothing-to-inspect": gettext_lazy("A schedule needs scan targets or the "
                                                "simulated hospital."),
}
_WITH_DETAIL = {"target-out-of-scope", "bundle-invalid"}


def request_error_message(exc: ZichaError) -> str:
    text = MESSAGES.get(exc.code)
    if text is None:
        return _("The request was refused (%(code)s).") % {"code": exc.code}
    if exc.code in _WITH_DETAIL:
        return f"{text}: {exc.message}"
    return str(text)
