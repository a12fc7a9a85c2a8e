"""Quick replies: the starter library on a fresh shop, search, copying with placeholders filled
(and asked for), use counts, writing replies and groups — real widgets, the file checked after."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desk import paths
from desk.core import replies, settings, sizes
from desk.core.products import ProductDraft, create_product
from desk.models import QuickReply
from desk.ui import messages
from desk.ui.replies.group_list import COUNT_ROLE
from desk.ui.replies.panel import RepliesPanel
from desk.ui.replies.reply_table import ReplyTableModel
from tests.ui.conftest import show_active, type_text

STARTER = json.loads((paths.resource_dir() / replies.STARTER_FILE).read_text(encoding="utf-8"))
SITUATIONS = ["欢迎语", "库存", "尺码", "物流", "色差", "退换货", "议价", "安抚", "催付", "道别",
              "售后回访"]  # fmt: skip


def make_panel(qtbot, session, provider=None) -> RepliesPanel:
    return show_active(qtbot, RepliesPanel(session, provider), 1000, 620)


@pytest.fixture
def panel(qtbot, session):
    return make_panel(qtbot, session)


@pytest.fixture
def clipboard(qapp):
    board = QGuiApplication.clipboard()
    board.setText("before")
    return board


def shown_titles(panel) -> list[str]:
    return [panel.model.row_at(i).title for i in range(panel.model.rowCount())]


def group_id(key: str) -> int:
    return next(g.id for g in replies.list_groups() if g.key == key)


def uses(shortcode: str) -> int:
    return QuickReply.get(QuickReply.shortcode == shortcode).use_count


def select(panel, shortcode: str) -> None:
    row = next(i for i in range(panel.model.rowCount())
               if panel.model.row_at(i).shortcode == shortcode)  # fmt: skip
    panel.table.setCurrentIndex(panel.model.index(row, 0))
    panel.table.setFocus()


def test_a_fresh_shop_shows_the_starter_library(panel, session, qtbot):
    assert QuickReply.select().count() == len(STARTER["replies"])
    assert panel.model.rowCount() == len(STARTER["replies"])
    items = [panel.groups.list.item(i) for i in range(panel.groups.list.count())]
    assert [item.text() for item in items[1:]] == SITUATIONS
    assert items[0].data(COUNT_ROLE) == len(STARTER["replies"])
    payment = sum(1 for r in STARTER["replies"] if r["group"] == "payment")
    assert items[SITUATIONS.index("催付") + 1].data(COUNT_ROLE) == payment
    assert panel.view.title.text() == panel.current_reply().title  # the first one is shown

    # a second panel on the same file adds nothing
    make_panel(qtbot, session)
    assert QuickReply.select().count() == len(STARTER["replies"])


def test_the_table_model_is_sound(panel, qtmodeltester):
    model = ReplyTableModel()
    model.set_rows(replies.search_replies())
    qtmodeltester.check(model)


@pytest.mark.parametrize("typed", ["/hy", "hy", "ＨＹ"])
def test_search_by_shortcode_puts_the_exact_match_first(panel, qtbot, typed):
    qtbot.keyClick(panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus()
    panel.search.setText(typed) if not typed.isascii() else type_text(qtbot, panel.search, typed)
    assert panel.current_reply().shortcode == "hy"
    assert panel.groups.current_id() is None  # a search looks in every group
    assert "欢迎光临" in shown_titles(panel)


def test_search_by_text_and_by_title_pinyin(panel, qtbot):
    type_text(qtbot, panel.search, "运费险")
    assert shown_titles(panel) == ["七天无理由"]
    panel.search.clear()
    type_text(qtbot, panel.search, "wfktx")  # 未付款提醒
    assert shown_titles(panel)[0] == "未付款提醒"


def test_enter_copies_a_payment_reminder_with_the_buyer_and_asks_for_the_rest(
    panel, qtbot, clipboard
):
    panel.groups.select(group_id("payment"))
    assert set(shown_titles(panel)) == {"未付款提醒", "打消顾虑"}
    type_text(qtbot, panel.context_box.fields["买家"], "小王")
    select(panel, "cf")
    assert "小王" in panel.view.preview.toPlainText()
    assert "货号" in panel.view.missing.text()

    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = panel.ask_dialog
    assert dialog is not None and list(dialog.fields) == ["货号"]
    assert clipboard.text() == "before"  # nothing copied while asking
    assert not dialog.copy_button.isEnabled()
    type_text(qtbot, dialog.fields["货号"], "A0012")
    qtbot.keyClick(dialog.fields["货号"], Qt.Key.Key_Return)

    text = clipboard.text()
    assert text.startswith("小王亲，您拍下的A0012还没付款哦")
    assert "{" not in text
    assert uses("cf") == 1
    assert panel.current_reply().shortcode == "cf"  # still selected after the refresh
    assert panel.current_reply().use_count == 1


def test_a_missing_order_number_is_asked_for_and_esc_cancels(panel, qtbot, clipboard):
    type_text(qtbot, panel.search, "/wl")  # 物流慢: {快递} (the default courier), {订单号}
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    dialog = panel.ask_dialog
    assert list(dialog.fields) == ["订单号"]
    qtbot.keyClick(dialog.fields["订单号"], Qt.Key.Key_Escape)
    assert clipboard.text() == "before"
    assert uses("wl") == 0

    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    dialog = panel.ask_dialog
    type_text(qtbot, dialog.fields["订单号"], "3321456789")
    qtbot.keyClick(dialog.fields["订单号"], Qt.Key.Key_Return)
    assert clipboard.text() == (
        "亲，让您久等了！我这就联系中通快递帮您催一催，订单3321456789我记下了，一有消息马上告诉您~"
    )
    assert uses("wl") == 1


def test_shop_name_from_the_profile_and_no_question_when_all_is_known(panel, qtbot, clipboard):
    settings.save_profile(settings.ShopProfile(shop_name="小美女装"))
    type_text(qtbot, panel.search, "/hy")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.ask_dialog is None
    assert clipboard.text().startswith("亲，欢迎光临小美女装～")
    assert uses("hy") == 1
    where = panel.table.visualRect(panel.model.index(0, 0)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert uses("hy") == 2


def test_size_chart_of_the_product_in_the_context(qtbot, session, clipboard):
    detail, _c = create_product(ProductDraft(code="LYQ-01", name="碎花连衣裙"))
    sizes.save_size_chart(detail.id, ["胸围"], [sizes.SizeRow("M", {"胸围": "88"}),
                                                  sizes.SizeRow("L", {"胸围": "92"})])  # fmt: skip
    panel = make_panel(qtbot, session, lambda: {"product_id": detail.id, "买家": "阿花"})
    assert panel.context_box.fields["买家"].placeholderText() == "阿花"
    type_text(qtbot, panel.search, "/cmb")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert panel.ask_dialog is None
    assert "M：胸围88\nL：胸围92" in clipboard.text()


def test_sort_by_use_and_by_title(panel, qtbot, clipboard):
    type_text(qtbot, panel.search, "/bb2")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    panel.search.clear()
    assert panel.sort.currentData() == "use"
    assert shown_titles(panel)[0] == "未成交道别"
    panel.sort.setCurrentIndex(panel.sort.findData("title"))
    titles = shown_titles(panel)
    assert titles == [r.title for r in replies.search_replies(sort="title")]


def test_create_a_reply_through_the_dialog(panel, qtbot, said):
    panel.groups.select(group_id("logistics"))
    qtbot.keyClick(panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = panel.reply_dialog
    assert dialog.group.currentData() == group_id("logistics")
    type_text(qtbot, dialog.title_edit, "顺丰加急")
    type_text(qtbot, dialog.shortcode, "sf")
    type_text(qtbot, dialog.body, "亲，")
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "insert_买家"),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    type_text(qtbot, dialog.body, "要加急的话可以发顺丰，补10元运费就行~")
    qtbot.keyClick(dialog.shortcode, Qt.Key.Key_Return)

    saved = QuickReply.get(QuickReply.shortcode == "sf")
    assert saved.body == "亲，{买家}要加急的话可以发顺丰，补10元运费就行~"
    assert saved.group_id == group_id("logistics")
    assert panel.current_reply().id == saved.id
    assert said == []

    type_text(qtbot, panel.search, "/sf")
    assert panel.current_reply().title == "顺丰加急"


def test_a_taken_shortcode_is_shown_at_the_field(panel, qtbot, said):
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    dialog = panel.reply_dialog
    type_text(qtbot, dialog.title_edit, "重复")
    type_text(qtbot, dialog.shortcode, "hy")
    type_text(qtbot, dialog.body, "你好")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["shortcode"].has_error()
    assert "hy" in dialog.rows["shortcode"].error.text()
    assert dialog.isVisible() and said == []
    assert QuickReply.select().where(QuickReply.title == "重复").count() == 0


def test_edit_and_delete_a_reply(panel, qtbot, monkeypatch):
    type_text(qtbot, panel.search, "/bb")
    select(panel, "bb")
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    dialog = panel.reply_dialog
    dialog.title_edit.clear()
    type_text(qtbot, dialog.title_edit, "谢谢惠顾")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert QuickReply.get(QuickReply.shortcode == "bb").title == "谢谢惠顾"

    asked = []
    monkeypatch.setattr(messages, "confirm", lambda *a: asked.append(a[1]) or True)
    select(panel, "bb")
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert "谢谢惠顾" in asked[0]
    assert not QuickReply.select().where(QuickReply.shortcode == "bb").exists()


def test_add_rename_and_delete_a_group(panel, qtbot, monkeypatch, said):
    panel.groups.select(group_id("welcome"))
    assert not panel.groups.rename_button.isEnabled()  # built-in situations stay
    qtbot.mouseClick(panel.groups.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.groups.dialog
    type_text(qtbot, dialog.name_edit, "欢迎语")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.name_row.has_error() and said == []  # the name is taken
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "双十一")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    own = next(g for g in replies.list_groups() if g.name == "双十一")
    assert panel.groups.current_id() == own.id
    assert panel.groups.list.currentItem().text() == "双十一"

    assert panel.groups.dialog is None
    panel.groups.list.setFocus()
    qtbot.keyClick(panel.groups.list, Qt.Key.Key_F2)
    dialog = panel.groups.dialog
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "大促")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert [g.name for g in replies.list_groups() if not g.builtin] == ["大促"]

    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    qtbot.mouseClick(panel.groups.delete_button, Qt.MouseButton.LeftButton)
    assert [g for g in replies.list_groups() if not g.builtin] == []
    assert panel.groups.list.count() == 1 + len(SITUATIONS)
