"""`gapcheck demo`: the complete check of the bundled sample data."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck.cli.options import lang_option
from gapcheck.cli.run import report_outcome
from gapcheck.workflows.demo import DEFAULT_OUT, PORTFOLIO, run_demo


@click.command("demo")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder for the reports.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help=f"Folder holding specs/ and {PORTFOLIO.as_posix()} (default: the current folder).")
@lang_option
def demo(out, root, lang):
    """Run the sample municipality's portfolio: every sample spec against its sample inventories,
    with reports, vendor gap spreadsheets and the city-wide summary (sample data written for
    gapcheck; the municipality, vendors and products are fictional)."""
    report_outcome(run_demo(root, out, lang))
