"""The JSON Schemas shipped in the package, and validation that reports every violation.

Every document is first checked by jsonschema-rs (compiled, some hundred times faster: result.json
of a large check has hundreds of thousands of values, and a nation's run writes tens of thousands
of them); only an invalid one goes through jsonschema, whose messages and paths users read. Both
check formats with the readers' own parsers, so they agree on what is valid.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from importlib import resources

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource


@cache
def schema(name: str) -> dict:
    """A shipped schema by name: 'spec', 'result', 'decisions', …"""
    text = resources.files("gapcheck.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _shipped() -> tuple[tuple[str, dict], ...]:
    """Every shipped schema with its $id, so that one can $ref another (spec.schema.json#/$defs/…)."""
    found = []
    for entry in resources.files("gapcheck.schemas").iterdir():
        if entry.name.endswith(".schema.json"):
            contents = json.loads(entry.read_text("utf-8"))
            found.append((contents["$id"], contents))
    return tuple(found)


@cache
def registry() -> Registry:
    return Registry().with_resources((uri, Resource.from_contents(contents)) for uri, contents in _shipped())


# Formats checked as the readers parse them: a value the schema accepts is one the reader can use.
# (jsonschema checks date-time only with an optional package, and then by RFC 3339, not by Python.)
_FORMATS = {
    "date-time": (datetime.fromisoformat, "a date and time (2026-04-01T10:30:00+09:00)"),
    "date": (date.fromisoformat, "a date (2026-04-01)"),
}


def _parses(parse):
    """A format check for both validators; a format says nothing about values that are not strings."""

    def check(value: object) -> bool:
        if not isinstance(value, str):
            return True
        try:
            parse(value)
        except (ValueError, TypeError):
            return False
        return True

    return check


@cache
def format_checker() -> FormatChecker:
    checker = FormatChecker()
    for name, (parse, _) in _FORMATS.items():
        checker.checks(name)(_parses(parse))
    return checker


@cache
def fast_validator(name: str):
    return jsonschema_rs.validator_for(
        schema(name),
        registry=jsonschema_rs.Registry(list(_shipped())),
        validate_formats=True,
        formats={format_name: _parses(parse) for format_name, (parse, _) in _FORMATS.items()},
    )


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name), registry=registry(), format_checker=format_checker())


def _message(error) -> str:
    if error.validator == "format" and error.validator_value in _FORMATS:
        return f"{error.instance!r} is not {_FORMATS[error.validator_value][1]}"
    return error.message


def json_path(parts) -> str:
    """$.requirements[3].id"""
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def violations(name: str, document: object) -> list[tuple[str, str]]:
    """(JSON path, message) for every violation, in document order."""
    if fast_validator(name).is_valid(document):
        return []
    errors = sorted(
        validator(name).iter_errors(document),
        key=lambda e: [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in e.absolute_path],
    )
    return [(json_path(e.absolute_path), _message(e)) for e in errors]
