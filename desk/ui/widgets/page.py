"""The base of every page: refresh only when a change concerns it, and only when visible.

A page names the kinds of records it shows (`KINDS`, from desk.core.changes). When the event bus
carries Changes that concern it, a visible page refreshes at once; a hidden one only marks itself
dirty and refreshes when it is shown again (Electrum's maybe_defer_update).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desk.core.changes import Changes


class Page(QWidget):
    KINDS: tuple[str, ...] = ()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._dirty = True  # the first show loads the data
        self.title = title
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(28, 20, 28, 20)
        self.layout_.setSpacing(12)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.layout_.addWidget(heading)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def on_changes(self, changes: Changes) -> None:
        if not changes.concerns(*self.KINDS):
            return
        if self.isVisible():
            self._dirty = False
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            self.refresh()

    def refresh(self) -> None:
        """Reload what the page shows from the core services (override)."""
