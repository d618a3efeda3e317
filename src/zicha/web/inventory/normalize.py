"""Normal forms of addresses, shared by the forms and the Excel import."""

from __future__ import annotations

import ipaddress
import re

from django.utils.ipv6 import clean_ipv6_address

__all__ = ["normalize_ip", "normalize_mac"]

_MAC = re.compile(r"^[0-9a-f]{12}$")


def normalize_mac(text: str) -> str | None:
    """``aa:bb:cc:dd:ee:ff`` from any of ``AA-BB-…``, ``aabb.ccdd.eeff``, ``aabbccddeeff``;
    None when ``text`` is not a MAC address."""
    digits = re.sub(r"[\s:.\-]", "", text).lower()
    if not _MAC.match(digits):
        return None
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


def normalize_ip(text: str) -> str | None:
    """The canonical text of an IPv4/IPv6 address; None when ``text`` is not one."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return clean_ipv6_address(str(address)) if address.version == 6 else str(address)
