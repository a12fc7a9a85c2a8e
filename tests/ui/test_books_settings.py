"""Settings › Books: accounts and categories added, renamed, archived; deleting one in use refused
in words; the sales account and the postage rates saved, a bad rate shown at its field."""

from __future__ import annotations

import datetime

import pytest

from desk.core import books
from desk.core.books import EntryDraft
from desk.models import Account, LedgerCategory
from desk.ui import messages
from desk.ui.settings.books_box import BooksBox
from tests.ui.conftest import show_active, type_text


@pytest.fixture
def box(qtbot, session):
    made = show_active(qtbot, BooksBox(session), 900, 900)
    made.refresh()
    return made


def names(editor) -> list[str]:
    return [editor.list.item(r).text() for r in range(editor.list.count())]


def test_an_account_is_added_renamed_archived_and_deleted(qtbot, box, monkeypatch, said):
    accounts = box.accounts
    type_text(qtbot, accounts.name, "抖音小店")
    accounts.buttons["add"].click()
    assert Account.get(Account.name == "抖音小店").key is None
    assert "抖音小店" in names(accounts)
    accounts.select_name("抖音小店")
    type_text(qtbot, accounts.name, "拼多多")
    accounts.buttons["rename"].click()
    assert not Account.select().where(Account.name == "抖音小店").exists()
    accounts.select_name("拼多多")
    accounts.buttons["archive"].click()
    assert Account.get(Account.name == "拼多多").archived
    assert any("拼多多" in n and ("已归档" in n or "archived" in n) for n in names(accounts))
    monkeypatch.setattr(messages, "confirm", lambda parent, text, yes, title=None: True)
    accounts.select_name("拼多多")
    accounts.buttons["delete"].click()
    assert not Account.select().where(Account.name == "拼多多").exists()
    assert said == []


def test_a_duplicate_name_is_shown_at_the_field(qtbot, box, said):
    type_text(qtbot, box.accounts.name, "支付宝")
    box.accounts.buttons["add"].click()
    assert box.accounts.rows["name"].has_error()
    assert said == []
    assert Account.select().where(Account.name == "支付宝").count() == 1


def test_deleting_a_category_in_use_is_refused_in_words(qtbot, box, monkeypatch, said):
    categories = box.categories
    type_text(qtbot, categories.name, "房租")
    categories.kind.setCurrentIndex(categories.kind.findData(books.EXPENSE))
    categories.buttons["add"].click()
    rent = LedgerCategory.get(LedgerCategory.name == "房租")
    assert rent.kind == books.EXPENSE
    alipay = Account.get(Account.key == books.ALIPAY)
    books.add_entry(EntryDraft(datetime.date.today(), rent.id, alipay.id, "800"), None)
    box.refresh()
    monkeypatch.setattr(messages, "confirm", lambda parent, text, yes, title=None: True)
    categories.select_name("房租")
    categories.buttons["delete"].click()
    assert len(said) == 1 and "房租" in said[0][1]
    assert LedgerCategory.select().where(LedgerCategory.name == "房租").exists()
    categories.select_name("快递费")
    assert not categories.buttons["delete"].isEnabled()  # built in


def test_sales_account_and_postage_rates_are_saved_and_a_bad_rate_is_shown_at_its_field(
    qtbot, box, said
):
    form = box.rates_form
    form.sales_account.setCurrentIndex(form.sales_account.findText("微信"))
    type_text(qtbot, form.rates["ZTO"], "3.5")
    type_text(qtbot, form.rates["SF"], "12.345")
    form.save_button.click()
    assert form.rows["rate:SF"].has_error()
    assert said == []
    assert books.get_settings().postage_rates == {}
    form.rates["SF"].clear()
    type_text(qtbot, form.rates["SF"], "12")
    form.save_button.click()
    saved = books.get_settings()
    assert saved.postage_rates == {"ZTO": 350, "SF": 1200}
    assert saved.sales_account_id == Account.get(Account.name == "微信").id
