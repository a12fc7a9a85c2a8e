"""`python -m desk import taobao …` and `python -m desk export customers …`: what they print,
their exit status, and what the shop file holds afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk import cli
from desk.core import customer_search, customers
from desk.core.customers import CustomerDraft
from desk.db.connection import open_shop
from tests.core.shopfiles import query, sha256
from tests.fixtures import make_taobao_export as mk

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "taobao_orders.csv"
NICKS = {o["nick"].lower() for o in mk.SMALL_ORDERS}
COUNTED = [o for o in mk.SMALL_ORDERS if o["status"] in (mk.DONE, mk.SHIPPED, mk.PAID)]


@pytest.fixture
def shop_file(tmp_path) -> Path:
    """A new shop file as the app leaves it (migrated, search index built), closed: the
    commands open it themselves."""
    path = tmp_path / "shop.sqlite3"
    handle = open_shop(path)
    customer_search.ensure_index()
    handle.close()
    return path


def customer_count(path: Path) -> int:
    return query(path, "SELECT COUNT(*) FROM customer")[0][0]


def en(*args: str) -> list[str]:
    return ["--lang", "en", *map(str, args)]


def test_dry_run_prints_the_plan_and_writes_nothing(shop_file, capsys):
    before = sha256(shop_file)
    assert cli.main(en("import", "taobao", FIXTURE, "--db", shop_file, "--dry-run")) == 0
    out = capsys.readouterr().out
    assert out.count("new  line") == len(NICKS)
    assert "line 2  tb_zhang 张小花" in out
    assert "line 4 [买家留言] note:" in out  # the formula-looking message
    assert f"Customers to create: {len(NICKS)}" in out
    assert f"Orders to import: {len(mk.SMALL_ORDERS)} (already imported: 0, status moved on: 0)" in out
    assert "Dry run" in out
    assert "13812345678" not in out  # no phone numbers on the screen
    assert sha256(shop_file) == before


def test_import_then_import_again(shop_file, capsys):
    assert cli.main(en("import", "taobao", FIXTURE, "--db", shop_file)) == 0
    out = capsys.readouterr().out
    assert f"{len(NICKS)} customers created" in out
    assert "Backup taken first" in out
    assert customer_count(shop_file) == len(NICKS)
    assert query(shop_file, 'SELECT COUNT(*) FROM "order"')[0][0] == len(mk.SMALL_ORDERS)
    assert query(shop_file, "SELECT COUNT(*) FROM \"order\" WHERE status NOT IN"
                 " ('unpaid', 'closed')")[0][0] == len(COUNTED)
    assert cli.main(en("import", "taobao", FIXTURE, "--db", shop_file)) == 0
    out = capsys.readouterr().out
    assert "Nothing new to import" in out and "new  line" not in out
    assert f"already imported: {len(mk.SMALL_ORDERS)}" in out
    assert customer_count(shop_file) == len(NICKS)


def test_row_problems_stop_the_import(shop_file, tmp_path, capsys):
    good = dict(nick="tb_ok", name="好人", mobile="13812345678",
                address="浙江省 杭州市 西湖区 文三路1号(310012)", paid="10.00")  # fmt: skip
    path = mk.write_rows(tmp_path / "bad.csv", [
        mk.order_row(number="1", **good),
        mk.order_row(number="2", **{**good, "mobile": "138abc45678"}),
    ])  # fmt: skip
    before = sha256(shop_file)
    assert cli.main(en("import", "taobao", path, "--db", shop_file)) == 1
    captured = capsys.readouterr()
    assert "line 3 [联系手机] error:" in captured.out
    assert "Nothing was imported" in captured.err
    assert sha256(shop_file) == before
    assert not (shop_file.parent / "backups").exists()


def test_an_unusable_file_is_a_message_not_a_traceback(shop_file, tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_bytes(FIXTURE.read_bytes().decode("gb18030").encode("utf-16"))
    assert cli.main(en("import", "taobao", path, "--db", shop_file)) == 2
    err = capsys.readouterr().err
    assert "UTF-16" in err and "Traceback" not in err
    assert cli.main(en("import", "taobao", tmp_path / "missing.csv", "--db", shop_file)) == 2
    assert "missing.csv" in capsys.readouterr().err


def test_a_missing_shop_file_is_not_created(tmp_path, capsys):
    shop = tmp_path / "nothing.sqlite3"
    assert cli.main(en("import", "taobao", FIXTURE, "--db", shop)) == 1
    assert cli.main(en("export", "customers", "--db", shop, "--out", tmp_path / "x.xlsx")) == 1
    assert str(shop) in capsys.readouterr().err
    assert not shop.exists() and not (tmp_path / "x.xlsx").exists()


def test_export_all_or_one_group(shop_file, tmp_path, capsys):
    assert cli.main(en("import", "taobao", FIXTURE, "--db", shop_file)) == 0
    capsys.readouterr()
    every = tmp_path / "all.xlsx"
    assert cli.main(en("export", "customers", "--db", shop_file, "--out", every)) == 0
    assert f"Exported {len(NICKS)} customers" in capsys.readouterr().out
    assert load_workbook(every).active.max_row == len(NICKS) + 1
    repeat = tmp_path / "老客户.csv"
    assert cli.main(["export", "customers", "--db", str(shop_file), "--group", "老客户",
                     "--out", str(repeat), "--masked"]) == 0  # fmt: skip
    lines = repeat.read_text("utf-8-sig").splitlines()
    buyers = {o["nick"].lower(): 0 for o in COUNTED}
    for order in COUNTED:
        buyers[order["nick"].lower()] += 1
    assert len(lines) - 1 == sum(1 for n in buyers.values() if n >= 2)
    assert "138****5678" in repeat.read_text("utf-8-sig")


def test_export_of_an_unknown_group_lists_the_groups(shop_file, tmp_path, capsys):
    handle = open_shop(shop_file)
    try:
        customers.create_customer(CustomerDraft(name="张三"))
    finally:
        handle.close()
    out = tmp_path / "x.xlsx"
    assert cli.main(en("export", "customers", "--db", shop_file, "--group", "没有", "--out", out)) == 1
    err = capsys.readouterr().err
    assert "没有" in err and "老客户" in err and "黑名单" in err
    assert not out.exists()
    assert cli.main(en("export", "customers", "--db", shop_file, "--out", tmp_path / "x.pdf")) == 2


def test_the_commands_run_as_a_module(shop_file, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "desk", "import", "taobao", str(FIXTURE), "--db", str(shop_file)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "张小花" in result.stdout and "Traceback" not in result.stderr
    helped = subprocess.run(
        [sys.executable, "-m", "desk", "--lang", "en", "import", "taobao", "--help"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert helped.returncode == 0 and "--dry-run" in helped.stdout
