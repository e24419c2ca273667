#!/usr/bin/env bash
# The widget and end-to-end tests drive Debian's Chromium; no test tool may download a browser.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Cần Chromium tại /usr/bin/chromium: chạy 'sudo apt-get install -y chromium' rồi thử lại." >&2
  exit 1
fi
echo "Cài Chromium của Debian (lần đầu)…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
