"""The demo's address book: customers with phones and addresses, and after the orders their
figures, groups, tags and follow-ups (回访)."""

from __future__ import annotations

from desk.core.demo import data
from desk.core.demo.context import DAY, HOUR, Build, weighted_pool
from desk.db.connection import db
from desk.i18n import _


def _customer_name(r, index: int) -> str:
    if index % 97 == 13:
        return data.RARE_NAMES[(index // 97) % len(data.RARE_NAMES)]
    surnames, given = data.SURNAMES, data.GIVEN_CHARS
    surname = (
        data.COMPOUND_SURNAMES[int(r() * len(data.COMPOUND_SURNAMES))]
        if r() < 0.01
        else surnames[int(r() * r() * len(surnames))]  # the common ones more often
    )
    name = given[int(r() * len(given))]
    if r() < 0.7:
        name += given[int(r() * len(given))]
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


def write_customers(b: Build) -> None:
    """Customers in the order they were added (ids follow `created_at`), with phones and
    addresses; the order figures are filled in after the orders (`write_customer_figures`)."""
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
    customers, phones, addresses = [], [], []
    ts = clock.ts
    for i in range(n):
        cid = i + 1
        name = _customer_name(r, i)
        at = ts(created[i])
        notes = data.CUSTOMER_NOTES[int(r() * len(data.CUSTOMER_NOTES))] if r() < 0.12 else ""
        customers.append((cid, _nick(r), name, notes, at, at))
        own = [_mobile(r)]
        if r() < 0.3:
            own.append(_mobile(r))
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
            b.addresses.append(row)
            b.address_remote.append(remote)
            addresses.append((cid, *row, 1 if k == 0 else 0, at))
        if len(customers) >= 50_000:
            _flush_customers(b, customers, phones, addresses)
            b.progress(stage, cid, n)
    _flush_customers(b, customers, phones, addresses)
    b.customer_created = created
    b.counts["customers"] = n
    b.progress(stage, n, n)


def _flush_customers(b: Build, customers: list, phones: list, addresses: list) -> None:
    with db.atomic():
        b.executemany(
            "INSERT INTO customer (id, nick, name, pinyin, notes, merged_into_id, order_count,"
            " total_spent_fen, first_order_at, last_order_at, created_at, updated_at)"
            " VALUES (?, ?, ?, '', ?, NULL, 0, 0, NULL, NULL, ?, ?)",
            customers,
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
    customers.clear()
    phones.clear()
    addresses.clear()


# --- after the orders: figures, groups, tags, follow-ups ---------------------------------------


def write_customer_figures(b: Build) -> None:
    """The derived columns, from what `orders.write_orders` counted (paid and not closed)."""
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


def write_groups_and_tags(b: Build) -> None:
    """Built-in groups by key (kept when the file has them already), memberships by the rules
    the couple use: no order yet → potential, one → new, more → repeat, big spenders → VIP."""
    rng, ts = b.rng, b.clock.ts
    r = rng.random
    conn = b.conn
    with db.atomic():
        group_ids = {}
        for position, (key, name, colour) in enumerate(data.GROUPS, 1):
            conn.execute(
                "INSERT INTO customer_group (key, name, color, note, position)"
                " VALUES (?, ?, ?, '', ?) ON CONFLICT DO NOTHING",
                (key, name, colour, position),
            )
            row = conn.execute(
                "SELECT id FROM customer_group WHERE key = ? UNION ALL"
                " SELECT id FROM customer_group WHERE name = ?",
                (key, name),
            ).fetchone()
            group_ids[key or name] = row[0]
        conn.executemany(
            "INSERT INTO tag (name) VALUES (?) ON CONFLICT DO NOTHING", [(t,) for t in data.TAGS]
        )
        tag_ids = [
            conn.execute("SELECT id FROM tag WHERE name = ?", (t,)).fetchone()[0] for t in data.TAGS
        ]
    own_group = group_ids[data.GROUPS[-1][1]]
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
            members.append((cid, own_group, created))
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


def write_follow_ups(b: Build) -> None:
    """回访: "did it arrive?" two days after a parcel was signed for (done, skipped or still
    open), a repurchase reminder for some regulars, a promotion call for some big spenders."""
    rng, clock = b.rng, b.clock
    r = rng.random
    ts, day_text = clock.ts, clock.day_text
    today = clock.today_index
    rows = []
    for cid, oid, signed in b.signed_recently:
        due = signed // DAY + 2
        status, note, done_at, who = "open", "", None, None
        if due < today:
            x = r()
            if x < 0.7:
                status = "done"
                note = data.FOLLOW_UP_NOTES_DONE[int(r() * len(data.FOLLOW_UP_NOTES_DONE))]
            elif x < 0.8:
                status = "skipped"
                note = data.FOLLOW_UP_NOTES_SKIPPED[int(r() * len(data.FOLLOW_UP_NOTES_SKIPPED))]
            if status != "open":
                x = due * DAY + 10 * HOUR + int(r() * 10 * HOUR)
                done_at, who = ts(x), b.staff_at(x)
        rows.append(
            (cid, oid, day_text[due], "after_delivery", "", status, note, who, done_at, ts(signed))
        )
    for i, count in enumerate(b.order_count):
        if count >= 2 and r() < 0.02:
            last = b.last_order[i]
            rows.append(
                (i + 1, None, day_text[last // DAY + 30], "repurchase",
                 data.REPURCHASE_TEXT, "open", "", None, None, ts(last))
            )  # fmt: skip
        elif b.spent_fen[i] >= 200_000 and r() < 0.1:
            rows.append(
                (i + 1, None, day_text[today + 3], "promotion", data.PROMOTION_TEXT, "open", "",
                 None, None, ts(clock.now))
            )  # fmt: skip
    with db.atomic():
        b.executemany(
            "INSERT INTO follow_up (customer_id, order_id, due_date, reason, reason_text, status,"
            " note, staff_id, done_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    b.counts["follow_ups"] = len(rows)
