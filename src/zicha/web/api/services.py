"""API writes: issuing, using and revoking tokens; receiving collector bundles.

A token is ``zc_`` + 43 URL-safe characters; only its SHA-256 is stored. A bundle
received through the API is validated with :func:`zicha.parsers.bundle.read_bundle`,
written to ``MEDIA_ROOT/bundles/<organization id>/<sha256>.zb`` (MEDIA_ROOT is
``ZICHA_HOME/media``, which no URL serves) and recorded as an
``inspections.BundleUpload`` for the next inspection to use. The same bundle again —
already uploaded, or already used by an inspection — is acknowledged and not stored twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zicha.parsers.bundle import read_bundle
from zicha.web.api.choices import TokenScope
from zicha.web.api.models import ApiToken
from zicha.web.audit.services import audit_record
from zicha.web.inspections.models import BundleUpload
from zicha.web.inspections.selectors import bundle_evidence_find
from zicha.web.inventory.models import Organization

__all__ = [
    "MAX_BUNDLE_UPLOAD",
    "TOKEN_PREFIX",
    "BundleReceipt",
    "bundle_receive",
    "hash_token",
    "token_authenticate",
    "token_create",
    "token_revoke",
]

TOKEN_PREFIX = "zc_"
MAX_BUNDLE_UPLOAD = 64 * 1024 * 1024
#: ``last_used_at`` is written at most this often per token (not on every request)
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _actor_label(token: ApiToken) -> str:
    return f"api-token:{token.name}"


@transaction.atomic
def token_create(*, actor: Any, organization: Organization, name: str, scopes: list[str],
                 expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once, never stored)."""
    unknown = set(scopes) - set(TokenScope.values)
    if unknown or not scopes:
        raise ValueError(f"scopes must be a non-empty subset of {TokenScope.values}")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organization=organization, name=name, key_hash=hash_token(raw), prefix=raw[:10],
        scopes=sorted(set(scopes)), expires_at=expires_at,
        created_by=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, action="api.token_create", target=token,
                 after={"name": name, "scopes": token.scopes, "prefix": token.prefix,
                        "expires_at": expires_at})
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if token.revoked:
        return token
    token.revoked, token.revoked_at = True, timezone.now()
    token.save(update_fields=["revoked", "revoked_at", "updated_at"])
    audit_record(actor=actor, action="api.token_revoke", target=token,
                 before={"revoked": False}, after={"revoked": True})
    return token


def token_authenticate(*, raw: str) -> ApiToken | None:
    """The live token for ``raw`` (not revoked, not expired), else None. Notes the use."""
    if not raw or len(raw) > 200 or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (ApiToken.objects.select_related("organization")
             .filter(key_hash=hash_token(raw)).first())
    now = timezone.now()
    if token is None or token.revoked or (token.expires_at and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@dataclass(frozen=True)
class BundleReceipt:
    created: bool
    sha256: str
    size: int
    hostname: str
    platform: str
    upload: BundleUpload | None


def _write_once(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it is there already; True when written."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def bundle_receive(*, token: ApiToken, data: bytes, filename: str = "") -> BundleReceipt:
    """Validate and keep one bundle for ``token``'s organization.

    Raises :class:`zicha.domain.errors.BundleError` (code, line, message) for a
    malformed or too large bundle; nothing is stored then.
    """
    bundle = read_bundle(data, source=filename or "upload")
    organization = token.organization
    sha = bundle.sha256
    relative = f"bundles/{organization.pk}/{sha}.zb"
    path = Path(settings.MEDIA_ROOT) / relative
    with transaction.atomic():
        ApiToken.objects.select_for_update().filter(pk=token.pk).first()  # one upload at a time
        known = BundleUpload.objects.filter(organization=organization, sha256=sha).first()
        if known is not None or bundle_evidence_find(organization=organization, sha256=sha):
            return BundleReceipt(False, sha, len(data), bundle.hostname, bundle.platform, known)
        existed = path.exists()
        _write_once(path, data)
        try:
            upload = BundleUpload.objects.create(
                organization=organization, name=(filename or f"{bundle.hostname or sha[:12]}.zb")[:255],
                file=relative, sha256=sha, size=len(data), uploaded_by=None)
            audit_record(actor=_actor_label(token), action="api.bundle_upload", target=upload,
                         organization=organization,
                         detail={"sha256": sha, "size": len(data), "hostname": bundle.hostname,
                                 "platform": bundle.platform, "token": token.pk,
                                 "token_name": token.name})
        except BaseException:
            if not existed:
                path.unlink(missing_ok=True)
            raise
    return BundleReceipt(True, sha, len(data), bundle.hostname, bundle.platform, upload)
