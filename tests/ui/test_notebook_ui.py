"""The notebooks from the desk: switch person, log a problem from an order with the shortcut,
count consultations and deals with one key each, write a handover, switch back and see it first,
sign it — checked in the shop file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from desk.core import handovers, notebook
from desk.i18n import _
from desk.models import Handover, Problem, ServiceEvent
from desk.ui.pages import index_of
from tests.core.orders_support import build_shop, order_in_status
from tests.ui.conftest import C_LOCALE_NOTICE, OFFSCREEN_NOTICE, type_text

#: The reason menu is a popup: the offscreen platform has no window manager to raise it.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(
    C_LOCALE_NOTICE, OFFSCREEN_NOTICE, r"This plugin does not support (raise|grabbing)"
)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def switch_person(window, staff_id: int) -> None:
    """Choose a person in the status bar's 在岗 box as the user does (click, pick)."""
    box = window.status.person_box
    index = box.findData(staff_id)
    box.setCurrentIndex(index)
    box.activated.emit(index)


def activate(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def taps(staff_id: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for row in ServiceEvent.select().where(ServiceEvent.staff == staff_id):
        found[row.kind] = found.get(row.kind, 0) + 1
    return found


@pytest.fixture
def shop(session):
    return build_shop()


def test_a_shift_change_from_problem_to_signed_handover(qtbot, window, session, shop, said):
    owner, partner = shop.staff_ids[:2]
    order = order_in_status(shop, "paid")
    activate(qtbot, window)

    # the partner comes to the desk
    switch_person(window, partner)
    assert session.desk_person_id() == partner
    assert window.desk_keys.read_dialog is None  # nothing unread for the partner

    # a problem logged from the selected order with Ctrl+Shift+P, prefilled with the order
    orders_page = window.show_page(index_of("orders"))
    orders_page.select([order.id], order.id)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    dialog = window.desk_keys.problem_dialog
    assert dialog is not None and dialog.isVisible()
    assert order.number in dialog.links.text()
    dialog.category.setCurrentIndex(dialog.category.findData("size"))
    type_text(qtbot, dialog.description, "买家说M码偏小")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    problem = Problem.get()
    assert (problem.category, problem.description, problem.status) == (
        "size",
        "买家说M码偏小",
        "open",
    )
    assert (problem.order_id, problem.customer_id) == (order.id, shop.customer_id)
    assert problem.staff_id == partner

    # three consultations and one deal, one key each, from the orders page
    activate(qtbot, window)
    for _n in range(3):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert taps(partner) == {"consult": 3, "deal": 1}
    assert taps(owner) == {}
    assert "33.3%" in window.statusBar().currentMessage()

    # the handover, prefilled from the shop, with free text, to the owner
    page = window.show_page(index_of("notebook"))
    page.tabs.setCurrentWidget(page.handovers)
    writer = page.handovers.writer
    qtbot.waitUntil(lambda: bool(writer.state.toPlainText().strip()))
    state = writer.state.toPlainText().strip()
    assert "买家说M码偏小" in state  # the open problem just logged
    assert writer.to.currentData() == owner
    # the writer's own box comes first, above the prefilled state
    assert (
        writer.body.mapTo(writer, writer.body.rect().topLeft()).y()
        < writer.state.mapTo(writer, writer.state.rect().topLeft()).y()
    )
    writer.body.setFocus()
    type_text(qtbot, writer.body, "晚上记得回复王小丫")
    qtbot.mouseClick(writer.save_button, Qt.MouseButton.LeftButton)
    note = Handover.get()
    assert (note.from_staff_id, note.to_staff_id, note.read_at) == (partner, owner, None)
    assert note.body.startswith("晚上记得回复王小丫")  # the note first, the state after it
    assert note.body.endswith(state) and len(note.body) > len(state) + len("晚上记得回复王小丫")
    assert said == []

    # the owner comes back: the note is shown first, above the shop's state, and 已读 signs it
    switch_person(window, owner)
    read = window.desk_keys.read_dialog
    assert read is not None and read.isVisible()
    texts = sorted(
        (w.mapTo(read, w.rect().topLeft()).y(), w.toPlainText())
        for w in read.findChildren(QPlainTextEdit)
        if w.isVisible() and w.toPlainText()
    )
    assert texts[0][1] == "晚上记得回复王小丫"  # the first text on the dialog is the note
    assert [t for _y, t in texts[1:]] == [state]  # the shop's state below it
    qtbot.mouseClick(read.sign_button, Qt.MouseButton.LeftButton)
    note = Handover.get_by_id(note.id)
    assert note.read_at is not None and note.read_by_id == owner
    assert not read.isVisible()
    assert handovers.unread_for(owner) == []
    QApplication.processEvents()


@OFFSCREEN_POPUP
def test_the_lost_buyer_key_asks_the_reason(qtbot, window, session, shop):
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    menu = window.desk_keys.reason_menu
    assert menu is not None and menu.isVisible()
    labels = [a.text() for a in menu.actions()]
    assert [t.split(" ", 1)[1] for t in labels] == [
        notebook.lost_reason_label(r) for r in notebook.LOST_REASONS
    ]
    qtbot.keyClick(menu, Qt.Key.Key_1)  # &1 价格
    row = ServiceEvent.get()
    assert (row.kind, row.reason, row.staff_id) == ("lost", "price", session.desk_person_id())
    # Ctrl+F5 takes it back
    qtbot.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ControlModifier)
    assert ServiceEvent.select().count() == 0


def notebook_page(qtbot, session):
    from desk.ui.notebook.page import NotebookPage
    from tests.ui.conftest import show_active

    page = NotebookPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1200, 760)


def test_the_problem_book_refuses_bad_entries_and_keeps_open_ones(qtbot, session, shop, said):
    from desk.models import QuickReply

    page = notebook_page(qtbot, session)
    tab = page.problems
    dialog = tab.add_problem()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.rows["description"].has_error()  # empty: refused
    dialog.description.setPlainText("长" * 10_000)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "10000" in dialog.rows["description"].error.text()
    assert Problem.select().count() == 0
    dialog.description.setPlainText("  快递三天没有更新  ")
    dialog.category.setCurrentIndex(dialog.category.findData("logistics"))
    type_text(qtbot, dialog.handling, "您好，已经帮您联系快递催件了")
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.handling, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    problem = Problem.get()
    assert (problem.description, problem.category) == ("快递三天没有更新", "logistics")
    assert problem.staff_id == session.desk_person_id()
    assert tab.model.rowCount() == 1 and tab.current().id == problem.id

    # made a quick reply in the handbook, then solved; open ones stay whatever the period
    qtbot.mouseClick(tab.buttons["quickReply"], Qt.MouseButton.LeftButton)
    reply = QuickReply.get()
    assert reply.body == "您好，已经帮您联系快递催件了"
    Problem.update(at="2020-01-02 09:00:00").where(Problem.id == problem.id).execute()
    tab.period.setCurrentIndex(tab.period.findData("7"))
    assert [tab.model.row_at(i).id for i in range(tab.model.rowCount())] == [problem.id]
    tab.select(problem.id)
    qtbot.mouseClick(tab.buttons["solveProblem"], Qt.MouseButton.LeftButton)
    assert Problem.get_by_id(problem.id).status == "solved"
    assert tab.model.rowCount() == 0  # solved and older than the period
    assert said == []


def test_the_weekly_review_groups_by_category(qtbot, session, shop):
    import datetime

    for category, text in (("size", "偏小"), ("size", "偏大"), ("quality", "线头")):
        notebook.add_problem(notebook.ProblemDraft(category, text), None)
    page = notebook_page(qtbot, session)
    review = page.problems.open_review()
    tree = review.tree
    heads = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [(h.text(0), h.childCount()) for h in heads] == [
        (f"{notebook.category_label('size')} (2)", 2),
        (f"{notebook.category_label('quality')} (1)", 1),
    ]
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    assert (review.review.total, review.review.open_count) == (3, 3)
    qtbot.mouseClick(review.previous, Qt.MouseButton.LeftButton)
    before = monday - datetime.timedelta(days=7)
    sunday = monday - datetime.timedelta(days=1)
    assert (review.review.week_start, review.review.week_end) == (before, sunday)
    assert review.review.total == 0
    only = [review.tree.topLevelItem(i) for i in range(review.tree.topLevelItemCount())]
    assert [(h.childCount(), h.data(0, Qt.ItemDataRole.UserRole)) for h in only] == [(0, None)]
    assert only[0].text(0) == _("No problem was logged this week.")  # nothing that week
    title = review.title.text()
    assert before.isoformat() in title and sunday.isoformat() in title
    assert "3" not in title.replace(before.isoformat(), "").replace(sunday.isoformat(), "")
    assert review.next.isEnabled()
    review.close()


def test_the_service_tab_shows_counts_per_person_and_the_chart(qtbot, session, shop):
    page = notebook_page(qtbot, session)
    page.show_service()
    tab = page.service
    for name in ("consult", "consult", "deal"):
        qtbot.mouseClick(tab.buttons[name], Qt.MouseButton.LeftButton)
    tab.lost_reason.setCurrentIndex(tab.lost_reason.findData("size"))
    qtbot.mouseClick(tab.buttons["lost"], Qt.MouseButton.LeftButton)
    me = session.desk_person_id()
    assert taps(me) == {"consult": 2, "deal": 1, "lost": 1}
    mine = next(r for r in tab.people._rows if r.staff_id == me)
    assert (mine.counts.consults, mine.counts.deals, mine.counts.conversion_text) == (2, 1, "50.0%")
    assert tab.chart.points[-1].consults == 2 and tab.chart.points[-1].deals == 1
    assert len(tab.chart.points) == 14
    tab.span.setCurrentIndex(1)
    assert len(tab.chart.points) == 8 and tab.chart.points[-1].deals == 1
    tab.chart.grab()  # paints without error
    size = next(r for r in tab.reasons._rows if r.reason == "size")
    assert size.count == 1


def test_staff_are_renamed_and_taken_off_the_desk_list_in_settings(
    qtbot, window, session, shop, said
):
    from desk.models import Staff

    page = window.show_page(index_of("settings"))
    box = page.staff_box
    partner = shop.staff_ids[1]
    box.name_edit.setText("小李")
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert Staff.get(Staff.name == "小李").active
    item = next(box.people.item(i) for i in range(box.people.count())
                if box.people.item(i).data(Qt.ItemDataRole.UserRole) == partner)  # fmt: skip
    item.setText("老婆")  # what the in-place editor commits
    assert Staff.get_by_id(partner).name == "老婆"
    assert "老婆" in [window.status.person_box.itemText(i)
                     for i in range(window.status.person_box.count())]  # fmt: skip
    box.people.setCurrentItem(
        next(box.people.item(i) for i in range(box.people.count())
             if box.people.item(i).text() == "小李")
    )  # fmt: skip
    qtbot.mouseClick(box.active_button, Qt.MouseButton.LeftButton)
    assert not Staff.get(Staff.name == "小李").active
    assert "小李" not in [window.status.person_box.itemText(i)
                         for i in range(window.status.person_box.count())]  # fmt: skip
    # two must remain: taking the partner off too is refused with a message
    box.people.setCurrentItem(
        next(box.people.item(i) for i in range(box.people.count())
             if box.people.item(i).text() == "老婆")
    )  # fmt: skip
    qtbot.mouseClick(box.active_button, Qt.MouseButton.LeftButton)
    assert Staff.get_by_id(partner).active
    assert said and said[-1][0] == "warning"


def test_switching_person_mid_edit_keeps_the_text_and_records_the_new_person(
    qtbot, window, session, shop, said
):
    owner, partner = shop.staff_ids[:2]
    activate(qtbot, window)
    switch_person(window, owner)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
    dialog = window.desk_keys.problem_dialog
    type_text(qtbot, dialog.description, "快递说地址不详，退回了")
    owner_name = window.status.person_box.itemText(window.status.person_box.findData(owner))
    partner_name = window.status.person_box.itemText(window.status.person_box.findData(partner))
    assert owner_name in dialog.who.text()

    switch_person(window, partner)  # the other one sits down before it is saved
    assert partner_name in dialog.who.text() and owner_name not in dialog.who.text()
    assert dialog.description.toPlainText() == "快递说地址不详，退回了"  # nothing typed is lost
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    problem = Problem.get()
    assert (problem.description, problem.staff_id) == ("快递说地址不详，退回了", partner)
    assert said == []
