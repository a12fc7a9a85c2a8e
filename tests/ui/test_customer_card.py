"""The customer card: smart paste, phones, addresses, groups, tags, notes, figures; bad input is
said at its field and nothing is saved; Esc asks before throwing typing away."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk.core import customers
from desk.i18n import _
from desk.models import Customer
from desk.ui.customers.card import CustomerCard, open_card
from desk.ui.customers.paste import UNRECOGNISED_BACKGROUND, utf16_offset
from tests.ui.conftest import C_LOCALE_NOTICE, OFFSCREEN_NOTICE, show_active, type_text
from tests.ui.customers_support import active, add_customer, address, click_item


@pytest.fixture
def host(qtbot, session):
    """A window for the card to belong to (as the page is)."""
    from PySide6.QtWidgets import QWidget

    return show_active(qtbot, QWidget(), 400, 300)


def new_card(qtbot, session, host, customer_id=None, paste_text=""):
    card = open_card(session, customer_id, host, paste_text)
    return active(qtbot, card)


def save(qtbot, card) -> None:
    qtbot.keyClick(card, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def confirm_answers(monkeypatch, *answers: bool) -> list[str]:
    asked: list[str] = []
    queue = list(answers)
    monkeypatch.setattr(
        "desk.ui.messages.confirm",
        lambda parent, text, yes, title=None: asked.append(text) or queue.pop(0),
    )
    return asked


# -- bad input -----------------------------------------------------------------------------------


def test_a_phone_with_letters_is_said_at_the_field_and_nothing_is_saved(
    qtbot, session, host, said
):
    card = new_card(qtbot, session, host)
    type_text(qtbot, card.name, "张三")
    type_text(qtbot, card.phones.edits[0], "138abc45678")
    save(qtbot, card)
    assert card.isVisible()
    row = card.rows["phones"]
    assert row.has_error() and "138abc45678" in row.error.text()
    assert card.phones.edits[0].property("invalid") is True
    assert QApplication.focusWidget() is card.phones.edits[0]
    assert said == []
    assert Customer.select().count() == 0

    card.phones.edits[0].clear()
    type_text(qtbot, card.phones.edits[0], "138 1234-5678")
    qtbot.keyClick(card.phones.edits[0], Qt.Key.Key_Return)  # Enter in the last field saves
    assert not card.isVisible()
    [customer] = Customer.select()
    assert customers.get_customer(customer.id).draft.phones == ("13812345678",)


def test_a_customer_needs_a_name_or_buyer_id_and_an_address_needs_a_province(
    qtbot, session, host, said
):
    card = new_card(qtbot, session, host)
    save(qtbot, card)
    assert card.rows["name"].has_error()
    type_text(qtbot, card.name, "张三")
    type_text(qtbot, card.addresses.form.street, "文三路100号")
    save(qtbot, card)
    assert not card.rows["name"].has_error()
    assert card.rows["addresses"].has_error()
    assert Customer.select().count() == 0
    form = card.addresses.form
    form.province.setCurrentIndex(form.province.findText("浙江省"))
    form.city.setCurrentIndex(form.city.findText("杭州市"))
    form.district.setCurrentIndex(form.district.findText("临平区"))
    save(qtbot, card)
    assert said == [] and not card.isVisible()
    [customer] = Customer.select()
    [saved] = customers.get_customer(customer.id).draft.addresses
    assert (saved.province, saved.city, saved.district, saved.receiver) == (
        "浙江省", "杭州市", "临平区", "张三",
    )


def test_a_buyer_id_already_taken_is_said_at_the_field(qtbot, session, host, said):
    add_customer(session, "李四", nick="sunny")
    card = new_card(qtbot, session, host)
    type_text(qtbot, card.nick, "SUNNY")
    save(qtbot, card)
    assert card.rows["nick"].has_error() and "李四" in card.rows["nick"].error.text()
    assert Customer.select().count() == 1


# -- smart paste ---------------------------------------------------------------------------------


def test_pasting_parses_at_once_and_highlights_what_was_not_recognised(qtbot, session, host):
    card = new_card(qtbot, session, host)
    text = "张三，13812345678，广东省东莞市长安镇振安路1号 麻烦尽快发货谢谢"
    QApplication.clipboard().setText(text)
    card.paste.box.setFocus()
    qtbot.keyClick(card.paste.box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert card.name.text() == "张三"
    assert card.phones.phones() == ("13812345678",)
    form = card.addresses.form
    assert (form.province.name(), form.city.name()) == ("广东省", "东莞市")
    assert form.district.name() == "" and not form.district.isEnabled()  # 东莞 has no districts
    assert "长安镇振安路1号" in form.street.text()
    marked = card.paste.highlighted()
    assert marked == card.paste.unrecognised_texts()
    assert "谢谢" in "".join(marked)
    assert all(
        s.format.background().color() == UNRECOGNISED_BACKGROUND
        for s in card.paste.box.extraSelections()
    )
    assert "谢谢" in card.paste.result.text()
    assert QApplication.focusWidget() is card.name  # check, then Enter saves


def test_highlights_land_on_the_right_characters_after_rare_characters(qtbot, session, host):
    card = new_card(qtbot, session, host)
    text = "𠮷祥 13812345678 北京市朝阳区建国路88号 😀 在吗"
    card.paste.paste_text(text)
    assert card.name.text() == "𠮷祥"
    spans = card.paste.last.unrecognised
    assert spans
    assert card.paste.highlighted() == [t for _s, _e, t in spans]
    assert utf16_offset("𠮷a", 1) == 2


def test_typed_text_is_parsed_with_the_button_and_a_second_address_is_added(
    qtbot, session, host
):
    customer_id = add_customer(session, "张三", "13812345678", addresses=(address(),))
    card = new_card(qtbot, session, host, customer_id)
    card.paste.box.setFocus()
    type_text(qtbot, card.paste.box, "收件人 张三 电话 13812345678 上海市浦东新区世纪大道1号 200120")
    assert card.addresses.addresses()[0].street == "文三路100号"  # nothing happens while typing
    qtbot.mouseClick(card.paste.button, Qt.MouseButton.LeftButton)
    assert card.phones.phones() == ("13812345678",)  # not added twice
    kept, added = card.addresses.addresses()
    assert kept.street == "文三路100号" and kept.is_default
    assert (added.province, added.city, added.district, added.street, added.postcode) == (
        "上海市", "上海市", "浦东新区", "世纪大道1号", "200120",
    )
    qtbot.mouseClick(card.addresses.default_button, Qt.MouseButton.LeftButton)
    save(qtbot, card)
    assert not card.isVisible()
    first, second = customers.get_customer(customer_id).draft.addresses  # default first
    assert first.street == "世纪大道1号" and first.is_default
    assert second.street == "文三路100号" and not second.is_default


def test_ctrl_shift_v_on_the_page_with_nothing_on_the_clipboard_opens_an_empty_card(
    qtbot, session, clipboard
):
    from tests.ui.customers_support import make_page

    page = make_page(qtbot, session)
    clipboard.setText("")
    card = active(qtbot, page.paste_customer())
    assert card.paste.text() == "" and card.name.text() == ""
    assert not card.paste.result.isVisible()


# -- editing -------------------------------------------------------------------------------------


@pytest.mark.qt_log_ignore(
    C_LOCALE_NOTICE, OFFSCREEN_NOTICE,
    r"This plugin does not support raise\(\)", "This plugin does not support grabbing the keyboard",
)  # the completion popup on the offscreen platform
def test_edit_phones_groups_tags_and_notes_of_a_customer(qtbot, session, host):
    add_customer(session, "王五", tags=("连衣裙", "老顾客"))
    customer_id = add_customer(
        session, "张三", "13812345678", "0571-88886666", groups=("vip",), tags=("大码",)
    )
    card = new_card(qtbot, session, host, customer_id)
    assert card.phones.phones() == ("13812345678", "0571-88886666")
    remove = card.phones.edits[0].parentWidget().findChild(type(card.phones.add_button), "removePhone")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card.phones.add_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, card.phones.edits[-1], "18877771111转123")

    vip = card.groups.findItems("VIP", Qt.MatchFlag.MatchExactly)[0]
    click_item(qtbot, card.groups, vip)
    assert vip.checkState() == Qt.CheckState.Unchecked
    potential = card.groups.findItems("潜在客户", Qt.MatchFlag.MatchExactly)[0]
    click_item(qtbot, card.groups, potential)

    card.tags.setFocus()
    card.tags.end(False)
    type_text(qtbot, card.tags, " 连")
    popup = card.tags.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    assert card.tags.completer_.currentCompletion() == "连衣裙"
    card.tags.take_completion("连衣裙")
    popup.hide()
    type_text(qtbot, card.tags, "M码")
    type_text(qtbot, card.notes, "穿M码，给女儿买")
    save(qtbot, card)
    assert not card.isVisible()

    detail = customers.get_customer(customer_id)
    assert detail.draft.phones == ("0571-88886666", "18877771111-123")
    assert [g.key for g in detail.groups] == ["potential"]
    assert set(detail.draft.tags) == {"大码", "连衣裙", "M码"}
    assert detail.draft.notes == "穿M码，给女儿买"


def test_the_card_shows_the_figures_the_tier_and_dormant(qtbot, session, host):
    customer_id = add_customer(session, "张三")
    last = datetime.datetime.now() - datetime.timedelta(days=200)
    Customer.update(order_count=3, total_spent_fen=30001, first_order_at="2020-05-01 10:00:00",
                    last_order_at=last.strftime("%Y-%m-%d %H:%M:%S")
                    ).where(Customer.id == customer_id).execute()  # fmt: skip
    card = new_card(qtbot, session, host, customer_id)
    values = {key: label.text() for key, label in card.figures.values.items()}
    assert values["orders"] == "3"
    assert values["spent"] == "¥300.01"
    assert values["average"] == "¥100.00"
    assert values["first"] == "2020-05-01"
    assert values["days"] == _("{days} days").format(days=200)
    assert values["tier"] == "银卡"  # 2+ orders; 金卡 needs 5
    assert values["dormant"] == _("Yes")  # default rules: 180 days
    assert "银卡" in card.summary.text()


def test_the_follow_ups_of_a_customer_are_on_the_card(qtbot, session, host, monkeypatch):
    follow_ups_ui = pytest.importorskip("desk.ui.customers.follow_ups")
    from desk.core import follow_ups

    customer_id = add_customer(session, "张三")
    follow_ups.add_follow_up(customer_id, datetime.date(2030, 1, 2), "repurchase")
    card = new_card(qtbot, session, host, customer_id)
    card.tabs.setCurrentIndex(1)
    assert card.figures.model.rowCount() == 1
    assert card.figures.model.data(card.figures.model.index(0, 0)) == "2030-01-02"

    def fake_dialog(parent, s, cid):
        follow_ups.add_follow_up(cid, datetime.date(2030, 2, 3), "custom", "问尺码")
        return True

    monkeypatch.setattr(follow_ups_ui, "add_follow_up_dialog", fake_dialog)
    qtbot.mouseClick(card.figures.add_button, Qt.MouseButton.LeftButton)
    assert card.figures.model.rowCount() == 2


def test_a_new_card_cannot_plan_follow_ups_before_it_is_saved(qtbot, session, host):
    card = new_card(qtbot, session, host)
    assert not card.figures.add_button.isEnabled()


# -- leaving -------------------------------------------------------------------------------------


def test_esc_asks_before_throwing_away_what_was_typed(qtbot, session, host, monkeypatch):
    asked = confirm_answers(monkeypatch, False, True)
    card = new_card(qtbot, session, host)
    type_text(qtbot, card.name, "张三")
    qtbot.keyClick(card.name, Qt.Key.Key_Escape)
    assert len(asked) == 1 and card.isVisible()
    qtbot.keyClick(card.name, Qt.Key.Key_Escape)
    assert not card.isVisible()
    assert Customer.select().count() == 0


def test_esc_without_changes_closes_without_asking(qtbot, session, host, monkeypatch):
    asked = confirm_answers(monkeypatch)
    customer_id = add_customer(session, "张三", "13812345678", addresses=(address(),),
                               groups=("vip",), tags=("连衣裙",), notes="M")  # fmt: skip
    card = new_card(qtbot, session, host, customer_id)
    assert not card.is_dirty()
    qtbot.keyClick(card.name, Qt.Key.Key_Escape)
    assert not card.isVisible() and asked == []


def test_a_merged_or_deleted_customer_says_so_instead_of_opening(qtbot, session, host, said):
    customer_id = add_customer(session, "张三")
    customers.delete_customer(customer_id)
    assert open_card(session, customer_id, host) is None
    assert said and said[0][0] == "warning"
    assert not any(isinstance(w, CustomerCard) and w.isVisible() for w in QApplication.topLevelWidgets())
