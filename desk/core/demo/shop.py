"""The shop itself: the couple at the desk and the shop profile."""

from __future__ import annotations

from desk.core.demo import data
from desk.core.demo.context import Build
from desk.core.settings import ShopProfile, save_profile
from desk.db.connection import db


def write_staff(b: Build) -> None:
    """The couple. A just-migrated file may already have people (the app's two defaults): keep
    them and use the first two."""
    created = b.clock.ts(0)
    with db.atomic():
        if not b.conn.execute("SELECT EXISTS (SELECT 1 FROM staff)").fetchone()[0]:
            b.executemany(
                "INSERT INTO staff (name, active, position, created_at) VALUES (?, 1, ?, ?)",
                [(name, position, created) for position, name in enumerate(data.STAFF, 1)],
            )
        ids = [
            r[0] for r in b.conn.execute("SELECT id FROM staff ORDER BY active DESC, position, id")
        ]
    b.staff_ids = (ids[0], ids[1] if len(ids) > 1 else ids[0])


def write_profile(b: Build) -> None:
    profile = ShopProfile(
        shop_name=data.SHOP_NAME,
        sender_name=data.SENDER_NAME,
        sender_phone=data.SENDER_PHONE,
        sender_address=data.SENDER_ADDRESS,
        ship_cutoff="16:00",
        default_courier="ZTO",
    )
    save_profile(profile)
    # save_profile stamps the wall clock; the demo's rows carry the demo's own time.
    with db.atomic():
        b.conn.execute(
            "UPDATE setting SET updated_at = ? WHERE key = 'shop_profile'", (b.clock.ts(0),)
        )
