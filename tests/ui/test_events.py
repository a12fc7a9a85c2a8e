"""run_op: results and Changes broadcast, refusals shown; pages refresh only when concerned."""

from __future__ import annotations

import peewee

from desk.core import changes
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import DamagedShopFile
from desk.pdf.fonts import FontNotFound
from desk.ui.events import EventBus, changes_of
from desk.ui.widgets.page import Page


def test_changes_of_results():
    c = Changes.of(changes.ORDERS)
    assert changes_of(c) is c
    assert changes_of(("row", c)) is c
    assert changes_of("nothing") is None


def test_run_op_returns_the_result_and_broadcasts(qapp, qtbot):
    bus = EventBus()
    seen = []
    bus.changed.connect(seen.append)
    with qtbot.waitSignal(bus.changed):
        result = bus.run_op(None, lambda a, b=0: (a + b, Changes.of(changes.ORDERS)), 1, b=2)
    assert result[0] == 3
    assert seen == [Changes.of(changes.ORDERS)]


def test_run_op_shows_refusals(qapp, said):
    bus = EventBus()
    seen = []
    bus.changed.connect(seen.append)

    def refuse(error):
        raise error

    assert bus.run_op(None, refuse, DomainError("库存不够")) is None
    assert bus.run_op(None, refuse, ValidationError("请填写名字。", "name")) is None
    assert bus.run_op(None, refuse, DamagedShopFile("文件坏了")) is None
    assert bus.run_op(None, refuse, peewee.OperationalError("disk I/O error")) is None
    assert bus.run_op(None, refuse, FontNotFound("没有找到可用于打印的中文字体。")) is None
    assert [kind for kind, _text in said] == ["warning", "warning", "critical", "critical", "warning"]
    assert said[3][1] == "无法修改店铺文件：disk I/O error。什么都没有保存。"
    assert said[4][1] == "没有找到可用于打印的中文字体。"
    assert seen == []


class CountingPage(Page):
    KINDS = (changes.ORDERS,)

    def __init__(self):
        super().__init__("订单")
        self.refreshed = 0

    def refresh(self):
        self.refreshed += 1


def test_page_refreshes_only_when_concerned_and_visible(qtbot):
    page = CountingPage()
    qtbot.addWidget(page)
    page.show()
    assert page.refreshed == 1  # first shown
    page.on_changes(Changes.of(changes.CUSTOMERS))
    assert page.refreshed == 1
    page.on_changes(Changes.of(changes.ORDERS))
    assert page.refreshed == 2
    page.hide()
    page.on_changes(Changes.of(changes.ORDERS))
    page.on_changes(Changes.everything())
    assert page.refreshed == 2 and page.dirty
    page.show()
    assert page.refreshed == 3 and not page.dirty
