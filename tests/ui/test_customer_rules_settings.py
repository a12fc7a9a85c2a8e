"""Settings › 客户等级与休眠: tiers and dormant days typed in the table and saved; bad numbers are
said at the field and nothing is stored; unsaved edits survive saving the profile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desk.core import customers
from desk.core.customers import CustomerRules, Tier
from desk.models import Customer, Setting
from desk.ui.settings.customer_rules import NAME, ORDERS, SPENT
from tests.ui.conftest import show_active, type_text
from tests.ui.customers_support import add_customer
from tests.ui.products_support import type_in_cell


@pytest.fixture
def page(qtbot, session):
    from desk.ui.settings.page import SettingsPage

    page = SettingsPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1100, 760)


def row_of(box, name: str) -> int:
    return next(r for r in range(box.table.rowCount()) if box.table.item(r, NAME).text() == name)


def save(qtbot, box) -> None:
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)


def test_the_default_rules_are_shown(page):
    box = page.customer_rules
    tiers, days = box.texts()
    assert tiers == [("普通", "1", "0.00"), ("银卡", "2", "0.00"), ("金卡", "5", "1000.00"),
                     ("钻石", "10", "3000.00")]  # fmt: skip
    assert days == 180


def test_edit_add_and_remove_tiers_and_change_the_dormant_days(page, qtbot, said):
    box = page.customer_rules
    type_in_cell(qtbot, box.table, row_of(box, "金卡"), SPENT, "800")
    type_in_cell(qtbot, box.table, row_of(box, "金卡"), ORDERS, "4")
    box.table.setCurrentCell(row_of(box, "普通"), NAME)
    qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    row = box.table.rowCount() - 1
    type_in_cell(qtbot, box.table, row, NAME, "黑钻")
    type_in_cell(qtbot, box.table, row, ORDERS, "20")
    type_in_cell(qtbot, box.table, row, SPENT, "¥5,000")
    box.days.selectAll()
    type_text(qtbot, box.days, "90")
    qtbot.keyClick(box.days, Qt.Key.Key_Return)  # Enter in the days saves
    assert said == []
    assert customers.get_rules() == CustomerRules(
        tiers=(Tier("银卡", 2, 0), Tier("金卡", 4, 80000), Tier("钻石", 10, 300000),
               Tier("黑钻", 20, 500000)),
        dormant_days=90,
    )  # fmt: skip
    assert not box.has_edits()


def test_a_new_rule_changes_the_customers_tier(page, qtbot):
    customer_id = add_customer(page._session, "张三")
    Customer.update(order_count=4, total_spent_fen=90000).where(Customer.id == customer_id).execute()
    assert customers.get_customer(customer_id).figures.tier == "银卡"
    box = page.customer_rules
    type_in_cell(qtbot, box.table, row_of(box, "金卡"), ORDERS, "4")
    type_in_cell(qtbot, box.table, row_of(box, "金卡"), SPENT, "900")
    save(qtbot, box)
    assert customers.get_customer(customer_id).figures.tier == "金卡"


@pytest.mark.parametrize(
    ("column", "text", "words"),
    [(SPENT, "abc", "3"), (ORDERS, "2.5", "3"), (NAME, "银卡", "银卡")],
)
def test_bad_input_is_said_at_the_tiers_and_nothing_is_saved(page, qtbot, said, column, text, words):
    box = page.customer_rules
    before = customers.get_rules()
    row = row_of(box, "金卡")
    if column == NAME:
        box.table.item(row, NAME).setText("")  # make room to type the taken name
    type_in_cell(qtbot, box.table, row, column, text)
    save(qtbot, box)
    error = box.rows["tiers"]
    assert error.has_error() and words in error.error.text()
    assert box.table.property("invalid") is True
    assert said == []
    assert customers.get_rules() == before
    assert box.has_edits()  # what was typed stays for fixing


def test_removing_every_tier_is_refused(page, qtbot, said):
    box = page.customer_rules
    while box.table.rowCount():
        box.table.setCurrentCell(0, NAME)
        qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    save(qtbot, box)
    assert box.rows["tiers"].has_error()
    assert Setting.get_or_none(Setting.key == customers.RULES_KEY) is None  # nothing stored


def test_unsaved_tier_edits_survive_saving_the_profile(page, qtbot):
    box = page.customer_rules
    type_in_cell(qtbot, box.table, row_of(box, "钻石"), ORDERS, "12")
    type_text(qtbot, page.profile_form.shop_name, "小美女装")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert box.texts()[0][row_of(box, "钻石")][1] == "12"
    save(qtbot, box)
    assert customers.get_rules().tiers[-1] == Tier("钻石", 12, 300000)
