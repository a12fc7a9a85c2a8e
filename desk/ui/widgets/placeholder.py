"""An honest empty page for a feature not built yet: its name and what will be here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desk.ui.widgets.page import Page


class PlaceholderPage(Page):
    def __init__(self, title: str, description: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.description = QLabel(description)
        self.description.setObjectName("pageHint")
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.layout_.addWidget(self.description)
        self.layout_.addStretch(1)
