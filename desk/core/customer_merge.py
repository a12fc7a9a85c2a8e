"""Likely duplicate customers (疑似重复客户), and merging two of them field by field.

Two live customers are likely one buyer when
- they share a normalised phone number: one of their phones, or the receiver phone of one of
  their addresses ("phone"), or
- they have the same non-empty name and the same address: same province, city and district,
  and the same street once spaces and punctuation are taken out ("name_address").
A pair the user dismissed (不是同一人, `customer_not_duplicate`) is not suggested again. A phone or
an address shared by more than MAX_SHARED customers belongs to a shop, a parcel station or an
office, not to one buyer, and suggests nothing.

Speed: the candidates come from GROUP BY over covering indexes — (phone, customer_id) of phones
and of addresses, and `address_street_key` (district, STREET_KEY_SQL, customer_id, street) —
one pass over each index, then only the few candidate rows are read. The pairs are kept while
the file is unchanged (`_pairs_cached`), so the sidebar count and the list share one pass.

Merging keeps everything of both (nothing is ever lost): phones (duplicates once), addresses
(identical ones once), groups, tags, follow-ups, imported orders, and every other row that
points at the merged customer (orders, returns, problems — found through the schema's foreign
keys, so a later feature's table is re-pointed too). The merged customer stays in the file with
`merged_into` set, out of every list, count and search.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from desk.core import changes, customer_search, customers, phones
from desk.core.changes import Changes
from desk.core.customer_list import region_text
from desk.core.customers import CustomerDetail, CustomerRow
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models import Customer, CustomerNotDuplicate
from desk.models.base import now
from desk.models.customers import STREET_KEY_SQL, STREET_NOISE  # noqa: F401 (the UI compares with it)

PHONE = "phone"
NAME_ADDRESS = "name_address"
MAX_SHARED = 10
NOTES_CHOICES = ("keep", "other", "both")
FIELDS = {"name": N_("Real name"), "nick": N_("Buyer ID"), "notes": N_("Notes")}
TAKE_FIELDS = frozenset({"name", "nick"})

@dataclass(frozen=True)
class DuplicatePair:
    a_id: int  # the smaller id
    b_id: int
    reason: str  # "phone" | "name_address"
    detail: str  # what they share, for the user (phones masked)
    a: CustomerRow
    b: CustomerRow


@dataclass(frozen=True)
class MergeField:
    key: str  # "name" | "nick" | "notes"
    label: str
    keep_value: str
    other_value: str


# --- finding ------------------------------------------------------------------------------------

_PHONE_SQL = """
WITH cand(phone) AS (
  SELECT phone FROM customer_phone GROUP BY phone HAVING COUNT(*) > 1
  UNION SELECT phone FROM address WHERE phone != ''
    GROUP BY phone HAVING MIN(customer_id) < MAX(customer_id)
  UNION SELECT a.phone FROM address a JOIN customer_phone p ON p.phone = a.phone
    WHERE a.phone != '' AND p.customer_id != a.customer_id
),
owner(phone, cid) AS (
  SELECT phone, customer_id FROM customer_phone WHERE phone IN cand
  UNION SELECT phone, customer_id FROM address WHERE phone IN cand
)
SELECT owner.phone, owner.cid FROM owner JOIN customer c ON c.id = owner.cid
WHERE c.merged_into_id IS NULL
"""

_ADDRESS_CANDIDATES = f"""
WITH cand(district, k) AS MATERIALIZED (
  SELECT district, {STREET_KEY_SQL} FROM address
  GROUP BY district, {STREET_KEY_SQL} HAVING MIN(customer_id) < MAX(customer_id)
)
SELECT a.customer_id, c.name, a.province, a.city, a.district, cand.k
"""
#: With the street index: each candidate address looked up in it.
_ADDRESS_SQL = f"""{_ADDRESS_CANDIDATES}
FROM cand CROSS JOIN address a ON a.district = cand.district AND {STREET_KEY_SQL} = cand.k
CROSS JOIN customer c ON c.id = a.customer_id
WHERE c.name != '' AND c.merged_into_id IS NULL
"""
#: Without it (a file from before the index): one more pass over the addresses.
_ADDRESS_SQL_SCAN = f"""{_ADDRESS_CANDIDATES}
FROM address a CROSS JOIN cand ON a.district = cand.district AND {STREET_KEY_SQL} = cand.k
CROSS JOIN customer c ON c.id = a.customer_id
WHERE c.name != '' AND c.merged_into_id IS NULL
"""
STREET_INDEX = "address_street_key"


def _address_sql() -> str:
    row = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (STREET_INDEX,)
    ).fetchone()
    return _ADDRESS_SQL if row and STREET_KEY_SQL in row[0] else _ADDRESS_SQL_SCAN


_cache: tuple | None = None


def _fingerprint() -> tuple:
    """Changes whenever anything was written to the open file (here or by another process)."""
    conn = db.connection()
    data = db.execute_sql("PRAGMA data_version").fetchone()[0]
    schema = db.execute_sql("PRAGMA schema_version").fetchone()[0]  # e.g. the street index
    return conn, conn.total_changes, data, schema


def _pairs_cached() -> list[tuple[int, int, str, object]]:
    """Every undismissed pair (see `_find_pairs`), newest first."""
    global _cache
    key = _fingerprint()
    if _cache is not None and _cache[0][0] is key[0] and _cache[0][1:] == key[1:]:
        return _cache[1]
    pairs = _find_pairs()
    if not key[0].in_transaction:  # a rollback would not show in the fingerprint
        _cache = (key, pairs)
    return pairs


def _add_pairs(groups: dict, reason: str, found: dict) -> None:
    for what, ids in groups.items():
        if 2 <= len(ids) <= MAX_SHARED:
            for a, b in itertools.combinations(sorted(ids), 2):
                found.setdefault((a, b), (reason, what))


def _find_pairs() -> list[tuple[int, int, str, object]]:
    """(a_id, b_id, reason, what they share: the phone, or (name, province, city, district))."""
    found: dict[tuple[int, int], tuple[str, object]] = {}
    by_phone: dict[str, set[int]] = {}
    for phone, cid in db.execute_sql(_PHONE_SQL):
        by_phone.setdefault(phone, set()).add(cid)
    _add_pairs(by_phone, PHONE, found)
    by_address: dict[tuple, set[int]] = {}
    for cid, name, province, city, district, key in db.execute_sql(_address_sql()):
        by_address.setdefault((name, province, city, district, key), set()).add(cid)
    _add_pairs(by_address, NAME_ADDRESS, found)
    if found:
        dismissed = set(
            db.execute_sql("SELECT customer_a_id, customer_b_id FROM customer_not_duplicate")
        )
        found = {k: v for k, v in found.items() if k not in dismissed}
    return [(a, b, *found[(a, b)]) for a, b in sorted(found, key=lambda p: (-p[1], -p[0]))]


def _detail(reason: str, what) -> str:
    if reason == PHONE:
        return _("Same phone {phone}").format(phone=phones.mask(what))
    name, province, city, district, _key = what
    return _("Same name and address: {name}, {region}").format(
        name=name, region=region_text(province, city, district)
    )


def find_duplicates(limit: int = 200) -> list[DuplicatePair]:
    """Likely duplicate pairs, the most recently added customer first (a_id < b_id)."""
    pairs = _pairs_cached()[: max(0, int(limit))]
    rows = _rows({i for a, b, *_rest in pairs for i in (a, b)})
    return [
        DuplicatePair(a, b, reason, _detail(reason, what), rows[a], rows[b])
        for a, b, reason, what in pairs
        if a in rows and b in rows
    ]


def count_duplicates() -> int:
    return len(_pairs_cached())


def _rows(ids: set[int]) -> dict[int, CustomerRow]:
    """The list rows of these live customers (as the customers list shows them)."""
    if not ids:
        return {}
    ids_list = sorted(ids)
    marks = ",".join("?" * len(ids_list))
    base = db.execute_sql(
        "SELECT id, name, nick, order_count, total_spent_fen, first_order_at, last_order_at,"
        f" created_at FROM customer WHERE id IN ({marks}) AND merged_into_id IS NULL",
        ids_list,
    ).fetchall()
    first_phone: dict[int, str] = {}
    for cid, phone in db.execute_sql(
        f"SELECT customer_id, phone FROM customer_phone WHERE customer_id IN ({marks})"
        " ORDER BY customer_id, position DESC, id DESC",
        ids_list,
    ):
        first_phone[cid] = phone  # the lowest position comes last
    region: dict[int, str] = {}
    for cid, province, city, district in db.execute_sql(
        "SELECT customer_id, province, city, district FROM address"
        f" WHERE customer_id IN ({marks}) ORDER BY customer_id, is_default, id DESC",
        ids_list,
    ):
        region[cid] = region_text(province, city, district)  # the default one comes last
    groups: dict[int, list[tuple[str, str | None]]] = {}
    for cid, name, key in db.execute_sql(
        "SELECT m.customer_id, g.name, g.key FROM customer_group_member m"
        f" JOIN customer_group g ON g.id = m.group_id WHERE m.customer_id IN ({marks})"
        " ORDER BY g.position, g.id",
        ids_list,
    ):
        groups.setdefault(cid, []).append((name, key))
    tags: dict[int, list[str]] = {}
    for cid, name in db.execute_sql(
        "SELECT t.customer_id, g.name FROM customer_tag t JOIN tag g ON g.id = t.tag_id"
        f" WHERE t.customer_id IN ({marks}) ORDER BY g.name",
        ids_list,
    ):
        tags.setdefault(cid, []).append(name)
    rules = customers.get_rules()
    found = {}
    for cid, name, nick, count, spent, first, last, created in base:
        first, last, created = _when(first), _when(last), _when(created)
        figures = customers.figures_of(count, spent, first, last, rules)
        phone = first_phone.get(cid, "")
        found[cid] = CustomerRow(
            id=cid, name=name, nick=nick, phone=phone,
            phone_masked=phones.mask(phone) if phone else "",
            region=region.get(cid, ""), groups=tuple(g for g, _k in groups.get(cid, ())),
            tags=tuple(tags.get(cid, ())), order_count=count, total_spent_fen=spent,
            last_order_at=last, tier=figures.tier, dormant=figures.dormant,
            blacklisted=any(k == customers.BLACKLIST for _g, k in groups.get(cid, ())),
            created_at=created,
        )  # fmt: skip
    return found


def _when(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def dismiss_duplicate(a_id: int, b_id: int) -> Changes:
    """The two are different people (不是同一人): never suggest the pair again."""
    a, b = sorted((int(a_id), int(b_id)))
    if a == b:
        raise DomainError(_("Choose two different customers."))
    with db.atomic():
        customers.require_customer(a)
        customers.require_customer(b)
        CustomerNotDuplicate.insert(
            customer_a=a, customer_b=b, created_at=now()
        ).on_conflict_ignore().execute()
    return Changes.of(changes.CUSTOMERS)


# --- merging ------------------------------------------------------------------------------------


def _two(keep_id: int, other_id: int) -> tuple[Customer, Customer]:
    if int(keep_id) == int(other_id):
        raise DomainError(_("A customer cannot be merged with itself."))
    return customers.require_customer(keep_id), customers.require_customer(other_id)


def merge_preview(keep_id: int, other_id: int) -> tuple[MergeField, ...]:
    """The fields where the two differ and both have a value: the user picks one (notes can be
    both). Everything else is simply kept from both."""
    keep, other = _two(keep_id, other_id)
    result = []
    for key, label in FIELDS.items():
        mine, theirs = getattr(keep, key) or "", getattr(other, key) or ""
        if mine and theirs and mine != theirs:
            result.append(MergeField(key, _(label), mine, theirs))
    return tuple(result)


def _merged_notes(mine: str, theirs: str, choice: str) -> str:
    if not mine or not theirs:
        return mine or theirs  # an empty one never replaces a filled one
    if choice == "keep":
        return mine
    if choice == "other":
        return theirs
    if theirs in mine:
        return mine
    if mine in theirs:
        return theirs
    return f"{mine}\n{theirs}"


def merge_customers(
    keep_id: int,
    other_id: int,
    *,
    take_from_other: frozenset[str] = frozenset(),
    notes: str = "both",
) -> tuple[CustomerDetail, Changes]:
    """Merge `other` into `keep` in one transaction. `take_from_other` names the fields whose
    value comes from `other` ("name", "nick"); an empty value never replaces a filled one.
    `notes`: "keep", "other" or "both" (both: one after the other)."""
    unknown = set(take_from_other) - TAKE_FIELDS
    if unknown:
        raise ValidationError(_("Only the name or the buyer ID can be taken from the other."))
    if notes not in NOTES_CHOICES:
        raise ValidationError(_("Choose which notes to keep."), "notes")
    kinds = {changes.CUSTOMERS}
    with db.atomic():
        keep, other = _two(keep_id, other_id)
        values = {}
        for key in TAKE_FIELDS:
            mine, theirs = getattr(keep, key), getattr(other, key)
            values[key] = theirs if theirs and (key in take_from_other or not mine) else mine
        values["notes"] = _merged_notes(keep.notes, other.notes, notes)
        if len(values["notes"]) > customers.MAX_NOTES:
            raise ValidationError(
                _(
                    "The two notes together are too long (at most {count} characters): keep one"
                    " of them, or shorten them first."
                ).format(count=customers.MAX_NOTES),
                "notes",
            )
        _move_phones(keep.id, other.id)
        _move_addresses(keep.id, other.id)
        _move_links(keep.id, other.id)
        kinds |= _repoint(keep.id, other.id)
        Customer.update(merged_into=keep.id, updated_at=now()).where(
            Customer.id == other.id
        ).execute()
        Customer.update(
            **values,
            pinyin=customers.search_pinyin(values["name"], values["nick"]),
            created_at=min(keep.created_at, other.created_at),
            updated_at=now(),
        ).where(Customer.id == keep.id).execute()
        customers.rebuild_figures([keep.id])
        customer_search.reindex([keep.id, other.id])
    return customers.get_customer(keep.id), Changes(frozenset(kinds))


def _move_phones(keep_id: int, other_id: int) -> None:
    rows = db.execute_sql(
        "SELECT phone, position FROM customer_phone WHERE customer_id = ?", (keep_id,)
    ).fetchall()
    have = {r[0] for r in rows}
    position = max((r[1] for r in rows), default=-1) + 1
    for row_id, phone in db.execute_sql(
        "SELECT id, phone FROM customer_phone WHERE customer_id = ? ORDER BY position, id",
        (other_id,),
    ).fetchall():
        if phone in have:
            db.execute_sql("DELETE FROM customer_phone WHERE id = ?", (row_id,))
        else:
            have.add(phone)
            db.execute_sql(
                "UPDATE customer_phone SET customer_id = ?, position = ? WHERE id = ?",
                (keep_id, position, row_id),
            )
            position += 1


def _move_addresses(keep_id: int, other_id: int) -> None:
    """Other's addresses join keep's; one identical to one of keep's (street compared without
    spaces and punctuation) is there once. Keep's default stays the default."""
    sql = (
        "SELECT id, receiver, phone, province, city, district, "
        f"{STREET_KEY_SQL}, postcode, is_default FROM address WHERE customer_id = ? ORDER BY id"
    )
    mine = db.execute_sql(sql, (keep_id,)).fetchall()
    have = {tuple(r[1:8]) for r in mine}
    has_default = any(r[8] for r in mine)
    for row in db.execute_sql(sql, (other_id,)).fetchall():
        if tuple(row[1:8]) in have:
            db.execute_sql("DELETE FROM address WHERE id = ?", (row[0],))
            continue
        have.add(tuple(row[1:8]))
        default = bool(row[8]) and not has_default
        has_default = has_default or default
        db.execute_sql(
            "UPDATE address SET customer_id = ?, is_default = ? WHERE id = ?",
            (keep_id, default, row[0]),
        )


def _move_links(keep_id: int, other_id: int) -> None:
    """Groups and tags of both; "not the same person" marks of other carried over to keep."""
    db.execute_sql(
        "INSERT OR IGNORE INTO customer_group_member (customer_id, group_id, added_at)"
        " SELECT ?, group_id, added_at FROM customer_group_member WHERE customer_id = ?",
        (keep_id, other_id),
    )
    db.execute_sql("DELETE FROM customer_group_member WHERE customer_id = ?", (other_id,))
    db.execute_sql(
        "INSERT OR IGNORE INTO customer_tag (customer_id, tag_id)"
        " SELECT ?, tag_id FROM customer_tag WHERE customer_id = ?",
        (keep_id, other_id),
    )
    db.execute_sql("DELETE FROM customer_tag WHERE customer_id = ?", (other_id,))
    marks = db.execute_sql(
        "SELECT customer_a_id, customer_b_id, created_at FROM customer_not_duplicate"
        " WHERE ? IN (customer_a_id, customer_b_id)",
        (other_id,),
    ).fetchall()
    for a, b, created in marks:
        third = b if a == other_id else a
        if third != keep_id:
            db.execute_sql(
                "INSERT OR IGNORE INTO customer_not_duplicate"
                " (customer_a_id, customer_b_id, created_at) VALUES (?, ?, ?)",
                (min(keep_id, third), max(keep_id, third), created),
            )
    db.execute_sql(
        "DELETE FROM customer_not_duplicate WHERE ? IN (customer_a_id, customer_b_id)",
        (other_id,),
    )


#: Tables whose rows of `other` are merged above (not simply re-pointed).
_MERGED_TABLES = frozenset(
    {"customer_phone", "address", "customer_group_member", "customer_tag", "customer_not_duplicate"}
)
#: What each re-pointed table is about, for the pages to refresh.
_KINDS = {"order": changes.ORDERS, "return_case": changes.RETURNS, "problem": changes.NOTEBOOK}


def _references() -> list[tuple[str, str]]:
    """(table, column) of every foreign key to `customer` (read from the file's schema)."""
    found = []
    tables = db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for (table,) in tables:
        for fk in db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall():
            if fk[2] == "customer" and table not in _MERGED_TABLES:
                found.append((table, fk[3]))
    return found


def _repoint(keep_id: int, other_id: int) -> set[str]:
    """Every other row pointing at `other` points at `keep` (orders, returns, problems,
    follow-ups, imported orders, customers merged into `other` before)."""
    kinds = set()
    for table, column in _references():
        cursor = db.execute_sql(
            f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?', (keep_id, other_id)
        )
        if cursor.rowcount > 0 and table in _KINDS:
            kinds.add(_KINDS[table])
    return kinds
