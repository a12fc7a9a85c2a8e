"""Settings: the shop profile saved to the file, refusals shown at the field, the language, staff."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime

from desk import i18n
from desk.core import settings, staff
from desk.ui.config import MachineConfig
from desk.ui.pages import index_of
from tests.ui.conftest import type_text


def open_settings(window):
    page = window.show_page(index_of("settings"))
    assert page.title == "设置"
    return page


def test_type_and_save_stores_the_profile(window, qtbot):
    page = open_settings(window)
    form = page.profile_form
    type_text(qtbot, form.shop_name, "小美女装")
    type_text(qtbot, form.sender_name, "王小美")
    type_text(qtbot, form.sender_phone, "138 1234 5678")
    form.ship_cutoff.setTime(QTime(15, 30))
    form.default_courier.setCurrentIndex(form.default_courier.findText("顺丰速运"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    profile = settings.get_profile()
    assert profile.shop_name == "小美女装"
    assert profile.sender_name == "王小美"
    assert profile.sender_phone == "138 1234 5678"
    assert profile.ship_cutoff == "15:30"
    assert profile.default_courier == "SF"
    assert window.windowTitle().startswith("小美女装")


def test_enter_in_a_field_saves(window, qtbot):
    page = open_settings(window)
    type_text(qtbot, page.profile_form.shop_name, "回车店")
    qtbot.keyClick(page.profile_form.shop_name, Qt.Key.Key_Return)
    assert settings.get_profile().shop_name == "回车店"


def test_ctrl_s_saves(window, qtbot):
    page = open_settings(window)
    page.profile_form.shop_name.setFocus()
    type_text(qtbot, page.profile_form.shop_name, "快捷键店")
    qtbot.keyClick(page.profile_form.shop_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert settings.get_profile().shop_name == "快捷键店"


def test_bad_phone_is_shown_at_the_field_and_nothing_is_saved(window, qtbot, said):
    page = open_settings(window)
    form = page.profile_form
    type_text(qtbot, form.shop_name, "小美女装")
    type_text(qtbot, form.sender_phone, "call me maybe")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    row = form.rows["sender_phone"]
    assert row.has_error()
    assert form.sender_phone.property("invalid") is True
    assert row.error.text() == "寄件电话只能包含数字、空格、短横线，开头可以有一个 +。"
    assert not form.rows["shop_name"].has_error()
    assert said == []  # no dialog: the message is at the field
    assert settings.get_profile() == settings.ShopProfile()

    form.sender_phone.clear()
    type_text(qtbot, form.sender_phone, "13812345678")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not row.has_error()
    assert form.sender_phone.property("invalid") is False
    assert settings.get_profile().sender_phone == "13812345678"


def test_missing_shop_name_is_shown_at_the_field(window, qtbot):
    page = open_settings(window)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.profile_form.rows["shop_name"].error.text() == "请填写店铺名称。"
    assert settings.get_profile() == settings.ShopProfile()


def test_switching_to_english_rebuilds_the_window_and_is_kept_in_the_file(window, session, qtbot):
    page = open_settings(window)
    type_text(qtbot, page.profile_form.shop_name, "小美女装")
    page.language_box.setCurrentIndex(page.language_box.findData("en"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Today")
    assert [window.nav.item(i).text() for i in range(3)] == [
        "Today",
        "Product handbook",
        "Customers",
    ]
    assert any(a.text() == "&File" for a in window.menuBar().actions())
    assert window.nav.currentRow() == index_of("settings")  # still on the same page
    assert window.current_page().title == "Settings"
    assert settings.get_language() == "en"
    assert MachineConfig.load().language == "en"
    assert i18n.current_language() == "en"
    assert window.status.person_label.text() == "At the desk:"

    # and back to Chinese
    page = window.current_page()
    page.language_box.setCurrentIndex(page.language_box.findData("zh_CN"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "今日")
    assert settings.get_language() == "zh_CN"


def test_refused_profile_does_not_change_the_language(window, qtbot):
    page = open_settings(window)
    page.language_box.setCurrentIndex(page.language_box.findData("en"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # no shop name
    assert page.profile_form.rows["shop_name"].has_error()
    assert settings.get_language() is None
    assert window.nav.item(0).text() == "今日"


def test_add_a_person(window, qtbot):
    page = open_settings(window)
    box = page.staff_box
    assert [box.people.item(i).text() for i in range(box.people.count())] == ["店主", "搭档"]
    type_text(qtbot, box.name_edit, "小王")
    qtbot.keyClick(box.name_edit, Qt.Key.Key_Return)
    assert [m.name for m in staff.list_staff()] == ["店主", "搭档", "小王"]
    assert box.people.item(2).text() == "小王"
    assert box.name_edit.text() == ""


def test_a_duplicate_person_is_refused_at_the_field(window, qtbot, said):
    page = open_settings(window)
    box = page.staff_box
    type_text(qtbot, box.name_edit, "店主")
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert box.name_row.error.text() == "已经有一位叫“店主”的人了。"
    assert said == []
    assert len(staff.list_staff()) == 2


def test_settings_are_grouped_in_tabs_and_each_box_can_be_brought_forward(window):
    page = open_settings(window)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == ["店铺与人员", "客户", "打印", "退换货", "日结账本"]
    for box, title in ((page.books_box, "日结账本"), (page.font_box, "打印"),
                       (page.inspection_box, "退换货"), (page.customer_rules, "客户"),
                       (page.staff_box, "店铺与人员")):
        page.show_section(box)
        assert page.tabs.tabText(page.tabs.currentIndex()) == title
        assert box.isVisible()
