"""Reading an earlier check to compare with (`gapcheck check --baseline`): its result.json, and the
spec, decisions and answers files it names; the rules that use it are in gapcheck.rules.baseline."""

from __future__ import annotations

from pathlib import Path

from gapcheck.errors import InputError
from gapcheck.files.answers_json import load_answers
from gapcheck.files.decisions_json import load_decisions
from gapcheck.files.result_json import FILE_NAME, read_result
from gapcheck.files.spec_json import load_spec
from gapcheck.inputs import locate
from gapcheck.messages import _
from gapcheck.model import Spec
from gapcheck.rules.baseline import Baseline
from gapcheck.rules.diff import diff_specs


def same_file(a: str | Path | None, b: str | Path | None) -> bool:
    """Whether two paths, given or recorded in a result.json, name one file."""
    return a is not None and b is not None and locate(a).resolve() == locate(b).resolve()


def read_baseline(path: str | Path, new_spec: Spec, new_spec_path: str | Path) -> Baseline:
    """An earlier check's folder (or its result.json), with its edition compared to `new_spec`.

    Paths in result.json are as they were given to that check: relative ones are taken from the
    current folder. A spec that is gone, or no longer the edition the check was made with, is an
    InputError; a decisions or answers file that is gone only means there is nothing to carry over.
    """
    path = Path(path)
    result_path = path / FILE_NAME if path.is_dir() else path
    if not result_path.is_file():
        raise InputError(
            result_path,
            _("there is no earlier check here (no {file})", file=FILE_NAME),
            _("give --baseline the output folder of an earlier `gapcheck check` (it holds result.json)"),
        )
    document = read_result(result_path)
    recorded = document.spec
    if recorded.area != new_spec.area:
        raise InputError(
            result_path,
            _("the earlier check is of {earlier}, this one of {now}", earlier=recorded.area, now=new_spec.area),
            _("compare with an earlier check of the same business area"),
        )
    if recorded.path is None:
        raise InputError(
            result_path, _("the earlier check does not say which spec file it used"),
            _("run that check again with gapcheck check"),
        )
    spec_path = locate(recorded.path)
    if not spec_path.is_file():
        raise InputError(
            result_path,
            _("the earlier check was made with the spec {path} ({version}), which does not exist",
              path=spec_path, version=recorded.version),
            _("restore that spec file, or run from the folder the earlier check was run in (its path is relative to it)"),
        )
    old_spec = new_spec if same_file(spec_path, new_spec_path) else load_spec(spec_path)
    if old_spec.version != recorded.version or old_spec.area != recorded.area:
        raise InputError(
            spec_path,
            _("the earlier check was made with {area} {version}, this file now holds {spec}",
              area=recorded.area, version=recorded.version, spec=old_spec.label),
            _("restore the spec file that check was made with"),
        )
    decisions_path, answers_path = document.decisions_path, document.answers_path
    return Baseline(
        path=result_path,
        document=document,
        spec_diff=diff_specs(old_spec, new_spec),
        decisions_path=decisions_path,
        decisions=load_decisions(locate(decisions_path)) if decisions_path and locate(decisions_path).is_file() else None,
        answers_path=answers_path,
        answers=load_answers(locate(answers_path)) if answers_path and locate(answers_path).is_file() else None,
    )
