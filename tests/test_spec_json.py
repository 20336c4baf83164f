import json

from support.files import SPECS

from gapcheck.files.spec_json import load_spec, spec_to_dict, write_spec
from gapcheck.model import Category, Kind, Requirement, Spec


def valid_document():
    return {
        "format": "gapcheck-spec",
        "format_version": 1,
        "area": "住民記録",
        "version": "第1.0版",
        "requirements": [
            {"id": "0010001", "kind": "function", "name": "転入届の受付", "text": "受け付けること。",
             "category": "mandatory", "section": ["1. 異動"]},
            {"id": "0012001", "kind": "form", "name": "住民票の写し", "text": "", "category": "mandatory", "section": []},
        ],
    }


def test_round_trip(tmp_path):
    spec = Spec(
        area="住民記録",
        version="第1.0版",
        business_code="001",
        requirements=(Requirement("0010001", Kind.FUNCTION, "転入届の受付", "受け付けること。", Category.MANDATORY, ("1. 異動",)),),
    )
    write_spec(spec, tmp_path / "s.json")
    assert load_spec(tmp_path / "s.json") == spec
    assert spec_to_dict(spec)["requirements"][0]["section"] == ["1. 異動"]


def test_validate_lists_every_violation_with_its_path(cli, tmp_path):
    document = valid_document()
    document["requirements"][0]["category"] = "must"
    document["requirements"][1]["id"] = "12001"
    document["requirements"].append(dict(document["requirements"][0], category="mandatory"))
    document["requirements"].append({"id": "00100001", "kind": "function", "name": "x", "text": "",
                                     "category": "mandatory", "section": []})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = cli("spec", "validate", path)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any('$.requirements[0].category: "must" is not one of' in line for line in lines)
    assert any('$.requirements[1].id: "12001" does not have the expected form' in line for line in lines)
    assert any("$.requirements[2].id: duplicate id '0010001' (first at $.requirements[0])" in line for line in lines)
    assert any(line.startswith(f"{path}: $.requirements[3].id") for line in lines)  # 8 digits on a function


def test_validate_accepts_a_valid_spec(cli, tmp_path):
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(valid_document(), ensure_ascii=False), encoding="utf-8")
    result = cli("spec", "validate", path)
    assert result.exit_code == 0 and "valid" in result.output


def test_broken_json_is_a_message_not_a_traceback(cli, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"area": ', encoding="utf-8")
    result = cli("spec", "show", path)
    assert result.exit_code == 2
    assert "broken.json: not valid JSON" in result.output


def test_bundled_sample_specs_are_valid_and_marked_as_samples():
    paths = sorted(SPECS.glob("*.json"))
    assert len({load_spec(p).area for p in paths}) >= 2
    for path in paths:
        spec = load_spec(path)
        assert spec.sample, f"{path.name} must be marked as sample data"
        assert all(len(r.id) == 7 for r in spec.requirements if r.kind is not Kind.DATA)
