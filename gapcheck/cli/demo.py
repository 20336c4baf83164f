"""`gapcheck demo`: the complete check of the bundled sample data."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck.cli.options import echo, lang_option
from gapcheck.cli.run import report_outcome
from gapcheck.messages import N_, _
from gapcheck.workflows.demo import DEFAULT_OUT, PORTFOLIO, run_demo


@click.command("demo")
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder for the reports.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help=f"Folder holding specs/ and {PORTFOLIO.as_posix()} (default: the current folder).")
@lang_option
def demo(out, root, lang):
    """Run the sample municipality's portfolio: every sample spec against its sample inventories,
    with reports, vendor gap spreadsheets, the city-wide summary, the budget annex and the
    milestones (sample data written for gapcheck; the municipality, vendors and products are
    fictional)."""
    outcome = run_demo(root, out, lang)
    report_outcome(outcome)
    for name, line in (("budget.html", N_("budget annex: {path}")), ("milestones.html", N_("milestones: {path}"))):
        if (outcome.out / name).is_file():
            echo(_(line, path=outcome.out / name))
