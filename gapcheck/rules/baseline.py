"""Comparing a check with an earlier one (前回との比較), typically against the next edition of the standard.

The pure core works on the model: `carry_decisions` and `carry_answers` move people's decisions and
vendors' answers to the new edition through the spec diff's id map (renumberings included) and say
which no longer apply; `compare` puts the earlier check's verdicts next to the new ones. `read_baseline`
is the edge that reads an earlier check's folder (its result.json, and the spec, decisions and
answers files it names); `gapcheck.workflows.check.check_files` ties them together for `gapcheck check --baseline`.

Which edition an id belongs to: an id of the old edition goes through the id map (or is gone); an id
only the new edition knows stays as it is (a decision or answer already given for the new edition);
an id neither knows is gone. An id the new edition has therefore always stays as it is, so a file
already written for the new edition passes through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from gapcheck.model import (
    Answer,
    Answers,
    Category,
    CheckResult,
    Decision,
    DecisionAction,
    Decisions,
    GapList,
    Kind,
    ResultDocument,
    Spec,
    TargetKind,
    Verdict,
)
from gapcheck.rules.diff import Change, Field, SpecDiff
from gapcheck.rules.gaps import gap_list_for_requirement, in_file_order

# The lists whose items are gaps to close: 実装必須 gaps and partial fits, prohibited functions present.
GAP_LISTS = (GapList.GAPS, GapList.VIOLATIONS)


def carry_id(rid: str, spec_diff: SpecDiff) -> str | None:
    """A requirement id as the new edition knows it; None when it is gone."""
    if rid in spec_diff.id_map:
        return spec_diff.id_map[rid]
    if rid not in spec_diff.old.by_id and rid in spec_diff.new.by_id:
        return rid
    return None


# --- decisions and answers ---------------------------------------------------------------------


@dataclass(frozen=True)
class CarriedDecision:
    """A decision whose requirement ids the new edition changed."""

    old: Decision
    new: Decision | None  # None: none of its requirements is left, so it no longer applies
    renumbered: tuple[tuple[str, str], ...] = ()  # (old id, new id)
    gone: tuple[str, ...] = ()  # its ids the new edition no longer has


def carry_decisions(decisions: Decisions, spec_diff: SpecDiff) -> tuple[Decisions, tuple[CarriedDecision, ...]]:
    """The decisions as they apply to the new edition, and those whose ids changed on the way.

    A decision naming requirements gets their new ids; ids the edition removed are dropped, and a
    decision with none left no longer applies (it is left out, so its feature is matched afresh).
    独自機能 and 対象外 decisions name no requirement and carry over as they are.
    """
    carried: list[Decision] = []
    changed: list[CarriedDecision] = []
    for decision in decisions.decisions:
        if decision.action is not DecisionAction.REQUIREMENTS:
            carried.append(decision)
            continue
        new_ids: dict[str, None] = {}  # ordered set: an old id and its new number both named count once
        renumbered, gone = [], []
        for rid in decision.requirements:
            new_id = carry_id(rid, spec_diff)
            if new_id is None:
                gone.append(rid)
                continue
            new_ids[new_id] = None
            if new_id != rid:
                renumbered.append((rid, new_id))
        new = replace(decision, requirements=tuple(new_ids)) if new_ids else None
        if new is not None:
            carried.append(new)
        if renumbered or gone:
            changed.append(CarriedDecision(decision, new, tuple(renumbered), tuple(gone)))
    return Decisions(tuple(carried)), tuple(changed)


@dataclass(frozen=True)
class CarriedAnswer:
    """A vendor's answer whose requirement the new edition renumbered or removed."""

    old: Answer
    new: Answer | None  # None: the requirement is not in the new edition, the answer no longer applies


def carry_answers(answers: Answers, spec_diff: SpecDiff) -> tuple[Answers, tuple[CarriedAnswer, ...]]:
    """The answers as they apply to the new edition (history kept), and those whose target changed.

    Answers about features (独自機能) carry over as they are: feature keys do not depend on the edition.
    Where an answer was also given under the new id already, that one is kept.
    """
    kept: dict[tuple[TargetKind, str], Answer] = {}
    moved: list[Answer] = []
    changed: list[CarriedAnswer] = []
    for answer in answers.answers:
        if answer.kind is TargetKind.FEATURE:
            kept[answer.key] = answer
            continue
        target = carry_id(answer.target, spec_diff)
        if target is None:
            changed.append(CarriedAnswer(answer, None))
        elif target == answer.target:
            kept[answer.key] = answer
        else:
            new = replace(answer, target=target)
            moved.append(new)
            changed.append(CarriedAnswer(answer, new))
    for answer in moved:
        kept.setdefault(answer.key, answer)
    return replace(answers, answers=in_file_order(kept.values())), tuple(changed)


def overlay_answers(carried: Answers, given: Answers) -> Answers:
    """`carried` with the answers of `given` on top: `given` wins for every item it answers."""
    by_key = {**carried.by_key, **given.by_key}
    return Answers(
        answers=in_file_order(by_key.values()),
        imports=tuple(dict.fromkeys((*carried.imports, *given.imports))),
        area=given.area or carried.area,
        system=given.system or carried.system,
    )


# --- the comparison of verdicts ----------------------------------------------------------------


@dataclass(frozen=True)
class RequirementComparison:
    """One requirement in the earlier check, the new one, or both (paired through the id map)."""

    old_id: str | None  # None: added in the new edition
    new_id: str | None  # None: removed
    name: str  # as the new edition names it (the old name for removed requirements)
    kind: Kind
    change: Change  # what the edition did to the requirement
    fields: tuple[Field, ...]  # what changed, for CHANGED and RENUMBERED
    old_category: Category | None
    new_category: Category | None
    old_verdict: Verdict | None  # None: not in the earlier check
    new_verdict: Verdict | None  # None: not in the new check

    @property
    def id(self) -> str:
        return self.new_id or self.old_id

    @property
    def verdict_changed(self) -> bool:
        return self.old_verdict != self.new_verdict

    @property
    def class_changed(self) -> bool:
        return Field.CATEGORY in self.fields

    @property
    def gap(self) -> bool:
        """On the gap lists in the new check (gap, partial fit of 実装必須, prohibited function present)."""
        return self.new_verdict is not None and gap_list_for_requirement(self.new_category, self.new_verdict) in GAP_LISTS

    @property
    def was_gap(self) -> bool:
        return self.old_verdict is not None and gap_list_for_requirement(self.old_category, self.old_verdict) in GAP_LISTS

    @property
    def new_gap(self) -> bool:
        """A gap the edition introduced: the requirement is new, or its class changed, and it is a gap
        now that was not one before."""
        return (self.change is Change.ADDED or self.class_changed) and self.gap and not self.was_gap


@dataclass(frozen=True)
class Comparison:
    """The earlier check next to the new one, requirement by requirement."""

    old_spec: Spec
    new_spec: Spec
    rows: tuple[RequirementComparison, ...]  # the new edition's requirements in order, then the removed ones
    old_fit_rate: float | None  # 実装必須 fit rate of each check
    new_fit_rate: float | None
    old_totals: dict[Verdict, int]  # requirements per verdict (every verdict, 0 included)
    new_totals: dict[Verdict, int]

    @property
    def edition_changed(self) -> bool:
        return any(r.change is not Change.UNCHANGED for r in self.rows)

    @cached_property
    def changed(self) -> tuple[RequirementComparison, ...]:
        """Requirements whose verdict differs (added and removed ones included: from or to none)."""
        return tuple(r for r in self.rows if r.verdict_changed)

    @cached_property
    def new_gaps(self) -> tuple[RequirementComparison, ...]:
        return tuple(r for r in self.rows if r.new_gap)

    @cached_property
    def counts(self) -> dict[str, int]:
        return {
            "verdicts_changed": sum(1 for r in self.changed if r.old_verdict and r.new_verdict),
            "new_gaps": len(self.new_gaps),
            "added": sum(1 for r in self.rows if r.change is Change.ADDED),
            "removed": sum(1 for r in self.rows if r.change is Change.REMOVED),
            "renumbered": sum(1 for r in self.rows if r.change is Change.RENUMBERED),
            "class_changed": sum(1 for r in self.rows if r.class_changed),
        }


def compare(old: ResultDocument, new_result: CheckResult, spec_diff: SpecDiff) -> Comparison:
    """The earlier check (its result.json) next to the new check, through the diff of their editions."""
    old_verdicts = {r.id: r.verdict for r in old.requirements}
    new_verdicts = {r.requirement.id: r.verdict for r in new_result.requirements}
    old_of = {new: old for old, new in spec_diff.id_map.items()}
    changes = spec_diff.changes_by_old_id
    rows = []
    for requirement in spec_diff.new.requirements:
        old_id = old_of.get(requirement.id)
        if old_id is None:
            change, fields, old_category = Change.ADDED, (), None
        else:
            found = changes.get(old_id)
            change = Change.UNCHANGED if found is None else Change.RENUMBERED if found.renumbered else Change.CHANGED
            fields = found.fields if found else ()
            old_category = spec_diff.old.by_id[old_id].category
        rows.append(
            RequirementComparison(
                old_id, requirement.id, requirement.name, requirement.kind, change, fields,
                old_category, requirement.category, old_verdicts.get(old_id), new_verdicts.get(requirement.id),
            )
        )
    for requirement in spec_diff.removed:
        rows.append(
            RequirementComparison(
                requirement.id, None, requirement.name, requirement.kind, Change.REMOVED, (),
                requirement.category, None, old_verdicts.get(requirement.id), None,
            )
        )
    new_summary = new_result.summary
    return Comparison(
        old_spec=spec_diff.old,
        new_spec=spec_diff.new,
        rows=tuple(rows),
        old_fit_rate=old.summary.mandatory_fit_rate,
        new_fit_rate=new_summary.mandatory_fit_rate,
        old_totals={v: old.summary.count(v) for v in Verdict},
        new_totals={v: new_summary.count(v) for v in Verdict},
    )


# --- the earlier check and what it passes on --------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """An earlier check to compare with: its result.json, and the files it was made with."""

    path: Path  # its result.json
    document: ResultDocument
    spec_diff: SpecDiff  # the earlier check's edition → the new check's
    decisions_path: str | None = None  # as its result.json names them
    decisions: Decisions | None = None  # None: no decisions file, or it is no longer there
    answers_path: str | None = None
    answers: Answers | None = None


@dataclass(frozen=True)
class Carried:
    """What a check takes over from its baseline, with the files given for the check itself on top."""

    decisions: Decisions | None  # what the check uses
    answers: Answers | None
    decisions_carried: int  # of those, taken over from the baseline
    answers_carried: int
    decision_changes: tuple[CarriedDecision, ...]  # renumbered or gone (and not decided again)
    answer_changes: tuple[CarriedAnswer, ...]


def carry(baseline: Baseline, decisions: Decisions | None = None, answers: Answers | None = None) -> Carried:
    """The baseline's decisions and answers carried to the new edition, with `decisions` and
    `answers` (the files given for this check) on top: they win for every key they have.

    The given files go through the id map too: that changes nothing in a file already written for
    the new edition (its ids map to themselves) and moves the ids of one still written for the old.
    """
    diff = baseline.spec_diff
    old_decisions, old_decision_changes = carry_decisions(baseline.decisions or Decisions(), diff)
    old_answers, old_answer_changes = carry_answers(baseline.answers or Answers(), diff)
    own_decisions, own_decision_changes = carry_decisions(decisions or Decisions(), diff)
    own_answers, own_answer_changes = carry_answers(answers or Answers(), diff)
    decided = (decisions or Decisions()).by_feature
    answered = own_answers.by_key
    kept_decisions = [d for d in old_decisions.decisions if d.feature not in decided]
    used_decisions = (*kept_decisions, *own_decisions.decisions)
    return Carried(
        decisions=Decisions(used_decisions) if used_decisions else None,
        answers=overlay_answers(old_answers, own_answers) if (baseline.answers or answers) else None,
        decisions_carried=len(kept_decisions),
        answers_carried=sum(1 for a in old_answers.answers if a.key not in answered),
        decision_changes=(*(c for c in old_decision_changes if c.old.feature not in decided), *own_decision_changes),
        answer_changes=(*(c for c in old_answer_changes if (c.new or c.old).key not in answered), *own_answer_changes),
    )


@dataclass(frozen=True)
class BaselineOutcome:
    """What comparing with a baseline gave one check: shown in result.json and the reports."""

    baseline: Baseline
    comparison: Comparison
    carried: Carried
    decisions_saved_to: str | None = None  # where the decisions used were saved (--save-decisions)
    answers_saved_to: str | None = None
