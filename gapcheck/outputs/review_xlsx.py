"""The review workbook: the features the matcher was unsure of, for a person to decide.

One row per `review` feature: its name and description, its ranked candidates one a line (ID, name,
score; ⚠ marks contradicting contrast terms), then the yellow answer cells: a
dropdown offering each candidate, 独自機能 (extra) and 対象外 (not a feature); a cell for typing
several requirement ids separated by 、; who decided; a comment; then where the feature is in the
inventory. Every text from the inputs is written as text, never as a formula. The sheet is not
protected, so that it can be sorted, filtered and given columns; it prints on A4 landscape.

Reading it back collects every invalid cell (sheet, row, column, what is wrong) and returns
decisions only when every cell is valid; otherwise one ProblemsError lists them all and nothing is
applied. The spec's ids travel in a very hidden sheet, so typed ids are checked against the spec the
candidates came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from xlsxwriter.utility import xl_col_to_name

from gapcheck.errors import InputError, Location, Problem, ProblemsError
from gapcheck.messages import N_, _
from gapcheck.model import Decision, DecisionAction, FeatureStatus, Inventory, MatchResult, Spec
from gapcheck.outputs import xlsx
from gapcheck.outputs.xlsx import CELLS_REFUSED, CORRECT_CELLS
from gapcheck.readers.workbook import META_SHEET, REVIEW_FORMAT, Sheet, blank, read_workbook
from gapcheck.rules import ids
from gapcheck.text import clean_cell, compact

FORMAT = REVIEW_FORMAT
FORMAT_VERSION = 1
SPEC_SHEET = "_spec"  # the spec's ids and names
CANDIDATES = 5

SHEET = ("要確認", "Review")
HOWTO_SHEET = ("使い方", "How to")
EXTRA = ("独自機能", "extra (独自機能)")
NOT_FEATURE = ("対象外", "not a feature (対象外)")

# (role, (Japanese, English) header, width): what the feature is, its candidates (one a line), the
# answer cells, then where the feature is in the inventory. The widths add up to what A4 landscape
# holds at 80 %, so that the sheet prints at 8 pt or larger.
COLUMNS = (
    ("name", ("機能名", "feature"), 15),
    ("text", ("説明", "description"), 22),
    ("candidates", ("候補（一致度）", "candidates (score)"), 28),
    ("decision", ("判断（選択）", "decision (choose)"), 20),
    ("ids", ("要件ID（複数は「、」区切り）", "requirement ids (several: separated by 、)"), 12),
    ("by", ("判断者", "decided by"), 8),
    ("comment", ("コメント", "comment"), 12),
    ("section", ("区分", "section"), 10),
    ("place", ("シート!行", "sheet!row"), 9),
    ("key", ("機能キー", "feature key"), 8),
)
ANSWERS = ("decision", "ids", "by", "comment")
_HEADERS = {compact(label): role for role, pair, _ in COLUMNS for label in pair}
# Only the hidden sheets are protected (no password): the review sheet is not, so that it can be
# sorted, filtered and given columns in Excel and LibreOffice alike; the import matches rows by the
# feature key and checks every choice against the hidden sheet's options (as gaps.xlsx, docs/outputs.md).
_HIDDEN_PROTECTION = {"objects": True, "scenarios": True}

CHOICE_ERROR = (
    "一覧から選んでください。候補にない要件は「要件ID」の列に入力します。",
    "Choose from the list; type requirements that are not candidates in the ids column.",
)
HOWTO = (
    (
        "このブックには、照合エンジンが自動では対応付けられなかった機能が並んでいます。",
        "This workbook lists the features the matcher could not map on its own.",
    ),
    (
        "「判断（選択）」で、対応する標準仕様書の要件（候補）、独自機能（標準に対応するものがない）又は対象外（機能ではない行）を選んでください。",
        "In 'decision (choose)', pick the requirement of the standard it corresponds to, extra (nothing in the standard corresponds) or not a feature.",
    ),
    (
        "複数の要件に当たる場合や候補にない要件の場合は、「要件ID」に機能IDを「、」区切りで入力してください（選択と併せる場合は、選んだIDも含めてください）。",
        "If it covers several requirements, or one that is not a candidate, type their ids in 'requirement ids', separated by 、 (include the chosen id if you also choose one).",
    ),
    (
        "判断者を記入し、`gapcheck review import このファイル --into decisions.json` で取り込みます。誤りがあるとセルごとに表示され、何も取り込まれません。",
        "Fill in who decided and import with `gapcheck review import THIS_FILE --into decisions.json`; any invalid cell is reported and nothing is imported.",
    ),
    ("⚠ は、機能と候補で対になる語（転入／転出 など）が食い違っていることを示します。", "⚠ marks a candidate whose contrast terms contradict the feature's (転入 / 転出 …)."),
)


def text(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _candidate_label(requirement_id: str, spec: Spec) -> str:
    return f"{requirement_id} {spec.by_id[requirement_id].name}"


def review_workbook(spec: Spec, inventory: Inventory, result: MatchResult, lang: str = "ja") -> bytes:
    """The review workbook for the `review` features of a match."""
    features = inventory.by_key
    rows = [fm for fm in result.features if fm.status is FeatureStatus.REVIEW]
    book = xlsx.Book()
    sheet = book.sheet(text(SHEET, lang))
    about = {"area": spec.area, "version": spec.version, "inventory": Path(inventory.path).name, "lang": lang,
             "generated_at": datetime.now().astimezone().isoformat(timespec="seconds")}
    meta = xlsx.meta_sheet(book, FORMAT, FORMAT_VERSION, about)  # also each row's options
    spec_sheet = book.sheet(SPEC_SHEET)
    roles = {role: n for n, (role, _, _) in enumerate(COLUMNS)}
    xlsx.header_row(book, sheet, [text(pair, lang) for _, pair, _ in COLUMNS], [width for _, _, width in COLUMNS])
    answer_header = book.format(xlsx.HEADER, **xlsx.ANSWER)
    for role in ANSWERS:
        sheet.write_string(0, roles[role], text(COLUMNS[roles[role]][1], lang), answer_header)
    # typed ids keep their leading zeros in a Text cell
    answer_style = {**xlsx.BODY, **xlsx.ANSWER, "num_format": "@"}
    answer_columns = {roles[role]: answer_style for role in ANSWERS}
    plain = book.text_formats()
    for number, fm in enumerate(rows, start=1):
        feature = features[fm.feature]
        candidates = []
        for candidate in fm.candidates[:CANDIDATES]:
            label = f"{_candidate_label(candidate.requirement, spec)}（{candidate.score:.2f}）"
            candidates.append(label + (f" ⚠{'、'.join(candidate.conflicts)}" if candidate.conflicts else ""))
        values = {
            "name": feature.name,
            "text": feature.text,
            "candidates": "\n".join(candidates),
            "section": " > ".join(feature.section),
            "place": f"{feature.sheet}!{feature.row}",
            "key": feature.key,
        }
        shown = [values.get(role) for role, _, _ in COLUMNS]
        xlsx.write_row(book, sheet, number, shown, column_styles=answer_columns)
        xlsx.fit_row(sheet, number, shown, [width for _, _, width in COLUMNS])
        options = [_candidate_label(c.requirement, spec) for c in fm.candidates[:CANDIDATES]]
        options += [text(EXTRA, lang), text(NOT_FEATURE, lang)]
        meta_row = number + 1
        for column, value in enumerate([fm.feature, *options]):
            xlsx.write_text(meta, meta_row, column, value, plain)
        decision = roles["decision"]
        sheet.data_validation(number, decision, number, decision, {
            "validate": "list",
            "source": f"='{META_SHEET}'!$B${meta_row + 1}:${xl_col_to_name(len(options))}${meta_row + 1}",
            "ignore_blank": True,
            "show_input": False,
            "error_message": text(CHOICE_ERROR, lang),
        })
    xlsx.finish_sheet(sheet, len(rows), len(COLUMNS) - 1)
    sheet.freeze_panes(1, 2)
    for number, requirement in enumerate(spec.requirements):
        xlsx.write_text(spec_sheet, number, 0, requirement.id, plain)
        xlsx.write_text(spec_sheet, number, 1, requirement.name, plain)
    for hidden in (meta, spec_sheet):
        hidden.very_hidden()
        hidden.protect("", _HIDDEN_PROTECTION)
    howto = book.sheet(text(HOWTO_SHEET, lang))
    howto.set_column(0, 0, 90)
    for number, line in enumerate(HOWTO):
        xlsx.write_row(book, howto, number, [text(line, lang)])
        xlsx.fit_row(howto, number, [text(line, lang)], [90])
    xlsx.print_a4(howto, landscape=False)
    return book.close()


def write_review(spec: Spec, inventory: Inventory, result: MatchResult, path: str | Path, lang: str = "ja") -> int:
    """Write the review workbook atomically; returns how many features it asks about. A previous
    workbook goes to .gapcheck-history/: people may have typed decisions into it not yet imported."""
    xlsx.save(review_workbook(spec, inventory, result, lang), path, keep=True)
    return sum(1 for fm in result.features if fm.status is FeatureStatus.REVIEW)


# --- reading it back -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewImport:
    decisions: tuple[Decision, ...]
    undecided: int  # rows left blank
    area: str | None = None
    version: str | None = None
    strays: tuple[Problem, ...] = ()  # cells far outside the rest of a sheet, not read


def _options(rows: list[list]) -> dict[str, list[str]]:
    """Each feature key's dropdown choices, as written in the hidden sheet."""
    return {clean_cell(r[0]): [clean_cell(v) for v in r[1:] if not blank(v)] for r in rows if r and not blank(r[0])}


def _sheets(path: Path) -> tuple[dict, dict[str, list[str]], dict[str, str], Sheet, list[Problem]]:
    book = read_workbook(path)
    by_name = {s.name: s for s in book.sheets}
    about, options = xlsx.read_meta(path, by_name, FORMAT, FORMAT_VERSION, what=N_("review workbook"),
                                    fresh=N_("review.xlsx that `gapcheck review` wrote"), rows=_options)
    spec_sheet = by_name.get(SPEC_SHEET)
    names = {clean_cell(r[0]): clean_cell(r[1]) for r in (spec_sheet.rows if spec_sheet else []) if r and not blank(r[0])}
    visible = [s for s in book.sheets if s.name in (*SHEET,)]
    if not visible:
        raise InputError(path, _("the sheet '{sheet}' is missing", sheet=SHEET[0]), _("do not rename the sheet the decisions are in"))
    return about, options, names, visible[0], book.strays()


def _id_width(names: dict[str, str]) -> int | None:
    """The spec's id width when every id is digits of one length (restores zeros Excel stripped)."""
    widths = {len(i) for i in names if i.isdigit()}
    return widths.pop() if len(widths) == 1 and all(i.isdigit() for i in names) else None


def read_review(path: str | Path, *, by: str | None = None, at: datetime | None = None) -> ReviewImport:
    """The decisions in a filled review workbook. `by` stands for a blank 判断者 cell.

    Every invalid cell (an id that is not an id or not in the spec, a choice that contradicts the
    typed ids, a decision without anyone who took it, a key that is not the workbook's …) becomes a
    Problem naming sheet, row and column; if there is any, ProblemsError and no decision at all.
    """
    path = Path(path)
    about, options, names, sheet, strays = _sheets(path)
    at = at or datetime.now().astimezone()
    label = f"{about.get('area', '')} {about.get('version', '')}".strip() or _("the spec")
    header = [compact(clean_cell(v)) for v in (sheet.rows[0] if sheet.rows else [])]
    columns = {_HEADERS[h]: i for i, h in enumerate(header) if h in _HEADERS}
    missing = [role for role in ("key", *ANSWERS) if role not in columns]
    if missing:
        raise InputError(
            Location(path, sheet.name, 1),
            _("the header has no column for {roles}", roles=", ".join(missing)),
            _("do not rename or delete the columns of the review sheet"),
        )
    extra_labels = {compact(t) for t in EXTRA}
    not_feature_labels = {compact(t) for t in NOT_FEATURE}
    width = _id_width(names)
    problems: list[Problem] = []
    decisions: list[Decision] = []
    seen: dict[str, int] = {}
    undecided = 0

    for index in range(1, len(sheet.rows)):
        values = sheet.rows[index]
        cells = {role: clean_cell(values[c]) if c < len(values) else "" for role, c in columns.items()}
        row = index + 1

        def where(role: str) -> Location:
            column = columns[role]
            return Location(path, sheet.name, row, f"{xl_col_to_name(column)} ({clean_cell(sheet.rows[0][column])})")

        def problem(role: str, message: str) -> None:
            problems.append(Problem(where(role), message))

        key = cells["key"]
        if not any(cells[r] for r in ANSWERS):
            undecided += bool(key)
            continue
        if not key:
            problem("key", _("a decision in a row without a feature key (added by hand?): decide in the rows of the list"))
            continue
        if key not in options:
            problem("key", _("'{key}' is not a feature of this review workbook: do not edit the 機能キー column", key=key))
            continue
        if key in seen:
            problem("key", _("the feature is also decided in row {row}: keep one of the rows", row=seen[key]))
            continue
        seen[key] = row
        choice, typed = cells["decision"], cells["ids"]
        action = None
        chosen: list[str] = []
        if choice:
            folded = compact(choice)
            if folded in extra_labels:
                action = DecisionAction.EXTRA
            elif folded in not_feature_labels:
                action = DecisionAction.NOT_FEATURE
            else:
                first = choice.split()[0]
                found = _requirement_id(first, width, names)
                if found is None:
                    problem("decision", _("'{choice}' is not one of the choices: pick a candidate, {extra} or {not_feature} from the list",
                                          choice=choice, extra=EXTRA[0], not_feature=NOT_FEATURE[0]))
                else:
                    action = DecisionAction.REQUIREMENTS
                    chosen = [found]
        listed: list[str] = []
        for written in ids.split_ids(typed):
            found = _requirement_id(written, width, names)
            if found is None:
                problem("ids", _("'{id}' is not a requirement id of {spec}: check the id, or choose from the list", id=written, spec=label))
            elif found not in listed:
                listed.append(found)
        if listed and action in (DecisionAction.EXTRA, DecisionAction.NOT_FEATURE):
            problem("ids", _("requirement ids are typed, but the choice is '{choice}': either list the ids or choose {extra} / {not_feature}, not both",
                             choice=choice, extra=EXTRA[0], not_feature=NOT_FEATURE[0]))
            continue
        if listed and chosen and chosen[0] not in listed:
            problem("ids", _("the choice is {chosen} but the ids typed are {typed}: include {chosen} or clear one of the two cells",
                             chosen=chosen[0], typed="、".join(listed)))
            continue
        if typed and not listed:
            continue  # the ids cell only held invalid ids: reported above
        if listed:
            action, chosen = DecisionAction.REQUIREMENTS, listed
        if action is None:
            if not choice:
                problem("decision", _("a name or comment is given but no decision: choose from the list or type ids"))
            continue
        who = cells["by"] or (by or "")
        if not who:
            problem("by", _("who decided? fill in 判断者, or import with --by NAME"))
            continue
        decisions.append(Decision(key, action, tuple(chosen), who, at, cells["comment"]))

    if problems:
        raise ProblemsError(
            _(CELLS_REFUSED, path=path, count=len(problems)),
            problems,
            _(CORRECT_CELLS),
        )
    return ReviewImport(tuple(decisions), undecided, about.get("area"), about.get("version"), tuple(strays))


def _requirement_id(written: str, width: int | None, names: dict[str, str]) -> str | None:
    """The spec's id for what a person wrote (full-width digits, lost leading zeros), or None."""
    candidate = written.strip()
    if candidate in names:
        return candidate
    try:
        normalised = ids.normalize_id(candidate, width)
    except ids.InvalidId:
        return None
    return normalised if normalised in names else None
