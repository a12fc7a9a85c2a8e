"""A small conversion chart painted with QPainter (PySide6-Essentials has no QtCharts): one pair of
bars per day or week (consultations, deals) and the conversion rate as a line over them."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desk.i18n import _

CONSULT_COLOR = QColor("#90cdf4")
DEAL_COLOR = QColor("#2b6cb0")
RATE_COLOR = QColor("#dd6b20")
AXIS_COLOR = QColor("#a0aec0")
TEXT_COLOR = QColor("#4a5568")


@dataclass(frozen=True)
class ChartPoint:
    label: str  # "11-20" or "W47"
    consults: int
    deals: int

    @property
    def rate(self) -> float | None:
        return self.deals / self.consults if self.consults else None


class ConversionChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("conversionChart")
        self.points: list[ChartPoint] = []
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(560, 220)

    def set_points(self, points: list[ChartPoint]) -> None:
        self.points = list(points)
        tips = [
            _("{label}: {consults} consultations, {deals} deals").format(
                label=p.label, consults=p.consults, deals=p.deals
            )
            for p in self.points
        ]
        self.setToolTip("\n".join(tips[-14:]))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(
            8 + metrics.horizontalAdvance("100%"), line + 8, -8, -(line + 8)
        )
        painter.setPen(TEXT_COLOR)
        legend = _("Bars: consultations / deals · line: conversion rate")
        painter.drawText(QRectF(area.left(), 2, area.width(), line), legend)
        painter.setPen(QPen(AXIS_COLOR, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not self.points or area.width() <= 0 or area.height() <= 0:
            painter.setPen(TEXT_COLOR)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("No tallies yet."))
            painter.end()
            return
        top = max(max(p.consults for p in self.points), 1)
        slot = area.width() / len(self.points)
        bar = max(min(slot * 0.35, 18), 1)
        rate_points: list[QPointF] = []
        for i, point in enumerate(self.points):
            x = area.left() + slot * i + slot / 2
            for value, color, offset in (
                (point.consults, CONSULT_COLOR, -bar),
                (point.deals, DEAL_COLOR, 0),
            ):
                height = area.height() * value / top
                painter.fillRect(QRectF(x + offset, area.bottom() - height, bar, height), color)
            if point.rate is not None:
                rate_points.append(QPointF(x, area.bottom() - area.height() * min(point.rate, 1)))
            if len(self.points) <= 16 or i % max(len(self.points) // 8, 1) == 0:
                painter.setPen(TEXT_COLOR)
                painter.drawText(
                    QRectF(x - slot, area.bottom() + 2, slot * 2, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    point.label,
                )
        painter.setPen(TEXT_COLOR)
        for fraction in (0.0, 0.5, 1.0):
            y = area.bottom() - area.height() * fraction
            painter.drawText(
                QRectF(0, y - line / 2, area.left() - 4, line),
                Qt.AlignmentFlag.AlignRight,
                f"{int(fraction * 100)}%",
            )
        painter.setPen(QPen(RATE_COLOR, 2))
        for a, b in zip(rate_points, rate_points[1:], strict=False):
            painter.drawLine(a, b)
        painter.setBrush(RATE_COLOR)
        for p in rate_points:
            painter.drawEllipse(p, 2.5, 2.5)
        painter.end()
