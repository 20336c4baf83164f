from __future__ import annotations

import pytest
from click.testing import CliRunner

from gapcheck.cli import main


@pytest.fixture(scope="session")  # a CliRunner keeps nothing between calls: module fixtures use it too
def cli():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke
