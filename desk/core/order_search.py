"""What the orders page's search box finds, as `Source`s the list can collect or test
(`desk.core.order_list` chooses how).

A search is the OR of several sources:

- order number: the date part at least (`20261123-00042`, `2026112300042`, `20261123-000`); the
  date alone (`20261123`) is that day's orders — orders are numbered by the day they were taken —
  and becomes a date range (an index range of the list itself);
- platform order number (exact, or a prefix of six characters or more);
- tracking number (the same, letters in upper case);
- the customer: name, nick, pinyin, phone or address fragment, through `customer_search` (every
  word must match); an order number is not looked for among customers;
- for 3–12 digits, the order's own phone: starting with them (its index: full numbers and
  prefixes, and the number as a landline `0571-…` or with an extension); and, scanning only those
  rows, orders without a customer and open orders (not shipped yet) whose phone contains them.

So a phone fragment (`5678`) finds every order whose phone is on its customer's card (the order
editor takes it from the card, and the demo keeps every order phone there), every order without
a customer and every open order. A finished order whose phone was typed by hand and never reached
its customer's card is found by its full number or a prefix: a LIKE over a million order phones
takes 250 ms, so it is not done, and neither is looking up every phone of the customers a
fragment finds (10 ms for a four-digit fragment, for orders filed under another customer).
"""

from __future__ import annotations

import datetime
import json
import re
from bisect import bisect_right
from dataclasses import dataclass

from desk.core import customer_search, phones
from desk.db.connection import db

#: Orders still on their way through the desk: searched by phone fragment directly.
OPEN_STATUSES = ("unpaid", "paid", "confirmed", "printed")
#: A search finding more customers than this leaves their orders to the walk.
CUSTOMER_LIMIT = 2_000
#: Longer digit strings are not phone fragments (a landline with its area code has 12 digits).
MAX_PHONE_DIGITS = 12

_NUMBER = re.compile(r"(20\d{6})(?:-(\d{0,5})|(\d{1,5}))?")


@dataclass(frozen=True)
class Source:
    """One condition two ways: `test`, an SQL condition on the row `o` (for walking the list's
    index), and the orders it matches — `found` (ids known already) or `ids`, SQL giving
    `(id, created_at or NULL)` rows through an index. Neither: too many to collect."""

    test: str
    test_params: tuple = ()
    ids: str = ""
    ids_params: tuple = ()
    found: frozenset[int] | None = None


@dataclass(frozen=True)
class Search:
    """A parsed query: the sources whose OR it is, or the day of an order number's date part."""

    sources: tuple[Source, ...] = ()
    day: datetime.date | None = None


def json_list(values) -> str:
    """Values for `json_each(?)`: one parameter, however many."""
    return json.dumps(sorted(values), ensure_ascii=False)


def _upper_bound(prefix: str) -> str:
    """The smallest text after every text starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _prefix(column: str, prefix: str, exact: bool = False) -> Source:
    """`column` (of "order") equal to `prefix`, or starting with it: a range of its index."""
    if exact:
        return Source(f"o.{column} = ?", (prefix,),
                      f'SELECT id, NULL FROM "order" WHERE {column} = ?', (prefix,))
    params = (prefix, _upper_bound(prefix))
    condition = f"{column} >= ? AND {column} < ?"
    return Source(f"o.{condition}", params, f'SELECT id, NULL FROM "order" WHERE {condition}',
                  params)


def _tracking(word: str) -> Source:
    tracking = word.upper()
    exact = not (len(tracking) >= 6 and tracking.isascii() and tracking.isalnum())
    condition = "tracking_no = ?" if exact else "tracking_no >= ? AND tracking_no < ?"
    params = (tracking,) if exact else (tracking, _upper_bound(tracking))
    ids = f"SELECT order_id, NULL FROM shipment WHERE {condition}"
    return Source(f"o.id IN (SELECT order_id FROM shipment WHERE {condition})", params, ids,
                  params)


def order_number(word: str) -> tuple[datetime.date, str] | None:
    """(day, sequence digits) when `word` is an order number or its start: the date part at
    least (`20261123`, `20261123-000`, `2026112300042`)."""
    match = _NUMBER.fullmatch(word)
    if match is None:
        return None
    try:
        day = datetime.datetime.strptime(match[1], "%Y%m%d").date()
    except ValueError:
        return None
    return day, match[2] or match[3] or ""


def _customer_sources(query: str) -> list[Source]:
    """Orders of the customers the query finds. The customers are read once from the index;
    their orders come with their created_at from the (customer_id, created_at) index, without
    reading the orders. More than CUSTOMER_LIMIT customers leave them to the walk."""
    match = customer_search.parse(query)
    if match is None:
        return []
    test, test_params = match.clause("o.customer_id")
    customer_ids = match.newest_ids(CUSTOMER_LIMIT + 1)
    if len(customer_ids) > CUSTOMER_LIMIT:
        return [Source(test, tuple(test_params))]
    return [Source(
        test, tuple(test_params),
        'SELECT id, created_at FROM "order" WHERE customer_id IN (SELECT value FROM json_each(?))',
        (json_list(customer_ids),),
    )]


_open_cache: dict = {}


def open_orders_with(digits: str) -> frozenset[int]:
    """The open orders whose phone contains `digits`. Their phones are read once into one text,
    kept until the file changes (the connection's `total_changes` counts its own writes,
    `PRAGMA data_version` other connections' commits), and searched with `str.find`: reading
    them costs a row lookup per open order, searching them a tenth of a millisecond."""
    conn = db.connection()
    key = (conn.total_changes, db.execute_sql("PRAGMA data_version").fetchone()[0])
    if _open_cache.get("conn") is not conn or _open_cache.get("key") != key:
        marks = ",".join("?" * len(OPEN_STATUSES))
        rows = db.execute_sql(f'SELECT id, phone FROM "order" WHERE status IN ({marks})',
                              OPEN_STATUSES).fetchall()
        numbers = [phone.replace("-", "") for _id, phone in rows]
        starts = [0]
        for number in numbers:
            starts.append(starts[-1] + len(number) + 1)
        _open_cache.update(conn=conn, key=key, ids=[r[0] for r in rows], starts=starts,
                           text="\n".join(numbers))
    text, starts, ids = _open_cache["text"], _open_cache["starts"], _open_cache["ids"]
    found = set()
    at = text.find(digits)
    while at >= 0:
        found.add(ids[bisect_right(starts, at) - 1])
        at = text.find(digits, at + 1)
    return frozenset(found)


def forget_open_orders() -> None:
    """Drop the open orders' phones (the benchmark times a search right after a write)."""
    _open_cache.clear()


def _phone_sources(digits: str, query: str) -> list[Source]:
    sources = [_prefix("phone", digits)]
    parsed = phones.normalize_phone(query)
    if parsed is not None and parsed.text != digits:
        sources.append(_prefix("phone", parsed.text, exact=True))
    contains = "instr(replace({col}, '-', ''), ?) > 0"
    sources.append(Source(
        f"o.customer_id IS NULL AND {contains.format(col='o.phone')}", (digits,),
        f'SELECT id, NULL FROM "order" WHERE customer_id IS NULL AND {contains.format(col="phone")}',
        (digits,),
    ))
    marks = ",".join("?" * len(OPEN_STATUSES))
    sources.append(Source(f"o.status IN ({marks}) AND {contains.format(col='o.phone')}",
                          (*OPEN_STATUSES, digits), found=open_orders_with(digits)))
    return sources


def parse(query: str | None) -> Search:
    """The sources of a query (none for a query without letters or digits: it filters
    nothing)."""
    query = " ".join((query or "").split())
    if not customer_search.normalize(query):
        return Search()
    word = query if " " not in query else ""
    number = order_number(word) if word else None
    if number is not None and not number[1]:
        return Search(day=number[0])
    sources: list[Source] = []
    if number is not None:
        sources.append(_prefix("number", f"{number[0]:%Y%m%d}-{number[1]}"))
    if word:
        sources.append(_prefix("external_no", word, exact=len(word) < 6))
        sources.append(_tracking(word))
    if number is not None:
        return Search(tuple(sources))
    digits = customer_search.normalize(query)
    if not (3 <= len(digits) <= MAX_PHONE_DIGITS and digits.isascii() and digits.isdigit()):
        digits = ""
    sources += _customer_sources(query)
    if digits:
        sources += _phone_sources(digits, query)
    return Search(tuple(sources))
