"""Property-based tests of the rules every reader relies on."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gapcheck.ids import InvalidId, normalize_id, split_ids
from gapcheck.labels import SUPPORT_MARKS, parse_support
from gapcheck.model import Support

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# A 7-digit ID whose business code is 001..999 (a code is never 000).
ids7 = st.builds(lambda code, serial: f"{code:03d}{serial:04d}", st.integers(1, 999), st.integers(0, 9999))


@given(ids7)
def test_every_way_excel_mangles_an_id_gives_it_back(identifier):
    number = int(identifier)
    for mangled in (identifier, number, float(number), str(number), identifier.translate(FULL_WIDTH),
                    f" {identifier}\u3000", f"{number}.0"):
        assert normalize_id(mangled, 7) == identifier


@given(st.text(max_size=12) | st.sampled_from(["٣٣٣٣٣٣٣", "００１０００１", "१२३४५६७"]))
def test_normalize_id_either_gives_a_valid_id_or_says_why(raw):
    try:
        result = normalize_id(raw, 7)
    except InvalidId as error:
        assert str(error)
    else:
        assert len(result) == 7 and result.isdigit() and result.isascii()
        assert int(result) == int(unicodedata.normalize("NFKC", raw).strip().replace(" ", "").split(".")[0])


@given(st.lists(ids7, min_size=1, max_size=5), st.sampled_from(["、", ",", "，", "／", "/", "\n", " ・ ", "\r\n"]))
def test_split_ids_recovers_every_cited_id(identifiers, separator):
    assert split_ids(separator.join(identifiers)) == identifiers


@given(st.sampled_from(sorted(SUPPORT_MARKS)), st.sampled_from(["", " ", "\u3000", "\n"]))
def test_every_known_mark_parses_with_surrounding_space(mark, space):
    assert parse_support(space + mark + space) is SUPPORT_MARKS[mark.lower()]


@given(st.text(max_size=8))
def test_parse_support_never_guesses(text):
    try:
        result = parse_support(text)
    except KeyError:
        return  # unknown marks are reported by the reader, not guessed
    assert result is None or isinstance(result, Support)
    if result is None:
        assert not unicodedata.normalize("NFKC", text).strip()
