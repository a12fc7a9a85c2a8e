"""Finding a customer from any fragment: name, 旺旺 nickname, phone digits, pinyin, address.

Two FTS5 indexes (migration 0002), both derived data kept here, one row per customer (rowid =
customer id); merged customers have no row:

- `customer_fts`, trigram tokenizer: every searchable text of the customer, normalised (NFKC,
  lowercase, letters and digits only, one line per field). A query word of 3+ characters is a
  trigram phrase match: any substring, found through the index.
- `customer_gram`, unicode61 tokenizer, detail=none: every 1- and 2-character piece of the short
  fields (name, nickname, pinyin words, receiver, province/city/district) written as its own token.
  A query word of 1–2 characters is one exact token match.

Why not a LIKE for 1–2 characters: trigrams cannot answer them (SQLite 3.40 silently returns no
rows for a 1–2 character CJK LIKE through a trigram index), and a LIKE scan of the base table
measured 26–50 ms on 200,000 customers — over the 15 ms goal whenever the word is rare.
The gram index answers from one posting list whatever the word.

Several words must all match (AND). The index is refreshed by the services in the same
transaction as the change (`reindex`); `ensure_index` rebuilds it after opening a file whose
index was built by another version of this code (INDEX_VERSION).
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from desk.db.connection import db
from desk.models import Setting
from desk.models.base import now

INDEX_VERSION = 1
VERSION_KEY = "customer_index_version"
_CHUNK = 500


_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)  # names of places, readings and nicknames repeat a lot
def normalize(text: str | None) -> str:
    """NFKC, lowercase, letters and digits only (any script)."""
    if not text:
        return ""
    if text.isascii():
        return text.lower() if text.isalnum() else _NOT_WORD.sub("", text.lower())
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _NOT_WORD.sub("", text.lower())


def _words(text: str | None) -> list[str]:
    return [w for w in (normalize(part) for part in (text or "").split()) if w]


def _grams(word: str) -> set[str]:
    return {*word, *map(operator.add, word, word[1:])}  # each character, each pair


def _gather(ids: list[int]) -> dict[int, dict]:
    """The searchable texts of these (unmerged) customers."""
    marks = ",".join("?" * len(ids))
    found: dict[int, dict] = {}
    for cid, name, nick, key in db.execute_sql(
        f"SELECT id, name, nick, pinyin FROM customer WHERE id IN ({marks})"
        " AND merged_into_id IS NULL",
        ids,
    ):
        found[cid] = {"name": name, "nick": nick, "pinyin": key, "phones": [], "addresses": []}
    if not found:
        return found
    for cid, phone in db.execute_sql(
        f"SELECT customer_id, phone FROM customer_phone WHERE customer_id IN ({marks})", ids
    ):
        if cid in found:
            found[cid]["phones"].append(phone)
    for cid, *parts in db.execute_sql(
        "SELECT customer_id, receiver, phone, province, city, district, street, postcode"
        f" FROM address WHERE customer_id IN ({marks})",
        ids,
    ):
        if cid in found:
            found[cid]["addresses"].append(parts)
    return found


_CJK_RUNS = re.compile("[^\x00-\u2e7f]+")  # on normalised text: runs of CJK (and other wide) letters


def _short_grams(info: dict) -> set[str]:
    """What a 1–2 character word can find: every character and pair of the name and receivers,
    pairs of the pinyin initials (zs), Chinese pieces of the nickname and of the region names
    (杭州, 临平), and the first two characters of the nickname."""
    grams: set[str] = set()
    names = [normalize(info["name"])] + [normalize(a[0]) for a in info["addresses"]]
    for word in names:
        grams |= _grams(word)
    length = len(names[0])  # initials have one letter per character of the name
    for word in _words(info["pinyin"]):
        if word.isascii() and word.isalpha() and len(word) == length:
            grams |= _grams(word)
    nick = normalize(info["nick"])
    grams |= {nick[:1], nick[:2]}
    places = [nick] + [normalize(a[2] + " " + a[3] + " " + a[4]) for a in info["addresses"]]
    for word in places:
        for piece in _CJK_RUNS.findall(word):
            grams |= _grams(piece)
    grams.discard("")
    return grams


def _texts(info: dict) -> tuple[str, str]:
    """(fts body, gram body) of one customer."""
    lines = [normalize(info["name"]), normalize(info["nick"]), *_words(info["pinyin"])]
    for phone in info["phones"]:
        lines.append(normalize(phone))
    for receiver, phone, province, city, district, street, postcode in info["addresses"]:
        lines += [normalize(receiver), normalize(phone), normalize(province + city + district)]
        lines += [normalize(street), normalize(postcode)]
    body = "\n".join(dict.fromkeys(x for x in lines if x))
    return body, " ".join(sorted(_short_grams(info)))


def index_texts(
    name: str,
    nick: str,
    pinyin_key: str,
    phones: Iterable[str],
    addresses: Iterable[Sequence[str]],
) -> tuple[str, str]:
    """(fts body, gram body) of one customer, as `reindex` and `rebuild_index` write them.

    For writers that hold a customer's data in memory already (the demo, a bulk import):
    `pinyin_key` is Customer.pinyin, `phones` the customer's numbers in `position` order, and
    `addresses` one (receiver, phone, province, city, district, street, postcode) per address in
    the order they were added. Pass the rows to `write_index`.
    """
    info = {
        "name": name, "nick": nick, "pinyin": pinyin_key, "phones": list(phones),
        "addresses": list(addresses),
    }  # fmt: skip
    return _texts(info)


def write_index(rows: Iterable[tuple[int, str, str]], *, optimize: bool = True) -> None:
    """Bulk fill: insert (customer id, fts body, gram body) rows made by `index_texts` for
    customers that have no index row yet (a new file, or after emptying the index), then merge
    the index segments (`optimize`; pass False when more rows follow, and True with the last
    ones) and record the index version (`index_is_current`). One transaction.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    tables = ("customer_fts", "customer_gram")
    with db.atomic():
        if optimize:  # the optimize merges everything once: no merging on the way (≈ 1/3 faster)
            for table in tables:
                _fts_config(table, _BULK_MERGE)
        cursor = db.cursor()
        cursor.executemany(
            "INSERT INTO customer_fts (rowid, body) VALUES (?, ?)", [(r[0], r[1]) for r in rows]
        )
        cursor.executemany(
            "INSERT INTO customer_gram (rowid, body) VALUES (?, ?)", [(r[0], r[2]) for r in rows]
        )
        if optimize:
            for table in tables:
                db.execute_sql(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
                _fts_config(table, _DEFAULT_MERGE)  # the services' small writes merge as usual
        _set_version()


#: FTS5 merge settings (stored in the index): while bulk inserting, and SQLite's defaults.
_BULK_MERGE = {"automerge": 0, "crisismerge": 2000}
_DEFAULT_MERGE = {"automerge": 4, "crisismerge": 16}


def _fts_config(table: str, values: dict[str, int]) -> None:
    for key, value in values.items():
        db.execute_sql(f"INSERT INTO {table} ({table}, rank) VALUES (?, ?)", (key, value))


def reindex(customer_ids: Iterable[int]) -> None:
    """Refresh the index rows of these customers (gone or merged ones are removed). Call inside
    the transaction of the change."""
    ids = sorted({int(i) for i in customer_ids})
    with db.atomic():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            db.execute_sql(f"DELETE FROM customer_fts WHERE rowid IN ({marks})", chunk)
            db.execute_sql(f"DELETE FROM customer_gram WHERE rowid IN ({marks})", chunk)
            _insert(_gather(chunk))


def _insert(found: dict[int, dict]) -> None:
    rows = [(cid, *_texts(info)) for cid, info in found.items()]
    cursor = db.cursor()
    cursor.executemany(
        "INSERT INTO customer_fts (rowid, body) VALUES (?, ?)", [(r[0], r[1]) for r in rows]
    )
    cursor.executemany(
        "INSERT INTO customer_gram (rowid, body) VALUES (?, ?)", [(r[0], r[2]) for r in rows]
    )


def rebuild_index(progress: Callable[[int, int], None] | None = None) -> None:
    """Empty and refill both indexes from every customer, in one transaction."""
    with db.atomic():
        db.execute_sql("DELETE FROM customer_fts")
        db.execute_sql("DELETE FROM customer_gram")
        ids = [r[0] for r in db.execute_sql(
            "SELECT id FROM customer WHERE merged_into_id IS NULL ORDER BY id"
        )]
        tables = ("customer_fts", "customer_gram")
        for table in tables:  # merge once at the end, not on the way (as write_index does)
            _fts_config(table, _BULK_MERGE)
        step = 5000
        for start in range(0, len(ids), step):
            _insert(_gather_many(ids[start : start + step]))
            if progress is not None:
                progress(min(start + step, len(ids)), len(ids))
        for table in tables:
            db.execute_sql(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            _fts_config(table, _DEFAULT_MERGE)
        _set_version()


def _gather_many(ids: list[int]) -> dict[int, dict]:
    found: dict[int, dict] = {}
    for start in range(0, len(ids), _CHUNK):
        found.update(_gather(ids[start : start + _CHUNK]))
    return found


def _set_version() -> None:
    value = str(INDEX_VERSION)
    Setting.insert(key=VERSION_KEY, value=value, updated_at=now()).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: value, Setting.updated_at: now()}
    ).execute()


def index_is_current() -> bool:
    row = Setting.get_or_none(Setting.key == VERSION_KEY)
    return row is not None and row.value == str(INDEX_VERSION)


def ensure_index(progress: Callable[[int, int], None] | None = None) -> bool:
    """Rebuild the index when it was built by another version (or never); True when it did."""
    if index_is_current():
        return False
    rebuild_index(progress)
    return True


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


@dataclass(frozen=True)
class Match:
    """A parsed query: one FTS5 expression per index (the AND of its words), or None."""

    fts: str | None  # words of 3+ characters
    gram: str | None  # words of 1–2 characters

    def _sources(self) -> list[tuple[str, str]]:
        return [(t, e) for t, e in (("customer_fts", self.fts), ("customer_gram", self.gram)) if e]

    def clause(self, column: str = "c.id") -> tuple[str, list]:
        parts = [f"{column} IN (SELECT rowid FROM {t} WHERE {t} MATCH ?)" for t, _ in self._sources()]
        return " AND ".join(parts), [e for _, e in self._sources()]

    def _select(self, what: str) -> tuple[str, list]:
        (first, expr), *rest = self._sources()
        sql = f"SELECT {what} FROM {first} WHERE {first} MATCH ?"
        params = [expr]
        for table, other in rest:
            sql += f" AND rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)"
            params.append(other)
        return sql, params

    def count(self) -> int:
        """Customers matching (merged ones are not in the index)."""
        sql, params = self._select("COUNT(*)")
        return db.execute_sql(sql, params).fetchone()[0]

    def more_than(self, limit: int) -> bool:
        """Whether more than `limit` customers match (reads at most limit + 1 of them)."""
        sql, params = self._select("rowid")
        row = db.execute_sql(
            f"SELECT COUNT(*) FROM ({sql} LIMIT ?)", [*params, int(limit) + 1]
        ).fetchone()
        return row[0] > limit

    def newest_ids(self, limit: int, offset: int = 0) -> list[int]:
        """Matching customer ids, newest added first — straight from the index, however many."""
        sql, params = self._select("rowid")
        rows = db.execute_sql(
            f"{sql} ORDER BY rowid DESC LIMIT ? OFFSET ?", [*params, int(limit), int(offset)]
        )
        return [r[0] for r in rows]


def parse(query: str | None) -> Match | None:
    """None when the query has no letters or digits (it filters nothing)."""
    long_words, short_words = [], []
    for word in dict.fromkeys(_words(query)):
        (long_words if len(word) >= 3 else short_words).append(_phrase(word))
    if not long_words and not short_words:
        return None
    return Match(" AND ".join(long_words) or None, " AND ".join(short_words) or None)


def match_clause(query: str | None, column: str = "c.id") -> tuple[str, list] | None:
    """An SQL condition on `column` (a customer id) for `query`, or None when the query has no
    letters or digits. Every word must match."""
    match = parse(query)
    return None if match is None else match.clause(column)
