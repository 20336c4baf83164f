"""`gapcheck answers …`: take vendors' filled gap spreadsheets over into an answers file."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck.cli.options import echo, output_file
from gapcheck.messages import _
from gapcheck.workflows.answers import import_answers


@click.group()
def answers() -> None:
    """Vendors' answers to the gap spreadsheet (gaps.xlsx), with their history."""


@answers.command("import")
@click.argument("filled", type=click.Path(path_type=Path))
@click.option("--into", required=True, type=click.Path(path_type=Path), help="Answers file (JSON) to create or update (a folder: answers.json inside it).")
@click.option(
    "--ignore-conflicts",
    is_flag=True,
    help="Take the answers over although protected cells were edited (those edits are not taken over).",
)
def import_command(filled: Path, into: Path, ignore_conflicts: bool) -> None:
    """Read the vendor's filled gaps.xlsx and record its answers in --into.

    Rows are matched by their key, not their position. Every invalid cell is listed with its sheet,
    row and column, and nothing is imported until all are correct. Earlier answers are never lost:
    a changed answer keeps its previous value, time and file in its history.
    """
    into = output_file(into, "answers.json")
    outcome = import_answers(filled, into, ignore_conflicts=ignore_conflicts)
    record = outcome.record
    echo(_("{file}: {new} new, {changed} changed, {unchanged} unchanged answers",
           file=filled.name, new=record.new, changed=record.changed, unchanged=record.unchanged))
    if outcome.blank:
        echo(_("{count} rows without an answer", count=outcome.blank))
    if outcome.missing:
        echo(_("{count} rows deleted from the workbook (not answered): {keys}", count=len(outcome.missing),
               keys=", ".join(outcome.missing[:10]) + (" …" if len(outcome.missing) > 10 else "")))
    for conflict in outcome.conflicts:
        echo(_("not taken over: {problem}", problem=conflict), err=True)
    for stray in outcome.strays:
        echo(_("warning: {warning}", warning=stray), err=True)
    echo(_("wrote {path}", path=into))
