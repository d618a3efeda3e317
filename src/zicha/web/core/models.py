"""The abstract base every zicha model inherits (HackSoft ``BaseModel``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["BaseModel"]


class BaseModel(models.Model):
    """Creation and last-modification timestamps, set by the database layer."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
