"""Sibling blocks: one function of the standard split into rows by implementation class.

The real standards split a function into a 実装必須 block, sometimes a 標準オプション block and a
実装不可 block that share one name (第1.0版: one section number, `10.4` and `10.4-2` after import;
later editions: separate 機能ID with the same 機能名称, sometimes suffixed （実装不可）). The blocks
differ only in their text, so a feature named after the function scores the same on each, and
the wording of its description is what tells them apart: a feature goes to the 実装必須 block
unless its description shows what only the 標準オプション or the 実装不可 block says.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from gapcheck.model import Category, Requirement
from gapcheck.text import compact

# Class labels some editions add to the name of a block: 方書入力補助（実装不可）
_CLASS_SUFFIX = re.compile(
    r"[(\[【〔<]?(実装必須|実装不可|標準オプション|オプション|実装すべき|実装しない|実装してもしなくても良い|実装してもしなくてもよい)(機能)?[)\]】〕>]?$"
)
_BLOCK = re.compile(r"^(\d+(?:\.\d+)+)-\d+$")  # 10.4-2: the second block of section 10.4
_ORDER = {Category.MANDATORY: 0, Category.OPTIONAL: 1, Category.PROHIBITED: 2}


def base_name(name: str) -> str:
    """The function's name without a class label: 方書入力補助（実装不可） → 方書入力補助."""
    return _CLASS_SUFFIX.sub("", compact(name))


def _section_key(requirement: Requirement) -> str:
    found = _BLOCK.match(requirement.id)
    return found.group(1) if found else requirement.id


def sibling_groups(requirements: tuple[Requirement, ...]) -> tuple[tuple[int, ...], ...]:
    """Per requirement, the positions of its sibling group (itself included, 実装必須 first).

    Siblings are requirements of one kind that share a section number (第1.0版) or the same name,
    class labels removed, under the same section path (later editions).
    """
    parent = list(range(len(requirements)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple, list[int]] = defaultdict(list)
    for position, r in enumerate(requirements):
        by_key[("section", r.kind, _section_key(r))].append(position)
        by_key[("name", r.kind, base_name(r.name), r.section)].append(position)
    for members in by_key.values():
        for other in members[1:]:
            parent[root(other)] = root(members[0])
    groups: dict[int, list[int]] = defaultdict(list)
    for position in range(len(requirements)):
        groups[root(position)].append(position)
    ordered = {
        key: tuple(sorted(members, key=lambda p: (_ORDER[requirements[p].category], p))) for key, members in groups.items()
    }
    return tuple(ordered[root(p)] for p in range(len(requirements)))


def distinct_words(group: tuple[int, ...], words: list[frozenset[str]]) -> dict[int, frozenset[str]]:
    """Per block of a group, the words of its text that no other block of the group uses."""
    return {
        position: words[position].difference(*(words[other] for other in group if other != position))
        for position in group
    }


def reversed_orders(group: tuple[int, ...], orders: dict[int, frozenset[tuple[str, str]]]) -> dict[int, frozenset[tuple[str, str]]]:
    """Per block of a group, the word orders (a before b in a sentence) that another block states
    the other way round and none states this way: 方書 → 地番 in 方書から住所地番を, against 地番 →
    方書 in 住所地番に対応する方書を."""
    out = {}
    for position in group:
        others = frozenset().union(*(orders[other] for other in group if other != position))
        out[position] = frozenset(pair for pair in orders[position] if pair[::-1] in others and pair not in others)
    return out


@dataclass(frozen=True)
class Choice:
    position: int  # the block chosen
    margin: float  # evidence for it minus the best other block's, as a share of the feature's weight
    worded: bool  # chosen over the default block because the feature's wording shows its behaviour


def choose(
    group: tuple[int, ...],
    categories: tuple[Category, ...],
    evidence: dict[int, float],
    total: float,
    scores: dict[int, float],
) -> Choice:
    """The block a feature belongs to: the one whose own words the feature uses clearly more than
    any other block's; without such evidence the 実装必須 block (else the best scored 標準オプション
    one: a 実装不可 block is chosen by its own words only, unless it is all the group has).

    `evidence` is the weight of the feature's words found among each block's distinct words,
    `total` the weight of all the feature's words.
    """
    # The default is the least restrictive class the group has: the 実装必須 block, else the best
    # scored 標準オプション one; a 実装不可 block only by its own words (or when it is alone).
    least = min(_ORDER[categories[p]] for p in group)
    default = max((p for p in group if _ORDER[categories[p]] == least), key=lambda p: (scores.get(p, 0.0), -p))
    best = max(group, key=lambda p: (evidence.get(p, 0.0), p == default))
    others = [evidence.get(p, 0.0) for p in group if p != best]
    margin = (evidence.get(best, 0.0) - max(others, default=0.0)) / total if total else 0.0
    if best != default and margin > 0:
        return Choice(best, margin, True)
    others = [evidence.get(p, 0.0) for p in group if p != default]
    margin = (evidence.get(default, 0.0) - max(others, default=0.0)) / total if total else 0.0
    return Choice(default, margin, False)
