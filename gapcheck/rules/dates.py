"""Dates and fiscal years as Japanese municipal staff write them (西暦 and 和暦)."""

from __future__ import annotations

from gapcheck.messages import _
import re
import unicodedata
from datetime import date, datetime

# era → (first Gregorian year of the era, its one-letter abbreviation)
ERAS = {"令和": (2019, "R"), "平成": (1989, "H"), "昭和": (1926, "S")}
_ERA_BY_LETTER = {letter: start for start, letter in ERAS.values()}

_ISO = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_WAREKI = re.compile(r"^(令和|平成|昭和|[RHS])(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$", re.I)
_FISCAL = re.compile(r"^(?:(令和|平成|[RH])(元|\d{1,2})|(\d{4}))(?:年度|年|fy)?$", re.I)
_FY_PREFIX = re.compile(r"^fy(\d{4})$", re.I)


class ImpossibleDate(ValueError):
    """Written as a date, but no such day exists (2026-02-30)."""


def _era_start(era: str) -> int:
    return ERAS[era][0] if era in ERAS else _ERA_BY_LETTER[era.upper()]


def _era_year(era: str, number: str) -> int:
    return _era_start(era) + (1 if number == "元" else int(number)) - 1


def parse_date(value: object) -> date:
    """A date cell or text → date; ValueError with the reason otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _WAREKI.match(text):
        era, number, month_text, day_text = match.groups()
        year, month, day = _era_year(era, number), int(month_text), int(day_text)
    else:
        raise ValueError(_("'{value}' is not a date (write 2026-04-01 or 令和8年4月1日)", value=value))
    try:
        return date(year, month, day)
    except ValueError:
        raise ImpossibleDate(_("'{value}' is not a real date", value=value)) from None


def parse_fiscal_year(value: object) -> int:
    """令和8年度 / R8 / 2026年度 / FY2026 / 2026 → 2026 (the fiscal year starting in April)."""
    if isinstance(value, bool):
        raise ValueError(_("'{value}' is not a fiscal year", value=value))
    if isinstance(value, (int, float)) and float(value).is_integer() and 1989 <= value <= 2100:
        return int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    if match := _FY_PREFIX.match(text):
        return int(match.group(1))
    match = _FISCAL.match(text)
    if not match:
        raise ValueError(_("'{value}' is not a fiscal year (write 令和8年度, R8 or 2026年度)", value=value))
    era, number, western = match.groups()
    year = int(western) if western else _era_year(era, number)
    if not 1989 <= year <= 2100:
        raise ValueError(_("'{value}' is not a plausible fiscal year", value=value))
    return year


def fiscal_year_of(day: date) -> int:
    """Japanese fiscal years start on 1 April."""
    return day.year if day.month >= 4 else day.year - 1


def wareki_fiscal_year(year: int) -> str:
    """2026 → 令和8年度"""
    if year >= 2019:
        number = year - 2018
        return f"令和{'元' if number == 1 else number}年度"
    return f"平成{year - 1988}年度"
