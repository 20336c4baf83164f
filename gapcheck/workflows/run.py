"""Running a portfolio: every check of one or many municipalities, on any executor.

- Each distinct spec is read and prepared for matching once, in this process, and shipped with the
  batches that use it; workers never parse a spec.
- Checks go to the executor in batches of several (one task per check would drown a Dask scheduler
  at national scale in per-task overhead).
- A check that fails (an unreadable inventory, a bug) is recorded with its reason; the others go on.
- Afterwards: the city-wide summary (and one per municipality when several are listed) and
  run.json, the machine-readable record of the run with every failure.

Results do not depend on the executor: each check is a pure function of its files.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from gapcheck import atomic
from gapcheck.errors import describe
from gapcheck.files.portfolio import OPTIONAL_FILES, Portfolio, System
from gapcheck.files.result_json import result_document
from gapcheck.files.spec_json import load_spec
from gapcheck.jsonfile import write_json
from gapcheck.matching import SpecIndex, prepare
from gapcheck.messages import DEFAULT, _, language, speaking
from gapcheck.model import ResultDocument, Role, Spec, SystemInfo
from gapcheck.outputs.summary import HTML_NAME, MARKDOWN_NAME, Failure, area_row, sort_rows
from gapcheck.rules.roles import Totals, assign_roles
from gapcheck.text import shown_path
from gapcheck.version import __version__
from gapcheck.workflows.check import CheckJob, check_files, renderers
from gapcheck.workflows.executors import Executor, InProcess
from gapcheck.workflows.summary import write_rows

RUN_FILE = "run.json"
MAX_BATCH = 32  # checks per task at most: small enough for an even spread and a lively progress bar


@dataclass(frozen=True)
class Batch:
    """Checks against one spec, with the spec already read and prepared."""

    spec: Spec
    index: SpecIndex
    jobs: tuple[tuple[int, CheckJob], ...]  # (position in the portfolio, check)
    messages: str = DEFAULT  # the language of the messages the worker gives (an error's)


@dataclass(frozen=True)
class Ran:
    """What a worker sends back for one check: small, so that results cost little to ship."""

    position: int
    document: ResultDocument | None = None  # its short form (spec, system, summary)
    error: str | None = None


@dataclass(frozen=True)
class CheckOutcome:
    system: System
    folder: Path  # where its outputs are
    document: ResultDocument | None = None  # its short form (spec, system, summary); None if it failed
    error: str | None = None
    absent: tuple[tuple[str, Path], ...] = ()  # optional files listed for it but not there: (key, path)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class PortfolioOutcome:
    portfolio: Portfolio
    out: Path
    checks: tuple[CheckOutcome, ...]  # in portfolio order
    summaries: tuple[Path, ...]  # summary.html files written, the whole run's first

    @property
    def failures(self) -> tuple[CheckOutcome, ...]:
        return tuple(c for c in self.checks if not c.ok)

    @property
    def ok(self) -> bool:
        return not self.failures


_SHORT_FORM = ("generated_at", "spec", "system", "inventory", "summary")


def _short(document: dict) -> ResultDocument:
    """The parts of a check's result.json that summaries need (sent back from the worker)."""
    return result_document({key: document[key] for key in _SHORT_FORM if key in document})


SUMMARY = "summary"  # summary.html and summary.md, as an output of a run


def run_batch(batch: Batch) -> list[Ran]:
    """Run the checks of one batch (in a worker); a failing check never stops the others."""
    ran = []
    with speaking(batch.messages):
        for position, job in batch.jobs:
            try:
                checked = check_files(job, spec=batch.spec, index=batch.index)
                ran.append(Ran(position, document=_short(checked.report.document)))
            except Exception as error:
                ran.append(Ran(position, error=describe(error)))
    return ran


def _prepared(portfolio: Portfolio) -> dict[Path, tuple[Spec, SpecIndex] | str]:
    """Each distinct spec read and prepared once: (spec, index), or why it cannot be used."""
    ready: dict[Path, tuple[Spec, SpecIndex] | str] = {}
    for system in portfolio.systems:
        if system.spec not in ready:
            try:
                spec = load_spec(system.spec)
                ready[system.spec] = (spec, prepare(spec))
            except Exception as error:
                ready[system.spec] = describe(error)
    return ready


def absent_files(system: System) -> tuple[tuple[str, Path], ...]:
    """The optional files listed for a system that are not there yet: (key, path). A portfolio
    names them before anyone has written them; the check runs without them until they exist."""
    return tuple((key, path) for key in OPTIONAL_FILES if (path := getattr(system, key)) is not None and not path.exists())


def job_for(system: System, out: Path, lang: str = "ja", outputs: tuple[str, ...] = ()) -> CheckJob:
    """The check of a system, writing into its folder below `out` (the files of `outputs`; all when
    empty), without the optional files that are not there yet."""
    absent = {key for key, _ in absent_files(system)}
    return CheckJob(
        spec=system.spec,
        inventory=system.inventory,
        out=Path(out).resolve() / system.folder,
        decisions=None if "decisions" in absent else system.decisions,
        answers=None if "answers" in absent else system.answers,
        sheet=system.sheet,
        columns=dict(system.columns),
        layout=system.layout,
        system=SystemInfo(
            name=system.name,
            vendor=system.vendor,
            municipality=system.municipality.name,
            municipality_code=system.municipality.code,
            role=system.role,
            planned=system.planned,
            deadline=system.deadline,
        ),
        lang=lang,
        outputs=outputs,
    )


def batch_size(checks: int, workers: int) -> int:
    """About eight batches per worker, so that a slow batch at the end does not leave the others idle."""
    return max(1, min(MAX_BATCH, math.ceil(checks / (workers * 8))))


def _batches(portfolio: Portfolio, out: Path, lang: str, outputs: tuple[str, ...], ready: dict, size: int) -> list[Batch]:
    batches = []
    for spec_path, prepared in ready.items():
        if isinstance(prepared, str):
            continue
        jobs = [(s.position, job_for(s, out, lang, outputs)) for s in portfolio.systems if s.spec == spec_path]
        batches.extend(Batch(*prepared, tuple(jobs[i : i + size]), language()) for i in range(0, len(jobs), size))
    return batches


def run_portfolio(
    portfolio: Portfolio,
    out: str | Path,
    *,
    executor: Executor | None = None,
    lang: str = "ja",
    on_done: Callable[[CheckOutcome], None] | None = None,
    outputs: tuple[str, ...] = (),
) -> PortfolioOutcome:
    """Run every check of the portfolio into `out` and write the summaries and run.json.

    `executor` defaults to running in this process; `on_done` is called once per check as it
    finishes (for progress bars). `outputs` names what to write (the files of a check, and
    "summary"; all when empty): a national run writes result.json and the summaries only, and a
    check's reports are rendered later where someone reads them (`gapcheck report`). Failed checks
    are in the outcome, not raised.
    """
    out = Path(out).resolve()
    executor = executor or InProcess()
    started = datetime.now(timezone.utc)
    systems = {s.position: s for s in portfolio.systems}
    outcomes: dict[int, CheckOutcome] = {}

    absent = {position: absent_files(system) for position, system in systems.items()}  # as the jobs see them

    def record(position: int, document: ResultDocument | None = None, error: str | None = None) -> None:
        system = systems[position]
        outcomes[position] = CheckOutcome(system, out / system.folder, document, error, absent[position])
        if on_done:
            on_done(outcomes[position])

    with atomic.locked_folder(out):
        ready = _prepared(portfolio)
        for system in portfolio.systems:
            if isinstance(ready[system.spec], str):
                record(system.position, error=ready[system.spec])
        files = tuple(name for name in outputs if name != SUMMARY)
        batches = _batches(portfolio, out, lang, files, ready, batch_size(len(portfolio.systems), executor.workers))
        for done in executor.map_batches(run_batch, batches):
            if done.error is not None:
                for position, _job in batches[done.index].jobs:
                    record(position, error=_("the worker running this check failed: {error}", error=done.error))
            else:
                for ran in done.value:
                    record(ran.position, ran.document, ran.error)
        checks = tuple(outcomes[s.position] for s in portfolio.systems)
        for check in checks:
            if not check.ok:
                _set_aside_outputs(check.folder)
        write_json(out / RUN_FILE, "run", _run_document(portfolio, out, checks, executor, started), RUN_FILE)
    summaries = _write_summaries(portfolio, out, checks, lang, written=not outputs or SUMMARY in outputs)
    return PortfolioOutcome(portfolio, out, checks, summaries)


def _set_aside_outputs(folder: Path) -> None:
    """A failed check's outputs from an earlier run go to its .gapcheck-history/: left in place,
    they would pass for this run's result (in `gapcheck summary`, or for anyone opening the folder)."""
    for name in renderers():
        atomic.set_aside(folder / name)


def _run_document(portfolio, out: Path, checks, executor: Executor, started: datetime) -> dict:
    done = [c for c in checks if c.ok]
    assigned = assign_roles([c.document for c in done])
    roles = {c.system.position: role for c, role in zip(done, assigned.roles)}
    counted = Totals(tuple(c.document.summary for c in done if roles[c.system.position] is Role.CURRENT))

    def entry(check: CheckOutcome) -> dict:
        system = check.system
        document = {
            "municipality": {"code": system.municipality.code, "name": system.municipality.name},
            "area": system.area,
            "name": system.name,
            "vendor": system.vendor,
            "spec": shown_path(system.spec),
            "inventory": shown_path(system.inventory),
            "folder": system.folder.as_posix(),
            "status": "ok" if check.ok else "failed",
            "error": check.error,
            "absent": {key: shown_path(path) for key, path in check.absent} or None,
        }
        document = {k: v for k, v in document.items() if v is not None}
        if check.ok:
            summary = check.document.summary
            totals = {v.value: n for v, n in summary.totals.items()}
            document |= {"role": roles[check.system.position].value, "mandatory_fit_rate": summary.mandatory_fit_rate, "totals": totals}
        return document

    return {
        "schema_version": 1,
        "generator": f"gapcheck {__version__}",
        "portfolio": shown_path(portfolio.path.resolve()),
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "executor": executor.name,
        "workers": executor.workers,
        "checks": [entry(c) for c in checks],
        "failed": sum(not c.ok for c in checks),
        "totals": {
            "checks": len(counted.summaries),
            "mandatory_fit_rate": counted.fit_rate,
            "totals": {v.value: n for v, n in counted.totals.items()},
        },
        "not_counted": {role.value: sum(r is role for r in assigned.roles) for role in (Role.CANDIDATE, Role.SUPERSEDED)},
        "conflicts": [{"municipality": c.municipality, "area": c.area, "systems": list(c.systems)} for c in assigned.conflicts],
    }


def _write_summaries(portfolio: Portfolio, out: Path, checks, lang: str, written: bool = True) -> tuple[Path, ...]:
    """Built from what the workers sent back: re-reading every result.json would cost the parent
    minutes at national scale. Not `written`: an earlier run's summaries are set aside (they would
    pass for this run's)."""
    groups = [(out, checks)]
    if len(portfolio.municipalities) > 1:
        groups += [
            (out / portfolio.municipality_folder(m), tuple(c for c in checks if c.system.municipality == m))
            for m in portfolio.municipalities
        ]
    if not written:
        with atomic.locked_folder(out):
            for folder, _rows in groups:
                for name in (HTML_NAME, MARKDOWN_NAME):
                    atomic.set_aside(folder / name)
        return ()
    paths = []
    for folder, group in groups:
        rows = sort_rows(area_row(c.folder, c.document, folder) for c in group if c.ok)
        failures = tuple(
            Failure(c.system.area, c.error, c.system.name, c.system.municipality.name) for c in group if not c.ok
        )
        paths.append(write_rows(rows, folder, lang, failures).html)
    return tuple(paths)
