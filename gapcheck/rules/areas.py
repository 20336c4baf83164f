"""The business areas (基幹業務 and 共通機能) and the file-name slugs gapcheck uses for them."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Japanese name → (slug, ministry). Slugs name spec and report files; they are ASCII so that file
# names survive every file server and mail gateway a municipality uses.
AREAS: dict[str, tuple[str, str]] = {
    "住民記録": ("juki", "総務省"),
    "選挙人名簿管理": ("senkyo", "総務省"),
    "固定資産税": ("koteishisan", "総務省"),
    "個人住民税": ("kojin-juminzei", "総務省"),
    "法人住民税": ("hojin-juminzei", "総務省"),
    "軽自動車税": ("keijidosha", "総務省"),
    "就学": ("shugaku", "文部科学省"),
    "国民健康保険": ("kokuho", "厚生労働省"),
    "国民年金": ("kokunen", "厚生労働省"),
    "障害者福祉": ("shogai", "厚生労働省"),
    "後期高齢者医療": ("koki", "厚生労働省"),
    "介護保険": ("kaigo", "厚生労働省"),
    "生活保護": ("seiho", "厚生労働省"),
    "健康管理": ("kenko", "厚生労働省"),
    "児童扶養手当": ("jifu", "こども家庭庁"),
    "子ども・子育て支援": ("kosodate", "こども家庭庁"),
    "児童手当": ("jidoteate", "こども家庭庁"),
    "戸籍": ("koseki", "法務省"),
    "戸籍の附票": ("fuhyo", "総務省"),
    "印鑑登録": ("inkan", "総務省"),
    "申請管理": ("shinsei", "デジタル庁"),
    "庁内データ連携": ("renkei", "デジタル庁"),
    "住登外者宛名番号管理": ("jutogai", "デジタル庁"),
    "団体内統合宛名": ("togo-atena", "デジタル庁"),
    "EUC": ("euc", "デジタル庁"),
    "統合収納・統合滞納管理": ("shuno", "デジタル庁"),
}


_ORDER = {area: number for number, area in enumerate(AREAS)}


def area_order(area: str) -> tuple[int, str]:
    """Sort key: the standard's list of areas first, in its order, then others by name."""
    return _ORDER.get(area, len(_ORDER)), area


# Names Windows keeps for devices, also with any extension (con.txt): never a file or folder name.
_WINDOWS_DEVICES = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?")


def slugify(text: str) -> str:
    """A safe file-name part on every system: ASCII letters, digits, '-' and '.'; never a path,
    never a name Windows refuses."""
    text = unicodedata.normalize("NFKC", text).lower()
    slug = re.sub(r"[^a-z0-9.]+", "-", text).strip("-.")
    if _WINDOWS_DEVICES.fullmatch(slug):
        slug = "x-" + slug
    # Japanese-only names leave nothing ASCII: a short digest keeps them apart.
    return slug or "x" + hashlib.sha1(text.encode()).hexdigest()[:8]


def area_slug(area: str) -> str:
    known = AREAS.get(unicodedata.normalize("NFKC", area).strip())
    return known[0] if known else slugify(area)


def edition_slug(version: str) -> str:
    """第6.1版 → 6.1"""
    digits = re.findall(r"\d+(?:\.\d+)*", unicodedata.normalize("NFKC", version))
    return digits[0] if digits else slugify(version)
