"""Small widgets of the product editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QWidget,
)


class EnterLineEdit(QLineEdit):
    """A line whose Enter does its own thing (returnPressed) and does not also press the dialog's
    default button (Save)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("fieldHint")
    label.setWordWrap(True)
    return label


def error_line(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def commit_editing(view: QAbstractItemView) -> None:
    """Take what is being typed in a cell of `view` (Save pressed while a cell is open)."""
    if view.state() != QAbstractItemView.State.EditingState:
        return
    editor = QApplication.focusWidget()
    if editor is not None and view.isAncestorOf(editor):
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
