#!/usr/bin/env bash
# Regenerate the README's pictures of a printed export: causes plus its two most related
# articles, printed to PDF by headless Chromium, pages turned into PNG by pdftoppm.
# Needs Debian's chromium and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

related=$(uv run fsgs related causes --limit 2 | cut -f2)
# shellcheck disable=SC2086
uv run fsgs export what-causes-fsgs $related -q "Should my brother be tested too?" -o "$work/visit.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-extensions --no-pdf-header-footer --user-data-dir="$work/profile" \
  --print-to-pdf="$work/visit.pdf" "file://$work/visit.html" 2>/dev/null
pages=$(pdfinfo "$work/visit.pdf" | awk '/^Pages:/ {print $2}')
questions=$pages  # the page that starts the questions section
for page in $(seq "$pages" -1 1); do
  if pdftotext -f "$page" -l "$page" "$work/visit.pdf" - | grep -q "^Questions to ask your care team"; then
    questions=$page
    break
  fi
done
pdftoppm -png -scale-to 900 -f 2 -l 2 -singlefile "$work/visit.pdf" docs/export-article
pdftoppm -png -scale-to 900 -f "$questions" -l "$questions" -singlefile "$work/visit.pdf" \
  docs/export-questions
echo "docs/export-article.png, docs/export-questions.png (of $pages pages)"
