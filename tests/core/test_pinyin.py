"""Pinyin search keys: initials and full pinyin, polyphones, surnames, pass-through text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.core.pinyin import (
    MAX_FULL_VARIANTS,
    MAX_INITIALS_VARIANTS,
    matches,
    normalize_query,
    search_key,
    sort_key,
)


def test_key_holds_initials_then_full_pinyin():
    assert search_key("连衣裙") == "lyq lianyiqun"


def test_lyq_finds_the_dress_and_the_issue_example_lyy_does_not():
    # The issue says "type `lyy` to find 连衣裙"; the initials of lián yī qún are l-y-q, so
    # `lyy` is a typo there. `lyq` (initials) and any part of the full pinyin find it.
    assert matches("lyq", "连衣裙")
    assert matches("LYQ", "连衣裙")
    assert matches("lianyi", "连衣裙")
    assert matches("yiqun", "连衣裙")
    assert not matches("lyy", "连衣裙")


def test_polyphone_outside_a_phrase_carries_both_readings():
    key = search_key("长裙")
    assert "cq" in key.split() and "zq" in key.split()
    assert "changqun" in key and "zhangqun" in key
    assert matches("cq", "长裙") and matches("changqun", "长裙")


def test_known_phrase_is_read_in_context():
    assert search_key("重庆").split()[0] == "cq"
    assert "chongqing" in search_key("重庆")


def test_everyday_reading_first_for_product_names():
    key = search_key("单肩包").split()
    assert key[0] == "djb"
    assert "danjianbao" in key
    # the other reading of 单 still finds it
    assert "sjb" in key


@pytest.mark.parametrize(
    ("name", "initials", "full"),
    [
        ("单雄信", "sxx", "shanxiongxin"),
        ("曾小贤", "zxx", "zengxiaoxian"),
        ("解缙", "xj", "xiejin"),
        ("仇英", "qy", "qiuying"),
        ("区华", "oh", "ouhua"),
        ("查良镛", "zly", "zhaliangyong"),
        ("覃宏", "qh", "qinhong"),
        ("朴树", "ps", "piaoshu"),
        ("欧阳锋", "oyf", "ouyangfeng"),
        ("尉迟恭", "ycg", "yuchigong"),
    ],
)
def test_surnames_are_read_as_surnames_first(name, initials, full):
    key = search_key(name, surname=True).split()
    assert key[0] == initials
    assert full in key


def test_surname_mode_keeps_the_everyday_reading_findable():
    assert matches("cxx", "曾小贤", surname=True)  # céng
    assert matches("zxx", "曾小贤", surname=True)  # zēng
    assert matches("zxx", "曾小贤")  # even without surname mode, both readings are there


def test_surname_reading_only_for_the_first_character():
    # 单 inside a name keeps its everyday reading first
    assert search_key("张单", surname=True).split()[0] == "zd"


def test_non_chinese_passes_through_lowercased():
    assert search_key("韩版T恤") == "hbtx hanbantxu"
    assert search_key("ＡＢ-12") == "ab12"  # full-width folded, punctuation dropped
    assert search_key("2024新款") .split()[0] == "2024xk"
    assert "𠮷" in search_key("𠮷祥")  # a character pypinyin cannot read passes through


def test_empty_and_punctuation_only():
    assert search_key("") == ""
    assert search_key(None) == ""
    assert search_key("—— !!! ") == ""


def test_key_stays_bounded_for_many_polyphones():
    words = search_key("长行重乐单曾解查长行重乐").split()
    assert len(words) <= MAX_INITIALS_VARIANTS + MAX_FULL_VARIANTS


def test_normalize_query():
    assert normalize_query(" L Y Q ") == "lyq"
    assert normalize_query("Ｌyq") == "lyq"
    assert normalize_query(None) == ""


def test_sort_key_orders_by_pinyin():
    assert sorted(["张", "李", "王", "安"], key=sort_key) == ["安", "李", "王", "张"]


@given(st.text(max_size=60))
def test_search_key_never_raises_and_is_well_formed(text):
    key = search_key(text)
    assert key == key.lower()
    assert key == key.strip()
    assert "  " not in key
    assert len(key.split()) <= MAX_INITIALS_VARIANTS + MAX_FULL_VARIANTS
    assert isinstance(search_key(text, surname=True), str)
    assert isinstance(sort_key(text), str)


CHINESE = st.text(alphabet="连衣裙长单曾行重乐和好女装裤子外套毛衣开衫", min_size=1, max_size=12)


@given(CHINESE)
def test_a_name_always_finds_itself_by_initials_and_full_pinyin(text):
    words = search_key(text).split()
    initials, full = words[0], words[-1]
    assert len(initials) == len(text)
    assert matches(initials, text)
    assert matches(full, text)
    assert matches(text, text)
