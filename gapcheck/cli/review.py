"""`gapcheck review`: the review workbook out, people's decisions back in."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from gapcheck.cli.options import column_option, echo, lang_option, output_file
from gapcheck.messages import _
from gapcheck.model import FeatureStatus
from gapcheck.outputs.i18n import label
from gapcheck.readers.inventory import ROLES
from gapcheck.workflows.review import import_review, write_review_workbook


@click.group(invoke_without_command=True)
@click.option("--spec", "spec_path", type=click.Path(path_type=Path), help="Spec JSON (see `gapcheck spec`).")
@click.option("--inventory", "inventory_path", type=click.Path(path_type=Path), help="Vendor inventory (.xlsx .xlsm .xls .ods .csv).")
@click.option("--decisions", type=click.Path(path_type=Path), help="Decisions file from `gapcheck review import` (must exist): decided features are not asked again.")
@column_option(ROLES)
@click.option("--sheet", help="Read only this sheet of the inventory.")
@click.option("--layout", type=click.Path(path_type=Path), help="Layout file (JSON) for an unusual inventory layout.")
@lang_option
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Review workbook to write (.xlsx; a folder: review.xlsx inside it).")
@click.pass_context
def review(ctx, spec_path, inventory_path, decisions, columns, sheet, layout, lang, out):
    """Write a review workbook of the features the matcher is unsure of.

    \b
      gapcheck review --spec SPEC --inventory INV [--decisions FILE] -o REVIEW.xlsx
      gapcheck review import REVIEW.xlsx --into DECISIONS.json [--by NAME]
    """
    if ctx.invoked_subcommand is not None:
        return
    missing = [name for name, value in (("--spec", spec_path), ("--inventory", inventory_path), ("-o", out)) if value is None]
    if missing:
        raise click.UsageError(_("missing {options} (or use `gapcheck review import`)", options=", ".join(missing)))
    out = output_file(out, "review.xlsx")
    written = write_review_workbook(
        spec_path, inventory_path, out, decisions=decisions, sheet=sheet, columns=columns, layout=layout, lang=lang
    )
    spec, result = written.spec, written.result
    counts = Counter(fm.status for fm in result.features)
    echo(", ".join(f"{label(status, lang)} {counts[status]}" for status in FeatureStatus))
    for fm in result.features:
        if fm.unknown_refs:
            echo(_("  {feature}: cites ids not in {spec}: {ids}", feature=fm.feature, spec=spec.label, ids="、".join(fm.unknown_refs)))
    for stale in result.stale_decisions:
        what = _("its feature is no longer in the inventory") if stale.feature_missing else (
            _("{ids} no longer in {spec}", ids="、".join(stale.missing_requirements), spec=spec.label)
        )
        echo(_("  stale decision for {feature}: {why}", feature=stale.decision.feature, why=what))
    echo(_("wrote {path}: {count} features to review", path=out, count=written.asked))


@review.command("import")
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--into", required=True, type=click.Path(path_type=Path), help="Decisions file to add the decisions to (created if missing; a folder: decisions.json inside it).")
@click.option("--by", help="Who decided, for rows whose 判断者 cell is blank.")
def import_command(workbook, into, by):
    """Take the decisions of a filled review workbook into the decisions file.

    Every invalid cell is listed with sheet, row and column; then nothing is imported. Decisions
    for other features already in the file are kept; the previous file goes to .gapcheck-history/.
    """
    into = output_file(into, "decisions.json")
    done = import_review(workbook, into, by=by)
    imported, merged = done.imported, done.decisions
    for stray in imported.strays:
        echo(_("warning: {warning}", warning=stray), err=True)
    actions = Counter(d.action.value for d in imported.decisions)
    detail = ", ".join(f"{action} {n}" for action, n in sorted(actions.items()))
    echo(_("took over {count} decisions ({detail}), {undecided} rows undecided; {path} now holds {total}",
           count=len(imported.decisions), detail=detail or _("none"), undecided=imported.undecided, path=into,
           total=len(merged.decisions)))
