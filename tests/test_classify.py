import itertools

import pytest

from gapcheck.model import (
    Basis,
    Candidate,
    Category,
    Feature,
    FeatureMatch,
    FeatureStatus,
    GapList,
    Inventory,
    InventoryKind,
    Kind,
    Match,
    MatchResult,
    Requirement,
    Spec,
    Support,
    Verdict,
)
from gapcheck.rules.classify import classify, verdict
from gapcheck.rules.gaps import gap_items

EXPECTED = {
    # (class, coverage, unconfirmed candidates) → verdict
    (Category.MANDATORY, Support.FULL): Verdict.FIT,
    (Category.MANDATORY, Support.PARTIAL): Verdict.PARTIAL,
    (Category.MANDATORY, Support.CUSTOM): Verdict.PARTIAL,
    (Category.MANDATORY, Support.NONE): Verdict.GAP,
    (Category.MANDATORY, None): Verdict.GAP,
    (Category.OPTIONAL, Support.FULL): Verdict.ADOPTED,
    (Category.OPTIONAL, Support.PARTIAL): Verdict.PARTIAL,
    (Category.OPTIONAL, Support.CUSTOM): Verdict.PARTIAL,
    (Category.OPTIONAL, Support.NONE): Verdict.NOT_ADOPTED,
    (Category.OPTIONAL, None): Verdict.NOT_ADOPTED,
    (Category.PROHIBITED, Support.FULL): Verdict.VIOLATION,
    (Category.PROHIBITED, Support.PARTIAL): Verdict.VIOLATION,
    (Category.PROHIBITED, Support.CUSTOM): Verdict.VIOLATION,
    (Category.PROHIBITED, Support.NONE): Verdict.CLEAR,
    (Category.PROHIBITED, None): Verdict.CLEAR,
}


@pytest.mark.parametrize("category, coverage, in_review", list(itertools.product(Category, [*Support, None], [False, True])))
def test_every_class_and_coverage(category, coverage, in_review):
    expected = EXPECTED[(category, coverage)]
    covered = coverage in (Support.FULL, Support.PARTIAL, Support.CUSTOM)
    if in_review and not covered:
        expected = Verdict.REVIEW  # only unconfirmed candidates: a person has to look
    assert verdict(category, coverage, in_review) is expected


def _requirement(rid, category):
    return Requirement(rid, Kind.FUNCTION, f"要件{rid}", "", category)


SPEC = Spec(
    area="住民記録",
    version="第1.0版",
    requirements=(
        _requirement("0010001", Category.MANDATORY),
        _requirement("0010002", Category.MANDATORY),
        _requirement("0010003", Category.MANDATORY),
        _requirement("0010004", Category.OPTIONAL),
        _requirement("0010005", Category.PROHIBITED),
        _requirement("0010006", Category.PROHIBITED),
    ),
)


def _feature(key, support=None):
    return Feature(key=key, sheet="一覧", row=2, name=key, support=support)


def test_classify_through_matches_and_candidates():
    inventory = Inventory(
        "inv.xlsx",
        InventoryKind.CATALOG,
        (
            _feature("a"),  # no mark in a catalog: the system has it
            _feature("b", Support.PARTIAL),
            _feature("c", Support.NONE),
            _feature("d"),
            _feature("e"),
            _feature("x"),
        ),
    )
    matching = MatchResult(
        (
            FeatureMatch("a", FeatureStatus.MATCHED, (Match("0010001", 0.95, Basis.TEXT), Match("0010004", 0.9, Basis.TEXT))),
            FeatureMatch("b", FeatureStatus.MATCHED, (Match("0010001", 1.0, Basis.ID), Match("0010002", 1.0, Basis.ID))),
            FeatureMatch("c", FeatureStatus.MATCHED, (Match("0010006", 1.0, Basis.ID),)),
            FeatureMatch("d", FeatureStatus.REVIEW, candidates=(Candidate("0010003", 0.6), Candidate("0010005", 0.5))),
            FeatureMatch("e", FeatureStatus.EXCLUDED),
            FeatureMatch("x", FeatureStatus.UNMATCHED),
        )
    )
    result = classify(SPEC, inventory, matching)
    by_id = {r.requirement.id: r for r in result.requirements}
    assert by_id["0010001"].verdict is Verdict.FIT  # best of a (full) and b (partial); one requirement, two features
    assert by_id["0010001"].features == ("a", "b")
    assert by_id["0010002"].verdict is Verdict.PARTIAL
    assert by_id["0010003"].verdict is Verdict.REVIEW and by_id["0010003"].candidates == ("d",)
    assert by_id["0010004"].verdict is Verdict.ADOPTED  # one coarse feature covers two requirements
    assert by_id["0010005"].verdict is Verdict.REVIEW
    assert by_id["0010006"].verdict is Verdict.CLEAR  # matched, but marked ×
    summary = result.summary
    assert summary.verdicts[Category.MANDATORY] == {Verdict.FIT: 1, Verdict.PARTIAL: 1, Verdict.GAP: 0, Verdict.REVIEW: 1}
    assert summary.mandatory_fit_rate == pytest.approx(1 / 3)
    assert summary.features[FeatureStatus.UNMATCHED] == 1 and summary.features[FeatureStatus.EXCLUDED] == 1
    assert summary.count(Verdict.REVIEW) == 2
    # likely verdicts: 0010003 is d's best guess (fit if confirmed), 0010005 only its second one
    assert by_id["0010003"].likely is Verdict.FIT and by_id["0010005"].likely is Verdict.CLEAR
    assert by_id["0010001"].likely is None  # not in review
    assert summary.likely_mandatory_fit_rate == pytest.approx(2 / 3)


def test_unmarked_row_of_a_conformance_table_is_not_a_fit():
    inventory = Inventory("t.xlsx", InventoryKind.CONFORMANCE, (_feature("0010001"),))
    matching = MatchResult((FeatureMatch("0010001", FeatureStatus.MATCHED, (Match("0010001", 1.0, Basis.ID),)),))
    result = classify(SPEC, inventory, matching)
    assert result.requirements[0].verdict is Verdict.GAP


def test_likely_verdicts_take_the_support_marks_and_put_likely_violations_first_on_the_review_list():
    inventory = Inventory(
        "inv.xlsx", InventoryKind.CATALOG, (_feature("p", Support.PARTIAL), _feature("q"), _feature("r", Support.NONE))
    )
    matching = MatchResult(
        (
            FeatureMatch("p", FeatureStatus.REVIEW, candidates=(Candidate("0010002", 0.7), Candidate("0010001", 0.6))),
            FeatureMatch("q", FeatureStatus.REVIEW, candidates=(Candidate("0010006", 0.7),)),
            FeatureMatch("r", FeatureStatus.REVIEW, candidates=(Candidate("0010005", 0.7),)),
        )
    )
    result = classify(SPEC, inventory, matching)
    by_id = {r.requirement.id: r for r in result.requirements}
    assert by_id["0010002"].likely is Verdict.PARTIAL  # △ stays △ when confirmed
    assert by_id["0010001"].likely is Verdict.GAP  # only a runner-up: not covered if the best guesses hold
    assert by_id["0010006"].likely is Verdict.VIOLATION and by_id["0010005"].likely is Verdict.CLEAR  # × is not having it
    assert result.summary.likely_mandatory_fit_rate == 0.0
    review = [target for gap_list, _, target in gap_items(result) if gap_list is GapList.REVIEW]
    assert review == ["0010006", "0010001", "0010002", "0010005"]
