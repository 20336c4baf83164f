"""The spec diff as JSON (schema: schemas/diff.schema.json), for programs and later comparisons."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path

from gapcheck.files.spec_json import requirement_to_dict
from gapcheck.jsonfile import check, dumps
from gapcheck.messages import N_
from gapcheck.model import Spec
from gapcheck.rules.diff import FieldChange, RequirementChange, SpecDiff, category_effect
from gapcheck.text import shown_path
from gapcheck.version import __version__

FORMAT = "gapcheck-spec-diff"
FORMAT_VERSION = 1


def _edition(spec: Spec, path: str | Path | None) -> dict:
    document = {
        "area": spec.area,
        "version": spec.version,
        "slug": spec.slug,
        "business_code": spec.business_code,
        "published": spec.published.isoformat() if spec.published else None,
        "sample": spec.sample,
        "path": shown_path(path) if path is not None else None,
        "requirements": len(spec.requirements),
    }
    return {k: v for k, v in document.items() if v is not None}


def _value(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _field_change(change: FieldChange) -> dict:
    document = {"field": change.field.value, "old": _value(change.old), "new": _value(change.new)}
    if change.segments:
        document["segments"] = [{"op": s.op.value, "text": s.text} for s in change.segments]
    if change.effect:
        document["effect"] = change.effect.value
    return document


def _requirement_change(change: RequirementChange) -> dict:
    document = {
        "old_id": change.old.id,
        "new_id": change.new.id,
        "score": round(change.score, 4),
        "effect": change.effect.value if change.effect else None,
        "fields": [f.value for f in change.fields],
        "changes": [_field_change(c) for c in change.changes],
        "old": requirement_to_dict(change.old),
        "new": requirement_to_dict(change.new),
    }
    return {k: v for k, v in document.items() if v is not None}


def diff_to_dict(diff: SpecDiff, *, old_path: str | Path | None = None, new_path: str | Path | None = None) -> dict:
    added = []
    for requirement in diff.added:
        effect = category_effect(None, requirement.category)
        added.append({"requirement": requirement_to_dict(requirement), **({"effect": effect.value} if effect else {})})
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": f"gapcheck {__version__}",
        "old": _edition(diff.old, old_path),
        "new": _edition(diff.new, new_path),
        "renumber_threshold": diff.renumber_threshold,
        "counts": {change.value: n for change, n in diff.counts.items()},
        "fields": {field.value: n for field, n in diff.field_counts.items()},
        "work": diff.work,
        "added": added,
        "removed": [requirement_to_dict(r) for r in diff.removed],
        "changed": [_requirement_change(c) for c in diff.changed],
        "renumbered": [_requirement_change(c) for c in diff.renumbered],
        "unchanged": list(diff.unchanged),
        "id_map": dict(diff.id_map),
    }


def render_json(diff: SpecDiff, *, old_path: str | Path | None = None, new_path: str | Path | None = None) -> str:
    """The diff as JSON text, validated against the shipped schema (a violation is a bug)."""
    document = diff_to_dict(diff, old_path=old_path, new_path=new_path)
    check("spec diff", "diff", document, N_("spec diff"))
    return dumps(document)
