"""What the Markdown and HTML renderings of a spec diff show, as template values (labels via
gapcheck.outputs.i18n; the Jinja2 environments, with their escaping, are gapcheck.outputs.render's)."""

from __future__ import annotations

from functools import partial

from gapcheck.outputs.i18n import format_value, label
from gapcheck.rules.diff import Change, Field, SpecDiff, category_effect


def context(diff: SpecDiff, lang: str) -> dict:
    new = diff.new.version if diff.new.area == diff.old.area else diff.new.label
    return {
        "diff": diff,
        "editions": f"{diff.old.label} → {new}",
        "sample": diff.old.sample or diff.new.sample,
        "value": partial(format_value, lang=lang),
        "paren": lambda text: f"（{text}）" if lang == "ja" else f"({text})",  # templates add the space
        "added_effect": lambda requirement: category_effect(None, requirement.category),
        "counts": [(label(change, lang), n) for change, n in diff.counts.items()],
        "fields": [(label(field, lang), n) for field, n in diff.field_counts.items() if n],
        "details": [c for c in diff.changed + diff.renumbered if c.changes],  # each in new-edition order
        "text_fields": (Field.NAME, Field.TEXT, Field.NOTES),
        "Change": Change,
    }
