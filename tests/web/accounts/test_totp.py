"""RFC 4226 / RFC 6238 test vectors and the ±1 step window."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest

from zicha.web.accounts import totp

SEED_SHA1 = b"12345678901234567890"
SEED_SHA256 = b"12345678901234567890123456789012"
SEED_SHA512 = b"1234567890123456789012345678901234567890123456789012345678901234"

# RFC 6238 Appendix B: (time, TOTP SHA1, SHA256, SHA512), 8 digits, 30 s steps
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]

# RFC 4226 Appendix D: HOTP values for counters 0..9
RFC4226 = ["755224", "287082", "359152", "969429", "338314",
           "254676", "287922", "162583", "399871", "520489"]


@pytest.mark.parametrize(("at", "sha1", "sha256", "sha512"), RFC6238)
def test_rfc6238_vectors(at, sha1, sha256, sha512):
    assert totp.totp(SEED_SHA1, at=at, digits=8) == sha1
    assert totp.totp(SEED_SHA256, at=at, digits=8, digest=hashlib.sha256) == sha256
    assert totp.totp(SEED_SHA512, at=at, digits=8, digest=hashlib.sha512) == sha512


@pytest.mark.parametrize(("counter", "code"), list(enumerate(RFC4226)))
def test_rfc4226_vectors(counter, code):
    assert totp.hotp(SEED_SHA1, counter) == code


def test_six_digit_code_is_the_tail_of_the_eight_digit_one():
    assert totp.totp(SEED_SHA1, at=59) == "287082"


SECRET = base64.b32encode(SEED_SHA1).decode()   # GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ


def test_verify_accepts_one_step_either_side_only():
    now = 1_700_000_000.0
    step = int(now // 30)
    key = totp.secret_bytes(SECRET)
    for offset in (-1, 0, 1):
        code = totp.hotp(key, step + offset)
        assert totp.verify(SECRET, code, at=now) == step + offset
    for offset in (-2, 2):
        assert totp.verify(SECRET, totp.hotp(key, step + offset), at=now) is None


def test_verify_is_lenient_about_typing_but_strict_about_content():
    now = 1_111_111_109
    code = totp.totp(SEED_SHA1, at=now)
    assert totp.verify(SECRET.lower(), f"{code[:3]} {code[3:]}", at=now) is not None
    assert totp.verify(" ".join(SECRET[i:i + 4] for i in range(0, 32, 4)), code, at=now)
    assert totp.verify(SECRET, "12345", at=now) is None
    assert totp.verify(SECRET, "abcdef", at=now) is None
    assert totp.verify("not base32!", code, at=now) is None


def test_generated_secrets_are_random_base32_of_160_bits():
    a, b = totp.generate_secret(), totp.generate_secret()
    assert a != b and len(a) == 32
    assert len(totp.secret_bytes(a)) == 20


def test_provisioning_uri():
    uri = totp.provisioning_uri(SECRET, account="wang.admin", issuer="zicha 自查")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth" and parts.netloc == "totp"
    assert parts.path == "/zicha%20%E8%87%AA%E6%9F%A5%3Awang.admin"
    query = parse_qs(parts.query)
    assert query == {"secret": [SECRET], "issuer": ["zicha 自查"], "algorithm": ["SHA1"],
                     "digits": ["6"], "period": ["30"]}
