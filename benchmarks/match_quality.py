"""Matching quality on the labelled evaluation set (tests/eval/match_eval.json), for the engine and
for a naive baseline (difflib.get_close_matches on NFKC names) in the same run.

    python benchmarks/match_quality.py [--details] [--precision X] [--review-floor X] [--dev-only]

Prints, per matcher and for the items used while tuning (dev), the held-out items and all:
- precision: share of auto-accepted (feature, requirement) pairs that are right (target ≥ 0.95);
- recall@3: share of expected requirements found among the accepted matches and top-3 candidates
  (target ≥ 0.90);
- auto: share of features accepted without a person;
- extras out: share of extras (独自機能) not auto-accepted to anything (and how many end unmatched);
- traps: features auto-accepted to a near-miss that differs by a contrast term (target 0).

A second table runs the sample inventories in inventories/ through the real reader and the engine
and scores them against inventories/expected.json, an answer key written by another engineer
with the inventories and never used to tune the engine: features citing valid ids are left out
(they match by id), "ambiguous" ones are those its author says a matcher should ask a person about.
That key lists no 帳票 beside a function, so a function's printout accepted with it counts wrong.

A third table scores the blind catalogs against the real 住民記録 第1.0版 (blind_eval.py): each
development catalog matched with the words learned from the other development catalogs (never its
own answers), each held-out catalog with the shipped words, learned from the development catalogs.
Its last column is the cost side of showing weak guesses: features left unmatched (flagged as
独自機能, no candidate shown), of the 独自機能 rows and of the rows that have a counterpart.

--details lists every dev item the engine gets wrong or leaves to review.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "benchmarks"))

from blind_eval import acceptable, available, catalogs, index_for, real_spec  # noqa: E402

from gapcheck.files.spec_json import load_spec  # noqa: E402
from gapcheck.matching import MatchSettings, match, prepare  # noqa: E402
from gapcheck.matching.siblings import base_name  # noqa: E402
from gapcheck.model import Category, Feature, FeatureStatus, Inventory, InventoryKind, Verdict  # noqa: E402
from gapcheck.rules.classify import classify  # noqa: E402

EVAL = ROOT / "tests" / "eval" / "match_eval.json"


@dataclass(frozen=True)
class Outcome:
    accepted: tuple[str, ...]
    top: tuple[str, ...]  # ranked candidates
    status: str


def load_eval(path: Path = EVAL):
    document = json.loads(path.read_text(encoding="utf-8"))
    specs = {name: load_spec(ROOT / p) for name, p in document["specs"].items()}
    return specs, document["features"]


def inventory_of(items: list[dict]) -> Inventory:
    features = tuple(
        Feature(key=i["key"], sheet="機能一覧", row=n + 2, name=i["name"], text=i.get("text", ""),
                section=tuple(i.get("section", ())), refs=tuple(i.get("refs", ())))
        for n, i in enumerate(items)
    )
    return Inventory(path=str(EVAL), kind=InventoryKind.CATALOG, features=features)


def run_engine(specs, items, settings: MatchSettings) -> dict[str, Outcome]:
    out = {}
    for name, spec in specs.items():
        chosen = [i for i in items if i["spec"] == name]
        result = match(spec, inventory_of(chosen), settings=settings, index=prepare(spec))
        for fm in result.features:
            out[fm.feature] = Outcome(
                tuple(m.requirement for m in fm.matches), tuple(c.requirement for c in fm.candidates), fm.status.value
            )
    return out


def run_baseline(specs, items) -> dict[str, Outcome]:
    """difflib on NFKC names: accept its best match above difflib's default cutoff (0.6)."""
    out = {}
    for name, spec in specs.items():
        names = {unicodedata.normalize("NFKC", r.name): r.id for r in spec.requirements}
        for item in (i for i in items if i["spec"] == name):
            query = unicodedata.normalize("NFKC", item["name"])
            accepted = tuple(names[n] for n in difflib.get_close_matches(query, names, n=1, cutoff=0.6))
            top = tuple(names[n] for n in difflib.get_close_matches(query, names, n=3, cutoff=0.0))
            status = FeatureStatus.MATCHED if accepted else FeatureStatus.REVIEW
            out[item["key"]] = Outcome(accepted, top, status.value)
    return out


def metrics(items: list[dict], outcomes: dict[str, Outcome]) -> dict[str, float | str]:
    accepted_pairs = right_pairs = expected = found = auto = 0
    extras = extras_out = extras_unmatched = traps = 0
    for item in items:
        outcome = outcomes[item["key"]]
        is_extra = item["expect"] == "extra"
        good = set() if is_extra else set(item["expect"]) | set(item.get("also", ()))
        accepted_pairs += len(outcome.accepted)
        right_pairs += sum(1 for r in outcome.accepted if r in good)
        auto += bool(outcome.accepted)
        if set(outcome.accepted) & set(item.get("trap", ())):
            traps += 1
        if is_extra:
            extras += 1
            extras_out += not outcome.accepted
            extras_unmatched += outcome.status == FeatureStatus.UNMATCHED.value
        else:
            seen = set(outcome.accepted) | set(outcome.top[:3])
            expected += len(item["expect"])
            found += sum(1 for r in item["expect"] if r in seen)
    return {
        "features": len(items),
        "precision": right_pairs / accepted_pairs if accepted_pairs else float("nan"),
        "recall@3": found / expected if expected else float("nan"),
        "auto": auto / len(items),
        "extras out": f"{extras_out}/{extras} ({extras_unmatched} unmatched)",
        "traps": traps,
    }


def sample_inventories(settings: MatchSettings) -> list[tuple[str, str, dict]]:
    """Engine and baseline on the sample inventories, against the inventory author's answer key."""
    from gapcheck.readers.inventory import read_inventory

    answer_key = ROOT / "inventories" / "expected.json"
    if not answer_key.exists():
        return []
    key = json.loads(answer_key.read_text(encoding="utf-8"))
    items, engine, baseline = [], {}, {}
    for name, entry in key["files"].items():
        if "features" not in entry:
            continue  # the same inventory in another format
        spec = load_spec(ROOT / entry["spec"])
        inventory = read_inventory(ROOT / "inventories" / name, layout=ROOT / "inventories" / entry["layout"] if "layout" in entry else None)
        result = match(spec, inventory, settings=settings, index=prepare(spec))
        chosen = [
            {**e, "key": f"{name}:{e['key']}", "spec": entry["spec"]}
            for e in entry["features"]
            if not (e["refs"] and all(r in spec.by_id for r in e["refs"]))
        ]
        for e in chosen:
            fm = result.by_feature[e["key"].split(":", 1)[1]]
            engine[e["key"]] = Outcome(tuple(m.requirement for m in fm.matches), tuple(c.requirement for c in fm.candidates), fm.status.value)
        baseline.update(run_baseline({entry["spec"]: spec}, chosen))
        items.extend(chosen)
    rows = []
    for matcher, outcomes in (("engine", engine), ("difflib", baseline)):
        found = metrics(items, outcomes)
        ambiguous = [i for i in items if i["ambiguous"]]
        found["ambiguous auto"] = f"{sum(1 for i in ambiguous if outcomes[i['key']].accepted)}/{len(ambiguous)}"
        rows.append((matcher, "samples", found))
    return rows


def blind_rows(settings: MatchSettings, held_out: bool = True) -> list[tuple[str, dict]]:
    """The engine on each blind catalog against the real 住民記録 第1.0版 (see blind_eval.py);
    held_out=False leaves the held-out catalogs out (while tuning, their figures are not looked at)."""
    spec = real_spec()
    rows = []
    pooled: dict[str, list] = {"dev": [], "held-out": []}
    for catalog in catalogs(held_out=None if held_out else False):
        result = classify(spec, catalog.inventory(), match(spec, catalog.inventory(), settings=settings, index=index_for(catalog)))
        figures = blind_figures(spec, catalog.features, result)
        rows.append((f"{catalog.name}{' (held out)' if catalog.held_out else ''}", figures))
        pooled["held-out" if catalog.held_out else "dev"].append(figures)
    for name, group in pooled.items():
        if len(group) > 1:
            rows.append((f"{name} (all)", pool(group)))
    return rows


def blind_figures(spec, features: list[dict], result) -> dict:
    """Counts for one catalog; ratios are taken in `ratios` so that catalogs can be pooled."""
    by_feature = result.matching.by_feature
    verdicts = {r.requirement.id: r.verdict for r in result.requirements}
    groups = {}
    for r in spec.requirements:
        groups.setdefault(base_name(r.name) + "|" + "|".join(r.section), set()).add(r.id)
    sibling_of = {rid: group for group in groups.values() if len(group) > 1 for rid in group}
    c = dict(features=len(features), counterpart=0, accepted_features=0, pairs=0, right=0, expected=0, found=0,
             near_miss_wrong=0, sibling_accepted=0, sibling_right=0, prohibited=0, violation=0, review=0, clear=0,
             absent=0, absent_open=0, extras=0, extras_unmatched=0, counterpart_unmatched=0)
    prohibited_present = set()
    for f in features:
        fm = by_feature[f["key"]]
        expect, good = set(f["expect"]), acceptable(f)
        accepted = [m.requirement for m in fm.matches]
        c["pairs"] += len(accepted)
        c["right"] += sum(r in good for r in accepted)
        if "near-miss" in f.get("tags", ()):
            c["near_miss_wrong"] += sum(r not in good for r in accepted)
        for r in accepted:
            if r in sibling_of and sibling_of[r] & good:
                c["sibling_accepted"] += 1
                c["sibling_right"] += r in good
        unmatched = fm.status is FeatureStatus.UNMATCHED
        if expect:
            c["counterpart"] += 1
            c["counterpart_unmatched"] += unmatched
            c["accepted_features"] += bool(accepted)
            seen = set(accepted) | {x.requirement for x in fm.candidates[:3]}
            c["expected"] += len(expect)
            c["found"] += len(expect & seen)
        else:
            c["extras"] += 1
            c["extras_unmatched"] += unmatched
        prohibited_present |= {r for r in expect if spec.by_id[r].category is Category.PROHIBITED}
    for rid in prohibited_present:
        c["prohibited"] += 1
        verdict = verdicts[rid]
        c["violation" if verdict is Verdict.VIOLATION else "review" if verdict is Verdict.REVIEW else "clear"] += 1
    # the cost side: prohibited blocks the system does not have that a person is asked about
    for r in spec.requirements:
        if r.category is Category.PROHIBITED and r.id not in prohibited_present:
            c["absent"] += 1
            c["absent_open"] += verdicts[r.id] is not Verdict.CLEAR
    return c


def pool(group: list[dict]) -> dict:
    return {key: sum(g[key] for g in group) for key in group[0]}


def ratios(c: dict) -> dict:
    def share(a, b):
        return a / b if b else float("nan")

    return {
        "precision": share(c["right"], c["pairs"]),
        "accepted": share(c["accepted_features"], c["counterpart"]),
        "recall@3": share(c["found"], c["expected"]),
        "sibling": share(c["sibling_right"], c["sibling_accepted"]),
        "violation": share(c["violation"], c["prohibited"]),
    }


def blind_table(rows: list[tuple[str, dict]]) -> str:
    headers = ["catalog", "features", "with counterpart", "precision", "accepted", "recall@3", "near-miss wrong",
               "sibling right", "prohibited present: 実装不可該当 / 要確認 / 該当なし", "prohibited absent: not 該当なし",
               "unmatched: 独自機能 / with counterpart"]
    lines = [headers]
    for name, c in rows:
        r = ratios(c)
        lines.append([
            name, str(c["features"]), str(c["counterpart"]), f"{r['precision']:.3f} ({c['right']}/{c['pairs']})",
            f"{r['accepted']:.2f}", f"{r['recall@3']:.3f}", str(c["near_miss_wrong"]),
            f"{r['sibling']:.2f} ({c['sibling_right']}/{c['sibling_accepted']})",
            f"{c['violation']} / {c['review']} / {c['clear']} of {c['prohibited']} ({r['violation']:.0%})",
            f"{c['absent_open']} of {c['absent']}",
            f"{c['extras_unmatched']} of {c['extras']} / {c['counterpart_unmatched']}",
        ])
    widths = [max(len(line[i]) for line in lines) for i in range(len(headers))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)) for line in lines)


def table(rows: list[tuple[str, str, dict]]) -> str:
    headers = ["matcher", "items", "features", "precision", "recall@3", "auto", "extras out", "traps"]
    lines = [headers]
    for matcher, subset, m in rows:
        lines.append([matcher, subset, str(m["features"]), f"{m['precision']:.3f}", f"{m['recall@3']:.3f}",
                      f"{m['auto']:.2f}", m["extras out"], str(m["traps"])])
    widths = [max(len(line[i]) for line in lines) for i in range(len(headers))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)) for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--precision", type=float)
    parser.add_argument("--review-floor", type=float)
    parser.add_argument("--dev-only", action="store_true", help="leave the held-out blind catalogs out (while tuning)")
    args = parser.parse_args()
    overrides = {k: v for k, v in {"precision": args.precision, "review_floor": args.review_floor}.items() if v is not None}
    settings = MatchSettings(**overrides)
    specs, items = load_eval()
    subsets = {
        "dev": [i for i in items if not i.get("heldout")],
        "held-out": [i for i in items if i.get("heldout")],
        "all": items,
    }
    engine = run_engine(specs, items, settings)
    baseline = run_baseline(specs, items)
    rows = [(name, subset, metrics(chosen, outcomes))
            for name, outcomes in (("engine", engine), ("difflib", baseline))
            for subset, chosen in subsets.items()]
    print(f"settings: {settings}")
    print(table(rows))
    targets = metrics(items, engine)
    ok = targets["precision"] >= 0.95 and targets["recall@3"] >= 0.90 and targets["traps"] == 0
    samples = sample_inventories(settings)
    if samples:
        print("\nsample inventories against their author's answer key (features without valid id refs):")
        print(table(samples))
        print("ambiguous auto-accepted: " + ", ".join(f"{m} {r['ambiguous auto']}" for m, _, r in samples))
    print(f"\ntargets (all items, engine): precision ≥ 0.95, recall@3 ≥ 0.90, traps 0 → {'met' if ok else 'NOT met'}")
    if available():
        held = ", ".join(c.name for c in catalogs(held_out=True))
        print(f"\nblind catalogs against the real 住民記録 第1.0版 (tests/eval/juki-1.0-blind; held out: {held}):")
        print(blind_table(blind_rows(settings, held_out=not args.dev_only)))
    if args.details:
        print("\ndev items the engine gets wrong or leaves to review:")
        for item in subsets["dev"]:
            outcome = engine[item["key"]]
            expect = item["expect"]
            good = set() if expect == "extra" else set(expect) | set(item.get("also", ()))
            wrong = [r for r in outcome.accepted if r not in good]
            if outcome.status == "matched" and not wrong and (expect == "extra" or set(expect) <= set(outcome.accepted)):
                continue
            print(f"  {item['key']} {item['name']}: expect {expect} → {outcome.status} "
                  f"accepted {list(outcome.accepted)} top {list(outcome.top)}{'  WRONG' if wrong else ''}")


if __name__ == "__main__":
    main()
