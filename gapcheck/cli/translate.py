"""The command line in the user's language: help texts, click's own messages, a console that
cannot be broken by a character.

Help texts are written in English in the code (docstrings, `help=` and `show_default=` texts) and
are message ids of the catalog (gapcheck/messages.py); they are translated once per run, before
click reads them. Japanese help is laid out by the columns it takes on screen, not by its number
of characters, and a command's one-line summary ends where its first Japanese sentence does.
"""

from __future__ import annotations

import inspect
import io
import sys
import unicodedata
from collections.abc import Iterator

import click
import click.formatting

from gapcheck.messages import _, use_for_click

_ORIGINAL = "_gapcheck_msgids"


def _parts(command: click.Command) -> Iterator[tuple[object, str]]:
    """(object, attribute) of every help text in the command tree under `command`."""
    yield from ((command, name) for name in ("help", "short_help", "epilog"))
    for param in command.params:
        yield param, "help"
        if isinstance(getattr(param, "show_default", None), str):
            yield param, "show_default"
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _parts(sub)


def _msgid(owner: object, attribute: str) -> str | None:
    originals = owner.__dict__.setdefault(_ORIGINAL, {})
    if attribute not in originals:
        text = getattr(owner, attribute, None)
        originals[attribute] = inspect.cleandoc(text) if text else None
    return originals[attribute]


def help_texts(command: click.Command) -> list[str]:
    """The help texts of the command tree as message ids (cleaned of their indentation)."""
    return [text for owner, attribute in _parts(command) if (text := _msgid(owner, attribute))]


def translate_help(command: click.Command) -> None:
    """Put the current language's help texts in place (again from the English ids on each run)."""
    for owner, attribute in _parts(command):
        text = _msgid(owner, attribute)
        if text:
            setattr(owner, attribute, _(text))
        elif attribute == "short_help" and owner.help:
            owner.short_help = _first_sentence(owner.help)


def _first_sentence(help_text: str) -> str | None:
    """The first sentence of a Japanese help text, as the command's summary in its group's list;
    None for English, which click cuts to length at a space itself (Japanese has few spaces)."""
    sentence, stop, _rest = help_text.split("\n\n", 1)[0].partition("。")
    return sentence if stop else None


_PAD = "\0"  # follows each full-width character while click wraps text, so that it counts as two


def _columns_wrap(text: str, width: int = 78, *args, **kwargs) -> str:
    """click's wrap_text, measuring text by the columns it takes on screen (a full-width
    character takes two; click counts one) and breaking Japanese between any two characters."""
    padded = "".join(c + _PAD if unicodedata.east_asian_width(c) in "WF" else c for c in text)
    if padded == text:
        return _CLICK_WRAP(text, width, *args, **kwargs)
    # a line may end between a character and its pad, one column wider than counted: one to spare
    return _CLICK_WRAP(padded, width - 1, *args, **kwargs).replace(_PAD, "")


_CLICK_WRAP = click.formatting.wrap_text


def language_from(args: list[str]) -> str | None:
    """The value of --lang on the command line, wherever it stands (help is shown before options
    after it would be read)."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def safe_console() -> None:
    """A console whose encoding lacks a character (a Windows console in CP932 meeting «, ①, 髙)
    shows a replacement for it instead of failing."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")


def prepare(command: click.Command) -> None:
    use_for_click()
    translate_help(command)
    click.formatting.wrap_text = _columns_wrap  # what click's help formatter wraps every text with
