#!/usr/bin/env bash
# Debian packages some features and their tests need: OCR of scanned PDFs (Tesseract and
# its Vietnamese model), poppler's text engine, a headless browser for the HTML reports,
# and LibreOffice for .doc/.odt input and .docx → PDF checks. Installs the missing ones
# when run as root with apt-get; otherwise says how, and the tests that need them skip.
set -u
PACKAGES=(tesseract-ocr tesseract-ocr-vie poppler-utils chromium libreoffice-writer-nogui fonts-dejavu-core fonts-liberation)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || echo "warning: could not install ${missing[*]}; the tests that need them will skip" >&2
else
  echo "note: 'sudo apt-get install ${missing[*]}' enables OCR, browser and LibreOffice tests" >&2
fi
exit 0
