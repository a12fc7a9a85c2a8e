"""Small text helpers of the product editor: lists as typed, numbers and ranges as shown."""

from __future__ import annotations

import re
from decimal import Decimal

_SEPARATORS = re.compile(r"[,，、;；\n\r\t]+")
_RANGE_SPLIT = re.compile(r"\s*[-~～—–至到]\s*")


def split_list(text: str) -> list[str]:
    """ "黑色, 白色、杏色" or "S M L XL" → the entries. Commas, 、, semicolons and line breaks
    separate; spaces separate only when there is none of those (so "light blue, red" works)."""
    text = (text or "").replace("\u3000", " ")
    parts = _SEPARATORS.split(text) if _SEPARATORS.search(text) else text.split()
    return [" ".join(p.split()) for p in parts if p.strip()]


def join_list(items) -> str:
    """Sizes as the user would type them: "S M L", or "均 码, 大 码" when one has a space."""
    items = list(items)
    return ", ".join(items) if any(" " in item for item in items) else " ".join(items)


def number_text(value: Decimal | int | float | str | None) -> str:
    """Decimal("165.0") → "165", Decimal("55.5") → "55.5", None → ""."""
    if value is None:
        return ""
    return format(Decimal(str(value)).normalize(), "f")


def range_text(low, high) -> str:
    """(155, 165) → "155-165"; (160, 160) → "160"; no range → ""."""
    if low is None and high is None:
        return ""
    if low is None or high is None or Decimal(str(low)) == Decimal(str(high)):
        return number_text(low if low is not None else high)
    return f"{number_text(low)}-{number_text(high)}"


def split_range(text: str) -> tuple[str | None, str | None]:
    """ "155-165" → ("155", "165"); "160" → ("160", "160"); "" → (None, None). Anything else is
    passed on as typed (the service says what is wrong with it)."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None, None
    parts = _RANGE_SPLIT.split(cleaned)
    if len(parts) == 2 and all(parts):
        return parts[0], parts[1]
    return cleaned, cleaned
