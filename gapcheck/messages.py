"""What gapcheck says to people, in Japanese (the default) or English.

Messages are written in English in the code, marked with `_()` (or `N_()` where they are only
looked up later), and translated through gettext catalogs kept in the repository
(`gapcheck/locale/ja/LC_MESSAGES/gapcheck.po`, compiled to `.mo` beside it), so a translator
works on the catalog without touching code. `python tests/support/catalog.py` (Babel's extractor,
plus the help texts of every command) brings the catalog in step with the code and compiles it.

The language is Japanese unless `GAPCHECK_LANG=en` (or `--lang en` on the command line) says
otherwise. The same catalog holds the command line's help texts and click's own messages (Usage:,
Missing option …), which click looks up through the process's gettext domain: `use_for_click()`
points it at this catalog.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources

DOMAIN = "gapcheck"
LANGS = ("ja", "en")
DEFAULT = "ja"
ENV = "GAPCHECK_LANG"

_language: ContextVar[str | None] = ContextVar("gapcheck_language", default=None)


def language() -> str:
    """The language messages are given in now: set_language's, else GAPCHECK_LANG's, else ja."""
    chosen = _language.get()
    if chosen:
        return chosen
    wanted = os.environ.get(ENV, "").strip().lower()[:2]
    return wanted if wanted in LANGS else DEFAULT


def set_language(lang: str | None) -> None:
    """Give messages in `lang` from now on (None: back to GAPCHECK_LANG or the default)."""
    if lang is not None and lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGS)}")
    _language.set(lang)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Give messages in `lang` inside the block (a worker process running what another process
    asked for: the language does not cross processes by itself)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGS)}")
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def locale_dir() -> str:
    return str(resources.files("gapcheck").joinpath("locale"))


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, locale_dir(), languages=[lang], fallback=True)


def _(message: str, /, **values: object) -> str:
    """`message` in the current language, with `{name}` fields filled from `values`."""
    return translate(message, language(), **values)


def translate(message: str, lang: str, /, **values: object) -> str:
    """`message` in `lang` (a report's language, which may differ from the console's)."""
    text = _catalog(lang).gettext(message) if lang != "en" else message
    return text.format(**values) if values else text


def N_(message: str, /) -> str:
    """Mark `message` for translation where it is only translated later (in a table of messages)."""
    return message


def use_for_click() -> None:
    """Let click's own messages come from this catalog, in the current language (for the CLI)."""
    gettext.bindtextdomain(DOMAIN, locale_dir())
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language()
