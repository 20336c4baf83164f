"""`gapcheck demo`: the complete check of the bundled sample data."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck.cli.check import lang_option
from gapcheck.cli.summary import summary_table
from gapcheck.demo import DEFAULT_OUT, run_demo
from gapcheck.formats import report_html


@click.command("demo")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder for the reports.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="Folder holding specs/ and inventories/ (default: the current folder).")
@lang_option
def demo(out, root, lang):
    """Check every sample spec against its sample inventories and write the reports and the
    city-wide summary (sample data written for gapcheck; vendors and products are fictional)."""
    outcome = run_demo(root, out, lang)
    click.echo(summary_table(outcome.summary.rows, lang))
    click.echo("")
    for _, folder, _ in outcome.checks:
        click.echo(f"report:  {folder / report_html.FILE_NAME}")
    click.echo(f"summary: {outcome.summary.html}")
    click.echo(f"         {outcome.summary.markdown}")
