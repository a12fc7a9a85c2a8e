"""今日, the home page: what is due now, each count a button that opens its exact list, the time
left before the ship cut-off, and today's figures so far (orders, sales, consultations,
conversion).

It reloads when the event bus says orders, returns, customers, products, stock, the notebooks or
the people changed (not by polling); a one-minute timer only moves the time-left text on (and
reloads once the day has changed).
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, service_book, today
from desk.core.money import format_yuan
from desk.core.today import Target, TodayCounts, TodayItem
from desk.i18n import _
from desk.ui.today import targets
from desk.ui.widgets.page import Page

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

COLUMNS = 3
MINUTE_MS = 60_000
CARD_STYLE = """
QPushButton[todayCard="true"] { text-align: left; padding: 10px 14px; border: 1px solid #e2e8f0;
  border-radius: 8px; background: #ffffff; color: #4a5568; font-size: 11pt; }
QPushButton[todayCard="true"]:hover { border-color: #3182ce; }
QPushButton[todayCard="true"][due="true"] { border-color: #dd6b20; color: #1a202c;
  background: #fffaf0; }
QLabel#cardCount { font-size: 20pt; font-weight: 600; color: #a0aec0; }
QPushButton[due="true"] QLabel#cardCount { color: #c05621; }
QLabel#cardCaption { font-size: 11pt; color: #2d3748; }
QLabel#cardNote { font-size: 9pt; color: #c05621; }
"""


class TodayCard(QPushButton):
    """One count of the Today page: the number large, what it counts beside it, and a note
    (the time left before the cut-off) under it. The whole card is the button."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.number = QLabel()
        self.number.setObjectName("cardCount")
        self.number.setMinimumWidth(70)  # captions line up across the cards
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.caption = QLabel()
        self.caption.setObjectName("cardCaption")
        self.caption.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("cardNote")
        self.note.hide()
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.caption)
        words.addWidget(self.note)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 14, 8)
        row.setSpacing(12)
        row.addWidget(self.number)
        row.addLayout(words, 1)
        for label in (self.number, self.caption, self.note):  # clicks reach the button
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def show_count(self, count: int, caption: str, note: str = "") -> None:
        self.number.setText(f"{count:,}")
        self.caption.setText(caption)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setAccessibleName(" ".join(part for part in (f"{count:,}", caption, note) if part))

    def summary(self) -> str:
        """What the card says, as one line (for screen readers and tests)."""
        return self.accessibleName()


class TodayPage(Page):
    KINDS = (
        changes.ORDERS, changes.RETURNS, changes.CUSTOMERS, changes.PRODUCTS, changes.STOCK,
        changes.NOTEBOOK, changes.STAFF, changes.SETTINGS, changes.LABELS,
    )  # fmt: skip
    target_requested = Signal(object)  # a today.Target: the main window opens that list

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Today"), parent)
        self._session = session
        self.counts: TodayCounts | None = None
        self.setStyleSheet(CARD_STYLE)
        self.cutoff = QLabel()
        self.cutoff.setObjectName("cutoffLeft")
        self.cutoff.setStyleSheet("font-size: 12pt; font-weight: 600; color: #c05621;")
        self.cards: dict[str, TodayCard] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for n, key in enumerate(today.ITEM_LABELS):
            card = TodayCard()
            card.setObjectName(f"today_{key}")
            card.setProperty("todayCard", True)
            card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            card.setMinimumHeight(64)
            card.setAutoDefault(False)
            card.clicked.connect(lambda _c=False, k=key: self.open_item(k))
            self.cards[key] = card
            grid.addWidget(card, n // COLUMNS, n % COLUMNS)
        self.figures: dict[str, QLabel] = {}
        figures = QHBoxLayout()
        figures.setSpacing(24)
        for key in ("orders", "sales", "consults", "deals", "conversion"):
            label = QLabel()
            label.setObjectName(f"figure_{key}")
            label.setStyleSheet("font-size: 11pt;")
            self.figures[key] = label
            figures.addWidget(label)
        figures.addStretch(1)
        box = QFrame()
        box.setObjectName("todayFigures")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box_layout = QVBoxLayout(box)
        heading = QLabel(_("Today so far"))
        heading.setStyleSheet("font-weight: 600;")
        box_layout.addWidget(heading)
        box_layout.addLayout(figures)
        hint = QLabel(_("Click a number to open its list. F5 counts a consultation, F6 a deal, "
                        "F7 a lost buyer; Ctrl+Shift+P logs a problem."))  # fmt: skip
        hint.setObjectName("fieldHint")
        hint.setWordWrap(True)
        self.layout_.addWidget(self.cutoff)
        self.layout_.addLayout(grid)
        self.layout_.addWidget(box)
        self.layout_.addWidget(hint)
        self.layout_.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setInterval(MINUTE_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    # -- loading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        counts = today.today_counts(self._now(), self._session.desk_person_id())
        self.counts = counts
        for item in counts.items:
            self._show_item(item)
        self._show_cutoff(counts)
        self.figures["orders"].setText(_("Orders: {count}").format(count=counts.orders_today))
        self.figures["sales"].setText(
            _("Sales: {amount}").format(amount=format_yuan(counts.sales_today_fen, symbol=True))
        )
        self.figures["consults"].setText(
            _("Consultations: {count}").format(count=counts.consults_today)
        )
        self.figures["deals"].setText(_("Deals: {count}").format(count=counts.deals_today))
        self.figures["conversion"].setText(
            _("Conversion: {rate}").format(rate=service_book.format_rate(counts.conversion_today))
        )

    def _now(self) -> datetime.datetime:
        return targets.now()

    def _show_item(self, item: TodayItem) -> None:
        card = self.cards[item.key]
        note = self.counts.cutoff_text if item.key == "to_ship" and self.counts else ""
        card.show_count(item.count, item.label, note)
        card.setProperty("count", item.count)
        card.setProperty("due", item.count > 0)
        card.setToolTip(_("Open the list ({count})").format(count=item.count))
        for widget in (card, card.number):  # the `due` colours follow the new property
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _show_cutoff(self, counts: TodayCounts) -> None:
        self.cutoff.setText(counts.cutoff_text)

    def _tick(self) -> None:
        """Once a minute: the time left moves on; a new day (or a passed cut-off) reloads."""
        if self.counts is None or not self.isVisible():
            return
        now = self._now()
        if now.date() != self.counts.at.date():
            self.refresh()
            return
        left = max(0, int((self.counts.cutoff - now).total_seconds() // 60))
        passed = now >= self.counts.cutoff
        if passed != self.counts.past_cutoff:
            self.refresh()  # orders paid now go tomorrow: the counts change
            return
        self.counts = dataclasses.replace(self.counts, minutes_left=left, past_cutoff=passed)
        self._show_cutoff(self.counts)
        self._show_item(self.counts.to_ship)

    # -- opening a list -----------------------------------------------------------------------
    def item(self, key: str) -> TodayItem | None:
        if self.counts is None:
            return None
        return getattr(self.counts, key, None)

    def open_item(self, key: str) -> Target | None:
        found = self.item(key)
        if found is None:
            return None
        self.target_requested.emit(found.target)
        return found.target
