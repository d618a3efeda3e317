"""The IP register: parsed strictly, errors name file and line."""

from __future__ import annotations

import pytest

from zicha.domain.errors import CheckDefinitionError
from zicha.engine.register import parse_register

GOOD = """\
organization: 演示人民医院
zones:
  - {key: intranet, name: 内网, cidr: 10.20.0.0/16}
  - {key: extranet, name: 外网, cidr: 10.30.0.0/16}
assets:
  - {name: HIS-APP-01, ip: 10.20.1.10, zone: intranet, role: server, platform: linux,
     allowed_tcp: [22, 8080]}
  - {name: PC-NK-001, ip: 10.20.10.11, mac: "02:00:AA:BB:CC:01", zone: intranet,
     role: workstation, platform: windows, department: 内科}
"""


def test_register_parses() -> None:
    reg = parse_register(GOOD, file="reg.yaml")
    assert reg.organization == "演示人民医院"
    assert [a.name for a in reg.assets] == ["HIS-APP-01", "PC-NK-001"]
    assert reg.assets[0].allowed_tcp == (22, 8080)
    assert reg.assets[1].mac == "02:00:aa:bb:cc:01"
    assert reg.zone_of("10.30.1.5") == "extranet"
    assert reg.zone_of("10.99.0.1") is None


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("ip: 10.20.1.10", "ip: 10.20.1.300", 6, "bad IP address"),
    ("role: workstation", "role: desk", 9, "role must be one of"),
    ("allowed_tcp: [22, 8080]", "allowed_tcp: [22, http]", 7, "allowed_tcp must list"),
    ("ip: 10.20.10.11", "ip: 10.20.1.10", 8, "already registered at line 6"),
    ("cidr: 10.30.0.0/16", "cidr: 10.30.0.0/33", 4, "bad CIDR"),
    ("platform: windows", "platform: windows, colour: red", 9, "unknown field 'colour'"),
])
def test_register_errors_name_the_line(old, new, line, message) -> None:
    with pytest.raises(CheckDefinitionError) as info:
        parse_register(GOOD.replace(old, new), file="reg.yaml")
    [(loc, msg)] = info.value.problems
    assert loc.file == "reg.yaml"
    assert loc.line == line, (loc, msg)
    assert message in msg
