"""The answers file: vendors' answers with their history (schema: schemas/answers.schema.json).

People's work lives here, so it is validated on every read and write, written atomically under a
lock (see gapcheck.rules.gaps.import_answers), and each previous version is kept in
.gapcheck-history/ beside it.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from gapcheck import atomic
from gapcheck.jsonfile import check, dumps, read_json
from gapcheck.messages import N_
from gapcheck.model import (
    Answer,
    AnswerImport,
    Answers,
    AnswerVersion,
    CheckResult,
    Due,
    ResponsePolicy,
    TargetKind,
)
from gapcheck.rules.gaps import gap_items

FORMAT = "gapcheck-answers"
FORMAT_VERSION = 1


def due_to_dict(due: Due) -> dict:
    document = {"fiscal_year": due.fiscal_year}
    if due.day is not None:
        document["date"] = due.day.isoformat()
    return document


def due_from_dict(document: dict) -> Due:
    return Due(document["fiscal_year"], date.fromisoformat(document["date"]) if "date" in document else None)


def version_to_dict(version: AnswerVersion) -> dict:
    document = {
        "policy": version.policy.value if version.policy else None,
        "cost_thousand_yen": version.cost_thousand_yen,
        "due": due_to_dict(version.due) if version.due else None,
        "note": version.note or None,
        "answered_at": version.answered_at.isoformat(timespec="seconds") if version.answered_at else None,
        "source": version.source or None,
    }
    return {k: v for k, v in document.items() if v is not None}


def version_from_dict(document: dict) -> AnswerVersion:
    return AnswerVersion(
        policy=ResponsePolicy(document["policy"]) if "policy" in document else None,
        cost_thousand_yen=document.get("cost_thousand_yen"),
        due=due_from_dict(document["due"]) if "due" in document else None,
        note=document.get("note", ""),
        answered_at=datetime.fromisoformat(document["answered_at"]) if "answered_at" in document else None,
        source=document.get("source", ""),
    )


def answers_to_dict(answers: Answers) -> dict:
    document = {"format": FORMAT, "format_version": FORMAT_VERSION}
    if answers.area:
        document["area"] = answers.area
    if answers.system:
        document["system"] = answers.system
    document["answers"] = [
        {
            "kind": a.kind.value,
            "target": a.target,
            **version_to_dict(a.current),
            "history": [version_to_dict(v) for v in a.history],
        }
        for a in answers.answers
    ]
    document["imports"] = [
        {
            "source": i.source,
            "sha256": i.sha256,
            "imported_at": i.imported_at.isoformat(timespec="seconds"),
            "new": i.new,
            "changed": i.changed,
            "unchanged": i.unchanged,
        }
        for i in answers.imports
    ]
    return document


def answers_from_dict(document: dict) -> Answers:
    return Answers(
        answers=tuple(
            Answer(
                TargetKind(a["kind"]),
                a["target"],
                version_from_dict(a),
                tuple(version_from_dict(v) for v in a["history"]),
            )
            for a in document["answers"]
        ),
        imports=tuple(
            AnswerImport(
                i["source"],
                i["sha256"],
                datetime.fromisoformat(i["imported_at"]),
                i["new"],
                i["changed"],
                i["unchanged"],
            )
            for i in document["imports"]
        ),
        area=document.get("area"),
        system=document.get("system"),
    )


def load_answers(path: str | Path) -> Answers:
    """An answers file, validated against the shipped schema (every violation reported)."""
    document = read_json(path, "gapcheck-answers")
    check(path, "answers", document, N_("gapcheck answers file"))
    return answers_from_dict(document)


def write_answers(answers: Answers, path: str | Path) -> None:
    """Validate, keep the previous version in .gapcheck-history/, write atomically."""
    document = answers_to_dict(answers)
    check(path, "answers", document, N_("gapcheck answers file"))
    atomic.write_text(path, dumps(document), keep=True)


def result_answers(result: CheckResult, answers: Answers, path: str) -> dict:
    """The `answers` member of result.json: the current answer of every item on the gap lists
    (the budget annex reads only result folders), those to requirements and features of the check
    that are not on its lists (the reports show them too), and how many answers are for items no
    longer on the lists."""
    listed, on_lists = [], set()
    for gap_list, kind, target in gap_items(result):
        answer = answers.by_key.get((kind, target))
        if answer is not None:
            listed.append(
                {"kind": kind.value, "target": target, "list": gap_list.value, **version_to_dict(answer.current)}
            )
            on_lists.add(answer.key)
    present = {TargetKind.REQUIREMENT: result.spec.by_id, TargetKind.FEATURE: result.inventory.by_key}
    unlisted = [
        {"kind": a.kind.value, "target": a.target, **version_to_dict(a.current)}
        for a in answers.answers
        if a.key not in on_lists and a.target in present[a.kind]
    ]
    document = {"path": path, "items": listed, "off_list": len(answers.answers) - len(listed)}
    if unlisted:
        document["unlisted"] = unlisted
    return document
