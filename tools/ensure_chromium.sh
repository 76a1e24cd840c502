#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when it is missing and we can.
set -euo pipefail
chromium=${KITCHEN_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] && exit 0
if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
  if [ "$sudo" != none ]; then
    echo "installing Debian's chromium for the browser tests..."
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
    [ -x "$chromium" ] && exit 0
  fi
fi
echo "error: the browser tests need Chromium at $chromium: install it with 'sudo apt-get install chromium'" >&2
exit 1
