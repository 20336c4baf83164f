"""Refit the matcher's learned words and acceptance models (gapcheck/matching/data/learned.json, acceptance.json).

    python benchmarks/fit_acceptance.py [--check]

Learned words (learned.py): per word, how many features of each requirement (and of 独自機能) in the
development catalogs (the blind catalogs but the held-out ones) used it.

Labelled pairs: for every feature of the development catalogs, against the real 住民記録 第1.0版
text, the engine's chosen candidate with its signals, labelled right when it is one of the
requirements the catalog's writer gave for the feature, or a block handing its functions to one
(blind_eval.acceptable). Two models are fitted:
- `model`, for a spec with learned words: each catalog matched with the words learned from the
  other development catalogs, never its own answers;
- `words_only`, for any other spec: the catalogs matched on their words alone, with the
  development items of tests/eval/match_eval.json against the sample specs.

1. A logistic regression on the signals, fitted once per catalog left out: its predictions for
   the left-out catalog are out-of-sample.
2. An isotonic map from those predictions to the share of right pairs: a probability.
3. The precision curve of the out-of-sample probabilities: from which probability on the accepted
   pairs were right at least p of the time, a lower bound over the catalogs (acceptance.BOUND
   standard errors below the pooled precision; MatchSettings.precision picks the point). Measured
   on the catalogs whose writers worked alone (blind_eval.written_alone): written as the held-out
   ones are, they score lower than the earlier ones even as development data.
4. The logistic regression refitted on every pair is what ships, with the map and the curve.

Pairs that a rule keeps from being accepted whatever the model says are left out: a chosen
candidate that contradicts the feature by a contrast term (転入≠転出), one nearly tied with
another requirement, or one scoring too low (engine._NEAR_TIE, engine._WEAK). --check refits and
compares with the shipped files without writing them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from blind_eval import (  # noqa: E402
    acceptable,
    available,
    catalogs,
    index_for,
    real_spec,
    vocabulary,
    written_alone,
)
from match_quality import inventory_of, load_eval  # noqa: E402

from gapcheck.matching import explain, learned, prepare  # noqa: E402
from gapcheck.matching.acceptance import (  # noqa: E402
    DATA,
    SIGNALS,
    Acceptance,
    fit_calibration,
    fit_logistic,
    precision_curve,
    raw_scores,
)

TARGET = ROOT / "gapcheck" / "matching" / "data" / DATA
LEARNED = ROOT / "gapcheck" / "matching" / "data" / learned.DATA


def labelled_pairs(with_learned: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(signals, right, group) of every development pair: with the words learned from the other
    development catalogs (each catalog measured with a vocabulary fitted without it), or on the
    words alone, with the earlier evaluation set's development items (specs nothing was learned for)."""
    rows, right, groups = [], [], []

    def add(group: str, spec, inventory, gold: dict[str, set[str]], index) -> None:
        for e in explain(spec, inventory, index=index):
            if not e.decidable:
                continue
            rows.append(e.signals)
            right.append(e.requirement in gold[e.feature])
            groups.append(group)

    if not available():
        raise SystemExit("the blind catalogs or ../shared/data/standards/juki-1.0-chapter3.csv are missing")
    spec = real_spec()
    for catalog in catalogs(held_out=False):
        gold = {f["key"]: acceptable(f) for f in catalog.features}
        add(catalog.name, spec, catalog.inventory(), gold, index_for(catalog, words_only=not with_learned))
    if not with_learned:
        specs, items = load_eval()
        for name, legacy_spec in specs.items():
            chosen = [i for i in items if i["spec"] == name and not i.get("heldout")]
            gold = {i["key"]: set() if i["expect"] == "extra" else set(i["expect"]) | set(i.get("also", ())) for i in chosen}
            add(f"legacy-{name}", legacy_spec, inventory_of(chosen), gold, prepare(legacy_spec, learned.Vocabulary(legacy_spec.area)))
    return np.asarray(rows, dtype=float), np.asarray(right, dtype=float), np.asarray(groups)


def fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray, l2: float, curve_on: np.ndarray) -> dict:
    out_of_sample = np.zeros(len(y))
    for group in np.unique(groups):
        held = groups == group
        model = fit_logistic(x[~held], y[~held], l2)
        out_of_sample[held] = raw_scores(x[held], *model)
    raw, calibrated = fit_calibration(out_of_sample, y)
    probability = np.interp(out_of_sample, raw, calibrated)
    curve = precision_curve(probability[curve_on], y[curve_on], groups[curve_on])
    mean, scale, weights, bias = fit_logistic(x, y, l2)
    # Only the ends of each flat run of the map are needed to draw it: the file stays small.
    changes = np.diff(calibrated) != 0
    steps = np.concatenate(([True], changes)) | np.concatenate((changes, [True]))
    return {
        "mean": mean.round(6).tolist(),
        "scale": scale.round(6).tolist(),
        "weights": weights.round(6).tolist(),
        "bias": round(bias, 6),
        "calibration": {"raw": raw[steps].round(6).tolist(), "probability": calibrated[steps].round(6).tolist()},
        "curve": [[round(t, 6), round(p, 6), round(s, 6)] for t, p, s in curve],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, default=1.0, help="regularisation of the logistic regression")
    parser.add_argument("--check", action="store_true", help="refit and compare, write nothing")
    args = parser.parse_args()
    document = {
        "about": "The matcher's acceptance models: logistic weights on the signals, an isotonic map to a probability "
        "that the match is right, and the precision curve of out-of-sample probabilities; one for a spec with learned "
        "words (model), one on the words alone (words_only). Written by benchmarks/fit_acceptance.py; do not edit by hand.",
        "signals": list(SIGNALS),
        "fitted_on": {},
    }
    for part, with_learned in (("model", True), ("words_only", False)):
        x, y, groups = labelled_pairs(with_learned)
        alone = np.array([written_alone(str(g)) for g in groups])
        model = fit(x, y, groups, args.l2, alone)
        counts = {str(g): int((groups == g).sum()) for g in np.unique(groups)}
        document["fitted_on"][part] = {
            "pairs": counts, "right": int(y.sum()), "l2": args.l2, "curve_on": sorted({str(g) for g in groups[alone]}),
        }
        document[part] = model
        print(f"{part}: {len(y)} pairs ({int(y.sum())} right) from {len(counts)} catalogs")
        print("signal          weight")
        for name, weight in zip(SIGNALS, model["weights"]):
            print(f"  {name:15} {weight:+.3f}")
        shipped = Acceptance(*(np.asarray(model[k]) for k in ("mean", "scale", "weights")), model["bias"],
                             np.asarray(model["calibration"]["raw"]), np.asarray(model["calibration"]["probability"]),
                             tuple(map(tuple, model["curve"])))
        for wanted in (0.95, 0.97, 0.99):
            threshold = shipped.threshold(wanted)
            share = max((s for t, _, s in model["curve"] if t >= threshold), default=0.0)
            print(f"  precision {wanted}: accepted from probability {threshold:.3f} ({share:.0%} of the decidable pairs out of sample)")
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    words = vocabulary()
    print(f"learned {len(words.counts)} words ({sum(map(len, words.counts.values()))} counts) from {len(catalogs(held_out=False))} catalogs")
    learned_text = learned.to_json([words], {
        "about": "Words vendors use for the requirements, learned from the labelled development catalogs: per word, "
        "how many features of each requirement said it (the key '' is 独自機能), and per requirement how many features it "
        "had; requirements keyed by name|class. Written by benchmarks/fit_acceptance.py; do not edit by hand.",
        "smoothing": learned.SMOOTHING, "min_features": learned.MIN_FEATURES, "alpha": learned.ALPHA,
    })
    if args.check:
        same = True
        for path, fresh, part in ((TARGET, text, "model"), (TARGET, text, "words_only"), (LEARNED, learned_text, "vocabularies")):
            agrees = json.loads(path.read_text("utf-8")).get(part) == json.loads(fresh)[part]
            print(f"shipped {path.name} ({part}) {'matches' if agrees else 'DIFFERS from'} a refit")
            same &= agrees
        raise SystemExit(0 if same else 1)
    TARGET.write_text(text, "utf-8")
    LEARNED.write_text(learned_text, "utf-8")
    print(f"wrote {TARGET} and {LEARNED}")


if __name__ == "__main__":
    main()
