"""The one in-memory model every reader fills and every writer renders.

Nothing here knows about Excel, JSON or HTML: readers (`gapcheck.readers`, `gapcheck.files`) build
these objects, the matcher and the rules work on them, and `gapcheck.outputs` renders them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from pathlib import PurePath


@dataclass(frozen=True)
class Note:
    """Something a reader noticed, language-neutral: a code and its parameters (names, rows, IDs as
    written; a parameter may itself be a Note). `gapcheck.notes` renders it in a language; files
    store the code and the parameters, never the sentence."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __hash__(self) -> int:  # grouped by note (warnings, skipped rows per reason)
        return hash((self.code, tuple(sorted(self.params.items()))))


class Kind(StrEnum):
    """What a requirement describes."""

    FUNCTION = "function"  # 機能要件, 機能ID (7 digits)
    FORM = "form"  # 帳票要件, 帳票ID (7 digits)
    DATA = "data"  # データ項目, データ項目ID (8 digits)


class Category(StrEnum):
    """Implementation class (実装区分 / 実装類型) of a requirement."""

    MANDATORY = "mandatory"  # 実装必須機能 (類型1, 第1.0版【実装すべき機能】)
    OPTIONAL = "optional"  # 標準オプション機能 (類型3, 【実装してもしなくても良い機能】)
    PROHIBITED = "prohibited"  # 実装不可機能 (類型2, 【実装しない機能】)


@dataclass(frozen=True)
class Requirement:
    id: str
    kind: Kind
    name: str
    text: str
    category: Category
    section: tuple[str, ...] = ()
    source_id: str | None = None  # the source's own key where `id` had to be derived
    effective_from: date | None = None  # 適合基準日
    notes: str | None = None


@dataclass(frozen=True)
class SpecSource:
    """Where a spec came from, for attribution (政府標準利用規約: 「…を加工して作成」)."""

    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    attribution: str | None = None
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spec:
    """One edition of the standard for one business area (標準仕様書 第N版)."""

    area: str  # business area in Japanese, e.g. 住民記録
    version: str  # edition as published, e.g. 第1.0版
    requirements: tuple[Requirement, ...]
    slug: str | None = None
    business_code: str | None = None  # 3-digit 業務コード
    published: date | None = None
    source: SpecSource = field(default_factory=SpecSource)
    sample: bool = False  # written for gapcheck, not a government publication

    @cached_property
    def by_id(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.requirements}

    @property
    def label(self) -> str:
        return f"{self.area} {self.version}"


class Support(StrEnum):
    """A vendor's mark for how far a feature is supported (○ / △ / × …)."""

    FULL = "full"  # ○ 〇 ◯ ● 対応
    PARTIAL = "partial"  # △ ▲ 一部対応
    CUSTOM = "custom"  # カスタマイズ: only through customising, which the standard does not allow
    NONE = "none"  # × ✕ ー － 未対応 対応不可


class InventoryKind(StrEnum):
    CATALOG = "catalog"  # the vendor's own feature list, maybe citing 機能ID
    CONFORMANCE = "conformance"  # 適合表: the standard's IDs with the vendor's ○/△/× per ID


@dataclass(frozen=True)
class Feature:
    """One row of a vendor's inventory."""

    key: str  # stable: the vendor's own ID, else derived from section path and name
    sheet: str
    row: int  # 1-based Excel row (CSV: record number, header included)
    name: str  # as written by the vendor, for display
    text: str = ""
    section: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()  # standard 機能ID/帳票ID this feature cites, normalised
    support: Support | None = None  # None: no mark given
    support_raw: str = ""
    notes: str = ""
    vendor_id: str | None = None
    bad_refs: tuple[str, ...] = ()  # cited ids that cannot be valid ids at all, as written


@dataclass(frozen=True)
class HiddenColumn:
    label: str  # «G 旧対応状況»: column letter and header as written
    used: bool = False  # used all the same, as named by --column or a layout file


@dataclass(frozen=True)
class SheetUse:
    """What the reader did with one sheet (for `inventory inspect`)."""

    name: str
    used: bool
    reason: Note | None = None  # why it was skipped, or why its columns make it a catalog or a 適合表
    header_rows: tuple[int, ...] = ()  # 1-based
    columns: dict[str, str] = field(default_factory=dict)  # role → header as written (+ column letter)
    rows: int = 0
    kind: InventoryKind | None = None  # what this sheet's columns say it is
    hidden_rows: tuple[int, ...] = ()  # 1-based rows read as data although hidden (a filtered list)
    hidden_columns: tuple[HiddenColumn, ...] = ()  # hidden, so not used for a role unless named
    notes: tuple[Note, ...] = ()  # other findings about the columns, for `inventory inspect`


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int
    reason: Note


@dataclass(frozen=True)
class ReadWarning:
    """A warning about an inventory: what (a Note), on which sheet, rows and column."""

    sheet: str
    note: Note
    rows: tuple[int, ...] = ()  # 1-based; the first few only when there are many
    row_count: int = 0  # how many rows it applies to (`rows` lists the first few); 0: the whole sheet
    column: str | None = None  # column letter


@dataclass(frozen=True)
class Inventory:
    path: str
    kind: InventoryKind
    features: tuple[Feature, ...]
    sheets: tuple[SheetUse, ...] = ()
    skipped: tuple[SkippedRow, ...] = ()
    warnings: tuple[ReadWarning, ...] = ()
    kind_reason: Note | None = None  # why the reader took it for a catalog or a 適合表
    format: str = ""  # xlsx | xls | ods | csv
    encoding: str | None = None  # CSV only

    @cached_property
    def by_key(self) -> dict[str, Feature]:
        return {f.key: f for f in self.features}


class Basis(StrEnum):
    """Why a feature was matched to a requirement."""

    ID = "id"  # the feature cites the requirement's id
    TEXT = "text"  # auto-accepted by text similarity
    DECISION = "decision"  # a person decided


@dataclass(frozen=True)
class Match:
    requirement: str
    score: float  # 0..1
    basis: Basis


@dataclass(frozen=True)
class Candidate:
    requirement: str
    score: float  # 0..1
    conflicts: tuple[str, ...] = ()  # contrast terms that contradict (転入 vs 転出 …)


class FeatureStatus(StrEnum):
    MATCHED = "matched"
    REVIEW = "review"
    UNMATCHED = "unmatched"  # an extra: 独自機能
    EXCLUDED = "excluded"  # a person decided it is not a feature


@dataclass(frozen=True)
class FeatureMatch:
    feature: str  # Feature.key
    status: FeatureStatus
    matches: tuple[Match, ...] = ()
    candidates: tuple[Candidate, ...] = ()  # ranked, at most 5, for review
    unknown_refs: tuple[str, ...] = ()  # cited ids that are not in the spec
    # Matched, but a person should still confirm or rule these out: 実装不可 blocks of the matched
    # function whose own words the feature uses (the system may also do what the standard forbids),
    # and for a row naming several things matched by its whole name, the blocks its other items may
    # stand for (a grouped row accepted for one function makes none of the others ギャップ).
    open: tuple[str, ...] = ()


class DecisionAction(StrEnum):
    REQUIREMENTS = "requirements"  # the feature covers these requirement ids
    EXTRA = "extra"  # 独自機能: no counterpart in the standard
    NOT_FEATURE = "not_feature"  # not a feature at all (a heading, a duplicate …)


@dataclass(frozen=True)
class Decision:
    feature: str  # Feature.key
    action: DecisionAction
    requirements: tuple[str, ...] = ()
    by: str = ""
    at: datetime | None = None
    comment: str = ""


class Verdict(StrEnum):
    # 実装必須
    FIT = "fit"
    PARTIAL = "partial"  # also for 標準オプション
    GAP = "gap"
    # 標準オプション
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    # 実装不可
    VIOLATION = "violation"
    CLEAR = "clear"
    # any class, while the only counterparts are unconfirmed candidates
    REVIEW = "review"


@dataclass(frozen=True)
class Decisions:
    """What people decided about features, by feature key (see schemas/decisions.schema.json)."""

    decisions: tuple[Decision, ...] = ()

    @cached_property
    def by_feature(self) -> dict[str, Decision]:
        return {d.feature: d for d in self.decisions}


@dataclass(frozen=True)
class StaleDecision:
    """A decision that no longer fits: its requirement ids left the spec, or its feature the inventory."""

    decision: Decision
    missing_requirements: tuple[str, ...] = ()
    feature_missing: bool = False


@dataclass(frozen=True)
class MatchResult:
    features: tuple[FeatureMatch, ...]  # one per inventory feature, in inventory order
    stale_decisions: tuple[StaleDecision, ...] = ()

    @cached_property
    def by_feature(self) -> dict[str, FeatureMatch]:
        return {m.feature: m for m in self.features}


@dataclass(frozen=True)
class RequirementResult:
    requirement: Requirement
    verdict: Verdict
    coverage: Support | None  # best support among the confirmed features; None: none confirmed
    features: tuple[str, ...] = ()  # keys of the confirmed features that cover it
    candidates: tuple[str, ...] = ()  # keys of features still in review that may cover it
    # For a requirement in review: the verdict it gets if the matcher's best guesses are confirmed
    # (the review features whose first candidate it is cover it; None otherwise).
    likely: Verdict | None = None


def upper(rate: float | None, likely: float | None) -> float | None:
    """`likely` when it is above `rate`: the range 適合率 rate, up to likely."""
    return likely if rate is not None and likely is not None and likely > rate else None


@dataclass(frozen=True)
class Summary:
    verdicts: dict[Category, dict[Verdict, int]]  # per class, verdict → count
    features: dict[FeatureStatus, int]
    requirements: int
    mandatory_fit_rate: float | None  # fit / 実装必須; None when the spec has no 実装必須
    # ... counting the 実装必須 in review whose likely verdict is fit: the upper end of the range
    likely_mandatory_fit_rate: float | None = None

    def count(self, verdict: Verdict) -> int:
        return sum(per_class.get(verdict, 0) for per_class in self.verdicts.values())

    @property
    def fit_rate_upper(self) -> float | None:
        """The upper end of the fit rate's range: the likely rate, when the likely matches in review
        would raise it; else None (no range to show)."""
        return upper(self.mandatory_fit_rate, self.likely_mandatory_fit_rate)

    @property
    def totals(self) -> dict[Verdict, int]:
        """Requirements per verdict over every class (the verdicts the classes list, 0 included)."""
        totals: dict[Verdict, int] = {}
        for counts in self.verdicts.values():
            for verdict, n in counts.items():
                totals[verdict] = totals.get(verdict, 0) + n
        return totals


@dataclass(frozen=True)
class CheckResult:
    """One check: a spec against an inventory, matched and classified."""

    spec: Spec
    inventory: Inventory
    matching: MatchResult
    requirements: tuple[RequirementResult, ...]
    summary: Summary


# --- vendors' answers to the gap list (回答) ------------------------------------------------------


class GapList(StrEnum):
    """The list of the vendor's gap spreadsheet an item belongs to."""

    GAPS = "gaps"  # ギャップ一覧: 実装必須 gaps and partial fits
    VIOLATIONS = "violations"  # 実装不可該当
    EXTRAS = "extras"  # 独自機能: features with no counterpart in the standard
    OPTIONS = "options"  # 標準オプション still to decide
    REVIEW = "review"  # 要確認: only unconfirmed candidates so far


class ResponsePolicy(StrEnum):
    """How the vendor will respond to an item (対応方針)."""

    STANDARD = "standard"  # 標準機能で対応
    PACKAGE_CHANGE = "package_change"  # パッケージ改修
    BPR = "bpr"  # 運用変更(BPR)
    LOCAL_SYSTEM = "local_system"  # 独自施策システムで対応
    EUC = "euc"  # EUCで対応
    OPTION = "option"  # 標準オプション採用
    DISCONTINUE = "discontinue"  # 廃止
    NOT_POSSIBLE = "not_possible"  # 対応不可


class TargetKind(StrEnum):
    """What an answer is about: a requirement of the standard (by id) or a vendor feature (by key)."""

    REQUIREMENT = "requirement"
    FEATURE = "feature"


@dataclass(frozen=True)
class Due:
    """When the vendor plans to respond (対応予定時期): a date, or just a fiscal year (令和8年度)."""

    fiscal_year: int  # the fiscal year starting in April of this year
    day: date | None = None


@dataclass(frozen=True)
class AnswerVersion:
    """One version of an answer: what the vendor wrote, when it was imported, from which file."""

    policy: ResponsePolicy | None = None
    cost_thousand_yen: int | None = None  # 概算費用（千円）
    due: Due | None = None
    note: str = ""  # 備考
    answered_at: datetime | None = None
    source: str = ""  # the filled workbook's file name

    def same_answer(self, other: AnswerVersion) -> bool:
        """Whether both say the same, wherever and whenever they came from."""
        return (self.policy, self.cost_thousand_yen, self.due, self.note) == (
            other.policy,
            other.cost_thousand_yen,
            other.due,
            other.note,
        )


@dataclass(frozen=True)
class Answer:
    kind: TargetKind
    target: str  # Requirement.id or Feature.key
    current: AnswerVersion
    history: tuple[AnswerVersion, ...] = ()  # earlier versions, oldest first

    @property
    def key(self) -> tuple[TargetKind, str]:
        return (self.kind, self.target)


@dataclass(frozen=True)
class AnswerImport:
    """One filled workbook taken over (for the audit trail)."""

    source: str
    sha256: str
    imported_at: datetime
    new: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Answers:
    """Every answer given so far, with its history (see schemas/answers.schema.json)."""

    answers: tuple[Answer, ...] = ()
    imports: tuple[AnswerImport, ...] = ()
    area: str | None = None  # business area and system the answers are for, from the first import
    system: str | None = None

    @cached_property
    def by_key(self) -> dict[tuple[TargetKind, str], Answer]:
        return {a.key: a for a in self.answers}


# --- a check as its result.json records it (read back by summaries, the budget, baselines) -------


class Role(StrEnum):
    """What a check stands for in its municipality's totals for a business area."""

    CURRENT = "current"  # 集計対象: the check the totals count
    CANDIDATE = "candidate"  # 調達候補: a package the municipality is evaluating in a procurement
    SUPERSEDED = "superseded"  # 旧版: an earlier edition (or an earlier check) of a system checked again


@dataclass(frozen=True)
class SystemInfo:
    """What is being checked, as the municipality names it, and its place in the migration plan."""

    name: str | None = None
    vendor: str | None = None
    municipality: str | None = None
    municipality_code: str | None = None
    role: Role | None = None  # as declared (current or candidate); None: current unless a later edition supersedes it
    planned: date | None = None  # 移行予定日: the planned switch-over to the standard-conforming system
    deadline: date | None = None  # 移行期限 as given for this system; None: its area's default


@dataclass(frozen=True)
class CheckedSpec:
    """The edition a check was made against."""

    area: str
    version: str
    requirements: int
    slug: str | None = None
    business_code: str | None = None
    sample: bool = False
    path: str | None = None  # the spec file as given to the check


@dataclass(frozen=True)
class CheckedRequirement:
    id: str
    kind: Kind
    name: str
    category: Category
    verdict: Verdict
    likely: Verdict | None = None  # for a requirement in review (see RequirementResult.likely)
    text: str = ""
    section: tuple[str, ...] = ()
    effective_from: date | None = None  # 適合基準日
    coverage: Support | None = None
    features: tuple[str, ...] = ()  # keys of the confirmed features that cover it
    candidates: tuple[str, ...] = ()  # keys of features in review that may cover it


@dataclass(frozen=True)
class CheckedFeature:
    key: str
    name: str
    status: FeatureStatus
    sheet: str = ""
    row: int = 0
    text: str = ""
    section: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    support: Support | None = None
    support_raw: str = ""
    matches: tuple[Match, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    unknown_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListedAnswer:
    """A vendor's current answer to an item on the check's gap lists."""

    kind: TargetKind
    target: str
    gap_list: GapList
    current: AnswerVersion

    @property
    def key(self) -> tuple[TargetKind, str]:
        return (self.kind, self.target)


@dataclass(frozen=True)
class ResultDocument:
    """A check as read back from its result.json. `requirements` and `features` are empty in the
    short form that portfolio workers send back (spec, system and summary only)."""

    generated_at: str  # ISO 8601, as written
    spec: CheckedSpec
    inventory_path: str
    summary: Summary
    system: SystemInfo = field(default_factory=SystemInfo)
    requirements: tuple[CheckedRequirement, ...] = ()
    features: tuple[CheckedFeature, ...] = ()
    decisions_path: str | None = None
    answers_path: str | None = None  # None: the check was given no answers file
    answers: tuple[ListedAnswer, ...] = ()

    @property
    def system_name(self) -> str:
        """The system as the municipality names it, else its inventory's file name."""
        return self.system.name or PurePath(self.inventory_path).name

    @cached_property
    def answers_by_key(self) -> dict[tuple[TargetKind, str], ListedAnswer]:
        return {a.key: a for a in self.answers}

