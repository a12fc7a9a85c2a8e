"""The life of one order: when it was paid, confirmed, printed, shipped, signed for, completed
or closed, as far as "now" reaches; and today's showcase of the early states."""

from __future__ import annotations

from desk.core.demo.context import DAY, HOUR, NOW_TIME


def timeline(r, t: int, now: int, remote: bool, ship_later: bool) -> tuple:
    """The life of an order created at `t`, as far as "now" reaches.

    Returns (status, paid, confirmed, printed, shipped, signed, completed, closed): times in
    seconds, None for the steps not reached. 6% are never paid (closed within 3 days); 2% of the
    paid are refunded and closed before they ship. Confirmation happens during working hours
    (08:30-23:00); labels are printed in batches at 11:00, 16:10 (the cut-off) and 20:00; the
    courier picks up at 17:30-18:30; transit takes 1-3 days, 2 more to remote regions; the buyer
    confirms receipt within two days, or the platform does after ten.
    """
    if r() < 0.06:
        x = t + 2 * HOUR + int(r() * 70 * HOUR)
        if x <= now:
            return "closed", None, None, None, None, None, None, x
        return "unpaid", None, None, None, None, None, None, None
    x = t + (30 + int(r() * 900) if r() < 0.8 else 900 + int(r() * 36000))
    if x > now:
        return "unpaid", None, None, None, None, None, None, None
    return after_payment(r, x, x, now, remote, ship_later)


def after_payment(r, paid: int, x: int, now: int, remote: bool, ship_later: bool) -> tuple:
    """The rest of `timeline` for an order paid at `paid`, whose confirmation sheet goes to the
    buyer from `x` on (`x` = `paid`, or later when the desk merged it with another order first).
    """
    confirmed = printed = shipped = signed = completed = closed = None
    status = "paid"
    refund = x + 600 + int(r() * 40000) if r() < 0.02 else now + DAY
    tod = x % DAY
    if 30600 <= tod < 82800:  # half the buyers answer the confirmation sheet at once
        x += 120 + int(r() * 5400) if r() < 0.5 else HOUR + int(r() * 8 * HOUR)
    if not 30600 <= x % DAY < 82800:
        x = (x // DAY + (x % DAY >= 82800)) * DAY + 9 * HOUR + int(r() * HOUR)
    if x <= now and x < refund:
        confirmed = x
        status = "confirmed"
        tod = x % DAY
        base = x - tod
        if ship_later:  # the buyer asked for it (green flag)
            base += (2 + int(r() * 3)) * DAY
            tod = 0
        if tod < 39600:
            x = base + 39600
        elif tod < 58200:
            x = base + 58200
        elif tod < 72000:
            x = base + 72000
        else:
            x = base + DAY + 39600
        x += int(r() * 1200)
        if x <= now and x < refund:
            printed = x
            status = "printed"
            tod = x % DAY
            x = x - tod + (DAY if tod >= 63000 else 0) + 63000 + int(r() * HOUR)
            if x < refund:
                refund = now + DAY  # too late to stop it: the parcel went out
            if x <= now and x < refund:
                shipped = x
                status = "shipped"
                transit = 1 + int(r() * 2.5) + (2 if remote else 0)
                x = (x // DAY + transit) * DAY + 8 * HOUR + int(r() * 12 * HOUR)
                if x <= now:
                    signed = x
                    status = "signed"
                    x += 1800 + int(r() * 2 * DAY) if r() < 0.6 else 10 * DAY + int(r() * HOUR)
                    if x <= now:
                        completed = x
                        status = "completed"
    if refund <= now:
        closed = refund
        status = "closed"
    return status, paid, confirmed, printed, shipped, signed, completed, closed


#: Today's showcase: (status, created from, created until) — the latest order of today created
#: in that window is given that status, so that even a small demo shows every early state on
#: the Today page: printed in the 20:00 batch, confirmed after it, paid, not yet paid.
SHOWCASE = (
    ("printed", 16 * HOUR + 15 * 60, 19 * HOUR),
    ("confirmed", 19 * HOUR, NOW_TIME - 15 * 60),
    ("paid", 12 * HOUR, NOW_TIME - 5 * 60),  # the buyer has not answered the sheet yet
    ("unpaid", 0, NOW_TIME),
)


def showcase(times: list[int], day0: int) -> dict[int, str]:
    """{sequence number: status} for today's orders (`times` sorted, seconds)."""
    chosen: dict[int, str] = {}
    for status, start, end in SHOWCASE:
        for seq in range(len(times), 0, -1):
            if seq not in chosen and day0 + start <= times[seq - 1] < day0 + end:
                chosen[seq] = status
                break
    return chosen


def showcase_timeline(r, t: int, status: str) -> tuple:
    """A timeline that stops at `status` by "now" (see `SHOWCASE` for the created times)."""
    if status == "unpaid":
        return status, None, None, None, None, None, None, None
    paid = t + 30 + int(r() * 120)
    if status == "paid":
        return status, paid, None, None, None, None, None, None
    confirmed = paid + 120 + int(r() * 300)
    if status == "confirmed":
        return status, paid, confirmed, None, None, None, None, None
    printed = t - t % DAY + 72000 + int(r() * 1200)
    return status, paid, confirmed, printed, None, None, None, None
