"""Phone numbers: mobiles, landlines, virtual numbers with an extension, masking; fuzzed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.core.phones import (
    LANDLINE,
    MOBILE,
    VIRTUAL,
    Phone,
    is_valid_mobile,
    mask,
    normalize_phone,
)


@pytest.mark.parametrize(
    ("text", "kind", "stored"),
    [
        ("13812345678", MOBILE, "13812345678"),
        ("138 1234 5678", MOBILE, "13812345678"),
        ("138-1234-5678", MOBILE, "13812345678"),
        ("138.1234.5678", MOBILE, "13812345678"),
        ("+86 138 1234 5678", MOBILE, "13812345678"),
        ("+86-13812345678", MOBILE, "13812345678"),
        ("0086 13812345678", MOBILE, "13812345678"),
        ("8613812345678", MOBILE, "13812345678"),
        ("(+86) 13812345678", MOBILE, "13812345678"),
        ("１３８１２３４５６７８", MOBILE, "13812345678"),
        ("  19912345678 ", MOBILE, "19912345678"),
        ("0571-88886666", LANDLINE, "0571-88886666"),
        ("057188886666", LANDLINE, "0571-88886666"),
        ("(0571)88886666", LANDLINE, "0571-88886666"),
        ("（0571）8888 6666", LANDLINE, "0571-88886666"),
        ("010-88886666", LANDLINE, "010-88886666"),
        ("01088886666", LANDLINE, "010-88886666"),
        ("021 6666 8888", LANDLINE, "021-66668888"),
        ("0898-6666888", LANDLINE, "0898-6666888"),
        ("+86 571 88886666", None, None),  # the trunk 0 is missing: not a number we can dial
        ("18877771111-123", VIRTUAL, "18877771111-123"),
        ("18877771111转123", VIRTUAL, "18877771111-123"),
        ("18877771111#123", VIRTUAL, "18877771111-123"),
        ("188 7777 1111 - 4567", VIRTUAL, "18877771111-4567"),
        ("0571-88886666-801", LANDLINE, "0571-88886666-801"),
    ],
)
def test_normalize(text, kind, stored):
    phone = normalize_phone(text)
    if kind is None:
        assert phone is None
    else:
        assert phone is not None
        assert (phone.kind, phone.text) == (kind, stored)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1381234567",
        "138123456789",
        "12812345678",
        "23812345678",
        "1381234567a",
        "abc",
        "138-1234-567８9x",
        "0571-123",
        "=SUM(A1)",
        "13812345678转",
        None,
        13812345678,
    ],
)
def test_not_a_phone(text):
    assert normalize_phone(text) is None


def test_is_valid_mobile():
    assert is_valid_mobile("+86 138 1234 5678")
    assert not is_valid_mobile("0571-88886666")
    assert not is_valid_mobile("18877771111-123")  # a virtual number is not a plain mobile
    assert not is_valid_mobile("12345678901")


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("0571-88886666", "0571-****6666"),
        ("18877771111-123", "188****1111-123"),
        (Phone(MOBILE, "13812345678"), "138****5678"),
        ("12", "**"),
        ("nonsense-text", "no*********xt"),
    ],
)
def test_mask(phone, masked):
    assert mask(phone) == masked


@given(st.text())
def test_normalize_never_raises(text):
    phone = normalize_phone(text)
    if phone is not None:
        digits = "".join(ch for ch in phone.text if ch.isdigit())
        source = "".join(
            ch
            for ch in text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
            if ch.isdigit()
        )
        assert digits in source  # the number comes from the input's digits, prefix aside
        mask(phone)


@given(st.from_regex(r"(\+86 ?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}", fullmatch=True))
def test_any_written_mobile_is_valid(text):
    assert is_valid_mobile(text)
    assert mask(text).count("*") == 4


@given(st.text(alphabet="0123456789+-() 转#８", max_size=30))
def test_digit_soup_never_raises(text):
    normalize_phone(text)
    mask(text)
