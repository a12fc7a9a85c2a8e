"""Migrating old shop files: the released 0001 fixture, the backup taken first, failed upgrades.

Later migrations are simulated with a temporary migrations folder (a copy of the real files plus
a test's own 0002): the `migrations_with` fixture in tests/core/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.db import backup
from desk.db.connection import MigrationFailed, TooNewShopFile, db, open_shop
from desk.models import Address, Customer, Order, OrderLine, Product, Setting, Staff, Variant
from tests.core.shopfiles import (
    assert_user_message,
    copy_fixture,
    dump,
    query,
    sha256,
)

ADD_WECHAT = """
from peewee import TextField
from playhouse.migrate import migrate

def up(migrator, db):
    migrate(migrator.add_column("customer", "wechat", TextField(default="")))
"""

ADD_THEN_FAIL = """
from peewee import TextField
from playhouse.migrate import migrate

def up(migrator, db):
    migrate(migrator.add_column("customer", "wechat", TextField(default="")))
    db.execute_sql('UPDATE "customer" SET notes = \\'changed\\'')
    raise RuntimeError("a bug in migration 0002")
"""

# Rebuilds the customer table (SQLite cannot drop NOT NULL in place): with foreign keys enforced,
# dropping the old table would delete every address and phone through ON DELETE CASCADE.
REBUILD_CUSTOMER = """
from playhouse.migrate import migrate

def up(migrator, db):
    migrate(migrator.drop_not_null("customer", "notes"))
"""

BREAK_LINKS = """
def up(migrator, db):
    db.execute_sql('DELETE FROM "customer" WHERE id = 1')  # its address and order point at it
"""


def schema(path: Path) -> list[tuple]:
    return query(path, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")


def test_released_0001_file_opens_with_data_intact_and_current_schema(tmp_path):
    path = copy_fixture(tmp_path / "old.sqlite3")
    handle = open_shop(path)
    try:
        assert (handle.pre_migration_backup is not None) == bool(handle.migrated)
        assert Staff.select().count() == 3
        assert Staff.get_by_id(3).active is False
        product = Product.get(Product.code == "A1023")
        assert (product.name, product.price_fen, product.status) == (
            "法式碎花连衣裙",
            15900,
            "on_sale",
        )
        assert [(v.color, v.size, v.stock) for v in product.variants.order_by(Variant.id)] == [
            ("蓝色", "M", 5), ("蓝色", "L", 0)]  # fmt: skip
        customer = Customer.get(Customer.nick == "tb_小鱼儿")
        assert [a.street for a in customer.addresses] == ["文三路 100 号"]
        assert Customer.get_by_id(2).name == "王䶮"  # a rare character survives
        order = Order.get(Order.number == "20250308-0001")
        assert (order.customer_id, order.total_fen, order.flag) == (customer.id, 15900, "red")
        assert OrderLine.get(OrderLine.order == order).product_code == "A1023"
        assert "小美女装" in Setting.get_by_id("shop_profile").value
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        handle.close()
    new = tmp_path / "new.sqlite3"
    open_shop(new).close()
    assert schema(path) == schema(new)
    assert query(path, "PRAGMA user_version") == query(new, "PRAGMA user_version")


def test_pending_migration_is_preceded_by_a_backup(tmp_path, migrations_with):
    path = copy_fixture(tmp_path / "shop.sqlite3")
    migrations_with(ADD_WECHAT)
    handle = open_shop(path)
    try:
        assert handle.migrated == ("0002_customer_search", "0003_books", "0099_test")
        assert Customer.select().count() == 2
        columns = [c.name for c in db.get_columns("customer")]
        assert "wechat" in columns
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == 99
    finally:
        handle.close()
    saved = handle.pre_migration_backup
    assert saved is not None and saved.name.endswith("-pre-migration.sqlite3")
    assert [b.path for b in backup.list_backups(path)] == [saved]
    # the backup is the file as it was before the upgrade
    assert query(saved, "SELECT name FROM schema_migration") == [("0001_initial",)]
    assert "wechat" not in [r[1] for r in query(saved, "PRAGMA table_info(customer)")]
    assert query(saved, "SELECT COUNT(*) FROM customer") == [(2,)]


def test_failed_migration_rolls_back_and_is_reported(tmp_path, migrations_with, monkeypatch):
    path = copy_fixture(tmp_path / "shop.sqlite3")
    before = dump(path)
    migrations_with(ADD_THEN_FAIL)
    with pytest.raises(MigrationFailed) as failed:
        open_shop(path)
    assert_user_message(failed.value.message, path)
    assert isinstance(failed.value.__cause__, RuntimeError)
    assert db.is_closed()
    assert dump(path) == before  # no column, no changed notes, no history row
    saved = failed.value.backup_path
    assert saved is not None and str(saved) in failed.value.message
    assert dump(saved) == before
    # the lock was released: once the bug is fixed the file opens
    monkeypatch.undo()
    open_shop(path).close()


def test_migration_that_rebuilds_a_table_does_not_cascade_deletes(tmp_path, migrations_with):
    path = copy_fixture(tmp_path / "shop.sqlite3")
    migrations_with(REBUILD_CUSTOMER)
    handle = open_shop(path)
    try:
        assert handle.migrated == ("0002_customer_search", "0003_books", "0099_test")
        assert Address.select().count() == 1
        assert query(path, "SELECT COUNT(*) FROM customer_phone") == [(2,)]
        assert query(path, "SELECT COUNT(*) FROM customer_group_member") == [(2,)]
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1  # enforced again
        notes = next(c for c in db.get_columns("customer") if c.name == "notes")
        assert notes.null
    finally:
        handle.close()


def test_migration_that_breaks_links_is_rolled_back(tmp_path, migrations_with):
    path = copy_fixture(tmp_path / "shop.sqlite3")
    before = dump(path)
    migrations_with(BREAK_LINKS)
    with pytest.raises(MigrationFailed):
        open_shop(path)
    assert dump(path) == before


def test_file_migrated_by_a_newer_version_is_refused_unchanged(
    tmp_path, migrations_with, monkeypatch
):
    path = copy_fixture(tmp_path / "shop.sqlite3")
    migrations_with(ADD_WECHAT)
    open_shop(path).close()  # "the newer version" applied 0002
    monkeypatch.undo()  # back to this version, which does not know 0002
    before = sha256(path)
    with pytest.raises(TooNewShopFile) as refused:
        open_shop(path)
    assert_user_message(refused.value.message, path)
    assert sha256(path) == before
