"""A corpus of bad and hostile inputs, generated (never committed as binaries).

Run `python tests/badinputs.py OUTDIR` to look at the files; the tests build them in a temporary
folder. Each entry says which readers it applies to and what the one-line message must say.
"""

from __future__ import annotations

import io
import json
import random
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl

TABLE = "table"  # any reader of workbooks/CSV: spec import, inventory
SPEC_TABLE = "spec-table"  # requirement lists (content errors specific to the spec importer)
SPEC_JSON = "spec-json"  # spec files


@dataclass(frozen=True)
class BadInput:
    name: str
    readers: frozenset[str]
    expect: str  # a regular expression the message must match


def _xlsx_bytes(rows_by_sheet: dict[str, list[list[object]]]) -> bytes:
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
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
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


def _raw_xlsx(path: Path, sheet_xml: bytes | str) -> None:
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


def build(folder: Path) -> list[BadInput]:
    folder.mkdir(parents=True, exist_ok=True)
    entries: list[BadInput] = []

    def add(name: str, data: bytes | None, readers: set[str], expect: str) -> None:
        if data is not None:
            (folder / name).write_bytes(data)
        entries.append(BadInput(name, frozenset(readers), expect))

    good = _xlsx_bytes({"機能要件": GOOD_SPEC_ROWS})
    add("empty.xlsx", b"", {TABLE}, r"the file is empty")
    add("text.xlsx", "これはExcelではありません\n".encode(), {TABLE}, r"ends in \.xlsx but the file is a CSV/text file")
    add("csv-named.xlsx", "機能ID,機能名称\n0010001,転入届の受付\n".encode("cp932"), {TABLE}, r"a CSV/text file")
    rng = random.Random(1)
    add("binary.xlsx", bytes(rng.randrange(256) for _ in range(4096)), {TABLE},
        r"ends in \.xlsx but the file is not a workbook")
    add("truncated.xlsx", good[: len(good) // 2], {TABLE}, r"damaged")
    add("plain.zip.xlsx", _zip_without_workbook(), {TABLE}, r"zip archive, not an Excel workbook")
    add("encrypted.xlsx", _encrypted(good), {TABLE}, r"password-protected")
    add("empty-sheets.xlsx", _xlsx_bytes({"Sheet1": [], "Sheet2": []}), {TABLE}, r"no .*(header|list)")
    add("no-header.xlsx", _xlsx_bytes({"data": [[1, 2, 3], ["a", "b", "c"], [4.5, None, "x"]]}), {TABLE},
        r"no .*(header|list)")
    add("header-only.xlsx", _xlsx_bytes({"機能要件": GOOD_SPEC_ROWS[:1]}), {TABLE}, r"no (data )?rows|but no rows")
    add("bad-bytes.csv", "機能ID,機能名称\n".encode() + b"0010001,\x81\xff\xfe\x80\n", {TABLE}, r"invalid bytes at byte")
    _raw_xlsx(folder / "entities.xlsx", _SHEET_HEAD + _LAUGHS + _SHEET_OPEN
              + '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>' + _SHEET_CLOSE)
    add("entities.xlsx", None, {TABLE}, r"refused: .*declares XML entities")
    add("bomb.xlsx", None, {TABLE}, r"refused: .*decompression bomb")
    _bomb(folder / "bomb.xlsx")
    add("duplicate-ids.xlsx", _xlsx_bytes({"機能要件": GOOD_SPEC_ROWS + [GOOD_SPEC_ROWS[1]]}), {SPEC_TABLE},
        r"row 3: duplicate ID 0010001")
    add("unknown-class.xlsx",
        _xlsx_bytes({"機能要件": GOOD_SPEC_ROWS + [["0010002", "転出届の受付", "受け付けること。", "推奨"]]}),
        {SPEC_TABLE}, r"row 3, column D: unknown class label '推奨'")
    _raw_xlsx(folder / "error-values.xlsx", _SHEET_HEAD + _SHEET_OPEN
              + '<row r="1"><c r="A1" t="inlineStr"><is><t>機能ID</t></is></c><c r="B1" t="inlineStr"><is><t>機能名称</t></is></c>'
              '<c r="C1" t="inlineStr"><is><t>実装区分</t></is></c></row>'
              '<row r="2"><c r="A2" t="e"><f>VLOOKUP(B2,X!A:B,2,0)</f><v>#N/A</v></c><c r="B2" t="inlineStr"><is><t>転入</t></is></c>'
              '<c r="C2" t="e"><f>#REF!</f><v>#REF!</v></c></row>' + _SHEET_CLOSE)
    add("error-values.xlsx", None, {SPEC_TABLE}, r"row 2, column A: the ID cell is empty or holds an Excel error")
    add("empty.json", b"", {SPEC_JSON}, r"not valid JSON")
    add("broken.json", b'{"format": "gapcheck-spec", ', {SPEC_JSON}, r"not valid JSON")
    add("latin1.json", '{"area": "住民記録"}'.encode("cp932"), {SPEC_JSON}, r"not UTF-8")
    add("not-a-spec.json", json.dumps({"hello": "world"}).encode(), {SPEC_JSON}, r"not a valid gapcheck spec")
    _raw_xlsx(folder / "hostile.xlsx", _SHEET_HEAD + _SHEET_OPEN + _hostile_rows() + _SHEET_CLOSE)
    add("duplicate-ids.json", json.dumps(_spec_with_duplicates(), ensure_ascii=False).encode(), {SPEC_JSON},
        r"duplicate id '0010001'")
    return entries


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
    _raw_xlsx(path, body)


def _spec_with_duplicates() -> dict:
    requirement = {"id": "0010001", "kind": "function", "name": "転入届の受付", "text": "", "category": "mandatory",
                   "section": []}
    return {"format": "gapcheck-spec", "format_version": 1, "area": "住民記録", "version": "第1.0版",
            "requirements": [requirement, requirement]}


if __name__ == "__main__":
    for entry in build(Path(sys.argv[1])):
        print(f"{entry.name:24} {sorted(entry.readers)}  expects /{entry.expect}/")
