"""Every workbook gapcheck writes (gaps.xlsx, review.xlsx, budget.xlsx, the spec diff's workbook)
keeps its content across a change of writer, compared cell by cell with the reference workbooks in
tests/data/writer-reference/; report.html and report.md keep theirs byte for byte (see
support.writer_reference)."""

from __future__ import annotations

import json
import time

import pytest
from support.writer_reference import REFERENCES, SCRATCH, dump, reports, workbooks

from gapcheck.outputs.xlsx import META_SHEET

NAMES = sorted(workbooks(REFERENCES).keys())


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("writer-reference").resolve()


def _about(name: str, content: dict) -> dict:
    """The hidden sheet's description of the workbook, parsed; review.xlsx records the time it was
    written (gaps.xlsx the check's), which is left out."""
    value, data_type, style = content["content"][META_SHEET]["cells"]["C1"]
    about = json.loads(value)
    if name.startswith("review"):
        del about["generated_at"]
    content["content"][META_SHEET]["cells"]["C1"] = (about, data_type, style)
    return content


@pytest.mark.parametrize("name", NAMES)
def test_workbook_content_is_kept(name, scratch):
    written = workbooks(scratch)[name]()
    new, old = dump(written, str(scratch)), dump((REFERENCES / name).read_bytes(), str(SCRATCH))
    if META_SHEET in old["content"]:
        new, old = _about(name, new), _about(name, old)
    assert new["sheets"] == old["sheets"]
    assert new["active"] == old["active"]
    for sheet, expected in old["content"].items():
        found = new["content"][sheet]
        for key in expected:
            if key == "widths":  # the same width as Excel shows it; writers store it with or without padding
                assert found[key].keys() == expected[key].keys(), sheet
                for column, width in expected[key].items():
                    assert abs(found[key][column] - width) <= 1.0, (sheet, column)
            elif key == "cells":
                assert found[key].keys() == expected[key].keys(), sheet
                for coordinate, cell in expected[key].items():
                    assert found[key][coordinate] == cell, (sheet, coordinate)
            else:
                assert found[key] == expected[key], (sheet, key)


@pytest.fixture
def utc(monkeypatch):
    """Reports show times in the machine's time zone; the references were written in UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("name", sorted(reports()))
def test_report_text_is_kept(name, utc):
    assert reports()[name]() == (REFERENCES / name).read_bytes()
