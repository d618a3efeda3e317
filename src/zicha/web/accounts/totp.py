"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), standard library only.

Secrets are base32 text (what authenticator apps take); codes are 6 digits,
30-second steps, HMAC-SHA1 — the defaults every app understands. Verification
accepts the current step and one step either side (clock drift).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

__all__ = [
    "DIGITS",
    "STEP",
    "generate_secret",
    "hotp",
    "normalize_code",
    "provisioning_uri",
    "secret_bytes",
    "totp",
    "verify",
]

STEP = 30
DIGITS = 6
SECRET_BYTES = 20          # 160 bits, as RFC 4226 recommends for HMAC-SHA1

Digest = Callable[..., Any]


def generate_secret() -> str:
    """A new random secret as unpadded base32 (32 characters)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def secret_bytes(secret: str) -> bytes:
    """Decode a base32 secret; spaces and lower case (as people type it) are accepted."""
    text = "".join(secret.split()).upper()
    text += "=" * (-len(text) % 8)
    try:
        return base64.b32decode(text, casefold=True)
    except ValueError as exc:       # binascii.Error is a ValueError
        raise ValueError("not a base32 TOTP secret") from exc


def hotp(key: bytes, counter: int, *, digits: int = DIGITS,
         digest: Digest = hashlib.sha1) -> str:
    """RFC 4226: HMAC over the 8-byte counter, dynamic truncation, ``digits`` decimals."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    binary = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(binary % (10 ** digits)).zfill(digits)


def totp(key: bytes, *, at: float | None = None, step: int = STEP, t0: int = 0,
         digits: int = DIGITS, digest: Digest = hashlib.sha1) -> str:
    """RFC 6238: HOTP with the counter ``floor((at - t0) / step)``."""
    now = time.time() if at is None else at
    return hotp(key, int((now - t0) // step), digits=digits, digest=digest)


def normalize_code(code: str) -> str:
    """Digits only: ``"123 456"`` and ``"123-456"`` become ``"123456"``."""
    return "".join(ch for ch in str(code) if not ch.isspace() and ch != "-")


def verify(secret: str, code: str, *, at: float | None = None, window: int = 1,
           step: int = STEP) -> int | None:
    """The matching time step if ``code`` is valid within ±``window`` steps, else None."""
    code = normalize_code(code)
    if len(code) != DIGITS or not code.isdigit():
        return None
    try:
        key = secret_bytes(secret)
    except ValueError:
        return None
    now = time.time() if at is None else at
    counter = int(now // step)
    for candidate in range(counter - window, counter + window + 1):
        if candidate >= 0 and hmac.compare_digest(hotp(key, candidate), code):
            return candidate
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The ``otpauth://totp/…`` URI authenticator apps import (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1",
                       "digits": DIGITS, "period": STEP}, quote_via=quote)
    return f"otpauth://totp/{label}?{query}"
