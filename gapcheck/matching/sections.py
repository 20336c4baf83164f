"""Umbrella blocks: a requirement that stands for whole sections of the standard.

第1.0版 opens some parts with a block that lists their functions by reference:
届出に基づく住民票の記載等として、転入（4.1.1参照）、転居（4.1.2参照）… The sections referred to
are headings, no blocks of their own, and hold only details (4.1.2.1 同一住所への転居), so a
vendor's plain 転居処理 is what the umbrella block asks for: each such item is one more name of it.
An item that refers to a block (排他制御（10.3参照）) is that block's, and so is an item whose
section opens a block's name with it (転入 of 4.1.1.1 転入者情報入力, 世帯変更等 of 4.1.4.1): a
vendor's plain 転入処理 is that block.
"""

from __future__ import annotations

import re
from collections import defaultdict

from gapcheck.model import Requirement
from gapcheck.text import compact, normalize

_ITEM = re.compile(r"([^、，,。・（）()「」\s]+?)[（(](\d+(?:\.\d+)*)参照[）)]")
_JOIN = re.compile(r"^(及び|並びに|又は|若しくは)")


def section_names(requirements: tuple[Requirement, ...]) -> tuple[tuple[str, ...], ...]:
    """Per requirement, the names of the sections it stands for (転居 for 4.1.0.1; 職権記載, 職権消除,
    職権修正 for 4.2.0.1); empty for most."""
    ids = {r.id for r in requirements}
    within: dict[str, list[str]] = defaultdict(list)  # heading → the names of the blocks under it
    for r in requirements:
        for n in range(1, r.id.count(".") + 1):
            within[r.id.rsplit(".", n)[0]].append(compact(r.name))
    out = []
    for r in requirements:
        found = []
        for item, reference in _ITEM.findall(normalize(r.text)):
            name = _JOIN.sub("", item)
            if (
                name and name not in found and reference not in ids and reference in within
                and not any(block.startswith(name) for block in within[reference])
            ):
                found.append(name)
        out.append(tuple(found))
    return tuple(out)
