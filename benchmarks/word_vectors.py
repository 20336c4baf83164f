"""Static word vectors (ja_ginza) as a signal for choosing between sibling blocks, on the
development catalogs only (the held-out catalog is never used).

    python benchmarks/word_vectors.py

Needs spaCy and ja_ginza, which gapcheck does not depend on (about 200 MB): install them into a
separate virtualenv beside gapcheck (`pip install -e . ja_ginza`). For every feature whose
requirements include exactly one block of a function split into sibling blocks, it compares the
block the matcher's wording chooses (siblings.choose) with the block whose text is nearest by
cosine of IDF-weighted mean word vectors (the feature's name and description against each block's
text), overall and where the right block is 実装不可, and the best combination of the two.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from blind_eval import acceptable, available, catalogs, real_spec  # noqa: E402

from gapcheck.matching import prepare  # noqa: E402
from gapcheck.matching.engine import _queries  # noqa: E402
from gapcheck.matching.siblings import choose  # noqa: E402
from gapcheck.matching.terms import words  # noqa: E402
from gapcheck.model import Category  # noqa: E402

MARGINS = (0.02, 0.05, 0.1)


def main() -> None:
    try:
        import spacy
    except ImportError:
        sys.exit("needs spaCy and ja_ginza: pip install ja_ginza (in a separate virtualenv with gapcheck)")
    if not available():
        sys.exit("needs ../shared/data/standards/juki-1.0-chapter3.csv and tests/eval/juki-1.0-blind/")
    started = time.perf_counter()
    vocabulary = spacy.load("ja_ginza", exclude=["parser", "ner", "morphologizer", "attribute_ruler", "compound_splitter"]).vocab
    print(f"ja_ginza loaded in {time.perf_counter() - started:.1f} s; vectors {vocabulary.vectors.shape}")
    spec = real_spec()
    index = prepare(spec)
    position = {rid: n for n, rid in enumerate(index.ids)}

    def mean_vector(text: str) -> np.ndarray:
        total, found = 0.0, np.zeros(vocabulary.vectors.shape[1], dtype=np.float32)
        for word in words(text):
            if vocabulary.has_vector(word):
                vector = vocabulary.get_vector(word)
                found += index.weight(word) * vector / (np.linalg.norm(vector) or 1.0)
                total += index.weight(word)
        return found / total if total else found

    def cosine(a: np.ndarray, b: np.ndarray) -> float:
        norms = float(np.linalg.norm(a) * np.linalg.norm(b))
        return float(a @ b) / norms if norms else 0.0

    blocks = [mean_vector(r.text) for r in spec.requirements]
    cases = []  # (wording right, cosine right, wording decided, cosine margin, right block is 実装不可)
    for catalog in catalogs(held_out=False):
        inventory = catalog.inventory()
        for n, feature in enumerate(inventory.features):
            labels = catalog.features[n]
            gold = acceptable(labels)
            query = _queries([(n, feature)], index)[0]
            near = mean_vector(f"{feature.name}。{feature.text}")
            for group in {index.siblings[position[r]] for r in gold if r in position}:
                right = {index.ids[p] for p in group} & gold
                if len(group) < 2 or len(right) != 1:
                    continue
                [right_id] = right
                evidence = {p: sum(w for word, w in (*query.wording, *query.pairs) if word in index.distinct[p]) for p in group}
                chosen = choose(group, index.categories, evidence, query.wording_total, dict.fromkeys(group, 0.5))
                ranked = sorted(((cosine(near, blocks[p]), p) for p in group), reverse=True)
                cases.append((index.ids[chosen.position] == right_id, index.ids[ranked[0][1]] == right_id, chosen.worded,
                              ranked[0][0] - ranked[1][0], index.categories[position[right_id]] is Category.PROHIBITED))
    prohibited = [c for c in cases if c[4]]
    print(f"{len(cases)} features with one right block among siblings ({len(prohibited)} of them 実装不可)")
    print("chooser                                     right   of them 実装不可")
    print(f"wording (the matcher)                       {sum(c[0] for c in cases):5}   {sum(c[0] for c in prohibited)}")
    print(f"cosine alone                                {sum(c[1] for c in cases):5}   {sum(c[1] for c in prohibited)}")
    for margin in MARGINS:
        def combined(c, margin=margin):
            return c[1] if not c[2] and c[3] > margin else c[0]
        print(f"cosine where the wording did not decide, >{margin:<4} {sum(map(combined, cases)):5}   "
              f"{sum(map(combined, prohibited))}")
    print(f"wording wrong, cosine right: {sum(1 for c in cases if not c[0] and c[1])}; "
          f"wording right, cosine wrong: {sum(1 for c in cases if c[0] and not c[1])}")


if __name__ == "__main__":
    main()
