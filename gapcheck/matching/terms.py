"""Japanese text as the matcher compares it: words in normalised form, synonyms folded, contrasts found.

- `words(text)`: content words (SudachiPy, split mode B, normalised forms such as 受付 → 受け付け),
  with the parts of compounds added (住民票 → 住民票 住民 票), verbs in their noun form
  (受け付ける → 受け付け), domain synonyms folded (発行 → 交付) and stop words dropped.
- `word_pairs(text)`: adjacent content words in order, which tell apart texts of the same words;
  `ordered_pairs(text)`: every two words of a sentence in order, for texts that differ only so.
- `parts(text)`: the items of an enumeration in a name (世帯分離・合併 → 世帯 分離 / 世帯 合併), so a
  coarse feature can be matched item by item.
- `contrast_sides(text)`: the sides of each contrast group a text mentions (転入 / 転出 / 転居 …).
- `reading(word)`: its reading in katakana; `spell(text, …)`: a list written without kanji
  (ﾕｳﾋﾞﾝ ﾊﾞﾝｺﾞｳ) in kanji, from the readings of a spec's words.

The tokenizer's dictionary ships inside the sudachidict_core package: nothing is downloaded. The
tokenizer itself cannot be pickled, so each process creates its own on first use; results are
cached per text, because inventories and specs repeat the same names and sentences.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from gapcheck.text import normalize

# Parts of speech that carry meaning; particles, auxiliaries, symbols and numerals do not.
_CONTENT = frozenset({"名詞", "動詞", "形容詞", "形状詞", "接頭辞", "接尾辞", "副詞"})
_ENUMERATORS = frozenset({"・", "、", ",", "/", "／", "及び", "並びに", "又は", "と", "や"})
_OPEN = frozenset({"(", "[", "「", "【", "『", "〔", "<"})
_CLOSE = frozenset({")", "]", "」", "】", "』", "〕", ">"})
SEPARATOR, OPEN, CLOSE = "\x00|", "\x00(", "\x00)"  # markers in a word sequence (never a word)

# 連用形 of 五段 verbs (写す → 写し): the noun form vendors write for the same action.
_GODAN_STEM = str.maketrans("うくぐすつぬぶむる", "いきぎしちにびみり")
_LINE = re.compile(r"[\n。]+")
_KANJI = re.compile(r"[\u4e00-\u9fff]")


@cache
def _sudachi():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core"), SplitMode


_local = threading.local()


def _tokenizer():
    """This thread's tokenizer (a SudachiPy tokenizer must not be shared between threads)."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        dictionary, modes = _sudachi()
        tokenizer = _local.tokenizer = dictionary.tokenizer(mode=modes.B, fields={"pos", "normalized_form", "reading_form", "split_a"})
    return tokenizer


# What a part of speech means here: a symbol, a particle, a content word (noun or not), or nothing.
_SYMBOL, _PARTICLE, _NOUN, _CONTENT_WORD, _OTHER = range(5)


@lru_cache(maxsize=4096)
def _pos(pos_id: int) -> tuple[int, tuple[str, ...]]:
    pos = _sudachi()[0].pos_of(pos_id)
    if pos[0] in ("補助記号", "記号"):
        return _SYMBOL, pos
    if pos[0] in ("助詞", "接続詞"):
        return _PARTICLE, pos
    if pos[0] in _CONTENT and pos[1] != "数詞":
        return (_NOUN if pos[0] == "名詞" else _CONTENT_WORD), pos
    return _OTHER, pos


def _noun_form(form: str, pos: tuple[str, ...]) -> str:
    """受け付ける → 受け付け, 写す → 写し: verbs in the 連用形 that doubles as a noun."""
    if pos[0] != "動詞" or len(form) < 2:
        return form
    conjugation = pos[4]
    if "一段" in conjugation and form.endswith("る"):
        return form[:-1]
    if conjugation.startswith("五段"):
        return form[:-1] + form[-1].translate(_GODAN_STEM)
    return form


_Word = tuple[str, bool, tuple[str, ...]]  # form, is it a content word, split-mode-A parts of a compound

# 残さない, 記載しない, 削除できない: the word an auxiliary of negation follows (past light verbs)
# is negated, and 残す否 is another word than 残す (「履歴を残す」 is not 「履歴を残さない」).
_NEGATIONS = frozenset({"ない", "ず", "ぬ"})
_LIGHT_VERBS = frozenset({"為る", "出来る", "居る", "成る", "有る", "れる", "られる", "せる", "させる"})
NEGATED = "否"
_NOT = "不"  # the prefix that negates the word after it (不受理)


_CASE = frozenset({"を", "が", "に", "で", "は", "から", "へ", "て"})
_WHEN = frozenset({"後", "時", "際", "場合", "ため", "上", "前"})
# A phrase of the word lists says the same with any of these after its noun: 氏名は入れない is
# 氏名を入れない, 履歴も残さない is 履歴を残さない.
_PHRASE_PARTICLE = dict.fromkeys(("が", "は", "も"), "を")


def _clause(words: list[_Word]) -> bool:
    """Whether a 、 ends a clause (本人確認後、異動内容を入力; 住所を引用、部屋番号のみ変更) rather than
    an item of a list (転入、転出、転居): the words since the last separator hold a case particle, or
    end in a word of time or reason."""
    since = []
    for form, content, _ in reversed(words):
        if form in (SEPARATOR, OPEN, CLOSE):
            break
        since.append((form, content))
    if not since:
        return False
    return since[0][0] in _WHEN or any(not content and form in _CASE for form, content in since)


def _morphemes(line: str) -> list[_Word]:
    out: list[_Word] = []
    split_a = _sudachi()[1].A
    negatable = None  # position in `out` of the last content word a negation would apply to
    for morpheme in _tokenizer().tokenize(line):
        if morpheme.surface().isspace():
            continue  # words written apart (記録は のこらない) are read as if written together
        kind, pos = _pos(morpheme.part_of_speech_id())
        if pos[0] == "助動詞" and morpheme.normalized_form() in _NEGATIONS and negatable is not None:
            # ... and so is the compound it ends (上書き修正せず: neither 上書き nor 修正), back to a
            # particle or a verb (入力し確認しない negates 確認 only).
            start = negatable
            while start > 0 and out[start - 1][1] and out[start - 1][0] not in _LIGHT_VERBS:
                start -= 1
            for at in range(start, negatable + 1):
                form, content, pieces = out[at]
                out[at] = (form + NEGATED, content, pieces)
            negatable = None
            continue
        if kind == _SYMBOL:
            surface = morpheme.surface()
            marker = SEPARATOR if surface in _ENUMERATORS else OPEN if surface in _OPEN else CLOSE if surface in _CLOSE else None
            if marker == SEPARATOR and surface == "、" and _clause(out):
                continue
            if marker:
                out.append((marker, False, ()))
            elif abbreviation := "".join(_KANJI.findall(surface)):
                # A sign with a word inside ((株), (有) of company names) says that word.
                negatable = len(out)
                out.append((abbreviation, True, ()))
            continue
        form = morpheme.normalized_form()
        if kind == _PARTICLE:
            out.append((SEPARATOR, False, ()) if form in _ENUMERATORS else (form, False, ()))
            continue
        if kind == _OTHER:
            out.append((form, False, ()))
            continue
        pieces: tuple[str, ...] = ()
        if kind == _NOUN and morpheme.end() - morpheme.begin() > 2:
            split = morpheme.split(split_a)
            if len(split) > 1:
                pieces = tuple(m.normalized_form() for m in split)
        if form not in _LIGHT_VERBS:
            negatable = len(out)
        out.append((_noun_form(form, pos), True, pieces))
    return _articles(out)


def _articles(words: list[_Word]) -> list[_Word]:
    """A law's article is one word (法第30条の46転入, 30条46・47登録: 30条の46 / 30条の47), where the
    tokenizer drops its numbers: the standard names functions by the articles they serve, and
    vendors keep those numbers."""
    out: list[_Word] = []
    article = None  # the last article's number: a bare number listed after it is its next 条の…
    i = 0
    while i < len(words):
        form = words[i][0]
        if form.isdigit() and i + 1 < len(words) and words[i + 1][0] == "条":
            article, i = form, i + 2
            j = i + (i < len(words) and words[i][0] == "の")
            if j < len(words) and words[j][0].isdigit():
                out.append((f"{article}条の{words[j][0]}", True, ()))
                i = j + 1
            else:
                out.append((f"{article}条", True, ()))
            continue
        if article and form.isdigit() and out and out[-1][0] == SEPARATOR:
            out.append((f"{article}条の{form}", True, ()))
        else:
            article = article if form == SEPARATOR else None
            out.append(words[i])
        i += 1
    return out


@dataclass(frozen=True)
class Lexicon:
    """The shipped word lists, tokenised the way texts are."""

    synonyms: dict[tuple[str, ...], str]  # word sequence as written (が / は / も read as を) → the word it folds to
    # A sequence is looked for with each word read as the word it folds to alone (名前は入れない:
    # 氏名を入れない): by its first word → (length, sequence so read, the word it folds to), longest first.
    by_first: dict[str, tuple[tuple[int, tuple[str, ...], str], ...]]
    alone: dict[str, str]  # a word that folds on its own → the word it folds to
    stopwords: frozenset[str]
    contrasts: tuple[ContrastGroup, ...]
    symbols: dict[str, str]  # a sign the tokenizer drops → the word it stands for, spaced (〒)
    signs: re.Pattern  # any of them: looked for in C, as str.translate would look up every character in Python


@dataclass(frozen=True)
class ContrastGroup:
    name: str  # its sides joined with ／, for messages
    pattern: re.Pattern
    sides: dict[str, str]  # written form → side ('' for a neutral form)


def _data(name: str) -> dict:
    return json.loads(resources.files("gapcheck.matching").joinpath("data", name).read_text("utf-8"))


@cache
def lexicon() -> Lexicon:
    synonyms_data = _data("synonyms.json")
    synonyms: dict[tuple[str, ...], str] = {}
    for group in synonyms_data["groups"] + [[c] for c in synonyms_data["compounds"]]:
        canonical = "".join(w[0] for w in _morphemes(normalize(group[0])) if w[1])
        for variant in group:
            sequence = tuple(
                _PHRASE_PARTICLE.get(w[0], w[0]) for w in _morphemes(normalize(variant)) if w[0] not in (SEPARATOR, OPEN, CLOSE)
            )
            synonyms[sequence] = canonical
    alone = {sequence[0]: word for sequence, word in synonyms.items() if len(sequence) == 1}
    by_first: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
    for sequence, word in synonyms.items():
        read = tuple(alone.get(w, w) for w in sequence)
        by_first.setdefault(read[0], []).append((len(read), read, word))
    stopwords = frozenset(
        w[0] for word in synonyms_data["stopwords"] for w in _morphemes(normalize(word))
    ) | frozenset(synonyms_data["stopwords"])
    groups = []
    for group in _data("contrasts.json")["groups"]:
        forms = {normalize(form): side for side, written in group["sides"].items() for form in written}
        forms.update({normalize(form): "" for form in group.get("neutral", ())})
        alternatives = sorted(forms, key=len, reverse=True)
        groups.append(
            ContrastGroup(
                name="／".join(group["sides"]),
                pattern=re.compile("|".join(re.escape(a) for a in alternatives)),
                sides=forms,
            )
        )
    firsts = {first: tuple(sorted(found, reverse=True)) for first, found in by_first.items()}
    symbols = {sign: f" {word} " for sign, word in synonyms_data["symbols"].items()}
    signs = re.compile("|".join(map(re.escape, symbols)) or "(?!)")
    return Lexicon(synonyms, firsts, alone, stopwords, tuple(groups), symbols, signs)


def _fold(sequence: list[_Word], lex: Lexicon) -> list[_Word]:
    """Replace synonym word sequences (longest first) by the word they fold to."""
    out: list[_Word] = []
    i = 0
    forms = [lex.alone.get(w[0], w[0]) if w[1] else _PHRASE_PARTICLE.get(w[0], w[0]) for w in sequence]
    while i < len(sequence):
        for length, read, word in lex.by_first.get(forms[i], ()):
            if tuple(forms[i : i + length]) == read and (length > 1 or sequence[i][1]):
                out.append((word, True, ()))
                i += length
                break
        else:
            out.append(sequence[i])
            i += 1
    return out


Entry = tuple[str, tuple[str, ...]]  # a word (or marker) and the parts of a compound
Term = Entry


@lru_cache(maxsize=200_000)
def _line(line: str) -> tuple[Entry, ...]:
    """Content words of one line with enumeration and bracket markers kept for `parts`."""
    lex = lexicon()
    out: list[Entry] = []
    spoken = lex.signs.sub(lambda sign: lex.symbols[sign.group(0)], line)
    for form, content, pieces in _fold(_morphemes(spoken), lex):
        if form in (SEPARATOR, OPEN, CLOSE):
            out.append((form, ()))
        elif content and form not in lex.stopwords:
            folded = (lex.synonyms.get((p,), p) for p in pieces)
            out.append((form, tuple(p for p in folded if p != form and p not in lex.stopwords)))
            if out[-2:-1] == [(_NOT, ())]:
                # 不 before a word says it negated, as a verb's ない does: 不受理 is 受理しない too.
                out.append((form + NEGATED, ()))
    return tuple(out)


def _entries(text: str) -> list[Entry]:
    return [e for line in _LINE.split(normalize(text)) if line.strip() for e in _line(line.strip())]


def _terms_of(entries) -> tuple[Term, ...]:
    return tuple({w: (w, pieces) for w, pieces in entries if not w.startswith("\x00")}.values())


def terms(text: str) -> tuple[Term, ...]:
    """Content words of a text, normalised and folded, each with the parts of a compound
    (転入届 → 転入 届出), once each, in order."""
    return _terms_of(_entries(text))


# Letters first, then letters, digits and separators with a digit: JUK-0101, UC-JK-001, JKA0310, V3L10.
_CODE = r"[A-Za-z][A-Za-z0-9_.\-]*\d[A-Za-z0-9_.\-]*"
_OPENING_CODE = re.compile(rf"^{_CODE}[ \u3000]+(?=\S)")
# A code at a name's end, after a space or in brackets (改製 JKA0310, 転入処理［RES-IDO-01］,
# 転出処理（JUK0120）); （CSV） has no digit and stays.
_CLOSING_CODE = re.compile(rf"(?<=\S)(?:[ \u3000]+{_CODE}|[ \u3000]*[\[(【][ \u3000]*{_CODE}[ \u3000]*[\])】])$")
# Who does a step (【窓口】), or a numbered unit of a course or a list (レッスン3：, 問12：, Step 2:).
_LABEL = re.compile(r"^(?:【[^【】]{1,8}】|(?:[A-Za-zァ-ヶー]{1,8}|問|第)[ \u3000]?\d+[回章節]?[:：])\s*(?=\S)")


def without_code(name: str) -> str:
    """A feature's name without the screen, job or use-case code it opens or closes with (JUK-0101
    転入届受付, 改製 JKA0310, 転入処理［RES-IDO-01］): a code is no word, and its letters (EUC-02) can
    be one; nor with the label of who does it (【窓口】本人確認後、異動内容を入力) or of a numbered
    unit (レッスン3：転居の入力), which says nothing of which function it is."""
    return _LABEL.sub("", _CLOSING_CODE.sub("", _OPENING_CODE.sub("", normalize(name), count=1)), count=1)


_BRACKETS = re.compile(r"[(（]([^()（）]*)[)）]")


def outside_brackets(text: str) -> str:
    """The text without its asides: round brackets holding a sentence of their own (（方書を含む。）,
    （「転入、転出、転居」のように簡易に記載するかは規定しない。）) or an example (（例：…）, （※…）).
    A gloss (再検索（絞込み）) or a list of what is meant (（前方一致、完全一致）) stays."""

    def aside(found: re.Match) -> str:
        inner = found.group(1).strip()
        return "" if inner.endswith("。") or inner.startswith(("例", "※")) else f"\x02{inner}\x03"

    while True:
        shorter = _BRACKETS.sub(aside, text)
        if shorter == text:
            return text.replace("\x02", "（").replace("\x03", "）")
        text = shorter


def words(text: str) -> tuple[str, ...]:
    """Every word of `terms`, the compounds' parts included: what a text offers to be matched."""
    return tuple(dict.fromkeys(w for term in terms(text) for w in (term[0], *term[1])))


def word_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Adjacent content words in the order written (方書から住所地番を → (方書, 住所地番)), every item
    of an enumeration with the word after its last (支所・出張所の専用公印 → (支所, 専用) too): what tells
    apart two texts of the same words in another order, as sibling blocks of the standard often are."""
    found = set()
    for line in _LINE.split(normalize(text)):
        previous = None
        listed: list[str] = []  # the items before the last of an enumeration (支所 of 支所・出張所の専用公印)
        for word, _ in _line(line.strip()) if line.strip() else ():
            if word.startswith("\x00"):
                listed = [*listed, previous] if word == SEPARATOR and previous is not None else []
                previous = None
                continue
            if previous is not None:
                # Every item of an enumeration goes with the word after its last: (支所, 専用) too.
                found.update((item, word) for item in (*listed, previous) if item != word)
                listed = []
            previous = word
    return frozenset(found)


def ordered_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Every two words of one sentence in the order written, however far apart (住所地番を入力す
    ると…方書を候補 → (地番, 方書)): what tells apart two blocks of the standard that say the same
    words in the other order, where a feature rarely writes them side by side."""
    return frozenset(pair for line in _LINE.split(normalize(text)) if line.strip() for pair in _ordered(line.strip()))


@lru_cache(maxsize=20_000)
def _ordered(line: str) -> frozenset[tuple[str, str]]:
    sequence = [w for word, pieces in _line(line) if not word.startswith("\x00") for w in (word, *pieces)]
    pairs = {(a, b) for i, a in enumerate(sequence) for b in sequence[i + 1 :] if a != b}
    # A sentence that says a word before and after another (支援の必要性…申出者…支援を開始) states no order of the two.
    return frozenset(pair for pair in pairs if pair[::-1] not in pairs)


def parts(text: str) -> tuple[tuple[Term, ...], ...]:
    """The items of an enumeration in a name, each with the words they share.

    世帯分離・合併 → (世帯 分離) (世帯 合併); 住民異動届（転入・転出・転居） → (住民 異動届 転入) …;
    inside brackets an item is everything between two separators, outside only the word next to
    the separator (compound heads are shared: 人口・異動統計 → 人口 統計 / 異動 統計). A name without
    an enumeration has no parts.
    """
    seq = _entries(text)
    marks = [w for w, _ in seq]
    if SEPARATOR not in marks:
        return ()
    for start, word in enumerate(marks):
        if word != OPEN:
            continue
        end = next((j for j in range(start + 1, len(seq)) if marks[j] == CLOSE), len(seq))
        inner = seq[start + 1 : end]
        if SEPARATOR in (w for w, _ in inner):
            shared = seq[:start] + seq[end + 1 :]
            items = _segments(inner)
            return tuple(_terms_of(shared + item) for item in items) if len(items) > 1 else ()
    plain = [e for e in seq if e[0] not in (OPEN, CLOSE)]
    positions = [i for i, (w, _) in enumerate(plain) if w == SEPARATOR]
    first, last = positions[0], positions[-1]
    if first == 0 or last == len(plain) - 1:
        return ()
    middle = _segments(plain[first + 1 : last])
    if any(len(item) != 1 for item in middle) or len(middle) != len(positions) - 1:
        return ()  # longer middle items: not a simple enumeration of single words
    items = [[plain[first - 1]], *middle, [plain[last + 1]]]
    head, tail = plain[: first - 1], plain[last + 2 :]
    return tuple(_terms_of(head + item + tail) for item in items)


def _segments(entries) -> list[list[Entry]]:
    items: list[list[Entry]] = [[]]
    for entry in entries:
        if entry[0] == SEPARATOR:
            items.append([])
        elif not entry[0].startswith("\x00"):
            items[-1].append(entry)
    return [item for item in items if item]


_KATAKANA = re.compile(r"[ァ-ヶー]{3,}")


def katakana(word: str) -> bool:
    """Written in katakana only (and long enough to be read unambiguously): ユウビン, not ク."""
    return _KATAKANA.fullmatch(word) is not None


_KATAKANA_RUN = re.compile(r"[ァ-ヶー]+(?:[ 　]+[ァ-ヶー]+)*")


# A run of ひらがな that starts a word: not the okurigana or particles after a kanji or katakana word.
_HIRAGANA_RUN = re.compile(r"(?<![\u4e00-\u9fffァ-ヶー])[ぁ-ゖー]{3,}")
_KANA = re.compile(r"[ぁ-ゖァ-ヶー]")
_FEW_KANJI = 0.4  # of a text's kanji and kana: a list in ひらがな (やさしい日本語, ふりがな only) or homely notes (異動のりれき)
_TO_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
_NOT_RESPELLED = frozenset({"いない"})  # a verb form read like one of the spec's words (以内)
# ... and one that is a word of the spec only where a word starts: 受け付けないよう is no 内容, the
# run (ないよう) going on from the kana of the verb before it, but とどけの ないよう is.
_ENDING = frozenset({"ないよう"})
_OPENS, _ENDS = "\ue000", "\ue001"  # around a respelled word, until words side by side are joined


def _respelled_hiragana(run: re.Match, readings: dict[str, str]) -> str:
    """A run of ひらがな read as katakana and cut, from its start, into the longest readings of the
    spec's words (じゅうみんひょうの → 住民票の, てんにゅうとどけ → 転入届け); what no reading starts
    stays as written (particles, verb endings, native words SudachiPy reads itself)."""
    hiragana = run.group(0)
    spoken = hiragana.translate(_TO_KATAKANA)
    ending = run.start() > 0 and _KANA.match(run.string[run.start() - 1]) is not None
    out, at = [], 0
    while at < len(spoken):
        # A short reading is taken only where a word starts (the run's start, or right after a word
        # read: てんにゅうとどけ); elsewhere in a run it is too often a particle and an ending
        # (かどうか: 稼働).
        shortest = 3 if at == 0 or out[-1] not in hiragana else 4
        end = next(
            (end for end in range(len(spoken), at + shortest - 1, -1)
             if spoken[at:end] in readings and hiragana[at:end] not in _NOT_RESPELLED
             and not (at == 0 and ending and hiragana[at:end] in _ENDING)),
            None,
        )
        if end is None:
            out.append(hiragana[at])
            at += 1
        else:
            out.append(_OPENS + readings[spoken[at:end]] + _ENDS)
            at = end
    return "".join(out)


def spell(text: str, readings: dict[str, str], known) -> str:
    """Katakana words a list without kanji writes (ﾃﾝｼｭﾂ ｼｮｳﾒｲｼｮ) in the spelling `readings` gives
    (テンシュツ → 転出), words side by side joined again (転出証明書), so that they are read as if
    written in kanji; words in `known` (システム) and words with no such reading stay as written.
    A text of few kanji (a list in やさしい日本語 or ふりがな only) has its ひらがな respelled too
    (_respelled_hiragana): SudachiPy reads native words in ひらがな (ひっこし, うつし), not
    Sino-Japanese ones (じゅうみんひょう, てんしゅつ)."""
    text = normalize(text)
    if not readings:
        return text
    kana, kanji = len(_KANA.findall(text)), len(_KANJI.findall(text))
    if kana and kanji < _FEW_KANJI * (kana + kanji):
        text = _HIRAGANA_RUN.sub(lambda run: _respelled_hiragana(run, readings), text)
        # Words written apart are one compound when both were respelled (てんしゅつ しょうめいしょ).
        text = text.replace(_ENDS + " " + _OPENS, "").replace(_OPENS, "").replace(_ENDS, "")
    if not _KATAKANA.search(text):
        return text

    def respelled(run: re.Match) -> str:
        out: list[str] = []
        joined = False  # the word before was respelled: the next respelled one joins it
        for token in run.group(0).split():
            kanji = readings.get(token) if token not in known else None
            if out and not (kanji and joined):
                out.append(" ")
            out.append(kanji or token)
            joined = kanji is not None
        return "".join(out)

    return _KATAKANA_RUN.sub(respelled, text)


@lru_cache(maxsize=50_000)
def reading(word: str) -> str:
    """A word's reading in katakana (郵便 → ユウビン): how a list without kanji writes it."""
    return "".join(m.reading_form() for m in _tokenizer().tokenize(word))


def contrast_sides(text: str) -> dict[str, frozenset[str]]:
    """Contrast group name → the sides the text mentions, for every group it mentions."""
    return dict(_contrast_sides(text))


@lru_cache(maxsize=200_000)  # names, sections and texts repeat across a run's inventories
def _contrast_sides(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    if not text:
        return ()
    text = normalize(text)
    found = []
    for group in lexicon().contrasts:
        sides = frozenset(s for s in (group.sides[m.group(0)] for m in group.pattern.finditer(text)) if s)
        if sides:
            found.append((group.name, sides))
    return tuple(found)


def conflicts(
    feature: dict[str, frozenset[str]], requirement: dict[str, frozenset[str]], decisive: frozenset[str] | None = None
) -> tuple[str, ...]:
    """Groups where both mention a side and share none: 転入≠転出 (feature's sides first); only
    the `decisive` groups, when given."""
    out = []
    for name, sides in feature.items():
        other = requirement.get(name)
        if other and not sides & other and (decisive is None or name in decisive):
            out.append(f"{'・'.join(sorted(sides))}≠{'・'.join(sorted(other))}")
    return tuple(out)
