"""When the matcher accepts a match by itself: a calibrated probability that its best candidate is right.

The engine describes its best candidate by a few signals (how well the names cover each other,
how much of the feature's wording the requirement's text holds, the rare terms both share, the
lead over the runner-up, whether the function is split into sibling blocks and how clearly the
feature's wording chose one). A logistic model turns them into a score, an isotonic map (fitted
on cross-validated predictions) into a probability that the match is right, and a table measured
on the same predictions says from which probability on the accepted matches were right at least
as often as asked (`MatchSettings.precision`), with a margin for how much catalogs differ.

The fitted parameters ship as data (`data/acceptance.json`); `benchmarks/fit_acceptance.py`
refits them from the labelled catalogs in tests/eval/ (the held-out catalog is never used).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from scipy.optimize import isotonic_regression, minimize

# The signals, in the order of the model's weights (see engine._signals for how each is measured).
SIGNALS = (
    "score",  # the ranking score of the chosen candidate
    "lead",  # ... minus the best candidate of the same kind outside its sibling group
    "lead_any",  # ... minus the best candidate of any kind (a function and its 帳票) outside it
    "forward",  # share of the feature name's weight found in the requirement
    "backward",  # share of the requirement name's weight found in the feature
    "text",  # share of all the feature's wording (weighted by rarity) found in the requirement
    "rare",  # the rare terms both share, saturating
    "characters",  # character similarity of the names
    "described",  # the feature has a description
    "siblings",  # the requirement is one block of a function split by class
    "sibling_margin",  # how clearly the feature's wording chose that block
    "shown",  # share of the feature's wording that only the chosen block (of its siblings) uses
    "prohibited",  # the chosen block is 実装不可
    "information",  # how much the feature's name says (its words' weight, log): 証明書発行 says little
    "crowd",  # other functions scoring within 0.1 of the chosen one (a fifth each, at most 1)
    "learned",  # the feature's learned evidence for the chosen one (learned.py)
    "extra",  # how much the feature's words were 独自機能's in the labelled catalogs (learned.py)
    "learned_agrees",  # the chosen one's learned evidence as a share of the feature's highest
)

DATA = "acceptance.json"
EVEN = 0.5
BOUND = 1.645  # standard errors: the precision curve's bound holds 19 times in 20 (one-sided)


@dataclass(frozen=True)
class Acceptance:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    raw: np.ndarray  # isotonic map: logistic output → probability (points, increasing)
    calibrated: np.ndarray
    curve: tuple[tuple[float, float, float], ...]  # (probability threshold, precision's lower bound, share accepted)

    def probability(self, signals: Sequence[float]) -> float:
        z = float(np.dot((np.asarray(signals) - self.mean) / self.scale, self.weights) + self.bias)
        return float(np.interp(_sigmoid(z), self.raw, self.calibrated))

    def threshold(self, precision: float) -> float:
        """The lowest probability from which the accepted matches were right at least `precision`
        of the time (on the cross-validated labelled pairs, by the lower bound of precision_curve),
        and never below an even chance: a match more likely wrong than right is not accepted
        however right the others are. Above 1 when no probability reaches `precision`."""
        chosen = math.inf
        for probability, measured, _ in sorted(self.curve, reverse=True):
            if measured < precision:
                break
            chosen = probability
        return max(chosen, EVEN) if chosen != math.inf else 1.01


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


@cache
def acceptance(learned: bool = True) -> Acceptance:
    """The model for a spec with words learned from labelled catalogs (learned.py), or the one
    fitted on the words alone: for any other spec, the learned signal's 0 says nothing."""
    document = json.loads(resources.files("gapcheck.matching").joinpath("data", DATA).read_text("utf-8"))
    if tuple(document["signals"]) != SIGNALS:
        raise RuntimeError(f"{DATA} was fitted for other signals; refit it with benchmarks/fit_acceptance.py")
    model = document["model" if learned else "words_only"]
    return Acceptance(
        mean=np.asarray(model["mean"]),
        scale=np.asarray(model["scale"]),
        weights=np.asarray(model["weights"]),
        bias=float(model["bias"]),
        raw=np.asarray(model["calibration"]["raw"]),
        calibrated=np.asarray(model["calibration"]["probability"]),
        curve=tuple(tuple(point) for point in model["curve"]),
    )


# --- fitting (used by benchmarks/fit_acceptance.py) -------------------------------------------


# More of these can only speak for a match (the fitted weight is kept at 0 or more), or only
# against it (0 or less); the others may go either way. Without the constraint, signals that move
# together (score and the coverages it is made of) get weights of opposite sign that cancel on the
# catalogs and mislead on anything else.
FOR = {"score", "lead", "lead_any", "forward", "backward", "text", "rare", "characters", "shown", "sibling_margin", "learned"}
AGAINST = {"crowd", "extra"}


def _bounds() -> list[tuple[float | None, float | None]]:
    return [(0, None) if s in FOR else (None, 0) if s in AGAINST else (None, None) for s in SIGNALS] + [(None, None)]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(mean, scale, weights, bias) of an L2-regularised logistic regression on standardised
    signals, with the signs of the weights constrained as FOR and AGAINST say."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale

    def loss(theta):
        w, b = theta[:-1], theta[-1]
        logits = z @ w + b
        # log(1 + e^t) - y t, written stably
        value = np.sum(np.logaddexp(0, logits) - y * logits) + l2 * np.dot(w, w) / 2
        p = _sigmoid(logits)
        gradient = np.append(z.T @ (p - y) + l2 * w, np.sum(p - y))
        return value, gradient

    found = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", bounds=_bounds())
    return mean, scale, found.x[:-1], float(found.x[-1])


def raw_scores(x: np.ndarray, mean, scale, weights, bias) -> np.ndarray:
    return _sigmoid(((x - mean) / scale) @ weights + bias)


def fit_calibration(raw: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An increasing step map from raw scores to the share of right matches (isotonic regression)."""
    order = np.argsort(raw)
    fitted = isotonic_regression(y[order].astype(float)).x
    return raw[order], fitted


def precision_curve(probability: np.ndarray, y: np.ndarray, groups: np.ndarray) -> list[tuple[float, float, float]]:
    """(threshold, precision of the pairs at or above it, share of pairs at or above it), per
    distinct probability, highest first. Each catalog weighs the same however many pairs it has,
    so that a threshold that suits one large catalog does not pass for all of them. The precision
    is a lower bound: the catalogs' pooled precision less BOUND standard errors of it over the
    catalogs (a ratio estimate, linearised), because the matcher is asked for a precision on a
    catalog nobody has measured, and catalogs differ far more than their pairs' number suggests."""
    order = np.argsort(-probability, kind="stable")
    p, right = probability[order], y[order].astype(float)
    _, group = np.unique(groups[order], return_inverse=True)
    count = len(np.unique(group))
    share = np.zeros((len(p), count))
    share[np.arange(len(p)), group] = 1 / np.bincount(group)[group]
    accepted, correct = np.cumsum(share, axis=0), np.cumsum(share * right[:, None], axis=0)
    total, hits = accepted.sum(axis=1), correct.sum(axis=1)
    pooled = hits / total
    spread = ((correct - pooled[:, None] * accepted) ** 2).sum(axis=1) * count / max(count - 1, 1)
    bound = pooled - BOUND * np.sqrt(spread) / total
    last = np.flatnonzero(np.append(p[1:] != p[:-1], True))
    return [(float(p[i]), float(bound[i]), float(total[i] / total[-1])) for i in last]
