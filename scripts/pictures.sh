#!/usr/bin/env bash
# make pictures: page 1 of the standard and okr styles of examples/xinghe-primary.yaml and of a
# 公文-wrapped plan with its 印发通知 (examples/hewan-primary-term.yaml), as PNG files in DIR (default docs/images).
set -euo pipefail

dir="${1:-docs/images}"
plangen="${PLANGEN:-.venv/bin/plangen}"
python="${PYTHON:-.venv/bin/python}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dir"

"$plangen" render examples/xinghe-primary.yaml --style standard,okr --to pdf -o "$tmp"
"$plangen" render examples/hewan-primary-term.yaml --style standard --to pdf -o "$tmp/wrapped"
mv "$(find "$tmp/wrapped" -name '*.pdf' | head -n 1)" "$tmp/wrapped.pdf"
for pair in "standard:standard" "okr:okr" "wrapped:wrapped-notice"; do
    src="${pair%%:*}" name="${pair##*:}"
    pdf="$(find "$tmp" -maxdepth 1 -name "*${src}.pdf" | head -n 1)"
    pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "$dir/$name-page1"
    echo "$dir/$name-page1.png"
done
