"""Byte-identity check for the .docx converter: every example × style × theme, part by part.

    .venv/bin/python scripts/docx_snapshot.py save DIR    # before a change: store every part
    .venv/bin/python scripts/docx_snapshot.py check DIR   # after it: every part must be identical
    .venv/bin/python scripts/docx_snapshot.py check --parts-only DIR   # after a deliberate change
                                                      # of compression: the zip may differ

Each case is one example plan (examples/*.yaml), one built-in style and one built-in theme, in
Simplified script, plus the Traditional (hant) script of the first example and the bench's sample
plan. The Markdown of each case is stored too and converted again on `check`, so a change outside
plangen/docx (templates, rendering) cannot hide or fake a difference in the converter. Each
part of the zip is compared (names, order, bytes), then the zip's bytes as a whole (unless
--parts-only), and each case is converted twice: the two zips must be the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import pickle
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cases() -> Iterator[tuple[str, str, object, str, str]]:
    """Yields (case name, Markdown, DocMeta, theme name, script) for every case."""
    from plangen.docx.theme import builtin_theme_names
    from plangen.pipeline.document import docmeta, markdown_text
    from plangen.plan.load import load_plan
    from plangen.render.styles import builtin_styles

    themes = builtin_theme_names()
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    for path in examples:
        plan = load_plan(path)
        scripts = ["hans", "hant"] if path == examples[0] else ["hans"]
        for script in scripts:
            meta = docmeta(plan, script)
            for style in builtin_styles():
                markdown = markdown_text(plan, style, script=script)
                for theme in themes:
                    yield f"{path.stem}.{style}.{theme}.{script}", markdown, meta, theme, script
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_docx import SAMPLE_META, sample_plan_markdown

    for theme in themes:
        yield f"bench-sample.{theme}.hans", sample_plan_markdown(), SAMPLE_META, theme, "hans"


def convert(markdown: str, meta: object, theme: str, script: str) -> bytes:
    from plangen.docx.writer import markdown_to_docx
    from plangen.pipeline.document import docx_theme

    return markdown_to_docx(markdown, docx_theme(theme, script), meta)  # type: ignore[arg-type]


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def save(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for name, markdown, meta, theme, script in cases():
        data = convert(markdown, meta, theme, script)
        stored.append((name, markdown, meta, theme, script, data, parts(data)))
    (folder / "cases.pickle").write_bytes(pickle.dumps(stored))
    index = {name: hashlib.sha256(data).hexdigest() for name, *_, data, _p in stored}
    (folder / "index.json").write_text(json.dumps(index, indent=1), encoding="utf-8")
    print(f"saved {len(stored)} cases in {folder}")


def check(folder: Path, parts_only: bool = False) -> int:
    stored = pickle.loads((folder / "cases.pickle").read_bytes())
    bad = 0
    for name, markdown, meta, theme, script, data, want in stored:
        got_data = convert(markdown, meta, theme, script)
        if convert(markdown, meta, theme, script) != got_data:
            print(f"{name}: two runs gave different bytes")
            bad += 1
            continue
        got = parts(got_data)
        if list(got) != list(want):
            print(f"{name}: part names differ: {list(got)} != {list(want)}")
            bad += 1
            continue
        diff = [part for part in want if got[part] != want[part]]
        if diff:
            print(f"{name}: parts differ: {', '.join(diff)}")
            bad += 1
        elif got_data != data and not parts_only:
            print(f"{name}: every part identical, zip bytes differ")
            bad += 1
    print(f"checked {len(stored)} cases: {len(stored) - bad} identical, {bad} differ")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("save", "check"))
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--parts-only", action="store_true", help="compare the parts only, not the zip's bytes"
    )
    args = parser.parse_args()
    if args.action == "save":
        save(args.folder)
        return 0
    return check(args.folder, args.parts_only)


if __name__ == "__main__":
    sys.exit(main())
