"""The fields of the customer card that are more than a line edit: several phones, the groups
(checkable, many), and tags with completion from the tags already in use."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import customers, phones
from desk.core.customers import GroupInfo
from desk.i18n import _
from desk.ui.customers.group_colors import dot_icon

TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")
TAG_JOIN = "，"


def split_tags(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in TAG_SEPARATORS.split(text) if t))


class PhonesEditor(QWidget):
    """One line per phone number (up to MAX_PHONES), each with a remove button."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edits: list[QLineEdit] = []
        self._lines = QVBoxLayout()
        self._lines.setContentsMargins(0, 0, 0, 0)
        self._lines.setSpacing(4)
        self.add_button = QPushButton(_("Add a number"))
        self.add_button.setObjectName("addPhone")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_line("").setFocus())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._lines)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_phones(self, numbers: tuple[str, ...]) -> None:
        while self.edits:
            self._remove(self.edits[0])
        for number in numbers or ("",):
            self.add_line(number)

    def phones(self) -> tuple[str, ...]:
        return tuple(e.text().strip() for e in self.edits if e.text().strip())

    def add_line(self, text: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(f"phone{len(self.edits) + 1}")
        edit.setPlaceholderText(_("Mobile, landline, or 18877771111-123"))
        edit.textEdited.connect(lambda _text: self.edited.emit())
        remove = QPushButton("✕")
        remove.setObjectName("removePhone")
        remove.setToolTip(_("Remove this number"))
        remove.setAutoDefault(False)
        remove.setFixedWidth(30)
        remove.setStyleSheet("padding: 2px 0;")
        line = QWidget()
        row = QHBoxLayout(line)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(edit, 1)
        row.addWidget(remove)
        remove.clicked.connect(lambda: self._remove(edit))
        self._lines.addWidget(line)
        self.edits.append(edit)
        self.add_button.setEnabled(len(self.edits) < customers.MAX_PHONES)
        return edit

    def add_phone(self, number: str) -> None:
        """Put `number` in the first empty line (or a new one) unless it is already there."""
        wanted = phones.normalize_phone(number)
        for edit in self.edits:
            have = phones.normalize_phone(edit.text())
            if edit.text().strip() == number or (wanted and have and have.text == wanted.text):
                return
        empty = next((e for e in self.edits if not e.text().strip()), None)
        if empty is None:
            if len(self.edits) >= customers.MAX_PHONES:
                return
            empty = self.add_line("")
        empty.setText(number)

    def _remove(self, edit: QLineEdit) -> None:
        self.edits.remove(edit)
        line = edit.parentWidget()
        self._lines.removeWidget(line)
        line.hide()
        line.deleteLater()
        if not self.edits:
            self.add_line("")
        self.add_button.setEnabled(len(self.edits) < customers.MAX_PHONES)
        self.edited.emit()

    def mark_invalid(self, *, clear: bool = False) -> QLineEdit | None:
        """Mark the lines that are not phone numbers (or no line when `clear`); the first of
        them, or None."""
        first = None
        for edit in self.edits:
            text = edit.text().strip()
            bad = not clear and bool(text) and phones.normalize_phone(text) is None
            edit.setProperty("invalid", bad)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
            if bad and first is None:
                first = edit
        return first

    def setFocus(self, *args) -> None:  # FieldRow focuses the field it shows an error for
        target = self.mark_invalid() or (self.edits[0] if self.edits else None)
        if target is not None:
            target.setFocus()


class GroupsList(QListWidget):
    """Every group with a check box; a customer can be in many."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cardGroups")
        self.setIconSize(QSize(12, 12))

    def set_groups(self, groups: list[GroupInfo], chosen: tuple[int, ...]) -> None:
        self.clear()
        for group in groups:
            item = QListWidgetItem(dot_icon(group.color), group.name)
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(
                Qt.CheckState.Checked if group.id in chosen else Qt.CheckState.Unchecked
            )
            self.addItem(item)
        rows = max(3, min(self.count(), 7))
        self.setFixedHeight(rows * 24 + 6)

    def chosen_ids(self) -> tuple[int, ...]:
        return tuple(
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, group_id: int, checked: bool = True) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == group_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def mouseReleaseEvent(self, event) -> None:
        """A click on the name ticks it too, not only a click on the little box."""
        item = self.itemAt(event.position().toPoint())
        before = item.checkState() if item is not None else None
        super().mouseReleaseEvent(event)
        if item is not None and item.checkState() == before:
            item.setCheckState(
                Qt.CheckState.Unchecked
                if before == Qt.CheckState.Checked
                else Qt.CheckState.Checked
            )


class TagsEdit(QLineEdit):
    """Tags separated by commas or spaces; the word being typed is completed from the tags in
    use (Enter or a click takes the suggestion)."""

    def __init__(self, known: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("tags")
        self.setPlaceholderText(_("e.g. likes dresses, M size, buys for her mother"))
        self._model = QStringListModel(known, self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setWidget(self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_.activated[str].connect(self.take_completion)
        self.textEdited.connect(self._complete)

    def tags(self) -> tuple[str, ...]:
        return split_tags(self.text())

    def set_tags(self, tags: tuple[str, ...]) -> None:
        self.setText(TAG_JOIN.join(tags))

    def _current_word(self) -> tuple[int, str]:
        text = self.text()[: self.cursorPosition()]
        match = re.search(r"[^,，、;；\s]*$", text)
        start = match.start() if match else len(text)
        return start, text[start:]

    def _complete(self, _text: str) -> None:
        _start, word = self._current_word()
        taken = set(self.tags())
        if not word:
            self.completer_.popup().hide()
            return
        self.completer_.setCompletionPrefix(word)
        if self.completer_.completionCount() == 0 or (
            self.completer_.completionCount() == 1
            and self.completer_.currentCompletion() == word
            and word in taken
        ):
            self.completer_.popup().hide()
            return
        self.completer_.complete()

    def take_completion(self, completion: str) -> None:
        start, _word = self._current_word()
        before = self.text()[:start]
        after = self.text()[self.cursorPosition():]
        text = before + completion + TAG_JOIN
        self.setText(text + after.lstrip(",，、;； "))
        self.setCursorPosition(len(text))
