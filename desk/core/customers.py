"""The customer address book (客户): customers with phones, addresses, groups, tags and notes;
their derived figures, tier and dormant flag; the list the Customers page shows.

Search matching lives in `desk.core.customer_search` (FTS5 indexes); this module calls
`customer_search.reindex(ids)` inside the same transaction after every write that changes what a
customer can be found by. Duplicates and merging: `desk.core.customer_merge`. Follow-ups (回访):
`desk.core.follow_ups`. Import/export: `desk.core.customer_import` / `customer_export`.

Merged customers (`merged_into` set) are never listed or counted; they stay in the file so that
nothing is lost, and `get_customer` of one raises DomainError naming the customer it went into.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field


from desk.core import changes, customer_search, phones, pinyin
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.i18n import N_, _
from desk.models import (
    Address,
    Customer,
    CustomerGroup,
    CustomerGroupMember,
    CustomerPhone,
    CustomerTag,
    Order,
    ReturnCase,
    Tag,
)
from desk.models.base import now

#: Views of the groups sidebar (the `view` argument of search_customers / count_customers).
VIEW_ALL = "all"
VIEW_GROUP = "group"  # with group_id
VIEW_UNGROUPED = "ungrouped"
VIEW_DORMANT = "dormant"
VIEW_BLACKLIST = "blacklist"
VIEWS = (VIEW_ALL, VIEW_GROUP, VIEW_UNGROUPED, VIEW_DORMANT, VIEW_BLACKLIST)

#: Built-in group keys (seeded by migration 0002; renamable, not deletable).
BUILT_IN_GROUPS = ("potential", "new", "repeat", "vip", "blacklist")
BLACKLIST = "blacklist"

#: List orders (the `order` argument of search_customers).
ORDER_RECENT = "recent"  # last purchase, newest first (never-bought last), then newest added
ORDER_NAME = "name"  # pinyin of the name
ORDER_SPENT = "spent"  # total spent, most first
ORDER_ADDED = "added"  # newest added first
ORDERS = (ORDER_RECENT, ORDER_NAME, ORDER_SPENT, ORDER_ADDED)

SEARCH_LIMIT = 100  # rows per page of the list (more are fetched as it scrolls)
MAX_NAME = 50
MAX_NICK = 60
MAX_NOTES = 5000
MAX_PHONES = 5
MAX_ADDRESSES = 20
MAX_GROUP_NAME = 20
MAX_TAG = 20
MAX_TAGS = 20
MAX_STREET = 200

PHONE_KIND_LABELS = {"mobile": N_("Mobile"), "landline": N_("Landline"), "virtual": N_("Virtual")}


@dataclass(frozen=True)
class AddressDraft:
    """One shipping address. `id` is None for a new one; an existing id keeps the row (orders
    that copied it are unaffected either way: orders hold their own snapshot)."""

    receiver: str = ""
    phone: str = ""  # raw text; normalised by the service (must be a valid phone when given)
    province: str = ""
    city: str = ""
    district: str = ""
    street: str = ""
    postcode: str = ""
    is_default: bool = False
    id: int | None = None

    def one_line(self) -> str:
        """省 市 区 详细地址 as one line (municipalities not repeated), for lists and labels."""
        city = "" if self.city == self.province else self.city
        return "".join(p for p in (self.province, city, self.district, self.street) if p)


@dataclass(frozen=True)
class CustomerDraft:
    """What the customer card sends. Phones are raw text, normalised and validated by the
    service (`phones.normalize_phone`); tags are names (new ones are created); groups are ids.
    Exactly one address ends up default when there are any (the first one if none is marked)."""

    name: str = ""
    nick: str = ""  # 旺旺 / 淘宝 ID
    phones: tuple[str, ...] = ()
    addresses: tuple[AddressDraft, ...] = ()
    group_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class PhoneInfo:
    phone: str  # normalised: 13812345678 / 0571-88886666 / 18877771111-123
    kind: str  # mobile / landline / virtual
    masked: str  # 138****5678


@dataclass(frozen=True)
class Tier:
    """A tier applies when both thresholds are met; the last matching tier in the rules wins."""

    name: str
    min_orders: int = 0
    min_spent_fen: int = 0


@dataclass(frozen=True)
class CustomerRules:
    """Set in Settings (客户等级与休眠): tiers lowest first, and the days without a purchase after
    which a customer who has bought before is dormant (休眠)."""

    tiers: tuple[Tier, ...] = (
        Tier("普通", 1, 0),
        Tier("银卡", 2, 0),
        Tier("金卡", 5, 100_000),
        Tier("钻石", 10, 300_000),
    )
    dormant_days: int = 180


@dataclass(frozen=True)
class Figures:
    order_count: int
    total_spent_fen: int
    average_fen: int  # 客单价, 0 without orders (integer division, rounded half up)
    first_order_at: datetime.datetime | None
    last_order_at: datetime.datetime | None
    days_since_last: int | None  # None without orders
    tier: str  # name of the tier, "" when no tier matches
    dormant: bool  # bought before, and nothing for rules.dormant_days days


@dataclass(frozen=True)
class GroupInfo:
    id: int
    key: str | None  # a BUILT_IN_GROUPS key, or None for the couple's own
    name: str
    color: str
    count: int  # customers in it (merged ones not counted)

    @property
    def built_in(self) -> bool:
        return self.key is not None


@dataclass(frozen=True)
class SidebarCounts:
    all: int
    ungrouped: int
    dormant: int
    blacklist: int
    groups: tuple[GroupInfo, ...]  # in position order, blacklist included
    follow_ups_due: int  # open follow-ups due today or earlier
    duplicates: int  # likely duplicate pairs not dismissed (customer_merge.count_duplicates)


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customers list."""

    id: int
    name: str
    nick: str
    phone: str  # first phone, normalised ("" when none)
    phone_masked: str
    region: str  # default address: 浙江 杭州 西湖区 (short names), "" when none
    groups: tuple[str, ...]  # group names
    tags: tuple[str, ...]
    order_count: int
    total_spent_fen: int
    last_order_at: datetime.datetime | None
    tier: str
    dormant: bool
    blacklisted: bool
    created_at: datetime.datetime


@dataclass(frozen=True)
class CustomerDetail:
    id: int
    draft: CustomerDraft  # addresses carry their ids; default first
    phones: tuple[PhoneInfo, ...]
    groups: tuple[GroupInfo, ...]
    figures: Figures
    blacklisted: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    merged_from: tuple[int, ...] = field(default=())  # ids merged into this one

    @property
    def name(self) -> str:
        return self.draft.name

    @property
    def nick(self) -> str:
        return self.draft.nick

    @property
    def display_name(self) -> str:
        """name (nick), or whichever is set."""
        if self.draft.name and self.draft.nick:
            return f"{self.draft.name} ({self.draft.nick})"
        return self.draft.name or self.draft.nick


# --- functions (the contract; bodies below, the list in desk.core.customer_list) -----------------
#
# create_customer(draft) -> tuple[CustomerDetail, Changes]         ValidationError(field) on bad input
# update_customer(customer_id, draft) -> tuple[CustomerDetail, Changes]
# delete_customer(customer_id) -> Changes        DomainError when it has orders or returns
# get_customer(customer_id) -> CustomerDetail    DomainError when gone or merged
# find_by_phone(phone_text) -> list[int]         customers with that normalised phone (phones or addresses)
# find_by_nick(nick) -> int | None
# search_customers(query="", view=VIEW_ALL, group_id=None, *, order=ORDER_RECENT,
#                  limit=SEARCH_LIMIT, offset=0) -> list[CustomerRow]
# count_customers(query="", view=VIEW_ALL, group_id=None) -> int
# sorted_as_asked(query="", view=VIEW_ALL) -> bool   False: > SORT_LIMIT matches, listed newest added first
# customer_ids(query="", view=VIEW_ALL, group_id=None) -> list[int]   every match (for export)
# sidebar_counts(today=None) -> SidebarCounts
# list_groups() -> list[GroupInfo]
# create_group(name, color="") -> tuple[GroupInfo, Changes]
# update_group(group_id, name, color) -> tuple[GroupInfo, Changes]
# delete_group(group_id) -> Changes               DomainError for built-in groups
# move_group(group_id, step: int) -> Changes       reorder (-1 up, +1 down)
# add_to_group(customer_ids, group_id) -> Changes  / remove_from_group(customer_ids, group_id)
# group_by_key(key) -> GroupInfo
# all_tags() -> list[str]                          in use, by pinyin
# get_rules() -> CustomerRules / save_rules(rules) -> Changes   ValidationError(field) on bad rules
# figures_of(order_count, total_spent_fen, first, last, rules, today) -> Figures
# rebuild_figures(customer_ids) -> None            recompute from orders + imported orders (in a txn)


# --- drafts ---------------------------------------------------------------------------------------


def search_pinyin(name: str, nick: str) -> str:
    """What Customer.pinyin holds: the name's pinyin key (surname readings), then the nick."""
    return " ".join(p for p in (pinyin.search_key(name, surname=True), nick.lower()) if p)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _clean_phone(text: str, field_name: str) -> phones.Phone | None:
    text = (text or "").strip()
    if not text:
        return None
    phone = phones.normalize_phone(text)
    if phone is None:
        raise ValidationError(
            _("{phone} is not a phone number (a mobile has 11 digits starting with 1).").format(
                phone=text
            ),
            field_name,
        )
    return phone


def _clean_address(address: AddressDraft, number: int, name: str) -> AddressDraft | None:
    values = {
        f: _one_line(getattr(address, f))
        for f in ("receiver", "province", "city", "district", "street", "postcode")
    }
    raw_phone = (address.phone or "").strip()
    if not any(values.values()) and not raw_phone:
        return None
    where = _("Address {number}").format(number=number)
    if not values["province"]:
        raise ValidationError(
            _("{where}: the province is missing.").format(where=where), "addresses"
        )
    if not values["street"]:
        raise ValidationError(
            _("{where}: the street address is missing.").format(where=where), "addresses"
        )
    if len(values["street"]) > MAX_STREET:
        raise ValidationError(
            _("{where}: the street address is too long.").format(where=where), "addresses"
        )
    postcode = values["postcode"]
    if postcode and not (postcode.isascii() and postcode.isdigit() and len(postcode) == 6):
        raise ValidationError(
            _("{where}: a postcode has 6 digits.").format(where=where), "addresses"
        )
    phone = _clean_phone(raw_phone, "addresses") if raw_phone else None
    if len(values["receiver"]) > MAX_NAME:
        raise ValidationError(_("{where}: the receiver's name is too long.").format(where=where),
                              "addresses")
    return AddressDraft(
        receiver=values["receiver"] or name,
        phone=phone.text if phone else "",
        province=values["province"],
        city=values["city"],
        district=values["district"],
        street=values["street"],
        postcode=postcode,
        is_default=bool(address.is_default),
        id=address.id,
    )


def clean_draft(draft: CustomerDraft) -> tuple[CustomerDraft, list[phones.Phone]]:
    """Trimmed and checked (ValidationError naming the field), and the normalised phones."""
    name = _one_line(draft.name)
    nick = (draft.nick or "").strip()
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("Name is too long (at most {count} characters).").format(count=MAX_NAME), "name"
        )
    if len(nick) > MAX_NICK or any(ch in nick for ch in "\r\n\t"):
        raise ValidationError(_("This buyer ID is not valid."), "nick")
    cleaned_phones: list[phones.Phone] = []
    for text in draft.phones:
        phone = _clean_phone(text, "phones")
        if phone is not None and phone.text not in {p.text for p in cleaned_phones}:
            cleaned_phones.append(phone)
    if len(cleaned_phones) > MAX_PHONES:
        raise ValidationError(
            _("At most {count} phone numbers.").format(count=MAX_PHONES), "phones"
        )
    if not name and not nick:
        raise ValidationError(_("Enter a name or a buyer ID (旺旺)."), "name")
    addresses = [
        a for a in (
            _clean_address(a, n, name) for n, a in enumerate(draft.addresses, 1)
        ) if a is not None
    ]
    if len(addresses) > MAX_ADDRESSES:
        raise ValidationError(
            _("At most {count} addresses.").format(count=MAX_ADDRESSES), "addresses"
        )
    if addresses:
        default = next((i for i, a in enumerate(addresses) if a.is_default), 0)
        addresses = [dataclasses.replace(a, is_default=(i == default)) for i, a in enumerate(addresses)]
    tags: list[str] = []
    for tag in draft.tags:
        tag = _one_line(tag)
        if not tag:
            continue
        if len(tag) > MAX_TAG:
            raise ValidationError(
                _("Tag {tag} is too long (at most {count} characters).").format(tag=tag, count=MAX_TAG),
                "tags",
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(_("At most {count} tags.").format(count=MAX_TAGS), "tags")
    notes = (draft.notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ValidationError(
            _("Notes are too long (at most {count} characters).").format(count=MAX_NOTES), "notes"
        )
    group_ids = tuple(dict.fromkeys(int(g) for g in draft.group_ids))
    cleaned = CustomerDraft(
        name=name,
        nick=nick,
        phones=tuple(p.text for p in cleaned_phones),
        addresses=tuple(addresses),
        group_ids=group_ids,
        tags=tuple(tags),
        notes=notes,
    )
    return cleaned, cleaned_phones


def _check_nick_free(nick: str, customer_id: int | None) -> None:
    if not nick:
        return
    query = Customer.select(Customer.id, Customer.name).where(
        Customer.nick.collate("NOCASE") == nick, Customer.merged_into.is_null()
    )
    if customer_id is not None:
        query = query.where(Customer.id != customer_id)
    other = query.first()
    if other is not None:
        raise ValidationError(
            _("Buyer ID {nick} already belongs to customer {name}.").format(
                nick=nick, name=other.name or nick
            ),
            "nick",
        )


def _check_groups(group_ids: tuple[int, ...]) -> None:
    if not group_ids:
        return
    found = {g.id for g in CustomerGroup.select(CustomerGroup.id).where(CustomerGroup.id.in_(group_ids))}
    if set(group_ids) - found:
        raise ValidationError(_("A chosen group no longer exists."), "groups")


def _tag_ids(names: tuple[str, ...]) -> list[int]:
    ids = []
    for name in names:
        tag = Tag.get_or_none(Tag.name == name)
        if tag is None:
            tag = Tag.create(name=name)
        ids.append(tag.id)
    return ids


def _write(customer_id: int, draft: CustomerDraft, cleaned_phones: list[phones.Phone]) -> None:
    """Phones, addresses, groups and tags of a customer set to the draft's."""
    CustomerPhone.delete().where(CustomerPhone.customer == customer_id).execute()
    for position, phone in enumerate(cleaned_phones):
        CustomerPhone.create(customer=customer_id, phone=phone.text, kind=phone.kind, position=position)
    kept = [a.id for a in draft.addresses if a.id is not None]
    stale = Address.delete().where(Address.customer == customer_id)
    if kept:
        stale = stale.where(Address.id.not_in(kept))
    stale.execute()
    for address in draft.addresses:
        values = {
            f: getattr(address, f)
            for f in ("receiver", "phone", "province", "city", "district", "street", "postcode", "is_default")
        }
        if address.id is not None:
            updated = Address.update(**values).where(
                Address.id == address.id, Address.customer == customer_id
            ).execute()
            if updated:
                continue
        Address.create(customer=customer_id, **values)
    current = {
        m.group_id: m.added_at
        for m in CustomerGroupMember.select().where(CustomerGroupMember.customer == customer_id)
    }
    CustomerGroupMember.delete().where(
        CustomerGroupMember.customer == customer_id,
        CustomerGroupMember.group.not_in(draft.group_ids or (0,)),
    ).execute()
    for group_id in draft.group_ids:
        if group_id not in current:
            CustomerGroupMember.create(customer=customer_id, group=group_id)
    CustomerTag.delete().where(CustomerTag.customer == customer_id).execute()
    for tag_id in _tag_ids(draft.tags):
        CustomerTag.create(customer=customer_id, tag=tag_id)
    Tag.delete().where(Tag.id.not_in(CustomerTag.select(CustomerTag.tag))).execute()


def require_customer(customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise DomainError(_("This customer no longer exists."))
    if customer.merged_into_id is not None:
        into = Customer.get_or_none(Customer.id == customer.merged_into_id)
        raise DomainError(
            _("This customer was merged into {name}.").format(
                name=(into.name or into.nick) if into else "?"
            )
        )
    return customer


def create_customer(draft: CustomerDraft) -> tuple[CustomerDetail, Changes]:
    draft, cleaned_phones = clean_draft(draft)
    with db.atomic():
        _check_nick_free(draft.nick, None)
        _check_groups(draft.group_ids)
        customer = Customer.create(
            name=draft.name,
            nick=draft.nick,
            notes=draft.notes,
            pinyin=search_pinyin(draft.name, draft.nick),
        )
        _write(customer.id, draft, cleaned_phones)
        customer_search.reindex([customer.id])
    return get_customer(customer.id), Changes.of(changes.CUSTOMERS)


def update_customer(customer_id: int, draft: CustomerDraft) -> tuple[CustomerDetail, Changes]:
    draft, cleaned_phones = clean_draft(draft)
    with db.atomic():
        require_customer(customer_id)
        _check_nick_free(draft.nick, customer_id)
        _check_groups(draft.group_ids)
        Customer.update(
            name=draft.name,
            nick=draft.nick,
            notes=draft.notes,
            pinyin=search_pinyin(draft.name, draft.nick),
            updated_at=now(),
        ).where(Customer.id == customer_id).execute()
        _write(customer_id, draft, cleaned_phones)
        customer_search.reindex([customer_id])
    return get_customer(customer_id), Changes.of(changes.CUSTOMERS)


def delete_customer(customer_id: int) -> Changes:
    """Delete a customer who has no orders and no returns (one with orders stays: they are the
    shop's history)."""
    with db.atomic():
        customer = require_customer(customer_id)
        has_orders = Order.select().where(Order.customer == customer_id).exists()
        has_returns = ReturnCase.select().where(ReturnCase.customer == customer_id).exists()
        if has_orders or has_returns:
            raise DomainError(
                _("{name} has orders or returns, so the customer cannot be deleted.").format(
                    name=customer.name or customer.nick
                )
            )
        # the empty shells of customers merged into this one go with it (their records moved
        # here at the merge; left behind they would come back as blank customers)
        merged = [c.id for c in Customer.select(Customer.id).where(Customer.merged_into == customer_id)]
        Customer.delete().where(Customer.id.in_(merged or [0])).execute()
        customer.delete_instance()
        Tag.delete().where(Tag.id.not_in(CustomerTag.select(CustomerTag.tag))).execute()
        customer_search.reindex([customer_id, *merged])
    return Changes.of(changes.CUSTOMERS)


def get_customer(customer_id: int, today: datetime.date | None = None) -> CustomerDetail:
    customer = require_customer(customer_id)
    phone_rows = list(
        CustomerPhone.select().where(CustomerPhone.customer == customer_id).order_by(CustomerPhone.position)
    )
    address_rows = list(
        Address.select()
        .where(Address.customer == customer_id)
        .order_by(Address.is_default.desc(), Address.id)
    )
    groups = tuple(
        _group_info_rows(
            "WHERE g.id IN (SELECT group_id FROM customer_group_member WHERE customer_id = ?)",
            (customer_id,),
        )
    )
    tags = tuple(
        t.name
        for t in Tag.select().join(CustomerTag).where(CustomerTag.customer == customer_id).order_by(Tag.name)
    )
    draft = CustomerDraft(
        name=customer.name,
        nick=customer.nick,
        phones=tuple(p.phone for p in phone_rows),
        addresses=tuple(
            AddressDraft(
                receiver=a.receiver, phone=a.phone, province=a.province, city=a.city,
                district=a.district, street=a.street, postcode=a.postcode,
                is_default=bool(a.is_default), id=a.id,
            )
            for a in address_rows
        ),
        group_ids=tuple(g.id for g in groups),
        tags=tags,
        notes=customer.notes,
    )
    return CustomerDetail(
        id=customer.id,
        draft=draft,
        phones=tuple(PhoneInfo(p.phone, p.kind, phones.mask(p.phone)) for p in phone_rows),
        groups=groups,
        figures=figures_of(
            customer.order_count, customer.total_spent_fen, customer.first_order_at,
            customer.last_order_at, get_rules(), today,
        ),
        blacklisted=any(g.key == BLACKLIST for g in groups),
        created_at=customer.created_at,
        updated_at=customer.updated_at,
        merged_from=tuple(
            c.id for c in Customer.select(Customer.id).where(Customer.merged_into == customer_id)
        ),
    )


def find_by_phone(text: str) -> list[int]:
    phone = phones.normalize_phone(text)
    if phone is None:
        return []
    rows = db.execute_sql(
        "SELECT c.id FROM customer c WHERE c.merged_into_id IS NULL AND c.id IN ("
        " SELECT customer_id FROM customer_phone WHERE phone = ?1"
        " UNION SELECT customer_id FROM address WHERE phone = ?1) ORDER BY c.id",
        (phone.text,),
    )
    return [r[0] for r in rows]


def find_by_nick(nick: str) -> int | None:
    nick = (nick or "").strip()
    if not nick:
        return None
    rows = list(
        Customer.select(Customer.id, Customer.merged_into)
        .where(Customer.nick.collate("NOCASE") == nick)
        .order_by(Customer.merged_into.is_null(False), Customer.id)
    )
    if not rows:
        return None
    found = rows[0]
    for _step in range(20):  # a customer merged away: the one it went into (merges can chain)
        if found.merged_into_id is None:
            return found.id
        found = Customer.get_or_none(Customer.id == found.merged_into_id)
        if found is None:
            return None
    return None


from desk.core.customer_groups import (  # noqa: E402  (they need the dataclasses above)
    MERGED_IDS,
    _group_info_rows,
    add_to_group,
    all_tags,
    create_group,
    delete_group,
    group_by_key,
    list_groups,
    move_group,
    remove_from_group,
    update_group,
)
from desk.core.customer_rules import (  # noqa: E402
    COUNTED_ORDER,
    MAX_DORMANT_DAYS,
    MAX_TIER_NAME,
    MAX_TIERS,
    RULES_KEY,
    clean_rules,
    figures_of,
    get_rules,
    rebuild_figures,
    save_rules,
    tier_of,
)
from desk.core.customer_list import (  # noqa: E402
    SORT_LIMIT,
    count_customers,
    customer_ids,
    search_customers,
    sidebar_counts,
    sorted_as_asked,
)

__all__ = [
    "AddressDraft", "CustomerDraft", "CustomerDetail", "CustomerRow", "CustomerRules", "Figures",
    "GroupInfo", "PhoneInfo", "SidebarCounts", "Tier",
    "add_to_group", "all_tags", "count_customers", "create_customer", "create_group",
    "customer_ids", "delete_customer", "delete_group", "figures_of", "find_by_nick",
    "find_by_phone", "get_customer", "get_rules", "group_by_key", "list_groups", "move_group",
    "rebuild_figures", "remove_from_group", "save_rules", "search_customers", "search_pinyin",
    "sidebar_counts", "sorted_as_asked", "SORT_LIMIT", "tier_of", "update_customer", "update_group",
    "COUNTED_ORDER", "MAX_DORMANT_DAYS", "MAX_TIER_NAME", "MAX_TIERS", "MERGED_IDS", "RULES_KEY",
    "clean_rules",
]  # fmt: skip
