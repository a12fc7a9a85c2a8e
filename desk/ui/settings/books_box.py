"""Settings › 账本: the accounts (支付宝, 微信, 银行卡, 现金 and the shop's own) and the ledger
categories — add, rename, archive (accounts), delete when unused — where sales and postage are
booked, and the postage per parcel of each courier (the print log × this rate gives the postage
entries). A refused name or rate is shown at its field; nothing is stored then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import books, changes, settings
from desk.core.books import AccountInfo, CategoryInfo
from desk.core.money import format_yuan
from desk.i18n import _
from desk.ui import messages
from desk.ui.widgets.field_errors import FieldErrorsMixin, FieldRow
from desk.ui.widgets.refresh import RefreshWhenShown

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


def item_text(item: AccountInfo | CategoryInfo) -> str:
    parts = [item.name]
    if isinstance(item, CategoryInfo):
        parts.append(f"({books.kind_label(item.kind)})")
    if isinstance(item, AccountInfo) and item.archived:
        parts.append(_("(archived)"))
    if item.entry_count:
        parts.append(_("· {count} entries").format(count=item.entry_count))
    return " ".join(parts)


class NamesEditor(FieldErrorsMixin, QWidget):
    """A list of names with a name field and Add / Rename / (Archive) / Delete."""

    def __init__(self, session: ShopSession, title: str, name: str,
                 archive: bool, parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self._session = session
        self.items: list[AccountInfo | CategoryInfo] = []
        self.list = QListWidget()
        self.list.setObjectName(f"{name}List")
        self.list.currentRowChanged.connect(self._on_current)
        self.name = QLineEdit()
        self.name.setObjectName(f"{name}Name")
        self.name.setMaxLength(books.MAX_NAME)
        self.name.setPlaceholderText(_("Name"))
        self.name.returnPressed.connect(lambda: self.buttons["add"].click())
        self.kind = QComboBox()
        self.kind.setObjectName(f"{name}Kind")
        for kind in books.KINDS:
            self.kind.addItem(books.kind_label(kind), kind)
        self.kind.setVisible(not archive)
        self.rows = {"name": FieldRow(self.name)}
        self.buttons: dict[str, QPushButton] = {}
        line = QHBoxLayout()
        line.addWidget(self.rows["name"], 1)
        line.addWidget(self.kind, 0, Qt.AlignmentFlag.AlignTop)
        actions = QHBoxLayout()
        for key, text in (("add", _("Add")), ("rename", _("Rename")),
                          ("archive", _("Archive")), ("delete", _("Delete"))):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(f"{name}_{key}")
            button.setAutoDefault(False)
            self.buttons[key] = button
            actions.addWidget(button)
        self.buttons["archive"].setVisible(archive)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>" + title + "</b>"))
        layout.addWidget(self.list, 1)
        layout.addLayout(line)
        layout.addLayout(actions)

    def set_items(self, items: list) -> None:
        chosen = self.current()
        self.items = list(items)
        self.list.clear()
        for info in self.items:
            entry = QListWidgetItem(item_text(info))
            entry.setToolTip(_("Built in") if info.builtin else "")
            self.list.addItem(entry)
        ids = [i.id for i in self.items]
        if chosen is not None and chosen.id in ids:
            self.list.setCurrentRow(ids.index(chosen.id))
        self._on_current()

    def current(self) -> AccountInfo | CategoryInfo | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def select_name(self, name: str) -> None:
        for row, info in enumerate(self.items):
            if info.name == name:
                self.list.setCurrentRow(row)

    def _on_current(self, *args) -> None:
        info = self.current()
        for key in ("rename", "archive", "delete"):
            self.buttons[key].setEnabled(info is not None)
        self.buttons["delete"].setEnabled(info is not None and not info.builtin)
        if isinstance(info, AccountInfo):
            self.buttons["archive"].setText(_("Show again") if info.archived else _("Archive"))

    def run(self, fn: Callable, *args) -> bool:
        """Call a service with this editor as the form its refusals are shown in."""
        self.clear_errors()
        done = self._session.bus.run_op(self, fn, *args)
        if done is not None:
            self.name.clear()
        return done is not None


class BooksBox(QGroupBox):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Books"), parent)
        self.setObjectName("booksSettings")
        self._session = session
        self.accounts = NamesEditor(session, _("Accounts"), "account", archive=True)
        self.categories = NamesEditor(session, _("Categories"), "category", archive=False)
        self.accounts.buttons["add"].clicked.connect(self.add_account)
        self.accounts.buttons["rename"].clicked.connect(lambda: self._rename(self.accounts))
        self.accounts.buttons["archive"].clicked.connect(self.archive_account)
        self.accounts.buttons["delete"].clicked.connect(lambda: self._delete(self.accounts))
        self.categories.buttons["add"].clicked.connect(self.add_category)
        self.categories.buttons["rename"].clicked.connect(lambda: self._rename(self.categories))
        self.categories.buttons["delete"].clicked.connect(lambda: self._delete(self.categories))
        self.rates_form = RatesForm(session)
        lists = QHBoxLayout()
        lists.addWidget(self.accounts, 1)
        lists.addWidget(self.categories, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(lists)
        layout.addWidget(self.rates_form)
        self._refresher = RefreshWhenShown(self, session.bus, (changes.BOOKS, changes.SETTINGS),
                                           self.refresh)  # fmt: skip

    def refresh(self) -> None:
        self._refresher.dirty = False
        accounts = books.list_accounts(include_archived=True)
        self.accounts.set_items(accounts)
        self.categories.set_items(books.list_categories())
        self.rates_form.set_settings(books.get_settings(), accounts)

    def add_account(self) -> bool:
        return self.accounts.run(books.add_account, self.accounts.name.text())

    def add_category(self) -> bool:
        return self.categories.run(books.add_category, self.categories.name.text(),
                                   self.categories.kind.currentData())  # fmt: skip

    def _rename(self, editor: NamesEditor) -> bool:
        info = editor.current()
        if info is None:
            return False
        fn = books.rename_account if editor is self.accounts else books.rename_category
        return editor.run(fn, info.id, editor.name.text())

    def archive_account(self) -> bool:
        info = self.accounts.current()
        if not isinstance(info, AccountInfo):
            return False
        return self.accounts.run(books.archive_account, info.id, not info.archived)

    def _delete(self, editor: NamesEditor) -> bool:
        info = editor.current()
        if info is None:
            return False
        if not messages.confirm(self, _("Delete {name}?").format(name=info.name), _("Delete")):
            return False
        fn = books.delete_account if editor is self.accounts else books.delete_category
        return editor.run(fn, info.id)


class RatesForm(FieldErrorsMixin, QWidget):
    """Where sales and postage are booked, and the postage per parcel of each courier."""

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.sales_account = QComboBox()
        self.sales_account.setObjectName("salesAccount")
        self.postage_account = QComboBox()
        self.postage_account.setObjectName("postageAccount")
        self.rates: dict[str, QLineEdit] = {}
        self.rows = {"sales_account": FieldRow(self.sales_account),
                     "postage_account": FieldRow(self.postage_account)}  # fmt: skip
        form = QFormLayout()
        form.addRow(_("Sales and refunds booked to"), self.rows["sales_account"])
        form.addRow(_("Postage booked to"), self.rows["postage_account"])
        rates = QFormLayout()
        for code in settings.COURIERS:
            edit = QLineEdit()
            edit.setObjectName(f"rate_{code}")
            edit.setPlaceholderText(_("¥ per parcel"))
            edit.setMaximumWidth(120)
            edit.returnPressed.connect(self.save)
            self.rates[code] = edit
            self.rows[f"rate:{code}"] = FieldRow(edit)
            rates.addRow(settings.courier_name(code), self.rows[f"rate:{code}"])
        self.save_button = QPushButton(_("Save books settings"))
        self.save_button.setObjectName("saveBooksSettings")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        hint = QLabel(
            _(
                "Postage per parcel: each label printed (not reprints) becomes a postage "
                "entry to confirm. Leave empty for couriers you enter by hand."
            )
        )
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(rates)
        layout.addLayout(bottom)

    def set_settings(self, conf: books.BooksSettings, accounts: list[AccountInfo]) -> None:
        for combo, chosen in ((self.sales_account, conf.sales_account_id),
                              (self.postage_account, conf.postage_account_id)):  # fmt: skip
            combo.clear()
            for account in accounts:
                if not account.archived or account.id == chosen:
                    combo.addItem(account.name, account.id)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
        for code, edit in self.rates.items():
            fen = conf.postage_rates.get(code)
            edit.setText(format_yuan(fen) if fen else "")
        self.clear_errors()

    def save(self) -> bool:
        self.clear_errors()
        rates = {code: edit.text() for code, edit in self.rates.items()}
        done = self._session.bus.run_op(self, books.save_settings, self.sales_account.currentData(),
                                        self.postage_account.currentData(), rates)  # fmt: skip
        return done is not None
