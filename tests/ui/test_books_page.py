"""Books page: quick entry by keyboard, closing the day with a variance and its comment, the daily
report saved and read back, closed days locked in the table, refusals shown at the field."""

from __future__ import annotations

import datetime
import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pypdf import PdfReader

from desk.core import books
from desk.core.books import EntryDraft
from desk.core.money import format_yuan
from desk.models import LedgerEntry
from desk.ui import messages
from desk.ui.books import ledger_model
from desk.ui.books.page import BooksPage
from desk.ui.orders import pdf_preview
from tests.ui.conftest import C_LOCALE_NOTICE, OFFSCREEN_NOTICE, show_active, type_text

#: The category list under the quick-entry field is a popup; offscreen Qt cannot raise it.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(
    C_LOCALE_NOTICE, OFFSCREEN_NOTICE, r"This plugin does not support (raise|grabbing)"
)

TODAY = datetime.date.today()


@pytest.fixture
def books_page(qtbot, session):
    page = BooksPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1300, 860)


def account_id(name: str) -> int:
    return next(a.id for a in books.list_accounts() if a.name == name)


def category(name: str) -> books.CategoryInfo:
    return next(c for c in books.list_categories() if c.name == name)


def press(qtbot, key=Qt.Key.Key_Tab) -> None:
    """A key pressed where the keyboard focus is, as the user would."""
    qtbot.keyClick(QApplication.focusWidget(), key)


def type_here(qtbot, text: str) -> None:
    type_text(qtbot, QApplication.focusWidget(), text)


def enter_expense(qtbot, page, category_text: str, amount: str, note: str) -> None:
    """From the category field: category, Tab, (account kept), Tab, amount, Tab, note, Enter."""
    assert QApplication.focusWidget() is page.quick.category
    type_here(qtbot, category_text)
    press(qtbot)
    assert QApplication.focusWidget() is page.quick.account
    press(qtbot)
    assert QApplication.focusWidget() is page.quick.amount
    type_here(qtbot, amount)
    press(qtbot)
    assert QApplication.focusWidget() is page.quick.note
    type_here(qtbot, note)
    press(qtbot, Qt.Key.Key_Return)


def add(category_name: str, amount: str, note: str = "", day=TODAY, account="支付宝"):
    draft = EntryDraft(
        day=day,
        category_id=category(category_name).id,
        account_id=account_id(account),
        amount=amount,
        note=note,
    )
    return books.add_entry(draft, None)[0]


@OFFSCREEN_POPUP
def test_three_expenses_by_keyboard_then_close_with_a_variance_and_save_the_report(
    qtbot, books_page, monkeypatch, tmp_path, said
):
    # yesterday's close left 500.00 in Alipay: today's expected balance starts there
    yesterday = TODAY - datetime.timedelta(days=1)
    alipay = account_id("支付宝")
    books.close_day(yesterday, (books.CountedBalance(alipay, "500", "期初余额"),), None)
    page = books_page
    page.refresh()
    qtbot.keyClick(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    expenses = (
        ("快", "12.50", "中通 寄件 3 单"),
        ("包装", "35", "纸箱 50 个"),
        ("推广", "100.00", "直通车 充值"),
    )
    for text, amount, note in expenses:
        enter_expense(qtbot, page, text, amount, note)
    assert said == []

    rows = list(LedgerEntry.select().order_by(LedgerEntry.id))
    assert [
        (r.category.name, r.account.name, r.amount_fen, r.note, r.kind, r.day) for r in rows
    ] == [
        ("快递费", "支付宝", 1250, "中通 寄件 3 单", "expense", TODAY),
        ("包装耗材", "支付宝", 3500, "纸箱 50 个", "expense", TODAY),
        ("推广费", "支付宝", 10000, "直通车 充值", "expense", TODAY),
    ]
    assert page.model.rowCount() == 3
    # the cursor is back on the category, the amount and note are empty for the next one
    assert QApplication.focusWidget() is page.quick.category
    assert page.quick.amount.text() == "" and page.quick.note.text() == ""

    # 日结: Alipay should hold 500 − 147.50; it holds 5 yuan less
    dialog = page.close_day()
    expected = 50000 - (1250 + 3500 + 10000)
    assert dialog.figures["other_expense_fen"].text() == format_yuan(3500 + 10000, symbol=True)
    assert dialog.figures["postage_fen"].text() == format_yuan(1250, symbol=True)
    counted = dialog.counted[alipay]
    type_text(qtbot, counted, format_yuan(expected - 500))
    assert dialog.variances[alipay].text() == "−5.00"  # live, before closing
    dialog.all_same_button.click()  # the other accounts hold what they should
    dialog.close_button.click()  # no comment yet: refused at the comment field
    assert dialog.rows[f"comment:{alipay}"].has_error()
    assert not books.is_closed(TODAY)
    assert said == []

    type_text(qtbot, dialog.comments[alipay], "找零少了五块")
    target = tmp_path / "日报.pdf"
    monkeypatch.setattr(pdf_preview, "choose_pdf_file", lambda parent, title, name: target)
    monkeypatch.setattr(messages, "choose", lambda parent, text, choices, title=None: "pdf")
    dialog.close_button.click()
    assert said == []
    assert books.is_closed(TODAY)
    assert books.list_closed_days()[0].variance_fen == -500
    summary = books.day_summary(TODAY)
    balance = next(a for a in summary.accounts if a.account_id == alipay)
    assert (balance.expected_fen, balance.counted_fen, balance.comment) == (
        expected,
        expected - 500,
        "找零少了五块",
    )

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    for note in ("中通 寄件 3 单", "纸箱 50 个", "直通车 充值", "找零少了五块"):
        assert note.replace(" ", "") in text.replace(" ", ""), note
    assert "5.00" in text
    # the page shows the day locked
    page.reload()
    assert all(page.model.row_at(r).closed for r in range(page.model.rowCount()))
    first = page.model.index(0, 0)
    assert first.data(Qt.ItemDataRole.DecorationRole) is not None  # the padlock
    assert first.data(Qt.ItemDataRole.ForegroundRole).color() == ledger_model.CLOSED_TEXT  # grey


def test_an_entry_of_a_closed_day_cannot_be_edited_from_the_table(
    qtbot, books_page, monkeypatch, said
):
    yesterday = TODAY - datetime.timedelta(days=1)
    entry = add("包装耗材", "20", "胶带", day=yesterday)
    books.close_day(yesterday, (), None)
    page = books_page
    page.refresh()
    page.select(entry.id)
    assert page.current_entry().closed
    assert not page.buttons["editEntry"].isEnabled()
    assert not page.buttons["deleteEntry"].isEnabled()
    assert page.buttons["adjustEntry"].isEnabled()
    asked = []
    monkeypatch.setattr(
        messages, "confirm", lambda parent, text, yes, title=None: asked.append(text) or False
    )
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)  # Enter on the row
    assert len(asked) == 1 and yesterday.isoformat() in asked[0]
    assert page.dialog is None
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert len(said) == 1
    assert LedgerEntry.get_by_id(entry.id).amount_fen == 2000

    # the adjusting entry instead: written today, naming yesterday
    dialog = page.adjust_selected()
    type_text(qtbot, dialog.amount, "3")
    dialog.save_button.click()
    adjusting = LedgerEntry.select().where(LedgerEntry.adjusts_day.is_null(False)).get()
    assert (adjusting.day, adjusting.adjusts_day, adjusting.amount_fen) == (TODAY, yesterday, 300)


@OFFSCREEN_POPUP
def test_an_amount_with_three_decimals_is_shown_at_the_amount_and_nothing_is_saved(
    qtbot, books_page, said
):
    page = books_page
    quick = page.quick
    quick.focus_first()
    type_here(qtbot, "快递")
    press(qtbot)
    press(qtbot)
    type_here(qtbot, "12.345")
    press(qtbot, Qt.Key.Key_Return)
    assert quick.rows["amount"].has_error()
    assert QApplication.focusWidget() is quick.amount
    assert said == []
    assert LedgerEntry.select().count() == 0
    assert quick.amount.text() == "12.345"  # kept, to be corrected


def test_an_open_entry_is_edited_and_deleted(qtbot, books_page, monkeypatch):
    entry = add("其他支出", "8", "打印纸")
    page = books_page
    page.refresh()
    page.select(entry.id)
    dialog = page.edit_selected()
    dialog.amount.clear()
    type_text(qtbot, dialog.amount, "9.90")
    dialog.save_button.click()
    assert LedgerEntry.get_by_id(entry.id).amount_fen == 990
    monkeypatch.setattr(messages, "confirm", lambda parent, text, yes, title=None: True)
    page.select(entry.id)
    assert page.delete_selected()
    assert LedgerEntry.select().count() == 0
    assert page.model.rowCount() == 0


def test_sales_wait_as_pending_entries_until_confirmed_and_block_the_close(qtbot, books_page, said):
    from tests.core.orders_support import build_shop, order_in_status

    shop = build_shop()
    order = order_in_status(shop, "paid")
    page = books_page
    page.refresh()
    assert page.pending.isVisible()
    assert page.pending.count() == 1
    assert page.pending.model.index(0, 3).data() == "+" + format_yuan(order.totals.total_fen)

    dialog = page.close_day()
    assert dialog.confirm_button.isVisible()
    assert not dialog.close_button.isEnabled()
    dialog.confirm_button.click()  # 确认入账 from the close dialog
    sale = LedgerEntry.get(LedgerEntry.order == order.id)
    assert (sale.amount_fen, sale.kind, sale.category.name) == (
        order.totals.total_fen,
        "income",
        "销售收入",
    )
    assert dialog.close_button.isEnabled()
    assert dialog.figures["sales_fen"].text() == format_yuan(order.totals.total_fen, symbol=True)
    assert not page.pending.isVisible()  # the page heard the change
    # confirming again writes nothing twice
    assert books.pending_entries(TODAY) == []
    assert said == []


def test_the_pending_panel_confirms_the_selected_entries(qtbot, books_page):
    from tests.core.orders_support import build_shop, order_in_status

    shop = build_shop()
    first, second = order_in_status(shop, "paid"), order_in_status(shop, "paid")
    page = books_page
    page.refresh()
    assert page.pending.count() == 2
    page.pending.view.selectRow(1)
    page.pending.confirm_button.click()
    assert LedgerEntry.select().count() == 1
    assert page.pending.count() == 1
    page.pending.confirm_button.click()  # nothing selected: all that are left
    assert {e.order_id for e in LedgerEntry.select()} == {first.id, second.id}


def test_filters_narrow_the_ledger_and_the_totals_follow(qtbot, books_page):
    add("快递费", "10", "中通")
    add("包装耗材", "20", "纸箱", account="现金")
    add("其他收入", "50", "卖纸壳")
    page = books_page
    page.refresh()
    assert page.model.rowCount() == 3
    filters = page.filters
    filters.category.setCurrentIndex(filters.category.findData(category("包装耗材").id))
    assert [page.model.row_at(r).note for r in range(page.model.rowCount())] == ["纸箱"]
    filters.category.setCurrentIndex(0)
    filters.account.setCurrentIndex(filters.account.findData(account_id("支付宝")))
    assert page.model.rowCount() == 2
    assert format_yuan(5000 - 1000, symbol=True) in page.totals.text()
    filters.account.setCurrentIndex(0)
    type_text(qtbot, filters.text, "纸")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    filters.state.setCurrentIndex(filters.state.findData(True))
    assert page.model.rowCount() == 0


@OFFSCREEN_POPUP
def test_a_date_in_a_closed_day_is_refused_at_the_date_field(qtbot, books_page, said):
    yesterday = TODAY - datetime.timedelta(days=1)
    books.close_day(yesterday, (), None)
    quick = books_page.quick
    quick.set_day(yesterday)
    quick.focus_first()
    type_here(qtbot, "包装")
    press(qtbot)
    press(qtbot)
    type_here(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    assert quick.rows["day"].has_error()
    assert yesterday.isoformat() in quick.rows["day"].error.text()
    assert said == [] and LedgerEntry.select().count() == 0


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("快", "快递费"),
        ("kdf", "快递费"),
        ("包装耗材", "包装耗材"),
        ("tgf", "推广费"),
        ("收入", "销售收入"),
    ],
)
def test_a_typed_category_finds_its_name(session, typed, meant):
    from desk.ui.books.choices import find_named

    found = find_named(typed, books.list_categories())
    assert found is not None and found.name == meant


def test_an_unknown_category_is_refused_at_the_category_field(qtbot, books_page, said):
    quick = books_page.quick
    type_text(qtbot, quick.category, "房租")
    type_text(qtbot, quick.amount, "800")
    qtbot.keyClick(quick.amount, Qt.Key.Key_Return)
    assert quick.rows["category"].has_error()
    assert "房租" in quick.rows["category"].error.text()
    assert said == [] and LedgerEntry.select().count() == 0


def test_the_books_page_opens_from_the_main_window(window, qtbot):
    from desk.ui.pages import index_of

    page = window.show_page(index_of("books"))
    assert isinstance(page, BooksPage)
    assert page.quick.category.placeholderText()


def test_an_automatic_entry_changes_only_its_account_and_note(qtbot, books_page):
    from tests.core.orders_support import build_shop, order_in_status

    order = order_in_status(build_shop(), "paid")
    books.confirm_pending(TODAY, None)
    sale = LedgerEntry.get(LedgerEntry.order == order.id)
    page = books_page
    page.refresh()
    page.select(sale.id)
    dialog = page.edit_selected()
    assert not dialog.amount.isEnabled() and not dialog.category.isEnabled()
    dialog.account.setCurrentIndex(dialog.account.findText("微信"))
    dialog.note.setText("买家用微信付的")
    dialog.save_button.click()
    sale = LedgerEntry.get_by_id(sale.id)
    assert (sale.account.name, sale.note, sale.amount_fen) == (
        "微信",
        "买家用微信付的",
        order.totals.total_fen,
    )
