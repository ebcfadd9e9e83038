#!/usr/bin/env bash
# Generated PDFs embed a CJK font. Installs Debian's fonts-noto-cjk when no CJK font is found and
# we are root; otherwise warns (documents then fail with a message naming PDF_FONT_PATH).
set -uo pipefail
[ -n "${PDF_FONT_PATH:-}" ] && exit 0
fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing fonts-wqy-microhei and fonts-noto-cjk (Debian) for Chinese text in generated PDFs"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei fonts-noto-cjk >/dev/null && exit 0
fi
echo "warning: no CJK font found; install fonts-noto-cjk or set PDF_FONT_PATH, or generated PDFs will fail" >&2
exit 0
