"""gapcheck: fit & gap analysis against Japan's local-government standard specifications (標準仕様書).

The library API (documented in docs/python-api.md); the `gapcheck` command is a thin shell over it.

    import gapcheck
    spec = gapcheck.load_spec("specs/juki-1.0.json")
    inventory = gapcheck.read_inventory("inventories/juki-catalog.xlsx")
    result = gapcheck.run_check(spec, inventory)          # pure: model in, model out
    print(result.summary.mandatory_fit_rate)

Names are loaded on first use: importing everything costs about 0.4 s (numpy, scipy, openpyxl,
jinja2), which a program that only needs `gapcheck.model` or one reader should not pay.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from gapcheck.version import __version__

# public name → the module that defines it
_API = {
    # reading
    "import_spec": "gapcheck.readers.spec_import",
    "read_inventory": "gapcheck.readers.inventory",
    "load_spec": "gapcheck.files.spec_json",
    "write_spec": "gapcheck.files.spec_json",
    "load_decisions": "gapcheck.files.decisions_json",
    "load_answers": "gapcheck.files.answers_json",
    "load_portfolio": "gapcheck.files.portfolio",
    "read_result": "gapcheck.files.result_json",
    # matching and the rules
    "match": "gapcheck.matching",
    "prepare": "gapcheck.matching",
    "MatchSettings": "gapcheck.matching",
    "SpecIndex": "gapcheck.matching",
    "classify": "gapcheck.rules.classify",
    "diff_specs": "gapcheck.rules.diff",
    "SpecDiff": "gapcheck.rules.diff",
    # use cases
    "run_check": "gapcheck.workflows.check",
    "check_files": "gapcheck.workflows.check",
    "CheckJob": "gapcheck.workflows.check",
    "render_reports": "gapcheck.workflows.check",
    "run_portfolio": "gapcheck.workflows.run",
    "make_executor": "gapcheck.workflows.executors",
    "write_review_workbook": "gapcheck.workflows.review",
    "import_review": "gapcheck.workflows.review",
    "import_answers": "gapcheck.workflows.answers",
    "make_budget": "gapcheck.workflows.budget",
    "read_milestones": "gapcheck.workflows.milestones",
    "write_summary": "gapcheck.workflows.summary",
    "find_results": "gapcheck.workflows.results",
    "run_demo": "gapcheck.workflows.demo",
    # the model
    "Spec": "gapcheck.model",
    "Requirement": "gapcheck.model",
    "Inventory": "gapcheck.model",
    "Feature": "gapcheck.model",
    "Decisions": "gapcheck.model",
    "Answers": "gapcheck.model",
    "CheckResult": "gapcheck.model",
    "MatchResult": "gapcheck.model",
    "ResultDocument": "gapcheck.model",
    "SystemInfo": "gapcheck.model",
    "Category": "gapcheck.model",
    "Kind": "gapcheck.model",
    "Verdict": "gapcheck.model",
    "FeatureStatus": "gapcheck.model",
    "Role": "gapcheck.model",
    # errors
    "GapcheckError": "gapcheck.errors",
    "InputError": "gapcheck.errors",
    "ProblemsError": "gapcheck.errors",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    # PEP 562: the defining module is imported on first use (start-up cost, see above).
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'gapcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # for type checkers and editors; never run
    from gapcheck.errors import GapcheckError, InputError, ProblemsError
    from gapcheck.files.answers_json import load_answers
    from gapcheck.files.decisions_json import load_decisions
    from gapcheck.files.portfolio import load_portfolio
    from gapcheck.files.result_json import read_result
    from gapcheck.files.spec_json import load_spec, write_spec
    from gapcheck.matching import MatchSettings, SpecIndex, match, prepare
    from gapcheck.model import (
        Answers,
        Category,
        CheckResult,
        Decisions,
        Feature,
        FeatureStatus,
        Inventory,
        Kind,
        MatchResult,
        Requirement,
        ResultDocument,
        Role,
        Spec,
        SystemInfo,
        Verdict,
    )
    from gapcheck.readers.inventory import read_inventory
    from gapcheck.readers.spec_import import import_spec
    from gapcheck.rules.classify import classify
    from gapcheck.rules.diff import SpecDiff, diff_specs
    from gapcheck.workflows.answers import import_answers
    from gapcheck.workflows.budget import make_budget
    from gapcheck.workflows.check import CheckJob, check_files, render_reports, run_check
    from gapcheck.workflows.demo import run_demo
    from gapcheck.workflows.executors import make_executor
    from gapcheck.workflows.milestones import read_milestones
    from gapcheck.workflows.results import find_results
    from gapcheck.workflows.review import import_review, write_review_workbook
    from gapcheck.workflows.run import run_portfolio
    from gapcheck.workflows.summary import write_summary
