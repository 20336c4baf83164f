import pytest

from gapcheck.model import Category, Support
from gapcheck.rules.vocabulary import parse_category, parse_support


@pytest.mark.parametrize(
    "label, expected",
    [
        ("実装必須機能", Category.MANDATORY),
        ("類型1", Category.MANDATORY),
        ("類型１", Category.MANDATORY),
        ("【実装すべき機能】", Category.MANDATORY),
        ("標準オプション機能", Category.OPTIONAL),
        ("類型3", Category.OPTIONAL),
        ("【実装してもしなくても良い機能】", Category.OPTIONAL),
        ("実装不可機能", Category.PROHIBITED),
        ("類型2", Category.PROHIBITED),
        ("【実装しない機能】", Category.PROHIBITED),
        (" 実装 必須 機能 ", Category.MANDATORY),
    ],
)
def test_class_labels(label, expected):
    assert parse_category(label) is expected


def test_unknown_class_label_needs_a_mapping():
    assert parse_category("推奨") is None
    assert parse_category("推奨", {"推奨": Category.OPTIONAL}) is Category.OPTIONAL


@pytest.mark.parametrize(
    "mark, expected",
    [
        ("○", Support.FULL), ("〇", Support.FULL), ("◯", Support.FULL), ("●", Support.FULL), ("対応", Support.FULL),
        ("△", Support.PARTIAL), ("▲", Support.PARTIAL), ("一部対応", Support.PARTIAL),
        ("×", Support.NONE), ("✕", Support.NONE), ("ー", Support.NONE), ("－", Support.NONE),
        ("未対応", Support.NONE), ("対応不可", Support.NONE),
        ("カスタマイズ", Support.CUSTOM),
        ("", None), ("  ", None),
        ("○（帳票のみ）", Support.FULL), ("△ 一部手作業", Support.PARTIAL), ("対応不可(次期対応)", Support.NONE),
    ],
)
def test_support_marks(mark, expected):
    assert parse_support(mark) is expected


def test_word_marks_need_a_separator():
    with pytest.raises(KeyError):
        parse_support("対応予定")  # planned is not supported
