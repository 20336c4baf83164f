"""What changed between two editions of a standard (改版差分, like a 新旧対照表).

`diff_specs` is pure: two Specs in, one SpecDiff out. Requirements are paired by id first; of the
ones left over, a removed and an added requirement whose texts are alike are paired as renumbered
(番号変更), with their similarity score. `SpecDiff.id_map` maps every old id that lives on to its
new id: the key that carries decisions and vendor answers over to the new edition.

Values are compared in their normalised form (`text.normalize`: NFKC, white space), so an edition
that only re-typed spaces or full-width digits does not show up as changed; the original text is
what the reports show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum
from functools import cached_property, lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from gapcheck.matching.terms import conflicts, contrast_sides
from gapcheck.model import Category, Kind, Requirement, Spec
from gapcheck.text import normalize

# Below this similarity a removed and an added requirement are reported as such, not as one
# renumbered requirement. Same text under a new id scores 1.0; a reworded sentence about 0.85.
RENUMBER_THRESHOLD = 0.8


class Change(StrEnum):
    """What happened to a requirement between two editions."""

    ADDED = "added"  # 追加
    REMOVED = "removed"  # 削除
    CHANGED = "changed"  # 変更 (same id)
    RENUMBERED = "renumbered"  # 番号変更 (new id, alike text; maybe changed too)
    UNCHANGED = "unchanged"


class Field(StrEnum):
    """A compared attribute of a requirement, in the order reports list them."""

    NAME = "name"
    TEXT = "text"
    CATEGORY = "category"
    KIND = "kind"
    SECTION = "section"  # moved
    EFFECTIVE_FROM = "effective_from"  # 適合基準日
    NOTES = "notes"


class Effect(StrEnum):
    """What a new or re-classed requirement means for a municipality's current system."""

    WORK = "work"  # something must be built or dropped
    CHOICE = "choice"  # the municipality decides whether to adopt it; nothing is required


class Op(StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


FieldValue = str | Category | Kind | tuple[str, ...] | date | None


@dataclass(frozen=True)
class FieldChange:
    field: Field
    old: FieldValue
    new: FieldValue
    segments: tuple[Segment, ...] = ()  # name, text, notes: the text difference
    effect: Effect | None = None  # category only


@dataclass(frozen=True)
class RequirementChange:
    """One requirement in both editions: same id (changed) or a new id (renumbered)."""

    old: Requirement
    new: Requirement
    changes: tuple[FieldChange, ...]  # empty for a renumbering that changed nothing else
    score: float = 1.0  # similarity of name and text, 0..1

    @property
    def renumbered(self) -> bool:
        return self.old.id != self.new.id

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(c.field for c in self.changes)

    def get(self, field: Field) -> FieldChange | None:
        return next((c for c in self.changes if c.field is field), None)

    @property
    def effect(self) -> Effect | None:
        change = self.get(Field.CATEGORY)
        return change.effect if change else None


@dataclass(frozen=True)
class SpecDiff:
    old: Spec
    new: Spec
    added: tuple[Requirement, ...]  # in new-edition order
    removed: tuple[Requirement, ...]  # in old-edition order
    changed: tuple[RequirementChange, ...]  # same id, at least one field changed
    renumbered: tuple[RequirementChange, ...]  # new id, text alike (score ≥ threshold)
    unchanged: tuple[str, ...]  # ids present in both with nothing changed
    renumber_threshold: float = RENUMBER_THRESHOLD

    @cached_property
    def id_map(self) -> dict[str, str]:
        """Old id → new id for every old requirement still in the new edition (renumberings included).

        A changed requirement keeps its id even when its text was rewritten; `changes_by_old_id`
        has the change and its score for those who want to look closer.
        """
        mapping = {rid: rid for rid in self.unchanged}
        mapping.update((c.old.id, c.new.id) for c in self.changed + self.renumbered)
        return mapping

    @cached_property
    def changes_by_old_id(self) -> dict[str, RequirementChange]:
        return {c.old.id: c for c in self.changed + self.renumbered}

    @cached_property
    def counts(self) -> dict[Change, int]:
        return {
            Change.ADDED: len(self.added),
            Change.REMOVED: len(self.removed),
            Change.CHANGED: len(self.changed),
            Change.RENUMBERED: len(self.renumbered),
            Change.UNCHANGED: len(self.unchanged),
        }

    @cached_property
    def field_counts(self) -> dict[Field, int]:
        """How many changed or renumbered requirements changed each field."""
        found = Counter(f for c in self.changed + self.renumbered for f in c.fields)
        return {f: found[f] for f in Field}

    @cached_property
    def work(self) -> int:
        """Requirements whose addition or change of class creates work (`Effect.WORK`)."""
        added = sum(1 for r in self.added if category_effect(None, r.category) is Effect.WORK)
        return added + sum(1 for c in self.changed + self.renumbered if c.effect is Effect.WORK)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.renumbered)


def category_effect(old: Category | None, new: Category | None) -> Effect | None:
    """What a requirement's class in the new edition asks of a current system (old None: added).

    - becomes 実装必須 (from 標準オプション, 実装不可, or new): WORK — it must be implemented.
    - becomes 実装不可 (from anything, or new): WORK — a current system that has it must drop it
      (whether it has it is for the check to say; the diff flags the possible work).
    - becomes 標準オプション (from 実装必須, 実装不可, or new): CHOICE — the municipality decides
      whether to adopt it; nothing has to be built or dropped.
    - removed, or class unchanged: None.
    """
    if new is None or old == new:
        return None
    if new is Category.OPTIONAL:
        return Effect.CHOICE
    return Effect.WORK


def text_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Character difference of two texts, grouped into runs for reading.

    Japanese has no spaces to split words at, so the comparison is over characters; a single
    character left equal between two changes (a stray の or を) is folded into the change, so a
    reworded phrase reads as one deletion and one insertion rather than confetti.
    """
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    runs: list[tuple[str, str, str]] = []  # (tag, old part, new part)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        runs.append((tag, old[i1:i2], new[j1:j2]))
    merged: list[tuple[str, str, str]] = []  # ("equal" | "change", old part, new part)
    for index, (tag, a, b) in enumerate(runs):
        inner = 0 < index < len(runs) - 1
        if tag == "equal" and not (inner and len(a) == 1):
            merged.append(("equal", a, b))
        elif merged and merged[-1][0] == "change":
            _, pa, pb = merged.pop()
            merged.append(("change", pa + a, pb + b))
        else:
            merged.append(("change", a, b))
    segments: list[Segment] = []
    for tag, a, b in merged:
        if tag == "equal":
            segments.append(Segment(Op.EQUAL, a))
            continue
        if a:
            segments.append(Segment(Op.DELETE, a))
        if b:
            segments.append(Segment(Op.INSERT, b))
    return tuple(segments)


@lru_cache(maxsize=8192)
def _comparable(text: str) -> str:
    return normalize(text)


def _same(old: FieldValue, new: FieldValue) -> bool:
    if old in (None, "") and new in (None, ""):  # notes: absent and empty alike
        return True
    if isinstance(old, str) and isinstance(new, str):
        return _comparable(old) == _comparable(new)
    if isinstance(old, tuple) and isinstance(new, tuple):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new))
    return old == new


def field_changes(old: Requirement, new: Requirement) -> tuple[FieldChange, ...]:
    """Every field that differs between two versions of a requirement (ids aside)."""
    changes = []
    for field in Field:
        before, after = getattr(old, field.value), getattr(new, field.value)
        if _same(before, after):
            continue
        segments = ()
        if field in (Field.NAME, Field.TEXT, Field.NOTES):
            segments = text_diff(before or "", after or "")
        effect = category_effect(before, after) if field is Field.CATEGORY else None
        changes.append(FieldChange(field, before, after, segments, effect))
    return tuple(changes)


def _comparable_requirement(requirement: Requirement) -> str:
    return _comparable(f"{requirement.name} {requirement.text}")


def _similarities(old: Sequence[Requirement], new: Sequence[Requirement]) -> np.ndarray:
    """How alike each old requirement reads to each new one, 0..1 (rows: old, columns: new):
    character similarity of name and text, all pairs at once.

    The one place to switch to the matching engine's scorer (gapcheck.matching) once it exists.
    """
    return process.cdist(
        [_comparable_requirement(r) for r in old],
        [_comparable_requirement(r) for r in new],
        scorer=fuzz.ratio,
        dtype=np.float32,
        workers=-1 if len(old) * len(new) > 10_000 else 1,  # threads only pay off on many pairs
    ) / np.float32(100)


def _similarity(old: Requirement, new: Requirement) -> float:
    return float(_similarities([old], [new])[0, 0])


@lru_cache(maxsize=8192)
def _contrast_sides(text: str) -> dict[str, frozenset[str]]:
    return contrast_sides(text)


def _contradict(old: Requirement, new: Requirement) -> bool:
    """Alike texts that name opposite sides of a contrast (転入 / 転出, 交付 / 再交付 …, the matching
    engine's table) are two requirements, not one renumbered."""
    return bool(conflicts(_contrast_sides(_comparable_requirement(old)), _contrast_sides(_comparable_requirement(new))))


def _renumberings(
    removed: list[Requirement], added: list[Requirement], threshold: float
) -> list[tuple[Requirement, Requirement, float]]:
    """One-to-one pairs of alike removed/added requirements, best score first (greedy), never
    two that contradict each other.

    Ties go to the earlier requirements, so the result depends on nothing but the specs.
    """
    if not removed or not added:
        return []
    scores = _similarities(removed, added)
    rows, columns = np.nonzero(scores >= threshold)
    candidates = scores[rows, columns]
    order = np.lexsort((columns, rows, -candidates))
    used_old: set[int] = set()
    used_new: set[int] = set()
    chosen = []
    for k in order:
        i, j = int(rows[k]), int(columns[k])
        if i in used_old or j in used_new or _contradict(removed[i], added[j]):
            continue
        used_old.add(i)
        used_new.add(j)
        chosen.append((removed[i], added[j], float(candidates[k])))
        if len(chosen) == min(len(removed), len(added)):
            break
    return chosen


def diff_specs(old: Spec, new: Spec, *, renumber_threshold: float = RENUMBER_THRESHOLD) -> SpecDiff:
    """Compare two editions of a standard; `renumber_threshold` > 1 turns renumbering off."""
    old_ids, new_ids = old.by_id, new.by_id
    changed, unchanged = [], []
    for requirement in new.requirements:
        before = old_ids.get(requirement.id)
        if before is None:
            continue
        changes = field_changes(before, requirement)
        if not changes:
            unchanged.append(requirement.id)
            continue
        text_changed = {Field.NAME, Field.TEXT} & {c.field for c in changes}
        score = _similarity(before, requirement) if text_changed else 1.0
        changed.append(RequirementChange(before, requirement, changes, score))

    removed = [r for r in old.requirements if r.id not in new_ids]
    added = [r for r in new.requirements if r.id not in old_ids]
    pairs = _renumberings(removed, added, renumber_threshold)
    paired_old = {a.id for a, _, _ in pairs}
    paired_new = {b.id for _, b, _ in pairs}
    order = {r.id: index for index, r in enumerate(new.requirements)}
    renumbered = sorted(
        (RequirementChange(a, b, field_changes(a, b), score) for a, b, score in pairs),
        key=lambda c: order[c.new.id],
    )
    return SpecDiff(
        old=old,
        new=new,
        added=tuple(r for r in added if r.id not in paired_new),
        removed=tuple(r for r in removed if r.id not in paired_old),
        changed=tuple(changed),
        renumbered=tuple(renumbered),
        unchanged=tuple(unchanged),
        renumber_threshold=renumber_threshold,
    )
