"""Standard ID rules.

機能ID and 帳票ID have 7 digits (3-digit 業務コード + 4-digit serial); データ項目ID has 8 digits
(業務コード + 5-digit item code). Excel strips leading zeros from IDs typed as numbers
(0010001 → 10001), vendors type full-width digits, and one cell may cite several IDs.
"""

from __future__ import annotations

import re
import unicodedata

from gapcheck import notes
from gapcheck.model import Kind, Note

WIDTH = {Kind.FUNCTION: 7, Kind.FORM: 7, Kind.DATA: 8}
CODE_WIDTH = 3  # 業務コード

_SEPARATORS = re.compile(r"[、,，/／;；\s・]+")
_FLOAT_INT = re.compile(r"^(\d+)\.0+$")
_SECTION_NUMBER = re.compile(r"^\d+(\.\d+)+$")


class InvalidId(ValueError):
    """An ID that cannot be made valid; `note` says why."""

    def __init__(self, code: str, /, **params: object):
        self.note = Note(code, params)
        super().__init__(notes.text(self.note, "en"))  # for programs; people read `note` in their language


def _digits(raw: object) -> str:
    if isinstance(raw, bool):
        raise InvalidId("id_not_id", raw=str(raw))
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not raw.is_integer() or raw < 0:
            raise InvalidId("id_not_whole", raw=str(raw))
        return str(int(raw))
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(" ", "")
    match = _FLOAT_INT.match(text)
    return match.group(1) if match else text


def normalize_id(raw: object, width: int | None) -> str:
    """Normalise one standard ID.

    Full-width digits become ASCII; with a known width, leading zeros that Excel stripped are
    restored (10001 → 0010001). Anything that is not all digits, or is longer than the width, is
    rejected with InvalidId.
    """
    text = _digits(raw)
    if not text:
        raise InvalidId("id_empty")
    if not (text.isascii() and text.isdigit()):  # NFKC leaves other scripts' digits (٣, ३) alone
        raise InvalidId("id_not_digits", raw=str(raw))
    if width is None:
        return text
    if len(text) > width:
        raise InvalidId("id_too_long", raw=str(raw), digits=len(text), width=width)
    # A stripped ID always keeps its non-zero business-code digit, so it is at least width-2 long;
    # anything shorter is a different number (a row number, a serial) rather than a damaged ID.
    if len(text) < width - 2:
        raise InvalidId("id_too_short", raw=str(raw), digits=len(text), width=width)
    return text.zfill(width)


def join_split_id(code: object, serial: object, width: int) -> str:
    """Join an ID split over two columns (業務コード + serial, as in the 項目定義書)."""
    code_text, serial_text = _digits(code), _digits(serial)
    if not (code_text.isascii() and serial_text.isascii() and code_text.isdigit() and serial_text.isdigit()):
        raise InvalidId("id_split_not_digits", code=str(code), serial=str(serial))
    if len(code_text) > CODE_WIDTH or len(serial_text) > width - CODE_WIDTH:
        raise InvalidId("id_split_too_long", code=str(code), serial=str(serial), width=width)
    return code_text.zfill(CODE_WIDTH) + serial_text.zfill(width - CODE_WIDTH)


def split_ids(cell: object) -> list[str]:
    """The IDs cited in one cell («0010003、0010004», line-separated …), as written."""
    if cell is None:
        return []
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return [_digits(cell)]
    return [part for part in _SEPARATORS.split(unicodedata.normalize("NFKC", str(cell))) if part]


def is_section_number(text: str) -> bool:
    """1.1.2-style section numbers, the only key in editions without 機能ID (住民記録 第1.0版)."""
    return bool(_SECTION_NUMBER.match(unicodedata.normalize("NFKC", text).strip()))


def business_code(requirement_id: str) -> str | None:
    return requirement_id[:CODE_WIDTH] if requirement_id.isdigit() else None
