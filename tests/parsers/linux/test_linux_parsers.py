"""Linux section parsers: behaviour beyond the golden fixtures, and the errors
(every parser refuses what it does not understand, naming the line)."""

from __future__ import annotations

import pytest

from zicha.domain.errors import ParseError
from zicha.parsers.linux import PARSERS
from zicha.parsers.linux.firewall import parse_firewall
from zicha.parsers.linux.network import is_loopback, parse_ip_link, parse_listening
from zicha.parsers.linux.sshd import parse_sshd_config, resolve_sshd_config
from zicha.parsers.linux.syslog_remote import parse_rsyslog_remote
from zicha.parsers.linux.system import parse_os_release
from zicha.parsers.linux.timesync import parse_time_sync


def test_registry_names_are_the_bundle_contract() -> None:
    assert set(PARSERS) == {
        "os_release", "uname", "hostname", "login_defs", "pwquality_conf", "pam_password",
        "sshd_effective", "sshd_config", "modprobe_usb", "lsmod", "firewall", "listening",
        "time_sync", "shadow_summary", "passwd", "rsyslog_remote", "services_running",
        "ip_addr", "ip_link",
    }


# -- refusing input, with the line -------------------------------------------------------
BAD = [
    ("os_release", 'ID=debian\nthis line has no equals\n', 2),
    ("os_release", 'ID="debian\n', 1),
    ("os_release", "", 1),
    ("uname", "Linux\n", 1),
    ("uname", "Linux 6.1 x86_64\nLinux 6.1 x86_64\n", 2),
    ("hostname", "his db 01\n", 1),
    ("login_defs", "PASS_MAX_DAYS 90\npass_min_len 8\n", 2),
    ("pwquality_conf", "minlen = 8\nminlen: 8\n", 2),
    ("pam_password", "password requisite pam_pwquality.so\npasswd required pam_unix.so\n", 2),
    ("pam_password", "auth [success=1 default=ignore pam_unix.so\n", 1),
    ("pam_password", "auth required\n", 1),
    ("sshd_effective", "port 22\nPermitRootLogin yes\n", 2),
    ("sshd_effective", "\n", 1),
    ("sshd_config", "Port 22\nPermitRootLogin\n", 2),
    ("modprobe_usb", "blacklist usb-storage\n", 1),
    ("modprobe_usb", "/etc/modprobe.d/x.conf:blocklist usb-storage\n", 1),
    ("modprobe_usb", "/etc/modprobe.d/x.conf:install\n", 1),
    ("lsmod", "usb_storage 81920 0 - Live 0x0\nnot a module\n", 2),
    ("firewall", "firewalld active\n", 1),
    ("firewall", ">>> iptables exit=0\n-P INPUT ACCEPT\niptables v1.8.7: unknown\n", 3),
    ("firewall", ">>> ufw exit=0\nERROR: You need to be root\n", 2),
    ("firewall", ">>> nft exit=0\nlines 3\nchains 2\n", 3),
    ("firewall", ">>> nft exit=0\n", 1),
    ("firewall", ">>> ipfw exit=0\n", 1),
    ("firewall", ">>> ufw exit=0\nStatus: active\n>>> ufw exit=0\nStatus: active\n", 3),
    ("firewall", ">>>ufw exit=0\n", 1),
    ("firewall", ">>> systemctl exit=0\nfirewalld\n", 2),
    ("listening", "tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\nunix STREAM 0 0 /run/x 1 * 0\n", 2),
    ("listening", "tcp LISTEN 0 128 0.0.0.0:ssh 0.0.0.0:*\n", 1),
    ("time_sync", ">>> timedatectl-show exit=0\nNTP yes\n", 2),
    ("time_sync", ">>> timedatectl-show exit=0\nTimezone=UTC\n", 1),
    ("time_sync", ">>> timedatectl-status exit=0\n  Local time: Thu\n", 1),
    ("time_sync", ">>> chronyc exit=0\n506 Cannot talk to daemon\n", 2),
    ("time_sync", ">>> chronyc exit=0\nStratum : 3\n", 1),
    ("time_sync", ">>> ntpq exit=0\n     remote refid\n?garbage\n", 3),
    ("shadow_summary", "root:set:19000:99999\nroot:$6$hash:19000:0:99999:7:::\n", 2),
    ("shadow_summary", "root:unknown:19000:99999\n", 1),
    ("shadow_summary", "root:set:yesterday:99999\n", 1),
    ("passwd", "root:x:0:0:root:/root:/bin/bash\nbroken:x:1\n", 2),
    ("passwd", "root:x:zero:0:root:/root:/bin/bash\n", 1),
    ("passwd", "# only a comment\n", 1),
    ("rsyslog_remote", "*.* @@10.0.0.9\n", 1),
    ("rsyslog_remote", '>>> rsyslog exit=0\n*.* action(type="omfwd" port="514")\n', 2),
    ("rsyslog_remote", '>>> rsyslog exit=0\naction(type="omfwd" target="h" port="syslog")\n', 2),
    ("rsyslog_remote", '>>> syslog-ng exit=0\nlog { source(s_src); };\n', 2),
    ("services_running", "sshd.service loaded active running OpenSSH\nSystem has not been booted\n", 2),
    ("ip_addr", "1: lo    inet 127.0.0.1/8 scope host lo\nDevice \"eth9\" does not exist.\n", 2),
    ("ip_link", "1: lo: <LOOPBACK,UP> mtu 65536\nlink/ether 00:11:22:33:44:55\n", 2),
]


@pytest.mark.parametrize(("section", "text", "line"), BAD,
                         ids=[f"{s}-{i}" for i, (s, _, _) in enumerate(BAD)])
def test_refuses_with_line(section: str, text: str, line: int) -> None:
    with pytest.raises(ParseError) as info:
        PARSERS[section](text)
    assert info.value.line == line


def test_every_parser_has_a_refusal_case() -> None:
    assert {s for s, _, _ in BAD} == set(PARSERS)


# -- os_release --------------------------------------------------------------------------
def test_os_release_redhat_release_of_rhel6() -> None:
    osr = parse_os_release('REDHAT_RELEASE="Red Hat Enterprise Linux Server release 6.9 (Santiago)"\n')
    assert (osr.id, osr.version_id, osr.name) == ("rhel", "6.9", "Red Hat Enterprise Linux Server")


def test_os_release_unrecognised_redhat_release() -> None:
    with pytest.raises(ParseError):
        parse_os_release('REDHAT_RELEASE="something else"\n')


# -- sshd_config resolution --------------------------------------------------------------
def test_include_is_spliced_where_it_stands_and_first_value_wins() -> None:
    cfg = parse_sshd_config(
        "# file: /etc/ssh/sshd_config\n"
        "PasswordAuthentication yes\n"             # before the Include: wins
        "Include sshd_config.d/*.conf\n"           # relative to /etc/ssh
        "PermitRootLogin yes\n"                    # after: loses to the included file
        "Port 22\n"
        "# file: /etc/ssh/sshd_config.d/50-cloud.conf\n"
        "PasswordAuthentication no\n"
        "PermitRootLogin no\n"
        "Port 2222\n")
    opts = resolve_sshd_config(cfg)
    assert opts["passwordauthentication"] == ("yes",)
    assert opts["permitrootlogin"] == ("no",)
    assert opts["port"] == ("2222", "22")      # Port accumulates


def test_match_blocks_do_not_change_global_options() -> None:
    cfg = parse_sshd_config("PermitRootLogin no\nMatch User backup\n  PermitRootLogin yes\n"
                            "  MaxAuthTries 10\n")
    opts = resolve_sshd_config(cfg)
    assert opts == {"permitrootlogin": ("no",)}


def test_include_inside_match_is_conditional() -> None:
    cfg = parse_sshd_config("# file: /etc/ssh/sshd_config\nMatch Group admins\n"
                            "Include /etc/ssh/admins.conf\n"
                            "# file: /etc/ssh/admins.conf\nPermitRootLogin yes\n")
    assert resolve_sshd_config(cfg) == {}


def test_include_loops_terminate() -> None:
    cfg = parse_sshd_config("# file: /etc/ssh/sshd_config\nInclude /etc/ssh/a.conf\n"
                            "# file: /etc/ssh/a.conf\nInclude /etc/ssh/sshd_config\nPort 2200\n")
    assert resolve_sshd_config(cfg) == {"port": ("2200",)}


# -- firewall / listening / interfaces ------------------------------------------------------
def test_failed_blocks_are_not_parsed() -> None:
    fw = parse_firewall(">>> iptables exit=4\niptables v1.8.9 (nf_tables): Permission denied\n")
    assert fw.iptables is None and fw.exits == {"iptables": 4}


def test_nft_input_policy_drop_wins_over_accept() -> None:
    fw = parse_firewall(">>> nft exit=0\nrules 4\ninput_policy drop\ninput_policy accept\n")
    assert fw.nft is not None and fw.nft.input_policy == "drop"


@pytest.mark.parametrize(("address", "loop"), [
    ("127.0.0.1", True), ("127.0.0.53", True), ("::1", True), ("::ffff:127.0.0.1", True),
    ("0.0.0.0", False), ("::", False), ("*", False), ("10.0.0.5", False)])
def test_is_loopback(address: str, loop: bool) -> None:
    assert is_loopback(address) is loop


def test_listening_empty_output_is_no_sockets() -> None:
    assert parse_listening("").sockets == ()


def test_ip_link_veth_suffix_and_wireless_by_type() -> None:
    links = parse_ip_link(
        "7: mon0: <BROADCAST,UP,LOWER_UP> mtu 1500 state UNKNOWN\\    link/ieee802.11/radiotap "
        "00:11:22:33:44:55 brd ff:ff:ff:ff:ff:ff\n").links
    assert links[0].name == "mon0" and links[0].up


# -- time_sync / syslog ------------------------------------------------------------------------
def test_time_sync_newer_status_wording() -> None:
    ts = parse_time_sync(">>> timedatectl-status exit=0\nSystem clock synchronized: yes\n"
                         "              NTP service: active\n")
    assert ts.ntp_enabled is True and ts.ntp_synchronized is True


def test_ntpq_without_sync_peer() -> None:
    ts = parse_time_sync(">>> ntpq exit=0\nNo association ID's returned\n")
    assert ts.ntp_peers == 0 and ts.ntp_sync_peer is None


def test_rsyslog_at_sign_that_is_not_forwarding() -> None:
    rl = parse_rsyslog_remote(">>> rsyslog exit=0\n$ActionMailTo ops@hospital.example\n"
                              "$template x,\"%msg%@%host%\"\n")
    assert rl.targets == ()


def test_rsyslog_failed_block_yields_no_targets() -> None:
    rl = parse_rsyslog_remote(">>> rsyslog exit=2\n>>> syslog-ng exit=127\n")
    assert rl.targets == () and rl.exits["rsyslog"] == 2 and rl.rsyslog_configured


def test_os_release_refuses_a_release_line_without_a_name() -> None:
    """Found by fuzzing: a REDHAT_RELEASE line with no distribution name raised IndexError."""
    import pytest

    from zicha.domain.errors import ParseError
    from zicha.parsers.linux import PARSERS

    with pytest.raises(ParseError) as info:
        PARSERS["os_release"]('REDHAT_RELEASE=" release 6"\n')
    assert info.value.line == 1


def test_listening_refuses_a_superscript_port() -> None:
    """Found by fuzzing: '²' passes str.isdigit() but int() refuses it (ValueError escaped)."""
    import pytest

    from zicha.domain.errors import ParseError
    from zicha.parsers.linux import PARSERS

    text = ("Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
            "udp   UNCONN 0      0      *:²111             *:*\n")
    with pytest.raises(ParseError) as info:
        PARSERS["listening"](text)
    assert info.value.line == 2
