"""The `baseline` member of result.json: the comparison with an earlier check, and what was carried
over from it (schema: schemas/result.schema.json, $defs/baseline)."""

from __future__ import annotations

from gapcheck.model import Verdict
from gapcheck.rules.baseline import BaselineOutcome, RequirementComparison
from gapcheck.text import shown_path


def _some(document: dict) -> dict:
    return {k: v for k, v in document.items() if v is not None and v != []}


def _row(row: RequirementComparison) -> dict:
    def value(member):
        return member.value if member is not None else None

    return _some(
        {
            "old_id": row.old_id,
            "new_id": row.new_id,
            "name": row.name,
            "kind": row.kind.value,
            "change": row.change.value,
            "fields": [f.value for f in row.fields],
            "old_category": value(row.old_category),
            "new_category": value(row.new_category),
            "old_verdict": value(row.old_verdict),
            "new_verdict": value(row.new_verdict),
            "verdict_changed": row.verdict_changed,
            "new_gap": row.new_gap,
        }
    )


def _counts(totals: dict[Verdict, int]) -> dict[str, int]:
    return {v.value: n for v, n in totals.items()}


def _source(path: str | None, found: bool, saved_to: str | None) -> dict:
    """Where the carried items came from (absent when the earlier check had no such file)."""
    return _some({"path": path, "found": found if path else None, "saved_to": saved_to})


def baseline_to_dict(outcome: BaselineOutcome) -> dict:
    baseline, comparison, carried = outcome.baseline, outcome.comparison, outcome.carried
    old = baseline.document
    return {
        "path": shown_path(baseline.path),
        "generated_at": old.generated_at,
        "spec": _some({"version": old.spec.version, "path": old.spec.path, "requirements": old.spec.requirements}),
        "edition_changed": comparison.edition_changed,
        "summary": {
            "mandatory_fit_rate": {"old": comparison.old_fit_rate, "new": comparison.new_fit_rate},
            "totals": {"old": _counts(comparison.old_totals), "new": _counts(comparison.new_totals)},
            **comparison.counts,
        },
        "requirements": [_row(r) for r in comparison.rows],
        "decisions": {
            **_source(baseline.decisions_path, baseline.decisions is not None, outcome.decisions_saved_to),
            "carried": carried.decisions_carried,
            "changes": [
                _some(
                    {
                        "feature": c.old.feature,
                        "renumbered": [{"old": a, "new": b} for a, b in c.renumbered],
                        "gone": list(c.gone),
                        "applies": c.new is not None,
                    }
                )
                for c in carried.decision_changes
            ],
        },
        "answers": {
            **_source(baseline.answers_path, baseline.answers is not None, outcome.answers_saved_to),
            "carried": carried.answers_carried,
            "changes": [
                _some(
                    {
                        "kind": c.old.kind.value,
                        "old_target": c.old.target,
                        "new_target": c.new.target if c.new else None,
                        "policy": c.old.current.policy.value if c.old.current.policy else None,
                    }
                )
                for c in carried.answer_changes
            ],
        },
    }
