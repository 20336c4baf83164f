"""Printing gapcheck's outputs as a recipient would, and reading the paper back.

- HTML pages: Chromium's own print to PDF (`chromium --print-to-pdf`, what "Save as PDF" does) and
  Playwright's page.pdf().
- Workbooks: LibreOffice headless converting to PDF, each run with a profile of its own (other
  sessions run soffice on the same machine, and a profile is locked while in use).
- The PDFs read back: their text by poppler's pdftotext, the size of every character by pdfplumber;
  a few pages rendered to PNG in tests/artifacts/ (git-ignored) by pdftoppm, for a person to look at.

Each tool missing makes the tests that need it skip with the reason; .ci/run installs them all.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

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
class Page:
    """One printed page: its size in points, its text in reading order (a cell's lines together)
    and as laid out (a table's row on one line), and the sizes of its characters in points (read
    only when asked for)."""

    width: float
    height: float
    text: str
    layout: str
    sizes: tuple[float, ...] = ()

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def lines(self) -> list[str]:
        return [line.strip() for line in self.layout.splitlines() if line.strip()]


def _pdftotext(path: Path, *options: str) -> list[str]:
    text = subprocess.run([PDFTOTEXT, *options, str(path), "-"], check=True, capture_output=True, timeout=120).stdout
    return text.decode("utf-8").split("\f")[:-1]  # a form feed ends every page


def read_pdf(path: Path, sizes: bool = False) -> list[Page]:
    """The pages of a PDF: text by poppler's pdftotext (pdfplumber reads some kanji of the CJK
    fonts as radicals: 民 as ⺠), sizes and page sizes by pdfplumber."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # a warning per glyph of Chromium's CJK subsets
    texts, layouts = _pdftotext(path), _pdftotext(path, "-layout")
    with pdfplumber.open(path) as pdf:
        return [
            Page(p.width, p.height, text, layout,
                 tuple(round(c["size"], 2) for c in p.chars if c["text"].strip()) if sizes else ())
            for p, text, layout in zip(pdf.pages, texts, layouts, strict=True)
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
    with the sizes of the characters."""
    soffice(out, "--convert-to", "pdf", "--outdir", str(out), str(workbook))
    return read_pdf(out / (workbook.stem + ".pdf"), sizes=True)


def save_png(pdf: Path, page: int, name: str, resolution: int = 70) -> Path:
    """Page `page` (from 1) of a PDF as tests/artifacts/<name>.png, for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    subprocess.run(
        [PDFTOPPM, "-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(target)],
        check=True, capture_output=True, timeout=120,
    )
    return target.with_suffix(".png")
