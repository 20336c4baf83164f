"""Text normalisation shared by every reader: NFKC, dash/tilde folding, white space.

The original text is always kept for display; these forms are for comparing and keying.
"""

from __future__ import annotations

import re
import unicodedata

# Dash-like characters vendors and ministries type interchangeably. The katakana prolonged sound
# mark ー (U+30FC) is deliberately absent: it is part of words (データ, サービス).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\u30fc\uff70"
_DASH_TABLE = str.maketrans({c: "-" for c in _DASHES.replace("\u30fc", "")})
_TILDES = str.maketrans({c: "~" for c in "\u301c\u223c\u223d\u02dc\u2053\uff5e"})
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


def normalize(text: str) -> str:
    """Comparable form: NFKC (full-width ASCII and half-width katakana folded), dashes and tildes
    folded, every run of white space (line breaks included) made one space."""
    text = unicodedata.normalize("NFKC", text).translate(_DASH_TABLE).translate(_TILDES)
    return _SPACE.sub(" ", text).strip()


def compact(text: str) -> str:
    """`normalize` without any white space: for matching header labels and marks."""
    return normalize(text).replace(" ", "")
