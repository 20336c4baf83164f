"""A corpus of bad and hostile inputs, generated (never committed as binaries).

Run `cd tests && python -m support.bad_inputs OUTDIR` to look at the files; the tests build them in a temporary
folder. Each entry says which readers it applies to and what the one message must say for each.
`entries()` lists them without writing anything (for test parametrisation).
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import openpyxl

from gapcheck.files.spec_json import load_spec
from gapcheck.model import Candidate, Feature, FeatureMatch, FeatureStatus, Inventory, InventoryKind, MatchResult
from gapcheck.outputs.review_xlsx import write_review
from support.files import INVENTORIES, ROOT, STANDARDS, type_text
from support.gap_lists import juki_result, write_gaps

TABLE = "table"  # any reader of workbooks/CSV: spec import, inventory
SPEC_TABLE = "spec-table"  # requirement lists (content errors specific to the spec importer)
SPEC_JSON = "spec-json"  # spec files
REVIEW_XLSX = "review-xlsx"  # gapcheck review import
GAPS_XLSX = "gaps-xlsx"  # gapcheck answers import
DECISIONS_JSON = "decisions-json"  # check --decisions, review import --into
ANSWERS_JSON = "answers-json"  # check --answers, answers import --into
LAYOUT_JSON = "layout-json"  # --layout
PORTFOLIO = "portfolio"  # gapcheck run
RESULT = "result"  # a folder whose result.json gapcheck summary / budget read
JSON_READERS = {SPEC_JSON, DECISIONS_JSON, ANSWERS_JSON, LAYOUT_JSON}
WORKBOOK_READERS = {TABLE, REVIEW_XLSX, GAPS_XLSX}


@dataclass(frozen=True)
class BadInput:
    name: str
    readers: frozenset[str]
    expect: str | dict[str, str]  # a regular expression the message must match (per reader)
    make: Callable[[Path], None] | None = None  # writes the file (or folder) at the given path

    def expects(self, reader: str) -> str:
        return self.expect if isinstance(self.expect, str) else self.expect[reader]


def xlsx_bytes(rows_by_sheet: dict[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in rows_by_sheet.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="一覧" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def raw_xlsx(path: Path, sheet_xml: bytes | str) -> None:
    """A minimal workbook around hand-written sheet XML (for bombs and entity tricks)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)


_SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
_SHEET_OPEN = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_CLOSE = "</sheetData></worksheet>"
_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)

GOOD_SPEC_ROWS = [["機能ID", "機能名称", "機能要件", "実装区分"], ["0010001", "転入届の受付", "受け付けること。", "実装必須機能"]]


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _json(document: object) -> Callable[[Path], None]:
    return _bytes(json.dumps(document, ensure_ascii=False).encode())


def _sheet(xml: str) -> Callable[[Path], None]:
    return lambda path: raw_xlsx(path, xml)


# gapcheck's own workbooks, named for what they are wherever they do not belong
OWN_REVIEW = r"this is a review workbook written by gapcheck \(review\.xlsx\), not .*gapcheck review import FILE"
OWN_GAPS = r"this is a gap spreadsheet written by gapcheck \(gaps\.xlsx\), not .*gapcheck answers import FILE"
FOREIGN = {TABLE: r"no .*(header|list)", REVIEW_XLSX: r"not a review workbook written by gapcheck",
           GAPS_XLSX: r"not a gap spreadsheet written by gapcheck"}


def entries() -> list[BadInput]:
    """Every bad input, with the readers it applies to; nothing is written."""
    good = xlsx_bytes({"機能要件": GOOD_SPEC_ROWS})
    rng = random.Random(1)
    workbooks, jsons = frozenset(WORKBOOK_READERS), frozenset(JSON_READERS)
    return [
        # damaged or disguised files: every reader of workbooks says the same
        BadInput("empty.xlsx", workbooks, r"the file is empty", _bytes(b"")),
        BadInput("text.xlsx", workbooks, r"ends in \.xlsx but the file is a CSV/text file",
                 _bytes("これはExcelではありません\n".encode())),
        BadInput("csv-named.xlsx", workbooks, r"a CSV/text file",
                 _bytes("機能ID,機能名称\n0010001,転入届の受付\n".encode("cp932"))),
        BadInput("binary.xlsx", workbooks, r"ends in \.xlsx but the file is not a workbook",
                 _bytes(bytes(rng.randrange(256) for _ in range(4096)))),
        BadInput("truncated.xlsx", workbooks, r"damaged", _bytes(good[: len(good) // 2])),
        BadInput("plain.zip.xlsx", workbooks, r"zip archive, not an Excel workbook", _bytes(_zip_without_workbook())),
        BadInput("encrypted.xlsx", workbooks, r"password-protected", lambda p: p.write_bytes(_encrypted(good))),
        BadInput("bad-bytes.csv", workbooks, r"row 2: invalid bytes at byte",
                 _bytes("機能ID,機能名称\n".encode() + b"0010001,\x81\xff\xfe\x80\n")),
        BadInput("entities.xlsx", workbooks, r"refused: .*declares XML entities",
                 _sheet(_SHEET_HEAD + _LAUGHS + _SHEET_OPEN
                        + '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>' + _SHEET_CLOSE)),
        BadInput("bomb.xlsx", workbooks, r"refused: .*decompression bomb", _bomb),
        BadInput("damaged-far-cell.xls", workbooks, r"the workbook cannot be read \(.*\).*save it again as \.xls",
                 _damaged_far_cell_xls),
        BadInput("looping-directory.xls", workbooks, r"the workbook cannot be read \(its compound-document structure "
                 r"\(the table of its parts\) is damaged: directory corruption", _looping_directory_xls),
        BadInput("unclosed-sheet.ods", workbooks, r"the workbook cannot be read \(mismatched tag: .*\).*save it again as \.ods",
                 _unclosed_ods),
        BadInput("beyond-column-iv.xls", workbooks, r"the workbook cannot be read \(a cell lies beyond column IV, the last "
                 r"an \.xls holds \(column 65,536\)\)", _beyond_column_iv_xls),
        # files of another kind: named for what they are, with what to give instead
        BadInput("document.pdf", workbooks | jsons | {PORTFOLIO}, r"this is a PDF document, not a", _bytes(PDF)),
        BadInput("document.docx", workbooks | jsons | {PORTFOLIO}, r"this is a Word document \(\.docx\), not a", _docx),
        BadInput("ministry.xlsx", frozenset({SPEC_JSON}),
                 r"this is an Excel workbook \(\.xlsx\), not a gapcheck spec.*gapcheck spec import FILE", _bytes(good)),
        BadInput("ministry.csv", frozenset({SPEC_JSON}),
                 r"this is a CSV file \(a table\), not a gapcheck spec.*gapcheck spec import FILE",
                 _bytes("\n".join(",".join(row) for row in GOOD_SPEC_ROWS).encode("cp932"))),
        BadInput("spec-elsewhere.json", frozenset({DECISIONS_JSON, ANSWERS_JSON, LAYOUT_JSON, TABLE}),
                 r"this is a gapcheck spec, not .*a spec goes to --spec",
                 lambda path: path.write_bytes((ROOT / "specs" / "juki-1.0.json").read_bytes())),
        BadInput("decisions-as-spec.json", frozenset({SPEC_JSON}),
                 r"this is a gapcheck decisions file, not a gapcheck spec.*goes to --decisions", _json(_decisions())),
        # readable workbooks that hold no list (or are not gapcheck's own)
        BadInput("empty-sheets.xlsx", workbooks, FOREIGN, _bytes(xlsx_bytes({"Sheet1": [], "Sheet2": []}))),
        BadInput("no-header.xlsx", workbooks, FOREIGN,
                 _bytes(xlsx_bytes({"data": [[1, 2, 3], ["a", "b", "c"], [4.5, None, "x"]]}))),
        BadInput("header-only.xlsx", workbooks, {**FOREIGN, TABLE: r"no (data )?rows|but no rows|データの行がない"},
                 _bytes(xlsx_bytes({"機能要件": GOOD_SPEC_ROWS[:1]}))),
        # requirement lists with content errors
        BadInput("duplicate-ids.xlsx", frozenset({SPEC_TABLE}), r"row 3: duplicate ID 0010001",
                 _bytes(xlsx_bytes({"機能要件": GOOD_SPEC_ROWS + [GOOD_SPEC_ROWS[1]]}))),
        BadInput("unknown-class.xlsx", frozenset({SPEC_TABLE}), r"row 3, column D: unknown class label '推奨'",
                 _bytes(xlsx_bytes({"機能要件": GOOD_SPEC_ROWS + [["0010002", "転出届の受付", "受け付けること。", "推奨"]]}))),
        BadInput("error-values.xlsx", frozenset({SPEC_TABLE}),
                 r"row 2, column A: the ID cell is empty or holds an Excel error", _sheet(_ERROR_VALUES)),
        # gapcheck's own workbooks, given to the wrong command or edited where they must not be
        BadInput("review-as-gaps.xlsx", frozenset({GAPS_XLSX, TABLE}), OWN_REVIEW, review_book),
        BadInput("gaps-as-review.xlsx", frozenset({REVIEW_XLSX, TABLE}), OWN_GAPS, gaps_book),
        BadInput("review-meta-edited.xlsx", frozenset({REVIEW_XLSX}),
                 r"sheet '_gapcheck': the hidden sheet of this review workbook was changed",
                 _edited(review_book, "_gapcheck", {(1, 2): "abc", (1, 3): "{"})),
        BadInput("review-bad-cells.xlsx", frozenset({REVIEW_XLSX}),
                 r"sheet '要確認', row 2, column E \(要件ID[^)]*\): '0010999' is not a requirement id",
                 filled_in(review_book, "要確認", {"要件ID（複数は「、」区切り）": "0010999", "判断者": "山田"})),
        BadInput("gaps-meta-edited.xlsx", frozenset({GAPS_XLSX}),
                 r"sheet '_gapcheck': the hidden sheet of this gap spreadsheet was changed",
                 _edited(gaps_book, "_gapcheck", {(3, 1): "Q:edited"})),
        BadInput("gaps-bad-cells.xlsx", frozenset({GAPS_XLSX}),
                 r"sheet 'ギャップ一覧', row 2, column \w+ \(対応方針\): 'たぶん' is not one of the 対応方針",
                 filled_in(gaps_book, "ギャップ一覧", {"対応方針": "たぶん", "概算費用（千円）": "たくさん"})),
        # JSON files: every JSON reader says the same for these …
        BadInput("empty.json", jsons, r"not valid JSON", _bytes(b"")),
        BadInput("broken.json", jsons, r"not valid JSON: .* at line 1", _bytes(b'{"format": "gapcheck-spec", ')),
        BadInput("latin1.json", jsons, r"not UTF-8", _bytes('{"area": "住民記録"}'.encode("cp932"))),
        BadInput("array.json", jsons, r"\[\] is not an object", _json([])),
        BadInput("not-a-spec.json", jsons, r"not a valid (gapcheck )?(spec|decisions file|answers file|layout file)",
                 _json({"hello": "world"})),
        BadInput("format-is-a-list.json", jsons,  # found by fuzzing: was a TypeError
                 r"not a valid (gapcheck )?(spec|decisions file|answers file|layout file)|missing: ",
                 _json({"format": ["gapcheck-spec"], "format_version": 1})),
        # … and these are wrong for one format each
        BadInput("duplicate-ids.json", frozenset({SPEC_JSON}), r"duplicate id '0010001'", _json(_spec_with_duplicates())),
        BadInput("list-as-id.json", frozenset({SPEC_JSON}), r'\$\.requirements\[0\]\.id: \[1, "x"\] is not text',
                 _json(_spec_with_duplicates(id=[1, "x"]))),  # found by fuzzing: was a TypeError
        BadInput("decisions-twice.json", frozenset({DECISIONS_JSON}),
                 r"\$\.decisions\[1\]\.feature: feature 'V-1' is decided twice",
                 _json(_decisions({"feature": "V-1", "action": "extra"}, {"feature": "V-1", "action": "not_feature"}))),
        BadInput("decisions-bad-time.json", frozenset({DECISIONS_JSON}),
                 r'\$\.decisions\[0\]\.at: "2026-02-30T10:00:00" is not a date and time',
                 _json(_decisions({"feature": "V-1", "action": "extra", "at": "2026-02-30T10:00:00"}))),
        BadInput("answers-wrong-types.json", frozenset({ANSWERS_JSON}),
                 r'\$\.answers\[0\]\.cost_thousand_yen: "1,500" is not a whole number',
                 _json(_answers({"kind": "requirement", "target": "0010001", "policy": "bpr",
                                 "cost_thousand_yen": "1,500", "history": []}))),
        BadInput("answers-bad-time.json", frozenset({ANSWERS_JSON}),
                 r"\$\.imports\[0\]\.imported_at: \"yesterday\" is not a date and time", _json(_answers(imported_at="yesterday"))),
        BadInput("layout-unknown.json", frozenset({LAYOUT_JSON}), r'\$\.kind: "tekigo" is not one of',
                 _json({"kind": "tekigo", "columns": {"name": 3}})),
        BadInput("layout-header-rows.json", frozenset({LAYOUT_JSON}), r"header_rows \[2, 5\] are not two consecutive rows",
                 _json({"header_rows": [2, 5]})),
        # portfolio files
        BadInput("empty.toml", frozenset({PORTFOLIO}), r'the file: missing: "municipalities"', _bytes(b"")),
        BadInput("invalid.toml", frozenset({PORTFOLIO}), r"not valid TOML: .*line 2",
                 _bytes('[[systems]]\narea = "住民記録\n'.encode())),
        BadInput("latin1.toml", frozenset({PORTFOLIO}), r"not UTF-8", _bytes('area = "住民記録"'.encode("cp932"))),
        BadInput("wrong-types.toml", frozenset({PORTFOLIO}),
                 r"municipalities\[0\]\.code: 13113 is not text .*write the code in quotes",
                 _bytes(b'[[municipalities]]\ncode = 13113\nname = "x"\n[[systems]]\narea = "a"\nspec = 1\ninventory = []\n')),
        BadInput("missing-files.toml", frozenset({PORTFOLIO}),
                 r"systems\[0\] \(住民記録\): spec file nothing\.json does not exist",
                 _bytes('[[municipalities]]\ncode = "131130"\nname = "渋谷区"\n[[systems]]\narea = "住民記録"\n'
                        'spec = "nothing.json"\ninventory = "nothing.xlsx"\n'.encode())),
        # result folders (gapcheck summary / budget)
        BadInput("result-broken", frozenset({RESULT}), r"result\.json: not valid JSON", _result(b'{"schema_version": 1, ')),
        BadInput("result-empty", frozenset({RESULT}), r"result\.json: not valid JSON", _result(b"")),
        BadInput("result-other-schema", frozenset({RESULT}),
                 r"result\.json: this is a gapcheck decisions file, not the result\.json of a check",
                 _result(json.dumps(_decisions()).encode())),
        BadInput("result-none", frozenset({RESULT}), r"no result\.json", lambda p: p.mkdir()),
    ]


def build(folder: Path) -> list[BadInput]:
    """Write every bad input (and every odd one) into `folder`; returns the bad entries."""
    folder.mkdir(parents=True, exist_ok=True)
    found = entries()
    for entry in (*found, *odd_entries()):
        entry.make(folder / entry.name)
    raw_xlsx(folder / "hostile.xlsx", _SHEET_HEAD + _SHEET_OPEN + _hostile_rows() + _SHEET_CLOSE)
    return found


# --- odd but valid: read, with a warning ------------------------------------------------------------


@dataclass(frozen=True)
class OddInput:
    """A file every table reader must read (the list as in LIST_ROWS), warning as `warns` says."""

    name: str
    warns: str  # a regular expression the warning must match
    make: Callable[[Path], None]


# A list that is both a requirement list and a vendor's catalog citing those requirements.
LIST_ROWS = [["機能ID", "機能名称", "機能要件", "実装区分"]] + [
    [f"001{n:04d}", f"機能{n}の処理", f"機能{n}を処理すること。", "実装必須機能"] for n in range(1, 81)
]


def stray_warning(address: str) -> str:
    return (rf"sheet '一覧'.*: a cell lies far outside the rest of the sheet \(A1:D81\) and was not read: "
            rf"{address} \('x'\); if that was a slip, delete it in Excel")


def odd_entries() -> list[OddInput]:
    """Sheets whose used area is huge for one stray value far away (python-calamine would allocate
    the whole rectangle: 550 GB for XFD1048576), in every workbook format."""
    return [
        OddInput("stray-xfd1048576.xlsx", stray_warning("XFD1048576"), lambda p: _stray_xlsx(p, "XFD1048576")),
        OddInput("stray-cv1048576.xlsx", stray_warning("CV1048576"), lambda p: _stray_xlsx(p, "CV1048576")),
        OddInput("stray-dimension-lies.xlsx", stray_warning("XFD1048576"), _stray_lying_dimension),
        OddInput("stray-xfd1048576.ods", stray_warning("XFD1048576"), _stray_ods),
        OddInput("stray-iv65536.xls", stray_warning("IV65536"), _stray_xls),
    ]


def _stray_xlsx(path: Path, address: str) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "一覧"
    for row in LIST_ROWS:
        sheet.append(row)
    sheet[address] = "x"
    book.save(path)


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _stray_lying_dimension(path: Path) -> None:
    """The dimension claims A1:D81 (writers leave it stale); the sheet holds XFD1048576 too."""
    rows = "".join(
        f'<row r="{r}">' + "".join(_inline(f"{'ABCD'[c]}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(LIST_ROWS, start=1)
    )
    raw_xlsx(path, _SHEET_HEAD + _SHEET_OPEN.replace("<sheetData>", '<dimension ref="A1:D81"/><sheetData>') + rows
             + f'<row r="1048576">{_inline("XFD1048576", "x")}</row>' + _SHEET_CLOSE)


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"')


def _stray_ods(path: Path) -> None:
    """As LibreOffice writes it: runs of empty rows and cells as one element with a repeat count;
    with a hidden sheet (an old list that must not be read)."""
    def cell(value: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    rows = "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in LIST_ROWS)
    far = ('<table:table-row table:number-rows-repeated="1048494"><table:table-cell table:number-columns-repeated="16384"/>'
           '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
           + cell("x") + "</table:table-row>")
    hidden = ('<table:table table:name="旧機能一覧" table:style-name="ta2"><table:table-row>' + cell("機能名") + cell("対応")
              + '</table:table-row><table:table-row>' + cell("隠れた機能") + cell("○") + "</table:table-row></table:table>")
    _ods(path, '<office:automatic-styles><style:style style:name="ta2" style:family="table">'
               '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
               f'<office:body><office:spreadsheet><table:table table:name="一覧">{rows}{far}</table:table>{hidden}'
               "</office:spreadsheet></office:body>")


def _unclosed_ods(path: Path) -> None:
    """A sheet whose end tag is missing (a file cut or edited by hand): python-calamine 0.9 would
    loop for ever at the end of the file."""
    rows = "".join("<table:table-row>" + "".join(f'<table:table-cell office:value-type="string"><text:p>{v}</text:p>'
                                                  "</table:table-cell>" for v in row) + "</table:table-row>" for row in LIST_ROWS)
    _ods(path, f'<office:body><office:spreadsheet><table:table table:name="一覧">{rows}</office:spreadsheet></office:body>')


def _ods(path: Path, body: str) -> None:
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.3">{body}</office:document-content>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml",
                         '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                         '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                         '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                         '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                         'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
        archive.writestr("content.xml", content)


def _stray_xls(path: Path) -> None:
    """The legacy format's last cell: 65,536 rows × 256 columns."""
    import xlwt  # test extra

    book = xlwt.Workbook()
    sheet = book.add_sheet("一覧")
    for r, row in enumerate(LIST_ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write(65535, 255, "x")
    book.save(str(path))


def _damaged_far_cell_xls(path: Path) -> None:
    """An .xls read by xlrd (its value at IV65536) whose sheet name is a lone UTF-16 surrogate."""
    _stray_xls(path)
    name = "一覧".encode("utf-16-le")
    data = path.read_bytes()
    assert data.count(name) == 1
    path.write_bytes(data.replace(name, name[:2] + b"\x00\xdc"))


def _looping_directory_xls(path: Path) -> None:
    """An .xls whose directory's chain of sectors points back to itself (python-calamine asked for
    4 GB and aborted the process)."""
    _stray_xls(path)
    data = bytearray(path.read_bytes())
    size = 1 << struct.unpack_from("<H", data, 0x1E)[0]  # the container's sector size
    directory, table = struct.unpack_from("<i", data, 0x30)[0], struct.unpack_from("<i", data, 0x4C)[0]
    struct.pack_into("<i", data, size + table * size + 4 * directory, directory)
    path.write_bytes(bytes(data))


def _beyond_column_iv_xls(path: Path) -> None:
    """The value at IV65536 moved to column 65,536, which the format cannot hold (xlrd would pad each
    row up to a cell's column; calamine would allocate 65,536 × 65,536 cells and abort)."""
    _stray_xls(path)
    record = b"\xfd\x00\x0a\x00\xff\xff\xff\x00"  # LABELSST, 10 bytes: row 65,535, column 255
    data = path.read_bytes()
    assert data.count(record) == 1
    path.write_bytes(data.replace(record, record[:6] + b"\xff\xff"))


_ERROR_VALUES = (
    _SHEET_HEAD + _SHEET_OPEN
    + '<row r="1"><c r="A1" t="inlineStr"><is><t>機能ID</t></is></c><c r="B1" t="inlineStr"><is><t>機能名称</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>実装区分</t></is></c></row>'
    '<row r="2"><c r="A2" t="e"><f>VLOOKUP(B2,X!A:B,2,0)</f><v>#N/A</v></c><c r="B2" t="inlineStr"><is><t>転入</t></is></c>'
    '<c r="C2" t="e"><f>#REF!</f><v>#REF!</v></c></row>' + _SHEET_CLOSE
)


def _result(data: bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        folder.mkdir()
        (folder / "result.json").write_bytes(data)

    return make


def _decisions(*decisions: dict) -> dict:
    return {"format": "gapcheck-decisions", "format_version": 1, "decisions": list(decisions)}


def _answers(*answers: dict, imported_at: str = "2026-05-01T09:00:00+09:00") -> dict:
    imported = {"source": "gaps.xlsx", "sha256": "0" * 64, "imported_at": imported_at, "new": len(answers),
                "changed": 0, "unchanged": 0}
    return {"format": "gapcheck-answers", "format_version": 1, "answers": list(answers), "imports": [imported]}


def sjis(name: str) -> str:
    """A file name as a zip made on Japanese Windows leaves it on Linux: Shift_JIS bytes, which
    Python carries as surrogate escapes."""
    return os.fsdecode(name.encode("cp932"))


def review_book(path: Path) -> None:
    """A review workbook as `gapcheck review` writes it, asking about two features."""
    spec = load_spec(ROOT / "specs" / "juki-1.0.json")
    features = (Feature("V-1", "機能一覧", 2, "転入受付"), Feature("V-2", "機能一覧", 3, "証明書の発行"))
    inventory = Inventory("vendor.xlsx", InventoryKind.CATALOG, features)
    result = MatchResult(tuple(
        FeatureMatch(f.key, FeatureStatus.REVIEW, candidates=(Candidate(spec.requirements[0].id, 0.6),)) for f in features
    ))
    write_review(spec, inventory, result, path)


def gaps_book(path: Path) -> None:
    """A gap spreadsheet as `gapcheck check` writes it."""

    write_gaps(juki_result(), path)


def _edited(make: Callable[[Path], None], sheet: str, cells: dict[tuple[int, int], object]) -> Callable[[Path], None]:
    """`make`'s workbook with cells of `sheet` overwritten (row, column → value)."""
    def edit(path: Path) -> None:
        make(path)
        book = openpyxl.load_workbook(path)
        for (row, column), value in cells.items():
            book[sheet].cell(row=row, column=column, value=value)
        book.save(path)

    return edit


def filled_in(make: Callable[[Path], None], sheet: str, answers: dict[str, str]) -> Callable[[Path], None]:
    """`make`'s workbook with the first data row of `sheet` filled in (header label → value)."""
    def fill(path: Path) -> None:
        make(path)
        book = openpyxl.load_workbook(path)
        worksheet = book[sheet]
        header = {cell.value: cell.column for cell in worksheet[1]}
        for label, value in answers.items():
            worksheet.cell(row=2, column=header[label], value=value)
        book.save(path)

    return fill


HOSTILE = {
    "control": "転入_x0007_届の受付\u0001😀",
    "long": "長" * 32767,
    "formula": '=HYPERLINK("http://example.com","x")',
    "template": "{{ 7*7 }}<script>alert(1)</script>",
}


def _hostile_rows() -> str:
    """Cells that are data, not errors: control characters (as Excel escapes them), emoji,
    a cell at Excel's length limit, formula-like text, template and script syntax."""
    def cell(ref: str, text: str) -> str:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u0001", "_x0001_")
        return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'

    header = ["機能ID", "機能名称", "機能要件", "実装区分"]
    rows = [
        header,
        ["0010001", HOSTILE["control"], HOSTILE["long"], "実装必須機能"],
        ["0010002", HOSTILE["formula"], HOSTILE["template"], "実装必須機能"],
    ]
    return "".join(
        f'<row r="{r}">' + "".join(cell(f"{'ABCD'[c]}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, start=1)
    )


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _docx(path: Path) -> None:
    """The parts that make a zip a Word document."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>機能一覧</w:t></w:r></w:p></w:body></w:document>')


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


def _encrypted(plain: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("secret", out)
    return out.getvalue()


def _bomb(path: Path, megabytes: int = 48) -> None:
    """A sheet that unpacks ~1000× (48 MB from about 50 KB): far beyond any real workbook."""
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "A" * 1024 + "</t></is></c></row>"
    body = (_SHEET_HEAD + _SHEET_OPEN + row * (megabytes * 1024) + _SHEET_CLOSE).encode()
    raw_xlsx(path, body)


def _spec_with_duplicates(id: object = "0010001") -> dict:
    requirement = {"id": id, "kind": "function", "name": "転入届の受付", "text": "", "category": "mandatory",
                   "section": []}
    return {"format": "gapcheck-spec", "format_version": 1, "area": "住民記録", "version": "第1.0版",
            "requirements": [requirement, requirement]}


# --- hostile content that is valid input: it must reach every output exactly as typed -----------

HOSTILE_TEXTS = (
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+2 タブ",
    "\r=3+4 CR",
    "<script>window.__pwned=1;alert(1)</script>",
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "{{ 7*7 }}",
    "{% raw %}",
    "😀絵文字",
    "制御\x07文字\x1b",
)


def hostile_inventory(path: Path) -> Path:
    """A vendor catalog whose names and descriptions are hostile: each text alone (an extra, 独自機能)
    and inside a plausible feature (a candidate for review), typed as text cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "機能一覧"
    sheet.append(["機能番号", "機能名", "機能概要", "対応"])
    row = 2
    for number, hostile in enumerate(HOSTILE_TEXTS):
        for variant, (name, text) in enumerate(((hostile, hostile), (f"{hostile} 住民票の写しの交付", f"転入届を受け付ける {hostile}"))):
            for column, value in enumerate((f"X-{number}-{variant}", name, text, "○"), start=1):
                type_text(sheet.cell(row=row, column=column), value)
            row += 1
    book.save(path)
    return path


# --- the samples as a real office suite saves them ---------------------------------------------------

OFFICE_FORMATS = ("xls", "ods", "xlsx")


@dataclass(frozen=True)
class OfficeSource:
    """A sample inventory or spec workbook to have LibreOffice save in every format."""

    path: Path
    kind: str  # inventory | spec
    layout: Path | None = None
    csv: str | None = None  # for a CSV: how LibreOffice reads it (encoding; every column as text, as typed)


def office_sources() -> list[OfficeSource]:
    """The sample inventories, and the real government requirement lists where ../shared is present."""
    messy = INVENTORIES / "juki-messy.layout.json"
    text_columns = "/".join(f"{n}/2" for n in range(1, 11))  # 2: text, so that 0010001 keeps its zeros
    found = [
        OfficeSource(INVENTORIES / "juki-catalog.xlsx", "inventory"),
        OfficeSource(INVENTORIES / "inkan-tekigo.xlsx", "inventory"),
        OfficeSource(INVENTORIES / "juki-messy.xlsx", "inventory", messy),
        OfficeSource(INVENTORIES / "juki-messy-cp932.csv", "inventory", messy, f"44,34,64,1,{text_columns}"),  # 64: Shift_JIS
        OfficeSource(STANDARDS / "common-2.1-jutogaisha-atena-item-definition.xlsx", "spec"),
        OfficeSource(STANDARDS / "juki-1.0-chapter3.csv", "spec", csv=f"44,34,76,1,{text_columns}"),  # 76: UTF-8
    ]
    return [source for source in found if source.path.exists()]


# Systems merged across the row over groups merged down the 大分類 column, under a two-row merged
# header: only the merges tell a system heading from a group (a value alone in a section column).
MERGED_SECTIONS = {"住民記録": ("住民異動", "証明発行"), "印鑑登録": ("登録", "廃止")}


def merged_sections(path: Path, stray: str | None = None) -> None:
    """The list with MERGED_SECTIONS, and a value at `stray` if given."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "一覧"
    sheet.append(["大分類", "機能", None, "対応"])
    sheet.append([None, "機能名", "機能要件", None])
    for merge in ("A1:A2", "B1:C1", "D1:D2"):
        sheet.merge_cells(merge)
    row = 3
    for system, groups in MERGED_SECTIONS.items():
        sheet.cell(row, 1, system)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        row += 1
        for group in groups:
            sheet.cell(row, 1, group)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row + 2, end_column=1)
            for n in range(3):
                sheet.cell(row, 2, f"{group}処理{n}")
                sheet.cell(row, 3, f"{group}処理{n}を行うこと。")
                sheet.cell(row, 4, "○")
                row += 1
    if stray:
        sheet[stray] = "x"
    book.save(path)


def value_types(path: Path) -> None:
    """A cell of each kind of value a workbook holds (text, numbers, dates, times, durations, truth
    values, formulas and their errors), merged cells and a hidden sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "値"
    sheet.append(["文字", "整数", "小数", "日付", "日時", "時刻", "期間", "真偽", "百分率", "式", "式の文字", "エラー"])
    sheet.append(["0010001", 1, 1.5, date(2024, 1, 2), datetime(2024, 1, 2, 3, 4, 5), time(12, 30), 1.5, True, 0.25,
                  "=B2*2", '=A2&"x"', "=1/0"])
    sheet.append(["あ\nい", -7, 1e20, date(1900, 3, 1), datetime(2024, 1, 2), time(0, 0, 1), 50.25, False, 1,
                  "=NA()", '=""', None])
    sheet["G2"].number_format = sheet["G3"].number_format = "[h]:mm"
    sheet["I2"].number_format = sheet["I3"].number_format = "0%"
    sheet.merge_cells("A5:A7")
    sheet["A5"] = "縦"
    sheet.merge_cells("B5:D5")
    sheet["B5"] = "横"
    sheet["IV300"] = "遠く"
    hidden = book.create_sheet("隠し")
    hidden["A1"] = "隠れた値"
    hidden.sheet_state = "hidden"
    book.save(path)


def office_saves(folder: Path, sources: list[OfficeSource]) -> dict[tuple[str, str], Path]:
    """Each source saved by LibreOffice (soffice --headless --convert-to) as .xls, .ods and .xlsx:
    (source name, format) → path. soffice runs with a profile of its own (a LibreOffice the user has
    open is not disturbed); a CSV is first imported with its options into an .ods, then every file
    is saved in each format by one run per format."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise FileNotFoundError("soffice")

    def convert(fmt: str, out: Path, paths: list[Path], options: str | None = None) -> None:
        filters = [f"--infilter=CSV:{options}"] if options else []
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", *filters,
                        "--convert-to", fmt, "--outdir", str(out), *map(str, paths)],
                       check=True, capture_output=True, timeout=300)

    staged = []
    for source in sources:
        if source.csv:
            convert("ods", folder / "csv", [source.path], source.csv)
            staged.append(folder / "csv" / f"{source.path.stem}.ods")
    for fmt in OFFICE_FORMATS:
        convert(fmt, folder / fmt, [s.path for s in sources if not s.csv] + staged)
    return {(s.path.name, fmt): folder / fmt / f"{s.path.stem}.{fmt}" for s in sources for fmt in OFFICE_FORMATS}


if __name__ == "__main__":
    for entry in build(Path(sys.argv[1])):
        print(f"{entry.name:26} {', '.join(sorted(entry.readers))}")
    for odd in odd_entries():
        print(f"{odd.name:26} read, with a warning")
    if shutil.which("soffice"):
        for (name, fmt), path in office_saves(Path(sys.argv[1]) / "office", office_sources()).items():
            print(f"{path.relative_to(sys.argv[1])}  (LibreOffice's save of {name})")
