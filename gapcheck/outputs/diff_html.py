"""The spec diff as one self-contained HTML page (template: templates/diff.html.j2).

No network: the style sheet is inlined, and a Content-Security-Policy allows that style sheet and
nothing else, so the page neither loads nor runs anything. Prints on A4 landscape.
"""

from __future__ import annotations

from markupsafe import Markup

from gapcheck.outputs.diff_view import context
from gapcheck.outputs.render import asset, csp_hash, render
from gapcheck.rules.diff import SpecDiff


def render_html(diff: SpecDiff, lang: str = "ja") -> str:
    css = asset("diff.css")
    return render("diff.html.j2", lang, css=css, csp=Markup(csp_hash(str(css))), **context(diff, lang))
