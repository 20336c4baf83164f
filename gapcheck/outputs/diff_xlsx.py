"""The spec diff as a workbook: sheets 概要 / 追加 / 削除 / 変更 / 番号変更.

Text from the specs is always written as text (gapcheck.outputs.xlsx). On the 変更 sheet, the
差分 column shows a text difference in one cell: deletions struck through in red, insertions
underlined in green.
"""

from __future__ import annotations

from pathlib import Path

from gapcheck.outputs import xlsx
from gapcheck.outputs.i18n import format_value, label, phrase
from gapcheck.rules.diff import Change, FieldChange, Op, SpecDiff, category_effect

_RUN_FONTS = {
    Op.EQUAL: xlsx.FONT,
    Op.DELETE: {**xlsx.FONT, "font_strikeout": True, "font_color": "#82071E"},
    Op.INSERT: {**xlsx.FONT, "underline": 1, "font_color": "#116329"},
}
_DIFFERENCE = 6  # the column of the 変更 sheet that shows the difference


def _write_difference(book: xlsx.Book, sheet, row: int, change: FieldChange) -> None:
    """The difference of a text in one cell, as rich text: each run in its font."""
    runs = [(s.op, xlsx.as_text(s.text)) for s in change.segments if s.text]
    if not runs or sum(len(text) for _, text in runs) > xlsx.MAX_CELL:
        return  # nothing to show, or too long for one cell; 旧 and 新 still show both texts
    if len(runs) == 1:  # rich text has two runs at least: one run is split, or one character a plain cell
        op, text = runs[0]
        if len(text) == 1:
            sheet.write_string(row, _DIFFERENCE, text, book.format(xlsx.BODY, **_RUN_FONTS[op]))
            return
        runs = [(op, text[:1]), (op, text[1:])]
    parts = [part for op, text in runs for part in (book.format(_RUN_FONTS[op]), text)]
    sheet.write_rich_string(row, _DIFFERENCE, *parts, book.format(xlsx.BODY))


def build_workbook(diff: SpecDiff, lang: str = "ja") -> bytes:
    def t(key: str) -> str:
        return phrase(key, lang)

    def show(value: object) -> str:
        return format_value(value, lang)

    def sheet_name(change: Change) -> str:
        return label(change, lang).capitalize()

    def effect_label(effect) -> str:
        return label(effect, lang) if effect else ""

    book = xlsx.Book()

    def table(sheet, columns: list[tuple[str, float]], rows, column_styles=None) -> None:
        xlsx.table(book, sheet, [(t(key), width) for key, width in columns], rows, column_styles)

    summary = book.sheet(t("summary"))
    rows: list[list[object]] = [
        [f"{t('diff.old_edition')}: {diff.old.label} – {t('requirements')}", len(diff.old.requirements)],
        [f"{t('diff.new_edition')}: {diff.new.label} – {t('requirements')}", len(diff.new.requirements)],
        *([label(change, lang), n] for change, n in diff.counts.items()),
        [t("diff.work"), diff.work],
        *([f"{t('field')}: {label(field, lang)}", n] for field, n in diff.field_counts.items() if n),
        [t("diff.threshold"), diff.renumber_threshold],
    ]
    if diff.old.sample or diff.new.sample:
        rows.append([t("sample"), ""])
    table(summary, [("summary", 52), ("count", 12)], rows)

    described = [("id", 11), ("kind", 10), ("category", 14), ("name", 30), ("text", 60), ("section", 36)]

    def requirement(r) -> list[object]:
        return [r.id, label(r.kind, lang), label(r.category, lang), r.name, r.text, show(r.section)]

    table(
        book.sheet(sheet_name(Change.ADDED)),
        described + [("effective_from", 12), ("effect", 14)],
        ([*requirement(r), show(r.effective_from), effect_label(category_effect(None, r.category))] for r in diff.added),
    )
    table(book.sheet(sheet_name(Change.REMOVED)), described, (requirement(r) for r in diff.removed))

    changed = book.sheet(sheet_name(Change.CHANGED))
    fields = [(change, field) for change in diff.changed + diff.renumbered for field in change.changes]
    table(
        changed,
        [("old_id", 11), ("new_id", 11), ("name", 30), ("field", 14), ("old", 45), ("new", 45), ("difference", 55),
         ("effect", 14)],
        ([change.old.id, change.new.id, change.new.name, label(field.field, lang), show(field.old), show(field.new),
          None, effect_label(field.effect)] for change, field in fields),
    )
    for row, (_, field) in enumerate(fields, start=1):
        _write_difference(book, changed, row, field)

    table(
        book.sheet(sheet_name(Change.RENUMBERED)),
        [("old_id", 11), ("new_id", 11), ("score", 10), ("name", 36), ("field", 30)],
        ([change.old.id, change.new.id, round(change.score, 4), change.new.name,
          "、".join(label(f, lang) for f in change.fields) or t("none")] for change in diff.renumbered),
        column_styles={2: {**xlsx.BODY, "num_format": "0.00"}},
    )
    return book.close()


def write_xlsx(diff: SpecDiff, path: str | Path, lang: str = "ja") -> None:
    xlsx.save(build_workbook(diff, lang), path)
