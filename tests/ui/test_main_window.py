"""The main window: Chinese whatever the locale, navigation, lazy pages, the status bar."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from desk.core import staff
from desk.core.changes import Changes
from desk.ui.config import MachineConfig
from desk.i18n import N_
from desk.ui.pages import PAGES, PageSpec, index_of
from desk.ui.widgets.placeholder import PlaceholderPage

CHINESE_NAV = [
    "今日",
    "产品手册",
    "客户",
    "订单",
    "打单发货",
    "退换货",
    "记事本",
    "日结账本",
    "设置",
]


def nav_texts(window) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def menu_titles(window) -> list[str]:
    return [a.text() for a in window.menuBar().actions()]


def test_chinese_whatever_the_locale(window):
    assert os.environ["LC_ALL"] == "C"
    assert nav_texts(window) == CHINESE_NAV
    assert any(title.startswith("文件") for title in menu_titles(window))
    file_actions = [a.text() for a in window.file_menu.menu.actions() if a.text()]
    assert "打开店铺文件…" in file_actions
    assert "立即备份" in file_actions


def test_pages_are_built_when_first_shown(window):
    assert window.stack.page(index_of("settings")) is None
    page = window.show_page(index_of("settings"))
    assert window.stack.page(index_of("settings")) is page
    assert window.stack.currentWidget() is page
    assert window.nav.currentRow() == index_of("settings")


def test_ctrl_number_switches_pages(window, qtbot):
    window.activateWindow()
    for number in (2, 9, 1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert window.nav.currentRow() == number - 1
        assert window.current_page().title == CHINESE_NAV[number - 1]


def test_every_page_is_built_and_a_spec_without_one_gets_an_honest_empty_page(window, session):
    for index, spec in enumerate(PAGES):
        page = window.show_page(index)
        assert not isinstance(page, PlaceholderPage), spec.key
    assert window.show_page(index_of("today")).title == "今日"
    spec = PageSpec("later", N_("Today"), "today", N_("Orders"))
    page = spec.create(session)
    assert isinstance(page, PlaceholderPage)
    assert page.title == "今日" and page.description.text() == "订单"


def test_status_bar_shows_the_file_and_who_is_at_the_desk(window, session):
    status = window.status
    assert str(session.path) in status.file_label.full_text()
    people = [status.person_box.itemText(i) for i in range(status.person_box.count())]
    assert people == ["店主", "搭档"]  # ensure_default_staff on a new file
    assert status.desk_person_name() == "店主"
    assert status.person_label.text() == "在岗："


def test_switching_the_person_at_the_desk_persists(window, session, qtbot):
    box = window.status.person_box
    partner = next(m for m in staff.list_staff() if m.name == "搭档")
    box.setCurrentIndex(box.findData(partner.id))
    box.activated.emit(box.currentIndex())
    assert session.desk_person_id() == partner.id
    assert MachineConfig.load().desk_person(session.path) == partner.id
    assert "搭档" in window.status.currentMessage()
    # a new window on the same file (next start) starts with the same person
    window.status.refresh()
    assert window.status.desk_person_name() == "搭档"


def test_a_new_person_appears_in_the_status_bar(window, session):
    session.bus.run_op(window, staff.add_staff, "小王")
    people = [window.status.person_box.itemText(i) for i in range(window.status.person_box.count())]
    assert people[-1] == "小王"


def test_file_change_marks_hidden_pages_dirty_and_refreshes_when_shown(window, session):
    settings_page = window.show_page(index_of("settings"))
    window.show_page(index_of("today"))
    assert not settings_page.dirty
    session.bus.broadcast(Changes.everything())
    assert settings_page.dirty
    window.show_page(index_of("settings"))
    assert not settings_page.dirty


def test_title_shows_the_shop_name(window, session):
    from desk.core import settings

    session.bus.run_op(window, settings.save_profile, settings.ShopProfile(shop_name="小美女装"))
    assert window.windowTitle() == "小美女装 — 小店工作台"


def test_about_names_the_version_the_file_and_the_data_folder(window, session, monkeypatch):
    from desk import __version__, paths
    from desk.ui import messages

    shown = []
    monkeypatch.setattr(messages, "about", lambda parent, text, title: shown.append((title, text)))
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("帮助"))
    help_menu.actions()[0].trigger()
    title, text = shown[0]
    assert title == "关于小店工作台"
    assert __version__ in text and str(session.path) in text and str(paths.data_dir()) in text


def test_qt_standard_buttons_are_chinese(window):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    try:
        assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    finally:
        box.deleteLater()
