"""What vendors call a function: words learned from catalogs whose rows were labelled with their requirements.

The standard's text and a vendor's wording often share no word at all (引っ越し for 転居 and 転出,
お知らせ for 通知, 亡くなった方 for 死亡者, コンビニ交付 for マイナンバーカードによる証明書等の交付), and
a hand-made synonym table only ever catches the pairs someone noticed. Catalogs labelled by their
writers say it directly: of the features that used a word, which requirements they were. Per word,
that share (smoothed towards none: a word seen in few features says little) is P(requirement | word);
a feature's learned evidence for a requirement is the mean of it over the feature's words, each
weighed by its rarity in the spec (engine._learned). The catalogs' 独自機能 (rows the standard does
not cover) say which words a vendor uses for what the standard lacks: P(独自機能 | word), over all
the features that used the word, is kept beside (`extras`), and a match made in such words is
accepted less readily (the acceptance signal `extra`).

Requirements are keyed by area, name and class (実装区分), not by id: the key holds for any import of
the same edition's text and, where a later edition keeps the function's name, for that edition too;
a spec of another area has no learned words. The table ships as data (`data/learned.json`);
`benchmarks/fit_acceptance.py` refits it from the development catalogs (never the held-out ones) and
measures every development catalog with a table fitted without it.
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
SMOOTHING = 0.5  # features: P(requirement | word) = share among the word's features + this many unlabelled
MIN_FEATURES = 3  # a word used by fewer labelled features is not learned
FLOOR = 0.02  # shares below this are dropped: they only blur the ranking and swell the file
KEPT = 0.5  # of the learned requirements a spec must name (key) for the vocabulary to hold for it


def key(requirement: Requirement) -> str:
    return f"{requirement.name}|{requirement.category.value}"


@dataclass(frozen=True)
class Vocabulary:
    """Per word, the requirements (by key) its features were, with P(requirement | word)."""

    area: str
    words: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    extras: Mapping[str, float] = field(default_factory=dict)  # word → P(独自機能 | word), where above 0

    def matrix(self, spec: Spec) -> tuple[dict[str, int], np.ndarray]:
        """(word → row, words × the spec's requirements) for a spec of this area that keeps most of
        the learned requirements' names; empty otherwise: a spec sharing a few names by chance would
        draw every feature towards those few. Dense: a feature's few rows are summed per query."""
        at = {key(r): n for n, r in enumerate(spec.requirements)} if spec.area == self.area else {}
        learned = {k for shares in self.words.values() for k in shares}
        if len(learned & at.keys()) < KEPT * len(learned):
            at = {}
        rows: dict[str, int] = {}
        entries: list[tuple[int, int, float]] = []
        for word, shares in self.words.items():
            found = [(at[k], share) for k, share in shares.items() if k in at]
            if found:
                row = rows.setdefault(word, len(rows))
                entries.extend((row, column, share) for column, share in found)
        table = np.zeros((len(rows), len(spec.requirements)))
        for row, column, share in entries:
            table[row, column] = share
        return rows, table


def fit(area: str, labelled: Iterable[tuple[Iterable[str], Sequence[Requirement]]]) -> Vocabulary:
    """A vocabulary from (a feature's words, the requirements its writer labelled it with: none
    for a 独自機能); a feature labelled with several requirements counts a share for each."""
    counts: dict[str, Counter] = defaultdict(Counter)
    features: Counter = Counter()
    used, extra = Counter(), Counter()  # features, and 独自機能 among them, per word
    for said, requirements in labelled:
        for word in set(said):
            used[word] += 1
            extra[word] += not requirements
            if not requirements:
                continue
            features[word] += 1
            for requirement in requirements:
                counts[word][key(requirement)] += 1 / len(requirements)
    words = {}
    for word in sorted(counts):
        if features[word] < MIN_FEATURES:
            continue
        shares = {k: round(n / (features[word] + SMOOTHING), 4) for k, n in sorted(counts[word].items())}
        kept = {k: share for k, share in shares.items() if share >= FLOOR}
        if kept:
            words[word] = kept
    extras = {
        word: share for word in sorted(used)
        if used[word] >= MIN_FEATURES and (share := round(extra[word] / (used[word] + SMOOTHING), 4)) > 0
    }
    return Vocabulary(area, words, extras)


def to_json(vocabularies: Sequence[Vocabulary], about: Mapping) -> str:
    """The shipped form: each vocabulary's requirement keys once, its words' shares by their number."""
    out = []
    for v in vocabularies:
        keys = sorted({k for shares in v.words.values() for k in shares})
        number = {k: n for n, k in enumerate(keys)}
        words = {w: [[number[k], share] for k, share in shares.items()] for w, shares in v.words.items()}
        out.append({"area": v.area, "requirements": keys, "words": words, "extras": dict(v.extras)})
    return json.dumps({**about, "vocabularies": out}, ensure_ascii=False, separators=(",", ":")) + "\n"


@cache
def packaged() -> dict[str, Vocabulary]:
    """The shipped vocabularies by area."""
    document = json.loads(resources.files("gapcheck.matching").joinpath("data", DATA).read_text("utf-8"))
    return {
        v["area"]: Vocabulary(
            v["area"], {w: {v["requirements"][n]: share for n, share in pairs} for w, pairs in v["words"].items()}, v["extras"]
        )
        for v in document["vocabularies"]
    }
