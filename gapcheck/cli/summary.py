"""`gapcheck summary`: one city-wide page across the checks of many business areas."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck.cli.options import echo, echo_conflicts, fit_rate_cell, lang_option, table
from gapcheck.messages import _
from gapcheck.model import Category, FeatureStatus, Verdict
from gapcheck.outputs.i18n import label, phrase
from gapcheck.outputs.summary import AreaRow
from gapcheck.workflows.summary import write_summary


def summary_table(rows: tuple[AreaRow, ...], lang: str) -> str:
    """The summary's key figures for the console."""
    headers = [
        phrase("summary.role", lang),
        phrase("summary.area", lang),
        phrase("summary.version", lang),
        phrase("report.system", lang),
        phrase("summary.fit_rate", lang),
        label(Verdict.GAP, lang),
        label(Verdict.PARTIAL, lang),
        label(Verdict.VIOLATION, lang),
        label(FeatureStatus.UNMATCHED, lang),
        phrase("summary.review_features", lang),
    ]
    body = [
        [
            label(r.role, lang),
            r.area,
            r.version,
            r.system or "—",
            fit_rate_cell(r.document.summary),
            r.count(Category.MANDATORY, Verdict.GAP),
            r.count(Category.MANDATORY, Verdict.PARTIAL),
            r.count(Category.PROHIBITED, Verdict.VIOLATION),
            r.features(FeatureStatus.UNMATCHED),
            r.features(FeatureStatus.REVIEW),
        ]
        for r in rows
    ]
    return table(headers, body)


@click.command("summary")
@click.argument("targets", nargs=-1, required=True, metavar="DIR_OR_GLOB...")
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    help="Folder for summary.html and summary.md (default: the folder the check folders share).",
)
@lang_option
def summary(targets, out, lang):
    """One city-wide page (summary.html + summary.md) across business areas.

    DIR_OR_GLOB are folders that `gapcheck check` wrote (holding result.json), a folder holding
    such folders (e.g. reports/demo), or a quoted glob ('reports/*'). Each area links to its report.
    Totals count the current check of each area only: procurement candidates and checks superseded
    by a later edition of the same system are listed apart.
    """
    written = write_summary(list(targets), out, lang)
    echo(summary_table(written.rows, lang))
    echo_conflicts([r.document for r in written.rows])
    echo(_("wrote {path}", path=written.html))
    echo(_("wrote {path}", path=written.markdown))
