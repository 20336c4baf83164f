"""What readers notice about their input, as sentences: each note code's English message id, and
its rendering in a language through the message catalog (gapcheck.messages).

The model and gapcheck's JSON files keep notes as codes with parameters (`model.Note`), so one
result.json renders in the language of each report made from it (a report's language may differ
from the console's). A file written before notes had codes holds sentences: they are shown as
they are.
"""

from __future__ import annotations

from gapcheck.messages import N_, translate
from gapcheck.model import Note, ReadWarning

# code → English message id; {name} fields are filled from the note's parameters
MESSAGES: dict[str, str] = {
    # rows of an inventory that are not features
    "blank_row": N_("blank row"),
    "section_heading": N_("section heading «{text}»"),
    "header_repeated": N_("the header repeated"),
    "no_name": N_("no feature name"),
    "no_name_or_id": N_("no feature name or standard ID"),
    # cells of an inventory
    "ref_range": N_("'{first}～{last}' looks like a range; only its two ends were taken (list every ID)"),
    "ref_not_taken": N_("{why}; not taken as a standard ID"),
    "unknown_mark": N_("unknown support mark '{mark}' (read as no mark; map it with a layout file's support_marks)"),
    "hidden_rows": N_("hidden in Excel, but read as data (a filter may have hidden the rows)"),
    "key_repeated_vendor_id": N_("vendor ID '{value}' is listed again (first at sheet '{first_sheet}' row {first_row}); keyed '{key}'"),
    "key_repeated_standard_id": N_("standard ID {value} is listed again (first at sheet '{first_sheet}' row {first_row}); keyed '{key}'"),
    "key_repeated_name": N_("'{value}' is listed again (first at sheet '{first_sheet}' row {first_row}); keyed '{key}'"),
    "key_repeated_name_in_section": N_("'{value}' in {section} is listed again (first at sheet '{first_sheet}' row {first_row}); keyed '{key}'"),
    "mixed_kinds": N_("some sheets look like a 適合表 and some like a catalog; all are read as a catalog (a blank mark means the feature exists); set kind in a layout file if that is wrong"),
    "cell_left_out": N_("a cell lies far outside the rest of the sheet ({kept}) and was not read: {cells}; if that was a slip, delete it in Excel (Ctrl+End jumps to the last used cell) and save; if it belongs to the list, move it next to the rest"),
    "cells_left_out": N_("{count} cells lie far outside the rest of the sheet ({kept}) and were not read: {cells}; if that was a slip, delete them in Excel (Ctrl+End jumps to the last used cell) and save; if they belong to the list, move them next to the rest"),
    # columns of an inventory's sheet
    "key_vendor_numbers": N_("{column} holds the vendor's own numbers, not standard IDs: used as key"),
    "key_counts_rows": N_("{column} only counts rows (1, 2, 3 …), so it is not used as the key"),
    # why a sheet was skipped
    "not_a_list": N_("not a feature list (legend, change history, cover)"),
    "hidden_sheet": N_("hidden sheet"),
    "no_header": N_("no feature-list header"),
    "header_without_rows": N_("a header (row {rows}) but no data rows below it"),
    # why an inventory is a catalog (機能一覧) or a 適合表
    "kind_layout": N_("as the layout file says"),
    "kind_no_ref": N_("no column of standard IDs"),
    "kind_no_support": N_("{ref} cites standard IDs but there is no support column"),
    "kind_vendor_key": N_("{key} holds the vendor's own IDs"),
    "kind_conformance": N_("{ref} cites one standard ID in {single} of {rows} rows, none twice, with marks in {support} and no vendor key"),
    "kind_few_single": N_("only {single} of {rows} rows cite exactly one standard ID (a 適合表 has one per row, at least {share:.0%})"),
    "kind_few_single_repeated": N_("only {single} of {rows} rows cite exactly one standard ID and {repeated} IDs are cited again (a 適合表 has one per row, at least {share:.0%})"),
    # why a value is not a standard ID (rules/ids.py)
    "id_not_id": N_("'{raw}' is not an ID"),
    "id_not_whole": N_("'{raw}' is not a whole number"),
    "id_empty": N_("the ID is empty"),
    "id_not_digits": N_("'{raw}' has characters other than digits"),
    "id_too_long": N_("'{raw}' has {digits} digits; a standard ID has {width}"),
    "id_too_short": N_("'{raw}' has only {digits} digits; a standard ID has {width}"),
    "id_split_not_digits": N_("'{code}' + '{serial}' is not a 業務コード and a serial number"),
    "id_split_too_long": N_("'{code}' + '{serial}' is longer than a {width}-digit ID"),
    "id_cell_empty": N_("the ID cell is empty or holds an Excel error value (#N/A, #REF!)"),
    "id_not_section_number": N_("'{raw}' is not a section number like 1.1.2"),
}

# where a warning applies: sheet, rows, column
_ROW = N_("row {row}")
_ROWS = N_("rows {rows}")
_MANY_ROWS = N_("rows {rows} … ({count} rows)")
_PLACES = {
    (False, False): N_("sheet '{sheet}': {message}"),
    (True, False): N_("sheet '{sheet}' {rows}: {message}"),
    (False, True): N_("sheet '{sheet}', column {column}: {message}"),
    (True, True): N_("sheet '{sheet}' {rows}, column {column}: {message}"),
}


def message_ids() -> tuple[str, ...]:
    """Every English message id a note may be rendered with (for the catalog's tests)."""
    return (*MESSAGES.values(), _ROW, _ROWS, _MANY_ROWS, *_PLACES.values())


def text(note: Note | str, lang: str) -> str:
    """The note as a sentence in `lang`; a sentence read from an older file as it is."""
    if isinstance(note, str):
        return note
    params = {name: text(value, lang) if isinstance(value, Note) else value for name, value in note.params.items()}
    return translate(MESSAGES[note.code], lang, **params)


def warning_text(warning: ReadWarning | str, lang: str) -> str:
    """A warning with the sheet, rows and column it applies to, in `lang` (an older file's sentence as it is)."""
    if isinstance(warning, str):
        return warning
    rows = ""
    if warning.rows:
        shown = ", ".join(map(str, warning.rows))
        if len(warning.rows) == 1 and warning.row_count <= 1:
            rows = translate(_ROW, lang, row=shown)
        elif warning.row_count > len(warning.rows):
            rows = translate(_MANY_ROWS, lang, rows=shown, count=warning.row_count)
        else:
            rows = translate(_ROWS, lang, rows=shown)
    place = _PLACES[(bool(rows), bool(warning.column))]
    return translate(place, lang, sheet=warning.sheet, rows=rows, column=warning.column,
                     message=text(warning.note, lang))
