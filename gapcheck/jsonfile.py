"""Reading and writing gapcheck's JSON files: parse errors and schema violations become messages,
and a file of another kind (a workbook, a PDF, another gapcheck file) is named for what it is."""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from gapcheck import atomic
from gapcheck.errors import InputError, Location, Problem, ProblemsError
from gapcheck.inputs import SPREADSHEETS, Input, identify, open_input
from gapcheck.messages import N_, _
from gapcheck.schema import violations

PIPE_LIMIT = 512 << 20  # the most read from a pipe

# gapcheck's own JSON files, by their `format` member (result.json has none): what each is, and
# where it goes (message ids)
FORMATS = {
    "gapcheck-spec": (N_("a gapcheck spec"), N_("a spec goes to --spec")),
    "gapcheck-decisions": (N_("a gapcheck decisions file"), N_("a decisions file goes to --decisions (or review import --into)")),
    "gapcheck-answers": (N_("a gapcheck answers file"), N_("an answers file goes to --answers (or answers import --into)")),
    "gapcheck-layout": (N_("a gapcheck layout file"), N_("a layout file goes to --layout")),
    "gapcheck-spec-diff": (N_("a spec diff written by `gapcheck spec diff`"), N_("it is a report: no command reads it")),
    "result": (N_("the result.json of a check"),
               N_("give the folder holding it to --baseline, `gapcheck summary` or `gapcheck budget`")),
}
# The files a user names, and that must therefore exist: what is missing, and how it is made
MADE_BY = {
    "gapcheck-decisions": (N_("the decisions file does not exist"),
                           N_("check the path (a typo?); decisions files are made with `gapcheck review import REVIEW.xlsx --into {path}`")),
    "gapcheck-answers": (N_("the answers file does not exist"),
                         N_("check the path (a typo?); answers files are made with `gapcheck answers import GAPS.xlsx --into {path}`")),
}
SPEC_IMPORT = N_(
    "a ministry's requirement list must be imported first: gapcheck spec import FILE --area 住民記録 "
    "--version 第1.0版 -o SPEC.json, then give SPEC.json to --spec"
)
CSV = N_("a CSV file (a table)")
NOT_VALID = N_("{path}: not a valid {what} ({count} problems)")
REFUSED = N_("{path}: refusing to write an invalid {what}")


def kind_of(document: object) -> str | None:
    """The key in FORMATS of a document gapcheck wrote; None for anything else."""
    if not isinstance(document, dict):
        return None
    if isinstance(document.get("format"), str) and document["format"] in FORMATS:  # found by fuzzing: a list
        return document["format"]
    if {"schema_version", "generator", "requirements", "features"} <= document.keys():
        return "result"
    return None


def require(path: str | Path | None, expected: str) -> None:
    """A decisions or answers file the user named must exist: a typo must not leave the reviewed
    decisions or the vendor's answers silently out of a check."""
    if path is not None and not Path(path).exists():
        missing, hint = MADE_BY[expected]
        raise InputError(path, _(missing), _(hint, path=path))


def read_json(path: str | Path, expected: str | None = None) -> object:
    """The JSON document in `path`; InputError when it is not JSON, or is another kind of gapcheck
    file than `expected` (a key of FORMATS)."""
    source = open_input(path, PIPE_LIMIT)
    path = source.path
    what = _(FORMATS[expected][0] if expected else N_("a JSON file"))
    data = source.read()
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        _not_json(source, data, expected, what)
        if isinstance(error, UnicodeDecodeError):
            raise InputError(path, _("the file is not UTF-8 text"), _("save it as UTF-8")) from None
        raise InputError(path, _("not valid JSON: {error} at line {line}, character {column}",
                                 error=error.msg, line=error.lineno, column=error.colno)) from None
    other = kind_of(document)
    if expected and other and other != expected:
        raise InputError(path, _("this is {what}, not {wanted}", what=_(FORMATS[other][0]), wanted=what),
                         _(FORMATS[other][1]))
    return document


def _not_json(source: Input, data: bytes, expected: str | None, what: str) -> None:
    """InputError naming what the file is, when it is recognisably something else than JSON."""
    kind = identify(source) or (CSV if _looks_like_table(data) else None)
    if kind is None:
        return
    if expected == "gapcheck-spec" and (kind in SPREADSHEETS or kind == CSV):
        hint = _(SPEC_IMPORT)
    elif expected == "gapcheck-spec":
        hint = _("the standards are published as PDF and Excel: import the Excel requirement list ({how})",
                 how=_(SPEC_IMPORT))
    else:
        hint = _("give {what} (JSON) that gapcheck wrote", what=what)
    raise InputError(source.path, _("this is {what}, not {wanted}", what=_(kind), wanted=what), hint)


def _looks_like_table(data: bytes) -> bool:
    """Text whose first line holds commas or tabs and no JSON: a CSV export."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data[:4096].decode(encoding)
            break
        except UnicodeDecodeError as error:
            if error.start >= 4090:  # a character cut by the sample's end
                text = data[: error.start].decode(encoding)
                break
    else:
        return False
    line = text.lstrip().split("\n", 1)[0]
    return bool(line) and line[0] not in "{[\"" and ("," in line or "\t" in line)


def problems(path: str | Path, schema_name: str, document: object) -> list[Problem]:
    return [Problem(Location(path), f"{where}: {message}") for where, message in violations(schema_name, document)]


def check(path: str | Path, schema_name: str, document: object, what: str) -> None:
    found = problems(path, schema_name, document)
    if found:
        raise ProblemsError(_(NOT_VALID, path=path, what=_(what), count=len(found)), found)


def serialise(document: object) -> bytes:
    """UTF-8 JSON, indented by two, laid out as json.dumps(ensure_ascii=False, indent=2) lays it out (orjson:
    some twenty times faster, which counts for a large check's result.json)."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def dumps(document: object) -> str:
    return serialise(document).decode("utf-8")


def write_json(path: str | Path, schema_name: str, document: object, what: str) -> None:
    """Validate against the shipped schema, then write atomically: an invalid document is a bug
    and must never replace a good file."""
    check(path, schema_name, document, what)
    atomic.write_bytes(path, serialise(document))
