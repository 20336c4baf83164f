"""`gapcheck export`: checks as one table for the people who take the numbers into their own tools."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck.cli.options import echo, output_file
from gapcheck.messages import _
from gapcheck.outputs.frames import COLUMNS, TABLES, parquet_available
from gapcheck.workflows.export import export


@click.command("export")
@click.argument("results", nargs=-1, required=True, metavar="RESULTS...")
@click.option("-o", "--output", "path", required=True, type=click.Path(path_type=Path),
              help="FILE.csv, FILE.xlsx or FILE.parquet (the format follows the suffix; a folder: "
              "gapcheck-export.xlsx inside it).")
@click.option("--table", type=click.Choice(TABLES), default="requirements", show_default=True,
              help="What one row is, for .csv and .parquet (.xlsx holds every table, one sheet each).")
@click.option("--run-out", type=click.Path(file_okay=False, path_type=Path),
              help="For a portfolio given as RESULTS: the folder its `gapcheck run` wrote [default: reports/<portfolio name>].")
def export_command(results, path, table, run_out):
    """Checks as one table: every requirement, feature, match or gap item of every check, with
    municipality, area, system, edition and role (which checks the totals count) in each row.

    \b
    RESULTS are check folders, folders holding them, quoted globs, or portfolio files (.toml).
    Tables: checks (one row per check), requirements (verdicts), features (with their matches),
    matches (feature × requirement), gap_items (with the vendors' answers).
    CSV is UTF-8 with a byte-order mark (Excel opens it as such). .parquet needs pyarrow
    (pip install 'gapcheck[parquet]').
    """
    path = output_file(path, "gapcheck-export.xlsx")
    if path.suffix.lower() == ".parquet" and not parquet_available():
        raise click.UsageError(_("writing .parquet needs pyarrow, which is not installed here: "
                                 "pip install 'gapcheck[parquet]', or export to .csv or .xlsx"))
    for name, rows in export(list(results), path, table, run_out).items():
        echo(_("{table}: {rows} rows, {columns} columns of their own", table=name, rows=rows, columns=len(COLUMNS[name])))
    echo(_("wrote {path}", path=path))
