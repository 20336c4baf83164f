"""gapcheck speaks Japanese by default and English on request, from one gettext catalog."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import string
import subprocess
import sys

import pytest
from babel.messages.mofile import read_mo
from click.testing import CliRunner

from gapcheck.cli import main
from gapcheck.cli.options import display_width
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


def test_latin_words_are_set_off_from_japanese_by_a_space():
    """One rule for every Japanese entry: a Latin word (ID, Excel, `gapcheck check`) has a space on
    each side where it meets Japanese, so no message writes IDを and another ID を. Numbers and
    fields ({count}件) run on; a header quoted as ministries write it (機能ID) stays as written."""
    japanese = "ぁ-んァ-ヶ一-龠々ー"
    tight = re.compile(rf"[{japanese}][A-Za-z`]|[A-Za-z`][{japanese}]")
    found = []
    for message in catalog.read_catalog():
        for text in ([message.string] if isinstance(message.string, str) else message.string):
            bare = re.sub(r"\{[^}]*\}", "{}", text or "").replace("機能ID", "")
            found += [(pair, text) for pair in tight.findall(bare)]
    assert not found, found


def _fields(message: str) -> list[tuple[str, str]]:
    return sorted((name, spec) for _text, name, spec, _conversion in string.Formatter().parse(message) if name is not None)


def test_every_message_of_the_code_and_the_command_line_has_a_japanese_entry():
    entries = {message.id: message.string for message in catalog.read_catalog() if message.id}
    code, help_texts = catalog.code_messages(), catalog.help_messages()
    missing = sorted(message for message in code | help_texts if not entries.get(message))
    assert not missing, f"messages without a Japanese entry (add it to {catalog.PO}): {missing}"
    # the fields a message fills in ({path}, {count:,} …) are the same in both languages
    differ = [message for message in code if _fields(message) != _fields(entries[message])]
    assert not differ, f"Japanese entries whose {{fields}} differ from their message's: {differ}"


def _three_ways(cli, monkeypatch, args: list, before: tuple = ()):
    """The output of a command by default, with --lang en, and with GAPCHECK_LANG=en."""
    by_default = cli.invoke(main, [*before, *map(str, args)], prog_name="gapcheck")
    with_option = cli.invoke(main, [*before, "--lang", "en", *map(str, args)], prog_name="gapcheck")
    monkeypatch.setenv("GAPCHECK_LANG", "en")
    with_environment = cli.invoke(main, [*before, *map(str, args)], prog_name="gapcheck")
    monkeypatch.delenv("GAPCHECK_LANG")
    assert with_option.output == with_environment.output
    return by_default, with_option


def test_an_error_is_japanese_by_default_and_english_on_request(cli, monkeypatch, tmp_path):
    missing = tmp_path / "機能一覧.xlsx"
    japanese, english = _three_ways(
        cli, monkeypatch, ["check", "--spec", SPECS / "juki-1.0.json", "--inventory", missing, "--out", tmp_path / "out"]
    )
    assert japanese.exit_code == english.exit_code == 2
    assert japanese.output == f"エラー: {missing}: ファイルがありません\n  → パスを確認してください（入力ミスはありませんか）\n"
    assert english.output == f"error: {missing}: the file does not exist\n  → check the path (a typo?)\n"


def test_a_csv_in_an_unknown_encoding_is_named_in_the_language_of_the_run(cli, monkeypatch, tmp_path):
    export = tmp_path / "機能一覧.csv"
    export.write_bytes("機能名,対応\n".encode() + b"\xff\xff,\x81\n")  # neither UTF-8, Shift_JIS nor EUC-JP
    japanese, english = _three_ways(cli, monkeypatch, ["inventory", "inspect", export])
    assert japanese.exit_code == english.exit_code == 2
    assert f"エラー: {export}、2行目: 17バイト目に読めないバイトがあります" in japanese.output
    assert "Excel で「CSV UTF-8 (コンマ区切り)」または「CSV (コンマ区切り)」として保存し直してください" in japanese.output
    assert f"error: {export}, row 2: invalid bytes at byte 17 (the file is neither UTF-8 nor Shift_JIS text)" in english.output
    assert "save the file again from Excel" in english.output and "保存し直して" not in english.output


def test_a_warning_is_japanese_by_default_and_english_on_request(cli, monkeypatch):
    japanese, english = _three_ways(cli, monkeypatch, ["spec", "diff", SPECS / "juki-1.0.json", SPECS / "inkan-1.0.json"])
    assert japanese.exit_code == english.exit_code == 0
    assert "注意: 1つの業務の2つの版ではなく、2つの業務（住民記録 と 印鑑登録）を比べています" in japanese.output
    assert "note: comparing two business areas (住民記録 and 印鑑登録), not two editions of one" in english.output


def test_help_of_a_command_is_japanese_by_default_and_english_on_request(cli, monkeypatch):
    japanese, english = _three_ways(cli, monkeypatch, ["check", "--help"])
    assert japanese.output.startswith("使い方: gapcheck check [OPTIONS]\n\n  1つの機能一覧を1つの仕様と照合し")
    assert "仕様ファイル（JSON。`gapcheck spec` を参照）。" in japanese.output and "[必須]" in japanese.output
    assert "Check one inventory" not in japanese.output
    assert english.output.startswith("Usage: gapcheck check [OPTIONS]\n\n  Check one inventory against one spec")
    assert "Spec JSON (see `gapcheck spec`)." in english.output and "照合" not in english.output
    # laid out by the columns Japanese takes on screen: no line wider than the terminal
    for width, command in ((80, ["check"]), (80, ["export"]), (100, []), (100, ["run"]), (100, ["milestones"])):
        shown = cli.invoke(main, [*command, "--help"], prog_name="gapcheck", terminal_width=width).output
        assert max(map(display_width, shown.splitlines())) <= width, (command, shown)
    # Japanese breaks between characters, as 禁則 allows: a long run of Japanese fills the line it
    # starts on, no line starts with 、。） nor ends with （, and Latin words stay whole
    shown = cli.invoke(main, ["check", "--help"], prog_name="gapcheck", terminal_width=80).output
    assert "`gapcheck review import` で作った判断ファイル" in shown
    for command in (["check"], ["run"], ["review", "import"], []):
        lines = [line.strip() for line in cli.invoke(main, [*command, "--help"], terminal_width=80).output.splitlines()]
        assert not [line for line in lines if line[:1] in tuple("、。，）」』】・ー)]") or line.endswith(("（", "「"))], command
    assert "gaps.xlsx" in japanese.output and "gap\n" not in japanese.output
    listed = cli.invoke(main, ["--help"]).output  # a command's summary: its first sentence
    assert "  export      チェック結果を1つの表にします\n" in listed


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="the dask extra is not installed")
def test_a_worker_process_gives_its_messages_in_the_language_of_the_run(cli, tmp_path):
    # Dask's workers are spawned: they share neither the language nor the environment variable of
    # this process unless the run passes the language to them.
    (tmp_path / "vendor.csv").write_bytes(b"a,b\n\xff\xff,\x81\n")
    spec = (SPECS / "juki-1.0.json").as_posix()
    portfolio = tmp_path / "portfolio.toml"
    portfolio.write_text(
        f'[[municipalities]]\ncode = "131130"\nname = "渋谷区"\n[[systems]]\narea = "住民記録"\n'
        f'spec = "{spec}"\ninventory = "vendor.csv"\n', encoding="utf-8")
    for lang, executor, expected in (("en", "dask", "invalid bytes at byte 4"), (None, "process", "4バイト目に読めないバイトがあります")):
        out = tmp_path / executor
        result = cli.invoke(main, ["run", str(portfolio), "--out", str(out), "--executor", executor, "--workers", "1",
                                   *(["--lang", lang] if lang else [])])
        assert result.exit_code == 1, result.output
        error = json.loads((out / "run.json").read_text("utf-8"))["checks"][0]["error"]
        assert expected in error and f"- systems[0] (住民記録) 渋谷区: {error}" in result.output


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


def test_a_reader_that_goes_away_ends_the_command_quietly():
    # `gapcheck inventory inspect … | head`: the pipe closes before gapcheck writes
    process = subprocess.Popen(
        [sys.executable, "-m", "gapcheck", "inventory", "inspect", str(INVENTORIES / "juki-messy.xlsx")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait() == 1 and errors == ""


def test_a_schema_violation_is_told_in_the_users_language(cli, tmp_path):
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps({"columns": {"title": "機能名"}, "header_rows": [0], "kind": "tekigo"}), encoding="utf-8")
    inventory = str(INVENTORIES / "juki-catalog.xlsx")
    japanese = cli.invoke(main, ["inventory", "inspect", inventory, "--layout", str(layout)]).output
    assert '$.columns: 想定していない項目 "title" があります（綴りを確認してください）' in japanese
    assert "$.header_rows[0]: 0 は範囲外です（1 以上にしてください）" in japanese
    assert '$.kind: "tekigo" は使えません。次のいずれかにしてください: "catalog", "conformance"' in japanese
    english = cli.invoke(main, ["--lang", "en", "inventory", "inspect", inventory, "--layout", str(layout)]).output
    assert '$.columns: unexpected member "title" (check its spelling)' in english
    assert "$.header_rows[0]: 0 is out of range: it must be at least 1" in english
