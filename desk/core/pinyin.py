"""Pinyin search keys: type `lyq` or `lianyiqun` to find 连衣裙.

`search_key(text)` gives a compact lowercase string stored beside a name (Product.pinyin, and the
customers' name key): the initials, then the full pinyin, each word separated by one space, e.g.
``search_key("连衣裙") == "lyq lianyiqun"``. A query is matched as a substring of it (SQL
``LIKE '%…%'``) after `normalize_query`.

Polyphonic characters (多音字): pypinyin reads known phrases in context (重庆 → chongqing); for a
character outside a known phrase it cannot know which reading the user has in mind (长裙 is
changqun, not zhangqun), so the key also carries the other readings: alternative initials
strings (both ``zq`` and ``cq``) and alternative full spellings, bounded so a long name with many
polyphones stays short.

Surnames (姓): with ``surname=True`` (people's names) a first character with a special surname
reading is read that way first (单 shan, 曾 zeng, 解 xie, 仇 qiu, 区 ou, 查 zha, 覃 qin, 朴 piao, …),
and compound surnames (欧阳, 尉迟, 万俟, …) are read as a pair. pypinyin has no surname mode, so
the table is ours. The other readings stay in the key, so either spelling finds the person.

Anything that is not Chinese passes through lowercased (after NFKC, so full-width ＡＢ1 is ab1);
spaces and punctuation are dropped, because the space separates the words of the key.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache

# pypinyin is imported where it is used: loading its dictionaries takes a third of a second, and
# many commands (`python -m desk labels`) import this module through desk.core.customers
# without ever reading a name in pinyin.

#: Surname readings that differ from the character's everyday reading (first character only).
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "覃": "qin",
    "朴": "piao",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "乐": "yue",
    "尉": "wei",
    "种": "chong",
    "繁": "po",
    "秘": "bi",
    "召": "shao",
    "员": "yun",
    "燕": "yan",
    "洗": "xian",
    "祭": "zhai",
    "万": "wan",
    "沈": "shen",
    "长": "chang",
    "重": "chong",
    "藏": "zang",
    "折": "she",
    "隗": "wei",
    "褚": "chu",
    "句": "gou",
    "阚": "kan",
    "黑": "he",
}

#: Compound surnames read as a pair (复姓).
COMPOUND_SURNAMES = {
    "欧阳": ("ou", "yang"),
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "单于": ("chan", "yu"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    "令狐": ("ling", "hu"),
    "司马": ("si", "ma"),
    "上官": ("shang", "guan"),
    "诸葛": ("zhu", "ge"),
    "东方": ("dong", "fang"),
    "皇甫": ("huang", "fu"),
    "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"),
    "夏侯": ("xia", "hou"),
    "宇文": ("yu", "wen"),
    "司徒": ("si", "tu"),
    "轩辕": ("xuan", "yuan"),
    "钟离": ("zhong", "li"),
    "乐正": ("yue", "zheng"),
}

#: At most this many initials strings, and this many full spellings, per key.
MAX_INITIALS_VARIANTS = 16
MAX_FULL_VARIANTS = 6


def _clean(text: str) -> str:
    """Lowercase letters and digits only (any script), NFKC-normalised."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def normalize_query(text: str | None) -> str:
    """What a typed query is matched with against a key: NFKC, lowercase, no spaces/punctuation."""
    return _clean(text or "")


def _is_han(ch: str) -> bool:
    return len(ch) == 1 and (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\U00020000" <= ch <= "\U0003134f"
    )


Item = tuple[tuple[str, ...], bool]  # (readings, main first; True when they are pinyin readings)


def _items(text: str, surname: bool) -> list[Item]:
    """One item per Chinese character (its readings, main first) or per non-Chinese chunk
    (cleaned, kept whole). Phrases are read in context within each run of Chinese characters."""
    items: list[Item] = []
    for han, run in itertools.groupby(text, key=_is_han):
        run = "".join(run)
        if not han:
            chunk = _clean(run)
            if chunk:
                items.append(((chunk,), False))
            continue
        for readings in _readings(run):
            if readings and _is_reading(readings[0]):
                items.append((tuple(dict.fromkeys(readings)), True))
            else:  # a character pypinyin cannot read (rare extension characters): itself
                items.extend(((ch,), False) for ch in "".join(readings) if ch.isalnum())
    if surname and items:
        items = _apply_surname(text, items)
    return items


@lru_cache(maxsize=65536)
def _char_readings(ch: str) -> tuple[tuple[str, ...], ...]:
    from pypinyin import Style, pinyin

    return tuple(tuple(r) for r in pinyin(ch, style=Style.NORMAL, heteronym=True, errors="default"))


def _readings(run: str) -> list:
    """pypinyin's readings of a run of Chinese characters. Read in context only when the run
    holds one of pypinyin's phrases (重庆, 长城 …): most names hold none, and reading them one
    cached character at a time gives the same result about three times faster."""
    from pypinyin import Style, pinyin
    from pypinyin.constants import PHRASES_DICT

    n = len(run)
    if n > 1 and any(
        run[i:j] in PHRASES_DICT for i in range(n) for j in range(i + 2, min(n, i + 8) + 1)
    ):
        return pinyin(run, style=Style.NORMAL, heteronym=True, errors="default")
    return [list(r) for ch in run for r in _char_readings(ch)]


def _is_reading(value: str) -> bool:
    """A pypinyin reading in Style.NORMAL is plain lowercase ASCII letters (ü is written v)."""
    return bool(value) and value.isascii() and value.isalpha() and value.islower()


def _apply_surname(text: str, items: list[Item]) -> list[Item]:
    stripped = text.lstrip()
    pair = COMPOUND_SURNAMES.get(stripped[:2])
    if pair and len(items) >= 2 and items[0][1] and items[1][1]:
        return [_prefer(items[0], pair[0]), _prefer(items[1], pair[1]), *items[2:]]
    reading = SURNAME_READINGS.get(stripped[:1])
    if reading and items[0][1]:
        return [_prefer(items[0], reading), *items[1:]]
    return items


def _prefer(item: Item, reading: str) -> Item:
    readings, is_reading = item
    return (reading, *[r for r in readings if r != reading]), is_reading


def _variants(options: list[tuple[str, ...]], limit: int) -> list[str]:
    """The main string, then alternatives: every combination when they are few, otherwise one
    substitution at a time; at most `limit` strings."""
    main = "".join(o[0] for o in options)
    result = [main]
    total = 1
    for o in options:
        total *= len(o)
        if total > limit:
            break
    if total <= limit:
        for combo in itertools.product(*options):
            result.append("".join(combo))
    else:
        for index, o in enumerate(options):
            for alt in o[1:]:
                result.append("".join(o2[0] if i != index else alt for i, o2 in enumerate(options)))
                if len(dict.fromkeys(result)) >= limit:
                    return list(dict.fromkeys(result))[:limit]
    return list(dict.fromkeys(result))[:limit]


@lru_cache(maxsize=4096)
def search_key(text: str | None, surname: bool = False) -> str:
    """The search key of `text`: initials then full pinyin, with alternatives for polyphones.

    >>> search_key("连衣裙")
    'lyq lianyiqun'
    Never raises; an empty or punctuation-only text gives "".
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    items = _items(text, surname)
    if not items:
        return ""
    # a reading gives its first letter; a non-Chinese chunk (t, 2024, abc) is kept whole
    initial_options = [
        tuple(dict.fromkeys(r[0] for r in readings)) if is_reading else readings
        for readings, is_reading in items
    ]
    initials = _variants(initial_options, MAX_INITIALS_VARIANTS)
    full = _variants([readings for readings, _ in items], MAX_FULL_VARIANTS)
    return " ".join(dict.fromkeys(initials + full))


def sort_key(text: str | None) -> str:
    """The main full pinyin of `text` (non-Chinese lowercased), for sorting names in pinyin order."""
    if not text:
        return ""
    items = _items(unicodedata.normalize("NFKC", str(text)), False)
    return "".join(readings[0] for readings, _ in items)


def matches(query: str | None, text: str | None, surname: bool = False) -> bool:
    """Whether `query` finds `text` the way a list search does (substring of the text, or of
    its pinyin key); for short lists filtered in Python."""
    if not query or not query.strip():
        return True
    text = text or ""
    if query.strip().lower() in text.lower():
        return True
    wanted = normalize_query(query)
    return bool(wanted) and wanted in search_key(text, surname)
