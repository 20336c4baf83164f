"""What vendors call a function: words learned from catalogs whose rows were labelled with their requirements.

The standard's text and a vendor's wording often share no word at all (引っ越し for 転居 and 転出,
お知らせ for 通知, 亡くなった方 for 死亡者, コンビニ交付 for マイナンバーカードによる証明書等の交付), and
a hand-made synonym table only ever catches the pairs someone noticed. Catalogs labelled by their
writers say it directly: per requirement, how many of its features used each word. A feature's
learned evidence for a requirement is P(requirement | the feature's words) by a Bernoulli naive
Bayes over those counts (engine._learned): words that are common alone (画面, 家族, 亡くなった) say
together what each says of many (世帯の画面に 亡くなった家族も出る is 3.3, neither 2.3.1 nor 4.2.2.1).
Until the thirty-first round the evidence was the mean of P(requirement | word) over the words, which
such a combination dilutes. The catalogs' 独自機能 (rows the standard does not cover) are one more
class: P(独自機能 | word) over the features that used the word (`extras`) says which words a vendor
uses for what the standard lacks, and a match made in such words is accepted less readily (the
acceptance signal `extra`).

Requirements are keyed by area, name and class (実装区分), not by id: the key holds for any import of
the same edition's text and, where a later edition keeps the function's name, for that edition too;
a spec of another area has no learned words. The counts ship as data (`data/learned.json`);
`benchmarks/fit_acceptance.py` refits them from the development catalogs (never the held-out ones) and
measures every development catalog with counts fitted without it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from gapcheck.model import Requirement, Spec

DATA = "learned.json"
SMOOTHING = 0.5  # features: P(独自機能 | word) = share among the word's features + this many unlabelled
MIN_FEATURES = 3  # a word used by fewer labelled features is not learned
# Per class, P(word said) = (features that said it + this) / (features + twice this). With this, out
# of fold on the development catalogs (thirty-first round), the class the words alone make likeliest
# is right for 96 % of the rows with a counterpart (87 % by the mean of P(requirement | word)).
ALPHA = 0.1
EXTRA = ""  # the key of 独自機能, the class of the rows the standard does not cover
KEPT = 0.5  # of the learned requirements a spec must name (key) for the vocabulary to hold for it


def key(requirement: Requirement) -> str:
    return f"{requirement.name}|{requirement.category.value}"


@dataclass(frozen=True)
class Vocabulary:
    """Per word, how many labelled features of each requirement (by key; EXTRA for 独自機能) said it,
    and how many features each requirement had."""

    area: str
    counts: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    sizes: Mapping[str, float] = field(default_factory=dict)

    @property
    def extras(self) -> dict[str, float]:
        """word → P(独自機能 | word), where above 0."""
        return {
            word: round(by_key[EXTRA] / (sum(by_key.values()) + SMOOTHING), 4)
            for word, by_key in self.counts.items() if by_key.get(EXTRA)
        }

    def bayes(self, spec: Spec) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        """(word → row, words × classes: log P(said | class) / P(not said | class), per class: log
        prior + log P(no word said)), the classes being the spec's requirements and, last, 独自機能;
        for a spec of this area that keeps most of the learned requirements' names, else empty: a
        spec sharing a few names by chance would draw every feature towards those few."""
        at = {key(r): n for n, r in enumerate(spec.requirements)} if spec.area == self.area else {}
        learned = set(self.sizes) - {EXTRA}
        if not learned or len(learned & at.keys()) < KEPT * len(learned):
            return {}, np.zeros((0, 0)), np.zeros(0)
        at[EXTRA] = width = len(spec.requirements)
        rows = {word: n for n, word in enumerate(self.counts)}
        said = np.zeros((len(rows), width + 1))
        for word, by_key in self.counts.items():
            for k, n in by_key.items():
                if k in at:
                    said[rows[word], at[k]] += n
        size = np.zeros(width + 1)
        for k, n in self.sizes.items():
            if k in at:
                size[at[k]] += n
        p = (said + ALPHA) / (size + 2 * ALPHA)
        base = np.log((size + 1) / (size.sum() + width + 1)) + np.log1p(-p).sum(0)
        base[size == 0] = -np.inf  # no feature was ever labelled with it: nothing learned says it
        return rows, np.log(p) - np.log1p(-p), base


def fit(area: str, labelled: Iterable[tuple[Iterable[str], Sequence[Requirement]]]) -> Vocabulary:
    """A vocabulary from (a feature's words, the requirements its writer labelled it with: none
    for a 独自機能); a feature labelled with several requirements counts a share for each."""
    counts: dict[str, Counter] = defaultdict(Counter)
    sizes: Counter = Counter()
    for said, requirements in labelled:
        keys = [key(r) for r in requirements] or [EXTRA]
        for k in keys:
            sizes[k] += 1 / len(keys)
        for word in set(said):
            for k in keys:
                counts[word][k] += 1 / len(keys)
    kept = {
        word: {k: round(n, 4) for k, n in sorted(by_key.items())}
        for word, by_key in sorted(counts.items()) if sum(by_key.values()) >= MIN_FEATURES - 1e-9
    }
    return Vocabulary(area, kept, {k: round(n, 4) for k, n in sorted(sizes.items())})


def to_json(vocabularies: Sequence[Vocabulary], about: Mapping) -> str:
    """The shipped form: each vocabulary's requirement keys once, its words' counts by their number."""
    out = []
    for v in vocabularies:
        keys = sorted(v.sizes)
        number = {k: n for n, k in enumerate(keys)}
        words = {w: [[number[k], n] for k, n in by_key.items()] for w, by_key in v.counts.items()}
        out.append({"area": v.area, "requirements": keys, "sizes": [v.sizes[k] for k in keys], "words": words})
    return json.dumps({**about, "vocabularies": out}, ensure_ascii=False, separators=(",", ":")) + "\n"


@cache
def packaged() -> dict[str, Vocabulary]:
    """The shipped vocabularies by area."""
    document = json.loads(resources.files("gapcheck.matching").joinpath("data", DATA).read_text("utf-8"))
    return {
        v["area"]: Vocabulary(
            v["area"],
            {w: {v["requirements"][n]: count for n, count in pairs} for w, pairs in v["words"].items()},
            dict(zip(v["requirements"], v["sizes"])),
        )
        for v in document["vocabularies"]
    }
