"""What a check report shows, whatever its format: the sections and their rows.

Every output of a check is rendered from its result.json document alone, so `gapcheck report`
renders them again later, byte for byte as `gapcheck check` did. report.html and report.md render
the same `ReportView`, built once per report, so the two never tell different stories. Its rows
carry what the templates print ready-made (labels in the report's language, scores as text) and
the enums they filter and sort by: the templates do little per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from gapcheck import notes
from gapcheck.files.answers_json import version_from_dict
from gapcheck.files.result_json import note_from_json, warning_from_json
from gapcheck.model import (
    AnswerVersion,
    Basis,
    Category,
    FeatureStatus,
    InventoryKind,
    Kind,
    ResponsePolicy,
    Support,
    Verdict,
    upper,
)
from gapcheck.outputs.i18n import due_text, label
from gapcheck.rules.diff import Change, Field
from gapcheck.rules.gaps import gap_list_for_requirement


@dataclass(frozen=True, eq=False)
class Report:
    """What the renderers get: a check's result.json document and the language to present it in."""

    document: dict
    lang: str = "ja"

    @cached_property
    def view(self) -> ReportView:
        """The sections of the report.html and report.md, built once for both."""
        return build_view(self.document, self.lang)


# A renderer is pure: Report → the bytes of one output file.
Renderer = Callable[[Report], bytes]

# Most pressing first: the order of the verdict column when sorted, and of the chart's segments.
SEVERITY = (
    Verdict.GAP,
    Verdict.VIOLATION,
    Verdict.PARTIAL,
    Verdict.REVIEW,
    Verdict.NOT_ADOPTED,
    Verdict.ADOPTED,
    Verdict.FIT,
    Verdict.CLEAR,
)
_SEVERITY = {verdict: n for n, verdict in enumerate(SEVERITY)}
_CATEGORIES = {category: n for n, category in enumerate(Category)}


@dataclass(frozen=True, slots=True)
class Answer:
    """A vendor's current answer as a report cell shows it."""

    policy: str | None  # its label
    cost: str | None  # 1,200
    due: str | None
    note: str


def _answer(version: AnswerVersion, lang: str) -> Answer:
    return Answer(
        label(version.policy, lang) if version.policy else None,
        f"{version.cost_thousand_yen:,}" if version.cost_thousand_yen is not None else None,
        due_text(version.due, lang) if version.due else None,
        version.note,
    )


@dataclass(frozen=True, slots=True)
class Feature:
    """A feature of the inventory as the report shows it."""

    key: str
    name: str
    text: str
    place: str  # sheet!row
    section: tuple[str, ...]
    support: Support | None
    mark: str | None  # the support's label
    support_raw: str


@dataclass(frozen=True, slots=True)
class FeatureRef:
    """A feature as a requirement's row cites it, with how it relates to the requirement."""

    feature: Feature
    basis: str | None  # «ID一致», «テキスト 0.91», or only the score of a candidate; None: nothing to say
    candidate: bool  # still in review


@dataclass(frozen=True, slots=True)
class RequirementRow:
    id: str
    name: str
    text: str
    kind: str  # label
    category: Category
    category_label: str
    category_order: int
    verdict: Verdict
    verdict_label: str
    likely: str | None  # in review: the label of the verdict if the best guesses hold
    severity: int
    listed: tuple[FeatureRef, ...]  # the confirmed features, then those still in review
    awaits_answer: bool  # on the vendor's gap spreadsheet: a missing answer is 未回答
    answer: Answer | None


@dataclass(frozen=True, slots=True)
class ExtraRow:
    feature: Feature
    answer: Answer | None


@dataclass(frozen=True, slots=True)
class CandidateRow:
    id: str
    name: str
    category: str  # label
    score: str  # 0.64
    conflicts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """A feature waiting for a person, with the requirements it may cover."""

    feature: Feature
    score: str | None  # the best candidate's
    candidates: tuple[CandidateRow, ...]
    likely_prohibited: bool  # its best guess is a prohibited function: if it holds, the system must drop it


@dataclass(frozen=True, slots=True)
class UnknownRefs:
    feature: Feature
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StaleRow:
    feature: str  # the feature key the decision names
    feature_missing: bool
    missing_requirements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SkippedRow:
    sheet: str
    row: int
    reason: str


# --- the comparison with a baseline (result.json's `baseline` member) ---------------------------


@dataclass(frozen=True, slots=True)
class ComparedRow:
    """One requirement in the earlier check, the new one, or both."""

    old_id: str | None
    new_id: str | None
    name: str
    kind: Kind
    change: Change
    fields: tuple[Field, ...]
    old_category: Category | None
    new_category: Category | None
    old_verdict: Verdict | None
    new_verdict: Verdict | None

    @property
    def id(self) -> str:
        return self.new_id or self.old_id


@dataclass(frozen=True, slots=True)
class DecisionChange:
    feature: str
    renumbered: tuple[tuple[str, str], ...]
    gone: tuple[str, ...]
    applies: bool


@dataclass(frozen=True, slots=True)
class AnswerChange:
    old_target: str
    new_target: str | None  # None: the requirement is not in the new edition
    policy: ResponsePolicy | None


@dataclass(frozen=True, slots=True)
class Carried:
    """Decisions or answers carried over from the earlier check's file."""

    path: str | None  # None: the earlier check had none
    found: bool
    count: int
    saved_to: str | None
    changes: tuple


@dataclass(frozen=True)
class BaselineView:
    path: str
    generated_at: str
    old_label: str
    new_label: str
    old_version: str
    new_version: str
    edition_changed: bool
    old_fit_rate: float | None
    new_fit_rate: float | None
    old_totals: dict[Verdict, int]
    new_totals: dict[Verdict, int]
    counts: dict[str, int]
    changed: tuple[ComparedRow, ...]  # verdicts that differ, requirements added and removed included
    new_gaps: tuple[ComparedRow, ...]
    decisions: Carried
    answers: Carried


def _enum(kind, value):
    return kind(value) if value is not None else None


def _baseline_view(baseline: dict, spec: dict) -> BaselineView:
    """The comparison as result.json's `baseline` member records it; `spec`: the check's own."""
    summary = baseline["summary"]
    changed, new_gaps = [], []
    for r in baseline["requirements"]:
        if not (r["verdict_changed"] or r["new_gap"]):
            continue
        row = ComparedRow(
            r.get("old_id"), r.get("new_id"), r["name"], Kind(r["kind"]), Change(r["change"]),
            tuple(Field(f) for f in r.get("fields", ())), _enum(Category, r.get("old_category")),
            _enum(Category, r.get("new_category")), _enum(Verdict, r.get("old_verdict")),
            _enum(Verdict, r.get("new_verdict")),
        )
        if r["verdict_changed"]:
            changed.append(row)
        if r["new_gap"]:
            new_gaps.append(row)
    decisions, answers = baseline["decisions"], baseline["answers"]
    return BaselineView(
        path=baseline["path"],
        generated_at=baseline["generated_at"],
        old_label=f"{spec['area']} {baseline['spec']['version']}",
        new_label=f"{spec['area']} {spec['version']}",
        old_version=baseline["spec"]["version"],
        new_version=spec["version"],
        edition_changed=baseline["edition_changed"],
        old_fit_rate=summary["mandatory_fit_rate"]["old"],
        new_fit_rate=summary["mandatory_fit_rate"]["new"],
        old_totals={Verdict(v): n for v, n in summary["totals"]["old"].items()},
        new_totals={Verdict(v): n for v, n in summary["totals"]["new"].items()},
        counts={key: summary[key] for key in ("verdicts_changed", "new_gaps", "added", "removed", "renumbered", "class_changed")},
        changed=tuple(changed),
        new_gaps=tuple(new_gaps),
        decisions=_carried(
            decisions,
            tuple(
                DecisionChange(
                    c["feature"], tuple((r["old"], r["new"]) for r in c.get("renumbered", ())), tuple(c.get("gone", ())),
                    c["applies"],
                )
                for c in decisions["changes"]
            ),
        ),
        answers=_carried(
            answers,
            tuple(
                AnswerChange(c["old_target"], c.get("new_target"), _enum(ResponsePolicy, c.get("policy")))
                for c in answers["changes"]
            ),
        ),
    )


def _carried(section: dict, changes: tuple) -> Carried:
    return Carried(section.get("path"), section.get("found", False), section["carried"], section.get("saved_to"), changes)


# --- the whole view ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportView:
    document: dict  # result.json: paths, system, generation time
    lang: str
    spec_label: str
    sample: bool
    attribution: str | None
    inventory_kind: str  # label
    fit_rate: float | None
    likely_fit_rate: float | None  # counting the 実装必須 in review whose likely verdict is fit
    verdict_counts: tuple[tuple[Category, tuple[tuple[Verdict, int], ...], int], ...]  # per class, by severity
    feature_counts: dict[FeatureStatus, int]
    gaps: tuple[RequirementRow, ...]
    partials: tuple[RequirementRow, ...]  # 実装必須 covered in part
    violations: tuple[RequirementRow, ...]
    optional: tuple[RequirementRow, ...]  # every 標準オプション: each is a decision to make
    requirements: tuple[RequirementRow, ...]
    extras: tuple[ExtraRow, ...]
    review: tuple[ReviewRow, ...]
    excluded: tuple[Feature, ...]
    unknown_refs: tuple[UnknownRefs, ...]
    stale: tuple[StaleRow, ...]
    warnings: tuple[str, ...]  # in the report's language
    skipped: tuple[SkippedRow, ...]
    answered: bool  # the check was given vendors' answers: the tables have an answer column
    baseline: BaselineView | None = None  # the comparison with an earlier check (check --baseline)
    system: dict = field(default_factory=dict)

    @property
    def fit_rate_upper(self) -> float | None:
        """The upper end of the fit rate's range (see Summary.fit_rate_upper); None: no range."""
        return upper(self.fit_rate, self.likely_fit_rate)

    @property
    def has_notes(self) -> bool:
        return bool(self.warnings or self.skipped or self.unknown_refs or self.stale or self.excluded)


def _feature(document: dict, lang: str) -> Feature:
    support = _enum(Support, document["support"])
    return Feature(
        document["key"],
        document["name"],
        document.get("text", ""),
        f"{document['sheet']}!{document['row']}",
        tuple(document.get("section", ())),
        support,
        label(support, lang) if support else None,
        document.get("support_raw", ""),
    )


def build_view(document: dict, lang: str = "ja") -> ReportView:
    """The report's sections from a result.json document (version 2: see files/result_json)."""
    spec, summary = document["spec"], document["summary"]
    basis_labels = {basis.value: label(basis, lang) for basis in Basis}
    labels = {kind: {member.value: label(member, lang) for member in kind} for kind in (Kind, Category, Verdict)}
    answers = {}
    for item in (*document.get("answers", {}).get("items", ()), *document.get("answers", {}).get("unlisted", ())):
        answers[(item["kind"], item["target"])] = _answer(version_from_dict(item), lang)

    features: dict[str, Feature] = {}
    # per feature: requirement → what the feature's row says about it (basis of a match, score of a candidate)
    relations: dict[str, dict[str, str]] = {}
    by_status: dict[str, list[dict]] = {status.value: [] for status in FeatureStatus}
    for f in document["features"]:
        features[f["key"]] = _feature(f, lang)
        related = {}
        for c in f["candidates"]:
            related.setdefault(c["requirement"], f"{c['score']:.2f}")
        for m in f["matches"]:
            related[m["requirement"]] = basis_labels[m["basis"]] + (
                f" {m['score']:.2f}" if m["basis"] == Basis.TEXT.value else ""
            )
        relations[f["key"]] = related
        by_status[f["status"]].append(f)

    def listed(requirement: dict) -> tuple[FeatureRef, ...]:
        rid = requirement["id"]
        return tuple(
            FeatureRef(features[key], relations[key].get(rid), candidate)
            for keys, candidate in ((requirement["features"], False), (requirement.get("candidates", ()), True))
            for key in keys
        )

    rows = []
    for r in document["requirements"]:
        category, verdict = Category(r["category"]), Verdict(r["verdict"])
        rows.append(
            RequirementRow(
                id=r["id"],
                name=r["name"],
                text=r.get("text", ""),
                kind=labels[Kind][r["kind"]],
                category=category,
                category_label=labels[Category][r["category"]],
                category_order=_CATEGORIES[category],
                verdict=verdict,
                verdict_label=labels[Verdict][r["verdict"]],
                likely=labels[Verdict][r["likely"]] if "likely" in r else None,
                severity=_SEVERITY[verdict],
                listed=listed(r),
                awaits_answer=gap_list_for_requirement(category, verdict) is not None,
                answer=answers.get(("requirement", r["id"])),
            )
        )

    def where(category: Category, *verdicts: Verdict) -> tuple[RequirementRow, ...]:
        return tuple(r for r in rows if r.category is category and (not verdicts or r.verdict in verdicts))

    category_labels = labels[Category]
    by_id = {r["id"]: r for r in document["requirements"]}
    review = tuple(
        ReviewRow(
            features[f["key"]],
            f"{f['candidates'][0]['score']:.2f}" if f["candidates"] else None,
            tuple(
                CandidateRow(
                    c["requirement"],
                    by_id[c["requirement"]]["name"],
                    category_labels[by_id[c["requirement"]]["category"]],
                    f"{c['score']:.2f}",
                    tuple(c.get("conflicts", ())),
                )
                for c in f["candidates"]
            ),
            bool(f["candidates"]) and by_id[f["candidates"][0]["requirement"]]["category"] == Category.PROHIBITED,
        )
        for f in by_status[FeatureStatus.REVIEW.value]
    )
    # A feature whose best guess is a prohibited function first: if it holds, the system must drop it.
    review = tuple(sorted(review, key=lambda r: not r.likely_prohibited))
    verdict_counts = tuple(
        (
            Category(c),
            tuple(sorted(((Verdict(v), n) for v, n in counts.items()), key=lambda item: _SEVERITY[item[0]])),
            sum(counts.values()),
        )
        for c, counts in summary["verdicts"].items()
    )
    inventory = document["inventory"]
    return ReportView(
        document=document,
        lang=lang,
        spec_label=f"{spec['area']} {spec['version']}",
        sample=spec.get("sample", False),
        attribution=spec.get("attribution"),
        inventory_kind=label(InventoryKind(inventory["kind"]), lang),
        fit_rate=summary["mandatory_fit_rate"],
        likely_fit_rate=summary.get("likely_mandatory_fit_rate"),
        verdict_counts=verdict_counts,
        feature_counts={FeatureStatus(s): n for s, n in summary["features"].items()},
        gaps=where(Category.MANDATORY, Verdict.GAP),
        partials=where(Category.MANDATORY, Verdict.PARTIAL),
        violations=where(Category.PROHIBITED, Verdict.VIOLATION),
        optional=where(Category.OPTIONAL),
        requirements=tuple(rows),
        extras=tuple(
            ExtraRow(features[f["key"]], answers.get(("feature", f["key"])))
            for f in by_status[FeatureStatus.UNMATCHED.value]
        ),
        review=review,
        excluded=tuple(features[f["key"]] for f in by_status[FeatureStatus.EXCLUDED.value]),
        unknown_refs=tuple(
            UnknownRefs(features[f["key"]], tuple(f["unknown_refs"])) for f in document["features"] if f.get("unknown_refs")
        ),
        stale=tuple(
            StaleRow(s["feature"], s.get("feature_missing", False), tuple(s.get("missing_requirements", ())))
            for s in document.get("stale_decisions", ())
        ),
        warnings=tuple(notes.warning_text(warning_from_json(w), lang) for w in inventory.get("warnings", ())),
        skipped=tuple(
            SkippedRow(s["sheet"], s["row"], notes.text(note_from_json(s["reason"]), lang))
            for s in inventory.get("skipped", ())
        ),
        answered="answers" in document,
        baseline=_baseline_view(document["baseline"], spec) if "baseline" in document else None,
        system=document.get("system", {}),
    )
