"""The public library API: every name in gapcheck.__all__ resolves and is documented, and the
example of docs/python-api.md runs."""

from __future__ import annotations

import re
import subprocess
import sys

from support.files import ROOT

import gapcheck

DOC = ROOT / "docs" / "python-api.md"


def test_every_public_name_resolves_and_is_documented():
    documented = set(re.findall(r"`(\w+)", DOC.read_text("utf-8")))
    for name in gapcheck.__all__:
        assert getattr(gapcheck, name) is not None
        assert name == "__version__" or name in documented, f"{name} is public but not in docs/python-api.md"


def test_an_unknown_name_is_an_attribute_error():
    try:
        gapcheck.no_such_thing
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("gapcheck.no_such_thing resolved")


def test_importing_the_model_does_not_load_the_whole_package():
    code = "import sys, gapcheck.model; print('gapcheck.workflows.check' in sys.modules, 'numpy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() == ["False", "False"]


def test_the_documented_example_runs(tmp_path, monkeypatch):
    example = re.search(r"```python\n(.*?)```", DOC.read_text("utf-8"), re.S).group(1)
    monkeypatch.chdir(ROOT)
    example = example.replace('"reports/juki"', repr(str(tmp_path / "juki"))).replace('"reports/city"', repr(str(tmp_path / "city")))
    namespace: dict = {}
    exec(compile(example, str(DOC), "exec"), namespace)
    assert namespace["result"].summary.mandatory_fit_rate is not None
    assert (tmp_path / "juki" / "result.json").is_file() and namespace["outcome"].ok
