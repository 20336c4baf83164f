"""Speed and memory of the matching step: a spec of 2,000 requirements against an inventory of
3,000 features, next to a bare rapidfuzz cdist of the same strings in the same run.

    python benchmarks/match_speed.py [--requirements 2000] [--features 3000] [--workers 2] [--seed 1]

The spec and inventory are generated from the sample specs' names and sentences, recombined and
varied the way vendors write (synonyms, suffixes, enumerations, unrelated extras), every line
unique so no cache makes the engine look faster than it is. Rows:
- bare cdist (full strings): rapidfuzz process.cdist(fuzz.ratio, uint8) of every feature's
  name + description + section against every requirement's name + text + section: the strings
  the matcher compares. This is the baseline; the targets are the match ≤ 1× it and the whole
  matching step ≤ 3× it.
- bare cdist (names only): the same over names alone, for scale.
- prepare: the spec side (once per spec; reused across inventories).
- match: the inventory side with a prepared spec.
- whole matching step: prepare + match, from cold caches.
- match again: the same inventory once more; SudachiPy's work is cached, so the difference to
  "match" is what tokenising the inventory costs.
--workers sets the bare cdist's threads; the matcher runs in one (its one cdist, over names, was
dropped in the thirty-second round: docs/benchmarks.md).
Peak memory is traced with tracemalloc (numpy and scipy arrays included; rapidfuzz's own C
allocations are not seen: the bare cdist rows show the size of their n×m uint8 result) in a second
run of each step, since tracing slows Python code down.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck.files.spec_json import load_spec  # noqa: E402
from gapcheck.matching import MatchSettings, match, prepare  # noqa: E402
from gapcheck.matching import terms as normalisation  # noqa: E402
from gapcheck.model import Category, Feature, Inventory, InventoryKind, Kind, Requirement, Spec  # noqa: E402
from gapcheck.text import normalize  # noqa: E402

_VENDOR = {"交付": "発行", "照会": "検索", "受付": "受付処理", "の": "", "管理": "管理画面"}
_SUFFIXES = ["処理", "機能", "画面", "入力", "（一括）", "（窓口）", "登録", "出力", ""]


def _sources():
    specs = [load_spec(p) for p in sorted((ROOT / "specs").glob("*.json"))]
    requirements = [r for s in specs for r in s.requirements]
    names = [r.name for r in requirements]
    sentences = [s for r in requirements for s in re.split(r"(?<=。)", r.text) if s.strip()]
    words = sorted({w for r in requirements for w in normalisation.words(r.name) if len(w) > 1})
    sections = sorted({label for r in requirements for label in r.section})
    return names, sentences, words, sections


def generate(requirements: int, features: int, seed: int) -> tuple[Spec, Inventory]:
    rng = random.Random(seed)
    names, sentences, words, sections = _sources()
    reqs = []
    for i in range(requirements):
        name = f"{rng.choice(words)}に係る{rng.choice(names)}"
        text = "".join(f"{rng.choice(words)}について、{rng.choice(sentences)}" for _ in range(rng.randint(1, 3)))
        reqs.append(
            Requirement(
                id=f"999{i:04d}", kind=Kind.FUNCTION, name=name, text=text,
                category=rng.choice(list(Category)), section=(rng.choice(sections), f"{rng.choice(words)}の管理"),
            )
        )
    spec = Spec(area="ベンチマーク", version="第1.0版", requirements=tuple(reqs), sample=True)
    feats = []
    for i in range(features):
        roll = rng.random()
        if roll < 0.6:  # a requirement as a vendor names it
            base = rng.choice(reqs).name
            for a, b in _VENDOR.items():
                if rng.random() < 0.5:
                    base = base.replace(a, b)
            name = base + rng.choice(_SUFFIXES)
        elif roll < 0.8:  # a coarse feature
            name = f"{rng.choice(words)}・{rng.choice(words)}{rng.choice(_SUFFIXES)}"
        else:  # an extra
            name = "".join(rng.sample(words, 3)) + rng.choice(_SUFFIXES)
        text = f"{rng.choice(words)}の{rng.choice(sentences)}"[:80]
        feats.append(
            Feature(key=f"F{i:05d}", sheet="機能一覧", row=i + 2, name=f"{name}{i}", text=text,
                    section=(rng.choice(sections),))
        )
    return spec, Inventory(path="benchmark", kind=InventoryKind.CATALOG, features=tuple(feats))


def measure(label: str, run, before=lambda: None) -> tuple[str, float, float, object]:
    """Time a step, then run it again under tracemalloc for its peak memory (tracing slows Python
    code several times over, so the two are never measured together)."""
    before()
    gc.collect()
    start = time.perf_counter()
    value = run()
    seconds = time.perf_counter() - start
    before()
    gc.collect()
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if isinstance(value, np.ndarray):  # rapidfuzz allocates its result where tracemalloc cannot see
        peak = max(peak, value.nbytes)
    return label, seconds, peak / 2**20, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=int, default=2000)
    parser.add_argument("--features", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    spec, inventory = generate(args.requirements, args.features, args.seed)
    settings = MatchSettings()
    normalisation.lexicon()  # the word lists load once per process, outside any timing
    normalisation._tokenizer()

    feature_strings = [normalize(" ".join((f.name, f.text, *f.section))) for f in inventory.features]
    requirement_strings = [normalize(" ".join((r.name, r.text, *r.section))) for r in spec.requirements]

    def bare(queries, choices):
        return lambda: process.cdist(queries, choices, scorer=fuzz.ratio, dtype=np.uint8, workers=args.workers)

    rows = [
        measure("bare cdist (full strings)", bare(feature_strings, requirement_strings)),
        measure("bare cdist (names only)", bare([f.name for f in inventory.features], [r.name for r in spec.requirements])),
    ]
    cold = normalisation._line.cache_clear
    prepared = measure("prepare (spec side, once per spec)", lambda: prepare(spec), cold)
    spec_lines = lambda: (cold(), prepare(spec))  # noqa: E731 - the spec's lines cached, the inventory's not
    result = measure("match (prepared spec)", lambda: match(spec, inventory, settings=settings, index=prepared[3]), spec_lines)
    whole = measure("whole matching step (prepare + match)", lambda: match(spec, inventory, settings=settings), cold)
    warm = measure("match again (every line tokenised before)", lambda: match(spec, inventory, settings=settings, index=prepared[3]))
    rows += [prepared, result, whole, warm]

    baseline = rows[0][1]
    print(f"{len(spec.requirements)} requirements × {len(inventory.features)} features, workers={args.workers}, "
          f"mean string length {np.mean([len(s) for s in requirement_strings]):.0f} (requirements) / "
          f"{np.mean([len(s) for s in feature_strings]):.0f} (features)")
    width = max(len(r[0]) for r in rows)
    print(f"{'step'.ljust(width)}  {'seconds':>8}  {'× bare cdist':>12}  {'peak MiB':>8}")
    for label, seconds, peak, _ in rows:
        print(f"{label.ljust(width)}  {seconds:8.2f}  {seconds / baseline:12.2f}  {peak:8.1f}")
    statuses = {}
    for fm in whole[3].features:
        statuses[fm.status.value] = statuses.get(fm.status.value, 0) + 1
    print(f"\noutcome: {statuses}")
    for label, seconds, most in (("match (prepared spec)", result[1], 1), ("whole matching step", whole[1], 3)):
        ratio = seconds / baseline
        print(f"target: {label} ≤ {most}× bare cdist of the full strings → {ratio:.2f}× ({'met' if ratio <= most else 'NOT met'})")


if __name__ == "__main__":
    main()
