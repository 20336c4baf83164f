"""gapcheck speaks Japanese by default and English on request, from one gettext catalog."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from babel.messages.mofile import read_mo
from click.testing import CliRunner

from gapcheck.cli import main
from support import catalog
from support.files import INVENTORIES, SPECS


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.delenv("GAPCHECK_LANG", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)  # use_for_click sets it: back to the test's own
    return CliRunner()


def test_click_messages_and_help_are_japanese_by_default_and_english_on_request(cli):
    japanese = cli.invoke(main, ["check", "--nope"])
    assert japanese.exit_code == 2
    assert "'--nope' というオプションはありません" in japanese.output and "使い方は" in japanese.output
    english = cli.invoke(main, ["check", "--nope", "--lang", "en"])
    assert "No such option '--nope'" in english.output and "使い方" not in english.output
    assert "オプション:" in cli.invoke(main, ["--help"]).output
    assert "Options:" in cli.invoke(main, ["--lang", "en", "--help"]).output


def test_gapcheck_lang_chooses_the_language_and_the_option_wins_over_it(cli, monkeypatch):
    monkeypatch.setenv("GAPCHECK_LANG", "en")
    assert "Missing option '--spec'" in cli.invoke(main, ["check"]).output
    assert "オプションが足りません" in cli.invoke(main, ["check", "--lang=ja"]).output


def _entries(messages) -> dict:
    frozen = lambda value: tuple(value) if isinstance(value, (list, tuple)) else value  # noqa: E731
    return {frozen(message.id): frozen(message.string) for message in messages if message.id and any(message.string)}


def test_the_compiled_catalog_is_the_po_file_compiled():
    with open(catalog.MO, "rb") as file:
        compiled = _entries(read_mo(file))
    written = _entries(catalog.read_catalog())
    assert compiled == written, "run `python tests/support/catalog.py` to compile the catalog again"


def test_every_entry_of_the_catalog_is_used():
    used = catalog.code_messages() | catalog.help_messages() | catalog.click_messages()
    unused = [message.id for message in catalog.read_catalog() if message.id and message.id not in used]
    assert not unused, f"entries no code uses (run `python tests/support/catalog.py`): {unused}"


def test_a_console_that_cannot_show_a_character_shows_a_replacement_instead_of_failing(tmp_path):
    # A Windows console in CP932 has no « or »: the output must come out, with ? in their place.
    out = tmp_path / "結果«第1版»"
    done = subprocess.run(
        [sys.executable, "-m", "gapcheck", "check", "--spec", str(SPECS / "juki-1.0.json"),
         "--inventory", str(INVENTORIES / "juki-catalog.xlsx"), "--out", str(out)],
        capture_output=True, env={**os.environ, "PYTHONIOENCODING": "cp932"},
    )
    assert done.returncode == 0, done.stderr.decode("cp932", "replace")
    assert "結果?第1版?" in done.stdout.decode("cp932")
    assert (out / "result.json").is_file()
