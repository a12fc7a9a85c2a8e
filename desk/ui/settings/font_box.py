"""Settings → the font of the printed PDFs (labels, confirmation sheets, packing lists).

Shows the font in use (chosen, or found on the system), lets the user pick a .ttf/.ttc file —
checked before it is kept: a CFF/OpenType-PostScript font such as Noto Sans CJK .otf, a font
without Chinese or no font at all is refused with the reason — and shows a sample in it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desk.core import pdf_font
from desk.i18n import _

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

SAMPLE = "收件人 张三丰 138****5678 浙江省杭州市西湖区文三路100号 ZT7300000001"


def choose_font_file(parent) -> Path | None:
    """A font file picked by the user (None when cancelled); tests replace this."""
    name, _selected = QFileDialog.getOpenFileName(
        parent, _("Choose a Chinese font"), "", _("TrueType fonts (*.ttf *.ttc *.otf)"))  # fmt: skip
    return Path(name) if name else None


class FontBox(QGroupBox):
    def __init__(self, session: ShopSession, parent=None):
        super().__init__(_("Font of the printed PDFs"), parent)
        self.setObjectName("fontBox")
        self._session = session
        self.current = QLabel()
        self.current.setObjectName("fontCurrent")
        self.current.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("fontProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.sample = QLabel(SAMPLE)
        self.sample.setObjectName("fontSample")
        self.sample.setWordWrap(True)
        self.choose = QPushButton(_("Choose a font file…"))
        self.choose.setObjectName("fontChoose")
        self.choose.clicked.connect(self.choose_font)
        self.system = QPushButton(_("Use the system font"))
        self.system.setObjectName("fontSystem")
        self.system.clicked.connect(self.use_system_font)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addWidget(self.system)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.sample)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        """Which font the PDFs use now, and why not the chosen one when it cannot be used."""
        pdf_font.apply_saved_font()
        chosen = pdf_font.get_pdf_font()
        used = pdf_font.font_in_use()
        if used is None:
            self.current.setText(_("No Chinese font was found: the PDFs cannot be made. Choose a "
                                   "TrueType font file."))  # fmt: skip
        elif chosen is not None and used.path == chosen.path:
            self.current.setText(_("Chosen: {family} ({path})").format(family=used.family,
                                                                       path=used.path))  # fmt: skip
        else:
            self.current.setText(_("Found on this computer: {family} ({path})").format(
                family=used.family, path=used.path))  # fmt: skip
        problem = ""
        if chosen is not None and (used is None or used.path != chosen.path):
            problem = pdf_font.check_pdf_font(chosen.path, chosen.index).problem
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.system.setEnabled(chosen is not None)
        self._show_sample(used.path if used is not None else None)

    def _show_sample(self, path: Path | None) -> None:
        font = QFont(self.font())
        if path is not None:
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                font.setFamilies([families[0]])
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.sample.setFont(font)
        self.sample.setVisible(path is not None)

    def choose_font(self) -> bool:
        """Pick a font file: refused with the reason (shown in the box), or kept and used."""
        path = choose_font_file(self)
        if path is None:
            return False
        check = self._session.bus.run_op(self, pdf_font.check_pdf_font, path)
        if check is None:
            return False
        if not check.usable:
            self.problem.setText(check.problem)
            self.problem.setVisible(True)
            return False
        if self._session.bus.run_op(self, pdf_font.save_pdf_font, path, check.index) is None:
            return False
        self.refresh()
        return True

    def use_system_font(self) -> bool:
        if self._session.bus.run_op(self, pdf_font.save_pdf_font, None) is None:
            return False
        self.refresh()
        return True
