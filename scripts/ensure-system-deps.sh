#!/usr/bin/env bash
# Make sure the machine has what the Python packages cannot bring:
#   - Chromium, which kaleido drives to export PNG/SVG/PDF (and the browser tests use);
#   - ChromeDriver, for the browser tests of the app;
#   - a CJK font, without which Chinese labels render as empty boxes;
#   - Carlito, Calibri's metric twin, on whose metrics the tests measure the deck's text;
#   - PostgreSQL's server programs (initdb, pg_ctl), with which the tests start a
#     throwaway cluster to run the storage tests against the team database;
#   - Redis (redis-server), which the tests start on a free port to run background
#     jobs through real Celery workers (team mode) and to share rate-limit counts;
#   - pdftotext (poppler-utils), with which the tests read the text of exported PDFs;
#   - systemd-analyze (systemd), with which the tests verify deploy/systemd's units.
# On Debian/Ubuntu as root, missing packages are installed with apt. Elsewhere
# it says what to install; under CI=true a missing piece is an error, because
# no export or browser test may be skipped there.
set -euo pipefail

missing=()
have_chrome=""
for c in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$c" >/dev/null 2>&1; then have_chrome="$c"; break; fi
done
[ -n "$have_chrome" ] || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if ! command -v fc-list >/dev/null 2>&1; then
  missing+=(fontconfig fonts-noto-cjk)
elif [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
  missing+=(fonts-noto-cjk)
fi
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list Carlito family 2>/dev/null)" ]; then
  missing+=(fonts-crosextra-carlito)
fi

if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi

command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ -r /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

cat >&2 <<MSG
Missing system packages: ${missing[*]}
They are needed for image export (Chromium), browser tests (ChromeDriver),
Chinese labels (a CJK font), measuring the deck's text (Carlito), the PostgreSQL storage tests (postgresql), the
Celery job and rate-limit tests (redis-server), the PDF text tests (poppler-utils)
and the systemd unit checks (systemd).
Install them, then run make again:
  Debian/Ubuntu:  sudo apt-get install -y chromium chromium-driver fonts-noto-cjk fonts-crosextra-carlito postgresql redis-server poppler-utils systemd
  Fedora:         sudo dnf install -y chromium chromedriver google-noto-sans-cjk-fonts google-carlito-fonts postgresql-server redis poppler-utils
  macOS:          brew install --cask google-chrome chromedriver font-noto-sans-cjk font-carlito && brew install postgresql redis poppler
MSG
if [ "${CI:-}" = "true" ]; then exit 1; fi
echo "Continuing without them: the tests that need them will be skipped." >&2
