import pytest

from gapcheck.rules.ids import InvalidId, is_section_number, join_split_id, normalize_id, split_ids


@pytest.mark.parametrize(
    "raw, width, expected",
    [
        ("0010001", 7, "0010001"),
        (10001, 7, "0010001"),  # Excel stripped the zeros of a number-typed ID
        (10001.0, 7, "0010001"),
        ("10001", 7, "0010001"),
        ("１０００１", 7, "0010001"),  # full-width digits
        ("０３１０００１", 7, "0310001"),
        (" 0230265 ", 7, "0230265"),
        ("3100001", 8, "03100001"),
        ("03100001", 8, "03100001"),
        ("12345", None, "12345"),
    ],
)
def test_normalize_id(raw, width, expected):
    assert normalize_id(raw, width) == expected


@pytest.mark.parametrize(
    "raw, width, reason",
    [
        ("", 7, "empty"),
        ("001-0001", 7, "other than digits"),
        ("A010001", 7, "other than digits"),
        ("00100011", 7, "has 8 digits"),
        ("12", 7, "only 2 digits"),
        (1.5, 7, "whole number"),
        (True, 7, "not an ID"),
    ],
)
def test_normalize_id_rejects(raw, width, reason):
    with pytest.raises(InvalidId, match=reason):
        normalize_id(raw, width)


def test_split_ids_handles_every_separator():
    assert split_ids("0010003、0010004") == ["0010003", "0010004"]
    assert split_ids("0010003,0010004／0010005\n0010006") == ["0010003", "0010004", "0010005", "0010006"]
    assert split_ids("００１０００３ ・ 0010004") == ["0010003", "0010004"]
    assert split_ids(10003.0) == ["10003"]
    assert split_ids(None) == []


def test_join_split_id():
    assert join_split_id("031", 1, 8) == "03100001"
    assert join_split_id(31, 29.0, 8) == "03100029"
    with pytest.raises(InvalidId):
        join_split_id("031", "x", 8)
    with pytest.raises(InvalidId):
        join_split_id("031", 123456, 8)


def test_section_numbers():
    assert is_section_number("1.1.2")
    assert is_section_number("１．１．２")
    assert not is_section_number("0010001")
    assert not is_section_number("1.1.2-2")
