"""Property-based tests of the rules every reader relies on."""

import functools
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.model import Support
from gapcheck.rules.ids import InvalidId, normalize_id, split_ids
from gapcheck.rules.vocabulary import SUPPORT_MARKS, parse_support
from gapcheck.text import clean_cell, clean_column, normalize

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


# The dashes and tildes vendors and ministries type interchangeably (gapcheck/text.py), as a table.
_FOLDED = str.maketrans({**dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2501\uff70", "-"),
                         **dict.fromkeys("\u301c\u223c\u223d\u02dc\u2053\uff5e", "~")})


@given(st.text(alphabet=st.sampled_from("住所ｶﾅｰー-~〜～∼∽˜⁓‐‑‒–—―−─━1１aＡ 　\n\t")))
def test_normalize_folds_every_dash_and_tilde_and_nothing_else(text):
    """normalize skips the folding table for texts without such a character: never for one with."""
    expected = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).translate(_FOLDED)).strip()
    assert normalize(text) == expected


cell_values = st.one_of(
    st.none(), st.integers(), st.floats(allow_nan=False), st.booleans(), st.dates(),
    st.text(alphabet=st.sampled_from("a 　\n\r\t\x00\x07\x1f\x7f\u2028機能○")),
)


@given(st.lists(st.text(alphabet=st.sampled_from("a 　\n\r\t\x00\x07\x7f\u2028機")), max_size=6))
def test_a_text_column_is_cleaned_as_each_of_its_cells(values):
    assert clean_column(values) == [clean_cell(v) for v in values]


@given(st.lists(cell_values, max_size=6))
def test_a_mixed_column_is_cleaned_as_each_of_its_cells(values):
    assert clean_column(values) == [clean_cell(v) for v in values]


# --- the vendor round trip: answers typed in Excel survive import → next gaps.xlsx → import -----

from datetime import date  # noqa: E402
from functools import cache  # noqa: E402

from hypothesis import HealthCheck  # noqa: E402
from support.bad_inputs import HOSTILE_TEXTS  # noqa: E402
from support.files import INVENTORIES, SPECS, type_text
from support.gap_lists import Vendor, juki_document, juki_result

from gapcheck.files.answers_json import result_answers
from gapcheck.files.result_json import result_to_dict
from gapcheck.files.spec_json import load_spec
from gapcheck.model import ResponsePolicy  # noqa: E402
from gapcheck.outputs.gaps_xlsx import gaps_workbook
from gapcheck.outputs.i18n import LABELS  # noqa: E402
from gapcheck.readers.inventory import read_inventory
from gapcheck.schema import fast_validator, validator
from gapcheck.workflows.answers import import_answers
from gapcheck.workflows.check import run_check

POLICY_LABELS = sorted({name for names in LABELS[ResponsePolicy].values() for name in names})
costs = st.integers(0, 10**7).flatmap(
    lambda n: st.sampled_from([n, float(n), f"{n:,}", str(n).translate(FULL_WIDTH), f" {n} "])
)
dues = st.one_of(
    st.dates(date(2019, 5, 1), date(2040, 12, 31)).flatmap(lambda d: st.sampled_from(
        [d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"令和{d.year - 2018}年{d.month}月{d.day}日"])),
    st.integers(2019, 2040).flatmap(lambda y: st.sampled_from(
        [f"令和{y - 2018}年度", f"R{y - 2018}", f"{y}年度", f"FY{y}", y, str(y).translate(FULL_WIDTH) + "年度"])),
)
notes = st.sampled_from(HOSTILE_TEXTS) | st.text(max_size=40) | st.sampled_from(["\x7f", "\x01\u3000", "\u200b"])
answers = st.fixed_dictionaries({"対応方針": st.sampled_from(POLICY_LABELS)},
                                optional={"概算費用（千円）": costs, "対応予定時期": dues, "備考": notes}) | st.fixed_dictionaries(
    {"備考": notes})


@cache
def _check():

    result = juki_result()
    return result, juki_document(result)


def _type(cell, value) -> None:
    """As Excel keeps what a vendor types: text stays text in the Text-formatted answer cells."""
    if isinstance(value, str):
        type_text(cell, value)
    else:
        cell.value = value


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_vendor_round_trip_gives_the_same_answers(tmp_path_factory, data):
    """Random answers (policies in either language, costs and fiscal years in several notations,
    hostile notes), rows re-sorted and hidden, columns added → import → the next gaps.xlsx with
    those answers filled in → import again: the same answers, and nothing counted as changed."""

    folder = tmp_path_factory.mktemp("round")
    result, document = _check()
    path = folder / "gaps.xlsx"
    path.write_bytes(gaps_workbook(document))
    vendor = Vendor(path)
    sheets = [name for name in vendor.book.sheetnames if name not in ("概要", "_gapcheck")]
    rows = [(sheet, row) for sheet in sheets for row in range(2, vendor.book[sheet].max_row + 1)]
    typed = data.draw(st.lists(st.tuples(st.sampled_from(rows), answers), max_size=10, unique_by=lambda x: x[0]))
    for (sheet, row), values in typed:
        columns = vendor.columns(sheet)
        for header, value in values.items():
            _type(vendor.book[sheet].cell(row=row, column=columns[header]), value)
    rng = data.draw(st.randoms(use_true_random=False))
    for sheet in data.draw(st.lists(st.sampled_from(sheets), unique=True)):
        ws = vendor.book[sheet]
        body = [[(c.value, c.data_type) for c in r] for r in ws.iter_rows(min_row=2)]
        rng.shuffle(body)  # sorted or filtered by the vendor: the cells move with their rows
        for number, values in enumerate(body, start=2):
            for column, (value, kind) in enumerate(values, start=1):
                cell = ws.cell(row=number, column=column)
                cell.value, cell.data_type = value, kind
        vendor.hide_rows(sheet, *rng.sample(range(2, ws.max_row + 1), k=min(2, ws.max_row - 1)))
        if rng.random() < 0.5:
            vendor.add_column(sheet, rng.randint(1, ws.max_column + 1), "社内メモ")
    vendor.save()

    first = import_answers(path, folder / "answers.json").answers
    assert len(first.answers) == sum(1 for _, values in typed if "対応方針" in values or clean_cell(values["備考"]))
    following = folder / "gaps-next.xlsx"
    # the next round's spreadsheet, answers carried over
    following.write_bytes(gaps_workbook(document | {"answers": result_answers(result, first, "answers.json")}))
    again = import_answers(following, folder / "again.json").answers
    assert again.by_key.keys() == first.by_key.keys()
    for answer in first.answers:
        assert again.by_key[answer.key].current.same_answer(answer.current), answer.key
    record = import_answers(following, folder / "answers.json").record
    assert (record.new, record.changed, record.unchanged) == (0, 0, len(first.answers))


# --- the two schema validators agree -------------------------------------------------------------

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**8) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["0010001", "2026-04-01", "2026-04-01T10:30:00+09:00", "2026-02-30",
                                             "mandatory", "function", "fit", "第1.0版", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(document, prefix=()):
    yield prefix
    if isinstance(document, dict):
        for key, value in document.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _paths(value, prefix + (index,))


@functools.cache
def _documents():
    """A spec and the result.json of a real check of the sample data, cut short."""
    import json



    spec = json.loads((SPECS / "juki-1.0.json").read_text("utf-8"))
    result = result_to_dict(run_check(load_spec(SPECS / "juki-1.0.json"), read_inventory(INVENTORIES / "juki-catalog.xlsx")))
    spec["requirements"] = spec["requirements"][:6]
    result["requirements"], result["features"] = result["requirements"][:4], result["features"][:4]
    return {"spec": spec, "result": result}


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_fast_and_detailed_schema_checks_agree(data):
    """The compiled check decides what is valid; jsonschema explains. They must never disagree, or
    an invalid file would pass (or a valid one be refused with no message)."""
    import copy


    name, original = data.draw(st.sampled_from(sorted(_documents().items())))
    document = copy.deepcopy(original)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_paths(document))[1:]))
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(_JSON_VALUES)
    assert fast_validator(name).is_valid(document) == (not list(validator(name).iter_errors(document)))
