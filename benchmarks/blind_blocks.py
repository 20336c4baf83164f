"""Write the blocks file a blind writer is given with tests/eval/juki-1.0-blind/BRIEF.md: the real
住民記録 第1.0版 第3章 as `gapcheck spec import` reads it (id, section path, name, 実装区分, text).

    python benchmarks/blind_blocks.py OUT.json

The standard's text comes from ../shared at run time and is never committed here; the writer sees
only that file and the brief, never the engine (the blind set's README says how catalogs are made).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blind_eval import available, real_spec  # noqa: E402

from gapcheck.outputs.i18n import label  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    if not available():
        raise SystemExit("../shared/data/standards/juki-1.0-chapter3.csv is missing")
    blocks = [
        {"id": r.id, "section": list(r.section), "name": r.name,
         "implementation_class": label(r.category), "text": r.text}
        for r in real_spec().requirements
    ]
    args.out.write_text(json.dumps(blocks, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(blocks)} blocks to {args.out}")


if __name__ == "__main__":
    main()
