"""`gapcheck demo`: the complete check of the bundled sample data, written into reports/demo/.

The demo is the sample municipality's portfolio (inventories/portfolio.toml: every sample spec
against its sample inventories, with sample vendors' answers and migration dates) run like any
other, so the sample pairs are listed in one place; then the budget annex and the milestones.
The sample data lives in the repository, not in the installed package, so the demo looks for it
in the folder it is run in (the README runs it in the repository).
"""

from __future__ import annotations

from pathlib import Path

from gapcheck.errors import InputError
from gapcheck.files.portfolio import load_portfolio
from gapcheck.messages import _
from gapcheck.outputs.budget import write_budget
from gapcheck.workflows.budget import make_budget
from gapcheck.workflows.executors import Executor
from gapcheck.workflows.milestones import read_milestones, write_milestones
from gapcheck.workflows.run import PortfolioOutcome, run_portfolio

DEFAULT_OUT = Path("reports") / "demo"
PORTFOLIO = Path("inventories") / "portfolio.toml"


def run_demo(
    root: str | Path = ".", out: str | Path = DEFAULT_OUT, lang: str = "ja", executor: Executor | None = None
) -> PortfolioOutcome:
    """Run the sample portfolio found under `root` into `out` (checks, summary, run.json)."""
    path = Path(root) / PORTFOLIO
    if not path.is_file():
        raise InputError(
            Path(root).resolve(),
            _("no {portfolio} here: the demo needs the sample data", portfolio=PORTFOLIO.as_posix()),
            _("run `gapcheck demo` in the gapcheck repository folder (where README.md is), or name it with --root"),
        )
    outcome = run_portfolio(load_portfolio(path), out, executor=executor, lang=lang)
    # for the planners: the budget annex and the milestones over the checks that ran
    done = [check.folder for check in outcome.checks if check.ok]
    if done:
        write_budget(make_budget(done), outcome.out, lang=lang)
        write_milestones(read_milestones(done), outcome.out, lang=lang)
    return outcome
