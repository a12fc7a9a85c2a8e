"""The books settings kept in the shop file: where sales and postage are booked, and the postage
rate per courier (fen per parcel) that turns the print log into postage entries."""

from __future__ import annotations

from desk.core import books, changes, settings
from desk.core.books_common import account_id
from desk.core.changes import Changes
from desk.core.errors import ValidationError
from desk.core.money import parse_yuan
from desk.db.connection import db
from desk.i18n import _
from desk.models import Account

KEY = "books"


def get_settings() -> books.BooksSettings:
    stored = settings._get(KEY, {})
    known = {a.id for a in Account.select(Account.id)}
    default = account_id(books.ALIPAY)

    def pick(name: str) -> int:
        value = stored.get(name)
        return value if isinstance(value, int) and value in known else default

    rates = stored.get("postage_rates") or {}
    clean = {
        c: int(rates[c])
        for c in settings.COURIERS
        if isinstance(rates.get(c), int) and rates[c] > 0
    }
    return books.BooksSettings(pick("sales_account_id"), pick("postage_account_id"), clean)


def save_settings(
    sales_account_id: int, postage_account_id: int, postage_rates: dict[str, str]
) -> Changes:
    for field, value in (
        ("sales_account", sales_account_id),
        ("postage_account", postage_account_id),
    ):
        if not Account.select().where(Account.id == value).exists():
            raise ValidationError(_("Choose an account."), field)
    rates = {}
    for code, text in (postage_rates or {}).items():
        if code not in settings.COURIERS:
            raise ValidationError(_("Unknown courier."), f"rate:{code}")
        label = _("Postage for {courier}").format(courier=settings.courier_name(code))
        fen = parse_yuan(text, f"rate:{code}", label, allow_empty=True)
        if fen:
            rates[code] = fen
    with db.atomic():
        settings._put(
            KEY,
            {
                "sales_account_id": sales_account_id,
                "postage_account_id": postage_account_id,
                "postage_rates": rates,
            },
        )
    return Changes.of(changes.BOOKS, changes.SETTINGS)
