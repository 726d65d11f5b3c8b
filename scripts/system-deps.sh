#!/usr/bin/env bash
# Installs the Debian packages the product and the tests need when they are missing: Chromium for the
# browser tests (Playwright drives /usr/bin/chromium; no browser is ever downloaded), the libraries
# WeasyPrint renders PDFs with (Pango, HarfBuzz), the DejaVu fonts the PDFs embed, and poppler-utils
# (pdftotext, pdfinfo) the PDF tests read them with. `system-deps.sh run` installs only what the product
# itself needs (`make run`): the PDF libraries and fonts, not the browser and the test tools.
set -euo pipefail
mode=${1:-test}
need=()
has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
has_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
[ "$mode" = run ] || [ -x /usr/bin/chromium ] || need+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
has_lib libpango-1.0.so.0 || has_pkg libpango-1.0-0 || need+=(libpango-1.0-0)
has_lib libpangoft2-1.0.so.0 || has_pkg libpangoft2-1.0-0 || need+=(libpangoft2-1.0-0)
has_lib libharfbuzz.so.0 || has_pkg libharfbuzz0b || need+=(libharfbuzz0b)
has_lib libharfbuzz-subset.so.0 || has_pkg libharfbuzz-subset0 || need+=(libharfbuzz-subset0)
[ "$mode" = run ] || command -v pdftotext >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${need[*]}. Install them with: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "Installing ${need[*]} from Debian…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
