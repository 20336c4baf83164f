"""Every reader, through the command that uses it, on the bad-input corpus (tests/badinputs.py):
exit code 2, one message naming the file (and sheet, row, column where they apply), no traceback,
and nothing written: the output folder or target file is byte for byte what it was, with no
temporary file left beside it."""

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from support.bad_inputs import (
    ANSWERS_JSON,
    GOOD_SPEC_ROWS,
    OFFICE_FORMATS,
    DECISIONS_JSON,
    GAPS_XLSX,
    HOSTILE,
    LAYOUT_JSON,
    MERGED_SECTIONS,
    ODS_NS,
    PORTFOLIO,
    RESULT,
    REVIEW_XLSX,
    SPEC_JSON,
    SPEC_TABLE,
    TABLE,
    OfficeSource,
    build,
    entries,
    filled_in,
    gaps_book,
    merged_sections,
    odd_entries,
    office_saves,
    office_sources,
    review_book,
    sjis,
    value_types,
)
from support.files import INVENTORIES, ROOT, SPECS, make_xlsx

from gapcheck.files.answers_json import load_answers
from gapcheck.files.result_json import read_result_json, warning_from_json
from gapcheck.files.spec_json import load_spec
from gapcheck.model import Note
from gapcheck.notes import warning_text
from gapcheck.outputs.review_xlsx import read_review
from gapcheck.readers import extent, workbook
from gapcheck.readers.inventory import read_inventory
from gapcheck.readers.spec_import import import_spec
from gapcheck.workflows.answers import import_answers

JUKI = SPECS / "juki-1.0.json"
INVENTORY = INVENTORIES / "juki-catalog.xlsx"


ENTRIES = entries()  # built once: each parametrisation below picks from them


def names(*readers):
    return [e.name for e in ENTRIES if e.readers & set(readers)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return folder, {entry.name: entry for entry in build(folder)}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, hidden ones included, with its bytes; empty lock files aside (a
    command that reads a file under its lock leaves the lock file: deleting one safely would race
    with a second run taking it)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (p.name.endswith(".lock") and p.stat().st_size == 0)
    }


def assert_refused(result, path, expect, *, one_message=True):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    if one_message:
        assert result.output.count("error:") == 1, result.output
    assert str(path) in result.output, result.output
    assert re.search(expect, result.output, re.DOTALL), result.output


@pytest.fixture(scope="module")
def previous(tmp_path_factory, cli):
    """Output folders of earlier complete runs, each command's kind: check, run, summary, budget,
    milestones, export,
    and a decisions and an answers file with history, to copy and then leave untouched."""
    base = tmp_path_factory.mktemp("previous")
    inventory = make_xlsx(base / "vendor.xlsx", {"機能一覧": [
        ["機能番号", "機能名", "標準機能ID", "対応"],
        ["A-1", "日本人住民データの管理", "0010001", "○"],
        ["A-2", "転入届の受付", "", "△"],
        ["A-3", "職員の昼食注文", "", "○"],
    ]})
    assert cli("check", "--spec", JUKI, "--inventory", inventory, "--out", base / "check").exit_code == 0
    assert cli("summary", base / "check", "-o", base / "summary").exit_code == 0
    assert cli("budget", base / "check", "-o", base / "budget").exit_code == 0
    assert cli("milestones", base / "check", "-o", base / "milestones").exit_code == 0
    (base / "export").mkdir()
    assert cli("export", base / "check", "-o", base / "export" / "checks.xlsx").exit_code == 0
    portfolio = base / "portfolio.toml"
    portfolio.write_text(
        f'[[municipalities]]\ncode = "131130"\nname = "渋谷区"\n[[systems]]\narea = "住民記録"\n'
        f'spec = "{JUKI.as_posix()}"\ninventory = "vendor.xlsx"\n', encoding="utf-8")
    assert cli("run", portfolio, "--out", base / "run", "--executor", "inprocess").exit_code == 0
    # decisions and answers files with a previous version each in .gapcheck-history/

    for round_, by in enumerate(("山田", "佐藤")):
        review = base / f"review{round_}.xlsx"
        filled_in(review_book, "要確認", {"判断（選択）": "独自機能", "判断者": by})(review)
        assert cli("review", "import", review, "--into", base / "decisions" / "decisions.json").exit_code == 0
        gaps = base / f"gaps{round_}.xlsx"
        filled_in(gaps_book, "ギャップ一覧", {"対応方針": "パッケージ改修", "概算費用（千円）": 100 + round_})(gaps)
        assert cli("answers", "import", gaps, "--into", base / "answers" / "answers.json").exit_code == 0
    assert len(list((base / "decisions" / ".gapcheck-history").iterdir())) == 1
    return base


@pytest.fixture
def copy_of(previous, tmp_path):
    def copy(name: str) -> Path:
        return Path(shutil.copytree(previous / name, tmp_path / name))

    return copy


def refused_and_untouched(cli, folder: Path, path: Path, expect: str, *args):
    before = snapshot(folder)
    assert_refused(cli(*args), path, expect)
    assert snapshot(folder) == before


# --- tables: spec import, gapcheck check --inventory, inventory inspect --------------------------


@pytest.mark.parametrize("name", names(TABLE, SPEC_TABLE))
def test_spec_import(cli, corpus, tmp_path, name):
    folder, found = corpus
    out = tmp_path / "spec.json"
    result = cli("spec", "import", folder / name, "--area", "住民記録", "--version", "第1.0版", "-o", out)
    expect = found[name].expects(TABLE if TABLE in found[name].readers else SPEC_TABLE)
    assert_refused(result, folder / name, expect)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


@pytest.mark.parametrize("name", names(TABLE))
def test_check_inventory(cli, corpus, copy_of, name):
    folder, found = corpus
    out = copy_of("check")
    refused_and_untouched(cli, out, folder / name, found[name].expects(TABLE),
                          "check", "--spec", JUKI, "--inventory", folder / name, "--out", out)


@pytest.mark.parametrize("name", names(TABLE))
def test_inventory_inspect(cli, corpus, name):
    folder, found = corpus
    assert_refused(cli("inventory", "inspect", folder / name), folder / name, found[name].expects(TABLE))


@pytest.mark.parametrize("name, expect", [
    ("beyond-column-iv.xls", r"ブックを読み込めません（\.xls が持てる最後の列 IV より右にセルがあります（65,536 列目））"),
    ("looping-directory.xls", r"ブックを読み込めません（複合ドキュメントの構造（部品の目次）が壊れています: directory corruption"),
])
def test_what_gapcheck_finds_wrong_inside_a_workbook_is_said_in_japanese(cli, corpus, name, expect):
    folder, _found = corpus
    result = cli("--lang", "ja", "inventory", "inspect", folder / name)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert re.search(expect, result.output), result.output


# --- gapcheck's own workbooks: review import, answers import -------------------------------------


@pytest.mark.parametrize("name", names(REVIEW_XLSX))
def test_review_import(cli, corpus, copy_of, name):
    folder, found = corpus
    decisions = copy_of("decisions")
    refused_and_untouched(cli, decisions, folder / name, found[name].expects(REVIEW_XLSX),
                          "review", "import", folder / name, "--into", decisions / "decisions.json", "--by", "山田")


@pytest.mark.parametrize("name", names(GAPS_XLSX))
def test_answers_import(cli, corpus, copy_of, name):
    folder, found = corpus
    answers = copy_of("answers")
    refused_and_untouched(cli, answers, folder / name, found[name].expects(GAPS_XLSX),
                          "answers", "import", folder / name, "--into", answers / "answers.json")


# --- JSON files given to a check, and decisions / answers files as import targets ----------------


@pytest.mark.parametrize("name", names(SPEC_JSON))
@pytest.mark.parametrize("command", ["validate", "show"])
def test_spec_json(cli, corpus, name, command):
    folder, found = corpus
    # `spec validate` is a report: it lists each problem on its own line instead of one error
    assert_refused(cli("spec", command, folder / name), folder / name, found[name].expects(SPEC_JSON),
                   one_message=command != "validate")


@pytest.mark.parametrize("name", names(SPEC_JSON))
def test_check_spec(cli, corpus, copy_of, name):
    folder, found = corpus
    out = copy_of("check")
    refused_and_untouched(cli, out, folder / name, found[name].expects(SPEC_JSON),
                          "check", "--spec", folder / name, "--inventory", INVENTORY, "--out", out)


OPTIONS = {DECISIONS_JSON: "--decisions", ANSWERS_JSON: "--answers", LAYOUT_JSON: "--layout"}


@pytest.mark.parametrize(("reader", "name"), [(r, n) for r in OPTIONS for n in names(r)])
def test_check_option_file(cli, corpus, copy_of, reader, name):
    folder, found = corpus
    out = copy_of("check")
    refused_and_untouched(cli, out, folder / name, found[name].expects(reader),
                          "check", "--spec", JUKI, "--inventory", INVENTORY, "--out", out, OPTIONS[reader], folder / name)


@pytest.mark.parametrize("name", names(LAYOUT_JSON))
def test_inspect_layout(cli, corpus, name):
    folder, found = corpus
    assert_refused(cli("inventory", "inspect", INVENTORY, "--layout", folder / name), folder / name,
                   found[name].expects(LAYOUT_JSON))


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A valid filled review workbook and gap spreadsheet, to import into broken target files."""
    folder = tmp_path_factory.mktemp("filled")
    filled_in(review_book, "要確認", {"判断（選択）": "対象外", "判断者": "山田"})(folder / "review.xlsx")
    filled_in(gaps_book, "ギャップ一覧", {"対応方針": "運用変更（BPR）"})(folder / "gaps.xlsx")
    return folder


@pytest.mark.parametrize(("reader", "name"), [(r, n) for r in (DECISIONS_JSON, ANSWERS_JSON) for n in names(r)])
def test_import_into_a_broken_file(cli, corpus, filled, tmp_path, reader, name):
    folder, found = corpus
    target = tmp_path / "target.json"
    shutil.copyfile(folder / name, target)
    command = ("review", "import", filled / "review.xlsx") if reader == DECISIONS_JSON else (
        "answers", "import", filled / "gaps.xlsx")
    refused_and_untouched(cli, tmp_path, target, found[name].expects(reader), *command, "--into", target)


# --- portfolios and result folders ----------------------------------------------------------------


@pytest.mark.parametrize("name", names(PORTFOLIO))
def test_run_portfolio(cli, corpus, copy_of, name):
    folder, found = corpus
    out = copy_of("run")
    refused_and_untouched(cli, out, folder / name, found[name].expects(PORTFOLIO),
                          "run", folder / name, "--out", out, "--executor", "inprocess")


@pytest.mark.parametrize("name", names(RESULT))
@pytest.mark.parametrize("command", ["summary", "budget", "milestones", "export"])
def test_result_folders(cli, corpus, copy_of, name, command):
    folder, found = corpus
    out = copy_of(command)
    target = out / "checks.xlsx" if command == "export" else out
    refused_and_untouched(cli, out, folder / name, found[name].expects(RESULT), command, folder / name, "-o", target)


def test_hostile_cells_are_read_as_text(corpus):
    """Control characters, emoji, maximum-length cells and formula-like text are data, not errors."""

    folder, _ = corpus
    spec, _ = import_spec([folder / "hostile.xlsx"], area="住民記録", version="第1.0版")
    first, second = spec.requirements
    assert first.name == "転入届の受付😀"  # control characters dropped, emoji kept
    assert first.text == HOSTILE["long"]
    assert second.name == HOSTILE["formula"] and second.text == HOSTILE["template"]


def test_the_filled_workbooks_of_the_corpus_are_otherwise_valid(filled, tmp_path):
    """The tampered workbooks fail for what was tampered with, not for how they were made."""
    assert len(read_review(filled / "review.xlsx").decisions) == 1
    assert import_answers(filled / "gaps.xlsx", tmp_path / "answers.json").record.new == 1
    assert openpyxl.load_workbook(filled / "gaps.xlsx")["_gapcheck"].sheet_state == "veryHidden"


# --- a path typed by the user must exist: a typo never silently drops the decisions or answers -------


@pytest.mark.parametrize(("option", "command"), [("--decisions", "gapcheck review import REVIEW.xlsx --into"),
                                                 ("--answers", "gapcheck answers import GAPS.xlsx --into")])
def test_check_with_a_mistyped_decisions_or_answers_file(cli, copy_of, option, command):
    out = copy_of("check")
    typo = out.parent / ("decisons" if option == "--decisions" else "answres") / "juki.json"
    what = option.removeprefix("--")
    refused_and_untouched(cli, out, typo, rf"the {what} file does not exist\n  → check the path \(a typo\?\); "
                          rf"{what} files are made with `{re.escape(command)} {re.escape(str(typo))}`",
                          "check", "--spec", JUKI, "--inventory", INVENTORY, "--out", out, option, typo)


def test_review_with_a_mistyped_decisions_file(cli, tmp_path):
    typo = tmp_path / "decisons.json"
    result = cli("review", "--spec", JUKI, "--inventory", INVENTORY, "--decisions", typo, "-o", tmp_path / "review.xlsx")
    assert_refused(result, typo, r"the decisions file does not exist.*gapcheck review import REVIEW\.xlsx --into")
    assert list(tmp_path.iterdir()) == []


# --- output paths of the wrong kind: a folder given for a file, a file given for a folder ------------


def folder_outputs(previous: Path) -> dict[str, tuple]:
    """Each command that writes into a folder, without its output folder (appended by the test)."""
    return {
        "check": ("check", "--spec", JUKI, "--inventory", INVENTORY, "--out"),
        "run": ("run", previous / "portfolio.toml", "--executor", "inprocess", "--out"),
        "summary": ("summary", previous / "check", "-o"),
        "budget": ("budget", previous / "check", "-o"),
        "milestones": ("milestones", previous / "check", "-o"),
        "demo": ("demo", "--root", ROOT, "--out"),
    }


@pytest.mark.parametrize("command", ["check", "run", "summary", "budget", "milestones", "demo"])
@pytest.mark.parametrize("below", [False, True], ids=["file", "below-a-file"])
def test_a_file_where_a_folder_is_needed(cli, previous, tmp_path, command, below):
    taken = tmp_path / "taken"
    taken.write_text("not a folder", encoding="utf-8")
    out = taken / "reports" if below else taken
    expect = (rf"the output folder cannot be made: {re.escape(str(taken))} is a file, not a folder" if below
              else r"this is a file, but the output folder must be a folder\n  → give a folder")
    assert_refused(cli(*folder_outputs(previous)[command], out), out, expect)
    assert [p.name for p in tmp_path.iterdir()] == ["taken"] and taken.read_text(encoding="utf-8") == "not a folder"


@pytest.fixture
def specs_folder(tmp_path):
    folder = tmp_path / "specs"
    folder.mkdir()
    return folder


def test_a_folder_given_for_a_file_gets_the_default_name(cli, filled, previous, specs_folder, tmp_path):
    csv = tmp_path / "機能要件.csv"
    csv.write_text("\n".join(",".join(row) for row in GOOD_SPEC_ROWS), encoding="utf-8")
    runs = [
        (("spec", "import", csv, "--area", "住民記録", "--version", "第1.0版", "-o", specs_folder), "juki-1.0.json"),
        (("spec", "diff", JUKI, SPECS / "juki-1.1.json", "-o", specs_folder), "diff-juki-1.0-juki-1.1.md"),
        (("review", "--spec", JUKI, "--inventory", INVENTORY, "-o", specs_folder), "review.xlsx"),
        (("review", "import", filled / "review.xlsx", "--into", specs_folder), "decisions.json"),
        (("answers", "import", filled / "gaps.xlsx", "--into", specs_folder), "answers.json"),
        (("export", previous / "check", "-o", specs_folder), "gapcheck-export.xlsx"),
    ]
    for args, name in runs:
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert f"{specs_folder} is a folder: using {specs_folder / name} (the default name {name})" in result.output
        assert (specs_folder / name).is_file()
    assert load_spec(specs_folder / "juki-1.0.json").version == "第1.0版"


def test_the_lock_of_an_output_folder_lies_inside_it(cli, tmp_path):
    """A folder named like a file (juki-1.0) is still the folder: its lock is inside what it protects."""
    out = tmp_path / "reports" / "juki-1.0"
    assert cli("check", "--spec", JUKI, "--inventory", INVENTORY, "--out", out).exit_code == 0
    assert (out / ".gapcheck.lock").is_file()
    assert [p.name for p in (tmp_path / "reports").iterdir()] == ["juki-1.0"]


# --- file names that are not UTF-8 (a zip made on Japanese Windows, unpacked on Linux) ------------------


def test_file_names_in_shift_jis_reach_every_output_readably(cli, tmp_path, japanese):
    folder = tmp_path / sjis("住民記録")
    folder.mkdir()
    spec, inventory = folder / sjis("標準仕様.json"), folder / sjis("機能一覧.xlsx")
    shutil.copy(JUKI, spec)
    shutil.copy(INVENTORY, inventory)
    shown = f"{tmp_path}/住民記録"

    def ok(*args):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert "\ufffd" not in result.output and "\\udc" not in ascii(result.output), result.output
        return result.output

    assert f"{shown}/機能一覧.xlsx (xlsx)" in ok("inventory", "inspect", inventory, "--features", "0")
    first = folder / sjis("結果")
    ok("check", "--spec", spec, "--inventory", inventory, "--out", first)
    document = read_result_json(first)
    assert document["spec"]["path"] == f"{shown}/標準仕様.json"
    assert document["inventory"]["path"] == f"{shown}/機能一覧.xlsx"
    assert "機能一覧.xlsx" in (first / "report.html").read_text("utf-8")

    # the vendor's answers and the reviewers' decisions, each in a file with a Shift_JIS name
    gaps, answers = folder / sjis("回答返送.xlsx"), folder / sjis("回答.json")
    filled_in(lambda p: shutil.copy(first / "gaps.xlsx", p), "ギャップ一覧", {"対応方針": "運用変更（BPR）"})(gaps)
    ok("answers", "import", gaps, "--into", answers)
    assert load_answers(answers).imports[0].source == "回答返送.xlsx"
    review, decisions = folder / sjis("確認.xlsx"), folder / sjis("判断.json")
    ok("review", "--spec", spec, "--inventory", inventory, "-o", review)
    decided = folder / sjis("確認済.xlsx")
    filled_in(lambda p: shutil.copy(review, p), "要確認", {"判断（選択）": "独自機能", "判断者": "山田"})(decided)
    ok("review", "import", decided, "--into", decisions)
    second = folder / sjis("結果2")
    ok("check", "--spec", spec, "--inventory", inventory, "--out", second, "--decisions", decisions, "--answers", answers)
    document = read_result_json(second)
    assert document["decisions"] == f"{shown}/判断.json" and document["answers"]["path"] == f"{shown}/回答.json"

    # the next edition, compared with the earlier check: its recorded files are found again
    third = folder / sjis("第1.1版")
    output = ok("check", "--spec", SPECS / "juki-1.1.json", "--inventory", inventory, "--out", third, "--baseline", second)
    baseline = read_result_json(third)["baseline"]
    assert baseline["path"] == f"{shown}/結果2/result.json"
    assert baseline["decisions"]["found"] and baseline["answers"]["found"], baseline
    assert f"{shown}/判断.json から引き継いだ判断" in output

    summary = ok("summary", second, third, "-o", folder / sjis("集計"))
    assert f"{shown}/集計/summary.html に書き出しました" in summary
    markdown = (folder / sjis("集計") / "summary.md").read_text("utf-8")
    assert "%8C%8B%89%CA2/report.md" in markdown  # the link quotes the name's own bytes (結果2)
    ok("budget", second, "-o", folder / sjis("予算"))
    assert (folder / sjis("予算") / "budget.xlsx").is_file()
    ok("spec", "diff", spec, SPECS / "juki-1.1.json", "--format", "json", "-o", folder / sjis("差分.json"))
    assert json.loads((folder / sjis("差分.json")).read_text("utf-8"))["old"]["path"] == f"{shown}/標準仕様.json"

    source = folder / sjis("機能要件.csv")
    source.write_text("\n".join(",".join(row) for row in GOOD_SPEC_ROWS), encoding="utf-8")
    ok("spec", "import", source, "--area", "住民記録", "--version", "第1.0版", "-o", folder / sjis("仕様.json"))
    assert load_spec(folder / sjis("仕様.json")).source.files == ("機能要件.csv",)

    # a portfolio unpacked into such a folder: run.json and the summaries
    (folder / "portfolio.toml").write_text(
        f'[[municipalities]]\ncode = "131130"\nname = "渋谷区"\n[[systems]]\narea = "住民記録"\n'
        f'spec = "{JUKI.as_posix()}"\ninventory = "vendor.xlsx"\ndecisions = "not-yet.json"\n', encoding="utf-8")
    shutil.copy(INVENTORY, folder / "vendor.xlsx")
    output = ok("run", folder / "portfolio.toml", "--out", folder / sjis("全体"), "--executor", "inprocess")
    assert f"decisions {shown}/not-yet.json" in output
    run = json.loads((folder / sjis("全体") / "run.json").read_text("utf-8"))
    assert run["checks"][0]["inventory"] == f"{shown}/vendor.xlsx"

    # and a message about such a file names it readably
    missing = folder / sjis("無い.xlsx")
    assert_refused(cli("--lang", "en", "inventory", "inspect", missing), f"{shown}/無い.xlsx", r"the file does not exist")


# --- a bug is not a bad file -----------------------------------------------------------------------------


def test_a_bug_while_reading_a_workbook_is_an_internal_error_with_its_location(cli, tmp_path, monkeypatch):
    """As with python-calamine before 0.4 (no merged_cell_ranges): every .ods failed, and the message
    told users to save their files again. An error of gapcheck's own code is named as a bug."""
    import pandas as pd

    ods = tmp_path / "vendor.ods"
    pd.DataFrame({"機能名": ["転入異動入力"], "対応": ["○"]}).to_excel(ods, engine="odf", index=False)

    def old_calamine(data, name):
        return data.merged_cells  # an attribute this python-calamine does not have

    monkeypatch.setattr(workbook, "_calamine_sheet", old_calamine)
    result = cli("inventory", "inspect", ods)
    assert result.exit_code == 3, result.output
    assert result.output.count("error:") == 1 and "Traceback" not in result.output
    assert re.search(r"internal error \(AttributeError: .*merged_cells.* at gapcheck/readers/workbook\.py:\d+ in "
                     r"_read_book, raised in test_bad_inputs\.py:\d+\); this is a bug in gapcheck", result.output), result.output
    assert "save it again" not in result.output


# --- input that is not a regular file: read once, within the limits ---------------------------------------


@pytest.fixture
def pipe():
    """A path like bash's <(…): /dev/fd/N, the read end of a pipe that a thread fills with `data`."""
    opened = []

    def make(data: bytes) -> str:
        read, write = os.pipe()
        opened.append(read)

        def fill():
            with os.fdopen(write, "wb") as stream:
                try:
                    stream.write(data)
                except BrokenPipeError:  # the reader stopped at its limit
                    pass

        threading.Thread(target=fill, daemon=True).start()
        return f"/dev/fd/{read}"

    yield make
    for descriptor in opened:
        try:
            os.close(descriptor)
        except OSError:
            pass


SJIS_LIST = "機能番号,機能名,対応\r\nA-1,転入届の受付,○\r\nA-2,住民票の写しの交付,△\r\n".encode("cp932")


def test_a_pipe_is_read_once_whole(cli, pipe, tmp_path):
    """`gapcheck inventory inspect <(nkf -s list.csv)`: the header is not cut by the format sniffer."""
    output = cli("inventory", "inspect", pipe(SJIS_LIST)).output
    assert "(csv, cp932)" in output and "features: 2" in output and "header row 1" in output, output
    result = cli("check", "--spec", pipe(JUKI.read_bytes()), "--inventory", pipe(INVENTORY.read_bytes()),
                 "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert read_result_json(tmp_path / "out")["inventory"]["features"] == len(read_inventory(INVENTORY).features)
    rows = "\n".join(",".join(row) for row in GOOD_SPEC_ROWS).encode()
    result = cli("spec", "import", pipe(rows), "--area", "住民記録", "--version", "第1.0版", "-o", tmp_path / "spec.json")
    assert result.exit_code == 0 and len(load_spec(tmp_path / "spec.json").requirements) == 1, result.output


def test_a_pipe_beyond_the_limit_is_refused(cli, pipe, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_CSV_BYTES", 1000)
    path = pipe(SJIS_LIST * 100)
    assert_refused(cli("inventory", "inspect", path), path,
                   r"refused: this input is not a regular file \(a pipe\?\) and holds more than 1,000 bytes.*"
                   r"save it to a file first")


# --- odd but valid: a stray value far away is reported, and the list is read ---------------------------

ODD = {entry.name: entry for entry in odd_entries()}


@pytest.mark.parametrize("name", ODD)
def test_a_stray_cell_far_away_is_reported_and_the_list_read(cli, corpus, tmp_path, name):
    folder, _ = corpus
    path, warns = folder / name, ODD[name].warns
    inspected = cli("inventory", "inspect", path, "--features", "0", "--lang", "en")
    assert inspected.exit_code == 0, inspected.output
    assert "features: 80" in inspected.output and re.search(warns, inspected.output), inspected.output
    if name.endswith(".ods"):  # read cell by cell, it still knows a hidden sheet
        assert "旧機能一覧: skipped, hidden sheet" in inspected.output, inspected.output
    imported = cli("--lang", "en", "spec", "import", path, "--area", "住民記録", "--version", "第1.0版",
                   "-o", tmp_path / "spec.json")
    assert imported.exit_code == 0, imported.output
    assert re.search(rf"warning: {re.escape(str(path))}, {warns}", imported.output), imported.output
    assert len(load_spec(tmp_path / "spec.json").requirements) == 80
    checked = cli("check", "--spec", tmp_path / "spec.json", "--inventory", path, "--out", tmp_path / "out")
    assert checked.exit_code == 0, checked.output
    warnings = [warning_from_json(w) for w in read_result_json(tmp_path / "out")["inventory"]["warnings"]]
    assert {w.note.code for w in warnings} <= {"cell_left_out", "cells_left_out"}, warnings  # codes, not sentences
    assert any(re.search(warns, warning_text(w, "en")) for w in warnings), warnings


LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (600 << 20, 600 << 20))
from gapcheck.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("name", ODD)
def test_a_value_far_away_is_read_within_600_megabytes_of_address_space(corpus, name):
    """python-calamine would ask for 550 GB for XFD1048576 and abort the process (SIGABRT, which no
    except catches), and hold about 1 GB for an .xls's IV65536 as it opens the file."""
    folder, _ = corpus
    done = subprocess.run([sys.executable, "-c", LIMITED, "inventory", "inspect", str(folder / name), "--features", "0",
                           "--lang", "en"],
                          capture_output=True, text=True, timeout=120)  # a guard against a hang; it takes about a second
    assert done.returncode == 0, done.stderr
    assert "features: 80" in done.stdout and re.search(ODD[name].warns, done.stdout), done.stdout


# --- the samples as LibreOffice saves them read the same -----------------------------------------------

SOURCES = office_sources()
MERGED = "merged.xlsx"  # merged_sections
MERGED_STRAY = "merged-stray.xlsx"  # merged_sections with a value at IV65536, the last cell of an .xls
TYPES = "value-types.xlsx"


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed, so the corpus has no office-suite saves; "
                    ".ci/run installs Debian's libreoffice-calc-nogui")
    folder = tmp_path_factory.mktemp("office")
    merged_sections(folder / MERGED)
    merged_sections(folder / MERGED_STRAY, "IV65536")
    value_types(folder / TYPES)
    made = [OfficeSource(folder / name, "inventory") for name in (MERGED, MERGED_STRAY, TYPES)]
    return office_saves(folder, [*SOURCES, *made])


def _features(inventory) -> list[tuple]:
    """Everything read of each feature but its sheet's name (a CSV's is its file name)."""
    return [(f.key, f.row, f.name, f.text, f.section, f.refs, f.bad_refs, f.support, f.support_raw, f.notes, f.vendor_id)
            for f in inventory.features]


@pytest.mark.parametrize("fmt", OFFICE_FORMATS)
@pytest.mark.parametrize("source", SOURCES, ids=[s.path.name for s in SOURCES])
def test_a_save_by_libreoffice_reads_the_same_as_the_original(office, source, fmt):
    saved = office[(source.path.name, fmt)]
    if source.kind == "inventory":
        original, copy = (read_inventory(p, layout=source.layout) for p in (source.path, saved))
        assert copy.format == fmt and len(copy.features) == len(original.features) > 0
        assert _features(copy) == _features(original)
        assert copy.kind == original.kind
    else:
        (original, _), (copy, _) = (import_spec([p], area="住民記録", version="第1.0版") for p in (source.path, saved))
        assert len(copy.requirements) == len(original.requirements) > 0
        assert copy.requirements == original.requirements


@pytest.mark.parametrize("cell_by_cell", [False, True], ids=["calamine", "cell-by-cell"])
@pytest.mark.parametrize("fmt", OFFICE_FORMATS)
def test_hidden_rows_and_columns_are_reported_from_every_format(office, fmt, cell_by_cell, monkeypatch):
    """calamine reports hidden rows and columns for an .xlsx only: for LibreOffice's .xls and .ods
    saves of the messy sample (a hidden row, a hidden column) they are found in the file's records
    or bytes, whether calamine reads the cells or they are read cell by cell."""
    source = next(s for s in SOURCES if s.path.name == "juki-messy.xlsx")
    original = read_inventory(source.path, layout=source.layout)
    if cell_by_cell:  # as if every sheet were huge
        xls, xlsx = extent.xls_scan, workbook._scan_xlsx
        monkeypatch.setattr(extent, "xls_scan", lambda data: {n: s._replace(huge=True) for n, s in xls(data).items()})
        monkeypatch.setattr(extent, "ods_suspect", lambda content: True)
        monkeypatch.setattr(workbook, "_scan_xlsx", lambda *a: {n: s._replace(huge=True) for n, s in xlsx(*a).items()})
    saved = read_inventory(office[(source.path.name, fmt)], layout=source.layout)
    assert saved.format == fmt and len(saved.features) == len(original.features)
    [used], [used_saved] = ([s for s in i.sheets if s.used] for i in (original, saved))
    assert used.hidden_rows and used.hidden_columns  # the sample hides a row and a column
    assert (used_saved.hidden_rows, used_saved.hidden_columns) == (used.hidden_rows, used.hidden_columns)


@pytest.mark.parametrize("name", [MERGED, MERGED_STRAY])
@pytest.mark.parametrize("fmt", OFFICE_FORMATS)
def test_merged_cells_are_read_from_every_format(office, tmp_path, fmt, name):
    """LibreOffice's save of a list whose sections only its merged cells tell apart reads the same as
    the original read by calamine; also with a value at IV65536 (so that every format is read cell
    by cell), which is reported."""
    merged_sections(tmp_path / "twin.xlsx")
    twin = read_inventory(tmp_path / "twin.xlsx")
    assert [f.section for f in twin.features] == [
        (system, group) for system, groups in MERGED_SECTIONS.items() for group in groups for _ in range(3)
    ]
    saved = read_inventory(office[(name, fmt)])
    assert saved.format == fmt and _features(saved) == _features(twin)
    far = Note("cell_left_out", {"kept": "A1:D16", "cells": "IV65536 ('x')"})
    assert [w.note for w in saved.warnings] == ([far] if name == MERGED_STRAY else []), saved.warnings


def test_the_merged_cells_of_an_ods_are_found_in_its_bytes_as_its_xml_says(office):
    """calamine reports no merged cells for an .ods: they are found in content.xml's bytes
    (extent.ods_merges), the same as the XML parser finds them (extent.ods_sheets)."""
    with_merges = 0
    for (name, fmt), path in office.items():
        if fmt != "ods":
            continue
        with zipfile.ZipFile(path) as archive:
            found = extent.ods_merges(archive.read("content.xml"))
            parsed = {sheet: s.merged for sheet, s in extent.ods_sheets(archive).items() if s.merged}
        assert found == parsed, name
        with_merges += bool(found)
    assert with_merges >= 5  # juki-catalog, juki-messy, merged, merged-stray, value-types (and a real item definition)


def test_merged_cells_in_repeated_rows_and_cells_are_found_as_the_xml_says(tmp_path):
    """Spans in a header row group, in repeated rows and repeated cells, and many in one row."""
    def cell(attributes: str = "") -> str:
        return f"<table:table-cell {attributes}/>"

    rows = ("<table:table-header-rows><table:table-row>" + cell() + "</table:table-row></table:table-header-rows>"
            '<table:table-row table:number-rows-repeated="2">' + cell()
            + cell('table:number-columns-repeated="2" table:number-columns-spanned="2"') + "<table:covered-table-cell/>"
            + cell('table:number-columns-spanned="3"') + "</table:table-row>"
            '<table:table-row table:number-rows-repeated="5">' + cell() + "</table:table-row>"
            + "<table:table-row>" + (cell('table:number-columns-spanned="2"') + "<table:covered-table-cell/>") * 500
            + "</table:table-row><table:table-row>" + cell() + cell('table:number-rows-spanned="3"') + "</table:table-row>")
    content = (f'<office:document-content {ODS_NS}><office:body><office:spreadsheet>'
               f'<table:table table:name="a&amp;b">{rows}</table:table></office:spreadsheet></office:body>'
               "</office:document-content>")
    with zipfile.ZipFile(tmp_path / "spans.ods", "w") as archive:
        archive.writestr("content.xml", content)
    with zipfile.ZipFile(tmp_path / "spans.ods") as archive:
        parsed = {name: s.merged for name, s in extent.ods_sheets(archive).items()}
    found = extent.ods_merges(content.encode())
    assert found == parsed and len(found["a&b"]) == 2 * 3 + 500 + 1
    assert found["a&b"][:3] == [(1, 1, 1, 2), (1, 2, 1, 3), (1, 4, 1, 6)] and found["a&b"][-1] == (9, 1, 11, 1)


def _cells(book: workbook.Workbook) -> list[tuple]:
    return [(s.name, s.visible, sorted(s.merged), s.stray,
             {(r, c): v for r, row in enumerate(s.rows) for c, v in enumerate(row) if not workbook.blank(v)})
            for s in book.sheets]


@pytest.mark.parametrize("name", [s.path.name for s in SOURCES] + [TYPES])
def test_an_xls_read_by_xlrd_holds_what_calamine_reads(office, name, monkeypatch):
    """xlrd, which reads the .xls sheets whose area is huge, gives LibreOffice's .xls saves the values
    (of every type), merged cells and sheet visibility that calamine gives them."""
    saved = office[(name, "xls")]
    assert not any(s.huge for s in extent.xls_scan(saved.read_bytes()).values())  # an ordinary .xls is read by calamine
    by_calamine = workbook.read_workbook(saved)
    monkeypatch.setattr(extent, "xls_scan", lambda data: {"一覧": extent.Scan(True, frozenset(), frozenset())})
    by_xlrd = workbook.read_workbook(saved)
    assert by_xlrd.format == by_calamine.format == "xls"
    assert _cells(by_xlrd) == _cells(by_calamine)
