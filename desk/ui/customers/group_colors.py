"""The colours a customer group can have, and the little coloured dot that shows one."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

#: What the group dialog offers (the built-in groups' own colours are kept as they are).
PALETTE = (
    "#e53935",  # red
    "#fb8c00",  # orange
    "#f9a825",  # yellow
    "#43a047",  # green
    "#00897b",  # teal
    "#1e88e5",  # blue
    "#3949ab",  # indigo
    "#8e24aa",  # purple
    "#d81b60",  # pink
    "#6d4c41",  # brown
    "#757575",  # grey
)
NO_COLOR = "#cbd2dc"  # the ring shown for a group without a colour


def valid(color: str) -> bool:
    return bool(color) and QColor.isValidColorName(color)


@cache
def dot_icon(color: str, size: int = 12) -> QIcon:
    """A filled dot in `color` (an empty ring when the group has no colour)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(1.5, 1.5, size - 3, size - 3)
    if valid(color):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
    else:
        painter.setPen(QColor(NO_COLOR))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(rect)
    painter.end()
    return QIcon(pixmap)
