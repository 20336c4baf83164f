"""The decisions file: what people decided about features (schema: schemas/decisions.schema.json).

People's work lives here, so it is validated on every read and write, written atomically under a
lock, and each previous version is kept in .gapcheck-history/ beside it. Saving merges: a new
decision replaces the one for the same feature key, every other decision stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from gapcheck import atomic
from gapcheck.errors import Location, Problem, ProblemsError
from gapcheck.jsonfile import NOT_VALID, REFUSED, dumps, problems, read_json
from gapcheck.messages import N_, _
from gapcheck.model import Decision, DecisionAction, Decisions

FORMAT = "gapcheck-decisions"
FORMAT_VERSION = 1
WHAT = N_("gapcheck decisions file")


def decision_to_dict(decision: Decision) -> dict:
    document = {"feature": decision.feature, "action": decision.action.value}
    if decision.requirements:
        document["requirements"] = list(decision.requirements)
    if decision.by:
        document["by"] = decision.by
    if decision.at:
        document["at"] = decision.at.isoformat(timespec="seconds")
    if decision.comment:
        document["comment"] = decision.comment
    return document


def decision_from_dict(document: dict) -> Decision:
    return Decision(
        feature=document["feature"],
        action=DecisionAction(document["action"]),
        requirements=tuple(document.get("requirements", ())),
        by=document.get("by", ""),
        at=datetime.fromisoformat(document["at"]) if "at" in document else None,
        comment=document.get("comment", ""),
    )


def decisions_to_dict(decisions: Decisions) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "decisions": [decision_to_dict(d) for d in decisions.decisions],
    }


def decisions_from_dict(document: dict) -> Decisions:
    return Decisions(tuple(decision_from_dict(d) for d in document["decisions"]))


def decisions_problems(path: str | Path, document: object) -> list[Problem]:
    """Every schema violation (times included) and every feature key decided twice."""
    found = problems(path, "decisions", document)
    if not found:
        first: dict[str, int] = {}
        for number, decision in enumerate(document["decisions"]):
            key = decision["feature"]
            if key in first:
                found.append(
                    Problem(
                        Location(path),
                        _("$.decisions[{number}].feature: feature '{key}' is decided twice "
                          "(first at $.decisions[{first}]); keep one", number=number, key=key, first=first[key]),
                    )
                )
            first.setdefault(key, number)
    return found


def load_decisions(path: str | Path) -> Decisions:
    """A decisions file, validated (every violation reported with its JSON path)."""
    document = read_json(path, "gapcheck-decisions")
    found = decisions_problems(path, document)
    if found:
        raise ProblemsError(_(NOT_VALID, path=path, what=_(WHAT), count=len(found)), found)
    return decisions_from_dict(document)


def merge_decisions(existing: Decisions, new: Iterable[Decision]) -> Decisions:
    """`existing` with `new` applied: a new decision replaces the one for its feature key (in place),
    decisions for other keys are kept, new keys are added at the end."""
    merged = {d.feature: d for d in existing.decisions}
    for decision in new:
        merged[decision.feature] = decision
    return Decisions(tuple(merged.values()))


def save_decisions(decisions: Decisions, path: str | Path) -> None:
    """Validate, keep the previous version in .gapcheck-history/, write atomically. Replaces the
    file's content: use `update_decisions` to add to what is there."""
    document = decisions_to_dict(decisions)
    found = decisions_problems(path, document)
    if found:
        raise ProblemsError(_(REFUSED, path=path, what=_(WHAT)), found)
    atomic.write_text(path, dumps(document), keep=True)


def update_decisions(path: str | Path, new: Iterable[Decision]) -> Decisions:
    """Merge `new` into the decisions file at `path` (created if missing), under a lock so two
    runs never lose each other's decisions; returns what was written."""
    new = list(new)
    with atomic.locked_file(path, WHAT):
        existing = load_decisions(path) if Path(path).exists() else Decisions()
        merged = merge_decisions(existing, new)
        save_decisions(merged, path)
    return merged
