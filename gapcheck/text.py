"""Text normalisation shared by every reader: NFKC, dash/tilde folding, white space.

The original text is always kept for display; these forms are for comparing and keying.
"""

from __future__ import annotations

import os
import re
import unicodedata

# Dash-like characters vendors and ministries type interchangeably. The katakana prolonged sound
# mark ー (U+30FC) is deliberately absent: it is part of words (データ, サービス).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\u30fc\uff70"
_FOLDS = {c: "-" for c in _DASHES.replace("\u30fc", "")} | {c: "~" for c in "\u301c\u223c\u223d\u02dc\u2053\uff5e"}
_FOLD_TABLE = str.maketrans(_FOLDS)
# str.translate looks every character of a text up in its table, in Python: ten times NFKC's time
# on a line of Japanese. Most texts hold none of these characters, and a regex finds that in C.
_FOLDABLE = re.compile("[" + "".join(_FOLDS) + "]")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_cell(value: object) -> str:
    """A cell value as display text: control characters dropped, ends trimmed, None → ''."""
    if value.__class__ is str and value.isprintable():  # the usual one-line text: nothing to drop
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def clean_column(values: list[object]) -> list[str]:
    """`clean_cell` of every value of a column. A column of text without control characters or
    carriage returns (the usual, line breaks included) only needs its ends trimmed: checked once on
    the whole column (isprintable first: it is several times faster than the search), trimmed
    without a Python call per cell."""
    try:
        joined = "".join(values)
    except TypeError:  # not all text
        pass
    else:
        if joined.replace("\n", "").isprintable() or "\r" not in joined and not _CONTROL.search(joined):
            return list(map(str.strip, values))
    return [v.strip() if v.__class__ is str and v.isprintable() else clean_cell(v) for v in values]


def wide(character: str) -> bool:
    """Whether a character takes two columns on screen (full-width: Japanese)."""
    return unicodedata.east_asian_width(character) in "WF"


def normalize(text: str) -> str:
    """Comparable form: NFKC (full-width ASCII and half-width katakana folded), dashes and tildes
    folded, every run of white space (line breaks included) made one space."""
    text = unicodedata.normalize("NFKC", text)
    if _FOLDABLE.search(text):
        text = text.translate(_FOLD_TABLE)
    return _SPACE.sub(" ", text).strip()


def compact(text: str) -> str:
    """`normalize` without any white space: for matching header labels and marks."""
    return normalize(text).replace(" ", "")


# A byte of a file name that is not UTF-8 reaches Python as a surrogate escape (U+DC80–U+DCFF).
_ESCAPED = re.compile("[\udc80-\udcff]")
# Shift_JIS puts plain ASCII letters and symbols (0x40–0x7E) in second bytes and some of its byte
# pairs are valid UTF-8 too, so names are decoded whole: between separators below 0x40 (space,
# / . : , quotes, digits), which no encoding of Japanese uses inside a character.
_SEPARATORS = re.compile(rb"([\x00-\x3f]+)")


def readable(text: str) -> str:
    """Text as people can read it whatever bytes a file name brought in: a name that is not UTF-8
    (a zip made on Japanese Windows, unpacked on Linux) decoded as Shift_JIS or EUC-JP, else its
    odd bytes shown as \\xNN. Text without such bytes is returned as it is."""
    if text.isascii() or _ESCAPED.search(text) is None:
        return text
    return "".join(_decode(part) for part in _SEPARATORS.split(text.encode("utf-8", "surrogateescape")))


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8", "cp932", "euc_jp"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", "backslashreplace")


def shown_path(path: str | os.PathLike) -> str:
    """A path as it is written into reports and messages (see `readable`)."""
    return readable(os.fspath(path))
