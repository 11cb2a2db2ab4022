#!/usr/bin/env bash
# make pictures: page 1 of the standard and okr styles of examples/xinghe-primary.yaml and of a
# 公文-wrapped 印发通知 (tests/data/wrapped-notice.md), as PNG files in DIR (default docs/images).
set -euo pipefail

dir="${1:-docs/images}"
plangen="${PLANGEN:-.venv/bin/plangen}"
python="${PYTHON:-.venv/bin/python}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dir"

"$plangen" render examples/xinghe-primary.yaml --style standard,okr --to pdf -o "$tmp"
"$python" - "$tmp/wrapped.pdf" <<'PY'
import sys
from pathlib import Path

sys.path.insert(0, "tests")
from test_docx_wrapper import wrapped  # the hand-written wrapped notice the tests check

from plangen.pipeline.pdf import docx_to_pdf

Path(sys.argv[1]).write_bytes(docx_to_pdf(wrapped(), name=sys.argv[1]))
PY
for pair in "standard:standard" "okr:okr" "wrapped:wrapped-notice"; do
    src="${pair%%:*}" name="${pair##*:}"
    pdf="$(find "$tmp" -maxdepth 1 -name "*${src}.pdf" | head -n 1)"
    pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" "$dir/$name-page1"
    echo "$dir/$name-page1.png"
done
