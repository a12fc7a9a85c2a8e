"""Smart paste (智能识别) in the customer card: paste what the buyer sent in the chat, and the
name, phone and address are picked out (`desk.core.addresses.parse_pasted`).

Pasting parses at once; typed text is parsed by 识别 (or Ctrl+Enter). What the parser could not
place is highlighted in the box and listed under it, so the user sees what to check.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core.addresses import ParsedAddress, parse_pasted
from desk.i18n import _

UNRECOGNISED_BACKGROUND = QColor("#ffe3b3")
PASTE_HEIGHT = 62


def utf16_offset(text: str, index: int) -> int:
    """Qt counts text positions in UTF-16 units: 𠮷 and emoji take two."""
    return len(text[:index].encode("utf-16-le")) // 2


def recognised_anything(parsed: ParsedAddress) -> bool:
    return bool(parsed.name or parsed.phones or parsed.province or parsed.street)


class PasteBox(QPlainTextEdit):
    pasted = Signal()  # text was pasted (or dropped) in
    parse_requested = Signal()  # Ctrl+Enter

    def insertFromMimeData(self, source: QMimeData) -> None:
        super().insertFromMimeData(source)
        if source.hasText():
            self.pasted.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.parse_requested.emit()
            return
        super().keyPressEvent(event)


class PastePanel(QWidget):
    parsed = Signal(object)  # a ParsedAddress

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.last: ParsedAddress | None = None
        self.box = PasteBox()
        self.box.setObjectName("pasteBox")
        self.box.setPlaceholderText(
            _("Smart paste: paste the name, phone and address the buyer sent, e.g. "
              "张三 13812345678 浙江省杭州市西湖区文三路100号")
        )  # fmt: skip
        self.box.setTabChangesFocus(True)
        self.box.setFixedHeight(PASTE_HEIGHT)
        self.box.pasted.connect(self.parse)
        self.box.parse_requested.connect(self.parse)
        self.box.textChanged.connect(self._on_text_changed)
        self.button = QPushButton(_("Recognise"))
        self.button.setObjectName("parsePaste")
        self.button.setToolTip(_("Fill the fields from the pasted text (Ctrl+Enter)"))
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.parse)
        self.result = QLabel()
        self.result.setObjectName("pasteResult")
        self.result.setWordWrap(True)
        self.result.hide()
        line = QHBoxLayout()
        line.addWidget(self.box, 1)
        line.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(line)
        layout.addWidget(self.result)

    def text(self) -> str:
        return self.box.toPlainText()

    def paste_text(self, text: str) -> ParsedAddress:
        """Put `text` in the box (as if pasted) and parse it."""
        self.box.setPlainText(text)
        return self.parse()

    def parse(self) -> ParsedAddress:
        text = self.box.toPlainText()
        parsed = parse_pasted(text)
        self.last = parsed
        self._highlight(text, parsed.unrecognised)
        self._tell(parsed)
        if text.strip():
            self.parsed.emit(parsed)
        return parsed

    def unrecognised_texts(self) -> list[str]:
        return [span[2] for span in (self.last.unrecognised if self.last else [])]

    def highlighted(self) -> list[str]:
        return [s.cursor.selectedText() for s in self.box.extraSelections()]

    def _highlight(self, text: str, spans: list[tuple[int, int, str]]) -> None:
        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(UNRECOGNISED_BACKGROUND)
        fmt.setToolTip(_("Not recognised"))
        length = len(text.encode("utf-16-le")) // 2
        for start, end, _piece in spans:
            a, b = utf16_offset(text, start), min(utf16_offset(text, end), length)
            if b <= a:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.box.document())
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.box.setExtraSelections(selections)

    def _tell(self, parsed: ParsedAddress) -> None:
        if not self.box.toPlainText().strip():
            self.result.hide()
            return
        if not recognised_anything(parsed):
            text = _("No name, phone or address was recognised. Check the text, or type the "
                     "fields below.")  # fmt: skip
            color = "#d93025"
        elif parsed.unrecognised:
            pieces = "、".join(f"“{p[2].strip()}”" for p in parsed.unrecognised if p[2].strip())
            text = _("Filled in below: check before saving. Not recognised (highlighted): "
                     "{pieces}").format(pieces=pieces)  # fmt: skip
            color = "#c05621"
        else:
            text = _("Filled in below: check before saving.")
            color = "#2f855a"
        self.result.setText(text)
        self.result.setStyleSheet(f"color: {color};")
        self.result.show()

    def _on_text_changed(self) -> None:
        if self.box.extraSelections():
            self.box.setExtraSelections([])  # the marks belonged to the text before
