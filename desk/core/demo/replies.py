"""Quick replies (快捷回复): the built-in groups and the starter library, installed by the
handbook's own services (`desk.core.replies`), then given a history of use."""

from __future__ import annotations

from desk.core import replies
from desk.core.demo import data
from desk.core.demo.context import DAY, HOUR, Build
from desk.db.connection import db


def write_replies(b: Build) -> None:
    """Install the groups and the starter library (what the replies panel offers on a new file;
    a file that has them already keeps its own), then, for the replies installed here: the time
    they were installed (the first day of the demo, not the wall clock) and how often they have
    been copied (`data.REPLY_USES` per group, more or less; about one in eight never), the last
    time within the last days, in working hours."""
    rng = b.stream("replies")
    r = rng.random
    clock = b.clock
    conn = b.conn
    first_new = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM quick_reply").fetchone()[0]
    replies.ensure_groups()
    replies.install_starter_library()
    rows = []
    installed = clock.ts(10 * HOUR)
    for reply_id, key in conn.execute(
        "SELECT r.id, g.key FROM quick_reply r JOIN reply_group g ON g.id = r.group_id"
        " WHERE r.id >= ? ORDER BY r.id",
        (first_new,),
    ):
        uses = 0 if r() < 0.12 else int(data.REPLY_USES.get(key, 20) * (0.2 + r()))
        last = None
        if uses:
            # the more it is used, the more recently: today or yesterday for the favourites
            days_ago = int(r() * r() * min(30, 3000 // uses))
            day = clock.today_index - days_ago
            at = day * DAY + 9 * HOUR + int(r() * 13 * HOUR)
            last = clock.ts(min(at, clock.now))
        rows.append((uses, last, installed, reply_id))
    with db.atomic():
        b.executemany(
            "UPDATE quick_reply SET use_count = ?, last_used_at = ?, created_at = ? WHERE id = ?",
            rows,
        )
    b.counts["reply_groups"] = conn.execute("SELECT count(*) FROM reply_group").fetchone()[0]
    b.counts["quick_replies"] = conn.execute("SELECT count(*) FROM quick_reply").fetchone()[0]
