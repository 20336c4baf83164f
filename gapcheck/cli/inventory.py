"""`gapcheck inventory …`: vendors' feature inventories (機能一覧 / 適合表)."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import click

from gapcheck import notes
from gapcheck.cli.options import column_option, echo, lang_option, table
from gapcheck.files.spec_json import load_spec
from gapcheck.messages import _
from gapcheck.model import InventoryKind, Note, Support
from gapcheck.outputs.i18n import label
from gapcheck.readers.inventory import ROLES, read_inventory, unknown_refs

_LISTED = 8  # rows listed per group of skipped rows or unknown IDs


@click.group()
def inventory() -> None:
    """Vendors' feature inventories: 機能一覧 (their own features) or 適合表 (the standard's IDs, marked)."""


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:_LISTED]))
    return shown + (_(" … ({count} rows)", count=len(numbers)) if len(numbers) > _LISTED else "")


@inventory.command("inspect")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--sheet", help="Read only this sheet (default: every sheet that holds a list).")
@column_option(ROLES)
@click.option("--layout", type=click.Path(path_type=Path), help="Layout file (JSON, see schemas/layout.schema.json).")
@click.option("--spec", "spec_path", type=click.Path(path_type=Path),
              help="Also check the cited IDs against this spec.")
@click.option("--features", "shown", type=int, default=10, show_default=True, help="How many features to list.")
@lang_option
def inspect_command(file, sheet, columns, layout, spec_path, shown, lang):
    """Show what gapcheck reads from FILE: sheets used and skipped, header rows, the column of
    each role, the kind of inventory and why, features, rows skipped and why, and warnings."""
    spec = load_spec(spec_path) if spec_path else None
    read = read_inventory(file, sheet=sheet, columns=columns or None, layout=layout)
    encoding = f", {read.encoding}" if read.encoding else ""
    echo(f"{file} ({read.format}{encoding})")
    echo(_("kind: {label} ({kind}): {reason}", label=label(read.kind), kind=read.kind.value, reason=notes.text(read.kind_reason, lang)))

    echo("\n" + _("sheets:"))
    for use in read.sheets:
        if not use.used:
            echo(_("  {sheet}: skipped, {reason}", sheet=use.name, reason=notes.text(use.reason, lang)))
            continue
        echo(_("  {sheet}: {count} features, header row {rows}", sheet=use.name, count=use.rows,
               rows="+".join(map(str, use.header_rows))))
        for role in ROLES:
            if role in use.columns:
                echo(f"    {role:8} {use.columns[role]}")
        for note in use.notes:
            echo(_("    note: {note}", note=notes.text(note, lang)))
        for column in use.hidden_columns:
            echo(_("    hidden column: {column}", column=column.label) + (_(" (used, as named)") if column.used else _(" (not used)")))
        if use.hidden_rows:
            echo(_("    hidden rows read as data: {rows}", rows=_rows(list(use.hidden_rows))))

    features = read.features
    marks = Counter(f.support for f in features)
    tally = ", ".join(f"{label(s)} {marks[s]}" for s in Support if marks[s])
    citing = sum(1 for f in features if f.refs)
    unmarked = _(", no mark {count}", count=marks[None]) if marks[None] else ""
    echo("\n" + _("features: {count} (marks: {marks}{unmarked}; {citing} cite standard IDs)",
                  count=len(features), marks=tally or _("none"), unmarked=unmarked, citing=citing))

    if read.skipped:
        groups: dict[tuple[str, Note], list[int]] = defaultdict(list)
        headings = []
        for skipped in read.skipped:
            if skipped.reason.code == "section_heading":
                headings.append(skipped)
            else:
                groups[(skipped.sheet, skipped.reason)].append(skipped.row)
        echo("\n" + _("rows skipped: {count}", count=len(read.skipped)))
        for (sheet_name, reason), numbers in groups.items():
            echo(f"  {sheet_name}: {notes.text(reason, lang)}: {_rows(numbers)}")
        for skipped in headings[: _LISTED * 2]:
            echo(_("  {sheet} row {row}: {reason}", sheet=skipped.sheet, row=skipped.row, reason=notes.text(skipped.reason, lang)))
        if len(headings) > _LISTED * 2:
            echo(_("  … {count} more section headings", count=len(headings) - _LISTED * 2))

    warnings = [notes.warning_text(warning, lang) for warning in read.warnings]
    if spec is not None:
        missing: dict[str, list[int]] = defaultdict(list)
        for feature, ref in unknown_refs(read, spec):
            missing[ref].append(feature.row)
        for ref, numbers in missing.items():
            warnings.append(_("{id} (row {rows}) is not an ID of {spec}", id=ref, rows=_rows(numbers), spec=spec.label))
        cited = {ref for f in features for ref in f.refs}
        absent = [r.id for r in spec.requirements if r.id not in cited]
        total = len(spec.requirements)
        echo("\n" + _("{spec}: {cited} of {total} requirements cited by ID", spec=spec.label, cited=total - len(absent), total=total))
        if read.kind is InventoryKind.CONFORMANCE and absent:
            listed = ", ".join(f"{r} {spec.by_id[r].name}" for r in absent[:_LISTED])
            echo(_("  not in this 適合表: {ids}", ids=listed) + (f" … ({len(absent)})" if len(absent) > _LISTED else ""))
    if warnings:
        echo("\n" + _("warnings ({count}):", count=len(warnings)))
        for warning in warnings:
            echo(f"  {warning}")

    if shown > 0 and features:
        echo("\n" + _("first {count} features:", count=min(shown, len(features))))
        rows = [
            [
                f.key,
                f"{f.sheet}!{f.row}" if sum(u.used for u in read.sheets) > 1 else f.row,
                "/".join(f.section),
                f.name.replace("\n", " "),
                " ".join(f.refs + f.bad_refs),
                f.support_raw or "-",
            ]
            for f in features[:shown]
        ]
        echo(table([_("key"), _("row"), _("section"), _("name"), _("refs"), _("mark")], rows))
