"""The migration runner: numbered files in `desk/db/migrations/`, recorded in `schema_migration`.

Built on peewee's `playhouse.migrations.Runner`. Each file holds a frozen copy of the schema it
needs (SQL or inline models), never the live `desk.models`, so an old migration keeps meaning what
it meant when it was released.

All pending migrations run in one transaction with foreign-key enforcement switched off, as SQLite
asks for schema changes (https://sqlite.org/lang_altertable.html#otheralter): peewee's migrator
rebuilds a table to change a column, and dropping the old table with enforcement on would cascade
deletes into every table that points at it. `PRAGMA foreign_key_check` runs before the commit.
"""

from __future__ import annotations

from playhouse.migrations import Runner

from desk.db import connection
from desk.db.connection import APPLICATION_ID, HISTORY_TABLE, db


class BrokenLinks(Exception):
    """A migration left rows pointing at rows that do not exist (it is rolled back)."""


def _runner() -> Runner:
    # connection.MIGRATIONS_DIR is read at call time so that tests can point it elsewhere.
    return Runner(db, directory=str(connection.MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def applied() -> list[str]:
    return sorted(_runner().applied())


def pending() -> list[str]:
    return [m.name for m in _runner().status() if m.applied is None and m.path is not None]


def schema_version() -> int:
    """The number of the newest applied migration (0 for a new file)."""
    names = applied()
    return int(names[-1].split("_", 1)[0]) if names else 0


def run_pending() -> list[str]:
    """Apply every pending migration in one transaction; mark the file as a Shop Desk file."""
    enforced = db.execute_sql("PRAGMA foreign_keys").fetchone()[0]
    db.execute_sql("PRAGMA foreign_keys = 0")  # outside the transaction, or SQLite ignores it
    try:
        with db.atomic():
            done = _runner().up()
            broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise BrokenLinks(f"foreign_key_check after {done}: {broken[:10]}")
            db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID:d}")
            db.execute_sql(f"PRAGMA user_version = {schema_version():d}")
    finally:
        db.execute_sql(f"PRAGMA foreign_keys = {int(enforced):d}")
    return done
