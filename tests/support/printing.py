"""Printing gapcheck's outputs as a recipient would, and reading the paper back.

- HTML pages: Chromium's own print to PDF (`chromium --print-to-pdf`, what "Save as PDF" does) and
  Playwright's page.pdf().
- Workbooks: LibreOffice headless converting to PDF, each run with a profile of its own (other
  sessions run soffice on the same machine, and a profile is locked while in use); and LibreOffice
  editing a workbook as a person does, by a Basic macro run headless (no Python-UNO needed).
- The PDFs read back: their text by poppler's pdftotext, the size of every character by pdfplumber;
  a few pages rendered to PNG in tests/artifacts/ (git-ignored) by pdftoppm, for a person to look at.

Each tool missing makes the tests that need it skip with the reason; .ci/run installs them all.
"""

from __future__ import annotations

import bisect
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (Debian package 'chromium'; .ci/run installs it)"
)
needs_poppler = pytest.mark.skipif(
    PDFTOTEXT is None or PDFTOPPM is None,
    reason="poppler's pdftotext and pdftoppm are not installed (Debian package poppler-utils; .ci/run installs it)",
)
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed (Debian package libreoffice-calc-nogui; .ci/run installs it)",
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Glyph:
    """A character as printed: where it starts and the line it stands on (its baseline), in points
    from the page's top left, and its size."""

    text: str
    x0: float
    baseline: float
    size: float


@dataclass(frozen=True)
class Page:
    """One printed page: its size in points, its text in reading order (a cell's lines together),
    as laid out (a table's row on one line) and in the order it was drawn (LibreOffice draws a
    wrapped cell's lines one after the other), and its characters (read only when asked for)."""

    width: float
    height: float
    text: str
    layout: str
    glyphs: tuple[Glyph, ...] = ()
    raw: str = ""

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def sizes(self) -> list[float]:
        return [g.size for g in self.glyphs]

    def lines(self) -> list[str]:
        return [line.strip() for line in self.layout.splitlines() if line.strip()]

    def cut(self) -> list[str]:
        """The characters that a later row's first line comes closer to than a character's height:
        the end of a text cut at its row's bottom edge (LibreOffice draws what is above the edge) or
        run on into the next row. The rows start where the lines of the first column stand: for a
        sheet whose first column has one line a row (an ID, a business area). A cell's own lines
        are further apart (a line's height), so they never count."""
        if not self.glyphs:
            return []
        left = min(g.x0 for g in self.glyphs)
        starts = sorted({g.baseline for g in self.glyphs if g.x0 < left + 1})
        found = []
        for glyph in self.glyphs:
            below = bisect.bisect_right(starts, glyph.baseline + glyph.size / 4)  # the first line below this one
            if below < len(starts) and starts[below] - glyph.baseline < glyph.size * 0.95:
                found.append(glyph.text)
        return found


def _pdftotext(path: Path, *options: str) -> list[str]:
    text = subprocess.run([PDFTOTEXT, *options, str(path), "-"], check=True, capture_output=True, timeout=120).stdout
    return text.decode("utf-8").split("\f")[:-1]  # a form feed ends every page


def read_pdf(path: Path, glyphs: bool = False) -> list[Page]:
    """The pages of a PDF: text by poppler's pdftotext (pdfplumber reads some kanji of the CJK
    fonts as radicals: 民 as ⺠), where each character stands, its size and the page sizes by pdfplumber."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # a warning per glyph of Chromium's CJK subsets
    texts, layouts, raws = _pdftotext(path), _pdftotext(path, "-layout"), _pdftotext(path, "-raw")
    with pdfplumber.open(path) as pdf:
        return [
            Page(p.width, p.height, text, layout, tuple(
                Glyph(c["text"], c["x0"], p.height - c["matrix"][5], round(c["size"], 2))
                for c in (p.chars if glyphs else ()) if c["text"].strip()
            ), raw)
            for p, text, layout, raw in zip(pdf.pages, texts, layouts, raws, strict=True)
        ]


def chromium_pdf(html: Path, pdf: Path) -> list[Page]:
    """`chromium --print-to-pdf` of a page (A4 unless the page's CSS says otherwise), read back."""
    subprocess.run(
        [str(CHROMIUM), *CHROMIUM_ARGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.resolve().as_uri()],
        check=True, capture_output=True, timeout=180,
    )
    return read_pdf(pdf)


def soffice(out: Path, *args: str) -> subprocess.CompletedProcess:
    """LibreOffice headless with a profile of its own under `out`."""
    profile = out / "lo-profile"
    return subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *args],
        check=True, capture_output=True, timeout=300,
    )


def soffice_pdf(workbook: Path, out: Path) -> list[Page]:
    """The workbook as LibreOffice prints it (every visible sheet, its print set-up), read back
    with its characters."""
    soffice(out, "--convert-to", "pdf", "--outdir", str(out), str(workbook))
    return read_pdf(out / (workbook.stem + ".pdf"), glyphs=True)


_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">{}</script:module>
"""
# Each macro reports how it ended in this file: a Basic error in a headless run is not seen otherwise.
_MACRO_REPORT = "macro-report.txt"
_REPORT = """
Sub Report(message As String)
    n = FreeFile
    Open {path} For Output As #n
    Print #n, message
    Close #n
End Sub
"""


def basic_text(text: str) -> str:
    """A Basic string literal."""
    return '"' + text.replace('"', '""') + '"'


def soffice_macro(out: Path, code: str) -> str:
    """Run LibreOffice Basic `code` headless: its `Sub Main` is the macro, which calls Report(...)
    with how it ended (also from its error handler); returns that. The code goes into the
    profile's own macros (trusted, as a person's My Macros are), after a first start has made the
    profile, which would otherwise overwrite them."""
    module = out / "lo-profile" / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.exists():
        soffice(out, "--terminate_after_init")
    report = out / _MACRO_REPORT
    report.unlink(missing_ok=True)
    module.write_text(_MODULE.format(escape(code + _REPORT.format(path=basic_text(str(report))))), "utf-8")
    soffice(out, "macro:///Standard.Module1.Main")
    return report.read_text("utf-8").strip() if report.exists() else "the macro reported nothing"


_FOOTER = re.compile(r"^(?P<sheet>.+?)\s+(?P<page>\d+) / (?P<pages>\d+)$")


def by_sheet(pages: list[Page]) -> dict[str, list[Page]]:
    """A workbook's printed pages per sheet, by the footer every gapcheck sheet prints (sheet name,
    page / pages)."""
    sheets: dict[str, list[Page]] = {}
    for page in pages:
        footer = _FOOTER.match(page.lines()[-1])
        assert footer, page.lines()[-1]
        sheets.setdefault(footer["sheet"], []).append(page)
    return sheets


def save_png(pdf: Path, page: int, name: str, resolution: int = 70) -> Path:
    """Page `page` (from 1) of a PDF as tests/artifacts/<name>.png, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    subprocess.run(
        [PDFTOPPM, "-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(target)],
        check=True, capture_output=True, timeout=120,
    )
    return target.with_suffix(".png")
