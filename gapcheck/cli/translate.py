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
import re
import sys
import textwrap
from collections.abc import Iterator

import click
import click.formatting

from gapcheck.messages import _, use_for_click
from gapcheck.text import wide

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


_PAD = "\0"  # follows each full-width character while a text is wrapped, so that it counts as two
# 禁則: what never starts a line, and what never ends one
_NOT_FIRST = frozenset("、。，．）」』】〕〉》・ー！？：；％々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ)]}>,.:;!?%")
_NOT_LAST = frozenset("（「『【〔〈《([{<")


class _JapaneseWrapper(textwrap.TextWrapper):
    """A line may break between any two Japanese characters that 禁則 lets it break between, and
    at spaces; Latin words stay whole. Full-width characters come padded (they count two)."""

    def _split(self, text: str) -> list[str]:
        chunks: list[str] = []
        for c in text:
            previous = chunks[-1][-1] if chunks else " "
            if previous == _PAD:
                previous = chunks[-1][-2]
            glued = (
                c == _PAD
                or c.isspace() == previous.isspace()
                and (c.isspace() or c in _NOT_FIRST or previous in _NOT_LAST or not (wide(c) or wide(previous)))
            )
            if glued and chunks:
                chunks[-1] += c
            else:
                chunks.append(c)
        return chunks


def _fill(text: str, width: int, initial_indent: str, subsequent_indent: str) -> str:
    padded = "".join(c + _PAD if wide(c) else c for c in text)
    # a line may end between a character and its pad, one column wider than counted: one to spare
    wrapper = _JapaneseWrapper(width - 1, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                               break_on_hyphens=False)
    return wrapper.fill(padded).replace(_PAD, "")


def _join(lines: list[str]) -> str:
    """The lines of one paragraph as one: Japanese runs on without a space, Latin words get one."""
    text = ""
    for line in lines:
        text += "" if not text or (wide(text[-1]) and wide(line[0])) else " "
        text += line
    return text


def _columns_wrap(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
                  preserve_paragraphs: bool = False) -> str:
    """click's wrap_text, measuring text by the columns it takes on screen (a full-width
    character takes two; click counts one) and breaking Japanese between characters; paragraphs
    as click keeps them (a blank line between; a paragraph's indent kept)."""
    if not any(wide(c) for c in text):
        return _CLICK_WRAP(text, width, initial_indent, subsequent_indent, preserve_paragraphs)
    text = text.expandtabs()
    if not preserve_paragraphs:
        return _fill(text, width, initial_indent, subsequent_indent)
    wrapped = []
    for paragraph in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = paragraph.splitlines()
        indent = " " * (len(lines[0]) - len(lines[0].lstrip()))
        if lines[0].strip() == "\b":  # click's mark of a paragraph kept as written
            wrapped.append("\n".join((initial_indent if n == 0 else subsequent_indent) + indent + line
                                     for n, line in enumerate(lines[1:])))
        else:
            wrapped.append(_fill(_join([line.strip() for line in lines]), width, initial_indent + indent,
                                 subsequent_indent + indent))
    return "\n\n".join(wrapped)


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
