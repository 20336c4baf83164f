"""Portfolio files: loading, paths, output folders, and one clear message per problem."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from support.files import INVENTORIES, SPECS

from gapcheck.errors import InputError, ProblemsError
from gapcheck.files.portfolio import check_digit, load_portfolio, written_path
from gapcheck.workflows.run import job_for, run_portfolio


def write(folder: Path, text: str, name: str = "portfolio.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A folder with a spec and two inventory files, as a municipality keeps them."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "juki.json").write_bytes((SPECS / "juki-1.0.json").read_bytes())
    (tmp_path / "in").mkdir()
    for name in ("juki.xlsx", "inkan.csv"):
        (tmp_path / "in" / name).write_bytes(b"placeholder: the portfolio only checks that it exists")
    return tmp_path


ONE_CITY = """
[[municipalities]]
code = "131130"
name = "渋谷区"

[[systems]]
area = "住民記録"
name = "住民情報システム"
vendor = "A社"
spec = "specs/juki.json"
inventory = "in/juki.xlsx"
decisions = "decisions/juki.json"
sheet = "機能一覧"
columns = { support = "対応状況", name = "C" }

[[systems]]
area = "印鑑登録"
spec = "specs/juki.json"
inventory = "in/inkan.csv"
"""

def problems_of(path: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        load_portfolio(path)
    assert str(path) in caught.value.summary
    return [p.message for p in caught.value.problems]


def test_one_municipality_paths_relative_to_the_file(city: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path.parent)  # paths must not depend on where gapcheck is started
    portfolio = load_portfolio(write(city, ONE_CITY))
    assert [m.name for m in portfolio.municipalities] == ["渋谷区"]
    juki, inkan = portfolio.systems
    assert juki.spec == (city / "specs" / "juki.json").resolve()
    assert juki.inventory == (city / "in" / "juki.xlsx").resolve()
    # decisions that nobody has written yet are fine: they are used once they exist
    assert juki.decisions == (city / "decisions" / "juki.json").resolve() and not juki.decisions.exists()
    assert inkan.decisions is None and inkan.answers is None
    assert (juki.folder, inkan.folder) == (PurePosixPath("juki"), PurePosixPath("inkan"))
    assert juki.entry == "systems[0] (住民記録)"

    job = job_for(juki, tmp_path / "out", lang="en")
    assert job.out == (tmp_path / "out" / "juki").resolve()
    assert (job.spec, job.inventory, job.sheet, job.lang) == (juki.spec, juki.inventory, "機能一覧", "en")
    assert job.columns == {"support": "対応状況", "name": "C"}
    assert (job.system.name, job.system.vendor) == ("住民情報システム", "A社")
    assert (job.system.municipality, job.system.municipality_code) == ("渋谷区", "131130")
    assert portfolio.municipality_folder(portfolio.municipalities[0]) == PurePosixPath()


def test_a_portfolio_written_on_windows_finds_its_files_here(city: Path):
    text = ONE_CITY.replace('"specs/juki.json"', '"specs\\\\juki.json"').replace('"in/juki.xlsx"', '".\\\\in\\\\juki.xlsx"')
    juki, inkan = load_portfolio(write(city, text)).systems
    assert juki.spec == inkan.spec == (city / "specs" / "juki.json").resolve()
    assert juki.inventory == (city / "in" / "juki.xlsx").resolve()


def test_a_windows_drive_is_one_problem_off_windows_and_a_path_on_windows(city: Path):
    text = ONE_CITY.replace('"in/juki.xlsx"', '"C:\\\\住民記録\\\\juki.xlsx"')
    (message,) = problems_of(write(city, text))
    assert message.startswith("systems[0] (住民記録): inventory: ") and "drive C:" in message
    assert "relative to the portfolio file" in message
    on_windows = PureWindowsPath("D:/市/portfolio")
    assert written_path(on_windows, "C:\\住民記録\\juki.xlsx") == PureWindowsPath("C:/住民記録/juki.xlsx")
    assert written_path(on_windows, "..\\specs\\juki.json") == PureWindowsPath("D:/市/portfolio/../specs/juki.json")  # resolved on the machine
    assert written_path(on_windows, "specs/juki.json") == PureWindowsPath("D:/市/portfolio/specs/juki.json")
    assert written_path(PurePosixPath("/srv/city"), "\\data\\juki.xlsx") == PurePosixPath("/data/juki.xlsx")
    with pytest.raises(ValueError, match="drive"):
        written_path(PurePosixPath("/srv/city"), "\\\\server\\share\\juki.xlsx")


def test_several_municipalities_get_a_folder_each(city: Path):
    text = """
[[municipalities]]
code = "011002"
name = "札幌市"
[[municipalities]]
code = "13104"
name = "新宿区"
[[systems]]
municipality = "011002"
area = "住民記録"
spec = "specs/juki.json"
inventory = "in/juki.xlsx"
[[systems]]
municipality = "13104"
area = "住民記録"
spec = "specs/juki.json"
inventory = "in/juki.xlsx"
"""
    portfolio = load_portfolio(write(city, text))
    sapporo, shinjuku = portfolio.systems
    assert (sapporo.municipality.name, shinjuku.municipality.name) == ("札幌市", "新宿区")
    assert (sapporo.folder, shinjuku.folder) == (PurePosixPath("011002/juki"), PurePosixPath("13104/juki"))
    assert portfolio.municipality_folder(shinjuku.municipality) == PurePosixPath("13104")


def test_names_from_the_file_cannot_leave_the_output_folder(city: Path, tmp_path: Path):
    text = ONE_CITY.replace('area = "印鑑登録"', 'area = "../../etc"\nfolder = "../../../etc/cron.d"')
    text = text.replace('area = "住民記録"', 'area = "/tmp/x/.."')
    portfolio = load_portfolio(write(city, text))
    out = (tmp_path / "out").resolve()
    for system in portfolio.systems:
        target = job_for(system, out).out
        assert target.parent == out and target.name not in ("", ".", ".."), target


ESCAPES = ("..", ".", "../../etc", "..\\..\\x", "..\\x", "/etc", "C:\\Windows", "\\\\server\\share", "住民記録/../..",
           "-", ".hidden", "a\x00b")


@pytest.mark.parametrize("name", ESCAPES)
@pytest.mark.parametrize("key", ["area", "folder"])
def test_no_area_or_folder_name_leaves_the_output_folder(city: Path, tmp_path: Path, key, name):
    entry = f'area = "住民記録"\n{key} = {json.dumps(name)}' if key == "folder" else f"area = {json.dumps(name)}"
    text = ONE_CITY.replace('area = "住民記録"', entry)
    (system, _) = load_portfolio(write(city, text)).systems
    out = (tmp_path / "out").resolve()
    target = job_for(system, out).out
    assert target.parent == out and target.name not in ("", ".", "..") and "\\" not in target.name, target


def test_a_run_with_such_names_writes_only_below_out(tmp_path: Path):
    """End to end: each check's files land in its own folder below --out, and nowhere else."""
    inventory = INVENTORIES / "juki-catalog.xlsx"
    systems = "".join(
        f'[[systems]]\narea = {json.dumps(area)}\nspec = "{(SPECS / "juki-1.0.json").as_posix()}"\n'
        f'inventory = "{inventory.as_posix()}"\n' + (f"folder = {json.dumps(folder)}\n" if folder else "")
        for area, folder in (("../../escaped", None), ("..\\other", None), ("住民記録", "/tmp/.."), ("x", "../.."),
                             ('窓口:受付*"一覧"?', None), ("CON", None), ("住民記録", "lpt1.txt"), ("a<b>|c ", None))
    )
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    portfolio = load_portfolio(write(work, '[[municipalities]]\ncode = "131130"\nname = "渋谷区"\n' + systems))
    outcome = run_portfolio(portfolio, work / "out")
    assert outcome.ok, [c.error for c in outcome.failures]
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert {p for p in written if not p.startswith("a/b/out/")} == {"a/b/portfolio.toml"}
    folders = {p.split("/")[3] for p in written if p.count("/") > 3}
    assert len(folders) == 8 and not any(f.startswith(".") for f in folders), folders
    assert not [p for p in written if not windows_can_name(p)]


WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(10))}


def windows_can_name(path: str) -> bool:
    """Whether Windows accepts every part of `path` as a file or folder name."""
    return all(
        not set(part) & set('<>:"|?*\\') and part == part.rstrip(". ") and part.split(".")[0].lower() not in WINDOWS_DEVICES
        for part in path.split("/")
    )


def test_check_digit_of_real_codes():
    # 札幌市, 千代田区, 大阪市, 横浜市, and the two edge cases: remainder 0 (新宿区 → 1), 1 (渋谷区 → 0)
    for code in ("011002", "131016", "271004", "141003", "131041", "131130"):
        assert check_digit(code[:5]) == code[5], code


def test_every_problem_is_named_by_its_entry(city: Path):
    text = """
[[municipalities]]
code = "011003"
name = "札幌市"
[[municipalities]]
code = "13104"
name = "新宿区"
[[municipalities]]
code = "13104"
name = "新宿区（重複）"

[[systems]]
municipality = "011003"
area = "住民記録"
spec = "specs/missing.json"
inventory = "in/juki.xlsx"
[[systems]]
area = "印鑑登録"
spec = "specs/juki.json"
inventory = "in/inkan.csv"
[[systems]]
municipality = "99999"
area = "個人住民税"
spec = "specs/juki.json"
inventory = "in/zei.xlsx"
[[systems]]
municipality = "13104"
area = "住民記録"
spec = "specs/juki.json"
inventory = "in/missing.xlsx"
layout = "layouts/none.json"
columns = { name = "機能名", price = "金額", colour = "色" }
[[systems]]
municipality = "13104"
area = "住民記録"
spec = "specs/juki.json"
inventory = "in/juki.xlsx"
"""
    assert problems_of(write(city, text)) == [
        "municipalities[0] (札幌市): code 011003 has a wrong check digit (検査数字); 01100 gives 011002",
        "municipalities: code 13104 is listed 2 times",
        "systems[0] (住民記録): spec file specs/missing.json does not exist",
        'systems[1] (印鑑登録): say which municipality it belongs to (municipality = "<code>")',
        "systems[2] (個人住民税): municipality 99999 is not among the listed municipalities (011003, 13104)",
        "systems[2] (個人住民税): inventory file in/zei.xlsx does not exist",
        "systems[3] (住民記録): inventory file in/missing.xlsx does not exist",
        "systems[3] (住民記録): layout file layouts/none.json does not exist",
        "systems[3] (住民記録): columns: unknown role colour, price (roles: key, ref, name, text, support, section, notes)",
        "systems[4] (住民記録): output folder 13104/juki is also that of systems[3] (住民記録); "
        'give one of them its own folder = "…"',
    ]


def test_schema_violations_name_the_entry(city: Path):
    text = """
[[municipalities]]
code = 131130
name = "渋谷区"
[[systems]]
area = "住民記録"
spec = "specs/juki.json"
inventory = "in/juki.xlsx"
[[systems]]
area = "個人住民税"
inventory = "in/juki.xlsx"
vendor = ""
colums = { name = "機能名" }
"""
    found = problems_of(write(city, text))
    assert found[0].startswith("municipalities[0].code: 131130 is not text")
    assert "write the code in quotes" in found[0]
    assert 'systems[1] (個人住民税): missing: "spec"' in found
    assert any(p.startswith("systems[1] (個人住民税): vendor: ") for p in found)
    assert any(p.startswith("systems[1] (個人住民税): ") and 'unexpected member "colums"' in p for p in found)
    assert len(found) == 4


def test_empty_or_unreadable_portfolios(tmp_path: Path):
    assert problems_of(write(tmp_path, "")) == [
        'the file: missing: "municipalities", "systems"',
    ]
    with pytest.raises(InputError, match=r"not valid TOML: .*line 2"):
        load_portfolio(write(tmp_path, '[[systems]]\narea = "住民記録\n'))
    with pytest.raises(InputError, match="not UTF-8"):
        path = tmp_path / "sjis.toml"
        path.write_bytes('area = "住民記録"'.encode("cp932"))
        load_portfolio(path)
    with pytest.raises(InputError, match="does not exist"):
        load_portfolio(tmp_path / "nothing.toml")
