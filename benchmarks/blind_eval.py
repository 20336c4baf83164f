"""The blind evaluation set: vendor catalogs written against the real 住民記録 第1.0版 text by writers
who never saw the engine (tests/eval/juki-1.0-blind/README.md says how it was made).

Shared by benchmarks/match_quality.py (figures) and benchmarks/fit_acceptance.py (refitting the
learned words and the acceptance model on the development catalogs; the held-out catalogs are never
used to learn, fit or tune).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck.matching import SpecIndex, learned, prepare, wordings  # noqa: E402
from gapcheck.model import Feature, Inventory, InventoryKind, Spec, SpecSource  # noqa: E402
from gapcheck.readers.spec_import import import_spec  # noqa: E402

BLIND = ROOT / "tests" / "eval" / "juki-1.0-blind"
STANDARD = ROOT.parent / "shared" / "data" / "standards" / "juki-1.0-chapter3.csv"
# Never looked at while tuning, never learned or fitted from, each reported on its own row: EO–ET,
# named here after EI–EN's read, before their writers started (read once at the thirty-second
# round's end; tests/eval/juki-1.0-blind/README.md).
# Earlier held-out catalogs became development data after being read at many rounds' ends: E, F
# and G (held out in rounds 1–9) in the tenth round; L, M, P, Q, T, V and W (rounds 5–11) in the
# twelfth; Y, Z, N, AA, AB and AC (rounds 8–13) in the fourteenth; AD–AI (rounds 11–14) in the
# fifteenth; AJ, AK and AL (rounds 13–15) in the sixteenth; AM, AN and AO (rounds 14–16) in the
# seventeenth; AP–AU (rounds 15–18) in the nineteenth; AV, AW and AX (rounds 17–20) in the
# twenty-first; AY, AZ, BA, BB and BC (rounds 18–22) in the twenty-third; BD–BI (rounds 20–24) in
# the twenty-fifth; BJ–BQ (rounds 23–26) in the twenty-seventh; BR–BT (rounds 26–27) and BU–BZ,
# CA–CC (round 27) in the twenty-eighth; CD–CF (rounds 27–28) and CG–CX (round 28) in the
# twenty-ninth; CY–DP (round 29) in the thirtieth; DQ–DV (round 30) and DW–EB (rounds 30–31,
# read once as the thirty-first began) in the thirty-first; EC–EH (round 31, read at its end) and
# EI–EN (rounds 31–32, read once as the thirty-second began) in the thirty-second.
HELD_OUT = frozenset({"EO", "EP", "EQ", "ER", "ES", "ET"})


# From BU on (the twenty-seventh round), each writer worked alone, in a folder holding only the
# brief and the blocks file; earlier writers shared one working folder, where the other catalogs
# could be seen. The alone ones score lower even as development data, as the held-out ones do, and
# the acceptance model's precision curve is measured on them (fit_acceptance.py).
FIRST_ALONE = "BU"


def written_alone(name: str) -> bool:
    """Whether the catalog's writer worked alone (letters in order: Z < AA < … < BU < … < CA)."""
    return name.isascii() and name.isalpha() and name.isupper() and (len(name), name) >= (len(FIRST_ALONE), FIRST_ALONE)


@dataclass(frozen=True)
class Catalog:
    name: str  # its letter
    vendor: str
    features: list[dict]  # key, section, name, text, expect, also, tags

    @property
    def held_out(self) -> bool:
        return self.name in HELD_OUT

    def inventory(self) -> Inventory:
        return Inventory(
            path=f"catalog-{self.name}.json",
            kind=InventoryKind.CATALOG,
            features=tuple(
                Feature(key=f["key"], sheet="機能一覧", row=n + 2, name=f["name"], text=f.get("text", ""),
                        section=tuple(f.get("section", ())))
                for n, f in enumerate(self.features)
            ),
        )


def acceptable(feature: dict) -> set[str]:
    """The blocks a reviewer accepts for a feature: its gold (`expect`, `also`) and the blocks whose
    text hands their functions to one of those (4.4 個人番号の異動 → 7.1.2.1), which the engine adds
    beside the block they point to; the writers never label them."""
    good = set(feature["expect"]) | set(feature.get("also", ()))
    return good | {p for r in good for p in _handed().get(r, ())}


@cache
def _handed() -> dict[str, frozenset[str]]:
    index = _bare_index()
    return {index.ids[m]: frozenset(index.ids[p] for p in ps) for m, ps in enumerate(index.pointers) if ps}


def available() -> bool:
    return STANDARD.is_file() and any(BLIND.glob("catalog-*.json"))


@cache
def real_spec() -> Spec:
    """住民記録 第1.0版 第3章 as `gapcheck spec import` reads it (from ../shared, never copied)."""
    spec, _ = import_spec([STANDARD], area="住民記録", version="第1.0版", source=SpecSource(publisher="総務省"))
    return spec


def catalogs(*, held_out: bool | None = None) -> list[Catalog]:
    """The catalogs in letter order; held_out=False leaves the held-out one out, True gives only it."""
    found = []
    for path in sorted(BLIND.glob("catalog-*.json")):
        document = json.loads(path.read_text("utf-8"))
        catalog = Catalog(document["catalog"], document.get("vendor", ""), document["features"])
        if held_out is None or catalog.held_out == held_out:
            found.append(catalog)
    return found


@cache
def vocabulary(without: str | None = None) -> learned.Vocabulary:
    """The words learned from the development catalogs (learned.py), all of them or all but one."""
    spec = real_spec()
    labelled = [
        (said, [spec.by_id[r] for r in expect])
        for catalog in catalogs(held_out=False) if catalog.name != without
        for said, expect in _labelled(catalog.name)
    ]
    return learned.fit(spec.area, labelled)


@cache
def _labelled(name: str) -> list[tuple[frozenset[str], list[str]]]:
    """(a feature's words, its requirement ids) for one development catalog."""
    catalog = next(c for c in catalogs(held_out=False) if c.name == name)
    said = wordings(catalog.inventory(), _bare_index())
    return [(said[f["key"]], f["expect"]) for f in catalog.features]


@cache
def _bare_index() -> SpecIndex:
    """The real spec prepared with nothing learned: a feature's words do not depend on it."""
    return prepare(real_spec(), learned.Vocabulary(real_spec().area))


def index_for(catalog: Catalog, words_only: bool = False) -> SpecIndex:
    """The real spec prepared for measuring one catalog: with the words learned from every
    development catalog for a held-out one, from every other one for a development catalog (never
    its own answers); or with nothing learned."""
    if words_only:
        return _bare_index()
    return _index(None if catalog.held_out else catalog.name)


@cache
def _index(without: str | None) -> SpecIndex:
    return prepare(real_spec(), vocabulary(without))
