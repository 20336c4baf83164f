"""The spec diff as a workbook: sheets 概要 / 追加 / 削除 / 変更 / 番号変更.

Text from the specs is always written as text (gapcheck.outputs.xlsx). On the 変更 sheet, the
差分 column shows a text difference in one cell: deletions struck through in red, insertions
underlined in green.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.workbook import Workbook

from gapcheck.outputs import xlsx
from gapcheck.outputs.i18n import format_value, label, phrase
from gapcheck.rules.diff import Change, FieldChange, Op, SpecDiff, category_effect

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

    def table(sheet, columns: list[tuple[str, float]], rows) -> None:
        xlsx.table(sheet, [(t(key), width) for key, width in columns], rows)

    summary = workbook.active
    summary.title = t("summary")
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
        workbook.create_sheet(sheet_name(Change.ADDED)),
        described + [("effective_from", 12), ("effect", 14)],
        ([*requirement(r), show(r.effective_from), effect_label(category_effect(None, r.category))] for r in diff.added),
    )
    table(workbook.create_sheet(sheet_name(Change.REMOVED)), described, (requirement(r) for r in diff.removed))

    changed = workbook.create_sheet(sheet_name(Change.CHANGED))
    fields = [(change, field) for change in diff.changed + diff.renumbered for field in change.changes]
    table(
        changed,
        [("old_id", 11), ("new_id", 11), ("name", 30), ("field", 14), ("old", 45), ("new", 45), ("difference", 55),
         ("effect", 14)],
        ([change.old.id, change.new.id, change.new.name, label(field.field, lang), show(field.old), show(field.new),
          None, effect_label(field.effect)] for change, field in fields),
    )
    for index, (_, field) in enumerate(fields, start=2):
        difference = _difference(field)
        if difference is not None:
            cell = changed.cell(row=index, column=7)
            cell.value = difference
            cell.alignment = xlsx.WRAP

    renumbered = workbook.create_sheet(sheet_name(Change.RENUMBERED))
    table(
        renumbered,
        [("old_id", 11), ("new_id", 11), ("score", 10), ("name", 36), ("field", 30)],
        ([change.old.id, change.new.id, round(change.score, 4), change.new.name,
          "、".join(label(f, lang) for f in change.fields) or t("none")] for change in diff.renumbered),
    )
    for index in range(2, len(diff.renumbered) + 2):
        renumbered.cell(row=index, column=3).number_format = "0.00"
    return workbook


def write_xlsx(diff: SpecDiff, path: str | Path, lang: str = "ja") -> None:
    xlsx.save(build_workbook(diff, lang), path)
