"""The live models match the schema the migrations build: this keeps future migrations honest.

A change to a model without a migration (or a migration without the model change) fails here.
The models' own DDL is built in an in-memory database and compared with a freshly migrated shop
file, table by table: columns (declared type, NOT NULL, primary key), foreign keys (target and
ON DELETE), indexes (name, unique, columns in order).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from peewee import SqliteDatabase

from desk.db.connection import HISTORY_TABLE
from desk.models import ALL_MODELS

INTERNAL = {HISTORY_TABLE, "sqlite_sequence"}
#: FTS5 tables (and their shadow tables) are derived data kept by core/customer_search, not models.
SEARCH_INDEXES = ("customer_fts", "customer_gram")


def describe(conn: sqlite3.Connection) -> dict[str, dict]:
    tables = sorted(
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r[0] not in INTERNAL and not r[0].startswith(SEARCH_INDEXES)
    )
    result = {}
    for table in tables:
        columns = [
            (name, decl.upper(), bool(notnull), pk)
            for _cid, name, decl, notnull, _default, pk in conn.execute(
                f'PRAGMA table_info("{table}")'
            )
        ]
        foreign_keys = sorted(
            (src, ref_table, ref_col, on_delete)
            for _id, _seq, ref_table, src, ref_col, _on_update, on_delete, _match in conn.execute(
                f'PRAGMA foreign_key_list("{table}")'
            )
        )
        indexes = {}
        for _seq, name, unique, origin, _partial in conn.execute(f'PRAGMA index_list("{table}")'):
            if origin == "pk":
                continue
            cols = [r[2] for r in conn.execute(f'PRAGMA index_info("{name}")')]
            indexes[name] = (bool(unique), cols)
        result[table] = {"columns": columns, "foreign_keys": foreign_keys, "indexes": indexes}
    return result


@pytest.fixture(scope="module")
def from_models():
    memory = SqliteDatabase(":memory:")
    with memory.bind_ctx(ALL_MODELS, bind_refs=False, bind_backrefs=False):
        memory.connect()
        try:
            memory.create_tables(ALL_MODELS)
            return describe(memory.connection())
        finally:
            memory.close()


@pytest.fixture
def from_migrations(shop, shop_path):
    uri = shop_path.resolve().as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        return describe(conn)


def test_same_tables(from_models, from_migrations):
    assert sorted(from_models) == sorted(from_migrations)


def test_every_table_has_the_same_columns_keys_and_indexes(from_models, from_migrations):
    differences = {
        table: {"models": from_models[table], "migrations": from_migrations.get(table)}
        for table in from_models
        if from_models[table] != from_migrations.get(table)
    }
    assert differences == {}


def test_the_comparison_sees_a_difference(from_models):
    """A model change without a migration is caught (guards the test itself)."""
    memory = SqliteDatabase(":memory:")
    with memory.bind_ctx(ALL_MODELS, bind_refs=False, bind_backrefs=False):
        memory.connect()
        try:
            memory.create_tables(ALL_MODELS)
            memory.execute_sql('ALTER TABLE "customer" ADD COLUMN "wechat" TEXT')
            memory.execute_sql('CREATE INDEX "order_courier" ON "order" ("courier")')
            changed = describe(memory.connection())
        finally:
            memory.close()
    assert changed["customer"] != from_models["customer"]
    assert changed["order"]["indexes"] != from_models["order"]["indexes"]
