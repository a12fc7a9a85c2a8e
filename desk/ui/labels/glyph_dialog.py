"""The glyph check's answer (缺字检查): per order, the characters the PDF font cannot draw, and
three ways on — choose another font (checked first, then the check runs again), edit the order's
text (the order editor; the check runs again after saving), or print anyway, knowingly.

`GlyphDialog.exec()` returns PRINT_ANYWAY, AGAIN (the font or an order changed: check again) or
0 (cancelled). The font file chooser is a module function, so that tests replace it.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core import orders, pdf_font
from desk.i18n import _
from desk.ui import messages
from desk.ui.orders import editor as order_editor

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

PRINT_ANYWAY = 2
AGAIN = 3
#: What every label has besides the names: digits (phones, tracking numbers), letters (货号)
COMMON = string.digits + string.ascii_letters + "-*×"


def choose_font_file(parent: QWidget | None) -> Path | None:
    """A .ttf/.ttc file picked by the user (None when cancelled); tests replace this."""
    name, _selected = QFileDialog.getOpenFileName(
        parent, _("Choose a Chinese font"), "", _("TrueType fonts (*.ttf *.ttc *.otf)"))  # fmt: skip
    return Path(name) if name else None


def shown(chars: list[str]) -> str:
    return "  ".join(f"{ch} (U+{ord(ch):04X})" for ch in chars)


class GlyphDialog(QDialog):
    def __init__(self, session: ShopSession, problems: list[tuple[str, list[str]]],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("glyphDialog")
        self.setWindowTitle(_("Characters the font cannot print"))
        self._session = session
        self.problems = problems
        font = pdf_font.font_in_use()
        intro = QLabel(_(
            "The font {font} cannot draw these characters: they would print as empty boxes. "
            "Choose another font, edit the order, or print anyway."
        ).format(font=font.family if font else "?"))  # fmt: skip
        intro.setWordWrap(True)
        self.table = QTableWidget(len(problems), 3)
        self.table.setObjectName("glyphTable")
        self.table.setHorizontalHeaderLabels([_("Order no."), _("Missing characters"), ""])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.edit_buttons: list[QPushButton] = []
        for row, (number, chars) in enumerate(problems):
            self.table.setItem(row, 0, QTableWidgetItem(number))
            self.table.setItem(row, 1, QTableWidgetItem(shown(chars)))
            button = QPushButton(_("Edit order…"))
            button.setObjectName(f"glyphEdit{row}")
            button.clicked.connect(lambda _checked=False, n=number: self.edit_order(n))
            self.table.setCellWidget(row, 2, button)
            self.edit_buttons.append(button)
        self.table.resizeColumnsToContents()
        self.font_button = QPushButton(_("Choose another font…"))
        self.font_button.setObjectName("glyphFont")
        self.font_button.clicked.connect(self.choose_font)
        self.anyway_button = QPushButton(_("Print anyway"))
        self.anyway_button.setObjectName("glyphAnyway")
        self.anyway_button.clicked.connect(lambda: self.done(PRINT_ANYWAY))
        cancel = QPushButton(_("Cancel"))
        cancel.setObjectName("glyphCancel")
        cancel.setDefault(True)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.font_button)
        buttons.addStretch(1)
        buttons.addWidget(self.anyway_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(620, 320)

    def missing(self) -> list[str]:
        return list(dict.fromkeys(ch for _number, chars in self.problems for ch in chars))

    def choose_font(self) -> bool:
        """Pick a font file; checked (usable, and has the missing characters), then made the
        PDF font (as in Settings) and the check runs again."""
        path = choose_font_file(self)
        if path is None:
            return False
        check = self._session.bus.run_op(self, pdf_font.check_pdf_font, path)
        if check is None:
            return False
        if not check.usable:
            messages.warning(self, check.problem)
            return False
        still = check.lacks("".join(self.missing()) + COMMON)
        if still and not messages.confirm(self, _(
            "{name} cannot draw these characters either: {chars}. Use it anyway?"
        ).format(name=path.name, chars=shown(still)), _("Use this font")):  # fmt: skip
            return False
        if self._session.bus.run_op(self, pdf_font.save_pdf_font, path, check.index) is None:
            return False
        self.done(AGAIN)
        return True

    def edit_order(self, number: str) -> order_editor.OrderEditor | None:
        """The order editor for that order; the check runs again once it is saved."""
        order_id = self._session.bus.run_op(self, orders.find_by_number, number)
        if order_id is None:
            return None
        editor = order_editor.open_editor(self._session, order_id, self)
        if editor is not None:
            editor.saved.connect(lambda _id: self.done(AGAIN))
        return editor


def ask(parent: QWidget | None, session: ShopSession,
        problems: list[tuple[str, list[str]]]) -> int:  # fmt: skip
    """Show the dialog; PRINT_ANYWAY, AGAIN or 0."""
    dialog = GlyphDialog(session, problems, parent)
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()
