"""Refresh a widget that is not a Page the way pages refresh: when the event bus carries Changes
that concern it, at once if it is visible, otherwise the next time it is shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from desk.core.changes import Changes


class RefreshWhenShown(QObject):
    def __init__(self, widget: QWidget, bus, kinds: tuple[str, ...], refresh: Callable[[], None]):
        super().__init__(widget)
        self._widget = widget
        self._kinds = kinds
        self._refresh = refresh
        self.dirty = True  # the first show loads the data
        widget.installEventFilter(self)
        bus.changed.connect(self._on_changes)

    def _on_changes(self, done: Changes) -> None:
        if not done.concerns(*self._kinds):
            return
        if self._widget.isVisible():
            self._refresh()
        else:
            self.dirty = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self.dirty:
            self._refresh()
        return False
