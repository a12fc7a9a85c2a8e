"""The size advisor (尺码助手): a buyer's height and weight (and waist/chest if known) → the size
from the product's chart, the reason, and a sentence to paste into the chat.

The advice updates as the numbers are typed; Enter (the default button) copies the sentence.
`feedback` is the hook for the Returns feature: returns marked 偏小/偏大 per size, which move the
advice (see `desk.core.size_advice.SizeFeedback`).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core import products, size_advice
from desk.core.errors import DomainError, ValidationError
from desk.core.size_advice import SizeAdvice, SizeFeedback
from desk.i18n import _
from desk.ui.products.texts import number_text
from desk.ui.widgets.field_errors import FieldRow

DELAY_MS = 200
_JIN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*斤\s*$")


def jin_to_kg(text: str | None) -> str | None:
    """Buyers often give their weight in 斤 (half a kilogram): "110斤" → "55"."""
    match = _JIN.match(unicodedata.normalize("NFKC", text or ""))
    if not match:
        return text
    return number_text(Decimal(match.group(1)) / 2)


class SizeAdvisorDialog(QDialog):
    def __init__(
        self, product_id: int, feedback: SizeFeedback | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("sizeAdvisor")
        self.product_id = product_id
        self.feedback = feedback
        self.advice: SizeAdvice | None = None
        product = products.get_product(product_id)
        self.setWindowTitle(
            _("Size advisor — {code} {name}").format(code=product.code, name=product.name)
        )
        self.inputs: dict[str, QLineEdit] = {}
        self.rows: dict[str, FieldRow] = {}
        form = QFormLayout()
        for key, label, placeholder in (
            ("height", _("Height (cm)"), _("e.g. 165")),
            ("weight", _("Weight (kg)"), _("e.g. 55, or 110斤")),
            ("waist", _("Waist (cm)"), _("optional")),
            ("chest", _("Chest (cm)"), _("optional")),
        ):
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(self._schedule)
            self.inputs[key] = edit
            self.rows[key] = FieldRow(edit)
            form.addRow(label, self.rows[key])

        self.size_label = QLabel()
        self.size_label.setObjectName("adviceSize")
        self.size_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.size_label.setStyleSheet("font-size: 30pt; font-weight: bold; color: #1a4fb8;")
        self.reason = self._label("adviceReason")
        self.warning = self._label("adviceWarning", "color: #c05621;")
        self.note = self._label("adviceNote", "color: #4a5568;")
        self.sentence = QPlainTextEdit()
        self.sentence.setObjectName("chatSentence")
        self.sentence.setReadOnly(True)
        self.sentence.setMaximumHeight(70)
        self.copied = self._label("copied", "color: #2f855a;")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAutoDefault(False)
        self.copy_button = self.buttons.addButton(
            _("Copy the sentence"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setObjectName("copySentence")
        self.copy_button.clicked.connect(self.copy_sentence)
        self.buttons.rejected.connect(self.reject)

        title = QLabel(f"{product.code}　{product.name}")
        title.setObjectName("advisorProduct")
        title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        result = QVBoxLayout()
        result.addWidget(self.size_label)
        result.addWidget(self.reason)
        result.addWidget(self.warning)
        result.addWidget(self.note)
        result.addWidget(QLabel(_("To paste to the buyer:")))
        result.addWidget(self.sentence)
        result.addWidget(self.copied)
        columns = QHBoxLayout()
        columns.addLayout(form, 2)
        columns.addSpacing(16)
        columns.addLayout(result, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addSpacing(6)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.update_advice)
        self.resize(620, 340)
        self.update_advice()
        self.inputs["height"].setFocus()

    def _label(self, name: str, style: str = "") -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if style:
            label.setStyleSheet(style)
        return label

    def _schedule(self) -> None:
        self._timer.start()

    def update_advice(self) -> SizeAdvice | None:
        """Ask the advisor with what is typed so far; show the advice or why there is none."""
        self._timer.stop()
        for row in self.rows.values():
            row.field.setProperty("invalid", False)
            row.error.hide()
        values = {key: edit.text().strip() or None for key, edit in self.inputs.items()}
        values["weight"] = jin_to_kg(values["weight"])
        self.advice = None
        try:
            advice = size_advice.advise(
                self.product_id,
                values["height"],
                values["weight"],
                values["waist"],
                values["chest"],
                feedback=self.feedback,
            )
        except ValidationError as exc:
            if exc.field in self.rows:
                self.rows[exc.field].error.setText(exc.message)
                self.rows[exc.field].error.show()
                self.rows[exc.field].field.setProperty("invalid", True)
                self._show(None, "")
            else:
                self._show(None, exc.message)
            return None
        except DomainError as exc:
            self._show(None, exc.message)
            return None
        self._show(advice, "")
        return advice

    def _show(self, advice: SizeAdvice | None, message: str) -> None:
        for row in self.rows.values():
            row.field.style().unpolish(row.field)
            row.field.style().polish(row.field)
        self.advice = advice
        self.copied.clear()
        self.copy_button.setEnabled(advice is not None)
        self.copy_button.setDefault(advice is not None)  # Enter copies
        if advice is None:
            self.size_label.setText("—")
            self.reason.setText(message)
            for label in (self.warning, self.note):
                label.clear()
            self.sentence.clear()
            self._hide_empty()
            return
        self.size_label.setText(" / ".join(advice.sizes) if advice.between else advice.sizes[0])
        self.reason.setText(advice.reason)
        self.warning.setText(advice.warning)
        notes = [advice.feedback_note]
        if advice.fit_rule:
            notes.append(_("Fitting advice: {rule}").format(rule=advice.fit_rule))
        self.note.setText("\n".join(n for n in notes if n))
        self.sentence.setPlainText(advice.chat_sentence)
        self._hide_empty()

    def _hide_empty(self) -> None:
        for label in (self.reason, self.warning, self.note, self.copied):
            label.setVisible(bool(label.text()))

    def copy_sentence(self) -> None:
        if self._timer.isActive():
            self.update_advice()
        if self.advice is None:
            return
        QGuiApplication.clipboard().setText(self.advice.chat_sentence)
        self.copied.setText(_("Copied: paste it into the chat."))
        self.copied.show()
