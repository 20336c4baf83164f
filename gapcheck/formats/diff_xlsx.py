"""The spec diff as a workbook: sheets 概要 / 追加 / 削除 / 変更 / 番号変更.

Text from the specs is always written as text (gapcheck.formats.xlsx). On the 変更 sheet, the
差分 column shows a text difference in one cell: deletions struck through in red, insertions
underlined in green.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.workbook import Workbook

from gapcheck.diff import Change, FieldChange, Op, SpecDiff, category_effect
from gapcheck.formats import xlsx
from gapcheck.i18n import format_value, label, phrase

_RUN_FONTS = {
    Op.EQUAL: InlineFont(rFont=xlsx.FONT_NAME, sz=10),
    Op.DELETE: InlineFont(rFont=xlsx.FONT_NAME, sz=10, strike=True, color="FF82071E"),
    Op.INSERT: InlineFont(rFont=xlsx.FONT_NAME, sz=10, u="single", color="FF116329"),
}


def _difference(change: FieldChange) -> CellRichText | None:
    if not change.segments:
        return None
    runs = [TextBlock(_RUN_FONTS[s.op], xlsx.as_text(s.text)) for s in change.segments if s.text]
    if sum(len(r.text) for r in runs) > xlsx.MAX_CELL:
        return None  # too long for one cell; 旧 and 新 still show both texts
    return CellRichText(runs)


def build_workbook(diff: SpecDiff, lang: str = "ja") -> Workbook:
    def t(key: str) -> str:
        return phrase(key, lang)

    def show(value: object) -> str:
        return format_value(value, lang)

    def sheet_name(change: Change) -> str:
        return label(change, lang).capitalize()

    def effect_label(effect) -> str:
        return label(effect, lang) if effect else ""

    workbook = Workbook()
    summary = workbook.active
    summary.title = t("summary")
    xlsx.header_row(summary, [t("summary"), t("count")], [52, 12])
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
    for index, row in enumerate(rows, start=2):
        xlsx.write_row(summary, index, row)
    xlsx.finish_sheet(summary)

    added = workbook.create_sheet(sheet_name(Change.ADDED))
    xlsx.header_row(
        added,
        [t("id"), t("kind"), t("category"), t("name"), t("text"), t("section"), t("effective_from"), t("effect")],
        [11, 10, 14, 30, 60, 36, 12, 14],
    )
    for index, r in enumerate(diff.added, start=2):
        xlsx.write_row(
            added,
            index,
            [r.id, label(r.kind, lang), label(r.category, lang), r.name, r.text, show(r.section),
             show(r.effective_from), effect_label(category_effect(None, r.category))],
        )
    xlsx.finish_sheet(added)

    removed = workbook.create_sheet(sheet_name(Change.REMOVED))
    xlsx.header_row(
        removed,
        [t("id"), t("kind"), t("category"), t("name"), t("text"), t("section")],
        [11, 10, 14, 30, 60, 36],
    )
    for index, r in enumerate(diff.removed, start=2):
        xlsx.write_row(
            removed, index, [r.id, label(r.kind, lang), label(r.category, lang), r.name, r.text, show(r.section)]
        )
    xlsx.finish_sheet(removed)

    changed = workbook.create_sheet(sheet_name(Change.CHANGED))
    xlsx.header_row(
        changed,
        [t("old_id"), t("new_id"), t("name"), t("field"), t("old"), t("new"), t("difference"), t("effect")],
        [11, 11, 30, 14, 45, 45, 55, 14],
    )
    index = 2
    for change in diff.changed + diff.renumbered:
        for field in change.changes:
            xlsx.write_row(
                changed,
                index,
                [change.old.id, change.new.id, change.new.name, label(field.field, lang), show(field.old),
                 show(field.new), None, effect_label(field.effect)],
            )
            difference = _difference(field)
            if difference is not None:
                cell = changed.cell(row=index, column=7)
                cell.value = difference
                cell.alignment = xlsx.WRAP
            index += 1
    xlsx.finish_sheet(changed)

    renumbered = workbook.create_sheet(sheet_name(Change.RENUMBERED))
    xlsx.header_row(
        renumbered,
        [t("old_id"), t("new_id"), t("score"), t("name"), t("field")],
        [11, 11, 10, 36, 30],
    )
    for index, change in enumerate(diff.renumbered, start=2):
        fields = "、".join(label(f, lang) for f in change.fields) or t("none")
        xlsx.write_row(renumbered, index, [change.old.id, change.new.id, round(change.score, 4), change.new.name, fields])
        renumbered.cell(row=index, column=3).number_format = "0.00"
    xlsx.finish_sheet(renumbered)
    return workbook


def write_xlsx(diff: SpecDiff, path: str | Path, lang: str = "ja") -> None:
    xlsx.save(build_workbook(diff, lang), path)
