#!/usr/bin/env bash
# Install and start what the tests need, on a clean Debian 12 machine, as root.
# Installs only what is missing, so a warm machine stays fast. Prints the
# PostgreSQL URL for the tests on its last line (empty when not available).
set -euo pipefail
log() { echo "[test-env] $*" >&2; }

need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in postgresql gettext fonts-noto-cjk libreoffice-writer-nogui poppler-utils chromium; do
  have "$pkg" || need+=("$pkg")
done
if [ "$(id -u)" = 0 ] && [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
elif [ ${#need[@]} -gt 0 ]; then
  log "not root: cannot install ${need[*]} — the tests that need them are skipped"
fi

# PostgreSQL: start the Debian cluster and create the test role.
url=""
if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  ver=$(pg_lsclusters -h | awk 'NR==1{print $1}')
  if [ -n "$ver" ]; then
    pg_lsclusters -h | awk 'NR==1{print $4}' | grep -q online || pg_ctlcluster "$ver" main start >&2
    for _ in $(seq 1 30); do
      su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
      sleep 1
    done
    su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='zicha'\"" | grep -q 1 || \
      su postgres -c "psql -qc \"CREATE ROLE zicha LOGIN PASSWORD 'zicha' CREATEDB\"" >&2
    url="postgresql://zicha:zicha@127.0.0.1:5432/zicha"
  fi
fi
echo "$url"
