"""The README is the entry point: short, two set-up commands per shell, links that lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path, PureWindowsPath

import pytest
from markdown_it import MarkdownIt

from support.files import ROOT

README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").rglob("*.md"))]


def _tokens(path: Path):
    return MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8"))


def _setup_blocks() -> dict[str, list[str]]:
    """The code blocks of the README's Set-up section, by language."""
    blocks: dict[str, list[str]] = {}
    section = None
    for token in _tokens(README):
        if token.type == "inline" and section == "heading":
            section = token.content
        elif token.type == "heading_open":
            section = "heading" if token.tag == "h2" else section
        elif token.type == "fence" and section == "Set-up":
            blocks.setdefault(token.info.strip(), []).append(token.content.strip())
    return blocks


def test_the_readme_fits_on_a_few_screens():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 150


def test_set_up_has_two_commands_per_shell_and_ci_runs_the_test_command():
    blocks = _setup_blocks()
    assert {shell: len(commands) for shell, commands in blocks.items()} == {"sh": 2, "powershell": 2}
    demo, tests = blocks["sh"]
    assert demo.endswith("gapcheck demo") and "\n" not in demo
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == tests, ".ci/run must run the README's test command"
    for posix, windows in zip(blocks["sh"], blocks["powershell"]):  # the same steps in each shell
        assert windows.startswith("py -m venv .venv;") and "&&" not in windows  # Windows PowerShell 5.1 has no &&
        steps = [step.strip().split() for step in windows.split(";")]
        executables = [PureWindowsPath(step[0]) for step in steps[1:]]
        assert all(exe.parent == PureWindowsPath(".venv/Scripts") for exe in executables)
        assert [step[1:] for step in steps[1:]] == [
            step.strip().split()[1:] for step in posix.split("&&")[1:]
        ]


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    tokens = _tokens(path)
    return {_slug(tokens[i + 1].content) for i, token in enumerate(tokens) if token.type == "heading_open"}


def _links(path: Path):
    for token in _tokens(path):
        for child in token.children or ():
            if child.type in ("link_open", "image"):
                yield child.attrGet("href") or child.attrGet("src")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_between_the_pages_leads_to_a_file_and_heading_that_exist(page):
    broken = []
    for target in _links(page):
        if re.match(r"^[a-z]+:", target):
            continue  # a web address: not checked offline
        file, _, anchor = target.partition("#")
        linked = (page.parent / file).resolve() if file else page
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(target)
    assert not broken


def test_the_readme_links_every_reference_page():
    linked = {(README.parent / target).resolve() for target in _links(README) if not re.match(r"^[a-z]+:", target)}
    pages = {page.resolve() for page in (ROOT / "docs").glob("*.md")}
    assert pages <= linked, f"docs pages the README does not link: {sorted(p.name for p in pages - linked)}"


def test_every_benchmark_script_is_listed():
    listed = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    missing = [p.name for p in sorted((ROOT / "benchmarks").glob("*.py")) if f"`{p.name}`" not in listed]
    assert not missing, f"benchmarks without a row in docs/benchmarks.md: {missing}"
