"""Words and values as ministries and vendors write them: implementation classes, support marks,
and the 対応方針, costs and dates vendors type into the gap spreadsheet."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from gapcheck.messages import _
from gapcheck.model import Category, Due, ResponsePolicy, Support
from gapcheck.rules.dates import ImpossibleDate, fiscal_year_of, parse_date, parse_fiscal_year
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


# 対応方針 as the gap spreadsheet offers them (Japanese, English); either is read back.
POLICY_NAMES: dict[ResponsePolicy, tuple[str, str]] = {
    ResponsePolicy.STANDARD: ("標準機能で対応", "standard function"),
    ResponsePolicy.PACKAGE_CHANGE: ("パッケージ改修", "package change"),
    ResponsePolicy.BPR: ("運用変更(BPR)", "process change (BPR)"),
    ResponsePolicy.LOCAL_SYSTEM: ("独自施策システムで対応", "separate local system"),
    ResponsePolicy.EUC: ("EUCで対応", "EUC"),
    ResponsePolicy.OPTION: ("標準オプション採用", "adopt standard option"),
    ResponsePolicy.DISCONTINUE: ("廃止", "discontinue"),
    ResponsePolicy.NOT_POSSIBLE: ("対応不可", "not possible"),
}


# --- the values vendors type into gaps.xlsx ---------------------------------------------------


def _policy_key(text: str) -> str:
    return compact(text).lower()


_POLICIES = {
    _policy_key(name): policy for policy, names in POLICY_NAMES.items() for name in (*names, policy.value)
}


def parse_policy(value: object) -> ResponsePolicy:
    """A 対応方針 as chosen from the list (Japanese or English label); ValueError otherwise."""
    policy = _POLICIES.get(_policy_key(str(value)))
    if policy is None:
        raise ValueError(_("'{value}' is not one of the 対応方針 (choose from the list in the cell)", value=value))
    return policy


_WHOLE = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


def parse_cost(value: object) -> int:
    """概算費用（千円）: a whole number of thousand yen, 0 or more; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(_("'{value}' is not a number", value=value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(_("{value} is negative (write the estimate as 0 or more)", value=value))
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    if _WHOLE.match(text):
        return int(text.replace(",", ""))
    raise ValueError(_(
        "'{value}' is not a whole number of thousand yen (write digits only: 1000 for 100万円, 1500 for 150万円)",
        value=value,
    ))


def due_from_date(day: date) -> Due:
    return Due(fiscal_year_of(day), day)


def parse_due(value: object) -> Due:
    """対応予定時期: a date, or a fiscal year (令和8年度 / R8 / 2026年度 / FY2026); ValueError otherwise."""
    if isinstance(value, (date, datetime)):
        return due_from_date(parse_date(value))
    try:
        return Due(parse_fiscal_year(value))
    except ValueError:
        pass
    try:
        return due_from_date(parse_date(value))
    except ImpossibleDate:
        raise
    except ValueError:
        pass
    raise ValueError(_("'{value}' is neither a date nor a fiscal year (write 2026-10-01, 令和8年度, R8 or 2026年度)",
                       value=value))
