"""gapcheck.frames and `gapcheck export`: the documented columns, and figures that agree with the
result.json files they come from."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from support.files import INVENTORIES, SPECS
from support.planning import write_city
from support.reports import HOSTILE_NAME, sample_report, write_check

import gapcheck.frames as gf
from gapcheck.errors import InputError
from gapcheck.files.result_json import read_result, read_result_json
from gapcheck.model import SystemInfo
from gapcheck.outputs import frames as frame_outputs


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> Path:
    return write_city(tmp_path_factory.mktemp("frames"))


@pytest.fixture(scope="module")
def check(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("one") / "juki"
    write_check(folder, sample_report(system=SystemInfo(name="住記", municipality="テスト市")))
    return folder


def test_documented_tables_and_columns():
    assert gf.TABLES == ("checks", "requirements", "features", "matches", "gap_items")
    assert gf.CHECK_COLUMNS == ("municipality_code", "municipality", "area", "system", "vendor", "edition", "role",
                                "counted", "folder")
    docs = (Path(__file__).resolve().parents[1] / "docs" / "python-api.md").read_text("utf-8")
    for name, columns in gf.COLUMNS.items():
        assert f"`{name}`" in docs, name
        for column in columns:
            assert f"`{column}`" in docs, (name, column)


def test_one_check_agrees_with_its_result_json(check):
    document, raw = read_result(check), read_result_json(check)
    requirements = gf.requirements(document)
    assert list(requirements.columns) == list(gf.COLUMNS["requirements"])
    assert list(requirements["id"]) == [r["id"] for r in raw["requirements"]]
    assert list(requirements["verdict"]) == [r["verdict"] for r in raw["requirements"]]
    assert list(requirements["features"]) == [len(r["features"]) for r in raw["requirements"]]
    assert requirements["verdict"].value_counts().to_dict() == {v: n for v, n in raw["summary"]["totals"].items() if n}
    features = gf.features(document)
    assert list(features.columns) == list(gf.COLUMNS["features"])
    assert list(zip(features["key"], features["sheet"], features["row"], features["status"])) == [
        (f["key"], f["sheet"], f["row"], f["status"]) for f in raw["features"]
    ]
    assert HOSTILE_NAME in set(features["name"])  # text as typed
    matches = gf.matches(document)
    assert list(matches.columns) == list(gf.COLUMNS["matches"])
    assert sorted(zip(matches["feature"], matches["requirement"])) == sorted(
        (f["key"], m["requirement"]) for f in raw["features"] for m in f["matches"])
    assert features["requirements"].str.split().str.len().fillna(0).sum() == len(matches)


def test_gap_items_carry_the_answers(town):
    document, raw = read_result(town / "juki-1.1"), read_result_json(town / "juki-1.1")
    items = gf.gap_items(document)
    assert list(items.columns) == list(gf.COLUMNS["gap_items"])
    answers = {a["target"]: a for a in raw["answers"]["items"]}
    assert set(items["target"]) == {"0010002", "0010003", "0010004", "0010005", "0010007", "X-1"}
    for row in items.itertuples():
        answer = answers.get(row.target)
        assert (row.policy if isinstance(row.policy, str) else None) == (answer or {}).get("policy"), row.target
        cost = None if pd.isna(row.cost_thousand_yen) else int(row.cost_thousand_yen)
        assert cost == (answer or {}).get("cost_thousand_yen"), row.target
    assert items.set_index("target").loc["0010002", "due"] == pd.Timestamp("2025-12-01")
    assert items.set_index("target").loc["0010003", "fiscal_year"] == 2025


def test_a_folder_as_one_frame(town):
    frame = gf.results(town)
    assert list(frame.columns) == [*gf.CHECK_COLUMNS, *gf.COLUMNS["requirements"]]
    assert len(frame) == sum(len(read_result_json(town / f)["requirements"]) for f in ("juki-1.0", "juki-1.1", "juki-b", "inkan"))
    counted = frame[frame["counted"]]
    assert set(zip(counted["system"], counted["edition"])) == {("住記A", "第1.1版"), ("印鑑C", "第1.0版")}
    assert set(frame["role"]) == {"current", "candidate", "superseded"}
    assert frame.loc[frame["id"] == "0010003", "effective_from"].iloc[0] == pd.Timestamp("2026-10-01")
    checks = gf.results(town, "checks").set_index("system")
    assert list(gf.results(town, "checks").columns) == list(gf.COLUMNS["checks"])
    assert checks.loc["印鑑C", "planned"] == pd.Timestamp("2027-01-04") and checks.loc["印鑑C", "gap_items"] == 2
    # the budget's figures from the frame, as an analyst would compute them
    gaps = gf.results(town, "gap_items")
    current = gaps[gaps["counted"]]
    assert int(current["cost_thousand_yen"].sum()) == 1200 + 800 + 0 + 300 + 2000


def test_a_portfolio_as_one_frame(town, tmp_path):
    portfolio = tmp_path / "portfolio.toml"
    portfolio.write_text(
        f'''[[municipalities]]
code = "990001"
name = "テスト市"

[[systems]]
area = "住民記録"
spec = "{(SPECS / 'juki-1.0.json').as_posix()}"
inventory = "{(INVENTORIES / 'juki-catalog.xlsx').as_posix()}"
folder = "juki-1.1"

[[systems]]
area = "印鑑登録"
spec = "{(SPECS / 'inkan-1.0.json').as_posix()}"
inventory = "{(INVENTORIES / 'inkan-tekigo.xlsx').as_posix()}"
folder = "inkan"
''',
        "utf-8",
    )
    frame = gf.results(portfolio, "checks", out=town)
    assert list(frame["system"]) == ["住記A", "印鑑C"]  # in the portfolio's order
    with pytest.raises(InputError, match="no such folder"):
        gf.results(portfolio, out=tmp_path / "nowhere")


def test_export_csv_xlsx_and_parquet(cli, check, tmp_path):
    csv = tmp_path / "requirements.csv"
    result = cli("export", check, "-o", csv)
    assert result.exit_code == 0, result.output
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM as UTF-8
    read = pd.read_csv(csv, encoding="utf-8-sig", dtype=str)
    assert list(read.columns) == [*gf.CHECK_COLUMNS, *gf.COLUMNS["requirements"]]
    assert list(read["id"]) == [r["id"] for r in read_result_json(check)["requirements"]]

    # text Excel would take for a formula keeps a leading apostrophe in CSV; the frames keep it as it is
    hostile = pd.DataFrame({"name": ['=HYPERLINK("http://example.com")', "-1 件", "普通の名前"], "n": [1, 2, 3]})
    lines = frame_outputs.to_csv(hostile).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["\"'=HYPERLINK(\"\"http://example.com\"\")\",1", "'-1 件,2", "普通の名前,3"]

    xlsx = tmp_path / "all.xlsx"
    assert cli("export", check, "-o", xlsx).exit_code == 0
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == list(gf.TABLES)
    assert [c.value for c in book["matches"][1]] == [*gf.CHECK_COLUMNS, *gf.COLUMNS["matches"]]
    assert not any(c.data_type == "f" for row in book["features"].iter_rows() for c in row)

    parquet = tmp_path / "matches.parquet"
    assert cli("export", check, "-o", parquet, "--table", "matches").exit_code == 0
    back = pd.read_parquet(parquet)
    expected = gf.results(check, "matches")
    assert list(back["requirement"]) == list(expected["requirement"]) and list(back["score"]) == list(expected["score"])


def test_parquet_without_pyarrow_says_so(cli, check, tmp_path, monkeypatch):
    monkeypatch.setattr(frame_outputs, "parquet_available", lambda: False)
    monkeypatch.setattr("gapcheck.cli.export.parquet_available", lambda: False)
    result = cli("export", check, "-o", tmp_path / "x.parquet")
    assert result.exit_code == 2 and "needs pyarrow" in result.output and not (tmp_path / "x.parquet").exists()
    with pytest.raises(Exception, match="needs the pyarrow package"):
        frame_outputs.to_parquet(gf.results(check, "matches"))


@pytest.mark.parametrize("name, message", [("x.json", "cannot tell the format"), ("x", "cannot tell the format")])
def test_export_names_what_it_cannot_write(cli, check, tmp_path, name, message):
    result = cli("export", check, "-o", tmp_path / name)
    assert result.exit_code == 2 and message in result.output and not (tmp_path / name).exists()


def test_empty_csv_header_only():
    empty = frame_outputs.combined([], "requirements")
    text = io.StringIO(frame_outputs.to_csv(empty).decode("utf-8-sig")).read()
    assert text.strip() == ",".join([*gf.CHECK_COLUMNS, *gf.COLUMNS["requirements"]])
