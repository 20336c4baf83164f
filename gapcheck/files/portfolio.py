"""A portfolio: the systems of a municipality (or of several), one check per system.

A municipality runs about 20 business areas (基幹業務), each on its own vendor system; a prefecture,
the national level or a vendor serving many municipalities lists thousands. The portfolio is a TOML
file, validated against schemas/portfolio.schema.json, then checked as a whole (codes, references,
files, output folders) so that every problem is reported at once, before anything runs.

    [[municipalities]]
    code = "990001"            # 全国地方公共団体コード (5 digits, or 6 with the check digit)
    name = "サンプル市"

    [[systems]]
    area = "住民記録"
    spec = "../specs/juki-1.0.json"
    inventory = "juki-catalog.xlsx"
    decisions = "decisions/juki.json"   # used once it exists
    vendor = "…"
    columns = { support = "対応状況" }
    role = "candidate"                  # a package evaluated in a procurement: shown apart from the totals
    planned = 2026-01-04                # 移行予定日
    deadline = 2030-03-31               # 移行期限 of a 移行困難システム; default: [deadlines] below, else 令和7年度末

    [deadlines]                         # 移行期限 per business area, over gapcheck's defaults
    "住民記録" = 2026-03-31
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from gapcheck.errors import InputError, Location, Problem, ProblemsError
from gapcheck.inputs import identify, open_input
from gapcheck.jsonfile import NOT_VALID, PIPE_LIMIT
from gapcheck.messages import _
from gapcheck.model import Role
from gapcheck.readers.inventory import ROLES as INVENTORY_ROLES
from gapcheck.rules.areas import area_slug, slugify
from gapcheck.rules.dates import parse_date
from gapcheck.schema import violations

# Files a check cannot run without; decisions and answers are optional until someone writes them.
REQUIRED_FILES = ("spec", "inventory", "layout")
OPTIONAL_FILES = ("decisions", "answers")


@dataclass(frozen=True)
class Municipality:
    code: str  # 全国地方公共団体コード as written (5 or 6 digits)
    name: str


@dataclass(frozen=True)
class System:
    """One system of a municipality, and the check to run on it. Paths are absolute."""

    position: int  # index in the portfolio's `systems`
    municipality: Municipality
    area: str
    spec: Path
    inventory: Path
    folder: PurePosixPath  # output folder relative to the run's output folder; always inside it
    decisions: Path | None = None
    answers: Path | None = None
    layout: Path | None = None
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    name: str | None = None
    vendor: str | None = None
    role: Role | None = None  # as declared; see gapcheck.rules.roles for what counts
    planned: date | None = None  # 移行予定日
    deadline: date | None = None  # 移行期限: the system's own, else the portfolio's for its area; None: the default

    @property
    def entry(self) -> str:
        """How messages name this system: systems[3] (個人住民税)."""
        return f"systems[{self.position}] ({self.area})"


@dataclass(frozen=True)
class Portfolio:
    path: Path
    municipalities: tuple[Municipality, ...]
    systems: tuple[System, ...]

    def municipality_folder(self, municipality: Municipality) -> PurePosixPath:
        return _municipality_folder(municipality, len(self.municipalities))


def _municipality_folder(municipality: Municipality, listed: int) -> PurePosixPath:
    """Where one municipality's checks and summary go: its code's folder when several are listed."""
    return PurePosixPath(slugify(municipality.code)) if listed > 1 else PurePosixPath()


def written_path(base: PurePath, written: str) -> PurePath:
    """A file named in a portfolio, relative to the portfolio's folder `base`. A portfolio written on
    Windows may use \\ and drive letters: \\ separates folders everywhere, and a drive (C:\\, or
    \\\\server\\share) can only be found on Windows (ValueError elsewhere, saying what to write)."""
    if isinstance(base, PureWindowsPath) or ("\\" not in written and not PureWindowsPath(written).drive):
        return base / written
    windows = PureWindowsPath(written)
    if windows.drive:
        raise ValueError(_("{path} names the Windows drive {drive}, which this machine does not have: "
                           "write the path relative to the portfolio file (e.g. ../specs/juki-1.0.json)",
                           path=written, drive=windows.drive))
    return base.joinpath(*windows.parts) if not windows.root else PurePosixPath("/").joinpath(*windows.parts[1:])


def check_digit(code5: str) -> str:
    """検査数字 of a 5-digit 全国地方公共団体コード (JIS X 0402, modulus 11: 01100 → 2)."""
    total = sum(int(digit) * weight for digit, weight in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def load_portfolio(path: str | Path) -> Portfolio:
    """Read and check a portfolio; ProblemsError lists every problem, each naming its entry."""
    path = Path(path)
    document = _plain(_read_toml(path))
    found = [_problem(path, document, where, message) for where, message in violations("portfolio", document)]
    if found:
        raise _invalid(path, found)
    portfolio, found = _build(path, document)
    if found:
        raise _invalid(path, found)
    return portfolio


def _invalid(path: Path, found: list[Problem]) -> ProblemsError:
    return ProblemsError(_(NOT_VALID, path=path, what=_("portfolio"), count=len(found)), found,
                         _("fix these entries in the portfolio file; paths in it are relative to the file's own folder"))


def _read_toml(path: Path) -> dict:
    source = open_input(path, PIPE_LIMIT)
    kind = identify(source)
    if kind is not None:
        raise InputError(path, _("this is {what}, not a portfolio (TOML)", what=_(kind)),
                         _("give the portfolio file (see `gapcheck run --help`)"))
    try:
        return tomllib.loads(source.read().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(path, _("the file is not UTF-8 text"), _("save it as UTF-8")) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, _("not valid TOML: {error}", error=error), _("see https://toml.io for the syntax")) from None


def _plain(value: object) -> object:
    """TOML's dates as ISO text, so that the schema sees JSON values and dates are read in one place."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def _label(document: dict, index: int) -> str:
    systems = document.get("systems") if isinstance(document, dict) else None
    entry = systems[index] if isinstance(systems, list) and index < len(systems) else None
    area = entry.get("area") if isinstance(entry, dict) else None
    return f"systems[{index}] ({area})" if isinstance(area, str) and area else f"systems[{index}]"


def _code_as_number(document: dict, parts: str) -> bool:
    """Whether `parts` (municipalities[0].code) names a code TOML read as a number (no quotes)."""
    found = re.fullmatch(r"municipalities\[(\d+)\]\.code", parts)
    listed = document.get("municipalities") if isinstance(document, dict) else None
    if not found or not isinstance(listed, list) or int(found[1]) >= len(listed):
        return False
    entry = listed[int(found[1])]
    return isinstance(entry, dict) and isinstance(entry.get("code"), int)


def _problem(path: Path, document: dict, where: str, message: str) -> Problem:
    """A schema violation named by its entry: `$.systems[3].spec` → `systems[3] (個人住民税): spec: …`."""
    parts = where.removeprefix("$").lstrip(".")
    if parts.startswith("systems["):
        index = int(parts[len("systems[") : parts.index("]")])
        rest = parts[parts.index("]") + 1 :].lstrip(".")
        entry = _label(document, index)
        return Problem(Location(path), f"{entry}: {rest}: {message}" if rest else f"{entry}: {message}")
    if _code_as_number(document, parts):
        message += _(' (write the code in quotes, e.g. code = "011002", so that leading zeros are kept)')
    where = parts or _("the file")
    return Problem(Location(path), f"{where}: {message}")


def _build(path: Path, document: dict) -> tuple[Portfolio, list[Problem]]:
    found: list[Problem] = []

    def problem(message: str) -> None:
        found.append(Problem(Location(path), message))

    municipalities = tuple(Municipality(m["code"], m["name"]) for m in document["municipalities"])
    for index, municipality in enumerate(municipalities):
        code = municipality.code
        if len(code) == 6 and check_digit(code[:5]) != code[5]:
            problem(_("municipalities[{index}] ({name}): code {code} has a wrong check digit (検査数字); {first} gives {right}",
                      index=index, name=municipality.name, code=code, first=code[:5], right=code[:5] + check_digit(code[:5])))
    for code, count in Counter(m.code for m in municipalities).items():
        if count > 1:
            problem(_("municipalities: code {code} is listed {count} times", code=code, count=count))
    by_code = {m.code: m for m in municipalities}

    def day(where: str, written: str | None) -> date | None:
        if written is None:
            return None
        try:
            return parse_date(written)
        except ValueError as error:
            problem(f"{where}: {error}")
            return None

    deadlines = {area: day(f"deadlines.{area}", written) for area, written in document.get("deadlines", {}).items()}

    base = path.resolve().parent
    systems = []
    folders: dict[PurePosixPath, int] = {}
    for index, entry in enumerate(document["systems"]):
        label = _label(document, index)
        code = entry.get("municipality")
        municipality = by_code.get(code) if code is not None else municipalities[0] if len(municipalities) == 1 else None
        if code is None and municipality is None:
            problem(_("{entry}: say which municipality it belongs to (municipality = \"<code>\")", entry=label))
        elif municipality is None:
            problem(_("{entry}: municipality {code} is not among the listed municipalities ({codes})",
                      entry=label, code=code, codes=", ".join(by_code)))

        paths: dict[str, Path | None] = {}
        for key in REQUIRED_FILES + OPTIONAL_FILES:
            written = entry.get(key)
            try:
                paths[key] = Path(written_path(base, written)).resolve() if written else None
            except ValueError as error:
                problem(f"{label}: {key}: {error}")
                paths[key] = None
                continue
            if written and key in REQUIRED_FILES and not paths[key].exists():
                problem(_("{entry}: {key} file {path} does not exist", entry=label, key=key, path=written))
            elif written and paths[key].is_dir():
                problem(_("{entry}: {key} file {path} is a folder, not a file", entry=label, key=key, path=written))

        planned, deadline = day(f"{label}: planned", entry.get("planned")), day(f"{label}: deadline", entry.get("deadline"))
        unknown = sorted(set(entry.get("columns", {})) - set(INVENTORY_ROLES))
        if unknown:
            problem(_("{entry}: columns: unknown role {unknown} (roles: {roles})",
                      entry=label, unknown=", ".join(unknown), roles=", ".join(INVENTORY_ROLES)))
        if municipality is None:
            continue
        own = slugify(entry["folder"]) if "folder" in entry else area_slug(entry["area"])
        folder = _municipality_folder(municipality, len(municipalities)) / own
        if folder in folders:
            problem(_('{entry}: output folder {folder} is also that of {other}; give one of them its own folder = "…"',
                      entry=label, folder=folder, other=_label(document, folders[folder])))
        folders.setdefault(folder, index)

        systems.append(
            System(
                position=index,
                municipality=municipality,
                area=entry["area"],
                spec=paths["spec"],
                inventory=paths["inventory"],
                folder=folder,
                decisions=paths["decisions"],
                answers=paths["answers"],
                layout=paths["layout"],
                sheet=entry.get("sheet"),
                columns=dict(entry.get("columns", {})),
                name=entry.get("name"),
                vendor=entry.get("vendor"),
                role=Role(entry["role"]) if "role" in entry else None,
                planned=planned,
                deadline=deadline or deadlines.get(entry["area"]),
            )
        )
    return Portfolio(path, municipalities, tuple(systems)), found
