"""Labels as the ministries and vendors write them: implementation classes and support marks."""

from __future__ import annotations

import re

from gapcheck.model import Category, Support
from gapcheck.text import compact

# Compact (NFKC, no white space, brackets removed) label → class.
CLASS_LABELS: dict[str, Category] = {
    **dict.fromkeys(
        ["実装必須機能", "実装必須", "必須", "類型1", "実装すべき機能", "mandatory"], Category.MANDATORY
    ),
    **dict.fromkeys(
        ["標準オプション機能", "標準オプション", "オプション", "類型3", "実装してもしなくても良い機能",
         "実装してもしなくてもよい機能", "optional"],
        Category.OPTIONAL,
    ),
    **dict.fromkeys(
        ["実装不可機能", "実装不可", "類型2", "実装しない機能", "prohibited"], Category.PROHIBITED
    ),
}

# Marks meaning "yes" in a class column where a tick is all there is: the 項目定義書 puts ○ under
# 実装類型 for items that must be output and leaves the cell blank for optional ones.
TICKS = frozenset("○〇◯●")

_BRACKETS = re.compile(r"[【】\[\]「」『』()（）〔〕<>＜＞]")


def label_key(label: str) -> str:
    return _BRACKETS.sub("", compact(label)).lower()


def parse_category(label: str, extra: dict[str, Category] | None = None) -> Category | None:
    """The class a label stands for, or None when the label is unknown (the caller reports it)."""
    key = label_key(label)
    if extra:
        mapped = {label_key(k): v for k, v in extra.items()}.get(key)
        if mapped:
            return mapped
    return CLASS_LABELS.get(key)


SUPPORT_MARKS: dict[str, Support] = {
    **dict.fromkeys(["○", "〇", "◯", "●", "◎", "対応", "対応可", "有", "あり", "yes", "y", "full"], Support.FULL),
    **dict.fromkeys(["△", "▲", "一部対応", "一部", "部分対応", "条件付対応", "partial"], Support.PARTIAL),
    **dict.fromkeys(["カスタマイズ", "カスタマイズ対応", "改修", "要改修", "custom"], Support.CUSTOM),
    **dict.fromkeys(
        ["×", "✕", "✖", "x", "ー", "－", "-", "―", "‐", "未対応", "対応不可", "非対応", "無", "なし", "no",
         "n", "none"],
        Support.NONE,
    ),
}


def parse_support(mark: str) -> Support | None:
    """A support mark → Support; '' → None. Raises KeyError for an unknown mark."""
    text = compact(mark)
    if not text:
        return None
    key = text.lower()
    if key in SUPPORT_MARKS:
        return SUPPORT_MARKS[key]
    # 「○（帳票のみ）」「△ 一部手作業」「対応不可(次期対応)」: the leading mark decides, the rest is a
    # comment. A word mark must be followed by a bracket or separator, so 「対応予定」 is not 「対応」.
    if key[0] in _SYMBOL_MARKS:
        return SUPPORT_MARKS[key[0]]
    match = _WORD_MARK.match(key)
    if match and match.group(1) in SUPPORT_MARKS:
        return SUPPORT_MARKS[match.group(1)]
    raise KeyError(mark)


_SYMBOL_MARKS = frozenset(k for k in SUPPORT_MARKS if len(k) == 1 and not k.isalnum())
_WORD_MARK = re.compile(r"^([^(:・/]+?)[(:・/]")
