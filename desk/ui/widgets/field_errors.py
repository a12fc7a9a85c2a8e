"""Showing a validation message at the field it is about: a red border and a line under it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class FieldRow(QWidget):
    """A form field with its (normally hidden) error line below it."""

    def __init__(self, field: QWidget, hint: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.field = field
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        if hint:
            note = QLabel(hint)
            note.setObjectName("fieldHint")
            note.setWordWrap(True)
            layout.addWidget(note)

    def set_error(self, message: str | None) -> None:
        self.field.setProperty("invalid", bool(message))
        self.field.style().unpolish(self.field)
        self.field.style().polish(self.field)
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        if message:
            self.field.setFocus()

    def has_error(self) -> bool:
        return self.error.isVisibleTo(self)


class FieldErrorsMixin:
    """For a form whose `rows` maps service field names to FieldRows: what `run_op` calls to show
    a ValidationError at its field, and to clear the errors before the next try."""

    rows: dict[str, FieldRow]

    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.set_error(None)

    def show_field_error(self, field: str, message: str) -> bool:
        row = self.rows.get(field)
        if row is None:
            return False
        row.set_error(message)
        return True
