"""report.md: the content of report.html as Markdown, for wikis and e-mail (template:
templates/report.md.j2)."""

from __future__ import annotations

from gapcheck.model import Basis
from gapcheck.outputs.render import render as render_template
from gapcheck.outputs.report import SEVERITY, Report, build_view

FILE_NAME = "report.md"


def render(report: Report) -> bytes:
    text = render_template(
        "report.md.j2",
        report.lang,
        view=build_view(report),
        severity=SEVERITY,
        Basis=Basis,
    )
    return text.encode("utf-8")
