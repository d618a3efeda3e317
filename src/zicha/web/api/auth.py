"""Bearer-token authentication for the API (``Authorization: Bearer zc_…``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from zicha.web.api.models import ApiToken
from zicha.web.api.services import token_authenticate

__all__ = ["TokenAuth", "require_scope"]


class TokenAuth(HttpBearer):
    """Resolves the token to its :class:`ApiToken`; unknown, revoked or expired → 401."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return token_authenticate(raw=token.strip())


def require_scope(request: Any, scope: str) -> ApiToken:
    """The request's token, which must carry ``scope`` (else 403)."""
    token: ApiToken = request.auth
    if scope not in (token.scopes or []):
        raise HttpError(403, f"this token lacks the '{scope}' scope")
    return token
