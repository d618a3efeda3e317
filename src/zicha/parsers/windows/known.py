"""Curated names: antivirus services, portable Wi-Fi hotspot programs, hotspot adapters.

``confident`` False marks names taken from memory that were NOT confirmed against a
real installation (reference §2.3: "I did not research vendor-specific names").
A name that is wrong only causes a miss, never a false "antivirus running".
collect.bat queries the same service names (section ``av_services``); the full
service list (section ``services``) is matched too.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AV_SERVICES",
    "HOTSPOT_ADAPTER_WORDS",
    "PORTABLE_WIFI_PROCESSES",
    "WIRELESS_WORDS",
    "AvService",
]


@dataclass(frozen=True, slots=True)
class AvService:
    service: str
    product: str
    confident: bool


AV_SERVICES: tuple[AvService, ...] = (
    AvService("WinDefend", "Microsoft Defender Antivirus", True),
    AvService("MsMpSvc", "Microsoft Security Essentials / Forefront", True),
    AvService("ZhuDongFangYu", "360安全卫士（主动防御）", True),
    AvService("HipsDaemon", "火绒安全软件", True),
    AvService("kxescore", "金山毒霸", True),
    AvService("ntrtscan", "趋势科技 / 亚信安全 OfficeScan·Apex One", True),
    AvService("TmListen", "趋势科技 / 亚信安全 OfficeScan·Apex One", True),
    AvService("SepMasterService", "Symantec Endpoint Protection", True),
    AvService("McShield", "McAfee VirusScan Enterprise", True),
    AvService("ekrn", "ESET", True),
    AvService("AVP", "Kaspersky", True),
    AvService("kavfs", "Kaspersky Security for Windows Server", False),
    AvService("SmcService", "Symantec Endpoint Protection (older)", False),
    AvService("mfemms", "McAfee Endpoint Security", False),
    AvService("RsMgrSvc", "瑞星杀毒软件", False),
    AvService("RavMonD", "瑞星杀毒软件（旧版）", False),
    AvService("QAXEntClient", "奇安信天擎", False),
    AvService("360EntClient", "360天擎（旧版）", False),
    AvService("KVSrvXP", "江民杀毒软件", False),
    AvService("EDRAgent", "深信服 EDR", False),
    AvService("TMBMServer", "趋势科技 / 亚信安全", False),
)

#: process images of portable Wi-Fi hotspot programs (lower case); all unconfirmed
#: except where noted — extend through the check's ``portable_wifi_processes`` param
PORTABLE_WIFI_PROCESSES: tuple[str, ...] = (
    "360ap.exe",            # 360免费WiFi
    "360wifi.exe",          # 360免费WiFi (other builds)
    "kwifi.exe",            # 猎豹免费WiFi
    "wifispirit.exe",       # WiFi共享精灵
    "xiaoduwifi.exe",       # 小度WiFi
    "baiduwifi.exe",        # 百度WiFi热点
    "qmwifi.exe",           # 腾讯全民WiFi
    "160wifi.exe",          # 160WiFi
    "connectify.exe",       # Connectify Hotspot
    "connectifyd.exe",
    "mhotspot.exe",         # mHotspot
    "mypublicwifi.exe",     # MyPublicWiFi
    "virtualrouter.exe",    # Virtual Router
    "virtualrouterplus.exe",
)

#: adapter descriptions of Windows' own soft-AP adapters: with an IPv4 address
#: (usually 192.168.137.1, Internet Connection Sharing) the PC is a hotspot
HOTSPOT_ADAPTER_WORDS: tuple[str, ...] = (
    "hosted network virtual adapter",     # Windows 7/8 hostednetwork
    "virtual wifi miniport",              # Windows 7
    "wi-fi direct virtual adapter",       # Windows 10/11 Mobile Hotspot
    "承载网络虚拟适配器",
)

#: words in an adapter description (or ipconfig heading) that mean "wireless"
WIRELESS_WORDS: tuple[str, ...] = ("wireless", "wi-fi", "wifi", "wlan", "802.11", "无线")
