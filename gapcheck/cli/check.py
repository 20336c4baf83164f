"""`gapcheck check`: one spec against one inventory."""

from __future__ import annotations

from pathlib import Path

import click

from gapcheck import notes
from gapcheck.cli.options import column_option, date_option, echo, lang_option, outputs_option
from gapcheck.messages import N_, _, language
from gapcheck.model import Role, SystemInfo, Verdict
from gapcheck.outputs.i18n import label
from gapcheck.readers.inventory import ROLES as INVENTORY_ROLES
from gapcheck.files.result_json import FILE_NAME as RESULT_FILE
from gapcheck.workflows.check import OUTPUTS, CheckJob, check_files


def _verdicts(ctx, param, value: str | None) -> frozenset[Verdict]:
    if not value:
        return frozenset()
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in Verdict._value2member_map_]
    if unknown:
        raise click.BadParameter(_("unknown verdict {unknown} (one of: {verdicts})",
                                   unknown=", ".join(unknown), verdicts=", ".join(v.value for v in Verdict)))
    return frozenset(Verdict(n) for n in names)


def _echo_baseline(section: dict) -> None:
    """What the comparison found, and what was carried over (result.json's `baseline` member)."""
    summary = section["summary"]
    echo(_(
        "compared with {path} ({version}): {changed} verdicts changed, {new_gaps} new gaps from the edition "
        "({added} added, {removed} removed, {renumbered} renumbered, {reclassed} re-classed)",
        path=section["path"], version=section["spec"]["version"], changed=summary["verdicts_changed"],
        new_gaps=summary["new_gaps"], added=summary["added"], removed=summary["removed"],
        renumbered=summary["renumbered"], reclassed=summary["class_changed"],
    ))
    for what, flag in (("decisions", "--save-decisions"), ("answers", "--save-answers")):
        _echo_carried(what, section[what], flag)


# what _echo_carried says of decisions and of answers
_CARRIED = {
    "decisions": (
        N_("decisions: the earlier check's file {path} is not there; nothing carried over"),
        N_("decisions carried over from {path}: {carried}, {changed} of them changed by the edition "
           "(renumbered ids, removed ids); no longer apply: {gone}"),
        N_("  used for this check only: {flag} writes them into the decisions file"),
    ),
    "answers": (
        N_("answers: the earlier check's file {path} is not there; nothing carried over"),
        N_("answers carried over from {path}: {carried}, {changed} of them changed by the edition "
           "(renumbered ids, removed ids); no longer apply: {gone}"),
        N_("  used for this check only: {flag} writes them into the answers file"),
    ),
}


def _echo_carried(what: str, carried: dict, flag: str) -> None:
    missing, done, only_here = _CARRIED[what]
    if "path" not in carried:
        return  # the earlier check had no such file
    if not carried["found"]:
        echo(_(missing, path=carried["path"]))
        return
    changes = carried["changes"]
    # a decision says whether it still applies; an answer that does has a new target
    gone = sum(1 for c in changes if not (c["applies"] if what == "decisions" else "new_target" in c))
    echo(_(done, path=carried["path"], carried=carried["carried"], changed=len(changes) - gone, gone=gone))
    if "saved_to" in carried:
        echo(_("  saved into {path}", path=carried["saved_to"]))
    elif changes:
        echo(_(only_here, flag=flag))


_WARNINGS_SHOWN = 5


def _echo_warnings(inventory) -> None:
    """What reading the inventory warned about (cells not read, marks not understood …)."""
    for warning in inventory.warnings[:_WARNINGS_SHOWN]:
        echo(_("warning: {path}, {warning}", path=inventory.path, warning=notes.warning_text(warning, language())))
    if len(inventory.warnings) > _WARNINGS_SHOWN:
        echo(_("… {count} more warnings in the report (`gapcheck inventory inspect` lists them too)",
               count=len(inventory.warnings) - _WARNINGS_SHOWN))


@click.command("check")
@click.option("--spec", "spec_path", required=True, type=click.Path(path_type=Path), help="Spec JSON (see `gapcheck spec`).")
@click.option("--inventory", required=True, type=click.Path(path_type=Path), help="Vendor inventory (.xlsx .xlsm .xls .ods .csv).")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="Folder for result.json and the reports.")
@click.option("--decisions", type=click.Path(path_type=Path),
              help="Decisions file from `gapcheck review import` (must exist, unless --save-decisions writes it).")
@click.option(
    "--answers",
    type=click.Path(path_type=Path),
    help="Answers file from `gapcheck answers import` (must exist, unless --save-answers writes it): shown in the "
    "reports and carried into gaps.xlsx.",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    metavar="OLD_RESULT_DIR",
    help="Output folder of an earlier check (typically against the previous edition): compare with it, and carry "
    "its decisions and answers over to this spec's edition (renumbered ids included).",
)
@click.option(
    "--save-decisions",
    is_flag=True,
    help="With --baseline: save the decisions used (carried over, with --decisions on top) into the --decisions file.",
)
@click.option(
    "--save-answers",
    is_flag=True,
    help="With --baseline: save the answers used (carried over, with --answers on top) into the --answers file.",
)
@click.option("--sheet", help="Read only this sheet of the inventory.")
@column_option(INVENTORY_ROLES)
@click.option("--layout", type=click.Path(path_type=Path), help="Layout file (JSON) for an unusual inventory layout.")
@click.option("--system", "system_name", help="Name of the system being checked, for the reports.")
@click.option("--vendor", help="Vendor of the system, for the reports.")
@click.option(
    "--role",
    type=click.Choice([Role.CURRENT.value, Role.CANDIDATE.value]),
    help="candidate: a package evaluated in a procurement (調達候補), left out of summary and budget totals "
    "[default: current, unless a later edition of the same system is checked too].",
)
@date_option("--planned", help_text="移行予定日 of the system (2026-01-04 or 令和8年1月4日), for `gapcheck milestones`.")
@date_option("--deadline", help_text="移行期限 of the system [default: the area's, 令和7年度末].")
@lang_option
@outputs_option(
    OUTPUTS,
    RESULT_FILE,
    "the reports can be rendered from it later with `gapcheck report`. Outputs left out that an earlier check "
    "wrote go to .gapcheck-history/.",
)
@click.option(
    "--fail-on",
    callback=_verdicts,
    metavar="VERDICTS",
    help="Exit 1 when any of these verdicts occur, e.g. --fail-on gap,violation (for vendors' pipelines).",
)
def check(spec_path, inventory, out, decisions, answers, baseline, save_decisions, save_answers, sheet, columns, layout,
          system_name, vendor, role, planned, deadline, lang, outputs, fail_on):
    """Check one inventory against one spec and write result.json and the reports into --out."""
    for flag, given, needs in (("--save-decisions", save_decisions, decisions), ("--save-answers", save_answers, answers)):
        if given and not baseline:
            raise click.UsageError(_("{flag} saves what was carried over from a baseline: give --baseline too", flag=flag))
        if given and not needs:
            raise click.UsageError(_("{flag} needs the file to save into: give {option} FILE",
                                     flag=flag, option="--" + flag.removeprefix("--save-")))
    given = {"name": system_name, "vendor": vendor, "role": role and Role(role), "planned": planned, "deadline": deadline}
    system = SystemInfo(**given) if any(given.values()) else None
    job = CheckJob(spec_path, inventory, out, decisions=decisions, answers=answers, sheet=sheet, columns=columns, layout=layout,
                   system=system, lang=lang, baseline=baseline, save_decisions=save_decisions, save_answers=save_answers,
                   outputs=outputs)
    checked = check_files(job)
    summary = checked.result.summary
    for category, counts in summary.verdicts.items():
        echo(f"{label(category, lang)}: " + " / ".join(f"{label(v, lang)} {n}" for v, n in counts.items()))
    if summary.mandatory_fit_rate is not None:
        likely = summary.fit_rate_upper
        upto = _(", up to {rate:.1%} if the likely matches in review hold", rate=likely) if likely else ""
        echo(_("fit rate (実装必須): {rate:.1%}{upto}", rate=summary.mandatory_fit_rate, upto=upto))
    if baseline:
        _echo_baseline(checked.report.document["baseline"])
    _echo_warnings(checked.result.inventory)
    echo(_("wrote {folder}", folder=out))
    found = sorted(v.value for v in fail_on if summary.count(v))
    if found:
        echo(_("failing: {verdicts} found", verdicts=", ".join(found)), err=True)
        raise SystemExit(1)
