"""`gapcheck run`: every check of a portfolio (a municipality's systems, or many municipalities')."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gapcheck.cli.options import echo, echo_conflicts, fit_rate_cell, lang_option, outputs_option, table
from gapcheck.files.portfolio import load_portfolio
from gapcheck.messages import _
from gapcheck.workflows.executors import KINDS, make_executor
from gapcheck.files.result_json import FILE_NAME as RESULT_FILE
from gapcheck.workflows.check import OUTPUTS
from gapcheck.workflows.run import RUN_FILE, SUMMARY, PortfolioOutcome, run_portfolio

LISTED = 50  # up to this many checks, each gets a line of the console table


@click.command("run")
@click.argument("portfolio_path", metavar="PORTFOLIO.toml", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Folder for every check's outputs and the summaries [default: reports/<portfolio name>].",
)
@click.option("--executor", "kind", type=click.Choice(KINDS), help="Where checks run [default: process; dask with --scheduler].")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes [default: the CPUs available].")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler to use; without it --executor dask starts a local cluster.")
@lang_option
@outputs_option(
    (*OUTPUTS, SUMMARY),
    RESULT_FILE,
    "summary is summary.html and summary.md; run.json is always written. A national run: --outputs "
    "result.json,summary, and `gapcheck report` renders a check's reports when someone reads them. Outputs left "
    "out that an earlier run wrote go to .gapcheck-history/.",
)
def run(portfolio_path, out, kind, workers, scheduler, lang, outputs):
    """Run every check listed in a portfolio file and write the city-wide summary.

    \b
    Each check's outputs go into its own folder under --out, with summary.html/.md over all of
    them (and per municipality when several are listed) and run.json. A check that fails does not
    stop the others; they are listed at the end, and the exit code is then 1.
    """
    kind = kind or ("dask" if scheduler else "process")
    if scheduler and kind != "dask":
        raise click.BadParameter(_("--scheduler is only for --executor dask"), param_hint="--scheduler")
    portfolio = load_portfolio(portfolio_path)
    out = out or Path("reports") / portfolio_path.stem
    with make_executor(kind, workers=workers, scheduler=scheduler) as executor:
        with click.progressbar(
            length=len(portfolio.systems),
            label=_("{count} checks ({executor}, {workers} workers)",
                    count=len(portfolio.systems), executor=executor.name, workers=executor.workers),
            file=sys.stderr,
            show_pos=True,
        ) as bar:
            outcome = run_portfolio(
                portfolio, out, executor=executor, lang=lang, on_done=lambda _: bar.update(1), outputs=outputs
            )

    report_outcome(outcome)


def report_outcome(outcome: PortfolioOutcome) -> None:
    """The console table of a finished run; exit code 1 when any check failed."""
    if len(outcome.checks) <= LISTED:
        rows = [
            [
                c.system.municipality.name,
                c.system.area,
                c.system.name or "",
                c.system.folder.as_posix(),
                fit_rate_cell(c.document.summary) if c.ok else _("failed"),
            ]
            for c in outcome.checks
        ]
        echo(table([_("municipality"), _("area"), _("system"), _("folder"), _("fit rate (実装必須)")], rows))
    echo_conflicts([c.document for c in outcome.checks if c.ok])
    absent = [(c, key, path) for c in outcome.checks for key, path in c.absent]
    if absent:
        echo(_("not there yet, so {count} checks ran without them (used once they exist; also in {file}):",
               count=len({id(c) for c, _key, _path in absent}), file=RUN_FILE))
        for check, key, path in absent:
            echo(f"  {check.system.entry} {check.system.municipality.name}: {key} {path}")
    echo(_("{done} of {count} checks done; wrote {folder}",
           done=len(outcome.checks) - len(outcome.failures), count=len(outcome.checks), folder=outcome.out))
    for summary in outcome.summaries[:1]:
        echo(_("summary: {path}", path=summary))
    if outcome.failures:
        echo(_("{count} checks failed (also in {file}):", count=len(outcome.failures), file=outcome.out / RUN_FILE), err=True)
        for failure in outcome.failures:
            echo(f"- {failure.system.entry} {failure.system.municipality.name}: {failure.error}", err=True)
        raise SystemExit(1)

