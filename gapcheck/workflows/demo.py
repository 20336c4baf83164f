"""`gapcheck demo`: the complete check of the bundled sample data, written into reports/demo/.

The demo is the sample municipality's portfolio (inventories/portfolio.toml: every sample spec
against its sample inventories) run like any other, so the sample pairs are listed in one place.
The sample data lives in the repository, not in the installed package, so the demo looks for it
in the folder it is run in (the README runs it in the repository).
"""

from __future__ import annotations

from pathlib import Path

from gapcheck.errors import InputError
from gapcheck.files.portfolio import load_portfolio
from gapcheck.workflows.executors import Executor
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
            f"no {PORTFOLIO.as_posix()} here: the demo needs the sample data",
            "run `gapcheck demo` in the gapcheck repository folder (where README.md is), or name it with --root",
        )
    return run_portfolio(load_portfolio(path), out, executor=executor, lang=lang)
