"""The structure of the standard: sibling blocks (one function split by class into rows that share
a name) and umbrella blocks (one block standing for whole sections), on the real
住民記録 第1.0版 text (../shared) and on a later-edition layout with 機能ID."""

from __future__ import annotations

import pytest
from support.real_spec import catalog, real_juki

from gapcheck.matching import explain, match, prepare
from gapcheck.matching.sections import section_names
from gapcheck.matching.siblings import Choice, base_name, choose, sibling_groups
from gapcheck.matching.terms import ordered_pairs, spell, word_pairs, words
from gapcheck.model import (
    Category,
    Feature,
    FeatureStatus,
    Inventory,
    InventoryKind,
    Kind,
    Requirement,
    Verdict,
)
from gapcheck.rules.classify import classify


@pytest.fixture(scope="module")
def juki():
    return real_juki()


@pytest.fixture(autouse=True)
def words_only(monkeypatch, fixed_threshold):
    """These tests pin the rules on the words alone, with nothing learned from labelled catalogs
    (test_matching_learned.py shows what that adds), and accept from a fixed probability."""
    monkeypatch.setattr("gapcheck.matching.engine.packaged", dict)


def test_the_real_first_edition_has_51_sibling_groups(juki):
    index = prepare(juki)
    groups = {g for g in index.siblings if len(g) > 1}
    assert len(groups) == 51
    block = {rid: n for n, rid in enumerate(index.ids)}
    assert index.siblings[block["4.0.7"]] == (block["4.0.7"], block["4.0.7-2"])  # 方書入力補助, 実装必須 first
    # a block's own words: what only the 実装不可 block of 交付履歴の管理 says
    assert "削除" in index.distinct[block["1.3.8-2"]] and "削除" not in index.distinct[block["1.3.8"]]


def test_later_editions_siblings_share_a_name_in_one_section():
    section = ("10. 住所", "10.4 方書")

    def requirement(rid, name, category, text, where=section):
        return Requirement(rid, Kind.FUNCTION, name, text, category, where)

    requirements = (
        requirement("0010401", "方書入力補助", Category.MANDATORY, "住所地番に対応する方書を候補として選択できること。"),
        requirement("0010402", "方書入力補助（実装不可）", Category.PROHIBITED, "方書から住所地番を候補として選択できること。"),
        requirement("0010403", "方書入力補助", Category.MANDATORY, "別の節の同名機能。", ("11. 帳票", "11.2 方書")),
    )
    assert base_name("方書入力補助（実装不可）") == base_name("方書入力補助 【実装しない機能】") == "方書入力補助"
    assert sibling_groups(requirements) == ((0, 1), (0, 1), (2,))


def test_without_words_of_its_own_a_feature_never_goes_to_the_prohibited_block():
    # 5.3 (標準オプション) and 5.3-2 (実装不可), no 実装必須 block: the 実装不可 block scoring a little
    # higher is no reason to choose it.
    categories = (Category.OPTIONAL, Category.PROHIBITED)
    assert choose((0, 1), categories, {}, 10.0, {0: 0.57, 1: 0.59}).position == 0
    assert choose((0, 1), categories, {1: 3.0}, 10.0, {0: 0.57, 1: 0.59}) == Choice(1, 0.3, True)
    assert choose((0, 1), (Category.OPTIONAL, Category.OPTIONAL), {}, 10.0, {0: 0.5, 1: 0.6}).position == 1


def test_the_wording_chooses_the_block(juki):
    inventory = catalog(
        ("方書入力補助", "住所地番を入力すると、その地番の方書（アパート名）を候補として表示する。"),
        ("方書入力補助", "アパート名（方書）を入れると住所地番を候補として選べる。"),
        ("交付履歴の管理", "証明書の交付履歴を保存し、照会できる。"),
        ("交付履歴の管理", "保存期間内でも交付履歴データを削除できる。"),
        ("方書入力補助", ""),
    )
    chosen = {e.feature: e.requirement for e in explain(juki, inventory) if e.part == -1}
    assert chosen == {"V0": "4.0.7", "V1": "4.0.7-2", "V2": "1.3.8", "V3": "1.3.8-2", "V4": "4.0.7"}


def test_a_processing_date_of_any_day_is_the_prohibited_block(juki):
    # 4.0.3-2 forbids 処理当日以外を処理日として入力できること; vendors sell it as 任意の日付 / 過去日付.
    inventory = catalog(
        ("処理日変更", "月末の締めに合わせ、処理日を任意の日付に変えて登録できる。"),
        ("処理日遡り入力", "処理日を過去日付に変更して登録できる。"),
        ("異動日・処理日", "異動日と処理日を管理する。"),
    )
    chosen = {e.feature: e.requirement for e in explain(juki, inventory) if e.part == -1}
    assert chosen == {"V0": "4.0.3-2", "V1": "4.0.3-2", "V2": "4.0.3"}


def test_a_prohibited_function_the_system_has_is_never_clear(juki):
    """Whether accepted or left to review, the 実装不可 block is the verdict's subject: 実装不可該当,
    or 要確認 with 実装不可該当 as its likely verdict; never 該当なし."""
    inventory = catalog(
        ("続柄コード", "祖父・孫・おじ・甥など、標準にない続柄も登録できる。"),
        ("交付履歴の削除", "保存期間内でも交付履歴データを削除できる。"),
    )
    result = classify(juki, inventory, match(juki, inventory))
    verdicts = {r.requirement.id: r for r in result.requirements}
    for rid in ("1.1.11-2", "1.3.8-2"):
        row = verdicts[rid]
        assert row.verdict is Verdict.VIOLATION or (row.verdict is Verdict.REVIEW and row.likely is Verdict.VIOLATION), rid
    assert all(m.status is not FeatureStatus.UNMATCHED for m in result.matching.features)


def test_a_matched_function_whose_prohibited_block_the_wording_touches_stays_to_rule_out(juki):
    inventory = catalog(("他業務情報の照会", "国民健康保険、国民年金、児童手当の資格や受給状況を照会できる。投票区も表示する。"))
    result = classify(juki, inventory, match(juki, inventory))
    [fm] = result.matching.features
    assert [m.requirement for m in fm.matches] == ["7.2.2"] and fm.open == ("7.2.2-2",)
    row = {r.requirement.id: r for r in result.requirements}["7.2.2-2"]
    # not 該当なし: a person rules it out (likely not the case, the feature was matched elsewhere)
    assert row.verdict is Verdict.REVIEW and row.candidates == ("V0",) and row.likely is Verdict.CLEAR


def test_a_feature_that_names_a_siblings_own_specific_items_has_that_block_too(juki):
    """Two or more rare terms only the 実装不可 block of 他業務照会 lists (被保険者証の記号番号,
    介護保険の被保険者番号, 投票区): the system shows them, so it has that block as well as the
    実装必須 one. One such term (the test above) leaves the block to a person."""
    inventory = catalog(("他業務情報の照会", "国民健康保険、国民年金、児童手当の資格や受給状況を照会できる。"
                                         "国保被保険者証の記号番号、介護保険被保険者番号、投票区も表示する。"))
    result = classify(juki, inventory, match(juki, inventory))
    [fm] = result.matching.features
    assert "7.2.2-2" in {m.requirement for m in fm.matches} and not fm.open
    assert {r.requirement.id: r for r in result.requirements}["7.2.2-2"].verdict is Verdict.VIOLATION


def test_each_candidate_is_shown_once(juki):
    """An enumeration is matched as a whole and item by item: a block both found (the 実装不可 block
    of 個人番号の生成要求, here) is one candidate, with its best score, not two."""
    inventory = catalog(("個人番号 生成・変更要求", "番号を新たに付ける住民の生成要求を住基ネットへ自動で送り、"
                                               "生成された番号を取り込む。変更請求にも対応する。"))
    [fm] = match(juki, inventory).features
    ids = [c.requirement for c in fm.candidates]
    assert len(ids) == len(set(ids)) == 5 and "7.1.2.1-2" in ids


def test_a_feature_whose_best_guess_is_a_prohibited_block_goes_to_review_even_when_weak(juki):
    """Below the review floor a feature would be an extra (独自機能) and the 実装不可 block 該当なし,
    the worst error: a weak best guess that is a prohibited block is shown to a person instead."""
    inventory = catalog(("隣室複写登録", "別世帯の住所をそのまま複写し、部屋番号だけを直して入力。"))
    result = classify(juki, inventory, match(juki, inventory))
    [fm] = result.matching.features
    assert fm.status is FeatureStatus.REVIEW and fm.candidates[0].requirement == "4.0.10-2"
    assert fm.candidates[0].score < 0.25  # under MatchSettings().review_floor: only this rule shows it
    row = {r.requirement.id: r for r in result.requirements}["4.0.10-2"]
    assert row.verdict is Verdict.REVIEW and row.likely is Verdict.VIOLATION


def test_a_weak_best_guess_with_a_prohibited_sibling_shows_the_blocks(juki):
    """Among the three best guesses, all below the review floor, is 誤記修正, whose 実装不可 block
    (上書き修正 without history) would be 該当なし if the feature were an extra: the groups with a
    実装不可 block among those guesses are shown."""
    inventory = catalog(("データ直接メンテ（保守用）", "単純な入力ミスを履歴を汚さずに是正できる。"))
    result = classify(juki, inventory, match(juki, inventory))
    [fm] = result.matching.features
    assert fm.status is FeatureStatus.REVIEW
    assert {"4.2.3.3", "4.2.3.3-2"} <= {c.requirement for c in fm.candidates}
    index = prepare(juki)
    block = {rid: n for n, rid in enumerate(index.ids)}
    for c in fm.candidates:  # only groups with a 実装不可 block are shown
        assert any(index.categories[p] is Category.PROHIBITED for p in index.siblings[block[c.requirement]])
    assert all(c.score < 0.25 for c in fm.candidates)  # under MatchSettings().review_floor
    assert {r.requirement.id: r for r in result.requirements}["4.2.3.3-2"].verdict is Verdict.REVIEW


def test_opposite_sides_mentioned_only_in_passing_are_no_conflict(juki):
    """本登録 in the feature's description and 仮登録 in a condition of the block's text: neither
    name says which side it is about, so the 実装不可 block of 審査・決裁 is not penalised; a name
    that says the side still conflicts."""
    inventory = catalog(
        ("決裁経過記録", "本登録の際に決裁者氏名と決裁日を記録し、後日、誰がいつ決裁したかを照会できる。"),
        ("転出届の受付", "転出予定日と転出先住所を入力する。"),
    )
    result = match(juki, inventory)
    first, second = result.features
    assert first.candidates[0].requirement == "4.0.8-2" and not first.candidates[0].conflicts
    assert all(c.conflicts for c in second.candidates if c.requirement.startswith("4.1.1"))  # 転入 blocks


def test_blocks_told_apart_only_by_word_order_are_decided_by_the_order_the_feature_says(juki):
    """方書入力補助's 実装不可 block has the words of its 実装必須 sibling the other way round (方書 →
    住所地番 against 住所地番 → 方書). The order the feature says decides, however far apart the
    words stand (アパート名, マンション名, 建物名 are 方書, as the standard's 方書管理 says); a feature
    that says both orders has both blocks; one that says neither leaves the 実装不可 block to a person."""
    index = prepare(juki)
    block = {rid: n for n, rid in enumerate(index.ids)}
    assert not any(isinstance(x, str) for x in index.distinct[block["4.0.7-2"]])  # no word of its own
    assert ("方書", "地番") in index.orders[block["4.0.7-2"]] and ("地番", "方書") in index.orders[block["4.0.7"]]
    inventory = catalog(
        ("方書入力補助", "住所地番を入れると方書を候補表示。逆に方書名を入れて住所地番を呼び出すこともできる。"),
        ("方書入力補助", "地番を入力すると、その地番に登録された建物名が候補に出ます。"),
        ("方書入力補助", "アパート名を入れるだけで該当の地番を自動で引いてくる。"),
        ("方書入力補助", ""),
    )
    result = classify(juki, inventory, match(juki, inventory, index=index))
    both, forward, backward, unsaid = result.matching.features
    assert [m.requirement for m in both.matches] == ["4.0.7", "4.0.7-2"] and not both.open
    assert [m.requirement for m in forward.matches] == ["4.0.7"] and not forward.open
    assert [m.requirement for m in backward.matches] == ["4.0.7-2"]
    assert [m.requirement for m in unsaid.matches] == ["4.0.7"] and unsaid.open == ("4.0.7-2",)
    row = {r.requirement.id: r for r in result.requirements}["4.0.7-2"]
    assert row.verdict is Verdict.VIOLATION and set(row.features) == {"V0", "V2"}


def test_a_sentence_that_says_a_word_before_and_after_another_states_no_order_of_them(juki):
    """支援措置's 標準オプション block (the notice that support begins) says 申出 before 支援, the
    実装必須 block the other way round; a feature saying 支援 on both sides of 申出者 in one sentence
    shows only the notice, and is not taken for both blocks."""
    assert ("支援", "申し出") not in ordered_pairs("支援の必要性を確認後、申出者に支援を開始する旨を通知する。")
    assert ("地番", "方書") in ordered_pairs("住所地番を入れると方書を候補表示。逆に方書名を入れて住所地番を呼び出す。")
    result = match(juki, catalog(("支援措置開始通知", "支援の必要性を確認したのち、申出者に対し支援を開始する旨の通知書を印刷する。")))
    [fm] = result.features
    assert [m.requirement for m in fm.matches] == ["3.4-2"]


def test_a_block_that_stands_for_whole_sections_is_named_by_them(juki):
    # 4.1.0.1: 転入（4.1.1参照）、転居（4.1.2参照）… The sections are headings with details only,
    # so a plain 転居 is the umbrella block's; 転入 has a block of its own (4.1.1.1 転入者情報入力),
    # and an item referring to a block (排他制御（10.3参照）of 3.1) is that block's.
    names = dict(zip((r.id for r in juki.requirements), section_names(juki.requirements)))
    assert names["4.1.0.1"] == ("転居",)
    assert names["4.2.0.1"] == ("職権記載", "職権消除", "職権修正")
    assert names["3.1"] == () and sum(map(bool, names.values())) == 2
    result = match(juki, catalog(("転居処理", "市内での住所変更を処理する。"), ("転入処理", "他市区町村からの転入を処理する。"), ("職権消除", "")))
    moved, arrived, removed = result.features
    assert [m.requirement for m in moved.matches] == ["4.1.0.1"]
    assert "4.1.0.1" not in [m.requirement for m in arrived.matches]
    # 職権消除 is a side of 消除 / 記載: the section's name says it, not 4.2.0.1's own name (…記載等)
    assert [m.requirement for m in removed.matches] == ["4.2.0.1"] and not removed.candidates[0].conflicts


def test_a_function_among_the_review_candidates_brings_its_prohibited_block(juki):
    """A candidate's 実装不可 sibling is listed right after it, within the five: a person confirming
    the function rules that block out, instead of it becoming 該当なし unseen."""
    inventory = catalog(
        ("証明書の履歴", ""),
        ("住民票コード", ""),
        ("世帯照会", "転出・死亡した元世帯員も薄字で表示。"),
    )
    index = prepare(juki)
    block = {rid: n for n, rid in enumerate(index.ids)}
    brought = 0
    for fm in match(juki, inventory, index=index).features:
        assert fm.status is FeatureStatus.REVIEW and len(fm.candidates) <= 5
        listed = [c.requirement for c in fm.candidates]
        for n, rid in enumerate(listed[:-1]):
            prohibited = [index.ids[p] for p in index.siblings[block[rid]] if index.categories[p] is Category.PROHIBITED]
            assert all(p in listed for p in prohibited), (fm.feature, rid)
            brought += bool(prohibited)
    assert brought >= 3


def test_a_feature_quoting_the_label_a_prohibited_block_forbids_does_what_it_forbids(juki):
    """1.2.2-2 forbids a 「転居取消」 reason code. A feature matched elsewhere (異動の取消し) that quotes
    it as its reason code has it: 実装不可該当. Stated unquoted, in a feature that negates anything,
    or quoted for something else (CSへ送る「附票通知」, a label of 5.7-2 too), the label leaves the
    block to a person, never 該当なし."""
    index = prepare(juki)
    assert ("1.2.2-2", "転居取消") in [(index.ids[p], label) for p, label in index.labels]
    inventory = catalog(
        ("転居取消", "誤って登録した転居について、専用の「転居取消」事由で元の住所に戻す。"),
        ("転居取消", "誤って登録した転居について、専用の転居取消事由で元の住所に戻す。"),
        ("転居取消", "誤って登録した転居は異動取消しで戻す。「転居取消」という事由は使わない。"),
        ("附票通知の送信", "管外本籍者の「附票通知」をCSへ自動送信する。"),
    )
    result = classify(juki, inventory, match(juki, inventory, index=index))
    quoted, stated, negated, elsewhere = result.matching.features
    assert "1.2.2-2" in [m.requirement for m in quoted.matches]
    for fm, block in ((stated, "1.2.2-2"), (negated, "1.2.2-2"), (elsewhere, "5.7-2")):
        assert block not in [m.requirement for m in fm.matches], fm.feature
        assert block in fm.open or (not fm.matches and block in [c.requirement for c in fm.candidates]), fm.feature
    rows = {r.requirement.id: r for r in result.requirements}
    assert rows["1.2.2-2"].verdict is Verdict.VIOLATION
    assert rows["5.7-2"].verdict is Verdict.REVIEW and rows["5.7-2"].candidates == ("V3",)


def test_a_label_joins_the_review_candidates_within_the_five(juki):
    # result.json holds at most five candidates: the labelled block takes the least likely place
    inventory = catalog(("異動処理一式（転入・転出・世帯変更・転居取消）", "転居を取り消すときは転居取消の事由を使う。"), ("窓口支援", "異動事由に「転居取消」"))
    grouped, quoted = match(juki, inventory).features
    assert grouped.status is FeatureStatus.REVIEW and len(grouped.candidates) == 5
    assert "1.2.2-2" in [c.requirement for c in grouped.candidates]
    # The label alone is the block's own word, which its sibling lacks: the wording chose it.
    assert [m.requirement for m in quoted.matches] == ["1.2.2-2"]


def test_an_enumeration_of_one_functions_aspects_is_that_function(juki):
    """Items that each find the block the whole name finds are aspects of one function, not
    functions of their own: the row is that block, and nothing else stays open. When an item's
    word names another requirement (個人番号), the row is the block its whole name finds, and the
    others it may stand for stay open; a 実装不可 block it is only when its own words show
    (返納案内 is 7.1.1.3's 実装不可 block too, 記載 names it)."""
    inventory = catalog(
        ("除票の写し・除票記載事項証明書の交付", ""),
        ("宛名番号・世帯番号の採番", ""),
        ("支援措置期間の自動計算・延長", ""),
        ("個人番号・住民票コードの自動付番", ""),
        ("返納案内・記載事項変更案内", ""),
    )
    features = match(juki, inventory).features
    assert [[m.requirement for m in fm.matches] for fm in features] == [["5.1"], ["1.1.13"], ["3.4"], ["4.3.1"], []]
    aspects, numbers, period, both, notices = features
    # (what stays open of an aspects row are 実装不可 blocks to rule out, never other functions)
    assert all(juki.by_id[rid].category is Category.PROHIBITED for rid in aspects.open + numbers.open + period.open)
    assert "4.3.3" in both.open  # 住民票コード通知票等, another function the row may stand for
    assert notices.status is FeatureStatus.REVIEW and {"4.3.2-2", "7.1.1.3-3"} <= {c.requirement for c in notices.candidates}


def test_the_ordinary_sibling_of_a_chosen_prohibited_block_is_left_to_confirm(juki):
    """A feature doing what 1.1.8-2 forbids (みなし生年月日) names 1.1.8's own items in passing
    (不詳, 頃 of its 不詳日入力一覧; its 日付 is no longer one since 日付 is 年月日, which 1.1.8-2 says
    too): 1.1.8-2 is accepted, 1.1.8 left to a person (要確認), not accepted with it."""
    inventory = catalog(("みなし生年月日", "生年月日が「昭和○年頃」のような不詳の人には仮の日付を自動で作り、年齢計算に使う。"))
    result = classify(juki, inventory, match(juki, inventory))
    [fm] = result.matching.features
    assert [m.requirement for m in fm.matches] == ["1.1.8-2"] and fm.open == ("1.1.8",)
    verdicts = {r.requirement.id: r.verdict for r in result.requirements}
    assert verdicts["1.1.8-2"] is Verdict.VIOLATION and verdicts["1.1.8"] is Verdict.REVIEW


def test_hiding_a_field_is_the_standards_non_display(juki):
    """伏せ字 / マスキング / 隠す are how clerks say 非表示: hiding 続柄 by the user's rights is what
    10.4-2 forbids; hiding 本籍 and 個人番号 is 10.4's."""
    inventory = catalog(
        ("続柄の伏せ表示", "権限のない職員の照会画面では、世帯主名・続柄を伏せ字にする。"),
        ("項目を隠す", "他課の端末では本籍・個人番号・住民票コード・在留資格を隠している。"),
    )
    hidden, fields = match(juki, inventory).features
    assert [m.requirement for m in hidden.matches] == ["10.4-2"]
    assert [m.requirement for m in fields.matches] == ["10.4"]


def test_a_word_spelled_inside_the_functions_name_sets_no_block_apart(juki):
    """4.1.3.0.3 (転出証明書等) says 転出証明書 and 再交付 at length, its 実装不可 block only that a
    reissue prints the latest state: 転出 and 証明書, spelled inside the shared name, are no
    block's own, so a reissue row that says 最新 goes to the 実装不可 block."""
    index = prepare(juki)
    mandatory, prohibited = (index.ids.index(rid) for rid in ("4.1.3.0.3", "4.1.3.0.3-2"))
    assert {"転出", "証明書"}.isdisjoint(index.distinct[mandatory]) and "紛失" in index.distinct[mandatory]
    assert "最新" in index.distinct[prohibited]
    inventory = catalog(("転出証明書 再交付（最新内容で印字）", "再交付では最新の住記データで印字するので、転出後の修正も反映される。"))
    [fm] = match(juki, inventory, index=index).features
    assert [m.requirement for m in fm.matches] == ["4.1.3.0.3-2"]


def test_a_non_acceptance_request_is_clearly_the_standalone_prohibited_block(juki):
    """3.5 (住民異動不受理, 実装不可 and alone in its section) says 不受理: read as 受理しない too, it
    stands clearly ahead of 本人通知 (8.1.1) for a row about 不受理申出 under a counter heading."""
    inventory = Inventory("catalog.xlsx", InventoryKind.CATALOG, (Feature(
        "V0", "機能一覧", 2, "不受理申出の登録", "本人の申出があった人について、本人以外からの転出・転居の入力を止める。",
        section=("異動", "窓口の受付")),))
    [fm] = match(juki, inventory).features
    first, second = fm.candidates[:2]
    assert [m.requirement for m in fm.matches] == ["3.5"] and first.score - second.score >= 0.2


def test_functions_told_in_hiragana_are_found(juki):
    """やさしい日本語: 「まご」「そぼ」 as 続柄 is what 1.1.11-2 forbids, and a 転出証明書 reissued is
    4.1.3.0.3's; written in ひらがな, they are found as they would be in kanji, not only shown."""
    inventory = catalog(
        ("まごや そぼの つづきがら", "つづきがらに まごや そぼを つかえます。"),
        ("てんしゅつ しょうめいしょの さいこうふ", "なくした ひとには、もう いちど だします。"),
    )
    relatives, reissue = match(juki, inventory).features
    assert relatives.candidates[0].requirement == "1.1.11-2" and relatives.candidates[0].score >= 0.25
    assert reissue.status is not FeatureStatus.UNMATCHED
    assert "4.1.3.0.3" in [m.requirement for m in reissue.matches] + [c.requirement for c in reissue.candidates[:1]]


def test_a_rare_word_said_in_the_name_and_again_in_the_description_counts_once(juki):
    """住所一括変更's 実装不可 block (lists of a 区域's residents) has 区域 as a rare word of its own;
    a feature saying it in its name and in its description has said one such word, not the two
    that make it do what that block says as well: 9.7 is matched and 9.7-2 left to a person."""
    inventory = catalog(("字区域変更の一括処理", "字の区域変更があったとき、対象者を抽出して住所を一括で更新し、住基ネットや他業務へ連携する。"))
    [fm] = match(juki, inventory).features
    assert [m.requirement for m in fm.matches] == ["9.7"] and fm.open == ("9.7-2",)


def test_a_function_another_groups_text_refers_to_brings_that_groups_prohibited_block(juki):
    """年月日の表示 refers to 1.3.6 (和暦・西暦管理) for its conversions; its 実装不可 block prints 西暦
    where 和暦 belongs. A feature about 西暦 that finds only 1.3.6 shows 1.1.9-2 to the person
    confirming it, after the likeliest candidates: otherwise that block would be 該当なし unseen."""
    index = prepare(juki)
    block = {rid: n for n, rid in enumerate(index.ids)}
    assert block["1.1.9-2"] in index.referring[block["1.3.6"]]
    assert not index.referring[block["1.1.9"]]  # a group's own blocks are its siblings, not referrers
    inventory = catalog(("西暦換算", "生年月日の西暦がすぐわかる。"))
    result = classify(juki, inventory, match(juki, inventory, index=index))
    [fm] = result.matching.features
    assert [c.requirement for c in fm.candidates] == ["1.3.6", "1.1.9-2"]
    assert {r.requirement.id: r for r in result.requirements}["1.1.9-2"].verdict is Verdict.REVIEW


def test_the_forbidden_blocks_a_person_must_see_follow_the_three_likeliest_candidates(juki):
    """A matched function's 実装不可 sibling is listed for a person to rule out however low it
    scores (2.1.3-3 絞込み beside 2.1.3 基本検索), but after the three likeliest candidates, not in
    the place of one: a row also covering 1.1.14 or 1.1.16 shows them among the three."""
    [fm] = match(juki, catalog(("住民検索（統合検索）", "カナ氏名・漢字氏名・生年月日・性別・住所・方書・宛名番号・世帯番号等を組み合わせて住民を検索できる。"))).features
    shown = [c.requirement for c in fm.candidates]
    assert [m.requirement for m in fm.matches] == ["2.1.3"] and shown[:3] == ["2.1.3", "1.1.14", "1.1.16"]
    assert "2.1.3-3" in shown[3:]
    assert all(juki.by_id[rid].category is Category.PROHIBITED for rid in shown[3:])


@pytest.mark.parametrize("left_out", ["印刷ログは残らない。", "システムの印刷記録には載らないので気軽に使える。"])
def test_a_feature_saying_what_its_system_leaves_out_keeps_a_forbidden_negation_open(juki, left_out):
    """10.7-2 forbids printing that leaves no access log (アクセスログが取得できない): its own word is
    a negation, which vendors say in words of their own. Printing a screen from the browser is 10.7
    印刷 either way; where the feature also says something is left out, 10.7-2 is put to a person."""
    inventory = catalog(("画面印刷", "照会画面をブラウザからそのまま印刷。" + left_out), ("画面印刷", "照会画面をブラウザからそのまま印刷。"))
    result = classify(juki, inventory, match(juki, inventory))
    saying, silent = result.matching.features
    assert [m.requirement for m in saying.matches] == [m.requirement for m in silent.matches] == ["10.7"]
    assert "10.7-2" in saying.open and "10.7-2" not in silent.open
    assert {r.requirement.id: r.verdict for r in result.requirements}["10.7-2"] is Verdict.REVIEW


def test_a_prohibited_block_stated_in_one_short_sentence_is_named_by_it(juki):
    """2.1.3-3 shares the name 基本検索 with its siblings, but what it forbids is its one sentence
    (異動者一覧を表示している状態で、検索条件を加えての再検索（絞込み）): a feature saying that, in
    words of its own, is that block and 実装不可該当; it was not even a candidate before, which left
    the block 該当なし. A feature with only the sentence's common words stays with its own function."""
    index = prepare(juki)
    inventory = catalog(
        ("異動者一覧から絞込み", "今日の異動者一覧を開いたまま、地区や事由で更に絞れる。"),
        ("再転入者の履歴", "出入りを繰り返す人の前回と今回の履歴を同一人としてつないで見られる。"),
        ("異動者一覧", "当日の異動者を一覧で表示する。"),
    )
    result = classify(juki, inventory, match(juki, inventory, index=index))
    narrowed, returning, listed = result.matching.features
    assert [m.requirement for m in narrowed.matches] == ["2.1.3-3"]
    assert [m.requirement for m in returning.matches] == ["2.2.1-2"]
    assert [s.requirement for s in (*listed.matches, *listed.candidates)][:1] == ["4.0.1"]  # accepted or first to confirm
    verdicts = {r.requirement.id: r.verdict for r in result.requirements}
    assert verdicts["2.1.3-3"] is verdicts["2.2.1-2"] is Verdict.VIOLATION
    assert index.statements[index.ids.index("2.1.3-3")] is not None
    assert index.statements[index.ids.index("2.1.3")] is None  # only 実装不可 blocks, only short ones
    assert index.statements[index.ids.index("5.1-2")] is None


def test_what_the_whole_name_of_an_enumeration_finds_is_among_the_first_three(juki):
    """住所の入力（カナ・郵便番号）: its items find 郵便番号 (1.1.17) and 住所の記載 (1.1.18) with higher
    scores than the whole name's own find, 住所辞書管理 (1.3.3); that one is still among the three
    a person sees first, not after the items' siblings."""
    inventory = catalog(("住所の入力（カナ・郵便番号）", "頭のカナ数文字か郵便番号を打てば住所が出る。県・市・町と順に選ぶこともできる。"))
    [explained] = [e for e in explain(juki, inventory) if e.part == -1]
    assert explained.requirement == "1.3.3"
    [fm] = match(juki, inventory).features
    assert fm.status is FeatureStatus.REVIEW
    assert [c.requirement for c in fm.candidates[:3]] == ["1.1.17", "1.1.18", "1.3.3"]


def test_company_abbreviations_are_words_so_their_prohibited_search_is_found(juki):
    """2.1.2-3 forbids entering and searching （株）（有）. After a word the tokenizer keeps （株） whole,
    as a sign: dropped as one, it left such a feature with none of the block's words."""
    inventory = catalog(
        ("（株）付きの検索", "方書の会社名に付いた（株）（有）もそのまま打ち込んで探せる。"),
        ("㈱・㈲の入力", "寮の会社名の『㈱』をそのまま打てる。"),
    )
    result = classify(juki, inventory, match(juki, inventory))
    assert [[m.requirement for m in fm.matches] for fm in result.matching.features] == [["2.1.2-3"], ["2.1.2-3"]]
    assert {r.requirement.id: r for r in result.requirements}["2.1.2-3"].verdict is Verdict.VIOLATION


def test_a_requirement_named_for_its_purpose_is_found_by_the_words_its_text_uses(juki):
    """4.0.8 審査・決裁 is what a clerk calls 仮登録・本登録, 10.3 操作権限管理 holds 排他制御 in its text:
    a name of two words or more that a requirement's text holds whole finds it, though the
    feature never says the requirement's name; a one-word name does not (備考 is in many texts)."""
    found = {fm.feature: fm for fm in match(juki, catalog(
        ("仮登録・本登録", ""),
        ("排他制御", "ほかの職員が入力中の住民は照会以外の操作ができないよう制御する。"),
        ("アパートマスタ", "アパート・寮・施設の名前を番地とひも付けて登録。"),
        ("備考", "異動の履歴と、それに関係する注意書き、それ以外の備考を入れる欄。"),
    )).features}
    assert "4.0.8" in [c.requirement for c in found["V0"].candidates[:2]]
    assert [m.requirement for m in found["V1"].matches] == ["10.3"]
    assert [m.requirement for m in found["V2"].matches] == ["1.3.4"]
    assert "5.1-2" not in [m.requirement for m in found["V3"].matches]


def test_a_prohibited_block_is_found_by_the_aspects_its_own_text_lists(juki):
    """An enumeration whose items are all examples the 実装不可 block's text gives (1.1.11-2's
    （例：祖父、祖母、おじ、おば、甥、姪、孫…）) is that block: its own words show, if only in
    the brackets of its example."""
    [fm] = match(juki, catalog(("続柄の追加（孫・おじ・おば）", "孫やおじ、おばをそのまま続柄として登録できる。"))).features
    assert [m.requirement for m in fm.matches] == ["1.1.11-2"]


@pytest.mark.parametrize("name, text, block", [
    ("認証文の氏名省略", "選挙で首長が不在の間も、氏名を入れずに職名と公印だけで認証文を出せる。", "1.3.9-2"),
    ("即時訂正", "入力したばかりの打ち間違いを、履歴を増やさずにそのまま直せる。", "4.2.3.3-2"),
    ("即時修正", "誤入力はそのまま修正でき、履歴は積まれない。", "4.2.3.3-2"),
    ("処理日の指定", "窓口を閉めた後の届は翌朝入力し、処理日を昨日にして登録する。", "4.0.3-2"),
    ("処理日の変更", "休日に預かった届は処理日をさかのぼって登録できる。", "4.0.3-2"),
    ("再転入者の履歴", "一度転出して戻ってきた人も、前回の期間と合わせて同じ人として履歴を見られる。", "2.2.1-2"),
    ("製本マニュアル", "製本した操作マニュアルを各窓口に備え付けている。", "10.5-2"),
    ("操作マニュアル", "紙の操作マニュアルを各係に一冊ずつ配っている。", "10.5-2"),
    ("生年月日の表示", "画面の生年月日は和暦と西暦を並べて表示している。", "1.1.9-2"),
    ("日付の表示", "証明書の日付は和暦の後ろにカッコで西暦を添えて印字している。", "1.1.9-2"),
    ("保守用直接更新画面", "履歴を起こさずに住民データの値をそのまま更新できる管理画面。", "4.2.3.3-2"),
    ("発行窓口名の印字", "証明書の欄外に「○○支所発行」と発行した窓口の名前を印字する。", "5.5-2"),
    ("交付履歴の随時消去", "保存期間の満了を待たずに交付履歴を消去できる。", "1.3.8-2"),
    ("再転入者の通し履歴", "出たり入ったりを繰り返す人の前回の異動と今回の異動をつないで一画面で見られる。", "2.2.1-2"),
])
def test_a_prohibited_behaviour_said_in_other_words_is_that_block(juki, name, text, block):
    """氏名を入れず is 氏名空欄 (1.3.9-2), 履歴を増やさず or 積まれない is 履歴を残さない (4.2.3.3-2),
    処理日を昨日に or さかのぼって is 処理当日以外を処理日に (4.0.3-2), 同じ人として is 同一住民
    (2.2.1-2), 製本した or 紙の操作マニュアル is 冊子の (10.5-2), 西暦を並べて表示 or 添えて印字 is
    西暦の併記 (1.1.9-2, where the feature had gone to 1.1.9, its mandatory sibling), 直接更新 with
    履歴を起こさず is 履歴を残さない上書き (4.2.3.3-2, where nothing had been found), 発行した窓口 is
    発行場所 (5.5-2, where 5.5's 発行場所単位を示す番号 had taken it), 消去 is 削除 (1.3.8-2, tied
    with 1.3.8 before), 通し履歴 or 通算履歴 is one 同一住民's (2.2.1-2, where 4.1.1.2 再転入 had
    come first): vendors' words
    for the forbidden behaviour (synonyms.json), which had left these blocks to a person or 該当なし."""
    result = classify(juki, inventory := catalog((name, text)), match(juki, inventory))
    assert [m.requirement for m in result.matching.features[0].matches] == [block]
    assert {r.requirement.id: r.verdict for r in result.requirements}[block] is Verdict.VIOLATION


@pytest.mark.parametrize("name, text, block", [
    ("入国後はじめての住所登録", "空港で在留カードをもらった方の最初の住所届を、国外からの転入と同じ画面で登録する。", "4.5.1"),
    ("在留資格を取った人の届", "市内に住んでいて後から在留資格を取った子の届。前住所は空欄。", "4.5.2"),
])
def test_the_two_foreign_residents_notifications_are_named_as_the_counter_names_them(juki, name, text, block):
    """The standard names them by their articles (法第30条の46転入, 法第30条の47届出); the counter says
    入国後の住所届 and 在留資格を取った人の届: without those words neither row had found anything."""
    [fm] = match(juki, catalog((name, text))).features
    assert [m.requirement for m in fm.matches] == [block]


def test_the_card_application_form_is_one_word_not_the_card_and_a_certificate(juki):
    """個人番号カード交付申請書 is one thing, the form 7.1.1.3 prints: read as 個人番号カード and 交付 it
    had put 7.2.5 マイナンバーカードによる証明書等の交付 first."""
    [fm] = match(juki, catalog(("マイナカード交付申請書の印刷", "J-LIS様式の申請書を住所・氏名入りで出力する。"))).features
    assert [m.requirement for m in fm.matches] == ["7.1.1.3"]


def test_a_maiden_name_is_the_standards_old_surname(juki):
    """旧姓 and 結婚前の名字 are the standard's 旧氏 (1.1.7): such rows had found nothing of it."""
    married, asked = match(juki, catalog(
        ("旧姓の併記", "本人の請求で旧姓を住民票に載せる・変える・外す。"),
        ("旧姓の記載", "結婚前の名字も住民票に載せてほしいという請求を受けて記載する。"),
    )).features
    assert [c.requirement for c in married.candidates][:1] == ["1.1.7"]
    assert [m.requirement for m in asked.matches] == ["1.1.7"]


def test_a_master_is_what_the_standard_calls_management(juki):
    """A vendor's 〜マスタ is the standard's 〜管理 (1.3.7 公印管理): 公印・認証者マスタ had been only
    1.3.9 認証者's, with 公印管理 left for a person to confirm."""
    [fm] = match(juki, catalog(("公印・認証者マスタ", "市長・職務代理者の公印と、職名・氏名を登録する。"))).features
    assert sorted(m.requirement for m in fm.matches) == ["1.3.7", "1.3.9"]


def test_a_date_ahead_is_a_date_after_the_notification(juki):
    """先の日付 is what the standard says as 届出日以降の日 (4.1.3.0.1): 転出予定日 had 6.1 first."""
    [fm] = match(juki, catalog(("転出予定日", "転出は届出日より先の日付でも入れられる。14日を過ぎた届は職権扱い。"))).features
    assert [m.requirement for m in fm.matches] == ["4.1.3.0.1"]


def test_a_feature_named_exactly_after_a_requirement_is_that_function(juki):
    """異動履歴照会 is 2.2.1's name; its description lists what 1.2.1 異動履歴の管理 keeps (異動日・届出日・
    入力場所), which had made 1.2.1 first and accepted. A requirement named otherwise is no rival."""
    [fm] = match(juki, catalog(("異動履歴照会", "これまでの異動を一覧（事由・異動日・届出日・入力場所）。旧氏・通称の履歴も。"))).features
    assert [m.requirement for m in fm.matches] == ["2.2.1"]
    assert fm.candidates[0].requirement == "2.2.1"


def test_a_phrase_reads_the_same_with_another_particle_or_a_synonym_of_its_noun(juki):
    """The word lists say 氏名を入れない; a clerk says 名前は入れず: the particle (を / は / が / も)
    and the noun's own synonym (名前 → 氏名) no longer keep the phrase from being 氏名空欄 (1.3.9-2),
    which had left the feature to 1.3.9, the mandatory block."""
    assert words("名前は入れない") == words("氏名を入れない") == ("氏名空欄",)
    assert words("履歴も残さない") == words("履歴を残さない")
    result = classify(juki, inventory := catalog(
        ("認証者の職名のみ印字", "選挙で市長が替わる間は、名前は入れずに職名と公印だけの認証文にできる。"),
    ), match(juki, inventory))
    assert [m.requirement for m in result.matching.features[0].matches] == ["1.3.9-2"]
    assert {r.requirement.id: r.verdict for r in result.requirements}["1.3.9-2"] is Verdict.VIOLATION


@pytest.mark.parametrize("name", ["前に住んでいた人が戻ってきたとき", "出戻りの人"])
def test_someone_who_came_back_is_a_returning_resident(juki, name):
    """戻ってきた人 and 出戻り are how counters say 再転入 (4.1.1.2): without a word of its name
    the feature had found nothing but 1.1.1, the register's items."""
    [fm] = match(juki, catalog((name, "マイナンバーで前の除票を呼び出し、宛名番号を引き継いで登録する。"))).features
    assert [m.requirement for m in fm.matches] == ["4.1.1.2"]


def test_a_whole_function_the_standard_forbids_is_put_to_a_person_on_one_rare_word_of_it(juki):
    """3.5 住民異動不受理 forbids a whole function: it has no mandatory sibling to take a feature that
    describes it. A clerk's 届を受け付けないようにできる says only its 受け付けない, and no
    candidate had shown 3.5: the municipality read 該当なし for a function the standard forbids."""
    result = classify(juki, inventory := catalog(
        ("勝手な届出の防止", "本人が申し出れば、その人の引っ越しの届を受け付けないようにできる。"),
    ), match(juki, inventory))
    assert "3.5" in [c.requirement for c in result.matching.features[0].candidates]
    assert {r.requirement.id: r.verdict for r in result.requirements}["3.5"] is Verdict.REVIEW


def test_a_negated_verb_in_homely_writing_is_not_read_as_a_word_of_the_spec(juki):
    """A text of few kanji has its ひらがな read by the spec's readings: the ないよう that goes on from
    受け付け is the verb's negation, no 内容 (which had hidden 3.5's 受け付けない); written as a word
    of its own (とどけの ないよう) it is 内容."""
    index = prepare(juki)
    homely = words(spell("心配な人から申出を受けて、その人の引っ越しの届を受け付けないよう設定しておける。", index.readings, index.idf))
    assert "受け付け否" in homely and "内容" not in homely
    assert "内容" in words(spell("とどけの ないようを なおす", index.readings, index.idf))
    # じゅうき is read as 住基, which is 住民基本台帳: with ネット after it, that is 住基ネット.
    assert "住民基本台帳ネットワークシステム" in words(spell("じゅうきネットに おくります", index.readings, index.idf))


def test_a_warning_is_what_the_standard_calls_an_alert(juki):
    """警告 is the standard's アラート (11.1: エラー stops an entry, アラート warns): 入力時の警告 had
    found 4.0.10, 方書 of a building, before."""
    [fm] = match(juki, catalog(("入力時の警告", "注意が要る入力には警告を出し、誤りはエラーで止める。"))).features
    assert [m.requirement for m in fm.matches] == ["11.1"]


def test_features_named_by_the_articles_they_serve_find_them(juki):
    """Vendors keep the law's article numbers (30条46・47登録), as the standard's names do (法第30条の46
    転入, 法第30条の47届出): the tokenizer drops numbers, so these had found neither by name."""
    [fm] = match(juki, catalog(("30条46・47登録", "中長期在留者等の住所の登録（前住所は空欄でよい）。"))).features
    assert sorted(m.requirement for m in fm.matches) == ["4.5.1", "4.5.2"]


def test_a_word_of_a_block_s_own_in_the_feature_s_name_outweighs_one_in_its_description(juki):
    """交付履歴削除バッチ says 1.3.8-2's own 削除 in its name; the 年 of 保存年限（5年） in its
    description is 1.3.8's (交付年月日時) and had made the feature 1.3.8's with 1.3.8-2 left open."""
    deleting, recording = match(juki, catalog(
        ("交付履歴削除バッチ", "保存年限（5年）を過ぎた交付の履歴を年に一度まとめて削除する。"),
        ("交付履歴の記録", "証明書を出すたびに日時・場所・枚数を記録する。"),
    )).features
    assert [m.requirement for m in deleting.matches] == ["1.3.8-2"]
    assert [m.requirement for m in recording.matches] == ["1.3.8"]


def test_saving_a_search_result_as_csv_is_the_csv_output_option(juki):
    """CSVで保存 is 2.1.3-2's CSV形式で出力 (synonyms.json), not 2.1.1's 検索履歴 that is 保存された."""
    [fm] = match(juki, catalog(("検索結果のCSV保存", "選んだ人の住民データをCSVで保存できる。"))).features
    assert [m.requirement for m in fm.matches] == ["2.1.3-2"]


def test_a_help_desk_is_no_help_function(juki):
    """ヘルプデスク (people on the phone) is one word, not 10.5 ヘルプ機能's ヘルプ."""
    [fm] = match(juki, catalog(("ヘルプデスク", "平日の日中、操作の問い合わせを電話で受け付けます。"))).features
    assert "10.5" not in [m.requirement for m in fm.matches]


def test_a_feature_saying_a_prohibited_block_s_sentence_whole_is_that_block(juki):
    """データ保守画面 names no function of the standard; its description says 4.2.3.3-2's whole
    sentence (異動履歴を残さない上書き修正) in its own words, which had left that block 該当なし."""
    [fm] = match(juki, catalog(("データ保守画面", "異動履歴を作らずに住民データの項目をそのまま書き換えられる保守用の画面。"))).features
    assert [m.requirement for m in fm.matches] == ["4.2.3.3-2"]


def test_a_description_speaks_for_the_whole_row_not_for_one_item_s_prohibited_block(juki):
    """出生・死亡・失踪 described as 戸籍の届出による…: 戸籍 is 4.2.2.1-2's own word (戸籍システムの
    主な死亡事由), but the description is about the whole row, not about 死亡's forbidden variant."""
    [fm] = match(juki, catalog(("出生・死亡・失踪", "戸籍の届出による出生の記載、死亡・失踪による消除。"))).features
    assert "4.2.2.1-2" not in [m.requirement for m in fm.matches]
    assert "4.2.2.1" in [m.requirement for m in fm.matches]


def test_a_rival_that_hands_the_topic_to_the_best_candidate_is_no_rival(juki):
    """1.1.5 除票 says its move to the 除票用データベース is done by 9.3（除票用データベースへの移行）:
    a feature about that move is 9.3's, not nearly tied with 1.1.5."""
    [fm] = match(juki, catalog(("除票DB移行処理", "消除後5年を経過した除票を年1回、除票DBへ移す。"))).features
    assert [m.requirement for m in fm.matches] == ["9.3"]


def test_a_block_that_hands_its_functions_to_a_section_is_met_by_what_meets_it(juki):
    """4.4 個人番号の異動 ends …これらの機能については7.1.2（番号連携）を参照のこと: a feature met by
    7.1.2.1 個人番号の生成・変更・修正要求 meets 4.4 as well (else 4.4 stands as a false 実装必須 gap),
    but not one met by 7.1.2.3, whose name shares nothing with 4.4's."""
    inventory = catalog(
        ("個人番号の生成要求", "出生などで番号を新しく付けるとき、住基ネット経由で生成を要求し結果を取り込む。"),
        ("団体内統合宛名連携", "中間サーバの副本を更新するため統合宛名システムへ送る。"),
    )
    result = classify(juki, inventory, match(juki, inventory))
    numbering, linking = result.matching.features
    assert sorted(m.requirement for m in numbering.matches) == ["4.4", "7.1.2.1"]
    assert "4.4" not in [m.requirement for m in linking.matches]
    assert {r.requirement.id: r for r in result.requirements}["4.4"].verdict is Verdict.FIT


def test_a_prohibited_block_whose_own_words_a_matched_feature_says_is_put_to_a_person(juki):
    """A net under the matcher's choices: 宛名連携 is 7.2.3's, but it also says 7.2.2-2's own rare
    words (被保険者証の記号番号, 投票区: other systems' data shown in 住民記録), so 7.2.2-2 is left
    to a person (要確認) rather than ruled out (該当なし) on the strength of the match."""
    inventory = catalog(("宛名連携", "住民データを各業務に渡す。国保の被保険者証の記号番号や選挙の投票区も一緒に送る。"))
    result = classify(juki, inventory, match(juki, inventory))
    [fm] = result.matching.features
    assert [m.requirement for m in fm.matches] == ["7.2.3"] and "7.2.2-2" in fm.open
    assert {r.requirement.id: r for r in result.requirements}["7.2.2-2"].verdict is Verdict.REVIEW


def test_a_prohibited_block_of_a_function_among_the_best_candidates_is_put_to_a_person_on_less(juki):
    """Closer to the feature, the net takes less: 発行番号の印字 is 5.5's, and says 支所 and 印字, half
    of its 実装不可 block's one sentence (5.5-2: the issuing office printed on the certificate), so
    5.5-2 is left open beside it for a person to confirm. A feature about another function (本人確認)
    does not bring it."""
    inventory = catalog(
        ("発行番号の印字", "証明書の欄外に、発行番号と支所を印字できる"),
        ("本人確認書類の記録", "窓口で確認した運転免許証などの種類を記録する"),
    )
    result = classify(juki, inventory, match(juki, inventory))
    printing, checking = result.matching.features
    assert [m.requirement for m in printing.matches] == ["5.5"] and printing.open == ("5.5-2",)
    assert "5.5-2" not in [c.requirement for c in checking.candidates] and "5.5-2" not in checking.open
    assert {r.requirement.id: r for r in result.requirements}["5.5-2"].verdict is Verdict.REVIEW


def test_a_block_with_many_own_words_weighs_them_less_between_siblings(juki):
    """転出証明書等's 実装必須 block is long and has many words of its own (紛失, 申出 …), which a
    feature about a reissue says in passing; its 実装不可 block is one short sentence (最新の状態が
    印字), so saying 最新 is saying much of what it forbids. Evidence is weighed by the blocks' own
    words, and the reissue printed with the latest data is 4.1.3.0.3-2 (before, 4.1.3.0.3 won on 紛失)."""
    index = prepare(juki)
    block = {rid: n for n, rid in enumerate(index.ids)}
    assert index.own_scales[block["4.1.3.0.3"]] < 1.0 == index.own_scales[block["4.1.3.0.3-2"]]
    inventory = catalog(
        ("転出証明書の再交付", "紛失した方への再交付。最新の記載事項で印字する"),
        ("転出証明書の再交付", "紛失した方への再交付。「再交付」と表示して印字する"),
    )
    result = classify(juki, inventory, match(juki, inventory, index=index))
    latest, plain = result.matching.features
    assert [m.requirement for m in latest.matches] == ["4.1.3.0.3-2"]
    assert [m.requirement for m in plain.matches] == ["4.1.3.0.3"]
    assert {r.requirement.id: r for r in result.requirements}["4.1.3.0.3-2"].verdict is Verdict.VIOLATION


def test_orders_of_different_words_do_not_make_a_feature_both_blocks(juki):
    """支援措置's blocks are told apart by word order too, but the long 実装必須 text says its words in
    many orders. 支援開始通知 says 開始 before 申出 (an order of 3.4's) and 支援 before 開始 (one of
    3.4-2's): orders of different words, so it is the notice (3.4-2) alone; before, it was taken for
    both blocks. Saying one pair both ways (地番 → 方書 and 方書 → 地番) still makes both (above)."""
    [fm] = match(juki, catalog(("支援開始通知", "支援措置を開始する旨の通知を申出者あてに出力する。"))).features
    assert [m.requirement for m in fm.matches] == ["3.4-2"]


def test_what_sets_a_block_apart_is_no_aside_though_said_in_brackets(juki):
    """1.1.9-2 forbids dates 西暦で記載・表示（併記を含む。）: 併記 is what sets it apart from 1.1.9,
    said in brackets. Taken for an aside, it had counted half as much, and a feature about
    西暦 added in brackets went to 1.3.6 和暦・西暦管理 or to review (19 development rows)."""
    index = prepare(juki)
    prohibited = index.requirements[index.ids.index("1.1.9-2")]
    assert "併記" in index.distinct[index.ids.index("1.1.9-2")] and "併記" not in prohibited.aside
    result = classify(juki, inventory := catalog(("西暦の併記", "住民票の写しの生年月日に西暦をカッコ書きで添えて出せる。")),
                      match(juki, inventory))
    assert [m.requirement for m in result.matching.features[0].matches] == ["1.1.9-2"]
    assert {r.requirement.id: r.verdict for r in result.requirements}["1.1.9-2"] is Verdict.VIOLATION


def test_one_common_word_of_a_block_listing_forbidden_behaviours_does_not_choose_it(juki):
    """4.2.2.1-2 lists two forbidden behaviours (推定死亡; 戸籍システムの主な死亡事由 or free text).
    A 死亡 feature that says 戸籍 in passing is the ordinary 4.2.2.1, with 4.2.2.1-2 left for a
    person to rule out; it had been a false 実装不可該当 in four development catalogs. One word of a
    one-sentence block (削除 of 交付履歴データを削除できること) still chooses it."""
    dying, deleting = match(juki, catalog(
        ("死亡の消除", "戸籍係から届いた死亡の通知をもとに、住民票を消除する。"),
        ("交付履歴の整理", "古くなった交付履歴を年度末にまとめて削除する。"),
    )).features
    assert [m.requirement for m in dying.matches] == ["4.2.2.1"] and "4.2.2.1-2" in dying.open
    assert [m.requirement for m in deleting.matches] == ["1.3.8-2"]


def test_a_reading_two_of_the_standard_s_words_share_is_the_one_it_uses_far_more(juki):
    """じどう reads 自動 (自動で, all through the standard) and 児童 (児童手当, once or twice): a list in
    ひらがな means 自動. Readings the standard uses alike often (しよう: 使用, 仕様) stay unread."""
    index = prepare(juki)
    assert spell("しらせは よる じどうで はいる", index.readings, index.idf) == "通知は よる 自動で はいる"
    assert "シヨウ" not in index.readings and index.readings["ジドウ"] == "自動"


def test_every_item_of_an_enumeration_goes_with_the_word_after_it(juki):
    """5.6-2 forbids 支所・出張所の専用公印: 支所の専用公印 as much as 出張所の. The pair (支所, 専用) is
    its own, so a feature about 支所専用の公印 is 5.6-2's, not the ordinary 5.6's."""
    assert {("支所", "専用"), ("出張所", "専用")} <= word_pairs("支所・出張所の専用公印を持つこと。")
    [fm] = match(juki, catalog(("支所専用の公印", "支所ごとに支所専用の公印を登録し、支所で出す証明書に押す。"))).features
    assert [m.requirement for m in fm.matches] == ["5.6-2"]


@pytest.mark.parametrize("name, text, block", [
    ("交付記録の削除", "保存年限を過ぎる前でも、交付記録を画面から削除できる。", "1.3.8-2"),
    ("支所発行の印字", "証明書の余白に「東支所発行」と入る。", "5.5-2"),
])
def test_the_counters_words_for_the_issue_record_and_the_issuing_branch(juki, name, text, block):
    """交付記録 is the standard's 交付履歴 (1.3.8-2 forbids deleting it) and 「○○支所発行」 printed on a
    certificate is its 発行場所 (5.5-2): such rows had been left to a person, 5.1 or 10.7 first."""
    result = classify(juki, inventory := catalog((name, text)), match(juki, inventory))
    assert [m.requirement for m in result.matching.features[0].matches] == [block]
    assert {r.requirement.id: r.verdict for r in result.requirements}[block] is Verdict.VIOLATION


def test_the_household_now_is_the_one_on_the_register(juki):
    """今の世帯 is what 5.1-2 says as 現在、住民票に記載されている者: a 世帯連記 of the dead and the living
    had put 1.3.8 first and 5.1-2 nowhere near, so the forbidden 写し could be reported 該当なし."""
    [fm] = match(juki, catalog(("世帯連記の写し", "除票の人と今の世帯の人を同じ写しに載せられる。"))).features
    assert fm.candidates[0].requirement == "5.1-2"


@pytest.mark.parametrize("name, text", [
    ("日付の表記", "画面と証明書の日付は和暦で出す。外国人の生年月日と在留期限だけ西暦。"),
    ("日付表示の切替", "証明書の日付は和暦、外国人住民の生年月日だけ西暦で印字する。"),
])
def test_a_date_is_the_standards_year_month_day(juki, name, text):
    """日付 is what the standard says as 年月日 (1.1.9 年月日の表示): such rows had gone to review."""
    [fm] = match(juki, catalog((name, text))).features
    assert [m.requirement for m in fm.matches] == ["1.1.9"]


def test_a_forbidden_block_shown_beside_another_function_stays_open_on_its_rare_word(juki):
    """A row named after the 和暦・西暦 master (1.3.6) that says 西暦併記, the rare word of 1.1.9-2
    (西暦 shown beside a Japanese resident's dates), is accepted as 1.3.6; 1.1.9-2, among the
    candidates a person sees, had been 該当なし nonetheless."""
    inventory = catalog(("和暦西暦併記モード", "窓口での読み違いを防ぐため、パラメータをONにすると日本人住民の生年月日や異動日を"
                         "「令和2年4月1日（2020年）」のように画面と写しに西暦併記する。外国人の生年月日は逆に和暦を括弧で併記。"))
    result = classify(juki, inventory, match(juki, inventory))
    [fm] = result.matching.features
    assert [m.requirement for m in fm.matches] == ["1.3.6"]
    assert "1.1.9-2" in fm.open
    assert {r.requirement.id: r.verdict for r in result.requirements}["1.1.9-2"] is Verdict.REVIEW


def test_a_word_for_a_side_its_sibling_says_otherwise_sets_no_block_apart(juki):
    """4.1.3.0.3 says 再交付 where 4.1.3.0.3-2 says 再発行: one side of the contrast 交付 / 再交付, so
    再交付 is no word of 4.1.3.0.3's own. A reissue printed with the latest data (最新, 4.1.3.0.3-2's
    own word) had gone to 4.1.3.0.3 on 再交付 and 紛失, leaving the forbidden behaviour 要確認."""
    inventory = catalog(("転出証明書の再交付", "紛失の申出で再交付できる。「再交付」と入り、記載は再交付時点の最新データで印字する。"))
    result = classify(juki, inventory, match(juki, inventory))
    assert [m.requirement for m in result.matching.features[0].matches] == ["4.1.3.0.3-2"]
    assert {r.requirement.id: r.verdict for r in result.requirements}["4.1.3.0.3-2"] is Verdict.VIOLATION
