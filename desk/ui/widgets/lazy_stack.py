"""A stacked widget whose pages are built the first time they are shown (fast start-up)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget


class LazyStack(QStackedWidget):
    page_created = Signal(int, QWidget)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._factories: list[Callable[[], QWidget]] = []
        self._pages: dict[int, QWidget] = {}

    def add_lazy(self, factory: Callable[[], QWidget]) -> int:
        """Reserve a slot; `factory` builds the page when the slot is first shown."""
        self._factories.append(factory)
        return self.addWidget(QWidget())

    def page(self, index: int) -> QWidget | None:
        """The page at `index` if it has been built."""
        return self._pages.get(index)

    def built_pages(self) -> list[QWidget]:
        return list(self._pages.values())

    def show_page(self, index: int) -> QWidget:
        """Build the page at `index` if needed, then show it."""
        page = self._pages.get(index)
        if page is None:
            page = self._factories[index]()
            slot = self.widget(index)
            self.insertWidget(index, page)
            self.removeWidget(slot)
            slot.deleteLater()
            self._pages[index] = page
            self.page_created.emit(index, page)
        self.setCurrentWidget(page)
        return page
