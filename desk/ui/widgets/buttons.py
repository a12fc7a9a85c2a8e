"""A push button for a panel's actions: named for tests and styles, with its tooltip, never the
dialog's default (Enter belongs to the list or the form), and its click wired."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget


def action_button(text: str, name: str, slot: Callable[..., object] | None = None, *,
                  tip: str = "", parent: QWidget | None = None) -> QPushButton:
    """`text` and `tip` are already translated; `slot` gets the clicked signal."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    if tip:
        button.setToolTip(tip)
    button.setAutoDefault(False)
    if slot is not None:
        button.clicked.connect(slot)
    return button
