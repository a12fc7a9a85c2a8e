"""The stock service: every change logged, never negative silently, no overselling under
concurrency (threads with their own connections, and separate processes)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from desk.core import changes, products, staff, stock, variants
from desk.core.errors import DomainError, ValidationError
from desk.core.products import ProductDraft
from desk.db.connection import db
from desk.models import StockMovement, Variant

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def variant(shop):
    item, _ = products.create_product(ProductDraft(code="A001", name="连衣裙"))
    variants.set_grid(item.id, ["红"], ["M", "L"])
    return variants.find_variant(item.id, "红", "M").id


def counts(variant_id):
    v = Variant.get_by_id(variant_id)
    return v.stock, v.reserved


def log_matches(variant_id):
    """The counts equal the sum of the movement log (the log is complete)."""
    moves = StockMovement.select().where(StockMovement.variant == variant_id)
    return counts(variant_id) == (sum(m.stock_delta for m in moves),
                                  sum(m.reserved_delta for m in moves))


def test_the_order_life_cycle(variant):
    person = staff.ensure_default_staff()[0]
    level, done = stock.adjust(variant, new_stock=10, note="盘点", staff_id=person.id)
    assert (level.stock, level.available) == (10, 10) and done.concerns(changes.STOCK)
    level, _ = stock.reserve(variant, 3, order_id=41, staff_id=person.id)
    assert (level.stock, level.reserved, level.available) == (10, 3, 7)
    level, _ = stock.release(variant, 1, order_id=41)
    assert (level.stock, level.reserved) == (10, 2)
    level, _ = stock.ship(variant, 2, order_id=41)
    assert (level.stock, level.reserved) == (8, 0)
    level, _ = stock.restock(variant, 1, return_case_id=7, note="七天无理由退回")
    assert (level.stock, level.reserved) == (9, 0)
    log = stock.movements(variant)
    assert [m.kind for m in log] == ["restock", "ship", "release", "reserve", "adjust"]
    assert (log[0].return_case_id, log[0].note) == (7, "七天无理由退回")
    assert (log[1].stock_delta, log[1].reserved_delta, log[1].order_id) == (-2, -2, 41)
    assert (log[3].staff_name, log[3].order_id) == (person.name, 41)
    assert log[4].note == "盘点" and log[4].created_at is not None
    assert log_matches(variant)
    assert [m.kind for m in stock.movements(variant, limit=2)] == ["restock", "ship"]


def test_reserving_more_than_available_is_refused_and_writes_nothing(variant):
    stock.adjust(variant, new_stock=2)
    stock.reserve(variant, 1)
    before = StockMovement.select().count()
    with pytest.raises(stock.InsufficientStock) as err:
        stock.reserve(variant, 2, order_id=9)
    assert err.value.available == 1 and err.value.requested == 2
    for part in ("A001", "红", "M", "1", "2"):
        assert part in err.value.message
    assert isinstance(err.value, DomainError)
    assert counts(variant) == (2, 1)
    assert StockMovement.select().count() == before


def test_allow_negative_goes_through_and_is_logged(variant):
    stock.adjust(variant, new_stock=1)
    level, _ = stock.reserve(variant, 3, order_id=5, allow_negative=True)
    assert level.available == -2
    assert stock.movements(variant)[0].reserved_delta == 3
    # more stock arriving is always accepted, even while still short
    level, _ = stock.adjust(variant, delta=1)
    assert level.available == -1
    assert log_matches(variant)


def test_release_and_ship_cannot_exceed_what_is_reserved(variant):
    stock.adjust(variant, new_stock=5)
    stock.reserve(variant, 2)
    with pytest.raises(DomainError):
        stock.release(variant, 3)
    with pytest.raises(DomainError):
        stock.ship(variant, 3)
    assert counts(variant) == (5, 2)
    level, _ = stock.ship(variant, 3, from_reserved=False)  # nothing held: from what is free
    assert (level.stock, level.reserved) == (2, 2)
    with pytest.raises(stock.InsufficientStock):
        stock.ship(variant, 1, from_reserved=False)


def test_adjust_guards(variant):
    stock.adjust(variant, new_stock=5)
    stock.reserve(variant, 4)
    with pytest.raises(stock.InsufficientStock) as err:
        stock.adjust(variant, new_stock=3)  # 4 are reserved
    assert "4" in err.value.message
    with pytest.raises(stock.InsufficientStock):
        stock.adjust(variant, delta=-2)
    level, _ = stock.adjust(variant, new_stock=3, allow_negative=True)
    assert (level.stock, level.available) == (3, -1)
    with pytest.raises(ValidationError):
        stock.adjust(variant, new_stock=-1, allow_negative=True)  # on hand is never below 0
    with pytest.raises(ValidationError):
        stock.adjust(variant, delta=-4, allow_negative=True)
    with pytest.raises(ValidationError):
        stock.adjust(variant, new_stock=1, delta=1)
    with pytest.raises(ValidationError):
        stock.adjust(variant)
    level, done = stock.adjust(variant, new_stock=3)  # no change: nothing logged
    assert not done and level.stock == 3
    assert log_matches(variant)


@pytest.mark.parametrize("qty", [0, -1, 1.5, True, "2", 10**7])
def test_bad_quantities(variant, qty):
    for call in (stock.reserve, stock.release, stock.ship, stock.restock):
        with pytest.raises(ValidationError) as err:
            call(variant, qty)
        assert err.value.field == "quantity"
    assert StockMovement.select().count() == 0


def test_missing_variant(shop):
    with pytest.raises(DomainError):
        stock.reserve(999, 1)
    with pytest.raises(DomainError):
        stock.level(999)


def test_calls_inside_a_callers_transaction_roll_back_together(variant):
    stock.adjust(variant, new_stock=5)
    with pytest.raises(stock.InsufficientStock), db.atomic():
        stock.reserve(variant, 2, order_id=1)
        stock.reserve(variant, 9, order_id=1)  # the second line of the order fails
    assert counts(variant) == (5, 0)
    assert log_matches(variant)


def test_adjust_many_is_all_or_nothing(variant):
    other = Variant.get((Variant.color == "红") & (Variant.size == "L")).id
    stock.adjust(variant, new_stock=2)
    stock.reserve(variant, 2)
    with pytest.raises(stock.InsufficientStock):
        stock.adjust_many({other: 8, variant: 1})  # 2 are reserved
    assert counts(other) == (0, 0) and counts(variant) == (2, 2)
    stock.adjust_many({other: 8, variant: 4}, note="盘点")
    assert counts(other) == (8, 0) and counts(variant) == (4, 2)
    assert log_matches(other) and log_matches(variant)


def test_threads_reserving_the_same_variant_never_oversell(variant, shop):
    stock.adjust(variant, new_stock=60)
    outcomes = {"ok": 0, "short": 0, "errors": []}
    lock = threading.Lock()

    def worker(seed):
        try:
            for i in range(40):
                try:
                    stock.reserve(variant, 1, order_id=seed * 1000 + i)
                    with lock:
                        outcomes["ok"] += 1
                    if i % 7 == 0:
                        stock.release(variant, 1, order_id=seed * 1000 + i)
                        with lock:
                            outcomes["ok"] -= 1
                except stock.InsufficientStock:
                    with lock:
                        outcomes["short"] += 1
        except Exception as exc:
            outcomes["errors"].append(exc)
        finally:
            db.close()  # each thread has its own connection

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes["errors"] == []
    stock_now, reserved = counts(variant)
    assert stock_now == 60
    assert reserved == outcomes["ok"] == 60  # 160 attempts, releases put some back
    assert outcomes["short"] > 0
    assert log_matches(variant)


CHILD = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {root!r})
    from desk.db.connection import PRAGMAS, db
    from desk.core import stock
    # the parent holds the writer lock; this child plays "a second writer" at the SQLite level
    db.init({path!r}, pragmas=PRAGMAS)
    ok = short = 0
    for i in range({tries}):
        try:
            stock.reserve({variant}, 1, order_id=i)
            ok += 1
        except stock.InsufficientStock:
            short += 1
    db.close()
    print(json.dumps({{"ok": ok, "short": short}}))
    """
)


def test_two_processes_reserving_never_oversell(variant, shop):
    stock.adjust(variant, new_stock=50)
    db.close()  # the parent keeps the lock but lets the children write
    code = CHILD.format(root=str(ROOT), path=str(shop.path), tries=40, variant=variant)
    children = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    db.connect()
    assert sum(r["ok"] for r in results) == 50
    assert sum(r["short"] for r in results) == 30
    assert counts(variant) == (50, 50)
    assert log_matches(variant)


def test_movement_labels_are_words():
    for kind in (stock.RESERVE, stock.RELEASE, stock.SHIP, stock.RESTOCK, stock.ADJUST, stock.IMPORT):
        assert stock.movement_kind_label(kind) != kind
