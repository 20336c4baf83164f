"""`gapcheck milestones`: gap items against each system's 移行予定日 and 移行期限."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck.cli.options import date_option, echo, echo_conflicts, formats_option, lang_option, pairs, table
from gapcheck.messages import _
from gapcheck.outputs.i18n import label
from gapcheck.outputs.milestones import system_rows
from gapcheck.rules.areas import AREAS
from gapcheck.rules.dates import parse_date
from gapcheck.workflows.milestones import RENDERERS, read_milestones, write_milestones
from gapcheck.workflows.results import read_results


def _deadlines(ctx, param, given: tuple[str, ...]) -> dict:
    deadlines = {}
    for area, written in pairs(option="--deadline")(ctx, param, given).items():
        try:
            deadlines[area] = parse_date(written)
        except ValueError as error:
            raise click.BadParameter(f"{area}: {error}", param_hint="--deadline") from None
        if area not in AREAS:
            echo(_("note: --deadline {area}: not one of the standard's business areas; used as written", area=area), err=True)
    return deadlines


@click.command("milestones")
@click.argument("results", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", required=True, type=click.Path(path_type=Path),
              help="Folder for milestones.html, milestones.xlsx and milestones.md.")
@formats_option(tuple(RENDERERS), "Comma-separated: html, xlsx, md.")
@click.option("--deadline", "deadlines", multiple=True, metavar="AREA=DATE", callback=_deadlines,
              help="移行期限 of a business area over the default (令和7年度末), e.g. 住民記録=2027-03-31; "
              "repeatable. A deadline recorded with a check (its portfolio's) wins.")
@date_option("--today", help_text="The day marked as today [default: today]; for reproducible outputs.")
@lang_option
def milestones(results, out, formats, deadlines, today, lang):
    """The gap items of each check against its system's 移行予定日 and 移行期限.

    \b
    RESULTS are check folders (or folders holding them), typically a `gapcheck run` of a portfolio
    whose systems say `planned` (移行予定日) and maybe `deadline` (移行期限). Shows, per business
    area and system: the items by the fiscal year the vendor promised, those promised after the
    planned date or the deadline, those without an answer, and requirements whose 適合基準日 falls
    after the planned date. Totals count the current check of each area only.
    """
    found = read_milestones(results, today, deadlines)
    rows = [
        [
            r.source.area, r.source.system, r.source.version, label(r.source.role, lang), r.plan.deadline.isoformat(),
            r.plan.planned.isoformat() if r.plan.planned else "—", r.counts.items, r.counts.late, r.counts.after_deadline,
            r.counts.unanswered, len(r.plan.after_go_live),
        ]
        for r in system_rows(found)
    ]
    headers = [_("area"), _("system"), _("edition"), _("counted as"), _("deadline"), _("planned"), _("items"), _("late"),
               _("after deadline"), _("not answered"), _("effective after go-live")]
    echo(table(headers, rows))
    echo_conflicts([document for document, _folder in read_results(list(results))])
    for path in write_milestones(found, out, formats, lang):
        echo(_("wrote {path}", path=path))
