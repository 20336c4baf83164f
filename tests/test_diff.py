"""diff_specs: every kind of change, on hand-made specs and on the sample editions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.editions import BASE, maker_module, req, sample_editions, spec
from support.files import SPECS

from gapcheck.files.spec_json import load_spec, spec_to_dict
from gapcheck.model import Category, Kind
from gapcheck.rules.baseline import carry_id
from gapcheck.rules.diff import (
    RENUMBER_THRESHOLD,
    Change,
    Effect,
    Field,
    Op,
    category_effect,
    diff_specs,
    text_diff,
)

M, O, P = Category.MANDATORY, Category.OPTIONAL, Category.PROHIBITED


def _with(index: int, **changes):
    requirements = list(BASE)
    requirements[index] = replace(requirements[index], **changes)
    return spec(*requirements, version="第2.0版")


def test_same_edition_has_no_changes():
    diff = diff_specs(spec(*BASE), spec(*BASE))
    assert diff.is_empty
    assert diff.unchanged == tuple(r.id for r in BASE)
    assert diff.counts[Change.UNCHANGED] == len(BASE)
    assert diff.id_map == {r.id: r.id for r in BASE}
    assert diff.work == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (Field.NAME, "転入届の受付（特例転入を含む）"),
        (Field.TEXT, "他市区町村から住所を移した者の転入届を受け付け、転出証明書と照合して住民票を記載できること。"),
        (Field.CATEGORY, O),
        (Field.KIND, Kind.FORM),
        (Field.SECTION, ("1. 住民記録の管理", "1.3. 職権・通知による異動")),
        (Field.EFFECTIVE_FROM, date(2027, 4, 1)),
        (Field.NOTES, "適合基準日までは従来の様式でよい。"),
    ],
)
def test_each_field_change_is_found_alone(field, value):
    old = spec(*BASE)
    diff = diff_specs(old, _with(0, **{field.value: value}))
    assert [c.new.id for c in diff.changed] == ["0010021"]
    change = diff.changed[0]
    assert change.fields == (field,)
    assert change.get(field).old == getattr(BASE[0], field.value)
    assert change.get(field).new == value
    assert not change.renumbered
    assert diff.added == diff.removed == diff.renumbered == ()
    assert diff.counts[Change.UNCHANGED] == len(BASE) - 1
    assert diff.field_counts[field] == 1 and sum(diff.field_counts.values()) == 1


def test_several_fields_of_one_requirement():
    diff = diff_specs(spec(*BASE), _with(2, name="カナ氏名による宛名検索", category=P, effective_from=date(2028, 1, 1)))
    assert diff.changed[0].fields == (Field.NAME, Field.CATEGORY, Field.EFFECTIVE_FROM)
    assert diff.changed[0].effect is Effect.WORK


def test_text_change_carries_the_difference_and_a_similarity():
    new_text = "カナ氏名（前方一致）により住民を検索できること。"
    change = diff_specs(spec(*BASE), _with(2, text=new_text)).changed[0]
    text = change.get(Field.TEXT)
    assert [(s.op, s.text) for s in text.segments] == [
        (Op.EQUAL, "カナ氏名"),
        (Op.INSERT, "（前方一致）"),
        (Op.EQUAL, "により住民を検索できること。"),
    ]
    assert 0.8 < change.score < 1.0


def test_retyped_white_space_and_full_width_characters_are_not_changes():
    retyped = "カナ氏名により住民を検索できること。 "  # trailing space
    wide = "操作者、操作日時及び対象者を操作ログとして記録できること。".replace("ログ", "ﾛｸﾞ")
    diff = diff_specs(spec(*BASE), spec(*[replace(BASE[0]), replace(BASE[1]), replace(BASE[2], text=retyped),
                                          replace(BASE[3], text=wide), BASE[4]]))
    assert diff.is_empty


def test_notes_absent_and_empty_are_the_same():
    assert diff_specs(spec(*BASE), _with(0, notes="")).is_empty


def test_added_and_removed_requirements_that_are_unlike_stay_so():
    added = req("0010301", "町丁字別人口統計の作成", "基準日時点の人口及び世帯数を町丁字別に集計できること。", category=O)
    new = spec(*BASE[1:], added)
    diff = diff_specs(spec(*BASE), new)
    assert diff.removed == (BASE[0],)
    assert diff.added == (added,)
    assert diff.renumbered == ()
    assert "0010021" not in diff.id_map
    assert diff.work == 0  # an added 標準オプション is a choice, not work


def test_renumbered_with_the_same_text_has_score_one_and_no_field_changes():
    new = spec(replace(BASE[0], id="0010031"), *BASE[1:])
    diff = diff_specs(spec(*BASE), new)
    assert diff.added == diff.removed == diff.changed == ()
    (change,) = diff.renumbered
    assert (change.old.id, change.new.id, change.score, change.changes) == ("0010021", "0010031", 1.0, ())
    assert change.renumbered
    assert diff.id_map["0010021"] == "0010031"
    assert diff.counts[Change.RENUMBERED] == 1


def test_renumbered_with_edited_text_reports_the_edit():
    edited = replace(BASE[1], id="0010035", text=BASE[1].text.replace("受け付け、", "受け付け、転出先を記録して"))
    diff = diff_specs(spec(*BASE), spec(BASE[0], edited, *BASE[2:]))
    (change,) = diff.renumbered
    assert change.fields == (Field.TEXT,)
    assert RENUMBER_THRESHOLD <= change.score < 1.0
    assert Op.INSERT in {s.op for s in change.get(Field.TEXT).segments}


def test_threshold_decides_what_counts_as_renumbered():
    edited = replace(BASE[1], id="0010035", text=BASE[1].text.replace("受け付け、", "受け付け、転出先を記録して"))
    old, new = spec(*BASE), spec(BASE[0], edited, *BASE[2:])
    score = diff_specs(old, new).renumbered[0].score
    strict = diff_specs(old, new, renumber_threshold=score + 0.01)
    assert strict.renumbered == ()
    assert [r.id for r in strict.removed] == ["0010022"] and [r.id for r in strict.added] == ["0010035"]
    assert diff_specs(old, new, renumber_threshold=score).renumbered[0].score == score
    assert diff_specs(spec(*BASE), spec(replace(BASE[0], id="0010031"), *BASE[1:]), renumber_threshold=1.01).renumbered == ()


def test_renumbering_is_one_to_one_and_prefers_the_best_then_the_earliest():
    twin = replace(BASE[0], id="0010029")  # two removed requirements with the same text
    old = spec(BASE[0], twin, *BASE[1:])
    near = replace(BASE[0], id="0010040", text=BASE[0].text.replace("住民票を", "住民票に"))
    same = replace(BASE[0], id="0010039")
    diff = diff_specs(old, spec(same, near, *BASE[1:]))
    pairs = {(c.old.id, c.new.id) for c in diff.renumbered}
    assert pairs == {("0010021", "0010039"), ("0010029", "0010040")}
    alone = diff_specs(old, spec(same, *BASE[1:]))
    assert [(c.old.id, c.new.id) for c in alone.renumbered] == [("0010021", "0010039")]
    assert [r.id for r in alone.removed] == ["0010029"]


def test_alike_texts_on_opposite_sides_of_a_contrast_are_not_renumbered():
    moving_out = replace(BASE[0], id="0010035", name="転出届の受付", text=BASE[0].text.replace("転入", "転出"))
    same_id = diff_specs(spec(*BASE), spec(replace(moving_out, id="0010021"), *BASE[1:]))
    assert same_id.changed[0].score >= RENUMBER_THRESHOLD  # the texts are alike …
    diff = diff_specs(spec(*BASE), spec(moving_out, *BASE[1:]))
    assert diff.renumbered == ()  # … but 転入 is not 転出
    assert [r.id for r in diff.removed] == ["0010021"] and [r.id for r in diff.added] == ["0010035"]


@pytest.mark.parametrize(
    ("old", "new", "effect"),
    [
        (None, M, Effect.WORK),
        (None, P, Effect.WORK),
        (None, O, Effect.CHOICE),
        (O, M, Effect.WORK),
        (P, M, Effect.WORK),
        (M, P, Effect.WORK),
        (O, P, Effect.WORK),
        (M, O, Effect.CHOICE),
        (P, O, Effect.CHOICE),
        (M, M, None),
        (O, O, None),
        (P, P, None),
        (M, None, None),
    ],
)
def test_category_effect(old, new, effect):
    assert category_effect(old, new) is effect


def test_work_counts_added_and_reclassed_requirements_that_create_work():
    added = [
        req("0010301", "新しい必須機能", "まったく新しい必須の機能であること。", section=("9. その他",)),
        req("0010302", "新しい不可機能", "これまでになかった禁止される機能。", category=P, section=("9. その他",)),
    ]
    new = list(BASE)
    new[0] = replace(new[0], category=O)  # choice
    new[1] = replace(new[1], category=P)  # work
    diff = diff_specs(spec(*BASE), spec(*new, *added))
    assert diff.work == 3


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("転入届を受け付け、住民票を記載できること。", "転入届を受け付け、転出証明書と照合したうえで住民票を記載できること。"),
        ("住民の氏名の振り仮名を管理できること。", "住民の氏名及び振り仮名を管理し、変更履歴を保持できること。"),
        ("", "新しい要件"),
        ("古い要件", ""),
    ],
)
def test_text_diff_examples_rebuild_both_texts(old, new):
    segments = text_diff(old, new)
    assert "".join(s.text for s in segments if s.op is not Op.INSERT) == old
    assert "".join(s.text for s in segments if s.op is not Op.DELETE) == new


def test_text_diff_folds_a_stray_single_character_into_the_change():
    segments = text_diff("氏名を管理できること", "住所の変更を記録できること")
    # the を left equal between two changes is not shown as its own unchanged run
    assert [(s.op, s.text) for s in segments] == [
        (Op.DELETE, "氏名を管理"),
        (Op.INSERT, "住所の変更を記録"),
        (Op.EQUAL, "できること"),
    ]


@given(st.text(alphabet="あいうえお転入出届、。ab", max_size=40), st.text(alphabet="あいうえお転入出届、。ab", max_size=40))
def test_text_diff_always_rebuilds_both_texts(old, new):
    segments = text_diff(old, new)
    assert "".join(s.text for s in segments if s.op is not Op.INSERT) == old
    assert "".join(s.text for s in segments if s.op is not Op.DELETE) == new
    assert all(s.text for s in segments)
    assert all(a.op is not b.op for a, b in zip(segments, segments[1:]))


# --- the sample editions in specs/ ------------------------------------------------------------------


def test_sample_second_edition_is_what_the_script_makes():
    old, new = sample_editions()
    assert spec_to_dict(maker_module().build(old)) == spec_to_dict(new)
    assert new.sample and new.version == "第1.1版"
    assert "サンプル" in new.source.attribution and "第1.1版" in new.source.attribution


def test_sample_editions_show_every_kind_of_change():
    old, new = sample_editions()
    diff = diff_specs(old, new)
    assert [r.id for r in diff.added] == ["0010034", "0010066", "0010217", "0012023"]
    assert [r.id for r in diff.removed] == ["0010065", "0010126", "0012014"]

    renumbered = {c.old.id: c for c in diff.renumbered}
    assert set(renumbered) == {"0010183", "0010203"}
    assert renumbered["0010183"].new.id == "0010186" and renumbered["0010183"].score == 1.0
    assert renumbered["0010183"].changes == ()
    assert renumbered["0010203"].new.id == "0010206" and renumbered["0010203"].fields == (Field.TEXT,)
    assert diff.renumber_threshold <= renumbered["0010203"].score < 1.0

    changed = {c.new.id: c for c in diff.changed}
    assert {rid: c.fields for rid, c in changed.items()} == {
        "0010101": (Field.TEXT,),
        "0010109": (Field.CATEGORY,),
        "0010142": (Field.NAME,),
        "0010154": (Field.SECTION,),
        "0010161": (Field.KIND,),
        "0010164": (Field.CATEGORY,),
        "0010213": (Field.TEXT,),
        "0010214": (Field.EFFECTIVE_FROM,),
        "0012012": (Field.CATEGORY, Field.NOTES),
        "0012021": (Field.NAME,),
    }
    categories = {rid: (c.get(Field.CATEGORY).old, c.get(Field.CATEGORY).new, c.effect)
                  for rid, c in changed.items() if c.get(Field.CATEGORY)}
    assert categories == {
        "0010109": (O, M, Effect.WORK),
        "0012012": (M, P, Effect.WORK),
        "0010164": (M, O, Effect.CHOICE),
    }
    assert changed["0010214"].get(Field.EFFECTIVE_FROM).new == date(2028, 4, 1)
    assert changed["0010154"].get(Field.SECTION).new == ("2. 証明書の交付", "2.3. 閲覧")
    assert changed["0010161"].get(Field.KIND).new is Kind.FORM

    assert diff.counts[Change.UNCHANGED] == len(old.requirements) - 3 - 2 - 10
    assert len(diff.id_map) == len(old.requirements) - 3
    # 3 added (実装必須 ×2, 実装不可) + 標準オプション→実装必須 + 実装必須→実装不可
    assert diff.work == 5


def test_old_ids_are_carried_through_renumberings_and_the_gone_named():

    old, new = sample_editions()
    diff = diff_specs(old, new)
    carried = {rid: carry_id(rid, diff) for rid in ["0010203", "0010021", "0010065", "0010109", "0010126"]}
    assert [c for c in carried.values() if c] == ["0010206", "0010021", "0010109"]
    assert [rid for rid, c in carried.items() if c is None] == ["0010065", "0010126"]
    assert diff.changes_by_old_id["0010203"].score == diff.renumbered[-1].score


def test_reversed_editions_mirror_each_other():
    old, new = sample_editions()
    forward, backward = diff_specs(old, new), diff_specs(new, old)
    assert [r.id for r in backward.added] == [r.id for r in forward.removed]
    assert [r.id for r in backward.removed] == [r.id for r in forward.added]
    assert {v: k for k, v in forward.id_map.items()} == backward.id_map
    assert {c.new.id: c.fields for c in backward.changed} == {c.new.id: c.fields for c in forward.changed}
    assert backward.counts[Change.UNCHANGED] == forward.counts[Change.UNCHANGED]


def test_sample_second_edition_is_a_valid_spec_file():

    loaded = load_spec(SPECS / "juki-1.1.json")
    assert loaded.area == "住民記録"
