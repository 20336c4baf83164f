"""The spec diff as one self-contained HTML page (template: templates/diff.html.j2).

No network: the style sheet is inlined, and a Content-Security-Policy allows that style sheet and
nothing else, so the page neither loads nor runs anything. Prints on A4 landscape.
"""

from __future__ import annotations

from markupsafe import Markup

from gapcheck.diff import SpecDiff
from gapcheck.formats.diff_view import context
from gapcheck.render import asset, csp_hash, render


def render_html(diff: SpecDiff, lang: str = "ja") -> str:
    css = asset("diff.css")
    return render("diff.html.j2", lang, css=css, csp=Markup(csp_hash(str(css))), **context(diff, lang))
