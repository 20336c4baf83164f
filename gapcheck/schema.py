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

from gapcheck.messages import N_, _


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
    "date-time": (datetime.fromisoformat, N_("a date and time (2026-04-01T10:30:00+09:00)")),
    "date": (date.fromisoformat, N_("a date (2026-04-01)")),
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


_TYPES = {
    "string": N_("text"), "integer": N_("a whole number"), "number": N_("a number"), "object": N_("an object ({…})"),
    "array": N_("a list ([…])"), "boolean": N_("true or false"), "null": N_("null"),
}


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "…"


def _type(expected) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return _(" or ").join(_(_TYPES.get(name, name)) for name in names)


def _message(error) -> str:
    """jsonschema's message for one violation, in the user's language for the usual kinds (the
    rest, which gapcheck's schemas hardly give, as jsonschema words them)."""
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "format" and expected in _FORMATS:
        return _("{value} is not {format}", value=_shown(value), format=_(_FORMATS[expected][1]))
    if kind == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        return _("missing: {names}", names=", ".join(f'"{name}"' for name in missing))
    if kind == "type":
        return _("{value} is not {type}", value=_shown(value), type=_type(expected))
    if kind == "enum":
        return _("{value} is not one of {choices}", value=_shown(value), choices=", ".join(map(_shown, expected)))
    if kind == "const":
        return _("{value} should be {expected}", value=_shown(value), expected=_shown(expected))
    if kind == "pattern":
        return _("{value} does not have the expected form ({pattern})", value=_shown(value), pattern=expected)
    if kind == "additionalProperties" and isinstance(value, dict):
        known = error.schema.get("properties", {})
        unexpected = [name for name in value if name not in known]
        return _("unexpected member {names} (check its spelling)", names=", ".join(f'"{name}"' for name in unexpected))
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = {"minimum": N_("at least {bound}"), "exclusiveMinimum": N_("more than {bound}"),
                 "maximum": N_("at most {bound}"), "exclusiveMaximum": N_("less than {bound}")}[kind]
        return _("{value} is out of range: it must be {bound}", value=_shown(value), bound=_(bound, bound=expected))
    if kind == "minItems":
        return _("{value} needs at least {count} item(s)", value=_shown(value), count=expected)
    if kind == "maxItems":
        return _("{value} may have at most {count} item(s)", value=_shown(value), count=expected)
    if kind == "minLength":
        return _("{value} is too short (at least {count} characters)", value=_shown(value), count=expected)
    if kind == "maxLength":
        return _("{value} is too long (at most {count} characters)", value=_shown(value), count=expected)
    if kind == "not":
        return _("{value} is not allowed here", value=_shown(value))
    if kind == "uniqueItems":
        return _("{value} has an item twice", value=_shown(value))
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
    # once each: jsonschema gives one error per missing member, the message names them all
    return list(dict.fromkeys((json_path(e.absolute_path), _message(e)) for e in errors))
