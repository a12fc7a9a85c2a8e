"""The follow-up queue and the small dialog that plans one: overdue ones in red, done / skipped
with a note, a new date, later ones on request, and a double-click opening the customer."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication

from desk.core import customers, follow_ups
from desk.core.customers import CustomerDraft
from desk.models import FollowUp
from desk.ui.customers.follow_ups import (
    OVERDUE_TEXT,
    AddFollowUpDialog,
    DateDialog,
    FollowUpPanel,
    NoteDialog,
    add_follow_up_dialog,
)
from tests.ui.conftest import show_active, type_text

TODAY = datetime.date.today()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def when_modal(handle, kind):
    """Run `handle(dialog)` as soon as a modal dialog of class `kind` is shown."""
    seen = []

    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            try:
                handle(dialog)
            finally:  # a failed check must not leave the test waiting on an open dialog
                if dialog.isVisible():
                    dialog.reject()
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


@pytest.fixture
def people(session):
    made = {}
    for name, nick in (("李四", "lisi_88"), ("王五", "ww"), ("赵六", "")):
        detail, _c = customers.create_customer(CustomerDraft(name=name, nick=nick))
        made[name] = detail.id
    return made


@pytest.fixture
def queue(session, people):
    """An overdue one, one due today, one next week."""
    follow_ups.add_follow_up(people["李四"], days(-2), "after_delivery", "问尺码合不合适")
    follow_ups.add_follow_up(people["王五"], TODAY, "repurchase")
    follow_ups.add_follow_up(people["赵六"], days(7), "custom", "新款到了告诉她")
    return people


@pytest.fixture
def panel(qtbot, session, queue):
    return show_active(qtbot, FollowUpPanel(session), 900, 500)


def shown(panel) -> list[list[str]]:
    model = panel.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]  # fmt: skip


def status_of(name: str, people) -> tuple[str, str]:
    row = FollowUp.get(FollowUp.customer == people[name])
    return row.status, row.note


def test_overdue_first_in_red_today_next_later_only_on_request(panel, queue):
    rows = shown(panel)
    assert [r[0] for r in rows] == ["李四", "王五"]  # next week's is not due yet
    assert rows[0][1] == "lisi_88" and rows[0][4] == "问尺码合不合适"
    assert "2" in rows[0][3] and rows[0][3].startswith(days(-2).isoformat())
    red = panel.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color() == OVERDUE_TEXT
    assert panel.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert "1" in panel.summary.text()

    panel.include_future.click()
    rows = shown(panel)
    assert [r[0] for r in rows] == ["李四", "王五", "赵六"]
    assert rows[2][2] == "新款到了告诉她"  # a custom reason is shown as the reason


def test_done_with_a_note(panel, queue, qtbot):
    def answer(dialog: NoteDialog):
        type_text(qtbot, dialog.note, "已签收，尺码合适")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)

    when_modal(answer, NoteDialog)
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    assert status_of("李四", queue) == ("done", "已签收，尺码合适")
    assert [r[0] for r in shown(panel)] == ["王五"]


def test_skip_and_escape(panel, queue, qtbot):
    when_modal(lambda dialog: qtbot.keyClick(dialog.note, Qt.Key.Key_Escape), NoteDialog)
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert status_of("李四", queue) == ("open", "")  # Esc: nothing happened

    panel.view.selectRow(1)
    when_modal(lambda dialog: qtbot.keyClick(dialog.note, Qt.Key.Key_Return), NoteDialog)
    qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
    assert status_of("王五", queue) == ("skipped", "")
    assert [r[0] for r in shown(panel)] == ["李四"]


def test_change_the_date(panel, queue, qtbot):
    def pick(dialog: DateDialog):
        assert dialog.date.date().toPython() == days(1)  # overdue: tomorrow is offered
        dialog.date.setDate(QDate(days(5)))
        qtbot.keyClick(dialog.date, Qt.Key.Key_Return)

    when_modal(pick, DateDialog)
    qtbot.mouseClick(panel.reschedule_button, Qt.MouseButton.LeftButton)
    assert FollowUp.get(FollowUp.customer == queue["李四"]).due_date == days(5)
    assert [r[0] for r in shown(panel)] == ["王五"]


def test_double_click_and_enter_open_the_customer(panel, queue, qtbot):
    view = panel.view
    opened = []
    panel.customer_opened.connect(opened.append)
    where = view.visualRect(panel.model.index(1, 0)).center()
    # a real double-click is press, release, then the double-click; QTest sends only the last
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened == [queue["王五"]]
    view.setFocus()
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened == [queue["王五"], queue["李四"]]


def test_nothing_due_says_so(qtbot, session, people):
    panel = show_active(qtbot, FollowUpPanel(session), 700, 400)
    assert panel.model.rowCount() == 0
    assert panel.empty.isVisibleTo(panel) and not panel.done_button.isEnabled()
    follow_ups.add_follow_up(people["李四"], TODAY, "promotion")
    session.bus.broadcast(follow_ups.reschedule_follow_up(
        FollowUp.get().id, TODAY))  # a change elsewhere: the panel reloads  # fmt: skip
    assert panel.model.rowCount() == 1 and panel.done_button.isEnabled()


def test_add_a_follow_up_in_three_days_by_default(session, people, qtbot):
    def fill(dialog: AddFollowUpDialog):
        assert dialog.due.date().toPython() == days(3)
        assert dialog.due.calendarPopup()
        assert "李四" in dialog.windowTitle()
        dialog.reason.setCurrentIndex(dialog.reason.findData("repurchase"))
        type_text(qtbot, dialog.text, "袜子快穿完了")
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)  # Enter confirms

    when_modal(fill, AddFollowUpDialog)
    assert add_follow_up_dialog(None, session, people["李四"]) is True
    [row] = follow_ups.customer_follow_ups(people["李四"])
    assert (row.due_date, row.reason, row.reason_text) == (days(3), "repurchase", "袜子快穿完了")
    assert row.staff_name  # who planned it: the person at the desk


def test_a_custom_reason_needs_words_shown_at_the_field(session, people, qtbot, said):
    def fill(dialog: AddFollowUpDialog):
        dialog.reason.setCurrentIndex(dialog.reason.findData("custom"))
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.rows["reason_text"].has_error()
        qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)  # Esc cancels

    seen = when_modal(fill, AddFollowUpDialog)
    assert add_follow_up_dialog(None, session, people["赵六"]) is False
    assert seen and said == []
    assert follow_ups.customer_follow_ups(people["赵六"]) == []


def test_the_table_model_is_sound(panel, qtmodeltester):
    qtmodeltester.check(panel.model)
