"""Make the sample vendors' answers (inventories/answers/*.json) for the sample portfolio.

Run from the repository root: `python inventories/make_answers.py`. Deterministic: each system's
checks are run without answers, and every item on their gap lists gets an answer (or none) by its
position, so that the demo's milestones and budget have a bit of everything. Rerun it when the
matcher or the sample data change the gap lists; the tests check that the committed files are
what this script makes.

Per system (dates against inventories/portfolio.toml):

- HOKUTO住記 V5 (current; planned 2026-01-04, deadline 2026-03-31): most items answered with a
  date before go-live; some only with 令和7年度 (which can end on 2026-03-31: after go-live, within
  the deadline), some for 令和8年度 (after the deadline), a few answered without a time, and about
  one in eight not answered;
- RESIDENT-ONE (procurement candidate; planned 2026-03-01): most items by 令和7年度, some later,
  a few unanswered, for both editions;
- 印鑑登録システム (current; planned 2026-07-21, its own deadline 2028-03-31): dates in 令和8年度
  before go-live, 令和8年度 without a date (can end after go-live), 令和10年度 (after the
  deadline), and a couple unanswered; a requirement of its spec takes effect after go-live.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from gapcheck.files.answers_json import answers_to_dict  # noqa: E402
from gapcheck.files.portfolio import load_portfolio  # noqa: E402
from gapcheck.files.spec_json import load_spec  # noqa: E402
from gapcheck.jsonfile import check, dumps  # noqa: E402
from gapcheck.model import (  # noqa: E402
    Answer,
    AnswerImport,
    Answers,
    AnswerVersion,
    Due,
    GapList,
    ResponsePolicy,
)
from gapcheck.readers.inventory import read_inventory  # noqa: E402
from gapcheck.rules.gaps import gap_items  # noqa: E402
from gapcheck.workflows.check import run_check  # noqa: E402

ANSWERED_AT = datetime(2025, 10, 15, 10, 0, tzinfo=timezone(timedelta(hours=9)))

# What a vendor typically answers per list, in turn.
POLICIES = {
    GapList.GAPS: (ResponsePolicy.PACKAGE_CHANGE, ResponsePolicy.STANDARD, ResponsePolicy.BPR, ResponsePolicy.PACKAGE_CHANGE),
    GapList.VIOLATIONS: (ResponsePolicy.DISCONTINUE, ResponsePolicy.BPR),
    GapList.EXTRAS: (ResponsePolicy.LOCAL_SYSTEM, ResponsePolicy.EUC, ResponsePolicy.DISCONTINUE),
    GapList.OPTIONS: (ResponsePolicy.OPTION, ResponsePolicy.BPR),
    GapList.REVIEW: (ResponsePolicy.STANDARD,),
}

# Per answers file: a cycle of promised times; None leaves the item unanswered, "undated" answers
# it without a time.
TIMES = {
    "juki-messy.json": (
        Due(2025, date(2025, 11, 30)), Due(2025, date(2025, 12, 15)), Due(2025), Due(2025, date(2025, 10, 31)),
        None, Due(2026), Due(2025, date(2025, 12, 1)), "undated",
    ),
    "juki-catalog.json": (Due(2025), Due(2025, date(2026, 1, 31)), Due(2026), None, Due(2025, date(2025, 12, 20))),
    "juki-catalog-1.1.json": (
        Due(2025), Due(2025, date(2026, 1, 31)), Due(2026, date(2026, 6, 30)), None, Due(2025, date(2025, 12, 20)),
    ),
    "inkan-tekigo.json": (
        Due(2026, date(2026, 5, 31)), Due(2026), Due(2026, date(2026, 6, 30)), None, Due(2028), Due(2026, date(2026, 7, 1)),
    ),
}


def answers_for(name: str, items) -> Answers:
    times = TIMES[name]
    answers = []
    for number, (gap_list, kind, target) in enumerate(items):
        time = times[number % len(times)]
        if time is None:
            continue
        policies = POLICIES[gap_list]
        policy = policies[number % len(policies)]
        cost = None if number % 9 == 4 else (number % 7 + 1) * 150 if policy is not ResponsePolicy.DISCONTINUE else 0
        due = None if time == "undated" else time
        answers.append(Answer(kind, target, AnswerVersion(policy, cost, due, "", ANSWERED_AT, "サンプル回答.xlsx")))
    digest = hashlib.sha256(f"gapcheck sample answers {name}".encode()).hexdigest()
    record = AnswerImport("サンプル回答.xlsx", digest, ANSWERED_AT, new=len(answers))
    return Answers(tuple(sorted(answers, key=lambda a: (a.kind.value, a.target))), (record,))


def build(root: Path = HERE.parent) -> dict[Path, bytes]:
    """answers file → its content, for every system of the sample portfolio that names one."""
    portfolio = load_portfolio(root / "inventories" / "portfolio.toml")
    built = {}
    for system in portfolio.systems:
        result = run_check(
            load_spec(system.spec),
            read_inventory(system.inventory, sheet=system.sheet, columns=system.columns or None, layout=system.layout),
        )
        answers = answers_for(system.answers.name, gap_items(result))
        document = answers_to_dict(Answers(answers.answers, answers.imports, result.spec.area, system.name))
        check(system.answers, "answers", document, "gapcheck answers file")
        built[system.answers] = dumps(document).encode("utf-8")
    return built


if __name__ == "__main__":
    for path, content in build().items():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        print(f"wrote {path.relative_to(HERE.parent)}")
