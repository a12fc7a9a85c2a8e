"""The cases of the order desk the demo makes on purpose, so that every screen has something
to show: orders merged into another (合并订单), pairs of open orders to the same phone (the
pre-print check offers to merge them), orders unpaid for more than 12 hours (催付), and the memo
history of flagged orders (a second memo, a flag changed, unread red and yellow memos).

Every choice here draws from the stage's own stream (`Build.stream("order_cases")`), so the
orders that are no case stay as the main stream makes them. The merges follow
`desk.core.order_merge` (see `Merge`): the main order is the earlier one, the other keeps its
lines and its status at the time of the merge and gets `merged_into`, both get a "merge" event,
every memo moves to the main order with a memo recording the merge, the buyer messages and gifts
are combined marked with their order numbers, the lines combined (same variant and price: one
line), postage the highest, discounts summed.
"""

from __future__ import annotations

from desk.core import orders as order_rules
from desk.core.demo.context import HOUR
from desk.core.demo.timeline import after_payment
from desk.i18n import _

#: Pairs of orders merged per order of a day (about one order in 150 is part of a merge).
MERGE_RATE = 0.0035
#: The two orders of a pair are taken at most this far apart, the same day.
PAIR_WINDOW = 8 * HOUR
#: Orders unpaid after 12 hours (催付) made on purpose per order of the last two days.
CHASE_RATE = 0.01
#: Unpaid orders older than this are closed by the platform: none left for 催付 then.
CHASE_MAX_AGE = 60 * HOUR
CHASE_MIN_AGE = order_rules.UNPAID_CHASE_HOURS * HOUR + 15 * 60

MERGE_PAID, MERGE_UNPAID = "merge_paid", "merge_unpaid"
OPEN_PAID, OPEN_UNPAID = "open_paid", "open_unpaid"
CHASE = "chase"


def plan_day(
    s, times: list[int], day: int, first_day: int, today: int, now: int, shown: dict
) -> dict:
    """{sequence number: role} for one day's orders (`times` sorted): ("main", kind, other seq),
    ("other", kind, main seq) or (CHASE,). Yesterday always has a paid and an unpaid merge,
    today an open pair of each kind, when the day has orders enough."""
    n = len(times)
    roles: dict[int, tuple] = {}
    kinds = [MERGE_PAID if s() < 0.7 else MERGE_UNPAID for _ in range(int(n * MERGE_RATE + s()))]
    if day == today - 1 or (day == today == first_day):
        kinds += [MERGE_PAID, MERGE_UNPAID]
    if day == today:
        kinds += [OPEN_PAID, OPEN_UNPAID]
    for kind in kinds:
        for _attempt in range(20):
            i = 1 + int(s() * n)
            j = i + 1 + int(s() * 3)
            if j > n or i in roles or j in roles or i in shown or j in shown:
                continue
            if times[j - 1] - times[i - 1] > PAIR_WINDOW:
                continue
            roles[i] = ("main", kind, j)
            roles[j] = ("other", kind, i)
            break
    if day >= today - 2:
        window = [
            seq for seq in range(1, n + 1)
            if CHASE_MIN_AGE <= now - times[seq - 1] <= CHASE_MAX_AGE
            and seq not in roles and seq not in shown
        ]
        if window:
            for _k in range(max(1, int(n * CHASE_RATE))):
                roles.setdefault(window[int(s() * len(window))], (CHASE,))
    return roles


def _steps(status: str, paid: int | None = None) -> tuple:
    return status, paid, None, None, None, None, None, None


def pair_timelines(s, kind: str, ta: int, tb: int, now: int, remote: bool, ship_later: bool):
    """(main's timeline, other's timeline, merge time or None) for a pair taken at `ta` ≤ `tb`.

    Merged when paid: both paid, the desk merges them when the second is paid, and the buyer
    confirms the combined order. Merged unpaid: the buyer asks for one parcel before paying, the
    desk merges them and the buyer pays the main order. Open: the desk has not got to them yet
    (the pre-print check will offer the merge). A merge that "now" has not reached stays open.
    """
    if kind == OPEN_UNPAID:
        return _steps("unpaid"), _steps("unpaid"), None
    pa = min(ta + 30 + int(s() * 600), now)
    pb = min(tb + 30 + int(s() * 600), now)
    if kind == OPEN_PAID:
        return _steps("paid", pa), _steps("paid", pb), None
    if kind == MERGE_PAID:
        at = max(pa, pb) + 120 + int(s() * 1200)
        if at > now:
            return _steps("paid", pa), _steps("paid", pb), None
        return after_payment(s, pa, at, now, remote, ship_later), _steps("paid", pb), at
    at = tb + 300 + int(s() * 1800)  # MERGE_UNPAID
    if at > now:
        return _steps("unpaid"), _steps("unpaid"), None
    paid = at + 60 + int(s() * 1800)
    if paid > now:
        return _steps("unpaid"), _steps("unpaid"), at
    return after_payment(s, paid, paid, now, remote, ship_later), _steps("unpaid"), at


def combined_text(parts: list[tuple[str, str]], limit: int) -> str:
    """`order_merge._combined_texts` for the demo's short texts: the main order's text alone, or
    every order's marked with its number."""
    kept = [(number, text.strip()) for number, text in parts if text.strip()]
    if not kept or (len(kept) == 1 and kept[0][0] == parts[0][0]):
        return parts[0][1]
    text = "\n".join(f"{number}: {value}" for number, value in kept)
    return text if len(text) <= limit else parts[0][1]


def merge_memo(other_number: str, other_flag: str | None) -> str:
    """The memo `order_merge.merge_orders` leaves on the main order."""
    record = [_("Merged orders {numbers} into this order.").format(numbers=other_number)]
    if other_flag:
        record.append(_("Order {number} had the flag {flag}.").format(
            number=other_number, flag=order_rules.flag_label(other_flag)))
    return "\n".join(record)


def merged_into_note(number: str) -> str:
    return _("Merged into order {number}").format(number=number)


def merged_from_note(numbers: str) -> str:
    return _("Merged from order {numbers}").format(numbers=numbers)


def memo_history(s, oid: int, flag: str, created: int, first_at: int, limit: int, staff_at,
                 memos: dict, text, rows: list) -> int:
    """Besides the flag's memo at `first_at`: now and then an earlier memo under another flag
    (then the flag was changed: the service's "Flag set to …" line), and a later memo by the
    shift at the desk then. Nothing is written after `limit` (the label printed, or now).
    Returns the time of the last memo."""
    last = first_at
    if s() < 0.12 and first_at - created > 120:
        old = ("purple", "blue", "red", "green")[int(s() * 4)]
        if old != flag:
            at = created + int(s() * (first_at - created - 60))
            texts = memos[old]
            who = staff_at(at)
            rows.append((oid, old, texts[int(s() * len(texts))], who, text(at), text(first_at),
                         staff_at(first_at)))
            rows.append((oid, flag, order_rules.flag_memo_text(flag), staff_at(first_at - 30),
                         text(first_at - 30), text(first_at), staff_at(first_at)))
    if s() < 0.3:
        at = first_at + 600 + int(s() * 6 * HOUR)
        if at <= limit:
            texts = memos[flag]
            read_at = read_by = None
            if at + HOUR <= limit and s() < 0.8:
                seen = min(at + int(s() * 4 * HOUR), limit)
                read_at, read_by = text(seen), staff_at(seen)
            rows.append((oid, flag, texts[int(s() * len(texts))], staff_at(at), text(at),
                         read_at, read_by))
            last = at
    return last
