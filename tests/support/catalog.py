"""The message catalog's contents, and the translator's tool that keeps it in step with the code.

Run from the repository root after changing messages:

    python tests/support/catalog.py

It collects every message id (the `_()` / `N_()` calls in the package, the help texts of every
command and option, and click's own messages), writes `gapcheck/locale/ja/LC_MESSAGES/gapcheck.po`
keeping the translations it already holds (new ids get an empty entry to translate, unused ones
are dropped) and compiles `gapcheck.mo` beside it. `tests/test_messages.py` fails while an id lacks
its Japanese entry or the .mo is stale.
"""

from __future__ import annotations

import inspect
import io
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

import gapcheck

PACKAGE = Path(gapcheck.__file__).parent
PO = PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "gapcheck.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": (1,), "N_": (1,), "translate": (1,)}
# click's messages that a user of gapcheck can meet (the rest concern click's own programmers)
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}


def code_messages() -> set[str]:
    return {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
        )
        if isinstance(message, str)
    }


def help_messages() -> set[str]:
    """Every help text of the `gapcheck` command tree, as click shows it (cleaned of indentation)."""
    from gapcheck.cli import main
    from gapcheck.cli.translate import help_texts

    return set(help_texts(main))


def click_messages() -> set[str | tuple[str, str]]:
    """click's message ids; a message with a plural form (ngettext) is a (singular, plural) pair."""
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            Path(inspect.getfile(click)).parent, method_map=[("**.py", "python")], keywords=CLICK_KEYWORDS
        )
        if message
    }
    return found | {"required"}  # translated by click as _(extra["required"]), which no extractor sees


def read_catalog(path: Path = PO) -> Catalog:
    with open(path, "rb") as file:
        return read_po(file, locale="ja")


def update() -> Catalog:
    """The catalog with exactly the ids in use, its translations kept, written as .po and .mo."""
    old = read_catalog() if PO.exists() else Catalog(locale="ja")
    known = {message.id: message.string for message in old if message.id}
    empty = lambda message_id: ("",) if isinstance(message_id, tuple) else ""  # noqa: E731  (Japanese has one plural form)
    catalog = Catalog(locale="ja", domain="gapcheck", project="gapcheck", charset="utf-8")
    ours = code_messages() | help_messages()
    for message_id in sorted(ours | (click_messages() & set(known)), key=str):
        catalog.add(message_id, known.get(message_id, empty(message_id)))
    PO.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False, sort_output=True)
    PO.write_bytes(buffer.getvalue())
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    MO.write_bytes(compiled.getvalue())
    return catalog


if __name__ == "__main__":
    catalog = update()
    missing = [message.id for message in catalog if message.id and not message.string]
    print(f"{PO}: {len(catalog)} messages, {len(missing)} without a Japanese entry")
    for message_id in missing:
        print(f"  {message_id!r}")
