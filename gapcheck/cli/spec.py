"""`gapcheck spec …`: import, validate and show standard specifications."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from gapcheck.cli.options import column_option, date_option, echo, output_file, pairs, table
from gapcheck.files.spec_json import WHAT, load_spec, spec_problems, write_spec
from gapcheck.jsonfile import NOT_VALID, read_json
from gapcheck.messages import _, language
from gapcheck.model import Category, Kind, SpecSource
from gapcheck.outputs.i18n import label, phrase
from gapcheck.readers.spec_import import ROLES, import_spec
from gapcheck.rules.areas import area_slug, edition_slug


@click.group()
def spec() -> None:
    """Standard specifications (標準仕様書) as validated JSON."""


@spec.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--area", required=True, help="Business area in Japanese, e.g. 住民記録.")
@click.option("--version", "version", required=True, help="Edition as published, e.g. 第1.0版.")
@click.option("-o", "--out", required=True, type=click.Path(path_type=Path),
              help="Spec JSON to write (a folder: AREA-EDITION.json inside it, e.g. juki-1.0.json).")
@click.option("--sheet", help="Read only this sheet (default: every sheet that holds a list).")
@column_option(ROLES)
@click.option(
    "--class",
    "class_map",
    multiple=True,
    metavar="LABEL=CLASS",
    callback=pairs(values=tuple(c.value for c in Category), option="--class"),
    help="Map a class label the importer does not know, e.g. --class 任意=optional; repeatable.",
)
@click.option("--kind", type=click.Choice([k.value for k in Kind]), help="Kind of every requirement (default: from the ID header).")
@click.option("--code", help="3-digit 業務コード (default: from the IDs).")
@date_option("--published", "Publication date of the edition.")
@click.option("--title", help="Title of the source document, for attribution.")
@click.option("--publisher", help="Ministry or agency that published it, e.g. 総務省.")
@click.option("--url", help="Where the source was published.")
@click.option("--sample", is_flag=True, help="Mark as sample data (not a government publication).")
def import_command(sources, area, version, out, sheet, columns, class_map, kind, code, published, title, publisher, url, sample):
    """Convert the ministries' requirement workbooks (.xlsx/.xlsm/.xls/.ods/.csv) into a spec.

    Finds the header row itself (title rows, two-row merged headers, legend sheets); name columns
    with --column when it cannot. Several SOURCES (e.g. 機能要件 and 帳票要件) make one spec.
    """
    out = output_file(out, f"{area_slug(area)}-{edition_slug(version)}.json")
    source = SpecSource(title=title, publisher=publisher, url=url)
    labels = {given: Category(category) for given, category in class_map.items()}
    result, report = import_spec(
        list(sources),
        area=area,
        version=version,
        sheet=sheet,
        columns=columns,
        kind=Kind(kind) if kind else None,
        class_map=labels,
        code=code,
        published=published,
        source=source,
        sample=sample,
    )
    write_spec(result, out)
    for sheet_label, what in report.sheets:
        echo(f"{sheet_label}: {what}")
    for skipped in report.skipped_rows:
        echo(_("  skipped {row}", row=skipped))
    for warning in report.warnings:
        echo(_("warning: {warning}", warning=warning))
    counts = Counter(r.category for r in result.requirements)
    summary = ", ".join(f"{label(c, language())} {counts[c]}" for c in Category)
    echo(_("wrote {path}: {count} requirements ({classes})", path=out, count=len(result.requirements), classes=summary))


@spec.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
def validate_command(file):
    """Check a spec file against the shipped schema; list every violation with its JSON path.

    Exits 0 when valid, 2 otherwise.
    """
    found = spec_problems(file, read_json(file, "gapcheck-spec"))
    for problem in found:
        echo(str(problem))
    if found:
        echo(_(NOT_VALID, path=file, what=_(WHAT), count=len(found)), err=True)
        raise SystemExit(2)
    echo(_("{path}: valid", path=file))


@spec.command("show")
@click.argument("file", type=click.Path(path_type=Path))
def show_command(file):
    """Summarise a spec: counts per kind and class, and its sections."""
    loaded = load_spec(file)
    flags = _(" (sample data)") if loaded.sample else ""
    echo(f"{loaded.area} {loaded.version}{flags}")
    if loaded.business_code:
        echo(_("business code: {code}", code=loaded.business_code))
    if loaded.published:
        echo(_("published: {date}", date=loaded.published.isoformat()))
    if loaded.source.attribution:
        echo(_("source: {attribution}", attribution=loaded.source.attribution))
    lang = language()
    counts = Counter((r.kind, r.category) for r in loaded.requirements)
    total = phrase("report.total", lang)
    rows = [
        [label(kind, lang), *(counts[(kind, c)] for c in Category), sum(counts[(kind, c)] for c in Category)]
        for kind in Kind
        if any(counts[(kind, c)] for c in Category)
    ]
    rows.append([total, *(sum(counts[(k, c)] for k in Kind) for c in Category), len(loaded.requirements)])
    echo("\n" + table(["", *(label(c, lang) for c in Category), total], rows))
    sections = Counter(r.section[0] for r in loaded.requirements if r.section)
    if sections:
        echo("\n" + _("sections:"))
        for name, count in sections.items():
            echo(f"  {name}: {count}")
