"""`gapcheck budget`: the budget annex for planners, from result folders."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck.cli.options import echo, echo_conflicts, formats_option, lang_option, table
from gapcheck.messages import _
from gapcheck.outputs.budget import RENDERERS, policy_label, write_budget
from gapcheck.model import Role
from gapcheck.outputs.i18n import phrase
from gapcheck.rules.budget import make
from gapcheck.workflows.results import read_results


@click.command("budget")
@click.argument("results", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--out", required=True, type=click.Path(path_type=Path), help="Folder for budget.xlsx and budget.html."
)
@formats_option(tuple(RENDERERS), "Comma-separated: xlsx, html.")
@lang_option
def budget(results, out, formats, lang):
    """Counts and estimated costs per business area, response (対応方針) and fiscal year.

    RESULTS are output folders of `gapcheck check --answers` (or folders holding several). Items
    without an answer are counted as 未回答 with an unknown cost, never left out. Totals count the
    current check of each area: procurement candidates and checks superseded by a later edition of
    the same system are shown apart.
    """
    documents = read_results(results)
    annex = make(documents)
    documents = [document for document, _folder in documents]
    rows = [
        [
            policy_label(p, lang),
            annex.total(policy=p).count,
            phrase("budget.unknown", lang) if p is None else f"{annex.total(policy=p).cost:,}",
        ]
        for p in annex.policies
    ]
    rows.append([phrase("budget.total", lang), annex.total().count, f"{annex.total().cost:,}"])
    echo(table(["", phrase("budget.count", lang), phrase("budget.cost", lang)], rows))
    for source in annex.sources:
        if not source.answered:
            echo(_("note: {path} was checked without --answers; its items count as not answered", path=source.path), err=True)
        if source.role is not Role.CURRENT:
            why = (_("a procurement candidate") if source.role is Role.CANDIDATE
                   else _("superseded by a later edition or check of the same system"))
            echo(_("note: {path} ({area} / {system} {version}) is {why}: shown apart, not in the totals",
                   path=source.path, area=source.area, system=source.system, version=source.version, why=why), err=True)
    echo_conflicts(documents)
    for path in write_budget(annex, out, formats, lang):
        echo(_("wrote {path}", path=path))
