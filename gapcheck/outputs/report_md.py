"""report.md: the content of report.html as Markdown, for wikis and e-mail (template:
templates/report.md.j2)."""

from __future__ import annotations

from gapcheck.outputs.render import render as render_template
from gapcheck.outputs.report import SEVERITY, Report

FILE_NAME = "report.md"


def render(report: Report) -> bytes:
    return render_template("report.md.j2", report.lang, view=report.view, severity=SEVERITY).encode("utf-8")
