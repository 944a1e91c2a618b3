#!/usr/bin/env bash
# Debian packages the portal needs beyond Python: Pango for WeasyPrint's PDFs, fonts, gettext for
# translations, and (with --browser) Debian's Chromium for the browser tests and nginx for the
# deployment tests. Installs only what is
# missing, and only when it can (root with apt-get); otherwise it says what to install.
set -euo pipefail
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext)
if [ "${1:-}" = "--browser" ]; then want+=(chromium nginx); fi
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Please install these Debian packages: ${missing[*]}" >&2
  exit 1
fi
