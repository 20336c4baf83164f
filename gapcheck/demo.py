"""`gapcheck demo`: the complete check of the bundled sample data, written into reports/demo/.

The sample specs (specs/) and inventories (inventories/) are sample data written for gapcheck; they
live in the repository, not in the installed package, so the demo looks for them in the folder it
is run in (the README runs it in the repository).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gapcheck.check import CheckJob, check_files
from gapcheck.errors import InputError, Location, Problem, ProblemsError
from gapcheck.formats.result_json import SystemInfo
from gapcheck.formats.summary import WrittenSummary, write_summary
from gapcheck.model import CheckResult

DEFAULT_OUT = Path("reports") / "demo"


@dataclass(frozen=True)
class SampleCheck:
    spec: str  # relative to the repository folder
    inventory: str
    folder: str  # output folder under the demo's folder
    system: str
    vendor: str
    layout: str | None = None


# Every sample spec against each of its sample inventories (vendors and products are fictional).
# The one place that pairs them, until a portfolio file does.
SAMPLES = (
    SampleCheck("specs/juki-1.0.json", "inventories/juki-catalog.xlsx", "juki-catalog", "RESIDENT-ONE",
                "株式会社ふるさとシステムズ"),
    SampleCheck("specs/juki-1.0.json", "inventories/juki-messy.xlsx", "juki-messy", "HOKUTO住記 V5", "北斗電算株式会社",
                layout="inventories/juki-messy.layout.json"),
    SampleCheck("specs/inkan-1.0.json", "inventories/inkan-tekigo.xlsx", "inkan-tekigo", "印鑑登録システム",
                "みらい情報サービス株式会社"),
)


@dataclass(frozen=True)
class DemoOutcome:
    checks: tuple[tuple[SampleCheck, Path, CheckResult], ...]  # with each check's output folder
    summary: WrittenSummary


def find_samples(root: Path) -> None:
    """Stop with one message naming every sample file that is missing under `root`."""
    folders = [name for name in ("specs", "inventories") if not (root / name).is_dir()]
    if folders:
        raise InputError(
            root.resolve(),
            f"no {' or '.join(f'{name}/' for name in folders)} folder here: the demo needs the sample data",
            "run `gapcheck demo` in the gapcheck repository folder (where README.md is), or name it with --root",
        )
    wanted = [path for sample in SAMPLES for path in (sample.spec, sample.inventory, sample.layout) if path]
    missing = [Problem(Location(root / path), "missing") for path in dict.fromkeys(wanted) if not (root / path).is_file()]
    if missing:
        raise ProblemsError(
            f"{len(missing)} sample files are missing", missing, "restore them from the repository (git checkout)"
        )


def run_demo(root: str | Path = ".", out: str | Path = DEFAULT_OUT, lang: str = "ja") -> DemoOutcome:
    """Check every sample pair into `out`/<folder>, then write the city-wide summary into `out`."""
    from gapcheck.formats.spec_json import load_spec
    from gapcheck.matching import prepare

    root, out = Path(root), Path(out)
    find_samples(root)
    prepared = {}
    checks = []
    for sample in SAMPLES:
        if sample.spec not in prepared:
            spec = load_spec(root / sample.spec)
            prepared[sample.spec] = (spec, prepare(spec))
        spec, index = prepared[sample.spec]
        job = CheckJob(
            spec=root / sample.spec,
            inventory=root / sample.inventory,
            out=out / sample.folder,
            layout=root / sample.layout if sample.layout else None,
            system=SystemInfo(name=sample.system, vendor=sample.vendor),
            lang=lang,
        )
        checks.append((sample, job.out, check_files(job, spec=spec, index=index)))
    summary = write_summary([folder for _, folder, _ in checks], out, lang)
    return DemoOutcome(tuple(checks), summary)
