"""Form fields for evidence uploads: several files in one input, camera capture on tablets."""

from __future__ import annotations

from typing import Any

from django import forms

from zicha.web.core.uploads import ACCEPT

__all__ = ["MultipleFileField", "MultipleFileInput"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A list of uploaded files (possibly empty). Content checks happen in the service
    (``zicha.web.core.uploads``), so a refusal names the file and stores nothing."""

    def __init__(self, *args: Any, accept: str = ACCEPT, capture: bool = False,
                 **kwargs: Any) -> None:
        attrs = {"accept": accept, "multiple": True}
        if capture:
            attrs["capture"] = "environment"
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
