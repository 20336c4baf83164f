"""Speed of `gapcheck spec diff` (diff_specs) on large synthetic editions.

    python benchmarks/diff_speed.py [--sizes 300,1000,2000] [--baseline-max 1000]

Two cases per size N: a typical revision (5% of requirements reworded, 2% renumbered, 2% added and
removed) and the worst case, every id changed (an edition that introduced 機能ID where the previous
one keyed requirements by section number): N removed × N added pairs to score. The baseline, run in
the same process, scores the pairs one by one in Python (as a plain pairwise `_similarity` would);
the table shows seconds and the speed-up.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from gapcheck.files.spec_json import load_spec  # noqa: E402
from gapcheck.model import Kind, Spec  # noqa: E402
from gapcheck.rules import diff as diff_module  # noqa: E402


def _requirements(n: int):
    """N distinct requirements from the sample specs' texts (numbered, so no two are identical)."""
    texts = [r for name in ("juki-1.0.json", "inkan-1.0.json") for r in load_spec(ROOT / "specs" / name).requirements]
    out = []
    for i in range(n):
        base = texts[i % len(texts)]
        out.append(replace(base, id=f"{1 + i // 9000:03d}{i % 9000 + 1:04d}", kind=Kind.FUNCTION,
                           text=f"{base.text}（第{i // len(texts) + 1}項）"))
    return out


def editions(n: int, every_id: bool) -> tuple[Spec, Spec]:
    old = _requirements(n)
    if every_id:
        new = [replace(r, id=f"9{r.id[1:]}") for r in old]
    else:
        new = []
        for i, r in enumerate(old):
            if i % 50 == 7:
                continue  # removed
            if i % 20 == 3:
                r = replace(r, text=r.text.replace("できること", "できるようにすること"))
            if i % 50 == 11:
                r = replace(r, id=f"9{r.id[1:]}")  # renumbered
            new.append(r)
            if i % 50 == 13:
                new.append(replace(r, id=f"8{r.id[1:]}", name="新しい要件", text=f"新たに追加された要件 {i}。"))
    return Spec("住民記録", "第1.0版", tuple(old)), Spec("住民記録", "第2.0版", tuple(new))


def _pairwise(old, new):
    """Baseline: every pair scored by a Python call."""
    keys_old = [diff_module._comparable_requirement(r) for r in old]
    keys_new = [diff_module._comparable_requirement(r) for r in new]
    return np.array([[fuzz.ratio(a, b) / 100 for b in keys_new] for a in keys_old], dtype=np.float32).reshape(
        len(old), len(new)
    )


def _time(old: Spec, new: Spec) -> tuple[float, object]:
    diff_module._comparable.cache_clear()  # both runs start cold
    diff_module._contrast_sides.cache_clear()
    start = time.perf_counter()
    result = diff_module.diff_specs(old, new)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,1000,2000")
    parser.add_argument("--baseline-max", type=int, default=1000, help="largest N to run the slow baseline on")
    args = parser.parse_args()
    from gapcheck.matching.terms import lexicon

    lexicon()  # the tokenizer and word lists load once per process, outside the timings
    print(f"{'case':<16}{'N':>6}{'pairs':>12}{'gapcheck s':>12}{'baseline s':>12}{'speed-up':>10}  result")
    for n in (int(s) for s in args.sizes.split(",")):
        for name, every_id in (("typical", False), ("every id new", True)):
            old, new = editions(n, every_id)
            seconds, result = _time(old, new)
            pairs = (len(result.removed) + len(result.renumbered)) * (len(result.added) + len(result.renumbered))
            if n <= args.baseline_max:
                with mock.patch.object(diff_module, "_similarities", _pairwise):
                    baseline, expected = _time(old, new)
                assert expected.id_map == result.id_map, "baseline and gapcheck disagree"
                base_text, ratio = f"{baseline:.2f}", f"{baseline / seconds:.1f}x"
            else:
                base_text, ratio = "-", "-"
            counts = " ".join(f"{c.value}={k}" for c, k in result.counts.items() if k)
            print(f"{name:<16}{n:>6}{pairs:>12}{seconds:>12.2f}{base_text:>12}{ratio:>10}  {counts}")


if __name__ == "__main__":
    main()
