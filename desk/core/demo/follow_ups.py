"""The demo's follow-ups (回访): after-delivery calls for recently signed parcels, repurchase
reminders, promotions and the couple's own notes, in every state the queue shows: due today,
overdue, upcoming, done and skipped."""

from __future__ import annotations

from desk.core.demo import data
from desk.core.demo.context import DAY, HOUR, Build
from desk.db.connection import db

#: The states of the spread (`_spread`): each reason gets one of each first, then a random mix.
STATES = ("today", "overdue", "upcoming", "done", "skipped")
_MIX = ("today",) * 2 + ("overdue",) * 3 + ("upcoming",) * 5 + ("done",) * 7 + ("skipped",) * 2
_SQL = (
    "INSERT INTO follow_up (customer_id, order_id, due_date, reason, reason_text, status, note,"
    " staff_id, done_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def write_follow_ups(b: Build) -> None:
    """The "did it arrive?" call two days after a parcel was signed for (done, skipped or still open), a
    repurchase reminder for some regulars, a promotion call for some big spenders; then a spread
    of every reason in every state (`_spread`)."""
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
    rows += _spread(b)
    with db.atomic():
        b.executemany(_SQL, rows)
    b.counts["follow_ups"] = len(rows)


def _spread(b: Build) -> list[tuple]:
    """For each reason but after-delivery (those follow the parcels), one follow-up in each state
    (`STATES`), then more (one for about every 400 customers), on customers who were in the book
    two months before today; reminders and promotions go to buyers. Done and skipped ones were
    finished on their due day by whoever was at the desk."""
    s = b.stream("follow_ups").random
    clock = b.clock
    ts, day_text, today = clock.ts, clock.day_text, clock.today_index
    settled = [i for i, at in enumerate(b.customer_created) if at < (today - 62) * DAY]
    buyers = [i for i in settled if b.order_count[i]] or settled
    texts = {
        "repurchase": data.REPURCHASE_TEXTS,
        "promotion": data.PROMOTION_TEXTS,
        "custom": data.CUSTOM_FOLLOW_UP_TEXTS,
    }
    rows = []
    for reason, choices in texts.items():
        pool = settled if reason == "custom" else buyers
        count = len(STATES) + b.n_customers // 400 if pool else 0
        for k in range(count):
            state = STATES[k] if k < len(STATES) else _MIX[int(s() * len(_MIX))]
            cid = pool[int(s() * len(pool))] + 1
            if state == "today":
                due = today
            elif state == "overdue":
                due = today - 1 - int(s() * 7)
            elif state == "upcoming":
                due = today + 1 + int(s() * 14)
            else:
                due = today - 1 - int(s() * 45)
            planned = (due - 1 - int(s() * 13)) * DAY + 9 * HOUR + int(s() * 10 * HOUR)
            created = min(planned, clock.now - HOUR)
            status, note, done_at, who = "open", "", None, None
            if state in ("done", "skipped"):
                status = state
                notes = data.OTHER_NOTES_DONE if state == "done" else data.OTHER_NOTES_SKIPPED
                note = notes[int(s() * len(notes))]
                x = due * DAY + 10 * HOUR + int(s() * 10 * HOUR)
                done_at, who = ts(x), b.staff_at(x)
            text = choices[int(s() * len(choices))]
            rows.append(
                (cid, None, day_text[due], reason, text, status, note, who, done_at, ts(created))
            )
    return rows
