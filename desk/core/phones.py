"""Phone numbers: mainland mobiles, landlines and platform virtual numbers, stored as text.

- mobile: `13812345678` (1[3-9] and nine more digits);
- landline: area code and 7–8 digits, stored as `0571-88886666` (area codes 010 and 02x have three
  digits, the rest four);
- virtual: a mobile with an extension, as platforms hand out for privacy (`18877771111-123`, also
  written `18877771111转123` or `18877771111#123`); a landline may carry an extension too.

`normalize_phone` strips +86/0086, spaces, dashes, dots and brackets, and never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MOBILE, LANDLINE, VIRTUAL = "mobile", "landline", "virtual"

_MOBILE_RE = re.compile(r"1[3-9]\d{9}")
_LANDLINE_RE = re.compile(r"0(?:[12]\d|[3-9]\d{2})\d{7,8}")
_EXTENSION_RE = re.compile(
    r"^(?P<number>.*?)\s*(?:[-－—#＃]|转|ext\.?|x)\s*(?P<ext>\d{1,6})$", re.I
)
_NOISE = str.maketrans("", "", " \t\u3000-－—.·()（）[]【】")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９＋", "0123456789+")

# A phone inside free text: an optional country prefix, then digits with single separators.
FIND_RE = re.compile(
    r"(?<![\d+])"
    r"(?:(?:\+|00)?86[\s\-]*)?"
    r"(?:"
    r"1[3-9]\d(?:[\s\-.]?\d){8}"  # mobile, maybe written 138 1234 5678
    r"|[(（]?0\d{2,3}[)）]?[\s\-]?\d{3,4}[\s\-]?\d{4}"  # landline
    r")"
    r"(?:\s*(?:[-#＃]|转)\s*\d{1,6})?"
    r"(?!\d)",
    re.ASCII,
)


@dataclass(frozen=True)
class Phone:
    kind: str  # MOBILE, LANDLINE or VIRTUAL
    number: str  # 13812345678 or 0571-88886666
    extension: str = ""

    @property
    def text(self) -> str:
        """The stored form: `13812345678`, `0571-88886666`, `18877771111-123`."""
        return f"{self.number}-{self.extension}" if self.extension else self.number

    def __str__(self) -> str:
        return self.text


def normalize_phone(text: object) -> Phone | None:
    """`text` as a `Phone`, or None when it is not a phone number we know."""
    if not isinstance(text, str):
        return None
    cleaned = text.strip().translate(_FULL_WIDTH_DIGITS)
    extension = ""
    match = _EXTENSION_RE.match(cleaned)
    if match:
        base = _strip(match["number"])
        if base is not None and (_MOBILE_RE.fullmatch(base) or _LANDLINE_RE.fullmatch(base)):
            cleaned, extension = match["number"], match["ext"]
    digits = _strip(cleaned)
    if digits is None:
        return None
    if _MOBILE_RE.fullmatch(digits):
        return Phone(VIRTUAL if extension else MOBILE, digits, extension)
    if _LANDLINE_RE.fullmatch(digits):
        code_length = 3 if digits[1] in "12" else 4
        return Phone(LANDLINE, f"{digits[:code_length]}-{digits[code_length:]}", extension)
    return None


def _strip(text: str) -> str | None:
    """The digits of `text` without a country prefix, or None if anything but noise remains."""
    digits = text.translate(_NOISE)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits if digits.isascii() and digits.isdigit() else None


def is_valid_mobile(text: object) -> bool:
    """True for a mainland mobile number in any common writing (+86, spaces, dashes)."""
    phone = normalize_phone(text)
    return phone is not None and phone.kind == MOBILE


def mask(phone: Phone | str) -> str:
    """The number with its middle hidden: `138****5678`, `0571-****6666`, `188****1111-123`."""
    if isinstance(phone, str):
        parsed = normalize_phone(phone)
        if parsed is None:
            return (
                "*" * len(phone)
                if len(phone) <= 4
                else phone[:2] + "*" * (len(phone) - 4) + phone[-2:]
            )
        phone = parsed
    number = phone.number
    if phone.kind == LANDLINE:
        code, _, local = number.partition("-")
        masked = f"{code}-{'*' * (len(local) - 4)}{local[-4:]}"
    else:
        masked = f"{number[:3]}****{number[-4:]}"
    return f"{masked}-{phone.extension}" if phone.extension else masked
