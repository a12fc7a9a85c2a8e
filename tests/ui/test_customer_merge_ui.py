"""Likely duplicates and the merge dialog, driven as a user would: the pair is listed with why,
合并… opens the field-by-field choice, and after the merge the kept customer has every phone,
address, group, tag, note and follow-up of both while the other is no longer listed."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desk.core import customer_merge, customers, follow_ups
from desk.core.customers import AddressDraft, CustomerDraft
from desk.core.errors import DomainError
from desk.ui import messages
from desk.ui.customers.duplicates import DuplicatesPanel
from desk.ui.customers.merge_dialog import MergeDialog
from tests.ui.conftest import show_active


def when_modal(handle, kind=None):
    """Run `handle(dialog)` as soon as a modal dialog (of class `kind`) is shown."""
    seen = []

    def poll():
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible() and (kind is None or isinstance(dialog, kind)):
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


def group_id(key: str) -> int:
    return customers.group_by_key(key).id


@pytest.fixture
def pair(session):
    """Two records of one buyer sharing a mobile; each with its own phone, address, group, tag,
    note, and the newer one with a follow-up."""
    first, _c = customers.create_customer(CustomerDraft(
        name="张三", nick="zs_2023", phones=("13812345678", "0571-88886666"),
        addresses=(AddressDraft("张三", "13812345678", "浙江省", "杭州市", "西湖区", "文三路100号",
                                "310012"),),
        group_ids=(group_id("vip"),), tags=("穿M码",), notes="喜欢碎花",
    ))  # fmt: skip
    second, _c = customers.create_customer(CustomerDraft(
        name="张小三", nick="", phones=("138 1234 5678", "13900001111"),
        addresses=(AddressDraft("张小三", "13900001111", "上海市", "上海市", "浦东新区",
                                "世纪大道1号", "200120"),),
        group_ids=(group_id("repeat"),), tags=("送礼",), notes="给妈妈买",
    ))  # fmt: skip
    follow_ups.add_follow_up(second.id, datetime.date.today(), "after_delivery", "问尺码")
    return first.id, second.id


@pytest.fixture
def panel(qtbot, session, pair):
    return show_active(qtbot, DuplicatesPanel(session), 900, 500)


@pytest.fixture
def agreed(monkeypatch):
    """Say yes to the merge question; what was asked is kept."""
    asked = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, text, yes, title=None: asked.append(text) or True)  # fmt: skip
    return asked


def test_the_pair_is_listed_side_by_side_with_the_reason(panel, pair):
    assert panel.model.rowCount() == 1
    shown = [panel.model.index(0, c).data() for c in range(3)]
    assert "张三" in shown[0] and "zs_2023" in shown[0]
    assert "138****5678" in shown[0] and "13812345678" not in shown[0]  # masked in the list
    assert shown[1].startswith("张小三")
    assert "138****5678" in shown[2]  # why: the shared phone
    assert panel.merge_button.isEnabled() and panel.dismiss_button.isEnabled()


def test_merging_from_the_panel_loses_nothing(panel, pair, qtbot, agreed, said):
    keep_id, other_id = pair

    def choose_and_merge(dialog: MergeDialog):
        assert (dialog.keep_id, dialog.other_id) == (keep_id, other_id)
        assert set(dialog.choices) == {"name", "notes"}  # nick: only one has it, nothing to pick
        assert "电话 3 个" in dialog.summary.text() and "地址 2 个" in dialog.summary.text()
        dialog.findChild(type(dialog.choices["name"].buttons()[0]), "name_other").click()
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    seen = when_modal(choose_and_merge, MergeDialog)
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].result() == MergeDialog.DialogCode.Accepted
    assert agreed and "张小三" in agreed[0] and "张三 (zs_2023)" in agreed[0]
    assert said == []

    kept = customers.get_customer(keep_id)
    assert kept.name == "张小三"  # taken from the other, as chosen
    assert kept.nick == "zs_2023"  # only the kept one had a nick
    assert {p.phone for p in kept.phones} == {"13812345678", "0571-88886666", "13900001111"}
    assert sorted(a.street for a in kept.draft.addresses) == ["世纪大道1号", "文三路100号"]
    assert {g.key for g in kept.groups} == {"vip", "repeat"}
    assert set(kept.draft.tags) == {"穿M码", "送礼"}
    assert "喜欢碎花" in kept.draft.notes and "给妈妈买" in kept.draft.notes
    assert [f.reason_text for f in follow_ups.customer_follow_ups(keep_id)] == ["问尺码"]
    with pytest.raises(DomainError):
        customers.get_customer(other_id)
    assert [r.id for r in customers.search_customers()] == [keep_id]
    assert panel.model.rowCount() == 0 and panel.empty.isVisibleTo(panel)
    assert not panel.merge_button.isEnabled()


def test_swapping_keeps_the_other_one_and_only_its_notes(panel, pair, qtbot, agreed):
    keep_id, other_id = pair

    def swap_and_merge(dialog: MergeDialog):
        qtbot.mouseClick(dialog.swap_button, Qt.MouseButton.LeftButton)
        assert (dialog.keep_id, dialog.other_id) == (other_id, keep_id)
        dialog.findChild(type(dialog.choices["notes"].buttons()[0]), "notes_keep").click()
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    when_modal(swap_and_merge, MergeDialog)
    panel.merge_current()
    kept = customers.get_customer(other_id)
    assert kept.name == "张小三" and kept.draft.notes == "给妈妈买"
    assert {p.phone for p in kept.phones} == {"13812345678", "0571-88886666", "13900001111"}
    with pytest.raises(DomainError):
        customers.get_customer(keep_id)


def test_saying_no_to_the_question_merges_nothing(panel, pair, qtbot, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *args, **kwargs: False)

    def try_merge(dialog: MergeDialog):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()  # still open: nothing happened
        dialog.reject()

    when_modal(try_merge, MergeDialog)
    panel.merge_current()
    assert {r.id for r in customers.search_customers()} == set(pair)
    assert panel.model.rowCount() == 1


def test_not_the_same_person_is_not_offered_again(panel, pair, qtbot):
    qtbot.mouseClick(panel.dismiss_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    assert customer_merge.find_duplicates() == []
    assert {r.id for r in customers.search_customers()} == set(pair)  # both still there


def test_a_customer_merged_meanwhile_is_told_not_shown(session, pair, said, qtbot):
    customer_merge.merge_customers(*pair)
    dialog = MergeDialog(session, *pair)
    qtbot.addWidget(dialog)
    assert dialog.exec() == MergeDialog.DialogCode.Rejected
    assert said and said[0][0] == "warning" and "张三" in said[0][1]


def test_double_clicking_a_customer_opens_it(panel, pair, qtbot):
    view = panel.view
    opened = []
    panel.customer_opened.connect(opened.append)
    where = view.visualRect(panel.model.index(0, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened == [pair[1]]


def test_the_table_model_is_sound(panel, qtmodeltester):
    qtmodeltester.check(panel.model)
