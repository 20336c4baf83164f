"""One check, end to end: read a spec and an inventory, match, classify, write the outputs.

`run_check` is the pure core (model in, model out); `check_files` adds the reading and writing
that the CLI, the portfolio runner and other programs share. Outputs are rendered in memory first
and only then written (each file atomically), so a failing renderer leaves no half-written folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gapcheck import atomic
from gapcheck.classify import classify
from gapcheck.formats.result_json import FILE_NAME as RESULT_FILE
from gapcheck.formats.result_json import SystemInfo, result_to_dict
from gapcheck.formats.jsonfile import check as check_schema
from gapcheck.formats.jsonfile import dumps
from gapcheck.model import Answers, CheckResult, Decisions, Inventory, Spec


def run_check(
    spec: Spec,
    inventory: Inventory,
    decisions: Decisions | None = None,
    *,
    settings=None,
    index=None,
) -> CheckResult:
    from gapcheck.matching import match

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


@dataclass(frozen=True)
class Report:
    """What the renderers get: the check and how to present it."""

    result: CheckResult
    document: dict  # result.json content: the renderers' single source for paths, dates, system
    lang: str = "ja"
    answers: Answers | None = None  # vendors' answers so far (gaps.xlsx carries them over)


# file name → renderer. Renderers are pure: Report → bytes.
Renderer = Callable[[Report], bytes]


def _result_json(report: Report) -> bytes:
    return dumps(report.document).encode("utf-8")


def renderers() -> dict[str, Renderer]:
    from gapcheck.formats import gaps_xlsx, report_html, report_md

    return {
        RESULT_FILE: _result_json,
        report_html.FILE_NAME: report_html.render,
        report_md.FILE_NAME: report_md.render,
        gaps_xlsx.FILE_NAME: gaps_xlsx.render,
    }


def check_files(job: CheckJob, *, spec: Spec | None = None, index=None) -> CheckResult:
    """Run one check from files and write its outputs into job.out.

    `spec` and `index` let a caller running many checks parse and prepare each spec once.
    """
    from gapcheck.formats.answers_json import load_answers, result_answers
    from gapcheck.formats.inventory import read_inventory
    from gapcheck.formats.spec_json import load_spec

    spec = spec or load_spec(job.spec)
    inventory = read_inventory(job.inventory, sheet=job.sheet, columns=job.columns or None, layout=job.layout)
    decisions = None
    if job.decisions and Path(job.decisions).exists():
        from gapcheck.formats.decisions import load_decisions

        decisions = load_decisions(job.decisions)
    answers = load_answers(job.answers) if job.answers and Path(job.answers).exists() else None
    result = run_check(spec, inventory, decisions, index=index)
    document = result_to_dict(
        result,
        spec_path=str(job.spec),
        decisions_path=str(job.decisions) if job.decisions else None,
        system=job.system,
    )
    if answers is not None:
        document["answers"] = result_answers(result, answers, str(job.answers))
    check_schema(Path(job.out) / RESULT_FILE, "result", document, "result.json")
    report = Report(result, document, job.lang, answers)
    rendered = {name: render(report) for name, render in renderers().items()}
    with atomic.locked(job.out, "output folder"):
        for name, content in rendered.items():
            atomic.write_bytes(Path(job.out) / name, content)
    return result
