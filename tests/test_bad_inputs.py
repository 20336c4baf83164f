"""Every reader on the bad-input corpus: exit code 2, one message naming the file, no traceback,
nothing written."""

import re

import pytest

from badinputs import SPEC_JSON, SPEC_TABLE, TABLE, build

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return folder, {entry.name: entry for entry in build(folder)}


def _entries(*readers):
    from pathlib import Path
    import tempfile

    # names only: the files are built once per module by the fixture
    return [e.name for e in build(Path(tempfile.mkdtemp())) if e.readers & set(readers)]


def _assert_clean_failure(result, path, expect):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert str(path) in result.output, result.output
    assert re.search(expect, result.output), result.output


@pytest.mark.parametrize("name", _entries(TABLE, SPEC_TABLE))
def test_spec_import(cli, corpus, tmp_path, name):
    folder, entries = corpus
    out = tmp_path / "spec.json"
    result = cli("spec", "import", folder / name, "--area", "住民記録", "--version", "第1.0版", "-o", out)
    _assert_clean_failure(result, folder / name, entries[name].expect)
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


@pytest.mark.parametrize("name", _entries(SPEC_JSON))
@pytest.mark.parametrize("command", ["validate", "show"])
def test_spec_json(cli, corpus, name, command):
    folder, entries = corpus
    result = cli("spec", command, folder / name)
    _assert_clean_failure(result, folder / name, entries[name].expect)


def test_hostile_cells_are_read_as_text(corpus):
    """Control characters, emoji, maximum-length cells and formula-like text are data, not errors."""
    from badinputs import HOSTILE
    from gapcheck.formats.spec_import import import_spec

    folder, _ = corpus
    spec, _ = import_spec([folder / "hostile.xlsx"], area="住民記録", version="第1.0版")
    first, second = spec.requirements
    assert first.name == "転入届の受付😀"  # control characters dropped, emoji kept
    assert first.text == HOSTILE["long"]
    assert second.name == HOSTILE["formula"] and second.text == HOSTILE["template"]
