"""The spec diff as Markdown (template: templates/diff.md.j2), for tickets, wikis and e-mail."""

from __future__ import annotations

from gapcheck.outputs.diff_view import context
from gapcheck.outputs.render import render
from gapcheck.rules.diff import SpecDiff


def render_markdown(diff: SpecDiff, lang: str = "ja") -> str:
    return render("diff.md.j2", lang, **context(diff, lang))
