#!/usr/bin/env bash
# The browser tests drive Debian's chromium (never a downloaded browser), its headless shell, and
# need CJK fonts for readable screenshots. Installs them when missing and we are root; otherwise
# says what to install.
set -euo pipefail
need=()
[ -n "${CHROMIUM_PATH:-}" ] || [ -x /usr/lib/chromium/chromium-headless-shell ] || need+=(chromium-headless-shell)
# (read once: with pipefail, `fc-list | grep -q` failed whenever grep's early exit cut fc-list off,
# and every test run then installed the font again)
fonts=$(fc-list 2>/dev/null || true)
grep -qi "Noto Sans CJK" <<<"$fonts" || need+=(fonts-noto-cjk)
# the fast face for generated PDFs (documents/font.ts)
grep -qi "WenQuanYi Micro Hei" <<<"$fonts" || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${need[*]} (Debian packages) for the browser tests"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "The browser tests need: ${need[*]}. Install them (Debian: sudo apt-get install -y ${need[*]}) or set CHROMIUM_PATH." >&2
  exit 1
fi
