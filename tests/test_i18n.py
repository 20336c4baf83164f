"""Labels: every member of every labelled enum has a Japanese and an English label of its own."""

from __future__ import annotations

from datetime import date

import pytest

from gapcheck.model import Category, FeatureStatus, Support, Verdict
from gapcheck.outputs.i18n import LABELS, PHRASES, format_value, label, phrase


@pytest.mark.parametrize("enum", list(LABELS), ids=lambda e: e.__name__)
def test_every_member_is_labelled_in_both_languages(enum):
    assert set(LABELS[enum]) == set(enum)
    for member in enum:
        assert label(member, "ja") and label(member, "en")


def test_members_with_the_same_value_in_different_enums_keep_their_own_labels():
    # StrEnum members with equal values are equal keys: one flat dict would let one overwrite the other
    assert Verdict.PARTIAL == Support.PARTIAL
    assert label(Verdict.PARTIAL) == "一部適合" and label(Support.PARTIAL) == "△"
    assert label(Verdict.REVIEW, "en") == "review" and label(FeatureStatus.REVIEW) == "要確認"


def test_phrases_have_both_languages():
    assert all(ja and en for ja, en in PHRASES.values())
    assert phrase("summary") == "概要" and phrase("summary", "en") == "Summary"


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (Category.OPTIONAL, "ja", "標準オプション"),
        (Category.OPTIONAL, "en", "optional"),
        (("1. 住民記録の管理", "1.1. 住民データの管理"), "ja", "1. 住民記録の管理 > 1.1. 住民データの管理"),
        ((), "ja", "—"),
        (date(2027, 4, 1), "ja", "2027-04-01"),
        (None, "en", "—"),
        ("", "ja", "—"),
        ("そのまま", "ja", "そのまま"),
    ],
)
def test_format_value(value, lang, shown):
    assert format_value(value, lang) == shown
