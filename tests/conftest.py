from __future__ import annotations

import pytest
from click.testing import CliRunner

from gapcheck.cli import main
from gapcheck.matching.acceptance import Acceptance


@pytest.fixture(scope="session")  # a CliRunner keeps nothing between calls: module fixtures use it too
def cli():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (no browser download); tests using it are marked
    support.printing.needs_chromium."""
    from playwright.sync_api import sync_playwright
    from support.printing import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def english_messages():
    """Tests of behaviour read gapcheck's messages in English (GAPCHECK_LANG=en, the message ids),
    module fixtures included. tests/test_messages.py, which asserts the Japanese default, clears
    it; a test of a Japanese report or console asks for it with --lang ja."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GAPCHECK_LANG", "en")
        yield


@pytest.fixture
def japanese(monkeypatch):
    """What a user sees by default: messages and outputs in Japanese (no GAPCHECK_LANG)."""
    monkeypatch.delenv("GAPCHECK_LANG")


@pytest.fixture
def fixed_threshold(monkeypatch):
    """Accept from a fixed probability, for tests that pin the matching rules: where a refit puts
    the threshold (0.72 from eighty-one catalogs, 0.89 for the words-only model from a hundred and
    two) is the calibration's business, not the rules'."""
    monkeypatch.setattr(Acceptance, "threshold", lambda self, precision: 0.72)
