"""An SMS list (短信名单) for the chosen customers: the message with a live 70-character counter,
a preview of the first recipients, and the list saved as CSV (phone, name, message) for an SMS
platform. `{name}` in the message becomes each customer's name; the count uses the longest name,
so no message of the list goes over. Customers without a mobile number and blacklisted ones are
left out, and a number listed once (the dialog says how many). Saving asks about privacy first.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import customer_export, phones
from desk.core.customer_export import SmsPreview
from desk.i18n import _
from desk.ui import messages
from desk.ui.customers.export_dialog import confirm_privacy, documents, write_file
from desk.ui.customers.import_worker import run_in_worker

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

PLACEHOLDER = "{name}"
PREVIEW_ROWS = 5
OVER_STYLE = "color: #d93025; font-weight: bold;"
COUNT_STYLE = "color: #4a5568;"


class SmsDialog(QDialog):
    def __init__(self, session: ShopSession, customer_ids: list[int],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("smsDialog")
        self.setWindowTitle(_("SMS list"))
        self.resize(640, 560)
        self._session = session
        self.customer_ids = list(customer_ids)
        self.preview: SmsPreview | None = None
        self.saved_to = None

        intro = QLabel(_(
            "Write the message, then save the list as a CSV file (phone, name, message) to "
            "send it through an SMS service."
        ))  # fmt: skip
        intro.setWordWrap(True)
        self.message = QPlainTextEdit()
        self.message.setObjectName("smsMessage")
        self.message.setTabChangesFocus(True)
        self.message.setPlaceholderText(_(
            "e.g. {name}, our autumn collection is in: 10% off for old customers. Reply T to "
            "unsubscribe"
        ))  # fmt: skip
        self.message.setFixedHeight(96)
        self.insert_name = QPushButton(_("Insert the name {name}"))
        self.insert_name.setObjectName("insertName")
        self.insert_name.setAutoDefault(False)
        self.insert_name.clicked.connect(self._insert_name)
        self.counter = QLabel()
        self.counter.setObjectName("smsCounter")
        counter_row = QHBoxLayout()
        counter_row.addWidget(self.insert_name)
        counter_row.addStretch(1)
        counter_row.addWidget(self.counter)
        hint = QLabel(_(
            "{name} becomes each customer's name (the nick when there is no name); the count "
            "uses the longest name. Over 70 characters the message is sent and charged as two."
        ))  # fmt: skip
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        self.recipients_label = QLabel()
        self.recipients_label.setObjectName("smsRecipients")
        self.recipients_label.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("smsPreview")
        self.table.setHorizontalHeaderLabels([_("Full name"), _("Mobile"), _("Message")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)  # the whole message of each (five rows at most)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Save the list…"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        self.save_button.setObjectName("saveSmsList")
        self.save_button.setDefault(True)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addLayout(counter_row)
        layout.addWidget(hint)
        layout.addWidget(self.recipients_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

        self.message.textChanged.connect(self.update_preview)
        self._longest = ""
        self._load_recipients()
        self.message.setFocus()

    # -- counting --------------------------------------------------------------------------
    def text(self) -> str:
        return self.message.toPlainText().strip()

    def _load_recipients(self) -> None:
        """Who the list goes to does not depend on the message: asked once."""
        outcome = run_in_worker(self.parentWidget(), _("Reading the customers…"),
                                customer_export.sms_preview, "", self.customer_ids)  # fmt: skip
        preview = self._session.bus.run_op(self.parentWidget(), outcome.unwrap)
        if preview is None:
            self.save_button.setEnabled(False)
            return
        self.preview = preview
        names = [name for _mobile, name in preview.recipients]
        self._longest = max(names, key=customer_export.sms_length, default="")
        parts = [_("{count} mobile numbers in the list.").format(count=len(preview.recipients))]
        if preview.skipped:
            parts.append(_(
                "{count} customers are left out (no mobile number, on the blacklist, or a number "
                "already in the list)."
            ).format(count=preview.skipped))  # fmt: skip
        self.recipients_label.setText(" ".join(parts))
        self.update_preview()

    def length(self) -> int:
        """As `customer_export.sms_preview` counts: `{name}` as the longest name, and in the
        units carriers count (an emoji or 𠮷 counts two)."""
        return customer_export.sms_length(self.text().replace(PLACEHOLDER, self._longest))

    def update_preview(self) -> None:
        """The counter and the first recipients' messages, at once as the user types."""
        length = self.length()
        over = length > customer_export.SMS_LIMIT
        self.counter.setText(_("{count} / {limit} characters").format(
            count=length, limit=customer_export.SMS_LIMIT))  # fmt: skip
        self.counter.setStyleSheet(OVER_STYLE if over else COUNT_STYLE)
        self.counter.setToolTip(_("Over 70 characters: sent and charged as two messages.")
                                if over else "")  # fmt: skip
        recipients = self.preview.recipients[:PREVIEW_ROWS] if self.preview else ()
        self.table.setRowCount(len(recipients))
        text = self.text()
        for row, (mobile, name) in enumerate(recipients):
            values = (name, phones.mask(mobile), text.replace(PLACEHOLDER, name))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _insert_name(self) -> None:
        self.message.insertPlainText(PLACEHOLDER)
        self.message.setFocus()

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        if not self.text():
            messages.warning(self, _("Write the message first."))
            self.message.setFocus()
            return
        outcome = run_in_worker(self, _("Reading the customers…"), customer_export.sms_preview,
                                self.text(), self.customer_ids)  # fmt: skip
        preview = self._session.bus.run_op(self, outcome.unwrap)
        if preview is None:
            return
        total = len(preview.recipients)
        if total <= 0:
            messages.warning(self, _("None of these customers has a mobile number to send to."))
            return
        if preview.over_limit and not messages.confirm(self, _(
            "The message has {count} characters, over 70: each one is sent and charged as two "
            "messages. Save the list anyway?"
        ).format(count=preview.length), _("Save anyway")):  # fmt: skip
            return
        if confirm_privacy(self, _(
            "The list contains the mobile numbers of {count} customers. Keep it safe and do not "
            "send it to anyone."
        ).format(count=total), _("Save the list"), offer_masking=False) is None:  # fmt: skip
            return
        suggested = _("sms-list-{date}.csv").format(date=datetime.date.today().isoformat())
        path = choose_sms_file(self, suggested)
        if path is None:
            return
        outcome = run_in_worker(self, _("Saving the list…"), write_file,
                                customer_export.export_sms_list, path, self.customer_ids,
                                self.text(), path)  # fmt: skip
        written = self._session.bus.run_op(self, outcome.unwrap)
        if written is None:
            return
        self.saved_to = path
        messages.information(self, _("Saved {count} mobile numbers to {path}.").format(
            count=written, path=path))  # fmt: skip
        self.accept()


def choose_sms_file(parent: QWidget | None, suggested: str) -> Path | None:
    """Where to save the list (CSV: what SMS services take)."""
    name, _selected = QFileDialog.getSaveFileName(
        parent, _("Save the SMS list"), str(documents() / suggested), _("CSV files (*.csv)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".csv" else path.with_name(path.name + ".csv")


def run_sms_dialog(parent: QWidget | None, session: ShopSession, customer_ids: list[int]) -> None:
    if not customer_ids:
        messages.information(parent, _("There are no customers here to send a message to."))
        return
    dialog = SmsDialog(session, customer_ids, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
