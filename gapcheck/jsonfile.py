"""Reading and writing gapcheck's JSON files: parse errors and schema violations become messages."""

from __future__ import annotations

import json
from pathlib import Path

import orjson

from gapcheck import atomic
from gapcheck.errors import InputError, Location, Problem, ProblemsError
from gapcheck.schema import violations


def read_json(path: str | Path) -> object:
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "the file does not exist")
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(path, "the file is not UTF-8 text", "save it as UTF-8") from None
    except json.JSONDecodeError as error:
        raise InputError(
            path, f"not valid JSON: {error.msg} at line {error.lineno}, character {error.colno}"
        ) from None


def problems(path: str | Path, schema_name: str, document: object) -> list[Problem]:
    return [Problem(Location(path), f"{where}: {message}") for where, message in violations(schema_name, document)]


def check(path: str | Path, schema_name: str, document: object, what: str) -> None:
    found = problems(path, schema_name, document)
    if found:
        raise ProblemsError(f"{path}: not a valid {what} ({len(found)} problems)", found)


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
