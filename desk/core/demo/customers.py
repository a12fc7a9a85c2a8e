"""The demo's address book: customers with phones and addresses (a few likely duplicates among
them), and after the orders the orders imported from last year's Taobao export, the figures,
groups, tags and the search index. Follow-ups (回访) are in `follow_ups`."""

from __future__ import annotations

from collections.abc import Callable

from desk.core import customer_search, customers
from desk.core.demo import data
from desk.core.demo.context import DAY, HOUR, Build, weighted_pool
from desk.db.connection import db
from desk.i18n import _

#: About one customer in this many is a likely duplicate of an earlier one (疑似重复).
DUPLICATE_EVERY = 200
#: About one customer in this many (of those in the book before the first order day) bought
#: before the shop used Shop Desk: their orders come from the imported Taobao export.
IMPORTED_EVERY = 40


def _given_pool() -> list[int]:
    weights = [max(1, data.GIVEN_POPULARITY // (k // 6 + 1)) for k in range(len(data.GIVEN_CHARS))]
    return weighted_pool(weights)


_GIVEN_POOL = _given_pool()


def _customer_name(r, index: int) -> str:
    if index % 97 == 13:
        return data.RARE_NAMES[(index // 97) % len(data.RARE_NAMES)]
    surnames, given, pool = data.SURNAMES, data.GIVEN_CHARS, _GIVEN_POOL
    surname = (
        data.COMPOUND_SURNAMES[int(r() * len(data.COMPOUND_SURNAMES))]
        if r() < 0.01
        else surnames[int(r() * r() * len(surnames))]  # the common ones more often
    )
    name = given[pool[int(r() * len(pool))]]
    if r() < 0.7:
        name += given[pool[int(r() * len(pool))]]
    return surname + name


def _nick(r) -> str:
    x = r()
    if x < 0.4:
        return f"tb_{int(r() * 90_000_000) + 10_000_000}"
    if x < 0.5:
        return f"tb{int(r() * 9_000_000_000) + 1_000_000_000}"
    if x < 0.8:
        word = data.NICK_WORDS[int(r() * len(data.NICK_WORDS))]
        return word + (str(int(r() * 15) + 2010) if r() < 0.6 else str(int(r() * 1000)))
    word = data.NICK_LATIN[int(r() * len(data.NICK_LATIN))]
    return f"{word}_{int(r() * 12) + 1:02d}{int(r() * 28) + 1:02d}"


def _mobile(r) -> str:
    prefixes = data.MOBILE_PREFIXES
    return prefixes[int(r() * len(prefixes))] + f"{int(r() * 100_000_000):08d}"


def _street(r) -> str:
    road = data.ROADS[int(r() * len(data.ROADS))]
    number = int(r() * 900) + 1
    if r() < 0.15:
        place = data.WORKPLACES[int(r() * len(data.WORKPLACES))]
        return f"{road}{number}号{place}{int(r() * 20) + 1}楼"
    community = data.COMMUNITIES[int(r() * len(data.COMMUNITIES))]
    return (
        f"{road}{number}号{community}{int(r() * 30) + 1}栋"
        f"{int(r() * 4) + 1}单元{int(r() * 25) + 1}{int(r() * 4) + 1:02d}室"
    )


def duplicate_plan(n: int) -> dict[int, str]:
    """Customer index → the kind of likely duplicate it is of an earlier customer: "phone" (the
    same phone under another 旺旺 nickname) or "name_address" (the same name and address with
    another phone), alternately, evenly spread: one in `DUPLICATE_EVERY`, at least two of each
    kind when there are 20 customers or more."""
    if n < 20:
        return {}
    count = max(4, n // DUPLICATE_EVERY)
    spots = sorted({max(1, (2 * k + 1) * n // (2 * count)) for k in range(count)})
    return {i: ("phone", "name_address")[k % 2] for k, i in enumerate(spots)}


class _PinyinKeys:
    """`customers.search_pinyin(name, nick)` (what the service stores in Customer.pinyin), with
    the name's key worked out once per distinct name (most of the build's time otherwise)."""

    def __init__(self):
        self.by_name: dict[str, str] = {}

    def __call__(self, name: str, nick: str) -> str:
        key = self.by_name.get(name)
        if key is None:
            key = self.by_name[name] = customers.search_pinyin(name, "")
        nick = nick.lower()
        return f"{key} {nick}" if key and nick else key or nick


def write_customers(b: Build) -> None:
    """Customers in the order they were added (ids follow `created_at`), with phones and
    addresses; the order figures are filled in after the orders (`write_customer_figures`).

    The likely duplicates (`duplicate_plan`) take another customer's phone or name and address;
    they draw from their own stream, so the other customers are as they would be without them."""
    rng, clock = b.rng, b.clock
    r = rng.random
    n = b.n_customers
    stage = _("Customers")
    b.progress(stage, 0, n)
    window_start = clock.first_order_day * DAY
    before = max(1, round(n * 0.4))  # the address book from before the order window
    created = sorted(
        [int(r() * window_start) for _ in range(before)]
        + [window_start + int(r() * (clock.now - window_start)) for _ in range(n - before)]
    )
    regions = data.REGIONS
    region_pool = weighted_pool([region[4] for region in regions])
    duplicates = duplicate_plan(n)
    twin = b.stream("duplicates").random
    pinyin_key = _PinyinKeys()
    names: list[str] = []
    first_phones: list[str] = []
    customers_, phones, addresses = [], [], []
    ts = clock.ts
    for i in range(n):
        cid = i + 1
        name = _customer_name(r, i)
        nick = _nick(r)
        at = ts(created[i])
        notes = data.CUSTOMER_NOTES[int(r() * len(data.CUSTOMER_NOTES))] if r() < 0.12 else ""
        own = [_mobile(r)]
        if r() < 0.3:
            own.append(_mobile(r))
        kind = duplicates.get(i)
        other = int(twin() * i) if kind else -1
        if kind == "phone":  # a second 旺旺 account, or the family's phone
            own[0] = first_phones[other]
            if twin() < 0.7:
                name = names[other]
        elif kind == "name_address":  # a new phone number
            name = names[other]
        names.append(name)
        first_phones.append(own[0])
        key = pinyin_key(name, nick)
        customers_.append((cid, nick, name, key, notes, at, at))
        b.customer_search.append((name, nick, key, own))
        for position, phone in enumerate(own):
            phones.append((cid, phone, position))
        b.customer_address.append(len(b.addresses))
        count = 2 if r() < 0.25 else 1
        b.customer_address_count.append(count)
        for k in range(count):
            province, city, district, postcode, _w, remote = regions[
                region_pool[int(r() * len(region_pool))]
            ]
            receiver = name if k == 0 or r() < 0.5 else _customer_name(r, -1)  # family
            phone = own[k] if k < len(own) else (own[0] if r() < 0.5 else _mobile(r))
            row = (receiver, phone, province, city, district, _street(r), postcode)
            if k == 0 and kind == "name_address":
                index = b.customer_address[other]
                row = (name, phone, *b.addresses[index][2:])
                remote = b.address_remote[index]
            b.addresses.append(row)
            b.address_remote.append(remote)
            addresses.append((cid, *row, 1 if k == 0 else 0, at))
        if len(customers_) >= 50_000:
            _flush_customers(b, customers_, phones, addresses)
            b.progress(stage, cid, n)
    _flush_customers(b, customers_, phones, addresses)
    b.customer_created = created
    b.counts["customers"] = n
    b.progress(stage, n, n)


def _flush_customers(b: Build, customers_: list, phones: list, addresses: list) -> None:
    with db.atomic():
        b.executemany(
            "INSERT INTO customer (id, nick, name, pinyin, notes, merged_into_id, order_count,"
            " total_spent_fen, first_order_at, last_order_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, NULL, 0, 0, NULL, NULL, ?, ?)",
            customers_,
        )
        b.executemany(
            "INSERT INTO customer_phone (customer_id, phone, kind, position)"
            " VALUES (?, ?, 'mobile', ?)",
            phones,
        )
        b.executemany(
            "INSERT INTO address (customer_id, receiver, phone, province, city, district, street,"
            " postcode, is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            addresses,
        )
    b.counts["customer_phones"] = b.counts.get("customer_phones", 0) + len(phones)
    b.counts["addresses"] = b.counts.get("addresses", 0) + len(addresses)
    customers_.clear()
    phones.clear()
    addresses.clear()


# --- after the orders: imported orders, figures, groups, tags, search ----------------------------


def write_imported_orders(b: Build) -> None:
    """The evening before the first order day, the couple imported last year's Taobao order
    export (订单报表): some customers of the book from before bought one to four times then. Their
    orders are `imported_order` rows (Taobao numbers of 18–19 digits), counted into the figures
    like the app's own orders (`customers.rebuild_figures`)."""
    s = b.stream("imported_orders").random
    clock = b.clock
    imported_at = clock.first_order_day * DAY - DAY + 20 * HOUR
    last_day = clock.first_order_day - 1  # ordered before the import, after being added
    numbers: set[str] = set()
    rows = []
    for i, created in enumerate(b.customer_created):
        if created >= (last_day - 2) * DAY:
            break  # ids follow created_at: the rest were added later
        if s() >= 1 / IMPORTED_EVERY:
            continue
        span = last_day * DAY - created
        times = sorted(created + int(s() * span) for _ in range(1 + int(s() * s() * 4)))
        for t in times:
            number = ""
            while not number or number in numbers:
                number = _taobao_number(s)
            numbers.add(number)
            total = (int(s() * 30) + 4) * 1000 - (100 if s() < 0.6 else 0) + int(s() * 2) * 500
            rows.append((number, i + 1, total, clock.ts(t), clock.ts(imported_at)))
            b.order_count[i] += 1
            b.spent_fen[i] += total
            if b.first_order[i] < 0 or t < b.first_order[i]:
                b.first_order[i] = t
            b.last_order[i] = max(b.last_order[i], t)
        b.imported_customers.append(i)
    with db.atomic():
        b.executemany(
            "INSERT INTO imported_order (external_no, customer_id, total_fen, ordered_at, source,"
            " imported_at) VALUES (?, ?, ?, ?, 'taobao', ?)",
            rows,
        )
    b.counts["imported_orders"] = len(rows)


def _taobao_number(s) -> str:
    """An order number (订单编号) as Taobao writes them: 18 or 19 digits, no leading zero."""
    digits = data.TAOBAO_ORDER_DIGITS[int(s() * len(data.TAOBAO_ORDER_DIGITS))]
    head = str(int(s() * 4) + 1)
    middle = f"{int(s() * 1_000_000_000):09d}"
    return head + middle + f"{int(s() * 10 ** (digits - 10)):0{digits - 10}d}"


def write_customer_figures(b: Build) -> None:
    """The derived columns, from what `orders.write_orders` counted (paid and not closed) and
    the imported orders (`write_imported_orders`)."""
    ts = b.clock.ts
    rows = []
    for i, count in enumerate(b.order_count):
        if count:
            last = ts(b.last_order[i])
            rows.append((count, b.spent_fen[i], ts(b.first_order[i]), last, last, i + 1))
    with db.atomic():
        b.executemany(
            "UPDATE customer SET order_count = ?, total_spent_fen = ?, first_order_at = ?,"
            " last_order_at = ?, updated_at = ? WHERE id = ?",
            rows,
        )


def _group_ids(b: Build) -> dict[str, int]:
    """The built-in groups by key (migration 0002 seeded them), then the couple's own by name,
    added after them."""
    conn = b.conn
    ids = {
        key: gid
        for key, gid in conn.execute("SELECT key, id FROM customer_group WHERE key IS NOT NULL")
    }
    missing = set(customers.BUILT_IN_GROUPS) - set(ids)
    if missing:  # open_shop migrated the file: they are there
        raise RuntimeError(f"built-in customer groups missing: {sorted(missing)}")
    position = conn.execute("SELECT COALESCE(MAX(position), 0) FROM customer_group").fetchone()[0]
    for step, (name, colour) in enumerate(data.OWN_GROUPS, 1):
        conn.execute(
            "INSERT INTO customer_group (key, name, color, note, position)"
            " VALUES (NULL, ?, ?, '', ?) ON CONFLICT DO NOTHING",
            (name, colour, position + step),
        )
        ids[name] = conn.execute(
            "SELECT id FROM customer_group WHERE name = ?", (name,)
        ).fetchone()[0]
    return ids


def write_groups_and_tags(b: Build) -> None:
    """Memberships by the rules the couple use: no order yet → potential, one → new, more →
    repeat, big spenders → VIP; a few on the blacklist; their own groups (朋友圈, 宝妈群, and the
    buyers of the Taobao import)."""
    rng, ts = b.rng, b.clock.ts
    r = rng.random
    extra = b.stream("groups").random
    with db.atomic():
        group_ids = _group_ids(b)
        b.conn.executemany(
            "INSERT INTO tag (name) VALUES (?) ON CONFLICT DO NOTHING", [(t,) for t in data.TAGS]
        )
        tag_ids = [
            b.conn.execute("SELECT id FROM tag WHERE name = ?", (t,)).fetchone()[0]
            for t in data.TAGS
        ]
    friends, mums = group_ids[data.FRIENDS_GROUP], group_ids[data.MUMS_GROUP]
    imported = group_ids[data.IMPORTED_GROUP]
    imported_customers = set(b.imported_customers)
    members, tags = [], []
    for i, count in enumerate(b.order_count):
        cid = i + 1
        created = ts(b.customer_created[i])
        if count == 0:
            members.append((cid, group_ids["potential"], created))
        else:
            first, last = ts(b.first_order[i]), ts(b.last_order[i])
            if count == 1:
                members.append((cid, group_ids["new"], first))
            else:
                members.append((cid, group_ids["repeat"], last))
            if b.spent_fen[i] >= 200_000 or count >= 12:
                members.append((cid, group_ids["vip"], last))
        if i % 250 == 17:
            members.append((cid, group_ids["blacklist"], created))
        if r() < 0.08:
            members.append((cid, friends, created))
        if extra() < 0.03:
            members.append((cid, mums, created))
        if i in imported_customers:
            members.append((cid, imported, ts(b.clock.first_order_day * DAY - DAY + 20 * HOUR)))
        if r() < 0.2:
            for tag in rng.sample(tag_ids, 1 if r() < 0.7 else 2):
                tags.append((cid, tag))
    with db.atomic():
        b.executemany(
            "INSERT INTO customer_group_member (customer_id, group_id, added_at) VALUES (?, ?, ?)",
            members,
        )
        b.executemany("INSERT INTO customer_tag (customer_id, tag_id) VALUES (?, ?)", tags)
    b.counts.update(
        customer_groups=len(group_ids), group_members=len(members), tags=len(tag_ids),
        customer_tags=len(tags),
    )  # fmt: skip


def prepare_search_index(b: Build) -> Callable[[], None]:
    """The customer search index's rows, made from what `write_customers` kept in memory (no
    query: this runs while another thread rebuilds the table indexes, see `build._fill`); the
    function returned writes them. The index's version setting gets the demo's time, not the
    clock's."""
    stage = _("Building the customer search index")
    n = len(b.customer_search)
    b.progress(stage, 0, n)
    texts = customer_search.index_texts
    first, count, addresses = b.customer_address, b.customer_address_count, b.addresses
    rows = []
    for i, (name, nick, key, own) in enumerate(b.customer_search):
        start = first[i]
        rows.append((i + 1, *texts(name, nick, key, own, addresses[start : start + count[i]])))
        if i % 50_000 == 49_999:
            b.progress(stage, i + 1, n)
    b.customer_search = []

    def write() -> None:
        customer_search.write_index(rows)
        with db.atomic():
            b.conn.execute(
                "UPDATE setting SET updated_at = ? WHERE key = ?",
                (b.clock.ts(b.clock.now), customer_search.VERSION_KEY),
            )
        b.progress(stage, n, n)

    return write
