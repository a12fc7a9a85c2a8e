"""Money as the users type it (yuan, "129.9") and as the file keeps it (integer fen, 12990).

Parsing goes through Decimal, never float, so "0.29" is 29 fen exactly. Refused with a
ValidationError naming the field: three or more decimals, a negative amount, letters, an amount
above `MAX_FEN`. Accepted: surrounding spaces, a leading ¥/￥, full-width digits, thousands
commas in their right places ("1,299.00"), a trailing 元.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from desk.core.errors import ValidationError
from desk.i18n import _

#: 100 million yuan: far above anything a small shop sells or pays; catches typos like 1299000000.
MAX_FEN = 100_000_000 * 100

_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?$|^\.\d+$")


def parse_yuan(
    text: str | int | Decimal | None,
    field: str,
    label: str | None = None,
    *,
    allow_empty: bool = False,
) -> int | None:
    """Yuan text → integer fen. `field` names the form field for the error; `label` is how the
    user knows it (defaults to a generic "Amount"). Empty text gives None when `allow_empty`.
    """
    label = label or _("Amount")
    if isinstance(text, bool):
        raise ValidationError(_("{label} must be an amount in yuan.").format(label=label), field)
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, Decimal):
        value = text
    else:
        cleaned = unicodedata.normalize("NFKC", text or "").strip()
        cleaned = cleaned.removeprefix("¥").removesuffix("元").strip()
        if not cleaned:
            if allow_empty:
                return None
            raise ValidationError(_("{label} is required.").format(label=label), field)
        if cleaned.startswith(("-", "−")):
            raise ValidationError(_("{label} cannot be negative.").format(label=label), field)
        if not _AMOUNT.match(cleaned):
            raise ValidationError(
                _("{label} must be an amount in yuan, such as 129.90.").format(label=label), field
            )
        try:
            value = Decimal(cleaned.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern already refused it
            raise ValidationError(
                _("{label} must be an amount in yuan, such as 129.90.").format(label=label), field
            ) from None
    if not value.is_finite():
        raise ValidationError(
            _("{label} must be an amount in yuan, such as 129.90.").format(label=label), field
        )
    if value < 0:
        raise ValidationError(_("{label} cannot be negative.").format(label=label), field)
    fen = value * 100
    if fen != fen.to_integral_value():
        raise ValidationError(
            _("{label} can have at most two decimals (fen).").format(label=label), field
        )
    if fen > MAX_FEN:
        raise ValidationError(_("{label} is too large.").format(label=label), field)
    return int(fen)


def format_yuan(fen: int | None, symbol: bool = False) -> str:
    """12990 → "129.90" (or "¥129.90")."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{'¥' if symbol else ''}{whole}.{cents:02d}"


def yuan_decimal(fen: int) -> Decimal:
    """12990 → Decimal("129.90"), for spreadsheets."""
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))
