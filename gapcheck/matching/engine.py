"""The matcher: which vendor feature corresponds to which requirement of the standard.

Per feature, in this order:
1. A person's decision for the feature's key wins (basis `decision`).
2. Requirement ids the feature cites (ref column, 適合表 row) match those requirements (basis `id`);
   cited ids missing from the spec are reported in `unknown_refs`.
3. Otherwise text: candidates are generated for all features at once (sparse TF-IDF over words
   and a rapidfuzz cdist over names, both kept to the top k per feature), then only those are
   re-ranked by a finer score over name, description and section words (synonyms folded,
   contrast terms checked), with the requirement's text as evidence: the rare, specific terms a
   feature and a requirement share weigh more than the area's common vocabulary; words learned
   from labelled catalogs (learned.py) add what vendors call a function in words the standard
   never uses (引っ越し, コンビニ交付). Between sibling
   blocks of one function (siblings.py) the feature's wording decides. The best candidate is
   accepted when the calibrated probability that it is right reaches what `MatchSettings.precision`
   asks (acceptance.py) and no contrast term contradicts it; else up to five candidates go to
   review; with none plausible the feature is an extra (独自機能).
"""

from __future__ import annotations

import gc
import hashlib
import math
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property, wraps
from itertools import compress

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse

from gapcheck.matching.acceptance import acceptance
from gapcheck.matching.learned import Vocabulary, packaged
from gapcheck.matching.sections import section_names
from gapcheck.matching.siblings import choose, distinct_words, reversed_orders, sibling_groups
from gapcheck.matching.terms import (
    NEGATED,
    Term,
    conflicts,
    contrast_sides,
    katakana,
    lexicon,
    ordered_pairs,
    outside_brackets,
    parts,
    reading,
    spell,
    terms,
    without_code,
    word_pairs,
    words,
)
from gapcheck.model import (
    Basis,
    Candidate,
    Category,
    DecisionAction,
    Decisions,
    Feature,
    FeatureMatch,
    FeatureStatus,
    Inventory,
    Kind,
    Match,
    MatchResult,
    Requirement,
    Spec,
    StaleDecision,
)
from gapcheck.text import compact, normalize


def _uncollected(step):
    """Run a matching step with the cyclic garbage collector paused. The step allocates millions of
    small tuples and keeps many (caches, the prepared index), which sets off full collections that
    walk the whole heap: a fifth of the match's time in benchmarks/match_speed.py. It makes no
    reference cycles (none were left to collect after a match at that size), so nothing is kept
    longer; reference counting frees the rest as always. The collector is resumed only if this
    paused it."""

    @wraps(step)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return step(*args, **kwargs)
        gc.disable()
        try:
            return step(*args, **kwargs)
        finally:
            gc.enable()

    return paused


@dataclass(frozen=True)
class MatchSettings:
    """How sure the matcher must be.

    - precision (0.97): the share of automatically accepted matches that should be right; the
      matcher accepts a match when its calibrated probability reaches the threshold measured for
      this precision on labelled catalogs (acceptance.py). Higher asks people more often.
    - review_floor (0.25): candidates scoring below this are not shown, but for a feature's three
      best guesses from 0.15 and half the best score (words far from the standard's all score
      low), where the labelled catalogs did not say its words mostly of 独自機能; a feature with
      none left is an extra (独自機能).
    - max_candidates (5): candidates kept per feature for review (a function's 実装不可 block
      among them, after the three likeliest).
    - top_k (10): candidates per feature from the word generator passed on to the finer re-ranking.
    - conflict_penalty (0.5): factor on the score of a candidate whose contrast terms contradict
      the feature's (転入 vs 転出); such a candidate is never accepted automatically.
    - chunk (256): features scored against the whole spec at a time, bounding memory.
    """

    precision: float = 0.97
    review_floor: float = 0.25
    max_candidates: int = 5
    top_k: int = 10
    conflict_penalty: float = 0.5
    chunk: int = 256

    def __post_init__(self):
        if not (0 < self.precision <= 1 and 0 <= self.review_floor <= 1):
            raise ValueError("need 0 < precision <= 1 and 0 <= review_floor <= 1")
        if self.max_candidates < 1 or self.top_k < self.max_candidates or self.chunk < 1:
            raise ValueError("need 1 <= max_candidates <= top_k and chunk >= 1")


# Where a word stands decides how much it says: in the name it defines the thing, in the text or
# section it only describes it.
_NAME, _CONTEXT = 1.0, 0.7  # found in the name / only in the context
_USUAL_READING = 1.0  # idf lower by this, for one of the spec's words that read alike to be the one meant (_readings)
_ASIDE = 0.35  # only in an aside of the requirement's text (a note or an example in brackets: terms.outside_brackets)
_CONTEXT_WEIGHT, _TEXT_WEIGHT = 0.4, 0.5  # of feature / requirement context words in the generator's vectors
_DESCRIPTION_SHARE = 0.3  # of the name-and-description score, when the feature has a description
# A requirement named for its purpose (審査・決裁, 操作権限管理) whose text states what a vendor names the
# function by (仮登録・本登録, 排他制御): a name of two words or more that the text holds (nearly) whole scores
# at least this share of how much of it the text holds, where the feature says nothing of the
# requirement's name (development catalogs: 4 more right acceptances, none wrong, recall 0.940 →
# 0.942; where the feature says part of that name too, 世帯照会 went to 4.0.2; with a name half held,
# extras went to review; with one-word names, 備考 was taken for 5.1-2, whose text names that 欄 in
# passing: a false 実装不可該当).
_TEXT_NAMED = 0.5
_TEXT_NAMED_TERMS = 2
_TEXT_HOLDS = 0.6  # of the name's coverage, where the whole name found in the text alone is _CONTEXT
_CHAR_SHARE = 0.15  # of the name score: character similarity, for words the tokenizer splits oddly
_TEXT_SHARE = 0.25  # of the final score: the requirement's text as evidence
_RARE_DOCUMENTS = 3  # a word in at most this many requirements is rare, i.e. specific
_UNSEEN_DOCUMENTS = 3  # a word the spec never uses weighs as one in this many requirements
# Where the labelled catalogs say the matcher was right about half the time or less, a person
# decides, whatever the model says: a best candidate less than this ahead of another requirement
# (of any kind: a function and its 帳票 too), or scoring below this.
_NEAR_TIE = 0.05
_WEAK = 0.4
_SHOWN = 0.05  # the share of the feature's weight that must show a block the wording chose (see _decide)
_LEAD_CAP = 0.2  # a lead beyond this says nothing more
# A feature with no candidate above the review floor is an extra (独自機能); when one of its three
# best guesses is a function split into blocks with a 実装不可 one, that could make the block 該当なし,
# the worst error the tool can make, so a person sees those blocks from this lower score (in the
# development catalogs: 3 of 4 such misses, 6 more of 126 absent blocks asked about, with the best
# guess alone; the three best: B's recall 0.948 → 0.961, 6 more of 252 asked about).
_PROHIBITED_FLOOR = 0.15
# A feature in words far from the standard's (residents' words: ひっこして きた, しらせ) scores low on
# every block, the right one too, which the review floor hid. Among its three best guesses, one
# scoring from _PROHIBITED_FLOOR and at least this share of the best is shown as well, unless the
# feature's words were mostly said of 独自機能 in the labelled catalogs (_Query.extra of at least
# _GUESS_EXTRA): those stay extras, as every such feature does for a spec nothing was learned for,
# where nothing tells an extra from a feature in far words (the sample inventories). Development
# catalogs (thirtieth round): recall of the three best 0.958 → 0.966 (residents' catalogs AY 0.80 →
# 0.89, AZ 0.77 → 0.87), rows with a counterpart left unmatched 46 → 4, 独自機能 rows left
# unmatched 97 → 83 of 1,681, 37 more of 3,784 absent 実装不可 blocks asked about.
_GUESS_SHARE = 0.5
_GUESS_EXTRA = 0.2
# A feature with this many terms that are rare words of a sibling block's own (被保険者証の記号番号,
# 投票区) does what that block says too, besides the chosen one (development catalogs: right 3
# times in 3, where any word of the sibling's own was right 3 times in 28); the ordinary sibling
# of a chosen 実装不可 block is only left to confirm (_decide).
_SPECIFIC = 2
# A block's own word that the feature's name says weighs this much more, between siblings, than one
# its description says: the name says what the feature is, the description also how and why
# (交付履歴削除JOB: 削除 is 1.3.8-2's own word; the 年 of 保存年限（5年） in the description had made
# it 1.3.8's, which says 交付年月日時; development catalogs: 3 more 実装不可該当 before the refit).
_NAMED_EVIDENCE = 2.0
# The net under the choices (_netted) for the functions among a feature's _NEAR best candidates: a
# 実装不可 block of theirs is put to a person when the feature says one word of the block's own that
# is in at most this many requirements, or this share of its one sentence. Development catalogs:
# of the 245 rows describing a prohibited function, those whose block was neither accepted nor
# netted, only shown among five candidates (the place a held-out 該当なし came from), 61 → 20;
# 50 more of 507 absent blocks asked about (272 → 322); no acceptance changes.
_NET_DOCUMENTS = 15
_NEAR = 3
# Four with learned words (twenty-sixth round): learned evidence lifts functions a vendor's words
# never name among the best; a ひらがな row about hiding the つづきがら had found 操作権限設定 fourth
# that way, its 実装不可 block (続柄 shown or hidden by permission) left 該当なし. Development
# catalogs: 該当なし 1 → 0 of 942, 61 more of 1925 absent blocks asked about (1098 → 1159).
_NEAR_LEARNED = 4
_NET_SHARE = 0.5
_RARE_SATURATION = 8.0  # shared rare weight at which the rare-term signal is 1 - 1/e
# Learned evidence L (learned.py) lifts a score s to 1 - (1 - s)(1 - L)^this: a noisy-or, so that
# it only adds. The requirements with the most learned evidence join a feature's candidates. The
# constants of learned evidence below were set for the mean of P(requirement | word) it was until
# the thirty-first round, and kept for the naive Bayes posterior that replaced it.
# Learned from sixty-nine catalogs instead of sixty-one, it earns more weight (twenty-seventh round,
# each refitted: 2.0 → 3.0, recall 0.955 → 0.960, 49 more right acceptances and 11 fewer wrong;
# 4.0: recall 0.963, but precision 0.972 and one more 該当なし).
_LEARNED = 3.0
_LEARNED_HITS = 3
# Out of fold on the development catalogs (a third of them), of the rows whose best class had a
# posterior of 0.5–0.6, 96 % were right with this, 82 % with 4 and 63 % with 2: with this the
# posterior is too unsure, and the lift and the nets reach more. Development catalogs, each refitted
# (thirty-first round): with 8, precision 0.987, 96 % accepted, recall 0.987, 該当なし 6; with 4,
# 0.982, 97 %, 0.983 and 10; with 2, 0.983, 97 %, 0.975 and 11; with 16, 0.990, 91 %, 0.979 and 8.
_TEMPERATURE = 8.0
_LEARNED_LEAST = 0.001
# A 実装不可 sibling of the chosen block stays to be ruled out by a person when the feature's learned
# evidence for it is at least this, and this share of that for the chosen block.
_LEARNED_OPEN = 0.03
_LEARNED_RIVAL = 0.5
# ... and a 実装不可 sibling's lead in learned evidence over the others counts as this share of the
# feature's wording, between siblings (_decide). Development catalogs (twenty-sixth round):
# 実装不可該当 773 → 794 of 942, 4 more right acceptances and 21 fewer wrong.
_LEARNED_EVIDENCE = 2.0


Weighted = tuple[tuple[str, tuple[str, ...], float], ...]  # (word, parts of a compound, weight)


@dataclass(frozen=True)
class _Text:
    """One side of a comparison: the name's terms with their weights, every word of the name and
    of its context (text, section, description), and the contrast sides."""

    terms: Weighted
    total: float  # of the terms' weights
    name: frozenset[str]
    context: frozenset[str]
    everything: frozenset[str]
    name_string: str  # folded name words joined, for character similarity
    sides: dict[str, frozenset[str]]
    named: frozenset[str]  # contrast groups whose sides the name or section gives, not only the text
    # Context words found only in its asides (terms.outside_brackets), but none that sets it apart from its siblings.
    aside: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class SpecIndex:
    """A spec prepared for matching: computed once, reused for every inventory; picklable, so it
    can be shipped to process-pool or Dask workers."""

    spec: str  # label, for messages
    fingerprint: str
    ids: tuple[str, ...]
    kinds: tuple[Kind, ...]
    categories: tuple[Category, ...]
    requirements: tuple[_Text, ...]
    idf: dict[str, float]
    unseen_idf: float  # for words the spec never uses
    rare_idf: float  # words weighing at least this are rare (in few requirements)
    specific_idf: float  # words weighing at least this are fairly specific (_NET_DOCUMENTS)
    vocabulary: dict[str, int]
    matrix: sparse.csr_matrix = field(repr=False)  # requirements × vocabulary, rows of unit length
    totals: tuple[float, ...] = ()  # per requirement: the weight of every word of its name, section and text
    siblings: tuple[tuple[int, ...], ...] = ()  # per requirement: its sibling group (itself included)
    distinct: tuple[frozenset, ...] = ()  # per requirement: words and word pairs its siblings' texts lack
    own_scales: tuple[float, ...] = ()  # per requirement: what a word of its own weighs between siblings (_own_scales)
    wordless: frozenset[int] = frozenset()  # blocks with no word of their own
    negating: frozenset[int] = frozenset()  # blocks one of whose own words is a negation (履歴を残さない)
    orders: tuple[frozenset, ...] = ()  # per requirement: word orders (a before b) a sibling states the other way round
    readings: dict[str, str] = field(default_factory=dict)  # katakana reading → the one word of the spec read so
    aliases: tuple[tuple[_Text, ...], ...] = ()  # per requirement: the sections it stands for, as more names (sections.py)
    labels: tuple[tuple[int, str], ...] = ()  # (実装不可 block, a label it quotes that no other block says: 「転居取消」)
    name_words: frozenset[str] = frozenset()  # every word of the requirements' names
    referring: tuple[tuple[int, ...], ...] = ()  # per requirement: 実装不可 blocks of the groups whose texts refer to it
    statements: tuple[_Text | None, ...] = ()  # per requirement: a 実装不可 block's one short sentence, as a name (_statements), or None
    pointers: tuple[tuple[int, ...], ...] = ()  # per requirement: the blocks that hand their functions to its section (_pointers)
    cites: tuple[frozenset[int], ...] = ()  # per requirement: the requirements its text refers to by section number (_cited)
    owners: dict[str, tuple[int, ...]] = field(default_factory=dict)  # word → the 実装不可 blocks it is an own word of (_netted)
    learned_rows: dict[str, int] = field(default_factory=dict)  # word → its row of `learned`
    # learned words × (requirements, 独自機能): log P(said | class) / P(not said | class), and per
    # class log prior + log P(no word said) (learned.Vocabulary.bayes)
    learned: np.ndarray | None = field(default=None, repr=False)
    learned_base: np.ndarray | None = field(default=None, repr=False)
    extras: dict[str, float] = field(default_factory=dict)  # word → P(独自機能 | word) (learned.py), where the words hold

    def weight(self, word: str, pieces: tuple[str, ...] = ()) -> float:
        return _weight(self.idf, self.unseen_idf, word, pieces)


def _weight(idf: dict[str, float], unseen: float, word: str, pieces: tuple[str, ...] = ()) -> float:
    """IDF; a compound the spec never uses weighs as its rarest part (出生届 as 出生)."""
    found = idf.get(word)
    if found is not None:
        return found
    return max(idf.get(p, unseen) for p in pieces) if pieces else unseen


def _own_scales(distinct: list[frozenset], groups: tuple[tuple[int, ...], ...], weigh) -> tuple[float, ...]:
    """Per block, the factor its own words' evidence is weighed by between siblings: for a block with
    more own words than the median split block, the square root of the median's weight over its own
    (else 1). A long 実装必須 text has many own words, and a feature about the function says some in
    passing (紛失 of 転出証明書の紛失時の再交付); a 実装不可 block's one short sentence has few, and
    saying one (最新 of 最新の状態が印字) is saying much of what it forbids: the length normalisation
    of BM25 and cosine, for evidence. Never weighed up: a block of one common own word (対応 of 4.0.7)
    would outweigh the word order that tells 方書から地番 apart. Development catalogs (thirteenth
    round): 実装不可該当 247 → 257 of 357, 10 more right acceptances and 4 fewer wrong, 実装必須 blocks
    a system has reported ギャップ 156 → 157."""
    own = [sum(weigh(w, ()) for w in found if isinstance(w, str)) for found in distinct]
    split = [weight for weight, group in zip(own, groups) if len(group) > 1]
    middle = statistics.median(split) if split else 0.0
    return tuple(min(1.0, math.sqrt(middle / weight)) if weight and middle else 1.0 for weight in own)


def _readings(by_reading: dict[str, set[str]], idf: dict[str, float]) -> dict[str, str]:
    """Per reading in katakana, the spec's word that reads so: the only one, or one the spec uses
    far more than the others (ジドウ: 自動 of 自動で, not 児童 of 児童手当)."""
    out = {}
    for spoken, found in by_reading.items():
        if not katakana(spoken):
            continue
        usual, *others = sorted(found, key=lambda w: (idf[w], w))
        if not others or idf[others[0]] - idf[usual] >= _USUAL_READING:
            out[spoken] = usual
    return out


def _fingerprint(spec: Spec) -> str:
    digest = hashlib.sha256()
    for r in spec.requirements:
        digest.update("\x1f".join((r.id, r.name, r.text, r.category, *r.section)).encode() + b"\x1e")
    return digest.hexdigest()


def _sides(name: str, section: tuple[str, ...], text: str) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """Contrast sides per group, from the name first; the section's last level and then the text
    only for groups the name does not mention (texts mention everything in passing); and the
    groups the name or section gives."""
    sides = contrast_sides(name)
    for group, found in contrast_sides(section[-1] if section else "").items():
        sides.setdefault(group, found)
    named = frozenset(sides)
    for group, found in contrast_sides(text).items():
        sides.setdefault(group, found)
    return sides, named


def _text(weigh, name_terms: tuple[Term, ...], context: frozenset[str], sides, named) -> _Text:
    weighted = tuple((word, pieces, weigh(word, pieces)) for word, pieces in name_terms)
    name = frozenset(w for word, pieces in name_terms for w in (word, *pieces))
    return _Text(
        weighted, sum(t[2] for t in weighted), name, context, name | context, "".join(t[0] for t in name_terms), sides, named
    )


def _unit_rows(rows: list[dict[int, float]], width: int) -> sparse.csr_matrix:
    indptr, indices, data = [0], [], []
    for row in rows:
        norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
        indices.extend(row)
        data.extend(v / norm for v in row.values())
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
        shape=(len(rows), width),
    )


def _vector(vocabulary: dict[str, int], idf: dict[str, float], weighted: list[tuple[frozenset[str], float]]) -> dict[int, float]:
    row: dict[int, float] = {}
    for group, weight in weighted:
        for w in group:
            column = vocabulary.get(w)
            if column is not None:
                row[column] = max(row.get(column, 0.0), weight * idf[w])
    return row


@_uncollected
def prepare(spec: Spec, learned: Vocabulary | None = None) -> SpecIndex:
    """The spec side of matching (normalised words, weights, vectors, sibling blocks), once per
    spec; the same index serves every MatchSettings. `learned`: the words learned from labelled
    catalogs (learned.py), by default the one shipped for the spec's area."""
    analysed = []
    for r in spec.requirements:
        context = frozenset(w for label in (*r.section, r.text) for w in words(label))
        analysed.append((terms(r.name), context, _sides(r.name, r.section, r.text)))
    document_frequency = Counter(
        w for name, context, _ in analysed for w in {x for word, pieces in name for x in (word, *pieces)} | context
    )
    n = len(analysed)
    idf = {w: math.log((1 + n) / (1 + df)) + 1 for w, df in document_frequency.items()}
    unseen = math.log((1 + n) / (1 + _UNSEEN_DOCUMENTS)) + 1
    vocabulary = {w: i for i, w in enumerate(sorted(idf))}

    def weigh(word: str, pieces: tuple[str, ...]) -> float:
        return _weight(idf, unseen, word, pieces)

    texts = tuple(
        replace(_text(weigh, name, context, *sides),
                aside=context.difference(words(outside_brackets(r.text)), *(words(label) for label in r.section)))
        for r, (name, context, sides) in zip(spec.requirements, analysed)
    )
    groups = sibling_groups(spec.requirements)
    aliases = tuple(
        tuple(_text(weigh, terms(alias), context, *_sides(alias, r.section, r.text)) for alias in found)
        for r, found, (_, context, _) in zip(spec.requirements, section_names(spec.requirements), analysed)
    )
    statements = tuple(
        _text(weigh, terms(text), context, *_sides(text, r.section, r.text)) if text else None
        for r, text, (_, context, _) in zip(spec.requirements, _statements(spec.requirements, groups), analysed)
    )
    rows = [
        _vector(vocabulary, idf, [(t.context, _TEXT_WEIGHT), (t.name, _NAME), *((a.name, _NAME) for a in more)])
        for t, more in zip(texts, aliases)
    ]
    # Words and word pairs of a block's own text (its section path is the same as its siblings'):
    # what sets it apart.
    own = [frozenset(words(r.text)) | t.name | word_pairs(r.text) for r, t in zip(spec.requirements, texts)]
    distinct = [frozenset()] * n
    orders: list[frozenset] = [frozenset()] * n
    wordless: set[int] = set()
    for group in set(groups):
        if len(group) > 1:
            # The function's name, quoted in a block's text, sets nothing apart, nor does a word
            # spelled inside it (転出, 証明書 of 転出証明書等, a compound kept whole: a 実装不可 block's
            # one sentence rarely repeats them, and they had made 転出証明書 再交付（最新内容で印字）
            # 4.1.3.0.3's; development catalogs, sixteenth round: 4 more right choices, 1 wrong fewer).
            named = frozenset().union(*(texts[p].name | word_pairs(spec.requirements[p].name) for p in group))
            spelled = "".join(compact(spec.requirements[p].name) for p in group)
            # Nor a word for a side its sibling says in other words (再交付 of 4.1.3.0.3, where
            # 4.1.3.0.3-2 says 再発行: both the 再交付 of the contrast group 交付 / 再交付).
            sides = {p: _side_set(contrast_sides(spec.requirements[p].text)) for p in group}
            for position, found in distinct_words(group, own).items():
                theirs = frozenset().union(*(sides[p] for p in group if p != position))
                distinct[position] = frozenset(
                    w for w in found - named
                    if not (isinstance(w, str) and (w in spelled or _word_sides(w) & theirs))
                )
            unworded = {p for p in group if not any(isinstance(x, str) for x in distinct[p])}
            if unworded:
                # A block with no word of its own may say its sibling's words the other way round
                # (方書から住所地番を… against 住所地番に対応する方書を…): then the order tells them apart.
                wordless |= unworded
                for position, found in reversed_orders(group, {p: ordered_pairs(spec.requirements[p].text) for p in group}).items():
                    orders[position] = found
    # What sets a block apart from its siblings is no aside, though said in brackets: 1.1.9-2's
    # 併記 of 西暦で記載・表示（併記を含む。） is the very behaviour the standard forbids.
    texts = tuple(replace(t, aside=t.aside - own) if own else t for t, own in zip(texts, distinct))
    by_reading: dict[str, set[str]] = defaultdict(set)
    for word in idf:
        if not katakana(word):
            by_reading[reading(word)].add(word)
    for written, word in lexicon().synonyms.items():  # ハッコウ: 発行, which the spec's words fold to 交付
        if word in idf:
            by_reading[reading("".join(written))].add(word)
    cites = _cited(spec)
    only_idf = math.log((1 + n) / 2) + 1  # a word of one requirement only
    learned_words = learned or packaged().get(spec.area) or Vocabulary(spec.area)
    learned_rows, learned_matrix, learned_base = learned_words.bayes(spec)
    return SpecIndex(
        spec=spec.label,
        fingerprint=_fingerprint(spec),
        ids=tuple(r.id for r in spec.requirements),
        kinds=tuple(r.kind for r in spec.requirements),
        categories=tuple(r.category for r in spec.requirements),
        requirements=texts,
        idf=idf,
        unseen_idf=unseen,
        rare_idf=math.log((1 + n) / (1 + _RARE_DOCUMENTS)) + 1,
        specific_idf=math.log((1 + n) / (1 + _NET_DOCUMENTS)) + 1,
        vocabulary=vocabulary,
        matrix=_unit_rows(rows, len(vocabulary)),
        totals=tuple(sum(idf[w] for w in text.everything) for text in texts),
        siblings=groups,
        distinct=tuple(distinct),
        own_scales=_own_scales(distinct, groups, weigh),
        wordless=frozenset(wordless),
        negating=frozenset(p for p, own in enumerate(distinct) if _negates(own)),
        orders=tuple(orders),
        readings=_readings(by_reading, idf),
        aliases=aliases,
        labels=_labels(spec),
        name_words=frozenset().union(*(text.name for text in texts)),
        referring=_referring(tuple(r.category for r in spec.requirements), groups, cites),
        statements=statements,
        cites=cites,
        owners=_owners(distinct, spec, [
            frozenset(w for w in t.everything if idf[w] >= only_idf and len(w) > 1) if len(g) == 1 else frozenset() for t, g in zip(texts, groups)
        ]),
        pointers=_pointers(spec),
        learned_rows=learned_rows,
        learned=learned_matrix,
        learned_base=learned_base,
        extras=dict(learned_words.extras) if learned_rows else {},  # only where the learned words hold
    )


# A 実装不可 block stated in one short sentence (2.1.3-3: 異動者一覧を表示している状態で、検索条件を加えて
# の再検索（絞込み）ができること) is named by that sentence more than by the function's name it shares
# with its siblings (基本検索), which a vendor describing the forbidden behaviour never uses.
_STATEMENT_LENGTH = 45  # characters
_STATED_SHARE = 0.75  # of the sentence's weight the feature's wording says, for it to be said (_stated)
_STATED = 0.7  # the name score of a sentence said whole


def _side_set(sides: dict[str, frozenset[str]]) -> frozenset[tuple[str, str]]:
    """(contrast group, side) for every side a text mentions (terms.contrast_sides)."""
    return frozenset((group, side) for group, found in sides.items() for side in found)


def _word_sides(word: str) -> frozenset[tuple[str, str]]:
    """The contrast sides a word is a written form of, whole (再発行, not 発行場所)."""
    return frozenset((g.name, g.sides[word]) for g in lexicon().contrasts if g.sides.get(word))


def _statements(requirements: tuple[Requirement, ...], groups: tuple[tuple[int, ...], ...]) -> list[str]:
    """Per requirement, the whole text of a 実装不可 block of a split function when it is one short
    sentence; else ""."""
    out = []
    for r, group in zip(requirements, groups):
        text = normalize(r.text).strip()
        stated = r.category is Category.PROHIBITED and len(group) > 1 and len(text) <= _STATEMENT_LENGTH and text.count("。") <= 1
        out.append(text if stated else "")
    return out


# A section number in a text (1.3.6による適切な変換機能, 1.1.2（外国人住民データの管理）): 第1.0版's
# block ids are section numbers.
_REFERENCE = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)+(?![0-9.])")


def _cited(spec: Spec) -> tuple[frozenset[int], ...]:
    """Per requirement, the requirements its text refers to by section number (1.1.5 除票: …9.3（除票用
    データベースへの移行）により…)."""
    at = {r.id: n for n, r in enumerate(spec.requirements)}
    return tuple(
        frozenset(at[ref] for ref in _REFERENCE.findall(normalize(r.text)) if ref in at and at[ref] != n)
        for n, r in enumerate(spec.requirements)
    )


def _referring(
    categories: tuple[Category, ...], groups: tuple[tuple[int, ...], ...], cites: tuple[frozenset[int], ...]
) -> tuple[tuple[int, ...], ...]:
    """Per requirement, the 実装不可 blocks of the sibling groups whose texts refer to it: 年月日の表示
    (1.1.9, and its 実装不可 block 1.1.9-2 that prints 西暦 or both) refers to 1.3.6 和暦・西暦管理,
    the function a feature about 西暦 display may well be taken for."""
    out: list[list[int]] = [[] for _ in categories]
    for n, category in enumerate(categories):
        if category is Category.PROHIBITED:
            for target in sorted(frozenset().union(*(cites[member] for member in groups[n])) - set(groups[n])):
                out[target].append(n)
    return tuple(tuple(x) for x in out)


# A block whose text ends by handing its functions to a section (4.4 個人番号の異動: …これらの機能
# については7.1.2（番号連携）を参照のこと。) is met by what meets that section.
_POINTER = re.compile(r"([0-9]+(?:\.[0-9]+)+)(?:\([^()]*\))?を参照のこと。?$")  # on normalised text: ( ) for （ ）


def _pointers(spec: Spec) -> tuple[tuple[int, ...], ...]:
    """Per requirement, the blocks that hand their functions to it: to the section it belongs to,
    when its name shares a word with theirs (4.4 個人番号の異動 → 7.1.2.1 個人番号の生成・変更・修正
    要求, not 7.1.2.3 団体内統合宛名システムとの連携); never a 実装不可 block, which meets nothing."""
    out: list[list[int]] = [[] for _ in spec.requirements]
    for n, r in enumerate(spec.requirements):
        found = _POINTER.search(normalize(r.text).strip())
        if not found:
            continue
        section, named = found.group(1), set(words(r.name))
        for m, other in enumerate(spec.requirements):
            if (
                m != n
                and (other.id == section or other.id.startswith(section + "."))
                and other.category is not Category.PROHIBITED
                and named & set(words(other.name))
            ):
                out[m].append(n)
    return tuple(tuple(x) for x in out)


_QUOTED = re.compile(r"「([^「」]{2,20})」")


def _labels(spec: Spec) -> tuple[tuple[int, str], ...]:
    """The labels 実装不可 blocks quote (「転居取消」, 「○○長 公印」) that neither their own name nor
    any block that may be implemented says: a feature stating one does what that block forbids,
    whatever else it is matched to."""
    allowed = [compact(r.name + r.text) for r in spec.requirements if r.category is not Category.PROHIBITED]
    return tuple(
        (position, label)
        for position, r in enumerate(spec.requirements) if r.category is Category.PROHIBITED
        for label in dict.fromkeys(compact(q) for q in _QUOTED.findall(r.text))
        if label not in compact(r.name) and not any(label in text for text in allowed)
    )


# --- the feature side ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Query:
    feature: int  # position in the inventory
    part: int  # -1: the whole feature; else the item of an enumeration in its name
    text: _Text
    description: tuple[tuple[str, float], ...] = ()  # words with their weights
    description_total: float = 0.0
    wording: tuple[tuple[str, float], ...] = ()  # every word of name and description, weighted
    wording_total: float = 0.0
    pairs: tuple[tuple[tuple[str, str], float], ...] = ()  # adjacent words of name and description, weighted
    own: frozenset[str] = frozenset()  # an enumeration item's words the other items do not share
    written: tuple[str, str] = ("", "")  # the feature's name and description, for word order (rarely needed)
    learned: dict[int, float] = field(default_factory=dict, hash=False, compare=False)  # requirement → its learned evidence (_learned), where above 0
    extra: float = 0.0  # how much its words were 独自機能's in the labelled catalogs (_extra)

    @cached_property
    def said(self) -> frozenset[str]:
        """Its words unweighted, once per query: _stated asks for them for every candidate with a
        sentence, _netted once more."""
        return frozenset(word for word, _ in self.wording)

    @cached_property
    def description_columns(self) -> tuple[tuple[str, ...], tuple[float, ...]]:
        """`description` as its words and their weights, for _score."""
        return tuple(w for w, _ in self.description), tuple(weight for _, weight in self.description)

    @cached_property
    def wording_columns(self) -> tuple[tuple[str, ...], tuple[float, ...]]:
        """`wording` as its words and their weights, for _score."""
        return tuple(w for w, _ in self.wording), tuple(weight for _, weight in self.wording)

    @cached_property
    def negates(self) -> bool:
        """Whether it negates any of its words (残さない, 載らない): _decide and _quoting ask."""
        return _negates(self.said)


def _queries(features: list[tuple[int, Feature]], index: SpecIndex) -> list[_Query]:
    out = []
    for position, feature in features:
        feature = replace(feature, name=without_code(feature.name))
        if index.readings:
            # A list without kanji (ﾃﾝｼｭﾂ ｼｮｳﾒｲｼｮ) in the spec's spelling (転出証明書).
            feature = replace(
                feature,
                name=spell(feature.name, index.readings, index.idf),
                text=spell(feature.text, index.readings, index.idf),
                section=tuple(spell(label, index.readings, index.idf) for label in feature.section),
            )
        description = frozenset(words(feature.text))
        section = frozenset(w for label in feature.section for w in words(label))
        context = description | section
        sides, named = _sides(feature.name, feature.section, feature.text)
        weighted = tuple((w, index.weight(w)) for w in description)
        text = _text(index.weight, terms(feature.name), context, sides, named)
        wording = tuple((w, index.weight(w)) for w in text.name | description)
        pairs = tuple(
            (pair, (index.weight(pair[0]) + index.weight(pair[1])) / 2)
            for pair in word_pairs(feature.name) | word_pairs(feature.text)
        )
        whole = _Query(position, -1, text, weighted, sum(w for _, w in weighted), wording, sum(w for _, w in wording), pairs,
                       written=(feature.name, feature.text), learned=_learned(wording, index), extra=_extra(wording, index))
        out.append(whole)
        items = parts(feature.name)
        shared = frozenset.intersection(*(frozenset(w for term in item for w in (term[0], *term[1])) for item in items)) if items else frozenset()
        for number, item in enumerate(items):
            own_sides = contrast_sides("".join(t[0] for t in item))
            item_text = _text(index.weight, item, context, {**sides, **own_sides}, named | frozenset(own_sides))
            # An item's wording is its own words and the description, not the other items'.
            item_wording = tuple((w, index.weight(w)) for w in item_text.name | description)
            out.append(
                replace(whole, part=number, text=item_text, description=(), description_total=0.0,
                        wording=item_wording, wording_total=sum(w for _, w in item_wording),
                        own=item_text.name - shared, learned=_learned(item_wording, index), extra=_extra(item_wording, index))
            )
    return out


def _learned(wording: tuple[tuple[str, float], ...], index: SpecIndex) -> dict[int, float]:
    """Per requirement, P(requirement | the feature's learned words) by naive Bayes (learned.py),
    where at least _LEARNED_LEAST. The log-odds are divided by _TEMPERATURE first: the words of one
    feature are far from independent, and taken as such they make the posterior overconfident."""
    rows = sorted({index.learned_rows[w] for w, _ in wording if w in index.learned_rows})
    if not rows:
        return {}
    z = (index.learned_base + index.learned[rows].sum(0)) / _TEMPERATURE
    posterior = np.exp(z - z.max())
    posterior = posterior[:-1] / posterior.sum()  # the last class is 独自機能
    return {int(p): float(posterior[p]) for p in np.flatnonzero(posterior >= _LEARNED_LEAST)}


def _extra(wording: tuple[tuple[str, float], ...], index: SpecIndex) -> float:
    """P(独自機能 | word) (learned.py) averaged over the feature's learned words, each weighed by its
    rarity in the spec: 郵送請求, 附票の写し, 繁忙期 were mostly said of what the standard lacks."""
    # Every word of 独自機能 is a learned word: both come from the same counts (learned.Vocabulary).
    found = [(index.extras.get(w, 0.0), weight) for w, weight in wording if w in index.learned_rows]
    total = sum(weight for _, weight in found)
    return sum(share * weight for share, weight in found) / total if total else 0.0


def _coverage(text: _Text, other: _Text) -> float:
    """Share of the name terms' weight found in `other`: fully in its name, partly in its context.
    A compound the other side writes apart (出生届 / 出生の届出) counts by its parts."""
    if not text.total:
        return 0.0
    found = 0.0
    name, context = other.name, other.context
    for word, pieces, weight in text.terms:
        if word in name:
            found += weight
        elif word in context:
            found += weight * (_ASIDE if word in other.aside else _CONTEXT)
        elif pieces:
            found += weight * sum(
                _NAME if p in name else (_ASIDE if p in other.aside else _CONTEXT) if p in context else 0.0 for p in pieces
            ) / len(pieces)
    return found / text.total


@dataclass(frozen=True)
class _Scored:
    """A candidate requirement for a query, with the evidence its score was made of."""

    position: int
    score: float
    conflicts: tuple[str, ...] = ()
    forward: float = 0.0  # share of the feature name's weight found in the requirement
    backward: float = 0.0  # share of the requirement name's weight found in the feature
    characters: float = 0.0
    text: float = 0.0  # the feature's wording and the requirement's words: how much of each the other holds
    rare: float = 0.0  # the rare words both share, saturating
    lexical: float = 0.0  # the score before learned evidence (learned.py) lifted it


def _names(text: _Text, other: _Text) -> tuple[float, float, float, float]:
    """(name score, coverage of the feature's name, of the requirement's, character similarity)."""
    a = _coverage(text, other)
    b = _coverage(other, text)
    name = 2 * a * b / (a + b) if a + b else 0.0
    if not b and len(text.terms) >= _TEXT_NAMED_TERMS and a >= _TEXT_HOLDS:
        name = max(name, _TEXT_NAMED * a)
    characters = fuzz.ratio(text.name_string, other.name_string) / 100
    return (1 - _CHAR_SHARE) * name + _CHAR_SHARE * characters, a, b, characters


def _score(query: _Query, position: int, index: SpecIndex, penalty: float) -> _Scored:
    """0..1: how well the feature's name and the requirement's name describe each other, with the
    description's agreement with the requirement's text, the names' character similarity, and
    the share of the feature's wording (rare words weighing most) that the requirement holds."""
    requirement = index.requirements[position]
    # By the name that fits best; a section it stands for says its own side (職権消除 of 4.2.0.1 職権
    # による住民票の記載等 is no 記載).
    statement = _statement(query, position, index)
    named = requirement
    score, a, b, characters = _names(query.text, requirement)
    for other in (*index.aliases[position], *statement):
        found = _names(query.text, other)
        if found > (score, a, b, characters):  # the first of equals, as max() keeps
            (score, a, b, characters), named = found, other
    if statement and position not in index.wordless:
        score = max(score, _stated(query, statement[0], index))
    # Words are looked up in C (map, compress), weights summed in the order written: this runs for
    # every candidate of every feature.
    pool = requirement.everything.__contains__
    if query.description_total:
        said, weights = query.description_columns
        agreement = sum(compress(weights, map(pool, said))) / query.description_total
        score = (1 - _DESCRIPTION_SHARE) * score + _DESCRIPTION_SHARE * agreement
    # The share of the feature's wording the requirement holds, and of the requirement's words the
    # feature uses (a long description can hold a short requirement text whole while most of its
    # own words are about other things), as one figure (their harmonic mean). A word the
    # requirement holds weighs the same on both sides: the spec's words weigh their IDF.
    said, weights = query.wording_columns
    held = list(compress(weights, map(pool, said)))
    shared = sum(held)
    rarest = sum(weight for weight in held if weight >= index.rare_idf)
    forward = shared / query.wording_total if query.wording_total else 0.0
    backward = shared / index.totals[position] if index.totals[position] else 0.0
    text = 2 * forward * backward / (forward + backward) if forward + backward else 0.0
    rare = 1 - math.exp(-rarest / _RARE_SATURATION)
    lexical = (1 - _TEXT_SHARE) * score + _TEXT_SHARE * (text + rare) / 2
    # What the labelled catalogs learned adds to the evidence, never takes from it: a feature in
    # words the spec never uses (引っ越し) rises towards the function such features were.
    score = 1 - (1 - lexical) * (1 - query.learned.get(position, 0.0)) ** _LEARNED
    # Two texts that only mention opposite sides in passing (本登録 in one, 仮登録 in a condition of
    # the other) do not contradict each other; a name or section that says which side it is does.
    clash = conflicts(query.text.sides, named.sides, query.text.named | named.named)
    factor = penalty if clash else 1.0
    return _Scored(position, score * factor, clash, a, b, characters, text, rare, lexical * factor)


def _statement(query: _Query, position: int, index: SpecIndex) -> tuple[_Text, ...]:
    """A 実装不可 block's sentence as one more name, for a feature that says one of its rare words
    (絞込み): the sentence's common words alone (一覧表, 作成, 出力) would draw any list a vendor
    makes (development catalogs: 6 more prohibited functions 実装不可該当, no more wrong acceptances;
    with every short sentence of any 実装不可 block instead, a 該当なし)."""
    statement = index.statements[position]
    if statement is None or not any(weight >= index.rare_idf and w in statement.name for w, weight in query.wording):
        return ()
    return (statement,)


def _stated(query: _Query, statement: _Text, index: SpecIndex) -> float:
    """A name score for a 実装不可 block whose sentence the feature's wording says nearly whole, in
    its name or its description (ﾃﾞｰﾀ直接ﾒﾝﾃ: 異動履歴を作成せずに…直接書き換える is 4.2.3.3-2's
    異動履歴を残さない上書き修正). Not for a block told apart from its siblings by word order only
    (方書から住所地番を): its words are theirs. Development catalogs: of the features saying at
    least 75 % of such a sentence, 28 in 32 were that block's, 2 of the 4 others for word order."""
    stated = _sentence_said(query.said, statement, index)
    return _STATED * stated if stated >= _STATED_SHARE else 0.0


def _sentence_said(said: frozenset[str], statement: _Text, index: SpecIndex) -> float:
    """The share of a sentence's weight among the words said."""
    total = sum(index.weight(w) for w in statement.name)
    return sum(index.weight(w) for w in statement.name if w in said) / total if total else 0.0


def _top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Column positions of the k best scores of each row (unordered), for scores of a signed type:
    a negated unsigned 0 stays 0 and would come first."""
    k = min(k, scores.shape[1])
    return np.argpartition(-scores, k - 1, axis=1)[:, :k]


def _generate(queries: list[_Query], index: SpecIndex, settings: MatchSettings) -> list[set[int]]:
    """Candidate requirements per query: the top k by word vectors and the likeliest by learned
    evidence, with the sibling blocks of each (they are told apart by the finer score and the
    wording). Not by name characters: a requirement sharing no word with the feature scores at most
    _CHAR_SHARE of the name score, below any floor, and a route that took the top k by characters
    too added a fifth more candidates to score and decided next to nothing differently
    (development catalogs, thirty-second round: 2 fewer right acceptances and 1 fewer wrong of
    17,138)."""
    if not index.ids:
        return [set() for _ in queries]
    vectors = _unit_rows(
        [_vector(index.vocabulary, index.idf, [(q.text.context, _CONTEXT_WEIGHT), (q.text.name, _NAME)]) for q in queries],
        len(index.vocabulary),
    )
    found: list[set[int]] = []
    for start in range(0, len(queries), settings.chunk):
        chunk = queries[start : start + settings.chunk]
        # The chunk made dense, not the spec: a sparse product's bookkeeping cost more than the
        # multiplications (benchmarks/match_speed.py), and a chunk's width is the vocabulary's.
        similar = (index.matrix @ vectors[start : start + len(chunk)].T.toarray()).T  # float32, chunk × n
        by_words = _top_k(similar, settings.top_k)
        for row in range(len(chunk)):
            hits = set(by_words[row][similar[row, by_words[row]] > 0].tolist())
            learned = chunk[row].learned
            hits.update(sorted(learned, key=learned.__getitem__, reverse=True)[:_LEARNED_HITS])
            found.append({s for h in hits for s in index.siblings[h]})
    return found


def _rank(query: _Query, hits: set[int], index: SpecIndex, settings: MatchSettings) -> list[_Scored]:
    """By score, a requirement the feature is named after exactly (_named_as) first."""
    ranked = [_score(query, position, index, settings.conflict_penalty) for position in hits]
    ranked.sort(key=lambda s: (not _named_as(query, s.position, index), -s.score, index.ids[s.position]))
    return ranked


def _named_as(query: _Query, position: int, index: SpecIndex) -> bool:
    """Whether the feature's whole name is the requirement's (異動履歴照会, its code stripped): that
    is the function it lists, however much of another requirement's text its description holds
    (異動日・届出日・入力場所 of 1.2.1 異動履歴の管理). In the development catalogs such names were the
    named requirement's or a sibling's 517 times in 533 (twenty-fourth round)."""
    return query.part < 0 and bool(query.text.name_string) and query.text.name_string == index.requirements[position].name_string


@dataclass(frozen=True)
class _Decision:
    """The best candidate of one query after the sibling choice, and what speaks for it."""

    ranked: list[_Scored]  # the chosen block first
    signals: tuple[float, ...]  # in the order of acceptance.SIGNALS
    probability: float
    clear: bool = True  # not nearly tied with another requirement, nor weak
    touched: tuple[int, ...] = ()  # siblings not chosen to rule out (実装不可 ones whose own words the feature uses) or confirm
    both: tuple[int, ...] = ()  # siblings the feature matches as well (their word order, their specific items)


def _specific(query: _Query, index: SpecIndex, position: int) -> int:
    """How many rare words of the block's own, that its siblings lack (被保険者証の記号番号, 投票区 of
    他業務照会's 実装不可 block), the feature says (a compound and its parts counting once: 投票区;
    a word said in the name and again in the description too: 区域 of 字区域変更)."""
    own = index.distinct[position]
    said = {
        next((w for w in (word, *pieces) if w in own and index.weight(w) >= index.rare_idf), None)
        for text in query.written
        for word, pieces in terms(text)
    }
    return len(said - {None})


def _own_said(query: _Query, index: SpecIndex, position: int) -> list[tuple[str | tuple[str, str], float]]:
    """The feature's words (and adjacent pairs) that are the block's own among its siblings, with
    their weights: what _evidence weighs and _in_passing looks at."""
    own = index.distinct[position]
    return [(word, weight) for word, weight in (*query.wording, *query.pairs) if word in own]


def _evidence(query: _Query, index: SpecIndex, position: int, said: list[tuple[str | tuple[str, str], float]]) -> float:
    """The weight of the block's own words the feature says (`said`, _own_said), a word of the name
    counting _NAMED_EVIDENCE times. For one item of an enumeration, the description speaks for the
    whole row: only its rare words speak for the item's 実装不可 block (出生・死亡・失踪 described as
    戸籍届による…: 戸籍 is 4.2.2.1-2's own word, of 戸籍システム, and had made two development
    catalogs' 死亡 a false 実装不可該当)."""
    item = query.part >= 0 and index.categories[position] is Category.PROHIBITED
    found = 0.0
    for word, weight in said:
        named = word in query.text.name
        if named or not item or weight >= index.rare_idf:
            found += weight * (_NAMED_EVIDENCE if named else 1.0)
    return found


def _in_passing(query: _Query, index: SpecIndex, position: int, said: list[tuple[str | tuple[str, str], float]]) -> bool:
    """A 実装不可 block that lists several forbidden behaviours (not one short sentence), which the
    feature says one common word of (`said`, _own_said), in its description only: a word said in
    passing (戸籍 of 4.2.2.1-2's 戸籍システムの主な死亡事由, in 死亡届（戸籍からの通知）に基づいて消除), not
    the behaviour. Development catalogs, nineteenth round: all 13 such choices were wrong, 7 of them
    accepted; one word of a one-sentence block (削除 of 交付履歴データを削除できること) was right 12
    times in 13."""
    if index.categories[position] is not Category.PROHIBITED or index.statements[position] is not None:
        return False
    return len(said) == 1 and isinstance(said[0][0], str) and said[0][0] not in query.text.name and said[0][1] < index.rare_idf


def _decide(query: _Query, ranked: list[_Scored], index: SpecIndex) -> _Decision | None:
    """Choose between the sibling blocks of the best candidate by the feature's wording, then
    measure the signals of the choice (see acceptance.SIGNALS)."""
    if not ranked:
        return None
    best = ranked[0]
    group = index.siblings[best.position]
    in_group = {s.position: s for s in ranked if s.position in group}
    margin = shown = 0.0
    worded = False
    touched: tuple[int, ...] = ()
    both: tuple[int, ...] = ()
    if len(group) > 1:
        own_said = {p: _own_said(query, index, p) for p in group}
        evidence = {p: _evidence(query, index, p, own_said[p]) * index.own_scales[p] for p in group}
        said: dict[int, float] = {}
        stated: frozenset = frozenset()
        if any(index.orders[p] for p in group):
            stated = _orders_said(query)
            said = {p: sum(index.weight(a) + index.weight(b) for a, b in stated & index.orders[p]) / 2 for p in group}
            evidence = {p: evidence[p] + said[p] for p in group}
        chosen_by = {p: 0.0 if _in_passing(query, index, p, own_said[p]) else evidence[p] for p in group}
        # A 実装不可 block that features in these words were more often than its siblings (learned.py)
        # has that lead as evidence too: vendors describe the forbidden behaviour as a selling point
        # in words of their own, which the block's text does not hold.
        for p in group:
            if index.categories[p] is Category.PROHIBITED:
                ahead = query.learned.get(p, 0.0) - max(query.learned.get(o, 0.0) for o in group if o != p)
                chosen_by[p] += _LEARNED_EVIDENCE * query.wording_total * max(ahead, 0.0)
        choice = choose(group, index.categories, chosen_by, query.wording_total, {p: s.score for p, s in in_group.items()})
        margin, worded = choice.margin, choice.worded
        # The feature does what a sibling says as well: it says both word orders (地番を入れると方書
        # を候補表示。逆に方書から地番を…), or names the sibling's own specific items.
        also = {
            p for p in group
            if p != choice.position
            and (_both_ways(stated, index.orders[p], index.orders[choice.position]) or (evidence[p] > 0 and _specific(query, index, p) >= _SPECIFIC))
        }
        # But a feature doing what a 実装不可 block says names the ordinary function's items in
        # passing (不詳, 年齢 of みなし生年月日の自動設定): that sibling is left for a person to confirm,
        # not accepted (development catalogs, fifteenth round: right 11 times in 19).
        confirm = {
            p for p in also
            if index.categories[choice.position] is Category.PROHIBITED and index.categories[p] is not Category.PROHIBITED
            and not _both_ways(stated, index.orders[p], index.orders[choice.position])
        }
        both = tuple(p for p in group if p in also - confirm)
        # A 実装不可 block without a word of its own cannot be ruled out by words: unless the
        # feature says which order it means, it stays to be ruled out by a person.
        # Nor can one that features in these words were in the labelled catalogs nearly as often,
        # nor one whose own word is a negation (アクセスログが取得できない, 履歴を残さない) where the
        # feature negates anything: vendors say what their system leaves out in words of their own
        # (印刷記録には載らない). Development catalogs (twenty-seventh round): 該当なし 1 → 0 of 1064,
        # 16 more of 2179 absent blocks asked about.
        learned = query.learned.get(choice.position, 0.0)
        touched = tuple(
            p for p in group
            if p in confirm or (
                p != choice.position and p not in also and index.categories[p] is Category.PROHIBITED
                and (evidence[p] > 0 or (p in index.wordless and not any(said.values()))
                     or query.learned.get(p, 0.0) >= max(_LEARNED_OPEN, _LEARNED_RIVAL * learned)
                     or (p in index.negating and query.negates))
            )
        )
        shown = evidence[choice.position] / query.wording_total if query.wording_total else 0.0
        chosen = in_group.get(choice.position) or _Scored(choice.position, 0.0)
        # The blocks share the function's name: the chosen one stands for the group's best score.
        chosen = replace(chosen, score=max(chosen.score, best.score)) if not chosen.conflicts else chosen
        ranked = [chosen, *(s for s in ranked if s.position != chosen.position)]
        best = chosen
    kind = index.kinds[best.position]
    # A requirement named otherwise is no rival of the one the feature is named after.
    named = _named_as(query, best.position, index)
    others = [
        s for s in ranked[1:]
        if s.position not in group and not _hands_over(s, best, index) and (not named or _named_as(query, s.position, index))
    ]
    runner_up = next((s.score for s in others if index.kinds[s.position] == kind), 0.0)
    lead_any = best.score - (others[0].score if others else 0.0)
    signals = (
        best.score,
        min(best.score - runner_up, _LEAD_CAP),
        min(lead_any, _LEAD_CAP),
        best.forward,
        best.backward,
        best.text,
        best.rare,
        best.characters,
        float(query.description_total > 0),
        float(len(group) > 1),
        margin,
        shown,
        float(index.categories[best.position] is Category.PROHIBITED),
        math.log1p(query.text.total),
        min(sum(1 for s in others if s.score >= best.score - 0.1), 5) / 5,
        query.learned.get(best.position, 0.0),
        query.extra,
        query.learned.get(best.position, 0.0) / max(query.learned.values()) if query.learned else 0.0,
    )
    # A block the wording chose over its siblings is nearly tied with nothing and weak only if it
    # is not worth showing (the review floor): its rivals are its siblings, and the wording decided
    # between them (such picks were right 44 times in 45 from a score of 0.3 on in the labelled
    # catalogs; from the floor of 0.25 on, 15 more in the 35 development catalogs of the fifteenth
    # round, all right: 隣室複写, 他課情報ポップアップ, 検索結果CSV出し).
    clear = (lead_any >= _NEAR_TIE and best.score >= _WEAK) or (worded and shown >= _SHOWN)
    return _Decision(ranked, signals, acceptance(bool(index.learned_rows)).probability(signals), clear, touched, both)


_QUOTES = re.compile(r"[「『]([^「」『』]{2,30})[」』]")


def _quoting(query: _Query, index: SpecIndex, chosen: set[int]) -> list[int]:
    """The 実装不可 blocks whose quoted label the feature quotes too, in words of the block's own
    (専用の異動事由「転居取消」, 証明書に「○○の規定により免除」と入る): it shows the very value the block
    forbids, whatever else it was matched to. Merely stated, or quoted for something else (CSへ送る
    「附票通知」), a label stays for a person to rule out; so does one in a feature that negates
    anything. Development catalogs (twenty-eighth round): quoted, such labels were the block's 28
    times in 30, both others glossary rows pointing to the 「転居取消」 entry."""
    if query.negates:
        return []
    quoted = [compact(q) for q in _QUOTES.findall(" ".join(query.written))]
    return sorted({
        p for p, label in index.labels
        if p not in chosen and any(label in q for q in quoted) and query.said & (_said(index.requirements[p]) - set(words(label)))
    })


def _negates(words) -> bool:
    """Whether any of the words is negated (terms: 残す否 for 残さない)."""
    return any(isinstance(w, str) and w.endswith(NEGATED) for w in words)


def _orders_said(query: _Query) -> frozenset[tuple[str, str]]:
    """The word orders the feature states, in its name and its description."""
    name, text = query.written
    return ordered_pairs(name) | ordered_pairs(text)


def _both_ways(stated: frozenset, mine: frozenset, chosen: frozenset) -> bool:
    """Whether the feature says two words in one block's order and in the other's (地番を入れると方書
    を候補表示。逆に方書から地番を…): it does what both say. Orders of different words (開始 before
    申出 for one block, 支援 before 開始 for the other, from texts of one function said in many
    orders) show nothing of the kind."""
    return any((b, a) in stated for a, b in stated & mine if (b, a) in chosen)


def _hands_over(rival: _Scored, best: _Scored, index: SpecIndex) -> bool:
    """Whether the rival's text hands the topic to the chosen block by its section number (1.1.5 除票:
    …9.3（除票用データベースへの移行）により…), and so is no rival of it: the chosen block does not
    cite it back (4.1.0.2 届出日 and 4.2.0.4 戸籍届出・通知日 cite each other), and it covers no more of
    the feature's name (development catalogs: 5 more right acceptances, 1 wrong: 2.2.4 支援対象者照会
    uses 1.1.16's database)."""
    return (
        best.position in index.cites[rival.position]
        and rival.position not in index.cites[best.position]
        and rival.forward <= best.forward
    )


def _said(text: _Text) -> frozenset[str]:
    """The words a requirement says outside its asides."""
    return text.everything - text.aside


def _accepted(decision: _Decision | None, threshold: float, floor: float) -> list[_Scored]:
    """The chosen candidate, if it is probably right enough, plausible at all and free of
    conflicts (a function and its 帳票 are not rivals, but neither is accepted on the other's
    strength)."""
    if decision is None:
        return []
    best = decision.ranked[0]
    if decision.probability < threshold or best.score < floor or not decision.clear or best.conflicts:
        return []
    also = {s.position: s for s in decision.ranked if s.position in decision.both}
    return [best, *(replace(also.get(p) or _Scored(p, 0.0), score=best.score) for p in decision.both)]


def _aspects(items: list[_Query], decisions: list[_Decision | None], whole: _Decision | None, index: SpecIndex) -> bool:
    """Whether an enumeration names aspects of one function (宛名番号・世帯番号の自動採番, 除票の写し
    ・除票記載事項証明書): every item finds the block the whole name finds, and no item says a word
    that block has only in an aside (住所・方書検索) or that names another requirement while this
    block never says it (個人番号・住民票コードの付番). A 実装不可 block is found by aspects only
    when every item's own words are in its text, if only in an example in brackets (孫・おじ・おば
    of 1.1.11-2's （例：祖父、祖母、おじ、おば…）): its own words must show."""
    if whole is None:
        return False
    block = whole.ranked[0].position
    text = index.requirements[block]
    if not all(d is not None and d.ranked[0].position == block for d in decisions):
        return False
    if index.categories[block] is Category.PROHIBITED:
        return any(q.own for q in items) and all(q.own <= text.everything for q in items)
    return not _aside_only(items, text) and all(q.own & _said(text) or not q.own & index.name_words for q in items)


def _aside_only(items: list[_Query], text: _Text) -> bool:
    """Whether an item's own word is only an aside of the requirement (方書 of 住所・方書検索, in
    同一の住所（方書を含む。）)."""
    return any(q.own & text.aside for q in items)


def _speaks_for(items: list[_Query], block: int, index: SpecIndex) -> bool:
    """Whether the whole name of an enumeration may stand for a block its items do not all find as
    aspects: not when an item's own word is only an aside of the block (方書 of 住所・方書検索, in
    同一の住所（方書を含む。）), nor, for a 実装不可 block, when an item names another requirement by
    a word the block lacks (返納案内・記載事項変更案内 is not 4.3.2-2, whose 返納案内 is one of its two
    things: 記載 names 7.1.1.3-3's). Against accepting any block: in the 35 development catalogs of
    the fifteenth round 3 wrong acceptances and one false 実装不可該当 fewer, for 17 right ones; in the
    sample inventories, their author's extra 住所・方書検索 kept out."""
    text = index.requirements[block]
    if _aside_only(items, text):
        return False
    if index.categories[block] is not Category.PROHIBITED:
        return True
    return not any((q.own - text.everything) & index.name_words for q in items)


def _with_referred(candidates: list[_Scored], best: dict[int, _Scored], index: SpecIndex, limit: int) -> list[_Scored]:
    """The 実装不可 blocks of the groups whose texts refer to a candidate (1.3.6 和暦・西暦管理 brings
    1.1.9-2 of 年月日の表示) join the candidates (development catalogs: 3 of 4 blocks left 該当なし
    found, 12 more of 252 absent blocks asked about)."""
    return _joined(candidates, [p for s in candidates for p in index.referring[s.position]], best, index, limit)


def _joined(candidates: list[_Scored], blocks: list[int], best: dict[int, _Scored], index: SpecIndex, limit: int) -> list[_Scored]:
    """The candidates with `blocks` (実装不可 ones a person should see) joined: in the places left,
    else in those of the least likely candidates after the third that are no 実装不可 block
    themselves."""
    out = list(candidates)
    replaceable = [i for i in range(len(out) - 1, 2, -1) if index.categories[out[i].position] is not Category.PROHIBITED]
    for p in dict.fromkeys(blocks):
        if any(s.position == p for s in out):
            continue
        scored = best.get(p) or _Scored(p, 0.0)
        if len(out) < limit:
            out.append(scored)
        elif replaceable:
            out[replaceable.pop(0)] = scored
    return out


def _owners(distinct: list[frozenset], spec: Spec, alone: list[frozenset]) -> dict[str, tuple[int, ...]]:
    """Per word, the 実装不可 blocks whose own word it is: distinct from their siblings' in a split
    function, a word no other requirement says where the standard forbids a whole function
    (`alone`: 受け付けない of 3.5 住民異動不受理), so that _netted looks only at the blocks a
    feature's words reach."""
    out: dict[str, list[int]] = {}
    for n, r in enumerate(spec.requirements):
        if r.category is Category.PROHIBITED:
            for word in distinct[n] | alone[n]:
                if isinstance(word, str):
                    out.setdefault(word, []).append(n)
    return {word: tuple(blocks) for word, blocks in out.items()}


def _netted(query: _Query, index: SpecIndex, near: frozenset[int], taken: bool, shown: frozenset[int]) -> list[int]:
    """実装不可 blocks whose own words the feature says, two rare ones or most of a block's one
    sentence (_STATED_SHARE, as _stated): a net under the matcher's choices, so that a prohibited function a vendor
    describes in words the matcher does not take for that block is still put to a person (a
    該当なし is the worst error the tool can make). Closer to the feature, the 実装不可 blocks of the
    functions among its best candidates (`near`) are put to a person on less: one fairly specific
    word of their own, or half their sentence (_NET_DOCUMENTS); the 実装不可 block of a split
    function among the candidates a person sees (`shown`) on one rare word of its own (a word its
    siblings lack), even where another function took the feature (西暦併記 of 1.1.9-2 beside 1.3.6
    和暦・西暦管理). `taken`: the feature was matched."""
    rare: dict[int, int] = {}
    reached: set[int] = set()
    for word, weight in query.wording:
        for p in index.owners.get(word, ()):
            reached.add(p)
            rare[p] = rare.get(p, 0) + (weight >= index.rare_idf)
    near_blocks = {p for n in near for p in index.siblings[n] if index.categories[p] is Category.PROHIBITED}
    share = {p: _sentence_said(query.said, index.statements[p], index) for p in reached | near_blocks if index.statements[p] is not None}
    # One rare word of its own puts a block to a person where the standard forbids a whole function
    # and nothing else took the feature: no mandatory sibling could (受け付けない of 3.5 住民異動不受理;
    # see _owners); and where a split function's 実装不可 block is shown to a person: its own words
    # are what its siblings lack.
    on_one = {p for p in reached if ((p in shown) if len(index.siblings[p]) > 1 else not taken)}
    far = {
        p for p in reached
        if rare[p] >= (1 if p in on_one else _SPECIFIC)
        or (p not in index.wordless and share.get(p, 0.0) >= _STATED_SHARE)
    }
    close = {
        p for p in near_blocks
        if any(w in index.distinct[p] and weight >= index.specific_idf for w, weight in query.wording)
        or share.get(p, 0.0) >= _NET_SHARE
    }
    # A block told apart by word order only is left to a person unless the feature says an order.
    if close & index.wordless:
        stated = _orders_said(query)
        close -= {p for p in close & index.wordless if stated & frozenset().union(*(index.orders[g] for g in index.siblings[p]))}
    return sorted(far | close)


def _learned_net(learned: dict[int, float], basis: set[int], index: SpecIndex, known: set[int]) -> list[int]:
    """実装不可 blocks the labelled catalogs tie to the feature's words at least as strongly as to
    the block it was matched to (`basis`, else its best candidate), and at least _LEARNED_OPEN: a
    person rules them out. Where the words of the standard and the vendor's differ most, learned
    evidence is the only sign of the forbidden function (方書 from a glossary whose text tells how a
    方書's name finds its 地番, accepted as 方書管理; かぞくの つづきがらが みえない, in review as 続柄).
    Development catalogs (twenty-seventh round): 該当なし 3 → 1 of 1064, 51 more of 2179 absent
    blocks asked about (with half the chosen block's evidence as the bar: also 1, and 83 more)."""
    if not learned or not basis:
        return []
    bar = max([_LEARNED_OPEN, *(learned.get(p, 0.0) for p in basis)])
    return sorted(p for p, v in learned.items() if v >= bar and index.categories[p] is Category.PROHIBITED and p not in known)


def _text_match(queries: list[_Query], hits: list[set[int]], index: SpecIndex, settings: MatchSettings):
    """(matches, candidates, still open) for one feature from its whole-name query and its
    enumeration items; still open: 実装不可 siblings of an accepted block the feature's wording
    touches, and the blocks the other items of an enumeration accepted by its whole name may stand for."""
    threshold = acceptance(bool(index.learned_rows)).threshold(settings.precision)
    decisions = [_decide(q, _rank(q, h, index, settings), index) for q, h in zip(queries, hits)]
    whole, items = decisions[0], decisions[1:]
    partly = False
    if items:
        # An enumeration (世帯分離・合併) is a coarse feature: each item with its own clear
        # counterpart is that, when every item has one ...
        # ... its own: the requirement holds what sets the item apart (分離 of 世帯分離・合併), and not
        # only in brackets (住所（方書を含む。）is no counterpart of 方書検索).
        per_item = [
            _accepted(d, threshold, settings.review_floor) if d and q.own & _said(index.requirements[d.ranked[0].position]) else []
            for q, d in zip(queries[1:], items)
        ]
        accepted = list({s.position: s for found in per_item for s in found}.values()) if all(per_item) else []
        if not accepted:
            # ... else it is what its whole name clearly finds, and unless its items are aspects of
            # that function, the other blocks it might stand for stay to be confirmed by a person:
            # a row grouping functions (住居表示・地番・方書マスタ) makes none of the others ギャップ by
            # being accepted for one. 35 development catalogs (fifteenth round; such rows had gone
            # to review): 120 more right acceptances, 1 more wrong, 実装不可該当 387 → 397 of 544,
            # 実装必須 blocks a system has reported 適合 2,935 → 3,017 of 3,858, ギャップ unchanged.
            accepted = _accepted(whole, threshold, settings.review_floor)
            partly = bool(accepted) and not _aspects(queries[1:], items, whole, index)
            if partly and not _speaks_for(queries[1:], accepted[0].position, index):
                accepted, partly = [], False
    else:
        accepted = _accepted(whole, threshold, settings.review_floor)
    best: dict[int, _Scored] = {}
    firsts = {d.ranked[0].position for d in decisions if d}
    for scored in [s for d in decisions if d for s in d.ranked]:
        if scored.position not in best or scored.score > best[scored.position].score:
            best[scored.position] = scored
    # Ranked by score, the requirement the feature is named after first; a chosen sibling block
    # before the blocks it was chosen over.
    ranked = sorted(
        best.values(),
        key=lambda s: (not _named_as(queries[0], s.position, index), -s.score, s.position not in firsts, index.ids[s.position]),
    )
    guess = max(_PROHIBITED_FLOOR, _GUESS_SHARE * max((s.score for s in ranked), default=0.0))
    guessing = bool(index.learned_rows) and queries[0].extra < _GUESS_EXTRA
    candidates = [
        s for n, s in enumerate(ranked)
        if s.score >= settings.review_floor or (guessing and n < 3 and s.score >= guess)
    ]
    if items and whole is not None:
        # An item's own function may outscore the whole name's (郵便番号 of 住所の入力（カナ・郵便番号）),
        # but what the whole name finds stays among the three a person sees first (住所辞書管理).
        found = next((s for s in candidates if s.position == whole.ranked[0].position), None)
        if found is not None and found not in candidates[:3]:
            candidates.remove(found)
            candidates.insert(2, found)
    if not candidates:
        # The best guess by the words alone too: learned evidence may lift others above it.
        by_words = [max(ranked, key=lambda s: s.lexical)] if ranked else []
        firsts = {s.position for s in (*ranked[:1], *by_words)}
        shown = {
            p for s in dict.fromkeys([*ranked[:3], *by_words]) if s.score >= _PROHIBITED_FLOOR
            and (s.position in firsts or len(index.siblings[s.position]) > 1)  # below the best, only a function split into blocks
            and any(index.categories[p] is Category.PROHIBITED for p in index.siblings[s.position])
            for p in index.siblings[s.position]
        }
        candidates = [s for s in ranked if s.position in shown]
    if whole is not None and candidates and candidates[0].position == whole.ranked[0].position:
        # The blocks the chosen one was chosen over stay among the five, however low they score: a
        # person confirming the choice sees them (after the three best, which are the likeliest).
        # (Each requirement once, with its best score over the whole name and the items of an enumeration.)
        leading = candidates[:3]
        alternatives = [
            best[s.position] for s in whole.ranked[1:]
            if s.position in index.siblings[candidates[0].position] and best[s.position] not in leading
        ]
        candidates = [*leading, *alternatives, *(s for s in candidates[3:] if s not in alternatives)]
    # A person confirming a function sees its 実装不可 blocks among the five: left out, such a block
    # would be 該当なし on the strength of a feature nobody compared with it. They follow the three
    # likeliest candidates instead of taking their places, as the blocks a choice was made over do
    # (development catalogs, twenty-ninth round: recall of the three best 0.957 → 0.963; no present
    # 実装不可 block's verdict changes).
    listed: dict[int, _Scored] = {}
    for s in candidates:
        for p in (s.position, *(p for p in index.siblings[s.position] if index.categories[p] is Category.PROHIBITED)):
            listed.setdefault(p, best.get(p) or _Scored(p, 0.0))
    shown = list(listed.values())[: settings.max_candidates]
    likeliest = [s for s in candidates[:3] if s in shown]
    shown = [*likeliest, *(s for s in shown if s not in likeliest)]
    candidates = _with_referred(shown, best, index, settings.max_candidates)
    # What meets a section meets the blocks that hand their functions to it (4.4 → 7.1.2).
    handed = {p for s in accepted for p in index.pointers[s.position]} - {s.position for s in accepted}
    for p in sorted(handed):
        meeting = max(s.score for s in accepted if p in index.pointers[s.position])
        accepted.append(replace(best.get(p) or _Scored(p, 0.0), score=meeting))
    accepted += [best.get(p) or _Scored(p, 0.0) for p in _quoting(queries[0], index, {s.position for s in accepted})]
    accepted.sort(key=lambda s: (-s.score, index.ids[s.position]))
    chosen = {s.position for s in accepted}
    said = compact("".join(queries[0].written))
    labelled = [p for p, label in index.labels if label in said and p not in chosen]
    near = frozenset(s.position for s in whole.ranked[: _NEAR_LEARNED if index.learned_rows else _NEAR]) if whole else frozenset()
    netted = [p for p in _netted(queries[0], index, near, bool(chosen), frozenset(s.position for s in candidates)) if p not in chosen and p not in labelled]
    basis = chosen or {s.position for s in candidates[:1]}
    netted += _learned_net(queries[0].learned, basis, index, {*chosen, *netted, *labelled})
    touched = [p for d in decisions if d and d.ranked[0].position in chosen for p in d.touched]
    others: list[int] = []
    if partly:
        functions = {p for s in accepted for p in index.siblings[s.position]}
        others = [s.position for s in candidates if s.position not in functions and s.score >= settings.review_floor]
    still_open = tuple(dict.fromkeys([*touched, *labelled, *netted, *others]))
    if not accepted:  # a label stated among the five, in the places of the least likely
        missing = [best.get(p) or _Scored(p, 0.0) for p in labelled if p not in {s.position for s in candidates}]
        candidates = [*candidates[: max(settings.max_candidates - len(missing), 0)], *missing][: settings.max_candidates]
        candidates = _joined(candidates, netted, best, index, settings.max_candidates)
    return accepted, candidates, still_open


# --- putting it together -------------------------------------------------------------------------


@_uncollected
def match(
    spec: Spec,
    inventory: Inventory,
    decisions: Decisions | None = None,
    settings: MatchSettings | None = None,
    index: SpecIndex | None = None,
) -> MatchResult:
    """Match every feature of the inventory to the spec: one FeatureMatch per feature, in
    inventory order, and the decisions that no longer fit (StaleDecision)."""
    settings = settings or MatchSettings()
    if index is None:
        index = prepare(spec)
    elif index.fingerprint != _fingerprint(spec):
        raise ValueError(f"the SpecIndex was prepared for another spec ({index.spec}), not for {spec.label}")
    known = spec.by_id
    decided = decisions.by_feature if decisions else {}
    results: dict[int, FeatureMatch] = {}
    stale: list[StaleDecision] = []
    to_match: list[tuple[int, Feature]] = []
    unknown_by_position: dict[int, tuple[str, ...]] = {}

    for position, feature in enumerate(inventory.features):
        decision = decided.get(feature.key)
        unknown = tuple(dict.fromkeys(r for r in feature.refs if r not in known))
        if decision is not None:
            missing = tuple(r for r in decision.requirements if r not in known)
            if missing:
                stale.append(StaleDecision(decision, missing_requirements=missing))
            result = _from_decision(decision, missing, unknown)
            if result is not None:
                results[position] = result
                continue
        cited = tuple(dict.fromkeys(r for r in feature.refs if r in known))
        if cited:
            results[position] = FeatureMatch(
                feature.key,
                FeatureStatus.MATCHED,
                matches=tuple(Match(r, 1.0, Basis.ID) for r in cited),
                unknown_refs=unknown,
            )
        else:
            unknown_by_position[position] = unknown
            to_match.append((position, feature))

    keys = inventory.by_key
    stale.extend(StaleDecision(d, feature_missing=True) for key, d in decided.items() if key not in keys)

    queries = _queries(to_match, index)
    hits = _generate(queries, index, settings) if queries else []
    grouped: dict[int, list[int]] = defaultdict(list)
    for number, query in enumerate(queries):
        grouped[query.feature].append(number)
    for position, numbers in grouped.items():
        accepted, candidates, still_open = _text_match(
            [queries[i] for i in numbers], [hits[i] for i in numbers], index, settings
        )
        feature = inventory.features[position]
        status = FeatureStatus.MATCHED if accepted else FeatureStatus.REVIEW if candidates else FeatureStatus.UNMATCHED
        results[position] = FeatureMatch(
            feature.key,
            status,
            matches=tuple(Match(index.ids[s.position], round(s.score, 4), Basis.TEXT) for s in accepted),
            candidates=tuple(Candidate(index.ids[s.position], round(s.score, 4), s.conflicts) for s in candidates),
            unknown_refs=unknown_by_position[position],
            open=tuple(index.ids[p] for p in still_open) if accepted else (),
        )
    return MatchResult(tuple(results[i] for i in range(len(inventory.features))), tuple(stale))


@dataclass(frozen=True)
class Explained:
    """Why the matcher decided as it did for one query of a feature matched by text (the whole
    name, or one item of an enumeration): the block it chose and the signals of that choice."""

    feature: str  # Feature.key
    part: int  # -1: the whole name; else the item of the enumeration
    requirement: str
    signals: tuple[float, ...]  # in the order of acceptance.SIGNALS
    probability: float
    conflicts: tuple[str, ...]
    decidable: bool  # no rule keeps it from being accepted (a contrast conflict, a near tie, a weak score)


@_uncollected
def explain(spec: Spec, inventory: Inventory, settings: MatchSettings | None = None, index: SpecIndex | None = None) -> list[Explained]:
    """The decisions behind matching an inventory by text (features citing ids are left out): for
    refitting the acceptance model (benchmarks/fit_acceptance.py) and for looking into a match."""
    settings = settings or MatchSettings()
    index = index or prepare(spec)
    features = [(p, f) for p, f in enumerate(inventory.features) if not any(r in spec.by_id for r in f.refs)]
    queries = _queries(features, index)
    hits = _generate(queries, index, settings) if queries else []
    out = []
    for query, found in zip(queries, hits):
        decision = _decide(query, _rank(query, found, index, settings), index)
        if decision is not None:
            best = decision.ranked[0]
            out.append(
                Explained(
                    inventory.features[query.feature].key, query.part, index.ids[best.position],
                    decision.signals, decision.probability, best.conflicts, decision.clear and not best.conflicts,
                )
            )
    return out


@_uncollected
def wordings(inventory: Inventory, index: SpecIndex) -> dict[str, frozenset[str]]:
    """Per feature key, the words of its name and description as the matcher reads them (folded,
    spelled as the spec does): what learned.fit learns from."""
    features = list(enumerate(inventory.features))
    return {inventory.features[q.feature].key: q.said for q in _queries(features, index) if q.part < 0}


def _from_decision(decision, missing: tuple[str, ...], unknown: tuple[str, ...]) -> FeatureMatch | None:
    """The decision as a result; None when none of its requirement ids is left (match afresh)."""
    if decision.action is DecisionAction.EXTRA:
        return FeatureMatch(decision.feature, FeatureStatus.UNMATCHED, unknown_refs=unknown)
    if decision.action is DecisionAction.NOT_FEATURE:
        return FeatureMatch(decision.feature, FeatureStatus.EXCLUDED, unknown_refs=unknown)
    remaining = tuple(r for r in decision.requirements if r not in missing)
    if not remaining:
        return None
    return FeatureMatch(
        decision.feature,
        FeatureStatus.MATCHED,
        matches=tuple(Match(r, 1.0, Basis.DECISION) for r in remaining),
        unknown_refs=unknown,
    )
