"""China's administrative divisions (省 / 市 / 区县), from `resources/divisions/divisions.json`.

The data (source, date and normalisation in `resources/divisions/README.md`) has three levels:
province, city and district. Municipalities have one city named after themselves (北京市 → 北京市 →
朝阳区); county-level cities run by their province (潜江市) and cities without districts (东莞市)
are cities with no children.

`index()` loads the file once, lazily. Lookups accept the full name or a common short name
(浙江 → 浙江省, 杭州 → 杭州市, 新疆 → 新疆维吾尔自治区, 西湖 → 西湖区).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from desk import paths

PROVINCE, CITY, DISTRICT = 1, 2, 3
MUNICIPALITY_CODES = frozenset({"11", "12", "31", "50"})

# Short names that no suffix rule gives.
_PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
}
_CITY_SUFFIXES = ("市", "地区", "盟")
_DISTRICT_SUFFIXES = ("新区", "区", "县", "市", "旗")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str  # "" for a province
    level: int  # PROVINCE, CITY or DISTRICT


def short_names(division: Division) -> list[str]:
    """The common short names of `division` (never shorter than two characters)."""
    name = division.name
    found: list[str] = []
    if division.level == PROVINCE:
        if name in _PROVINCE_SHORT:
            found.append(_PROVINCE_SHORT[name])
        elif name.endswith(("省", "市")):
            found.append(name[:-1])
    else:
        suffixes = _CITY_SUFFIXES if division.level == CITY else _DISTRICT_SUFFIXES
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                found.append(name[: -len(suffix)])
                break
        if "自治" in name and name.index("自治") >= 2:
            found.append(name[:2])  # 恩施土家族苗族自治州 → 恩施
    return [s for s in found if len(s) >= 2 and s != name]


class DivisionIndex:
    """Every division by code, by name (full and short) and by parent."""

    def __init__(self, rows: list[list[str]]) -> None:
        self.by_code: dict[str, Division] = {}
        self._children: dict[str, list[Division]] = {}
        self._by_name: dict[str, list[Division]] = {}
        self._full_names: set[str] = set()
        for code, name, parent in rows:
            level = PROVINCE if not parent else CITY if len(parent) == 2 else DISTRICT
            division = Division(code, name, parent, level)
            self.by_code[code] = division
            self._children.setdefault(parent, []).append(division)
            self._full_names.add(name)
        for division in self.by_code.values():
            for key in [division.name, *short_names(division)]:
                self._by_name.setdefault(key, []).append(division)
        self.longest_name = max(len(k) for k in self._by_name)

    # -- lookups -------------------------------------------------------------------------------
    def provinces(self) -> list[Division]:
        return list(self._children.get("", []))

    def children(self, code: str) -> list[Division]:
        return list(self._children.get(code, []))

    def parent(self, division: Division) -> Division | None:
        return self.by_code.get(division.parent)

    def province_of(self, division: Division) -> Division:
        while division.level > PROVINCE:
            division = self.by_code[division.parent]
        return division

    def find(self, name: str, level: int, parent: str | None = None) -> list[Division]:
        """Divisions of `level` called `name` (full or short), under `parent` (any level above)."""
        found = [d for d in self._by_name.get(name.strip(), []) if d.level == level]
        if parent is not None:
            found = [d for d in found if self._is_under(d, parent)]
        return found

    def find_province(self, name: str) -> Division | None:
        found = self.find(name, PROVINCE)
        return found[0] if len(found) == 1 else None

    def find_city(self, name: str, province: str | None = None) -> Division | None:
        found = self.find(name, CITY, province)
        return found[0] if len(found) == 1 else None

    def find_district(self, name: str, city: str | None = None) -> Division | None:
        found = self.find(name, DISTRICT, city)
        return found[0] if len(found) == 1 else None

    def is_full_name(self, name: str) -> bool:
        return name in self._full_names

    def match_prefix(
        self, text: str, start: int, level: int, parent: str | None = None, *, short: bool = True
    ) -> tuple[Division, int] | None:
        """The longest name of `level` (under `parent`) that `text` has at `start`, and its length.

        Ambiguous names (西湖区 in 杭州 and in 南昌 with no parent given) match nothing.
        """
        for length in range(min(self.longest_name, len(text) - start), 1, -1):
            piece = text[start : start + length]
            if not short and piece not in self._full_names:
                continue
            found = self.find(piece, level, parent)
            if len(found) == 1:
                return found[0], length
            if found:
                return None
        return None

    def _is_under(self, division: Division, ancestor: str) -> bool:
        while division.parent:
            if division.parent == ancestor:
                return True
            division = self.by_code[division.parent]
        return False


def is_municipality(division: Division) -> bool:
    return division.level == PROVINCE and division.code in MUNICIPALITY_CODES


@cache
def index() -> DivisionIndex:
    """The shipped division list, loaded on first use."""
    path = paths.resource_dir() / "divisions" / "divisions.json"
    return DivisionIndex(json.loads(path.read_text("utf-8")))
