"""Read any tabular file (.xlsx .xlsm .xls .ods .csv) into plain rows of cell values.

python-calamine reads workbooks several times faster than openpyxl and gives the cached values of
formulas; openpyxl is the fallback for workbooks calamine refuses. Files are identified by their
bytes, not their names, and workbooks are checked against decompression bombs before any XML is
parsed. Hidden rows and columns are read from the sheet XML (calamine does not report them).
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from gapcheck.errors import InputError, Location

Cell = object  # str | int | float | bool | date | datetime | None; '' also means blank

# Limits against decompression bombs; a 100,000-row inventory unpacks to well under 200 MB.
MAX_UNPACKED_BYTES = int(os.environ.get("GAPCHECK_MAX_UNPACKED_BYTES", 1 << 30))
MAX_RATIO = 200  # unpacked/packed, for parts bigger than RATIO_FLOOR
RATIO_FLOOR = 16 << 20
MAX_CSV_BYTES = int(os.environ.get("GAPCHECK_MAX_CSV_BYTES", 512 << 20))

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
SUFFIXES = WORKBOOK_SUFFIXES | {".csv", ".txt", ".tsv"}


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[i] is Excel row i + 1
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based r0, c0, r1, c1
    hidden_rows: frozenset[int] = frozenset()  # 0-based
    hidden_columns: frozenset[int] = frozenset()  # 0-based
    visible: bool = True

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Workbook:
    path: Path
    format: str  # xlsx | xls | ods | csv
    sheets: list[Sheet]
    encoding: str | None = None  # CSV only

    def sheet(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        names = "、".join(s.name for s in self.sheets)
        raise InputError(self.path, f"there is no sheet named '{name}'", f"the sheets are: {names}")


def blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_at(row: list[Cell], index: int | None) -> Cell:
    """The value in column `index` of a row; None where the row is shorter or the column absent."""
    return row[index] if index is not None and index < len(row) else None


def sniff_format(path: Path) -> str:
    """xlsx | xls | ods | csv, from the file's bytes; InputError for anything else."""
    if not path.exists():
        raise InputError(path, "the file does not exist")
    if path.is_dir():
        raise InputError(path, "this is a folder, not a file")
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if not head:
        raise InputError(path, "the file is empty", "export the list again from Excel")
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if _is_encrypted_ooxml(path):
            raise InputError(
                path,
                "the workbook is password-protected (encrypted)",
                "open it in Excel, remove the password (ファイル → 情報 → ブックの保護), save, and try again",
            )
        return "xls"
    if suffix in WORKBOOK_SUFFIXES:
        kind = "a CSV/text file" if _looks_like_text(path) else "not a workbook"
        raise InputError(
            path,
            f"the name ends in {suffix} but the file is {kind}",
            "open it in Excel and save it as .xlsx, or rename it to .csv if it is a CSV export",
        )
    return "csv"


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            _check_bomb(path, archive)
            if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis"):
                return "ods"
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        # every way a damaged archive fails: bad headers, corrupt deflate data, odd methods
        raise InputError(
            path, "the workbook is damaged (truncated or not a complete .xlsx)", "save it again from Excel"
        ) from None
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    raise InputError(path, "this is a zip archive, not an Excel workbook", "give the .xlsx file itself")


def _check_bomb(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse decompression bombs and XML entity tricks before any XML parser sees the parts."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise InputError(
                path,
                f"refused: part {info.filename} unpacks {ratio:.0f}× ({info.file_size >> 20} MB); "
                "this looks like a decompression bomb",
                "if this is a genuine workbook, save it again from Excel",
            )
        if info.filename.endswith((".xml", ".rels")):
            with archive.open(info) as stream:
                head = stream.read(2048)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise InputError(
                    path,
                    f"refused: part {info.filename} declares XML entities (Excel never writes these; "
                    "it is a known attack)",
                    "if this is a genuine workbook, save it again from Excel",
                )
    if total > MAX_UNPACKED_BYTES:
        raise InputError(
            path,
            f"refused: the workbook unpacks to {total >> 20} MB (limit {MAX_UNPACKED_BYTES >> 20} MB)",
            "split the workbook, or raise GAPCHECK_MAX_UNPACKED_BYTES if it is genuine",
        )


def _is_encrypted_ooxml(path: Path) -> bool:
    with path.open("rb") as handle:
        data = handle.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in data


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if b"\x00" in sample:
        return False
    for encoding in _ENCODINGS:
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as error:
            if error.start >= len(sample) - 3:  # a character cut by the sample's end
                return True
    return False


def read_workbook(path: str | Path, sheet: str | None = None) -> Workbook:
    """Every sheet of the file (or just `sheet`), as rows of values. InputError when unusable."""
    path = Path(path)
    fmt = sniff_format(path)
    if fmt == "csv":
        book = _read_csv(path)
    else:
        book = _read_calamine(path, fmt, sheet)
    if sheet is not None:
        book.sheets = [book.sheet(sheet)]
    return book


def _read_calamine(path: Path, fmt: str, only: str | None) -> Workbook:
    import python_calamine as calamine  # here, not at the top: commands that read no workbook start faster

    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
        metadata = workbook.sheets_metadata
        names = [m.name for m in metadata]
        if only is not None and only not in names:
            raise InputError(path, f"there is no sheet named '{only}'", f"the sheets are: {'、'.join(names)}")
        sheets = []
        for meta in metadata:
            if only is not None and meta.name != only:
                sheets.append(Sheet(meta.name, []))
                continue
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue  # chart sheets and macro sheets hold no list
            data = workbook.get_sheet_by_name(meta.name)
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (data.merged_cell_ranges or [])]
            sheets.append(
                Sheet(
                    meta.name,
                    data.to_python(skip_empty_area=False),
                    merged=merged,
                    visible=meta.visible == calamine.SheetVisibleEnum.Visible,
                )
            )
    except calamine.PasswordError:
        raise InputError(path, "the workbook is password-protected", "remove the password in Excel and save again") from None
    except InputError:
        raise
    except Exception as error:  # calamine raises several types for damaged files
        if fmt != "xlsx":
            raise InputError(path, f"the workbook cannot be read ({error})", "save it again from Excel as .xlsx") from None
        return _read_openpyxl(path, only, error)
    if fmt == "xlsx":
        _add_hidden(path, sheets)
    return Workbook(path, fmt, sheets)


def _read_openpyxl(path: Path, only: str | None, first_error: Exception) -> Workbook:
    import openpyxl  # only for the files calamine cannot read

    sheets = []
    try:  # read-only mode parses lazily: damaged sheet XML fails while iterating, not on opening
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for worksheet in book.worksheets:
            if only is not None and worksheet.title != only:
                continue
            rows = [list(r) for r in worksheet.iter_rows(values_only=True)]
            sheets.append(Sheet(worksheet.title, rows, visible=worksheet.sheet_state == "visible"))
        book.close()
    except Exception as error:
        raise InputError(
            path, f"the workbook cannot be read ({first_error}; {error})", "save it again from Excel as .xlsx"
        ) from None
    _add_hidden(path, sheets)
    return Workbook(path, "xlsx", sheets)


# --- hidden rows and columns, straight from the sheet XML -------------------------------------

_ATTR = re.compile(r'([\w:]+)="([^"]*)"')
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
    rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for element in workbook.iter():
        if element.tag.endswith("}sheet"):
            target = targets.get(element.get(f"{_REL_NS}id"), "")
            target = target.lstrip("/")
            parts[element.get("name")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def _hidden_in(archive: zipfile.ZipFile, part: str) -> tuple[frozenset[int], frozenset[int]]:
    rows: set[int] = set()
    columns: set[int] = set()
    tail = ""
    with archive.open(part) as stream:
        reader = io.TextIOWrapper(stream, encoding="utf-8", errors="replace")
        while chunk := reader.read(1 << 20):
            text = tail + chunk
            cut = text.rfind("<")
            text, tail = text[:cut], text[cut:]
            start = 0
            while (found := text.find('hidden="', start)) != -1:
                start = found + 8
                tag_start = text.rfind("<", 0, found)
                tag_end = text.find(">", found)
                tag = text[tag_start:tag_end]
                attrs = dict(_ATTR.findall(tag))
                if attrs.get("hidden") not in ("1", "true"):
                    continue
                name = tag[1:].split(None, 1)[0].split(":")[-1]
                if name == "row" and attrs.get("r", "").isdigit():
                    rows.add(int(attrs["r"]) - 1)
                elif name == "col" and attrs.get("min", "").isdigit():
                    columns.update(range(int(attrs["min"]) - 1, int(attrs.get("max", attrs["min"]))))
    return frozenset(rows), frozenset(columns)


def _add_hidden(path: Path, sheets: list[Sheet]) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive)
            for sheet in sheets:
                part = parts.get(sheet.name)
                if part and part in archive.namelist():
                    sheet.hidden_rows, sheet.hidden_columns = _hidden_in(archive, part)
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError, SafeET.ParseError, ValueError):
        pass  # visibility is a nicety; the values were already read


# --- CSV ------------------------------------------------------------------------------------------


_ENCODINGS = ("utf-8", "cp932", "euc_jp")  # what Japanese offices actually export, most likely first


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode a CSV export: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's «Unicode テキスト»),
    Shift_JIS/CP932, EUC-JP. Anything else is refused with the first undecodable byte: guessing
    an encoding would turn names into mojibake that then matches nothing."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    first_error = None
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as error:
            first_error = first_error or error
    line = data[: first_error.start].count(b"\n") + 1
    raise InputError(
        Location(path, row=line),
        f"invalid bytes at byte {first_error.start} (the file is neither UTF-8 nor Shift_JIS text)",
        "save the file again from Excel as «CSV UTF-8 (コンマ区切り)» or «CSV (コンマ区切り)»",
    ) from None


def _read_csv(path: Path) -> Workbook:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise InputError(path, f"refused: the CSV is {size >> 20} MB (limit {MAX_CSV_BYTES >> 20} MB)")
    text, encoding = decode_text(path, path.read_bytes())
    text = text.replace("\x00", "")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise InputError(path, f"the CSV cannot be parsed ({error})", "save it again from Excel as CSV") from None
    return Workbook(path, "csv", [Sheet(path.stem, rows)], encoding=encoding)
