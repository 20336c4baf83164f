"""`gapcheck report`: a check's reports rendered again from its result.json."""

from __future__ import annotations

import click

from gapcheck.cli.options import chosen_language, echo, outputs_option
from gapcheck.messages import _
from gapcheck.workflows.check import REPORTS, render_reports
from gapcheck.workflows.results import find_results


@click.command("report")
@click.argument("targets", nargs=-1, required=True, metavar="RESULT_DIR...")
@outputs_option(REPORTS, None, "result.json stays as it is.")
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    help="Language of the reports [default: the language the check was run in].",
)
@click.pass_context
def report(ctx, targets, outputs, lang):
    """Render a check's reports (report.html, report.md, gaps.xlsx) from its result.json.

    \b
    RESULT_DIR is a folder that `gapcheck check` or `gapcheck run` wrote (holding result.json), a
    folder holding such folders, or a quoted glob. The reports are byte for byte those `gapcheck
    check` writes for that result: a national run can write result.json and the summaries only
    (--outputs result.json,summary), and the reports of a system are rendered when someone reads them.
    """
    lang = chosen_language(ctx, lang)
    for folder in find_results(list(targets)):
        rendered = render_reports(folder, outputs or REPORTS, lang)
        echo(_("wrote {files} into {folder} ({lang})", files=", ".join(outputs or REPORTS), folder=folder, lang=rendered.lang))
