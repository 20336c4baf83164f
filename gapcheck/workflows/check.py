"""One check, end to end: read a spec and an inventory, match, classify, write the outputs.

`run_check` is the pure core (model in, model out); `check_files` adds the reading and writing
that the CLI, the portfolio runner and other programs share. Every output is rendered from the
check's result.json document alone, so the reports can also be rendered later from result.json
(`render_reports`, `gapcheck report`), byte for byte the same. Outputs are rendered in memory
first and only then written (each file atomically), so a failing renderer leaves no half-written
folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gapcheck import atomic, collector
from gapcheck.errors import InputError
from gapcheck.files.answers_json import load_answers, result_answers, write_answers
from gapcheck.files.baseline_json import baseline_to_dict
from gapcheck.files.decisions_json import WHAT as DECISIONS
from gapcheck.files.decisions_json import load_decisions, save_decisions
from gapcheck.files.result_json import FILE_NAME as RESULT_FILE
from gapcheck.files.result_json import REPORTABLE, read_result_json, result_to_dict
from gapcheck.files.spec_json import load_spec
from gapcheck.jsonfile import check as check_schema
from gapcheck.jsonfile import require, serialise
from gapcheck.matching import MatchSettings, SpecIndex, match
from gapcheck.messages import N_, _
from gapcheck.model import CheckResult, Decisions, Inventory, Spec, SystemInfo
from gapcheck.outputs import gaps_xlsx, report_html, report_md
from gapcheck.outputs.report import Renderer, Report
from gapcheck.readers.inventory import read_inventory
from gapcheck.rules.baseline import BaselineOutcome, carry, compare
from gapcheck.rules.classify import classify
from gapcheck.text import shown_path
from gapcheck.workflows.baseline import read_baseline, same_file


def run_check(
    spec: Spec,
    inventory: Inventory,
    decisions: Decisions | None = None,
    *,
    settings: MatchSettings | None = None,
    index: SpecIndex | None = None,
) -> CheckResult:
    """Match the inventory to the spec and classify every requirement (pure: model in, model out)."""
    return classify(spec, inventory, match(spec, inventory, decisions, settings=settings, index=index))


@dataclass(frozen=True)
class CheckJob:
    """Everything one check needs, as paths and options (picklable, for process pools and Dask)."""

    spec: Path
    inventory: Path
    out: Path
    decisions: Path | None = None
    answers: Path | None = None
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    layout: Path | None = None
    system: SystemInfo | None = None
    lang: str = "ja"
    baseline: Path | None = None  # an earlier check's folder to compare with and carry over from
    save_decisions: bool = False  # with a baseline: save the decisions used into `decisions`
    save_answers: bool = False  # with a baseline: save the answers used into `answers`
    outputs: tuple[str, ...] = ()  # the files to write (result.json always); () for all of them


def _result_json(report: Report) -> bytes:
    return serialise(report.document)


def renderers() -> dict[str, Renderer]:
    """Every output of a check: file name → renderer."""
    return {
        RESULT_FILE: _result_json,
        report_html.FILE_NAME: report_html.render,
        report_md.FILE_NAME: report_md.render,
        gaps_xlsx.FILE_NAME: gaps_xlsx.render,
    }


OUTPUTS = tuple(renderers())
REPORTS = OUTPUTS[1:]  # what `gapcheck report` renders from a result.json


@dataclass(frozen=True)
class Checked:
    """A check run from files: its result, and the Report its outputs were rendered from."""

    result: CheckResult
    report: Report


@collector.paused()  # a check makes a few hundred thousand objects and no cycles
def check_files(job: CheckJob, *, spec: Spec | None = None, index: SpecIndex | None = None) -> Checked:
    """Run one check from files and write its outputs into job.out (those of job.outputs, and
    result.json always); the result, and the Report its outputs were rendered from.

    `spec` and `index` let a caller running many checks parse and prepare each spec once. With
    `job.baseline`, the earlier check's decisions and answers are carried over to this check's
    edition (the files given for this check win for their keys) and the two checks are compared.
    """
    if (job.save_decisions or job.save_answers) and not job.baseline:
        raise ValueError("saving the decisions or answers used needs a baseline")
    if (job.save_decisions and not job.decisions) or (job.save_answers and not job.answers):
        raise ValueError("saving the decisions or answers used needs the file to save them into")
    atomic.output_folder(job.out)  # before the work, not after it
    if not job.save_decisions:  # with it, the file may be new: the decisions used are saved into it
        require(job.decisions, "gapcheck-decisions")
    if not job.save_answers:
        require(job.answers, "gapcheck-answers")
    spec = spec or load_spec(job.spec)
    inventory = read_inventory(job.inventory, sheet=job.sheet, columns=job.columns or None, layout=job.layout)
    baseline = read_baseline(job.baseline, spec, job.spec) if job.baseline else None
    decisions = load_decisions(job.decisions) if _own(job.decisions, baseline and baseline.decisions_path) else None
    answers = load_answers(job.answers) if _own(job.answers, baseline and baseline.answers_path) else None
    decisions_path = shown_path(job.decisions) if job.decisions else None
    answers_path = shown_path(job.answers) if answers is not None else None
    if baseline is not None:
        carried = carry(baseline, decisions, answers)
        decisions, answers = carried.decisions, carried.answers
        decisions_path = decisions_path or baseline.decisions_path
        own_answers = job.answers and (Path(job.answers).exists() or job.save_answers)
        answers_path = shown_path(job.answers) if own_answers else baseline.answers_path
    result = run_check(spec, inventory, decisions, index=index)
    document = result_to_dict(
        result, spec_path=shown_path(job.spec), decisions_path=decisions_path, system=job.system, lang=job.lang
    )
    if answers is not None:
        document["answers"] = result_answers(result, answers, answers_path)
    outcome = None
    if baseline is not None:
        outcome = BaselineOutcome(
            baseline,
            compare(baseline.document, result, baseline.spec_diff),
            carried,
            decisions_saved_to=decisions_path if job.save_decisions and decisions is not None else None,
            answers_saved_to=answers_path if job.save_answers and answers is not None else None,
        )
        document["baseline"] = baseline_to_dict(outcome)
    check_schema(Path(job.out) / RESULT_FILE, "result", document, "result.json")
    report = Report(document, job.lang)
    write_outputs(report, Path(job.out), (RESULT_FILE, *(job.outputs or OUTPUTS)), set_aside_others=True)
    if outcome is not None and outcome.decisions_saved_to:
        with atomic.locked_file(job.decisions, DECISIONS):
            save_decisions(decisions, job.decisions)  # the previous version goes to .gapcheck-history/
    if outcome is not None and outcome.answers_saved_to:
        with atomic.locked_file(job.answers, N_("answers file")):
            write_answers(answers, job.answers)
    return Checked(result, report)


def write_outputs(report: Report, folder: Path, names: tuple[str, ...], *, set_aside_others: bool = False) -> None:
    """Render the outputs named, then write them into the folder under its lock. With
    `set_aside_others` (a new check), the outputs not named that an earlier check wrote go to
    .gapcheck-history/: left in place, they would pass for this check's."""
    rendered = {name: render(report) for name, render in renderers().items() if name in names}
    with atomic.locked_folder(folder):
        for name, content in rendered.items():
            atomic.write_bytes(folder / name, content)
        for name in renderers():
            if set_aside_others and name not in rendered:
                atomic.set_aside(folder / name)


@collector.paused()
def render_reports(folder: str | Path, names: tuple[str, ...] = REPORTS, lang: str | None = None) -> Report:
    """Render a check's reports again from its result.json (byte for byte as `gapcheck check`
    wrote them, in the check's language unless `lang` says otherwise) and write them beside it."""
    folder = Path(folder)
    document = read_result_json(folder)
    if document["schema_version"] < REPORTABLE:
        raise InputError(
            folder / RESULT_FILE,
            _("this result.json was written by an older gapcheck (format version {version}), "
              "which did not record everything the reports show", version=document["schema_version"]),
            _("run the check again with this version of gapcheck"),
        )
    report = Report(document, lang or document.get("lang", "ja"))
    write_outputs(report, folder, names)
    return report


def _own(path: Path | None, baseline_path: str | None) -> bool:
    """Whether a decisions or answers file given for a check is read as its own: it exists, and is
    not the file the baseline used (that one is carried over to the new edition instead)."""

    return bool(path) and Path(path).exists() and not same_file(path, baseline_path)
