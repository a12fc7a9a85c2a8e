"""The close-day dialog as a new user meets it: the balance grid after confirming, every account
counted on purpose, days closed in order; the ledger's columns."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel, QLineEdit, QWidget

from desk.core import books
from desk.core.books import EntryDraft
from desk.core.books_close import earlier_pending_message
from desk.core.money import format_yuan
from desk.i18n import _
from desk.models import DayClose, Order
from desk.ui import messages
from desk.ui.books.page import BooksPage
from tests.core.orders_support import build_shop, order_in_status
from tests.ui.conftest import show_active, type_text

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def books_page(qtbot, session):
    page = BooksPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1300, 860)


def add(category: str, amount: str, note: str = "", day=TODAY, account="现金"):
    cat = next(c.id for c in books.list_categories() if c.name == category)
    acc = next(a.id for a in books.list_accounts() if a.name == account)
    return books.add_entry(EntryDraft(day, cat, acc, amount, note), None)[0]


def paid_on(shop, day: datetime.date):
    order = order_in_status(shop, "paid")
    Order.update(paid_at=datetime.datetime.combine(day, datetime.time(10, 0))).where(
        Order.id == order.id
    ).execute()
    return order


def shown_labels(dialog, text: str) -> list[QLabel]:
    """The labels with `text` the user can see in the balance box (not those waiting for deletion)."""
    return [
        w
        for w in dialog.accounts_box.findChildren(QLabel)
        if w.text() == text and w.isVisibleTo(dialog)
    ]


def test_confirming_rebuilds_the_balance_grid_without_leaving_the_old_rows(qtbot, books_page):
    order_in_status(build_shop(), "paid")
    add("包装耗材", "20", "胶带")
    dialog = books_page.close_day()
    qtbot.waitExposed(dialog)
    accounts = [a.account_name for a in books.day_summary(TODAY).accounts]
    dialog.confirm_button.click()
    QApplication.processEvents()  # what the user sees next (a repaint; no deferred deletes)
    assert books.pending_entries(TODAY) == []
    # one header row and one row per account, nothing else left on screen
    assert len(shown_labels(dialog, "支出")) == 1
    assert len(shown_labels(dialog, "实点")) == 1
    for name in accounts:
        assert len(shown_labels(dialog, name)) == 1, name
    edits = [w for w in dialog.accounts_box.findChildren(QLineEdit) if w.isVisibleTo(dialog)]
    assert len(edits) == 2 * len(accounts)  # counted and comment per account
    grid = dialog.accounts_grid
    in_grid = {grid.itemAt(i).widget() for i in range(grid.count())}
    for w in dialog.accounts_box.findChildren(QWidget):
        if w.isVisibleTo(dialog) and w.parentWidget() is not dialog.accounts_box:
            assert w in in_grid or w.parentWidget() in in_grid, w
    assert grid.rowCount() == len(accounts) + 1
    assert len({grid.itemAtPosition(0, c).widget() for c in range(grid.columnCount())}) == (
        grid.columnCount()
    )


def test_every_account_must_be_counted_or_marked_as_expected(qtbot, books_page, said, monkeypatch):
    offered = []
    monkeypatch.setattr(messages, "choose", lambda *a, **k: offered.append(a[1]) or "later")
    add("其他收入", "100", "卖纸壳", account="现金")
    summary = books.day_summary(TODAY)
    cash = next(a for a in summary.accounts if a.account_name == "现金")
    others = [a for a in summary.accounts if a.account_id != cash.account_id]
    dialog = books_page.close_day()
    assert dialog.variances[cash.account_id].text() == "—"  # not counted: no green 0.00
    type_text(qtbot, dialog.counted[cash.account_id], format_yuan(cash.expected_fen))
    assert dialog.variances[cash.account_id].text() == "0.00"
    dialog.close_button.click()
    assert not books.is_closed(TODAY) and DayClose.select().count() == 0
    for acc in others:
        row = dialog.rows[f"counted:{acc.account_id}"]
        assert row.has_error(), acc.account_name
        assert acc.account_name in row.error.text() and _("= expected") in row.error.text()
    assert not dialog.rows[f"counted:{cash.account_id}"].has_error()
    assert said == []
    # the first of them by its own button, the rest with the one for all
    dialog.same_buttons[others[0].account_id].click()
    assert dialog.counted[others[0].account_id].text() == format_yuan(others[0].expected_fen)
    assert not dialog.rows[f"counted:{others[0].account_id}"].has_error()
    dialog.all_same_button.click()
    dialog.close_button.click()
    assert said == []
    assert books.is_closed(TODAY) and len(offered) == 1  # the report is offered once closed
    closed = books.day_summary(TODAY)
    assert {a.account_id: a.counted_fen for a in closed.accounts} == {
        a.account_id: a.expected_fen for a in summary.accounts
    }


def test_a_day_waits_for_an_earlier_day_with_unconfirmed_entries(qtbot, books_page, said):
    shop = build_shop()
    paid_on(shop, YESTERDAY)
    paid_on(shop, YESTERDAY)
    order_in_status(shop, "paid")  # today
    page = books_page
    page.refresh()
    day_text = page.day_state.text()
    older = _("{day} {count}").format(day=f"{YESTERDAY:%m-%d}", count=2)
    newer = _("{day} {count}").format(day=f"{TODAY:%m-%d}", count=1)
    assert older in day_text and newer in day_text
    assert day_text.index(older) < day_text.index(newer)  # oldest day first

    dialog = page.close_day()
    dialog.confirm_button.click()  # today's own entry
    assert books.pending_entries(TODAY) == []
    assert not dialog.close_button.isEnabled()
    assert dialog.pending_note.text() == earlier_pending_message(YESTERDAY, 2)
    assert YESTERDAY.isoformat() in dialog.pending_note.text()
    assert dialog.earlier_button.isVisible()
    dialog.earlier_button.click()  # to yesterday, confirm it there
    assert dialog.chosen_day() == YESTERDAY
    dialog.confirm_button.click()
    assert books.pending_entries(YESTERDAY) == []
    dialog.day.setDate(TODAY)
    assert dialog.close_button.isEnabled() and not dialog.pending_note.isVisible()
    page.refresh()
    assert page.day_state.text() == _("{day} is open.").format(day=TODAY.isoformat())
    assert said == []


def test_the_note_takes_the_room_and_the_person_only_what_it_needs(qtbot, books_page):
    note = "顺丰到付 退回的三件羊毛衫 运费由客户承担 已在旺旺确认 下次寄件抵扣"
    add("快递费", "23", note)
    page = books_page
    page.refresh()
    header = page.view.horizontalHeader()
    columns = [page.model.headerData(c, header.orientation()) for c in range(header.count())]
    note_col, person_col = columns.index("备注"), columns.index("记账人")
    assert header.sectionResizeMode(note_col) == QHeaderView.ResizeMode.Stretch
    assert header.sectionSize(note_col) >= page.view.sizeHintForColumn(note_col)
    assert header.sectionSize(person_col) <= max(
        page.view.sizeHintForColumn(person_col), header.sectionSizeFromContents(person_col).width()
    )
