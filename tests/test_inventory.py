"""The inventory reader on real files: the shipped samples against their answer key, and workbooks
made here for each kind of mess vendors' files contain."""

import dataclasses
import json
import random
import zipfile

import pytest
from support.bad_inputs import raw_xlsx
from support.files import INVENTORIES, make_xlsx

from gapcheck.errors import InputError, ProblemsError
from gapcheck.model import Feature, HiddenColumn, InventoryKind, Note, Support
from gapcheck.notes import text, warning_text
from gapcheck.readers.inventory import _Row, load_layout, parse_refs, read_inventory
from gapcheck.rules.vocabulary import parse_support

ANSWERS = json.loads((INVENTORIES / "expected.json").read_text(encoding="utf-8"))


def _warnings(inventory):
    """The inventory's warnings as sentences in English."""
    return [warning_text(w, "en") for w in inventory.warnings]


def _read_sample(name):
    entry = ANSWERS["files"][name]
    layout = INVENTORIES / entry["layout"] if "layout" in entry else None
    return read_inventory(INVENTORIES / name, layout=layout), entry


@pytest.mark.parametrize("name", sorted(ANSWERS["files"]))
def test_samples_read_as_their_answer_key_says(name):
    inventory, entry = _read_sample(name)
    expected = ANSWERS["files"][entry.get("same_as", name)]["features"]
    assert inventory.kind.value == entry["kind"]
    assert [f.key for f in inventory.features] == [e["key"] for e in expected]
    csv = name.endswith(".csv")
    for feature, answer in zip(inventory.features, expected):
        assert feature.row == answer["row"], answer["key"]
        assert feature.sheet == (inventory.sheets[0].name if csv else answer["sheet"])
        assert list(feature.section) == answer["section"], answer["key"]
        assert feature.name == answer["name"]
        assert list(feature.refs) == answer["refs"], answer["key"]
        assert list(feature.bad_refs) == answer.get("bad_refs", []), answer["key"]
        assert feature.support_raw == answer["mark"]
        expected_support = Support.CUSTOM if answer["mark"] == "C" else parse_support(answer["mark"])
        assert feature.support is expected_support, answer["key"]


def _build_into(folder, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build", INVENTORIES / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "HERE", folder)
    build.main()


def test_samples_are_rebuilt_deterministically(tmp_path, monkeypatch):
    """Two builds give the same bytes; the text files are the committed ones, and the workbooks
    read the same (their bytes depend on the openpyxl version that writes them)."""
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        _build_into(folder, monkeypatch)
    names = sorted(p.name for p in first.iterdir())
    assert len(names) == 6 and set(names) <= {p.name for p in INVENTORIES.iterdir()}
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        if name.endswith((".csv", ".json")):
            assert (first / name).read_bytes() == (INVENTORIES / name).read_bytes(), name
        else:
            assert read_inventory(first / name).features == read_inventory(INVENTORIES / name).features


def test_messy_sample_without_its_layout_warns_about_the_unknown_mark():
    inventory = read_inventory(INVENTORIES / "juki-messy.xlsx")
    unknown = [f for f in inventory.features if f.support_raw == "C"]
    assert unknown and all(f.support is None for f in unknown)
    rows = ", ".join(str(f.row) for f in unknown)
    assert f"sheet '機能一覧' rows {rows}, column G: unknown support mark 'C'" in "\n".join(_warnings(inventory))


def test_messy_sample_reports_what_it_skipped_and_hid():
    inventory, _ = _read_sample("juki-messy.xlsx")
    used = {s.name: s for s in inventory.sheets}
    assert not used["凡例"].used and not used["改版履歴"].used and not used["表紙"].used
    sheet = used["機能一覧"]
    assert sheet.header_rows == (5, 6)
    assert sheet.columns["ref"] == "標準仕様書との対応 / 機能ID (F)"
    assert sheet.columns["section"] == "中分類 (B)"
    assert sheet.hidden_columns == (HiddenColumn("E 旧システム機能コード"),)
    hidden = [e["row"] for e in ANSWERS["files"]["juki-messy.xlsx"]["features"] if e["hidden"]]
    assert list(sheet.hidden_rows) == hidden
    reasons = {s.row: s.reason for s in inventory.skipped}
    assert reasons[7] == Note("section_heading", {"text": "■ 住民異動"})
    assert reasons[19] == Note("blank_row")
    assert (text(reasons[7], "en"), text(reasons[7], "ja")) == ("section heading «■ 住民異動»", "見出し行「■ 住民異動」")
    warnings = "\n".join(_warnings(inventory))
    assert "'001-0151' has characters other than digits" in warnings
    assert "looks like a range" in warnings


# --- layouts made here ---------------------------------------------------------------------------------


def test_title_rows_merged_two_row_header_headings_and_hidden_column(tmp_path):
    rows = [
        ["住民記録システム 機能一覧"],
        [],
        ["No", "機能", None, "標準仕様書", None, "旧機能名", "備考"],
        [None, "機能名", "説明", "機能ID", "対応可否", None, None],
        ["1. 住民異動"],
        [1, "転入異動\n入力", "転入届を処理する。", "0010021", "○", "転入処理(旧)", None],
        [2, "ﾃﾝｷｮ入力", "転居を処理する。", "10023", "△", None, "一部手作業"],
        [],
        ["2. 証明"],
        [1, "住民票発行（窓口）", "写しを交付する。", "0010101、0010107", "○", None, None],
    ]

    def setup(workbook):
        sheet = workbook["一覧"]
        for merged in ["A3:A4", "B3:C3", "D3:E3", "F3:F4", "G3:G4", "A5:G5", "A9:G9"]:
            sheet.merge_cells(merged)
        sheet.column_dimensions["F"].hidden = True

    inventory = read_inventory(make_xlsx(tmp_path / "v.xlsx", {"一覧": rows}, setup))
    first, second, third = inventory.features
    assert inventory.sheets[0].header_rows == (3, 4)
    assert inventory.sheets[0].hidden_columns == (HiddenColumn("F 旧機能名"),)
    assert inventory.sheets[0].notes == (Note("key_counts_rows", {"column": "No (A)"}),)  # No restarts at 1 per section
    assert first.name == "転入異動\n入力" and first.key == "住民異動/転入異動入力"
    assert first.section == ("1. 住民異動",) and first.row == 6
    assert second.name == "ﾃﾝｷｮ入力" and second.key == "住民異動/テンキョ入力"
    assert second.refs == ("0010023",) and second.support is Support.PARTIAL and second.notes == "一部手作業"
    assert third.section == ("2. 証明",) and third.key == "証明/住民票発行(窓口)"
    assert third.refs == ("0010101", "0010107")
    assert inventory.kind is InventoryKind.CATALOG  # several IDs in a cell: not one per row


def test_a_weaker_header_like_row_above_does_not_hide_the_two_row_header(tmp_path):
    """A note row naming two roles is a header candidate; the real header below still wins."""
    rows = [
        ["機能名", "備考"],
        [],
        ["機能名", "対応状況", None],
        [None, None, "備考"],
        ["転入届の受付", "○", "窓口のみ"],
    ]
    inventory = read_inventory(make_xlsx(tmp_path / "v.xlsx", {"一覧": rows}))
    assert inventory.sheets[0].header_rows == (3, 4)
    (feature,) = inventory.features
    assert (feature.name, feature.support, feature.notes, feature.row) == ("転入届の受付", Support.FULL, "窓口のみ", 5)


def test_nested_headings_and_section_columns(tmp_path):
    rows = [
        ["大分類", "中分類", "機能名", "機能概要", "対応"],
        ["【住民記録】"],
        ["住民異動", "届出", "転入入力", "転入を処理する。", "○"],
        [None, None, "転出入力", "転出を処理する。", "○"],
        [None, "職権", "職権記載", "職権で記載する。", "○"],
        ["証明", None, "住民票発行", "写しを交付する。", "○"],
        ["【印鑑登録】"],
        [None, None, "印鑑登録受付", "登録を受け付ける。", "×"],
    ]
    features = read_inventory(make_xlsx(tmp_path / "v.xlsx", {"機能一覧": rows})).features
    assert [f.section for f in features] == [
        ("住民記録", "住民異動", "届出"),
        ("住民記録", "住民異動", "届出"),
        ("住民記録", "住民異動", "職権"),
        ("住民記録", "証明"),  # a new 大分類 clears the 中分類 above
        ("印鑑登録",),  # a heading row starts afresh
    ]
    assert features[0].key == "住民記録/住民異動/届出/転入入力"


def test_outline_numbers_nest_and_leave_keys_alone(tmp_path):
    rows = [
        ["機能名", "説明", "対応"],
        ["1. 住民異動"],
        ["1.1 届出"],
        ["転入入力", "転入を処理する。", "○"],
        ["1.2 職権"],
        ["職権記載", "職権で記載する。", "○"],
        ["2. 証明"],
        ["住民票発行", "写しを交付する。", "○"],
    ]
    renumbered = [rows[0], ["3. 住民異動"], ["3.1 届出"], *rows[3:4], ["3.2 職権"], *rows[5:6], ["4. 証明"], rows[7]]
    features = read_inventory(make_xlsx(tmp_path / "a.xlsx", {"一覧": rows})).features
    assert [f.section for f in features] == [("1. 住民異動", "1.1 届出"), ("1. 住民異動", "1.2 職権"), ("2. 証明",)]
    assert [f.key for f in features] == ["住民異動/届出/転入入力", "住民異動/職権/職権記載", "証明/住民票発行"]
    again = read_inventory(make_xlsx(tmp_path / "b.xlsx", {"一覧": renumbered})).features
    assert [f.key for f in again] == [f.key for f in features]


def test_keys_survive_resorting_and_inserted_rows(tmp_path):
    header = ["No", "業務", "機能名", "機能概要", "対応"]
    body = [[i + 1, business, name, f"{name}を行う。", "○"] for i, (business, name) in enumerate(
        [("異動", "転入異動入力"), ("異動", "転出異動入力"), ("証明", "住民票発行"), ("証明", "除票発行"),
         ("照会", "世帯照会"), ("照会", "世帯照会")])]
    before = read_inventory(make_xlsx(tmp_path / "a.xlsx", {"一覧": [header, *body]}))
    shuffled = body[:4]
    random.Random(3).shuffle(shuffled)
    shuffled = [["新規", "窓口混雑表示", "待ち時間を表示する。", "○"], *[row[1:] for row in shuffled], *[r[1:] for r in body[4:]]]
    after = read_inventory(make_xlsx(tmp_path / "b.xlsx", {"一覧": [header, *[[i + 1, *r] for i, r in enumerate(shuffled)]]}))
    keys_before = {f.key: (f.section, f.name) for f in before.features}
    keys_after = {f.key: (f.section, f.name) for f in after.features}
    assert [f.row for f in before.features] != [after.by_key[f.key].row for f in before.features]
    assert keys_before.items() <= keys_after.items()
    assert "新規/窓口混雑表示" in keys_after
    assert [f.key for f in before.features][-2:] == ["照会/世帯照会", "照会/世帯照会#2"]
    assert any("'世帯照会' in 照会 is listed again" in w for w in _warnings(before))


def test_vendor_ids_are_keys_and_running_numbers_are_not(tmp_path):
    rows = [["機能番号", "機能名", "対応"], ["ＪＫ－００１", "転入入力", "○"], ["JK-002 ", "転出入力", "○"],
            ["JK-002", "転居入力", "○"]]
    inventory = read_inventory(make_xlsx(tmp_path / "v.xlsx", {"一覧": rows}))
    assert [f.key for f in inventory.features] == ["JK-001", "JK-002", "JK-002#2"]
    assert inventory.features[0].vendor_id == "ＪＫ－００１"
    assert any("vendor ID 'JK-002' is listed again (first at sheet '一覧' row 3); keyed 'JK-002#2'" in w
               for w in _warnings(inventory))
    counting = [["No", "機能名", "対応"], [1, "転入入力", "○"], [2, "転出入力", "○"], [3, "転居入力", "○"]]
    inventory = read_inventory(make_xlsx(tmp_path / "n.xlsx", {"一覧": counting}))
    assert [f.key for f in inventory.features] == ["転入入力", "転出入力", "転居入力"]
    assert inventory.features[0].vendor_id is None


def test_a_kinou_id_column_is_the_standards_or_the_vendors_by_its_values(tmp_path):
    vendor = [["機能ID", "機能名", "対応"], ["A-0101", "転入入力", "○"], ["A-0102", "転出入力", "○"]]
    inventory = read_inventory(make_xlsx(tmp_path / "a.xlsx", {"一覧": vendor}))
    assert [f.key for f in inventory.features] == ["A-0101", "A-0102"]
    assert all(f.refs == () and f.bad_refs == () for f in inventory.features)
    assert "holds the vendor's own numbers" in text(inventory.sheets[0].notes[0], "en")
    standard = [["機能ID", "機能名", "対応"], ["0010021", "転入入力", "○"], [10022, "転出入力", "×"]]
    inventory = read_inventory(make_xlsx(tmp_path / "b.xlsx", {"一覧": standard}))
    assert [f.refs for f in inventory.features] == [("0010021",), ("0010022",)]
    assert inventory.kind is InventoryKind.CONFORMANCE and [f.key for f in inventory.features] == ["0010021", "0010022"]


def test_kind_conformance_needs_one_id_per_row(tmp_path):
    header = ["標準機能ID", "機能名", "対応状況"]
    one_each = [header, ["0010021", "転入", "○"], ["0010022", "転出", "×"], ["0010023", "転居", None]]
    inventory = read_inventory(make_xlsx(tmp_path / "a.xlsx", {"一覧": one_each}))
    assert inventory.kind is InventoryKind.CONFORMANCE
    assert "cites one standard ID in 3 of 3 rows" in text(inventory.kind_reason, "en")
    assert inventory.features[2].support is None
    repeated = [*one_each, ["0010021", "転入（特例）", "○"]]
    inventory = read_inventory(make_xlsx(tmp_path / "b.xlsx", {"一覧": repeated}))
    assert inventory.kind is InventoryKind.CATALOG and "1 IDs are cited again" in text(inventory.kind_reason, "en")
    inventory = read_inventory(tmp_path / "b.xlsx", layout={"kind": "conformance"})
    assert inventory.kind is InventoryKind.CONFORMANCE and inventory.kind_reason == Note("kind_layout")
    assert [f.key for f in inventory.features][-1] == "0010021#2"
    with_key = [["管理番号", *header], ["K1", "0010021", "転入", "○"], ["K2", "0010022", "転出", "○"]]
    inventory = read_inventory(make_xlsx(tmp_path / "c.xlsx", {"一覧": with_key}))
    assert inventory.kind is InventoryKind.CATALOG and "vendor's own IDs" in text(inventory.kind_reason, "en")


@pytest.mark.parametrize(
    "marks, support",
    [
        (["○", "〇", "◯", "●", "対応"], Support.FULL),
        (["△", "▲", "一部対応"], Support.PARTIAL),
        (["×", "✕", "ー", "－", "未対応", "対応不可"], Support.NONE),
        (["カスタマイズ", "ｶｽﾀﾏｲｽﾞ"], Support.CUSTOM),
    ],
)
def test_support_marks(tmp_path, marks, support):
    rows = [["機能名", "対応状況"], *[[f"機能{i}", mark] for i, mark in enumerate(marks)], ["機能X", None]]
    features = read_inventory(make_xlsx(tmp_path / "m.xlsx", {"一覧": rows})).features
    assert [f.support for f in features] == [support] * len(marks) + [None]
    assert [f.support_raw for f in features] == [*marks, ""]


def test_layout_support_marks_and_unknown_marks(tmp_path):
    rows = [["機能名", "対応状況"], ["転入", "◇"], ["転出", "◇"], ["転居", "可"]]
    path = make_xlsx(tmp_path / "m.xlsx", {"一覧": rows})
    inventory = read_inventory(path)
    assert [f.support for f in inventory.features] == [None, None, None]
    assert "sheet '一覧' rows 2, 3, column B: unknown support mark '◇'" in _warnings(inventory)[0]
    assert "sheet '一覧' row 4, column B: unknown support mark '可'" in _warnings(inventory)[1]
    inventory = read_inventory(path, layout={"support_marks": {"◇": "partial", "可": "full"}})
    assert [f.support for f in inventory.features] == [Support.PARTIAL, Support.PARTIAL, Support.FULL]
    assert inventory.warnings == ()


@pytest.mark.parametrize(
    "cell, refs, bad",
    [
        ("0010003、0010004", ("0010003", "0010004"), ()),
        ("0010003,0010004／0010005\n0010006", ("0010003", "0010004", "0010005", "0010006"), ()),
        (10001, ("0010001",), ()),
        (10001.0, ("0010001",), ()),
        ("０２０００２１", ("0200021",), ()),
        ("0010021（一部）", ("0010021",), ()),
        ("帳票:0012001", ("0012001",), ()),
        ("－", (), ()),
        ("該当なし", (), ()),
        ("00100010", (), ("00100010",)),
        ("0200O81", (), ("0200O81",)),
        ("001-0151", (), ("001-0151",)),
        (123, (), ("123",)),
    ],
)
def test_cited_ids(cell, refs, bad):
    found, invalid, _ = parse_refs(cell)
    assert found == refs
    assert tuple(token for token, _ in invalid) == bad


def test_bad_and_ranged_ids_are_warned_with_their_cell(tmp_path):
    rows = [["機能名", "標準機能ID"], ["転入", "00100010"], ["検索", "0010141～0010143"], ["照会", "0010151〜0010152"]]
    inventory = read_inventory(make_xlsx(tmp_path / "r.xlsx", {"一覧": rows}))
    first, second, third = inventory.features
    assert first.bad_refs == ("00100010",) and first.refs == ()
    assert second.refs == ("0010141", "0010143") and third.refs == ("0010151", "0010152")
    assert _warnings(inventory) == [
        "sheet '一覧' row 2, column B: '00100010' has 8 digits; a standard ID has 7; not taken as a standard ID",
        "sheet '一覧' row 3, column B: '0010141～0010143' looks like a range; only its two ends were taken (list every ID)",
        "sheet '一覧' row 4, column B: '0010151～0010152' looks like a range; only its two ends were taken (list every ID)",
    ]


def test_rows_without_a_name_repeated_headers_and_notes_only(tmp_path):
    rows = [
        ["機能名", "機能概要", "対応", "備考"],
        ["転入入力", "転入を処理する。", "○", None],
        [None, "説明だけの行", None, None],
        [None, None, None, "※ 次期対応"],
        ["機能名", "機能概要", "対応", "備考"],
        ["転出入力", "転出を処理する。", "○", None],
    ]
    inventory = read_inventory(make_xlsx(tmp_path / "s.xlsx", {"一覧": rows}))
    assert [f.name for f in inventory.features] == ["転入入力", "転出入力"]
    assert [(s.row, s.reason.code) for s in inventory.skipped] == [
        (3, "no_name"), (4, "no_name"), (5, "header_repeated"),
    ]


def test_lone_names_are_features_in_a_list_of_names(tmp_path):
    rows = [["機能名", "対応"], ["■ 異動"], ["転入入力", None], ["転出入力", None], ["転居入力", "○"]]
    features = read_inventory(make_xlsx(tmp_path / "n.xlsx", {"一覧": rows})).features
    assert [(f.section, f.name) for f in features] == [(("異動",), "転入入力"), (("異動",), "転出入力"), (("異動",), "転居入力")]


def test_formulas_give_their_cached_values(tmp_path):
    path = tmp_path / "f.xlsx"
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>機能名</t></is></c><c r="B1" t="inlineStr"><is><t>対応</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>機能ID</t></is></c></row>'
        '<row r="2"><c r="A2" t="str"><f>"転入"&amp;"入力"</f><v>転入入力</v></c><c r="B2" t="str"><f>IF(1,"○","×")</f><v>○</v></c>'
        '<c r="C2"><f>10000+21</f><v>10021</v></c></row></sheetData></worksheet>'
    )

    raw_xlsx(path, shared)
    feature, = read_inventory(path).features
    assert (feature.name, feature.support, feature.refs) == ("転入入力", Support.FULL, ("0010021",))


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp932", b"")])
def test_csv_encodings(tmp_path, encoding, bom):
    text = '機能名,機能概要,対応\r\n転入異動入力,"転入届を処理する。\n転出証明書を取り込む。",○\r\nｶﾅ氏名検索,カナで検索する。,△\r\n'
    path = tmp_path / "v.csv"
    path.write_bytes(bom + text.encode(encoding))
    inventory = read_inventory(path)
    assert inventory.encoding == ("utf-8" if encoding == "utf-8" else "cp932")
    first, second = inventory.features
    assert first.name == "転入異動入力" and first.text == "転入届を処理する。\n転出証明書を取り込む。"
    assert (second.row, second.name, second.key, second.support) == (3, "ｶﾅ氏名検索", "カナ氏名検索", Support.PARTIAL)


def test_ods_xlsm_and_xls(tmp_path):
    import pandas as pd

    frame = pd.DataFrame({"機能名": ["転入異動入力", "証明書発行"], "対応": ["○", "△"]})
    frame.to_excel(tmp_path / "v.ods", engine="odf", index=False, sheet_name="機能一覧")
    make_xlsx(tmp_path / "v.xlsm", {"機能一覧": [["機能名", "対応"], ["転入異動入力", "○"], ["証明書発行", "△"]]})
    xlwt = pytest.importorskip("xlwt", reason="xlwt (test extra) writes the legacy .xls")
    book = xlwt.Workbook()
    sheet = book.add_sheet("機能一覧")
    for r, row in enumerate([["機能名", "対応"], ["転入異動入力", "○"], ["証明書発行", "△"]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(tmp_path / "v.xls"))
    for name, fmt in [("v.ods", "ods"), ("v.xlsm", "xlsx"), ("v.xls", "xls")]:
        inventory = read_inventory(tmp_path / name)
        assert inventory.format == fmt
        assert [(f.key, f.support) for f in inventory.features] == [("転入異動入力", Support.FULL), ("証明書発行", Support.PARTIAL)]


def test_several_list_sheets_prefix_derived_keys(tmp_path):
    sheets = {
        "改版履歴": [["版", "日付", "内容"], ["1.0", "2025/4/1", "初版"]],
        "住民記録": [["機能名", "対応"], ["一覧出力", "○"]],
        "印鑑登録": [["機能名", "対応"], ["一覧出力", "△"]],
        "選択肢": [["対応"], ["○"], ["×"]],
        "戸籍": [["機能名", "対応"]],
    }

    def hide(workbook):
        workbook["選択肢"].sheet_state = "hidden"

    inventory = read_inventory(make_xlsx(tmp_path / "v.xlsx", sheets, hide))
    assert [f.key for f in inventory.features] == ["住民記録/一覧出力", "印鑑登録/一覧出力"]
    assert [(s.name, s.used) for s in inventory.sheets] == [
        ("改版履歴", False), ("住民記録", True), ("印鑑登録", True), ("選択肢", False), ("戸籍", False)]
    assert text(inventory.sheets[-1].reason, "en") == "a header (row 1) but no data rows below it"
    only = read_inventory(tmp_path / "v.xlsx", sheet="印鑑登録")
    assert [f.key for f in only.features] == ["一覧出力"]


def test_column_overrides_and_layout_file(tmp_path):
    rows = [["管理項目", "タイトル", "詳細説明", "判定", "階層1", "階層2"],
            ["X-1", "転入受付", "転入を受け付ける。", "○", "異動", "届出"]]
    path = make_xlsx(tmp_path / "odd.xlsx", {"一覧": rows})
    with pytest.raises(InputError, match=r"no sheet holds a feature list: looked in the first 40 rows of 一覧"):
        read_inventory(path)
    inventory = read_inventory(path, columns={"name": "タイトル", "text": "C", "support": "判定", "key": "管理項目"})
    feature, = inventory.features
    assert (feature.key, feature.name, feature.text, feature.support) == ("X-1", "転入受付", "転入を受け付ける。", Support.FULL)
    layout = tmp_path / "layout.json"
    layout.write_text(json.dumps({
        "format": "gapcheck-layout", "format_version": 1, "header_rows": [1],
        "columns": {"name": "タイトル", "support": "D", "section": ["階層1", "F"]},
        "support_marks": {"○": "partial"},
    }, ensure_ascii=False), encoding="utf-8")
    feature, = read_inventory(path, layout=layout).features
    assert feature.section == ("異動", "届出") and feature.support is Support.PARTIAL
    assert feature.key == "異動/届出/転入受付"
    feature, = read_inventory(path, layout=layout, columns={"name": "C"}).features
    assert feature.name == "転入を受け付ける。"  # the command line wins over the file


def test_layout_file_is_validated(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"columns": {"title": "機能名"}, "support_marks": {"◇": "maybe"}, "header_rows": [0]}))
    with pytest.raises(ProblemsError) as caught:
        load_layout(bad)
    text = str(caught.value)
    assert "not a valid layout file (3 problems)" in text
    assert '$.columns: unexpected member "title" (check its spelling)' in text
    assert "$.header_rows[0]: 0 is out of range: it must be at least 1" in text
    apart = tmp_path / "apart.json"
    apart.write_text(json.dumps({"header_rows": [3, 5]}))
    with pytest.raises(InputError, match=r"header_rows \[3, 5\] are not two consecutive rows"):
        load_layout(apart)


def test_hidden_column_is_used_only_when_named(tmp_path):
    def hide(workbook):
        workbook["一覧"].column_dimensions["C"].hidden = True

    path = make_xlsx(tmp_path / "h.xlsx", {"一覧": [["機能名", "対応", "備考"], ["転入入力", "○", "隠し"]]}, hide)
    inventory = read_inventory(path)
    assert inventory.features[0].notes == "" and inventory.sheets[0].hidden_columns == (HiddenColumn("C 備考"),)
    inventory = read_inventory(path, columns={"notes": "C"})
    assert inventory.features[0].notes == "隠し" and inventory.sheets[0].hidden_columns == (HiddenColumn("C 備考", used=True),)


def test_hidden_rows_are_data_and_reported(tmp_path):
    rows = [["機能名", "対応"], ["転入入力", "○"], ["旧転入入力", "×"], ["転出入力", "○"]]

    def hide(workbook):
        workbook["一覧"].row_dimensions[3].hidden = True

    inventory = read_inventory(make_xlsx(tmp_path / "h.xlsx", {"一覧": rows}, hide))
    assert [f.name for f in inventory.features] == ["転入入力", "旧転入入力", "転出入力"]
    assert inventory.sheets[0].hidden_rows == (3,)
    assert _warnings(inventory) == ["sheet '一覧' row 3: hidden in Excel, but read as data (a filter may have hidden the rows)"]


def test_unusable_inputs_raise_input_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GAPCHECK_LANG", "en")  # the reason a sheet was skipped comes in the message's language
    header_only = make_xlsx(tmp_path / "h.xlsx", {"機能一覧": [["機能一覧"], ["機能名", "機能概要", "対応"], [], []]})
    with pytest.raises(InputError) as caught:
        read_inventory(header_only)
    assert str(caught.value).startswith(f"{header_only}, sheet '機能一覧': the feature list has a header (row 2) but no data rows")
    legend_only = make_xlsx(tmp_path / "l.xlsx", {"凡例": [["記号", "意味"], ["○", "対応"]], "Sheet1": [["a", "b"], [1, 2]]})
    with pytest.raises(InputError) as caught:
        read_inventory(legend_only)
    message = str(caught.value)
    assert "looked in the first 40 rows of Sheet1" in message and "skipped 凡例 (not a feature list" in message
    assert "--column ROLE=HEADER" in message and "--layout" in message
    with pytest.raises(InputError, match="unknown column role title"):
        read_inventory(legend_only, columns={"title": "A"})
    with pytest.raises(InputError, match="there is no sheet named '一覧'"):
        read_inventory(legend_only, sheet="一覧")
    not_zip = tmp_path / "x.xlsx"
    not_zip.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(InputError, match="damaged"):
        read_inventory(not_zip)


def test_damaged_sheet_data_is_a_message_not_a_traceback(tmp_path):
    """Damage past the part's first bytes: the up-front checks pass, calamine refuses the sheet, and
    openpyxl's fallback only finds out while iterating it."""
    rows = [["機能名", "対応"], *[[f"機能{i:04d}", "○"] for i in range(400)], ["最後の機能", "○"]]
    good = make_xlsx(tmp_path / "good.xlsx", {"一覧": rows})
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
    data = bytearray(damaged.read_bytes())
    data[data.rindex(b"</sheetData>") - 20] ^= 0x01  # the stored bytes no longer match their CRC
    damaged.write_bytes(bytes(data))
    with pytest.raises(InputError, match="the workbook cannot be read"):
        read_inventory(damaged)


def test_features_are_the_objects_their_constructor_makes(tmp_path):
    """read_inventory fills each Feature's fields as pickle restores them (see `_features`): the
    same objects as Feature(...) only while Feature has these fields in this order and no __post_init__."""
    assert [f.name for f in dataclasses.fields(Feature)] == ["key", *_Row._fields]
    assert not hasattr(Feature, "__post_init__")
    inventory, _entry = _read_sample("juki-messy.xlsx")
    for feature in inventory.features:
        made = Feature(**vars(feature))
        assert made == feature and hash(made) == hash(feature) and repr(made) == repr(feature)
        assert list(vars(made)) == list(vars(feature))  # field order, for every reader of vars()
