"""Options and console output shared by several commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from gapcheck import atomic
from gapcheck.messages import LANGS, _, language
from gapcheck.model import ResultDocument, Summary
from gapcheck.outputs.render import percent
from gapcheck.rules.dates import parse_date
from gapcheck.rules.roles import assign_roles
from gapcheck.text import readable, wide


def pairs(keys: tuple[str, ...] | None = None, values: tuple[str, ...] | None = None, option: str = "--column"):
    """A click callback turning repeated KEY=VALUE into a dict, checking keys or values."""

    def convert(ctx: click.Context, param: click.Parameter, given: tuple[str, ...]) -> dict[str, str]:
        mapping = {}
        for item in given:
            key, sep, value = (part.strip() for part in item.partition("="))
            if not sep or not key or not value:
                raise click.BadParameter(_("'{item}' is not KEY=VALUE", item=item), param_hint=option)
            if keys is not None and key not in keys:
                raise click.BadParameter(_("unknown role '{key}' (roles: {roles})", key=key, roles=", ".join(keys)),
                                         param_hint=option)
            if values is not None and value not in values:
                raise click.BadParameter(_("unknown value '{value}' (one of: {values})", value=value, values=", ".join(values)),
                                         param_hint=option)
            mapping[key] = value
        return mapping

    return convert


def column_option(roles: tuple[str, ...]):
    return click.option(
        "--column",
        "columns",
        multiple=True,
        metavar="ROLE=HEADER",
        callback=pairs(keys=roles),
        help=f"Use the column with this header (or column letter) for ROLE; repeatable. Roles: {', '.join(roles)}.",
    )


def echo(message: object = "", **kwargs) -> None:
    """click.echo, with file names that are not UTF-8 shown readably (see `text.readable`)."""
    click.echo(readable(str(message)), **kwargs)


def display_width(text: str) -> int:
    return sum(2 if wide(c) else 1 for c in text)


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A plain-text table aligned for Japanese (full-width characters count double)."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        out = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            out.append(cell + pad if i == 0 else pad + cell)
        return "  ".join(out).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]])


def fit_rate_cell(summary: Summary) -> str:
    """A check's 適合率 for a console table, with the upper end of its range when the likely
    matches in review would raise it."""
    if summary.mandatory_fit_rate is None:
        return "—"
    rate, upper = percent(summary.mandatory_fit_rate), summary.fit_rate_upper
    return rate if upper is None else _("{rate} (likely {upper})", rate=rate, upper=percent(upper))


def outputs_option(names: tuple[str, ...], always: str | None, what: str):
    """--outputs LIST: which of `names` to write (`always` is written whatever the list says)."""

    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
        if value is None:
            return ()
        given = [name.strip() for name in value.split(",") if name.strip()]
        unknown = [name for name in given if name not in names]
        if unknown or not given:
            raise click.BadParameter(
                _("unknown output {unknown} (choose from: {names})",
                  unknown=", ".join(unknown) or _("(none given)"), names=", ".join(names)),
                param_hint="--outputs",
            )
        return tuple(dict.fromkeys([*([always] if always else []), *given]))

    return click.option(
        "--outputs",
        callback=convert,
        metavar="LIST",
        help=f"Write only these, comma-separated: {', '.join(names)} [default: all]. "
        + (f"{always} is always written; " if always else "")
        + what,
    )


_CHOSEN = "gapcheck.lang"


def remember_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """`gapcheck --lang X COMMAND`: kept for commands whose outputs otherwise keep a language of
    their own (`report` renders in the check's language unless told)."""
    if value:
        ctx.meta[_CHOSEN] = value


def chosen_language(ctx: click.Context, given: str | None) -> str | None:
    """The language a command was told: its own --lang, else the gapcheck command's."""
    return given or ctx.meta.get(_CHOSEN)


def lang_option(function):
    """--lang: the language of the outputs and of the messages (GAPCHECK_LANG, else Japanese)."""
    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default=language,
        show_default="ja, or GAPCHECK_LANG",
        help="Language of reports, spreadsheets and messages.",
    )(function)


def echo_conflicts(documents: list[ResultDocument]) -> None:
    """Areas with more than one current system: all are counted, which the user should settle."""
    for conflict in assign_roles(documents).conflicts:
        echo(
            _('note: {area} {municipality}: more than one current system ({systems}), all counted in the totals; '
              'mark procurement candidates with role = "candidate" (or check --role candidate)',
              area=conflict.area, municipality=conflict.municipality, systems=", ".join(conflict.systems)),
            err=True,
        )


def formats_option(names: tuple[str, ...], help_text: str):
    """--format a,b: some of `names`, in the order given, each once."""

    def convert(ctx, param, value: str) -> tuple[str, ...]:
        chosen = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
        unknown = [n for n in chosen if n not in names]
        if unknown or not chosen:
            raise click.BadParameter(_("unknown format {unknown} (choose from: {names})",
                                       unknown=", ".join(unknown) or repr(value), names=", ".join(names)))
        return chosen

    return click.option(
        "--format", "formats", default=",".join(names), show_default=True, callback=convert, help=help_text
    )


def date_option(name: str, help_text: str):
    """An option taking a date as people write it (2026-01-04, 2026/1/4, 令和8年1月4日)."""

    def convert(ctx, param, value: str | None) -> date | None:
        if value is None:
            return None
        try:
            return parse_date(value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None

    return click.option(name, callback=convert, metavar="DATE", help=help_text)


def output_file(path: Path, default_name: str) -> Path:
    """The file an -o (or --into) names: a folder given gets `default_name` inside it, and the
    console says so."""
    target, defaulted = atomic.output_file(path, default_name)
    if defaulted:
        echo(_("{path} is a folder: using {target} (the default name {name})", path=path, target=target, name=default_name))
    return target
