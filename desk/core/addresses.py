"""Smart paste (智能识别): a receiver's name, phones and address out of text copied from a chat.

The parser works in small steps on the original text, marking each character it uses:

1. labels (`收货人：`, `手机:`, `详细地址：`, …), phones (`desk.core.phones.FIND_RE`) and a
   six-digit postcode are found and marked;
2. what is left is cut into segments at separators (spaces, commas, slashes, brackets, newlines);
   symbols such as emoji are never part of a segment;
3. the address starts at the first segment where a province, city or district name matches
   (`desk.core.divisions`); the divisions may be separated (`浙江省 杭州市 西湖区`), and the street
   is what follows up to a segment that looks like a person's name;
4. the name is the segment after a name label, or else the first name-like segment.

Every character that was used by nothing is reported in `unrecognised` as (start, end, text), so
the UI can highlight it. `parse_pasted` never raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from desk.core import divisions
from desk.core.divisions import CITY, DISTRICT, PROVINCE, Division
from desk.core.phones import FIND_RE, normalize_phone

MAX_INPUT = 2000  # a pasted address is short; longer text is cut (the rest is unrecognised)

_NAME_LABELS = ("收货人", "收件人", "姓名", "联系人", "名字")
_PHONE_LABELS = ("手机号码", "联系电话", "手机号", "电话号码", "手机", "电话")
_ADDRESS_LABELS = ("收货地址", "详细地址", "所在地区", "所在地址", "地址", "地区")
_POSTCODE_LABELS = ("邮政编码", "邮编")
_LABEL_RE = re.compile(
    # 收货人：  收货人:  【收货人】  and, at the start of a part, 收货人 followed by a space
    "(?P<label>"
    + "|".join(_NAME_LABELS + _PHONE_LABELS + _ADDRESS_LABELS + _POSTCODE_LABELS)
    + r")\s*(?:[:：]|[】\]]\s*[:：]?)"
    + r"|(?:^|(?<=[\s,，;；、/|]))(?P<spaced_label>"
    + "|".join(_NAME_LABELS + _PHONE_LABELS + _ADDRESS_LABELS + _POSTCODE_LABELS)
    + r")(?=[ \t\u3000])"
    # a phone or postcode label needs no colon before its digits: 手机 13812345678
    + "|(?P<digits_label>"
    + "|".join(_PHONE_LABELS + _POSTCODE_LABELS)
    + r")(?=\s*[+＋(（\d])"
)
_POSTCODE_RE = re.compile(r"(?<!\d)[0-8]\d{5}(?!\d)")
_SEPARATORS = frozenset(" \t\r\n\u3000,，、;；/／\\|｜:：()（）[]【】<>《》\"'“”‘’")
_NAME_EXTRA = frozenset("·•")
_STREET_HINTS = frozenset("路街道巷弄号室栋幢楼村镇乡组苑园区层座")
# Characters no name holds (小 in 曾小贤 and 区 in the surname 区 are fine).
_NOT_IN_NAMES = frozenset("路街巷弄号室栋幢楼村镇")
# Words of the chat around an address: a segment holding one is neither a name nor the street.
_CHATTER = (
    "备注",
    "留言",
    "谢谢",
    "麻烦",
    "尽快",
    "发货",
    "快递",
    "顺丰",
    "你好",
    "您好",
    "在吗",
    "亲亲",
)


@dataclass(frozen=True)
class ParsedAddress:
    name: str = ""
    phones: list[str] = field(default_factory=list)  # normalised, e.g. 13812345678, 0571-88886666
    province: str = ""
    city: str = ""
    district: str = ""
    street: str = ""
    postcode: str = ""
    unrecognised: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class _Segment:
    start: int
    end: int
    text: str


def parse_pasted(text: str) -> ParsedAddress:
    """The receiver's fields found in `text`; see the module docstring."""
    if not isinstance(text, str):
        return ParsedAddress()
    text = text[:MAX_INPUT]
    used = [False] * len(text)

    def mark(start: int, end: int) -> None:
        for i in range(start, end):
            used[i] = True

    # The street may run on across separators and address labels, but not across anything else
    # that was used (a phone, a postcode, a 收货人： label): `stops` marks those characters.
    stops = [False] * len(text)

    def stop(start: int, end: int) -> None:
        mark(start, end)
        for i in range(start, end):
            stops[i] = True

    name_after: list[int] = []  # positions just after a name label
    for match in _LABEL_RE.finditer(text):
        label = match["label"] or match["spaced_label"]
        if label in _ADDRESS_LABELS:
            mark(match.start(), match.end())
        else:
            stop(match.start(), match.end())
        if label in _NAME_LABELS:
            name_after.append(match.end())

    phones: list[str] = []
    for match in FIND_RE.finditer(text):
        if any(used[match.start() : match.end()]):
            continue
        phone = normalize_phone(match.group())
        if phone is not None:
            phones.append(phone.text)
            stop(match.start(), match.end())

    postcode = ""
    for match in _POSTCODE_RE.finditer(text):
        start, end = match.span()
        if any(used[start:end]):
            continue
        # a postcode stands alone: (310012), 邮编：310012, not the 100100 of 文三路100100号
        alone_before = start == 0 or used[start - 1] or text[start - 1] in _SEPARATORS
        alone_after = end == len(text) or used[end] or text[end] in _SEPARATORS
        if alone_before and alone_after:
            postcode = match.group()
            stop(start, end)
            break

    segments = _segments(text, used)
    province, city, district, street = _find_address(segments, mark, stops)
    # without a label, a name is only believed next to a phone or an address ("在吗" is no name)
    name = _find_name(text, segments, used, name_after, unlabelled=bool(phones or province))
    if name is not None:
        mark(name.start, name.end)

    return ParsedAddress(
        name=name.text if name else "",
        phones=phones,
        province=province.name if province else "",
        city=city.name if city else "",
        district=district.name if district else "",
        street=street,
        postcode=postcode,
        unrecognised=_unused_spans(text, used),
    )


def _segments(text: str, used: list[bool]) -> list[_Segment]:
    """Runs of unused characters that are neither separators nor symbols."""
    segments: list[_Segment] = []
    start = None
    for i, char in enumerate([*text, " "]):
        inside = i < len(text) and not used[i] and _is_word_char(char)
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            segments.append(_Segment(start, i, text[start:i]))
            start = None
    return segments


def _is_word_char(char: str) -> bool:
    if char in _SEPARATORS:
        return False
    if char in _NAME_EXTRA or char in "-_.#＃":
        return True
    return unicodedata.category(char)[0] in "LN"


def _find_address(
    segments: list[_Segment], mark: Callable[[int, int], None], stops: list[bool]
) -> tuple[Division | None, Division | None, Division | None, str]:
    """Province, city, district and street from the first segment holding a division name."""
    index = divisions.index()
    for number, segment in enumerate(segments):
        for offset in range(len(segment.text)):
            found = _match_divisions(index, segments, number, offset)
            if found is None:
                continue
            province, city, district, (last, end) = found
            if offset:  # the text before the address (张三浙江省…) becomes its own segment
                head = _Segment(segment.start, segment.start + offset, segment.text[:offset])
                segments.insert(number, head)
                number += 1
                last += 1
            first = segments[number]
            mark(first.start + offset, segments[last].start + end)
            street = _take_street(segments, last, end, mark, stops)
            # drop the segments used by the address, so the name search does not see them
            del segments[number : last + 1]
            return province, city, district, street
    return None, None, None, ""


def _match_divisions(
    index: divisions.DivisionIndex, segments: list[_Segment], number: int, offset: int
) -> tuple[Division, Division | None, Division | None, tuple[int, int]] | None:
    """Divisions starting at segments[number].text[offset], possibly across segments.

    Returns (province, city, district, (last segment number, end offset in it)) or None.
    """
    full_only = offset > 0
    position = (number, offset)
    province = city = district = None
    full_names: list[bool] = []  # for each level matched: was it written in full?

    def match(level: int, parent: str | None, short: bool = True):
        nonlocal position
        seg_no, off = position
        if off >= len(segments[seg_no].text) and seg_no + 1 < len(segments):
            seg_no, off = seg_no + 1, 0  # the next level in the next segment (浙江省 杭州市)
        hit = index.match_prefix(segments[seg_no].text, off, level, parent, short=short)
        if hit is None:
            return None
        position = (seg_no, off + hit[1])
        full_names.append(hit[0].name == segments[seg_no].text[off : off + hit[1]])
        return hit[0]

    province = match(PROVINCE, None, short=not full_only)
    if province is not None:
        city = match(CITY, province.code)
        if city is None and divisions.is_municipality(province):
            city = index.children(province.code)[0]
    else:
        city = match(CITY, None, short=not full_only)
        if city is None:
            district = match(DISTRICT, None, short=False)
            if district is None or full_only:
                return None
            city = index.parent(district)
    if city is not None and district is None and index.children(city.code):
        district = match(DISTRICT, city.code)
    if province is None and city is not None:
        province = index.province_of(city)
    if province is None:
        return None
    last, end = position
    if full_names == [False] and end >= len(segments[last].text):
        return None  # a lone short name is more likely a person (黄山, 吉林) than an address
    return province, city, district, position


def _take_street(
    segments: list[_Segment],
    last: int,
    end: int,
    mark: Callable[[int, int], None],
    stops: list[bool],
) -> str:
    """The street after the divisions: the rest of that segment and the segments after it that
    do not look like a name, up to a phone or a label. Marks what it takes and removes the later
    segments from `segments`."""
    tail = segments[last]
    parts: list[_Segment] = []
    if end < len(tail.text):
        parts.append(_Segment(tail.start + end, tail.end, tail.text[end:]))
    following = last + 1
    while following < len(segments):
        candidate = segments[following]
        if any(stops[segments[following - 1].end : candidate.start]):
            break
        if _is_chatter(candidate.text) or (parts and _looks_like_name(candidate.text)):
            break
        parts.append(candidate)
        following += 1
    if parts and not any(ch.isdigit() or ch in _STREET_HINTS for part in parts for ch in part.text):
        # nothing street-like: a lone name after the district is the name, not the street
        if len(parts) == 1 and _looks_like_name(parts[0].text) and end >= len(tail.text):
            parts = []
    taken = len(parts) - (1 if end < len(tail.text) else 0)
    for part in parts:
        mark(part.start, part.end)
    del segments[last + 1 : last + 1 + taken]
    return " ".join(part.text for part in parts)


def _looks_like_name(text: str) -> bool:
    """Two to six letters of one script with no digits or street words: 张三, 欧阳娜娜, 𠮷野家."""
    if not 2 <= len(text) <= 20:
        return False
    if any(ch.isdigit() for ch in text):
        return False
    if all(ch.isascii() and ch.isalpha() for ch in text):
        return True
    if len(text) > 6 or any(ch in _NOT_IN_NAMES for ch in text) or "单元" in text:
        return False
    if _is_chatter(text):
        return False
    return all(_is_cjk(ch) or ch in _NAME_EXTRA for ch in text)


def _is_chatter(text: str) -> bool:
    return any(word in text for word in _CHATTER)


def _is_cjk(char: str) -> bool:
    return unicodedata.category(char) == "Lo" and (
        "\u3400" <= char <= "\u9fff"
        or "\U00020000" <= char <= "\U0003134f"
        or "\uf900" <= char <= "\ufaff"
    )


def _find_name(
    text: str,
    segments: list[_Segment],
    used: list[bool],
    name_after: list[int],
    *,
    unlabelled: bool,
) -> _Segment | None:
    for position in name_after:
        for number, segment in enumerate(segments):
            if segment.start >= position and not any(used[segment.start : segment.end]):
                if not any(ch.isdigit() for ch in segment.text):
                    return _with_latin_parts(text, segments, number)
                break
    if not unlabelled:
        return None
    for number, segment in enumerate(segments):
        if _looks_like_name(segment.text) and not any(used[segment.start : segment.end]):
            return _with_latin_parts(text, segments, number)
    return None


def _with_latin_parts(text: str, segments: list[_Segment], number: int) -> _Segment:
    """segments[number], joined with the next words when it is a Latin name (Tom Li)."""
    name = segments[number]
    for following in segments[number + 1 :]:
        gap = text[name.end : following.start]
        if not (name.text.isascii() and following.text.isascii() and following.text.isalpha()):
            break
        if gap != " " or len(following.text) > 20:
            break
        name = _Segment(name.start, following.end, text[name.start : following.end])
    return name


def _unused_spans(text: str, used: list[bool]) -> list[tuple[int, int, str]]:
    """Runs of unused characters other than separators."""
    spans: list[tuple[int, int, str]] = []
    start = None
    for i, char in enumerate([*text, " "]):
        inside = i < len(text) and not used[i] and char not in _SEPARATORS and not char.isspace()
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            spans.append((start, i, text[start:i]))
            start = None
    return spans
