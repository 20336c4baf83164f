"""Jinja2 environments for gapcheck's HTML and Markdown outputs.

- HTML templates (`*.html.j2`) autoescape every value; Markdown templates escape every value for a
  table cell (pipes, line breaks, markup characters) through `finalize`, so text from inventories
  and specs shows as typed in both and never becomes markup.
- StrictUndefined: a missing value is a bug that fails loudly; templates test optional data
  explicitly (`is none`, `if x`).
- Every label comes from gapcheck.outputs.i18n: `label` (enums), `t` (phrases), for the template's language.
- Static assets (CSS, JS) are inlined with `asset`, so every page is one self-contained file.
- Paths of inputs go through `shown_path` (gapcheck.outputs.paths): never the machine's absolute path.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime
from functools import cache, lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, Undefined
from markupsafe import Markup

from gapcheck.outputs.i18n import LANGS, due_text, label, phrase
from gapcheck.outputs.paths import shown_path, shown_paths_in

# Characters that would start markup or end a cell in a Markdown table; escaped with a backslash,
# which CommonMark and GFM turn back into the character itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~]|&(?=#?\w+;))")
_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")
_PLAIN = frozenset("\\`*_[]<>|#~&\r\n")  # text without these is its own escape


@lru_cache(maxsize=8192)  # labels, places and names repeat from table to table
def markdown_escape(text: str) -> str:
    """Text for a Markdown table cell: shown as typed, on one line (breaks become <br>)."""
    if _PLAIN.isdisjoint(text):
        return text
    return _LINE_BREAK.sub("<br>", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _markdown_finalize(value: object) -> object:
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, str):
        return markdown_escape(value)
    return value


def _defined(value: object) -> object:
    """A filter's argument, failing as loudly as StrictUndefined does when printed."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    return value


def percent(rate: float) -> str:
    return f"{_defined(rate) * 100:.1f}%"


def local_time(iso: str) -> str:
    """An ISO timestamp (result.json) in the machine's local time, to the minute."""
    return datetime.fromisoformat(_defined(iso)).astimezone().strftime("%Y-%m-%d %H:%M")


def asset(name: str) -> Markup:
    """A static file from gapcheck/templates/, for inlining (trusted: it ships in the package)."""
    return Markup(resources.files("gapcheck").joinpath("templates", name).read_text("utf-8"))


def csp_hash(source: str) -> str:
    """The Content-Security-Policy source expression allowing exactly this inline script or style."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def page_assets(*styles: str) -> dict[str, str]:
    """The inline style and script every HTML page shares (with the page's own style sheets from
    `styles`), and the Content-Security-Policy that allows exactly these and nothing else: no
    request can leave the page, and text that slipped through escaping could neither run nor load
    anything."""
    style, script = Markup("\n").join(asset(name) for name in ("page.css", *styles)), asset("tables.js")
    return {
        "style": style,
        "script": script,
        "csp": f"default-src 'none'; style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
        "img-src data:; base-uri 'none'; form-action 'none'",
    }


@cache
def environment(lang: str = "ja", markdown: bool = False) -> Environment:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (one of: {', '.join(LANGS)})")
    env = Environment(
        loader=PackageLoader("gapcheck", "templates"),
        autoescape=not markdown,
        finalize=_markdown_finalize if markdown else None,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    def t(key: str, **values: object) -> str:
        text = phrase(key, lang)
        return text.format(**values) if values else text

    env.globals.update(t=t, lang=lang, asset=asset, sep="、" if lang == "ja" else ", ")
    env.filters.update(
        label=lambda member: label(_defined(member), lang),
        paren=lambda text: f"（{_defined(text)}）" if lang == "ja" else f" ({_defined(text)})",
        percent=percent,
        local_time=local_time,
        due=lambda due: due_text(_defined(due), lang),
        shown_path=lambda path: shown_path(_defined(path)),
        shown_paths_in=lambda text: shown_paths_in(_defined(text)),
    )
    return env


def render(template: str, lang: str = "ja", **context: object) -> str:
    return environment(lang, markdown=template.endswith(".md.j2")).get_template(template).render(**context)
