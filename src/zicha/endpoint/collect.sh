#!/bin/sh
# zicha Linux collector: prints ONE bundle (docs/bundle-format.md) to stdout.
#
#   sh collect.sh > "$(hostname)-$(date +%Y%m%d).zb"
#
# Read-only: it changes nothing on the host, needs no network, and never prints
# password hashes (/etc/shadow is reduced to name:empty|locked|set:lastchg:max).
# Runs without root; as root it collects more (sshd -T, shadow, firewall rules).
# A section whose command fails records its exit status (127 = not installed,
# 124 = timed out); the reader decides what that means.

export LC_ALL=C LANG=C
PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin"
export PATH
umask 077
COLLECTOR_VERSION=1.0.0

if command -v timeout >/dev/null 2>&1; then
    T() { timeout 20 "$@"; }
else
    T() { "$@"; }
fi

# -- scratch space for captured stderr (never part of a section body) --------
TMPD=$(mktemp -d 2>/dev/null) || TMPD=""
if [ -n "$TMPD" ] && [ -d "$TMPD" ]; then
    ERRF="$TMPD/err"; ERRLOG="$TMPD/errlog"
    : >"$ERRLOG"
    trap 'rm -rf "$TMPD"' EXIT
    trap 'rm -rf "$TMPD"; exit 130' INT TERM
else
    ERRF=/dev/null; ERRLOG=""
fi

rand_hex() {
    h=$(od -An -N8 -tx1 /dev/urandom 2>/dev/null | tr -d ' \n')
    if [ ${#h} -ne 16 ]; then
        h=$(awk -v s="$$" 'BEGIN { srand(); srand(srand() + s);
            for (i = 0; i < 16; i++) printf "%x", int(rand() * 16) }')
    fi
    printf '%s' "$h"
}
B="Zb$(rand_hex)"

# emit TEXT: print captured output with one line terminator, nothing if empty
emit() { if [ -n "$1" ]; then printf '%s\n' "$1"; fi; return 0; }

# blk LABEL EXIT: sub-block header inside a composite section
blk() { printf '>>> %s exit=%s\n' "$1" "$2"; }

# run_block LABEL CMD ARGS...: one labelled sub-command of a composite section
run_block() {
    _label=$1; shift
    if ! command -v "$1" >/dev/null 2>&1; then blk "$_label" 127; return 0; fi
    _out=$(T "$@" 2>>"$ERRF" </dev/null); _r=$?
    blk "$_label" "$_r"; emit "$_out"
}

# catfile PATH: exit 1 = does not exist, 2 = exists but unreadable
catfile() {
    [ -e "$1" ] || return 1
    cat "$1" 2>>"$ERRF" || return 2
}

# catfiles PATH...: each existing file after a "# file: PATH" line.
# exit 1 = none exists, 2 = one exists but is unreadable, else 0
catfiles() {
    _found=0; _rc=0
    for _f in "$@"; do
        [ -e "$_f" ] || continue
        _found=1
        printf '# file: %s\n' "$_f"
        awk 1 "$_f" 2>>"$ERRF" || _rc=2
    done
    [ "$_found" = 1 ] || return 1
    return "$_rc"
}

# section NAME FUNC: one section, always exactly one "\n" before the END line
section() {
    _name=$1; shift
    printf '%s\n' "--$B BEGIN $_name"
    if [ -n "$ERRLOG" ]; then : >"$ERRF"; fi
    "$@" </dev/null 2>>"$ERRF"
    _rc=$?
    printf '\n%s\n' "--$B END $_name exit=$_rc"
    if [ -n "$ERRLOG" ] && [ -s "$ERRF" ]; then
        head -n 5 "$ERRF" | awk -v n="$_name" '{ print n ": " $0 }' >>"$ERRLOG"
    fi
}

# -- sections -----------------------------------------------------------------
s_os_release() {
    if [ -r /etc/os-release ]; then cat /etc/os-release
    elif [ -r /usr/lib/os-release ]; then cat /usr/lib/os-release
    elif [ -r /etc/redhat-release ]; then
        # EL6 and older have no os-release: hand the reader the release line
        printf 'REDHAT_RELEASE="%s"\n' "$(head -n 1 /etc/redhat-release | sed 's/[\\"]/\\&/g')"
    else return 1
    fi
}

s_uname() { T uname -srm; }

s_hostname() {
    if command -v hostname >/dev/null 2>&1; then T hostname; else uname -n; fi
}

s_login_defs() { catfile /etc/login.defs; }

s_pwquality_conf() {
    catfiles /etc/security/pwquality.conf /etc/security/pwquality.conf.d/*.conf
}

s_pam_password() {
    # Debian family: common-password + common-auth; RHEL family: system-auth +
    # password-auth (their auth lines carry faillock); faillock.conf (EL8+).
    catfiles /etc/pam.d/common-password /etc/pam.d/common-auth \
        /etc/pam.d/system-auth /etc/pam.d/password-auth /etc/security/faillock.conf
}

s_sshd_effective() {
    _sshd=$(command -v sshd 2>/dev/null) || return 127
    T "$_sshd" -T
}

# sshd_config and every file it Includes (relative paths are under /etc/ssh)
s_sshd_config() (
    [ -e /etc/ssh/sshd_config ] || exit 1
    cd /etc/ssh || exit 2
    SEEN=" "; RC=0
    conf_file() {
        case "$SEEN" in *" $1 "*) return 0 ;; esac
        SEEN="$SEEN$1 "
        printf '# file: %s\n' "$1"
        if [ -r "$1" ] && awk 1 "$1"; then :; else RC=2; return 0; fi
        [ "$2" -ge 4 ] && return 0
        for _pat in $(awk 'tolower($1) == "include" { for (i = 2; i <= NF; i++) print $i }' "$1"); do
            case "$_pat" in /*) ;; *) _pat="/etc/ssh/$_pat" ;; esac
            for _g in $_pat; do
                if [ -e "$_g" ]; then conf_file "$_g" $(($2 + 1)); fi
            done
        done
    }
    conf_file /etc/ssh/sshd_config 0
    exit "$RC"
)

s_modprobe_usb() {
    set --
    for _d in /etc/modprobe.d /run/modprobe.d /usr/local/lib/modprobe.d \
              /usr/lib/modprobe.d /lib/modprobe.d /etc/modprobe.conf; do
        [ -e "$_d" ] || continue
        if [ "$_d" = /lib/modprobe.d ] && [ -L /lib ]; then continue; fi
        set -- "$@" "$_d"
    done
    [ $# -gt 0 ] || return 1
    T grep -rH 'usb.storage' "$@"
}

s_lsmod() { catfile /proc/modules; }

s_firewall() {
    if command -v systemctl >/dev/null 2>&1; then
        _out=""; _r=1
        for _u in firewalld ufw nftables iptables; do
            _st=$(T systemctl is-active "$_u" 2>/dev/null | head -n 1)
            [ -n "$_st" ] && _r=0
            _out="$_out$_u ${_st:-unknown}
"
        done
        blk systemctl "$_r"; printf '%s' "$_out"
    else
        blk systemctl 127
    fi
    run_block firewall-cmd firewall-cmd --state
    run_block ufw ufw status
    if command -v nft >/dev/null 2>&1; then
        _out=$(T nft list ruleset 2>>"$ERRF"); _r=$?
        blk nft "$_r"
        # a summary, not the ruleset: line count, rules, input hook policy
        if [ "$_r" = 0 ]; then
            printf '%s\n' "$_out" | awk '
                { lines++ }
                /^[ \t]*chain[ \t]/ { inchain = 1; hook = ""; next }
                inchain && /^[ \t]*}/ { inchain = 0; next }
                inchain && /type[ \t].*[ \t]hook[ \t]/ {
                    if (match($0, /hook [a-z]+/)) hook = substr($0, RSTART + 5, RLENGTH - 5)
                    if (hook == "input" && match($0, /policy [a-z]+/))
                        print "input_policy " substr($0, RSTART + 7, RLENGTH - 7)
                    next
                }
                inchain && NF > 0 { rules++; if (hook == "input") irules++ }
                END { print "lines " lines + 0; print "rules " rules + 0
                      print "input_rules " irules + 0 }'
        fi
    else
        blk nft 127
    fi
    run_block iptables iptables -S
    return 0
}

s_listening() {
    if [ "$(id -u)" = 0 ]; then _p=p; else _p=""; fi
    if command -v ss >/dev/null 2>&1; then
        _out=$(T ss -H -tuln$_p 2>/dev/null); _r=$?
        if [ "$_r" != 0 ]; then _out=$(T ss -tuln$_p); _r=$?; fi   # old ss: no -H
    elif command -v netstat >/dev/null 2>&1; then
        _out=$(T netstat -tuln$_p); _r=$?
    else
        return 127
    fi
    emit "$_out"
    return "$_r"
}

s_time_sync() {
    if command -v timedatectl >/dev/null 2>&1; then
        _out=$(T timedatectl show 2>/dev/null); _r=$?
        if [ "$_r" = 0 ]; then
            blk timedatectl-show 0; emit "$_out"
        else   # systemd < 239 (EL7) has no "show"
            _out=$(T timedatectl status); _r=$?
            blk timedatectl-status "$_r"; emit "$_out"
        fi
    else
        blk timedatectl-show 127
    fi
    if command -v systemctl >/dev/null 2>&1; then
        _out=""; _r=1
        for _u in chronyd chrony ntpd ntp ntpsec systemd-timesyncd; do
            _st=$(T systemctl is-active "$_u" 2>/dev/null | head -n 1)
            [ -n "$_st" ] && _r=0
            _out="$_out$_u ${_st:-unknown}
"
        done
        blk systemctl "$_r"; printf '%s' "$_out"
    else
        blk systemctl 127
    fi
    run_block chronyc chronyc -n tracking
    run_block ntpq ntpq -pn
    return 0
}

s_shadow_summary() {
    [ -e /etc/shadow ] || return 1
    # name:state:lastchg:max — the hash itself never leaves this awk
    T awk -F: '$1 != "" && $1 !~ /^#/ {
        p = $2
        if (p == "") s = "empty"
        else if (p ~ /^[!*]/) s = "locked"
        else if (p ~ /^\$/ || length(p) == 13) s = "set"
        else s = "locked"
        printf "%s:%s:%s:%s\n", $1, s, $3, $5 }' /etc/shadow
}

s_passwd() { catfile /etc/passwd; }

s_rsyslog_remote() {
    if [ -e /etc/rsyslog.conf ]; then
        set -- /etc/rsyslog.conf
        for _f in /etc/rsyslog.d/*.conf; do [ -e "$_f" ] && set -- "$@" "$_f"; done
        # uncommented forwarding lines; action(...) blocks joined onto one line
        _out=$(T awk '
            FNR == 1 { buf = "" }
            { l = $0; sub(/^[ \t]+/, "", l); sub(/[ \t\r]+$/, "", l) }
            l == "" || l ~ /^#/ { next }
            buf != "" { buf = buf " " l; if (l ~ /\)/) { if (buf ~ /omfwd/) print buf; buf = "" }; next }
            l ~ /action[ \t]*\(/ { if (l ~ /\)/) { if (l ~ /omfwd/) print l } else buf = l; next }
            l ~ /@/ { print l }' "$@" 2>>"$ERRF"); _r=$?
        blk rsyslog "$_r"; emit "$_out"
    else
        blk rsyslog 127
    fi
    if [ -e /etc/syslog-ng/syslog-ng.conf ]; then
        set -- /etc/syslog-ng/syslog-ng.conf
        for _f in /etc/syslog-ng/conf.d/*.conf; do [ -e "$_f" ] && set -- "$@" "$_f"; done
        _out=$(T awk '
            FNR == 1 { buf = "" }
            { l = $0; sub(/^[ \t]+/, "", l); sub(/[ \t\r]+$/, "", l) }
            l == "" || l ~ /^#/ { next }
            buf != "" { buf = buf " " l; if (l ~ /}[ \t]*;/) { print buf; buf = "" }; next }
            l ~ /^destination[ \t]/ { if (l ~ /}[ \t]*;/) print l; else buf = l }' "$@" 2>>"$ERRF"); _r=$?
        blk syslog-ng "$_r"; emit "$_out"
    else
        blk syslog-ng 127
    fi
    return 0
}

s_services_running() {
    T systemctl list-units --type=service --state=running --no-legend --plain
}

s_ip_addr() { T ip -o addr show; }
s_ip_link() { T ip -o link show; }

# stderr of the sections above, "section: message" (first 5 lines each)
s_collector_stderr() { if [ -n "$ERRLOG_FINAL" ]; then cat "$ERRLOG_FINAL"; fi; }

# -- the bundle ---------------------------------------------------------------
_host=$(hostname 2>/dev/null || uname -n)
printf 'ZICHA-BUNDLE 1\n'
printf 'boundary: %s\n' "$B"
printf 'platform: linux\n'
printf 'hostname: %s\n' "$_host"
printf 'collector: collect.sh %s\n' "$COLLECTOR_VERSION"
printf 'collected_at: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf 'euid: %s\n' "$(id -u)"
printf 'bundle_format: 1\n'
printf '\n'

section os_release s_os_release
section uname s_uname
section hostname s_hostname
section login_defs s_login_defs
section pwquality_conf s_pwquality_conf
section pam_password s_pam_password
section sshd_effective s_sshd_effective
section sshd_config s_sshd_config
section modprobe_usb s_modprobe_usb
section lsmod s_lsmod
section firewall s_firewall
section listening s_listening
section time_sync s_time_sync
section shadow_summary s_shadow_summary
section passwd s_passwd
section rsyslog_remote s_rsyslog_remote
section services_running s_services_running
section ip_addr s_ip_addr
section ip_link s_ip_link
ERRLOG_FINAL=$ERRLOG; ERRLOG=""
section collector_stderr s_collector_stderr
exit 0
