"""The decisions file: round trip, merging that never loses a decision, history, validation."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from gapcheck.atomic import HISTORY
from gapcheck.errors import InputError, ProblemsError
from gapcheck.files.decisions_json import load_decisions, merge_decisions, save_decisions, update_decisions
from gapcheck.model import Decision, DecisionAction, Decisions

JST = timezone(timedelta(hours=9))


def decision(key: str, action=DecisionAction.REQUIREMENTS, *requirements: str, by="山田", comment="") -> Decision:
    if action is DecisionAction.REQUIREMENTS and not requirements:
        requirements = ("0010021",)
    return Decision(key, action, requirements, by, datetime(2026, 4, 1, 10, 30, tzinfo=JST), comment)


def test_round_trip_keeps_who_when_and_comment(tmp_path):
    path = tmp_path / "decisions.json"
    decisions = Decisions(
        (
            decision("住民異動/転入異動入力", DecisionAction.REQUIREMENTS, "0010021", "0010025", comment="転入通知も含む"),
            decision("窓口/発券機", DecisionAction.EXTRA),
            decision("見出し", DecisionAction.NOT_FEATURE, by="佐藤"),
        )
    )
    save_decisions(decisions, path)
    assert load_decisions(path) == decisions
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "gapcheck-decisions"
    assert document["decisions"][0]["at"] == "2026-04-01T10:30:00+09:00"


def test_merging_replaces_the_same_key_and_keeps_every_other():
    existing = Decisions((decision("A"), decision("B", DecisionAction.EXTRA), decision("C")))
    merged = merge_decisions(existing, [decision("B", DecisionAction.REQUIREMENTS, "0010152"), decision("D")])
    assert [d.feature for d in merged.decisions] == ["A", "B", "C", "D"]
    assert merged.by_feature["B"].requirements == ("0010152",)
    assert merged.by_feature["A"] == existing.by_feature["A"]


def test_updating_a_file_keeps_earlier_decisions_and_the_previous_version(tmp_path):
    path = tmp_path / "decisions.json"
    update_decisions(path, [decision("A"), decision("B", DecisionAction.EXTRA)])
    first = path.read_text(encoding="utf-8")
    update_decisions(path, [decision("B", DecisionAction.NOT_FEATURE), decision("C")])
    assert [(d.feature, d.action) for d in load_decisions(path).decisions] == [
        ("A", DecisionAction.REQUIREMENTS),
        ("B", DecisionAction.NOT_FEATURE),
        ("C", DecisionAction.REQUIREMENTS),
    ]
    kept = list((tmp_path / HISTORY).glob("decisions.*.json"))
    assert [k.read_text(encoding="utf-8") for k in kept] == [first]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"feature": "A", "action": "requirements"}, 'missing: "requirements"'),
        ({"feature": "A", "action": "requirements", "requirements": []}, "[] needs at least 1 item(s)"),
        ({"feature": "A", "action": "extra", "requirements": ["0010021"]}, "may have at most 0 item(s)"),
        ({"feature": "A", "action": "maybe"}, "is not one of"),
        ({"feature": "A", "action": "requirements", "requirements": ["10021x"]}, "does not have the expected form"),
        ({"feature": "A", "action": "extra", "at": "yesterday"}, "is not a date and time"),
    ],
)
def test_invalid_decisions_are_reported_with_their_json_path(tmp_path, entry, message):
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps({"format": "gapcheck-decisions", "format_version": 1, "decisions": [entry]}), encoding="utf-8")
    with pytest.raises(ProblemsError) as raised:
        load_decisions(path)
    assert "$.decisions[0]" in str(raised.value) and message in str(raised.value)


def test_a_feature_decided_twice_is_refused(tmp_path):
    path = tmp_path / "decisions.json"
    entries = [{"feature": "A", "action": "extra"}, {"feature": "A", "action": "not_feature"}]
    path.write_text(json.dumps({"format": "gapcheck-decisions", "format_version": 1, "decisions": entries}), encoding="utf-8")
    with pytest.raises(ProblemsError, match=r"\$\.decisions\[1\]\.feature: feature 'A' is decided twice"):
        load_decisions(path)


def test_a_broken_file_is_never_overwritten(tmp_path):
    path = tmp_path / "decisions.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        update_decisions(path, [decision("A")])
    assert path.read_text(encoding="utf-8") == "{ not json"
