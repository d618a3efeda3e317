"""The simulated hospital, as data.

A fictional hospital on loopback addresses (127.20.0.0/16 intranet,
127.30.0.0/16 extranet), used by ``zicha demo`` and the integration tests.
Every problem planted here is listed in the host's ``planted`` field so tests
and the demo can say what an inspection ought to find.

All names, addresses and MAC addresses are invented; MACs are locally
administered (``02:``) and encode the host's address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, replace

__all__ = [
    "HOSPITAL",
    "LOG_SERVER_IP",
    "Hospital",
    "LabHost",
    "LabSubnet",
    "LabZone",
]


@dataclass(frozen=True, slots=True)
class LabZone:
    key: str            # intranet | extranet
    name: str           # 内网 / 外网
    cidr: str


@dataclass(frozen=True, slots=True)
class LabSubnet:
    cidr: str
    name: str           # 服务器区, 内科终端…
    zone: str
    purpose: str        # servers | workstations | network_devices | office


@dataclass(frozen=True, slots=True)
class LabHost:
    name: str
    ip: str
    mac: str
    zone: str
    role: str                     # server | workstation | switch | printer
    platform: str                 # linux | windows | network_device | printer
    department: str | None
    registered: bool
    open_tcp: tuple[int, ...]     # listeners the lab binds
    allowed_tcp: tuple[int, ...]  # what the baseline allows from the clinical PC subnet
    description: str = ""
    os: str = ""
    bundle: str | None = None     # file name under lab/bundles/
    open_udp_noted: tuple[int, ...] = ()  # UDP services it has (not simulated)
    planted: tuple[str, ...] = ()  # problems an inspection should find
    banners: tuple[tuple[int, str], ...] = ()  # port → first line the listener sends

    @property
    def unexpected_tcp(self) -> tuple[int, ...]:
        """Listening ports the baseline does not allow."""
        return tuple(p for p in self.open_tcp if p not in self.allowed_tcp)

    @property
    def compliant(self) -> bool:
        return not self.planted


@dataclass(frozen=True, slots=True)
class Hospital:
    name: str
    name_en: str
    short_name: str
    departments: tuple[str, ...]
    zones: tuple[LabZone, ...]
    subnets: tuple[LabSubnet, ...]
    hosts: tuple[LabHost, ...]

    def host(self, name: str) -> LabHost:
        for h in self.hosts:
            if h.name == name:
                return h
        raise KeyError(name)

    def host_by_ip(self, ip: str) -> LabHost:
        for h in self.hosts:
            if h.ip == ip:
                return h
        raise KeyError(ip)

    def subnet_of(self, ip: str) -> LabSubnet | None:
        addr = ipaddress.IPv4Address(ip)
        for s in self.subnets:
            if addr in ipaddress.IPv4Network(s.cidr):
                return s
        return None

    def relocated(self, moves: Mapping[str, str]) -> Hospital:
        """A copy moved to other loopback networks, e.g. ``{"127.20.0.0/16":
        "127.120.0.0/16"}`` — so tests can run while ``zicha demo`` holds the
        usual addresses. Names, MACs and ports stay the same."""
        pairs = []
        for old, new in moves.items():
            a, b = ipaddress.IPv4Network(old), ipaddress.IPv4Network(new)
            if a.prefixlen != b.prefixlen:
                raise ValueError(f"cannot move {a} to {b}: sizes differ")
            if not b.subnet_of(ipaddress.IPv4Network("127.0.0.0/8")):
                raise ValueError(f"the lab stays on loopback; {b} is not in 127.0.0.0/8")
            pairs.append((a, b))

        def move_ip(ip: str) -> str:
            addr = ipaddress.IPv4Address(ip)
            for a, b in pairs:
                if addr in a:
                    return str(b.network_address + (int(addr) - int(a.network_address)))
            return ip

        def move_net(cidr: str) -> str:
            net = ipaddress.IPv4Network(cidr)
            return f"{move_ip(str(net.network_address))}/{net.prefixlen}"

        return replace(
            self,
            zones=tuple(replace(z, cidr=move_net(z.cidr)) for z in self.zones),
            subnets=tuple(replace(s, cidr=move_net(s.cidr)) for s in self.subnets),
            hosts=tuple(replace(h, ip=move_ip(h.ip)) for h in self.hosts),
        )

    @property
    def scope_cidrs(self) -> tuple[str, ...]:
        return tuple(z.cidr for z in self.zones)

    @property
    def registered_hosts(self) -> tuple[LabHost, ...]:
        return tuple(h for h in self.hosts if h.registered)


def _mac(ip: str) -> str:
    octets = ip.split(".")
    return "02:00:" + ":".join(f"{int(o):02x}" for o in octets)


def _host(name: str, ip: str, **kw: object) -> LabHost:
    return LabHost(name=name, ip=ip, mac=_mac(ip), **kw)  # type: ignore[arg-type]


#: where the lab's Linux servers forward syslog (log-01)
LOG_SERVER_IP = "127.20.1.20"

INFO = "信息科"
NEIKE = "内科"
WAIKE = "外科"
OFFICE = "行政办公室"

HOSPITAL = Hospital(
    name="演示人民医院",
    name_en="Demo People's Hospital",
    short_name="demo-hospital",
    departments=(INFO, NEIKE, WAIKE, OFFICE),
    zones=(
        LabZone("intranet", "内网（医疗业务网）", "127.20.0.0/16"),
        LabZone("extranet", "外网（办公互联网）", "127.30.0.0/16"),
    ),
    subnets=(
        LabSubnet("127.20.1.0/24", "服务器区", "intranet", "servers"),
        LabSubnet("127.20.2.0/24", "网络设备管理", "intranet", "network_devices"),
        LabSubnet("127.20.10.0/24", "内科终端", "intranet", "workstations"),
        LabSubnet("127.20.11.0/24", "外科终端", "intranet", "workstations"),
        LabSubnet("127.30.1.0/24", "行政办公", "extranet", "office"),
    ),
    hosts=(
        # -- 服务器区 127.20.1.0/24 -------------------------------------------------
        _host("his-app-01", "127.20.1.10", banners=((22, "SSH-2.0-OpenSSH_8.8"),), zone="intranet", role="server", platform="linux",
              department=INFO, registered=True, open_tcp=(22, 443, 8080),
              allowed_tcp=(443, 8080), os="openEuler 22.03 LTS SP3",
              description="HIS 应用服务器 (HIS application server)",
              bundle="his-app-01.bundle",
              planted=("no remote syslog: logs are kept only on the server",)),
        _host("his-db-01", "127.20.1.11", banners=((22, "SSH-2.0-OpenSSH_7.4"),), zone="intranet", role="server", platform="linux",
              department=INFO, registered=True, open_tcp=(22, 1521),
              allowed_tcp=(),  # the database is reached through his-app-01 only
              os="CentOS Linux 7.9.2009", bundle="his-db-01.bundle",
              description="HIS 数据库服务器 (Oracle; only the HIS application server may connect)",
              planted=(
                  "Oracle 1521 reachable from the clinical PC subnet",
                  "PASS_MAX_DAYS 99999 (passwords never expire)",
                  "PermitRootLogin yes",
                  "usb-storage module loaded",
                  "firewall inactive",
                  "CentOS 7 is end of life (2024-06-30)",
                  "no remote syslog",
              )),
        _host("lis-01", "127.20.1.12",
              banners=((22, "SSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u3"),), zone="intranet", role="server", platform="linux",
              department=INFO, registered=True, open_tcp=(22, 23, 80, 3306),
              allowed_tcp=(80,), os="Debian GNU/Linux 11 (bullseye)", bundle="lis-01.bundle",
              description="LIS 检验信息系统服务器 (laboratory information system)",
              planted=(
                  "MySQL 3306 reachable from the clinical PC subnet",
                  "telnet 23 listening",
                  "weak password policy (PASS_MAX_DAYS 99999, minlen 6, no complexity)",
                  "no host firewall (nftables empty, no firewalld/ufw)",
              )),
        _host("pacs-01", "127.20.1.13",
              banners=((22, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"),), zone="intranet", role="server", platform="linux",
              department=INFO, registered=True, open_tcp=(22, 104, 8080, 11112),
              allowed_tcp=(104, 8080, 11112), os="Debian GNU/Linux 12 (bookworm)",
              bundle="pacs-01.bundle",
              description="PACS 影像服务器 (DICOM 104/11112, web viewer 8080)",
              planted=("SSH idle timeout not set (ClientAliveInterval 0)",)),
        _host("log-01", "127.20.1.20", zone="intranet", role="server", platform="linux",
              department=INFO, registered=True, open_tcp=(22,), allowed_tcp=(),
              os="Debian GNU/Linux 12 (bookworm)", open_udp_noted=(514,),
              description="日志服务器 (syslog receiver 514/udp+tcp; zicha demo may run its "
                          "own receiver here, so the lab does not bind 514)"),
        # -- 网络设备 127.20.2.0/24 -----------------------------------------------
        _host("core-sw-01", "127.20.2.1", banners=((22, "SSH-2.0-HUAWEI-1.5"),), zone="intranet", role="switch",
              platform="network_device", department=INFO, registered=True, open_tcp=(22, 23),
              allowed_tcp=(22,), os="VRP (simulated)", open_udp_noted=(161,),
              description="核心交换机 (core switch; SNMP 161/udp)",
              planted=("telnet 23 enabled for management",)),
        _host("acc-sw-01", "127.20.2.11", banners=((22, "SSH-2.0-Comware-7.1.064"),), zone="intranet", role="switch",
              platform="network_device", department=INFO, registered=True, open_tcp=(22,),
              allowed_tcp=(22,), os="Comware (simulated)", open_udp_noted=(161,),
              description="接入交换机（门诊楼）(access switch; SSH only)"),
        # -- 内科 127.20.10.0/24 ----------------------------------------------------
        _host("nk-pc-01", "127.20.10.21", zone="intranet", role="workstation",
              platform="windows", department=NEIKE, registered=True, open_tcp=(),
              allowed_tcp=(), bundle="nk-pc-01.zbundle",
              os="Windows 10 企业版 LTSC 2021",
              description="内科医生工作站 1 (firewall on, no inbound services)"),
        _host("nk-pc-02", "127.20.10.22", zone="intranet", role="workstation",
              platform="windows", department=NEIKE, registered=True, open_tcp=(135, 3389),
              allowed_tcp=(), bundle="nk-pc-02.zbundle",
              os="Windows 10 企业版 LTSC 2021",
              description="内科护士站工作站 (nurse station)",
              planted=("remote desktop 3389 open on a clinical PC",
                       "RPC 135 reachable from other PCs")),
        _host("nk-prn-01", "127.20.10.50", zone="intranet", role="printer",
              platform="printer", department=NEIKE, registered=True, open_tcp=(80, 515, 9100),
              allowed_tcp=(80, 515, 9100), os="printer firmware",
              description="内科网络打印机 (network printer: web 80, LPD 515, RAW 9100)"),
        _host("DESKTOP-7Q2K9LM", "127.20.10.99", zone="intranet", role="workstation",
              platform="windows", department=None, registered=False, open_tcp=(5900,),
              allowed_tcp=(), os="unknown",
              description="未登记终端：在内科网段发现的未知电脑 (live, not in the IP register)",
              planted=("host not in the IP/asset register",
                       "VNC 5900 listening (unexpected remote control)")),
        # -- 外科 127.20.11.0/24 ----------------------------------------------------
        _host("wk-pc-01", "127.20.11.21", zone="intranet", role="workstation",
              platform="windows", department=WAIKE, registered=True, open_tcp=(),
              allowed_tcp=(), bundle="wk-pc-01.zbundle",
              os="Windows 10 企业版 LTSC 2021",
              description="外科医生工作站 1 (firewall on, no inbound services)"),
        _host("wk-pc-02", "127.20.11.22", zone="intranet", role="workstation",
              platform="windows", department=WAIKE, registered=True,
              open_tcp=(135, 139, 445, 3389), allowed_tcp=(), bundle="wk-pc-02.zbundle",
              os="Windows 7 SP1",
              description="外科手术室工作站 (operating theatre PC)",
              planted=("SMB 445 open on a clinical PC (WannaCry exposure)",
                       "remote desktop 3389 open on a clinical PC",
                       "NetBIOS 139 open")),
        # -- 外网 127.30.1.0/24 -----------------------------------------------------
        _host("bg-pc-01", "127.30.1.21", zone="extranet", role="workstation",
              platform="windows", department=OFFICE, registered=True, open_tcp=(445, 3389),
              allowed_tcp=(3389,), bundle="bg-pc-01.zbundle",
              os="Windows 10 企业版 LTSC 2021",
              description="行政办公电脑（外网）(office PC; remote desktop allowed)",
              planted=("SMB 445 open on an internet-facing office PC",)),
    ),
)
