"""The Customers page: smart paste from the list, groups sidebar, live search, privacy, paging,
the right-click menu. Real widgets are driven; the shop file is checked afterwards."""

from __future__ import annotations

import types

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QToolButton

from desk.core import customers, follow_ups
from desk.i18n import _
from desk.models import Customer, CustomerGroup, Order
from desk.ui.customers import list_actions, list_model
from desk.ui.customers.group_colors import PALETTE
from desk.ui.customers.list_model import CustomerListModel, CustomerQuery
from tests.ui.conftest import type_text
from tests.ui.customers_support import (
    active,
    add_customer,
    address,
    click_item,
    click_line,
    make_page,
    menu_action,
    search,
    select_rows,
    shown_names,
)


@pytest.fixture
def page(qtbot, session):
    return make_page(qtbot, session)


def group_named(name: str) -> customers.GroupInfo:
    return next(g for g in customers.list_groups() if g.name == name)


# -- the whole story -----------------------------------------------------------------------------


def test_add_a_customer_by_smart_paste_put_them_in_two_groups_then_find_them(
    page, qtbot, clipboard, said
):
    add_customer(page._session, "李四", "13900001111")
    add_customer(page._session, "王五", "13700002222")
    clipboard.setText("收货人：张三\n手机：+86 138 1234 5678\n浙江省杭州市西湖区文三路100号（310012）")

    qtbot.keyClick(page.list.view, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    card = active(qtbot, page.card)
    assert card.customer_id is None
    assert card.name.text() == "张三"
    assert card.phones.phones() == ("13812345678",)
    form = card.addresses.form
    assert (form.province.name(), form.city.name(), form.district.name()) == (
        "浙江省", "杭州市", "西湖区",
    )
    assert form.street.text() == "文三路100号"
    assert form.postcode.text() == "310012"
    assert card.paste.highlighted() == []

    for name in ("老客户", "VIP"):  # a click on the group's name ticks it
        item = card.groups.findItems(name, Qt.MatchFlag.MatchExactly)[0]
        click_item(qtbot, card.groups, item)
        assert item.checkState() == Qt.CheckState.Checked
    card.name.setFocus()
    qtbot.keyClick(card.name, Qt.Key.Key_Return)  # Enter saves
    assert said == []
    assert not card.isVisible()

    [customer_id] = customers.find_by_phone("13812345678")
    detail = customers.get_customer(customer_id)
    assert detail.name == "张三"
    assert detail.draft.phones == ("13812345678",)
    [saved] = detail.draft.addresses
    assert (saved.receiver, saved.province, saved.city, saved.district, saved.street,
            saved.postcode, saved.phone, saved.is_default) == (
        "张三", "浙江省", "杭州市", "西湖区", "文三路100号", "310012", "13812345678", True,
    )  # fmt: skip
    assert sorted(g.key for g in detail.groups) == ["repeat", "vip"]
    assert page.list.current_id() == customer_id  # the list shows who was just added

    search(qtbot, page, "zs")
    assert shown_names(page) == ["张三"]
    search(qtbot, page, "5678")
    assert shown_names(page) == ["张三"]
    search(qtbot, page, "1111")
    assert shown_names(page) == ["李四"]
    assert page.list.count.text() == _("{count} customers").format(count="1")
    click_line(qtbot, page, f"group:{customers.group_by_key('vip').id}")
    search(qtbot, page, "")
    assert shown_names(page) == ["张三"]


def test_ctrl_f_goes_to_the_search_and_enter_opens_the_only_match(page, qtbot):
    add_customer(page._session, "张三", "13812345678")
    add_customer(page._session, "李四", "13900001111")
    page.list.view.setFocus()
    qtbot.keyClick(page.list.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.list.search
    type_text(qtbot, page.list.search, "ls")
    qtbot.keyClick(page.list.search, Qt.Key.Key_Return)
    card = active(qtbot, page.card)
    assert card.name.text() == "李四"
    qtbot.keyClick(card, Qt.Key.Key_Escape)  # nothing typed: closes without asking
    assert not card.isVisible()


def test_search_finds_by_nick_address_and_full_pinyin_and_says_when_nothing_matches(page, qtbot):
    add_customer(page._session, "张三", nick="sunny_day", addresses=(address(street="文三路100号"),))
    add_customer(page._session, "曾小贤", "13900001111")
    search(qtbot, page, "sunny")
    assert shown_names(page) == ["张三"]
    search(qtbot, page, "文三路")
    assert shown_names(page) == ["张三"]
    search(qtbot, page, "zengxiaoxian")
    assert shown_names(page) == ["曾小贤"]
    search(qtbot, page, "无此人")
    assert shown_names(page) == []
    assert page.list.count.text() == _("No customer matches {text}.").format(text="无此人")


# -- privacy -------------------------------------------------------------------------------------


def test_phones_are_masked_in_the_list_until_revealed_and_masked_again_on_restart(
    qtbot, session
):
    add_customer(session, "张三", "13812345678")
    page = make_page(qtbot, session)
    model = page.list.model
    assert model.data(model.index(0, list_model.PHONE_COLUMN)) == "138****5678"
    assert model.data(model.index(0, list_model.PHONE_COLUMN), Qt.ItemDataRole.ToolTipRole) == (
        "138****5678"
    )
    assert not page.list.show_phones.isChecked()
    qtbot.mouseClick(page.list.show_phones, Qt.MouseButton.LeftButton)
    assert model.data(model.index(0, list_model.PHONE_COLUMN)) == "13812345678"
    search(qtbot, page, "zs")  # stays revealed while searching
    assert model.data(model.index(0, list_model.PHONE_COLUMN)) == "13812345678"
    qtbot.mouseClick(page.list.show_phones, Qt.MouseButton.LeftButton)
    assert model.data(model.index(0, list_model.PHONE_COLUMN)) == "138****5678"
    qtbot.mouseClick(page.list.show_phones, Qt.MouseButton.LeftButton)

    again = make_page(qtbot, session)  # the app started again
    assert not again.list.show_phones.isChecked()
    cell = again.list.model.index(0, list_model.PHONE_COLUMN)
    assert again.list.model.data(cell) == "138****5678"


# -- the sidebar ---------------------------------------------------------------------------------


def test_sidebar_counts_every_view_and_each_line_lists_its_customers(page, qtbot):
    session = page._session
    add_customer(session, "张三", groups=("vip", "repeat"))
    add_customer(session, "李四", groups=("vip",))
    add_customer(session, "王五")
    bad = add_customer(session, "赵六", groups=("blacklist",))
    sleepy = add_customer(session, "钱七")
    Customer.update(order_count=1, total_spent_fen=5000,
                    first_order_at="2020-01-01 10:00:00", last_order_at="2020-01-01 10:00:00",
                    ).where(Customer.id == sleepy).execute()  # fmt: skip
    session.bus.broadcast(customers.save_rules(customers.get_rules()))
    vip = customers.group_by_key("vip")
    sidebar = page.sidebar

    assert sidebar.count_of("all") == 5
    assert sidebar.count_of(f"group:{vip.id}") == 2
    assert sidebar.count_of("ungrouped") == 2
    assert sidebar.count_of("dormant") == 1
    assert sidebar.count_of("blacklist") == 1
    assert sidebar.text_of("blacklist") == "黑名单"
    assert sidebar.row_of(f"group:{customers.group_by_key('blacklist').id}") is None  # once only
    titles = [sidebar.list.item(r).text() for r in range(sidebar.list.count())]
    groups = [g.name for g in customers.list_groups() if g.key != "blacklist"]
    assert titles[1 : 1 + len(groups)] == groups  # in their order, after 全部客户

    click_line(qtbot, page, f"group:{vip.id}")
    assert sorted(shown_names(page)) == ["张三", "李四"]
    assert page.list.title.text() == "VIP"
    click_line(qtbot, page, "ungrouped")
    assert sorted(shown_names(page)) == ["王五", "钱七"]
    click_line(qtbot, page, "dormant")
    assert shown_names(page) == ["钱七"]
    click_line(qtbot, page, "blacklist")
    assert shown_names(page) == ["赵六"]
    assert page.list.model.data(page.list.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert customers.get_customer(bad).blacklisted
    click_line(qtbot, page, "all")
    assert len(shown_names(page)) == 5


def test_add_rename_move_and_delete_a_group_from_the_sidebar(page, qtbot, monkeypatch, said):
    session = page._session
    someone = add_customer(session, "张三")
    sidebar = page.sidebar

    qtbot.mouseClick(sidebar.buttons["addGroup"], Qt.MouseButton.LeftButton)
    dialog = active(qtbot, page.group_dialog)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # no name: said at the field
    assert dialog.isVisible() and dialog.rows["name"].has_error()
    type_text(qtbot, dialog.name, "爱买裙子")
    qtbot.mouseClick(dialog.colors.findChild(QToolButton, "color_43a047"), Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    group = group_named("爱买裙子")
    assert group.color == PALETTE[3] and not group.built_in
    assert sidebar.current_key() == f"group:{group.id}"  # the new group is shown (empty)
    assert shown_names(page) == []
    assert sidebar.buttons["deleteGroup"].isEnabled()

    customers.add_to_group([someone], group.id)
    session.bus.broadcast(customers.Changes.of("customers"))
    assert shown_names(page) == ["张三"]

    qtbot.mouseClick(sidebar.buttons["editGroup"], Qt.MouseButton.LeftButton)
    dialog = active(qtbot, page.group_dialog)
    assert dialog.name.text() == "爱买裙子"
    dialog.name.clear()
    type_text(qtbot, dialog.name, "裙子控")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert CustomerGroup.get_by_id(group.id).name == "裙子控"
    assert sidebar.text_of(f"group:{group.id}") == "裙子控"
    assert page.list.title.text() == "裙子控"

    order = [g.id for g in customers.list_groups() if g.key != "blacklist"]
    assert order[-1] == group.id
    qtbot.mouseClick(sidebar.buttons["groupUp"], Qt.MouseButton.LeftButton)
    order_after = [g.id for g in customers.list_groups() if g.key != "blacklist"]
    assert order_after == order[:-2] + [group.id, order[-2]]
    assert sidebar.current_key() == f"group:{group.id}"

    asked = []
    monkeypatch.setattr(
        "desk.ui.messages.confirm", lambda parent, text, yes, title=None: asked.append(text) or True
    )
    qtbot.mouseClick(sidebar.buttons["deleteGroup"], Qt.MouseButton.LeftButton)
    assert "裙子控" in asked[0]
    assert CustomerGroup.get_or_none(CustomerGroup.id == group.id) is None
    assert customers.get_customer(someone).name == "张三"  # the customer stays
    assert sidebar.current_key() == "all"
    assert said == []


def test_built_in_groups_can_be_renamed_but_not_deleted(page, qtbot):
    vip = customers.group_by_key("vip")
    click_line(qtbot, page, f"group:{vip.id}")
    assert page.sidebar.buttons["editGroup"].isEnabled()
    assert not page.sidebar.buttons["deleteGroup"].isEnabled()
    menu = page.sidebar.context_menu()
    assert not menu_action(menu, _("Delete group…")).isEnabled()
    click_line(qtbot, page, "blacklist")  # renamable from its own line
    assert page.sidebar.current_group().key == "blacklist"
    assert not page.sidebar.buttons["groupUp"].isEnabled()


def test_a_taken_group_name_is_refused_at_the_field(page, qtbot):
    qtbot.mouseClick(page.sidebar.buttons["addGroup"], Qt.MouseButton.LeftButton)
    dialog = active(qtbot, page.group_dialog)
    type_text(qtbot, dialog.name, "VIP")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "VIP" in dialog.rows["name"].error.text()
    assert [g.name for g in customers.list_groups()].count("VIP") == 1


# -- the list ------------------------------------------------------------------------------------


def test_right_click_menu_adds_to_and_removes_from_a_group(page, qtbot):
    session = page._session
    a = add_customer(session, "张三")
    b = add_customer(session, "李四", groups=("vip",))
    add_customer(session, "王五")
    vip_id = customers.group_by_key("vip").id
    select_rows(page, "张三", "李四")
    menu = page.list.actions.context_menu()
    menu_action(menu, _("Add to group"), "老客户").trigger()
    repeat = customers.group_by_key("repeat").id
    assert {g.id for g in customers.get_customer(a).groups} == {repeat}
    assert repeat in {g.id for g in customers.get_customer(b).groups}
    assert page.sidebar.count_of(f"group:{repeat}") == 2
    assert set(page.list.selected_ids()) == {a, b}  # still selected after the reload

    menu = page.list.actions.context_menu()
    remove = next(a for a in menu.actions() if a.text() == _("Remove from group")).menu()
    assert sorted(a.text() for a in remove.actions()) == sorted(["VIP", "老客户"])
    menu_action(menu, _("Remove from group"), "VIP").trigger()
    assert [g.key for g in customers.get_customer(b).groups] == ["repeat"]
    assert customers.count_customers(view=customers.VIEW_GROUP, group_id=vip_id) == 0


def test_delete_asks_and_a_customer_with_orders_stops_the_lot(page, qtbot, monkeypatch, said):
    session = page._session
    add_customer(session, "张三")
    buyer = add_customer(session, "李四")
    add_customer(session, "王五")
    Order.create(number="20260101-0001", customer=buyer, status="paid")
    answers = [False, True, True]
    monkeypatch.setattr(
        "desk.ui.messages.confirm", lambda parent, text, yes, title=None: answers.pop(0)
    )
    select_rows(page, "张三", "李四")
    page.list.view.setFocus()
    qtbot.keyClick(page.list.view, Qt.Key.Key_Delete)  # declined
    assert customers.count_customers() == 3 and said == []
    qtbot.keyClick(page.list.view, Qt.Key.Key_Delete)  # 李四 has an order: nobody is deleted
    assert customers.count_customers() == 3
    assert len(said) == 1 and "李四" in said[0][1]
    select_rows(page, "张三", "王五")
    qtbot.keyClick(page.list.view, Qt.Key.Key_Delete)
    assert sorted(shown_names(page)) == ["李四"]
    assert [c.name for c in Customer.select()] == ["李四"]
    assert answers == []


def test_export_and_sms_take_the_customers_listed_now(page, qtbot, monkeypatch):
    session = page._session
    for name in ("张三", "李四", "王五"):
        add_customer(session, name, groups=("vip",) if name != "王五" else ())
    calls = []
    fake = types.SimpleNamespace(
        run_export_dialog=lambda parent, s, ids, title: calls.append(("export", ids, title)),
        run_sms_dialog=lambda parent, s, ids: calls.append(("sms", ids)),
    )
    real = list_actions.sibling
    monkeypatch.setattr(
        list_actions, "sibling",
        lambda name: fake if name in ("export_dialog", "sms_dialog") else real(name),
    )  # fmt: skip
    vip = customers.group_by_key("vip")
    click_line(qtbot, page, f"group:{vip.id}")
    qtbot.mouseClick(page.list.buttons["exportCustomers"], Qt.MouseButton.LeftButton)
    expected = customers.customer_ids("", customers.VIEW_GROUP, vip.id)
    assert len(expected) == 2
    assert calls[-1] == ("export", expected, "VIP")
    search(qtbot, page, "zs")
    qtbot.mouseClick(page.list.buttons["smsCustomers"], Qt.MouseButton.LeftButton)
    assert calls[-1] == ("sms", customers.customer_ids("zs"))
    select_rows(page, "张三")
    menu_action(page.list.actions.context_menu(), _("Export selected…")).trigger()
    assert calls[-1][:2] == ("export", [page.list.current_id()])


def test_the_list_orders_in_sql_and_fetches_more_pages(page, qtbot, monkeypatch):
    session = page._session
    spent = {"张三": 30000, "李四": 90000, "王五": 0, "赵六": 50000, "钱七": 10000}
    for name, fen in spent.items():
        cid = add_customer(session, name)
        Customer.update(total_spent_fen=fen).where(Customer.id == cid).execute()
    monkeypatch.setattr(list_model, "PAGE_SIZE", 2)
    combo = page.list.order
    combo.setCurrentIndex(combo.findData(customers.ORDER_SPENT))
    model = page.list.model
    assert shown_names(page) == ["李四", "赵六"]
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert shown_names(page) == ["李四", "赵六", "张三", "钱七", "王五"]
    assert not model.canFetchMore()
    assert page.list.count.text() == _("{count} customers").format(count="5")
    combo.setCurrentIndex(combo.findData(customers.ORDER_NAME))
    assert shown_names(page)[:2] == ["李四", "钱七"]  # li, qian, wang, zhang, zhao


def test_the_list_model_passes_the_model_tester(session, qtmodeltester, monkeypatch):
    add_customer(session, "张三", "13812345678", groups=("vip",), addresses=(address(),))
    add_customer(session, "李四", nick="lisi", tags=("连衣裙",))
    add_customer(session, "王五")
    monkeypatch.setattr(list_model, "PAGE_SIZE", 2)
    model = CustomerListModel()
    model.reload(CustomerQuery())
    qtmodeltester.check(model, force_py=True)
    model.fetchMore()
    model.set_show_phones(True)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 3


def test_follow_ups_and_duplicates_are_views_of_the_page(page, qtbot):
    pytest.importorskip("desk.ui.customers.follow_ups")
    pytest.importorskip("desk.ui.customers.duplicates")
    session = page._session
    a = add_customer(session, "张三", "13812345678")
    add_customer(session, "张三丰", "13812345678")
    import datetime

    session.bus.run_op(None, follow_ups.add_follow_up, a, datetime.date.today(), "repurchase")
    assert page.sidebar.count_of("follow_ups") == 1
    assert page.sidebar.count_of("duplicates") == 1
    click_line(qtbot, page, "follow_ups")
    assert page.stack.currentWidget() is page.panels["follow_ups"]
    click_line(qtbot, page, "duplicates")
    assert page.stack.currentWidget() is page.panels["duplicates"]
    page.panels["follow_ups"].customer_opened.emit(a)
    card = active(qtbot, page.card)
    assert card.customer_id == a
    card.reject()
    click_line(qtbot, page, "all")
    assert page.stack.currentWidget() is page.list


def test_merge_two_selected_customers_keeps_everything_of_both(page, qtbot, said, monkeypatch):
    merge_dialog = pytest.importorskip("desk.ui.customers.merge_dialog")
    monkeypatch.setattr("desk.ui.messages.confirm", lambda parent, text, yes, title=None: True)
    session = page._session
    keep = add_customer(session, "张三", "13812345678", groups=("vip",), tags=("大码",),
                        addresses=(address(),))  # fmt: skip
    other = add_customer(session, "张三", "0571-88886666", nick="zhang3", groups=("repeat",),
                         notes="穿L码")  # fmt: skip
    Customer.update(order_count=3).where(Customer.id == keep).execute()
    page.list.select([keep, other], keep)
    seen = []

    def confirm_merge():
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, merge_dialog.MergeDialog) and w.isVisible()]  # fmt: skip
        for dialog in dialogs:  # never leave the modal dialog open, even when the test fails
            seen.append((dialog.keep_id, dialog.other_id))
            qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, confirm_merge)
    assert menu_action(page.list.actions.context_menu(), _("Merge…")).isEnabled()
    assert page.list.actions.merge()
    assert seen == [(keep, other)]  # the one with more orders stays
    assert said == []
    detail = customers.get_customer(keep)
    assert set(detail.draft.phones) == {"13812345678", "0571-88886666"}
    assert {g.key for g in detail.groups} == {"vip", "repeat"}
    assert detail.draft.tags == ("大码",) and "穿L码" in detail.draft.notes
    assert len(detail.draft.addresses) == 1
    assert shown_names(page) == ["张三"]
    assert page.sidebar.count_of("all") == 1


def test_one_or_two_chinese_characters_find_customers_too(page, qtbot):
    add_customer(page._session, "曾小贤")
    add_customer(page._session, "张三")
    search(qtbot, page, "曾")
    assert shown_names(page) == ["曾小贤"]
    search(qtbot, page, "小贤")
    assert shown_names(page) == ["曾小贤"]
