"""The migration runner: numbered files in `desk/db/migrations/`, recorded in `schema_migration`.

Built on peewee's `playhouse.migrations.Runner`. Each file holds a frozen copy of the schema it
needs (SQL or inline models), never the live `desk.models`, so an old migration keeps meaning what
it meant when it was released.
"""

from __future__ import annotations

from playhouse.migrations import Runner

from desk.db.connection import APPLICATION_ID, HISTORY_TABLE, MIGRATIONS_DIR, db


def _runner() -> Runner:
    return Runner(db, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


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
    with db.atomic():
        done = _runner().up()
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID:d}")
        db.execute_sql(f"PRAGMA user_version = {schema_version():d}")
    return done
