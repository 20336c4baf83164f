import re
from collections import Counter

import pytest
from support.files import SPECS, make_xlsx, shared_file

from gapcheck.errors import InputError, ProblemsError
from gapcheck.files.spec_json import load_spec
from gapcheck.model import Category, Kind
from gapcheck.readers.spec_import import import_spec

LEGEND = [["凡例"], ["類型1", "実装必須機能"], ["類型2", "実装不可機能"], ["類型3", "標準オプション機能"]]


def ministry_workbook(path, rows=None, hide_column=True):
    """A layout as the ministries publish: legend sheet first, title rows, a two-row header with
    merged cells, a heading row inside the data, a hidden column, IDs typed as numbers."""
    body = rows or [
        ["1. 住民記録", None, None, None, None, None, None],
        ["1. 住民記録", "1.1 異動", 10001, "転入届の受付", "転入届を受け付けること。", "類型1", "999"],
        [None, None, None, None, None, None, None],
        ["1. 住民記録", "1.1 異動", "００１０００２", "転出届の受付", "転出届を受け付けること。", "類型1", None],
        ["1. 住民記録", "1.2 証明", "0010003", "独自様式の証明書", "独自様式で発行すること。", "類型2", None],
        ["1. 住民記録", "1.2 証明", 10004.0, "広域交付", "広域交付に対応すること。", "類型3", None],
    ]
    sheets = {
        "凡例": LEGEND,
        "機能要件": [
            ["住民記録システム標準仕様書【第9.9版】 機能要件"],
            ["令和8年4月"],
            [],
            ["分類", None, "機能ID", "機能名称", "機能要件", "実装区分", "旧機能ID"],
            ["大項目", "中項目", None, None, None, None, None],
            *body,
        ],
    }

    def setup(workbook):
        sheet = workbook["機能要件"]
        sheet.merge_cells("A4:B4")
        for col in "CDEFG":
            sheet.merge_cells(f"{col}4:{col}5")
        if hide_column:
            sheet.column_dimensions["G"].hidden = True

    return make_xlsx(path, sheets, setup)


def test_imports_a_ministry_layout(tmp_path):
    source = ministry_workbook(tmp_path / "kino.xlsx")
    spec, report = import_spec([source], area="住民記録", version="第9.9版")
    assert [r.id for r in spec.requirements] == ["0010001", "0010002", "0010003", "0010004"]
    assert [r.category for r in spec.requirements] == [
        Category.MANDATORY, Category.MANDATORY, Category.PROHIBITED, Category.OPTIONAL,
    ]
    assert spec.requirements[0].section == ("1. 住民記録", "1.1 異動")
    assert spec.requirements[0].name == "転入届の受付"
    assert spec.business_code == "001"
    sheets = dict(report.sheets)
    assert "skipped" in sheets["kino.xlsx: 凡例"]
    assert "header row 4+5" in sheets["kino.xlsx: 機能要件"]


def test_hidden_column_is_not_used_for_a_role(tmp_path):
    source = ministry_workbook(tmp_path / "kino.xlsx")
    spec, _ = import_spec([source], area="住民記録", version="第9.9版")
    assert all(r.notes is None for r in spec.requirements)


def test_unknown_class_label_names_the_cell_and_can_be_mapped(tmp_path):
    rows = [["1", "1.1", "0010001", "転入届の受付", "受け付けること。", "推奨", None]]
    source = ministry_workbook(tmp_path / "kino.xlsx", rows)
    with pytest.raises(ProblemsError) as caught:
        import_spec([source], area="住民記録", version="第9.9版")
    message = str(caught.value)
    assert "sheet '機能要件', row 6, column F: unknown class label '推奨'" in message
    spec, _ = import_spec([source], area="住民記録", version="第9.9版", class_map={"推奨": Category.OPTIONAL})
    assert spec.requirements[0].category is Category.OPTIONAL


def test_every_bad_cell_is_reported_at_once(tmp_path):
    rows = [
        ["1", "1.1", "00100011", "転入届の受付", "受け付けること。", "類型1", None],
        ["1", "1.1", "0010002", "転出届の受付", "受け付けること。", "類型1", None],
        ["1", "1.1", "0010002", "転居届の受付", "受け付けること。", "類型1", None],
        ["1", "1.1", "001-0004", "世帯変更届の受付", "受け付けること。", None, None],
    ]
    source = ministry_workbook(tmp_path / "kino.xlsx", rows)
    with pytest.raises(ProblemsError) as caught:
        import_spec([source], area="住民記録", version="第9.9版")
    text = str(caught.value)
    assert "row 6, column C: '00100011' has 8 digits; a standard ID has 7" in text
    assert "row 8: duplicate ID 0010002 (also at 機能要件 row 7)" in text
    assert "row 9, column C: '001-0004' has characters other than digits" in text
    assert len(caught.value.problems) == 3


def test_column_overrides_for_unusual_headers(tmp_path):
    source = make_xlsx(
        tmp_path / "odd.xlsx",
        {"一覧": [["要件番号", "タイトル", "説明", "必須度"], ["0230265", "資格取得", "取得を管理する。", "必須"]]},
    )
    with pytest.raises(InputError, match="no sheet holds a requirement list .looked in the first 40 rows of: 一覧"):
        import_spec([source], area="国民健康保険", version="第1.0版")
    spec, _ = import_spec(
        [source],
        area="国民健康保険",
        version="第1.0版",
        columns={"id": "要件番号", "name": "タイトル", "text": "説明", "category": "D"},
    )
    assert spec.requirements[0].id == "0230265"
    assert spec.requirements[0].category is Category.MANDATORY


def test_cp932_csv(tmp_path):
    source = tmp_path / "kino.csv"
    source.write_bytes("機能ID,機能名称,機能要件,実装区分\n10001,転入届の受付,受け付けること。,実装必須機能\n".encode("cp932"))
    spec, _ = import_spec([source], area="住民記録", version="第1.0版")
    assert spec.requirements[0].id == "0010001"
    assert spec.requirements[0].name == "転入届の受付"


def test_real_juki_first_edition_section_keys():
    spec, _ = import_spec([shared_file("juki-1.0-chapter3.csv")], area="住民記録", version="第1.0版")
    assert len(spec.requirements) == 197
    assert Counter(r.category for r in spec.requirements) == {
        Category.MANDATORY: 132, Category.OPTIONAL: 18, Category.PROHIBITED: 47,
    }
    ids = [r.id for r in spec.requirements]
    assert len(set(ids)) == 197
    derived = {r.id: r.source_id for r in spec.requirements if r.source_id}
    assert derived["1.1.2-2"] == "1.1.2"
    assert "1.1.2" in ids and "1.1.1-2" not in ids
    # up to three blocks of different class in one section
    blocks = Counter(r.source_id or r.id for r in spec.requirements)
    assert max(blocks.values()) == 3
    assert spec.requirements[0].section == ("1. 管理項目", "1.1. 住民データ", "1.1.1. 日本人住民データの管理")
    assert not any("95 / 493" in r.text for r in spec.requirements)  # PDF page line removed


def test_real_item_definition_split_ids_and_ticks():
    source = shared_file("common-2.1-jutogaisha-atena-item-definition.xlsx")
    spec, report = import_spec([source], area="住登外者宛名番号管理", version="第2.1版")
    ids = [r.id for r in spec.requirements]
    assert ids[0] == "03100001" and ids[-1] == "03100029"
    assert ids == [f"031{n:05d}" for n in range(1, 30)]
    assert all(r.kind is Kind.DATA for r in spec.requirements)
    by_id = spec.by_id
    assert by_id["03100001"].name == "宛名番号" and by_id["03100001"].category is Category.MANDATORY
    assert by_id["03100002"].name == "個人番号" and by_id["03100002"].category is Category.OPTIONAL
    assert by_id["03100001"].section == ("住登外者宛名基本情報",)
    assert spec.business_code == "031"
    skipped = [label for label, what in report.sheets if what.startswith("skipped")]
    assert len(skipped) == 3  # code list and two legends


def test_cli_import_show_validate(cli, tmp_path):
    out = tmp_path / "juki.json"
    result = cli("spec", "import", shared_file("juki-1.0-chapter3.csv"), "--area", "住民記録",
                 "--version", "第1.0版", "-o", out, "--publisher", "総務省")
    assert result.exit_code == 0, result.output
    assert "197 requirements (mandatory 132, optional 18, prohibited 47)" in result.output
    spec = load_spec(out)
    assert spec.source.attribution.endswith("（総務省）を加工して作成")
    shown = cli("spec", "show", out)
    assert "住民記録 第1.0版" in shown.output
    assert re.search(r"^total +132 +18 +47 +197$", shown.output, re.MULTILINE), shown.output
    assert cli("spec", "validate", out).exit_code == 0


def test_cli_spec_show_speaks_japanese_by_default(cli, japanese):
    shown = cli("spec", "show", SPECS / "inkan-1.0.json")
    header = next(line for line in shown.output.splitlines() if "実装必須" in line)
    assert header.split() == ["実装必須", "標準オプション", "実装不可", "計"]
    assert "業務コード: 020" in shown.output and "区分:" in shown.output
    assert not re.search(r"mandatory|total|business code", shown.output)


def test_cli_bad_source_exits_2_and_writes_nothing(cli, tmp_path):
    source = tmp_path / "list.xlsx"
    source.write_text("this is not a workbook")
    out = tmp_path / "out.json"
    result = cli("spec", "import", source, "--area", "住民記録", "--version", "第1.0版", "-o", out)
    assert result.exit_code == 2
    assert "list.xlsx: the name ends in .xlsx but the file is a CSV/text file" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
