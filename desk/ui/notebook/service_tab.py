"""服务统计本: today's consultations (接待), deals (成交) and lost buyers (流失) per person, the
conversion rate (转化率) per day or per week as a small chart, and why buyers left.

The buttons here do what F5 / F6 / F7 do from any page; Ctrl+F5 takes back the last tap.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import changes, notebook, service_book
from desk.core.service_book import Counts, PersonCounts, ReasonCount
from desk.i18n import _
from desk.ui.notebook.desk_keys import record_tally, take_back_tally
from desk.ui.notebook.chart import ChartPoint, ConversionChart
from desk.ui.today import targets
from desk.ui.widgets.list_view import list_view
from desk.ui.widgets.refresh import RefreshWhenShown
from desk.ui.widgets.table_model import RIGHT, Column, RowTableModel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

DAYS = 14
WEEKS = 8
REASON_DAYS = 30


class PersonModel(RowTableModel[PersonCounts]):
    def __init__(self, parent=None):
        super().__init__(
            (Column(_("Person"), lambda r: r.staff_name),
             Column(_("Consultations"), lambda r: str(r.counts.consults), RIGHT),
             Column(_("Deals"), lambda r: str(r.counts.deals), RIGHT),
             Column(_("Lost"), lambda r: str(r.counts.lost), RIGHT),
             Column(_("Conversion"), lambda r: r.counts.conversion_text, RIGHT)),
            parent,
        )  # fmt: skip


class ReasonModel(RowTableModel[ReasonCount]):
    def __init__(self, parent=None):
        super().__init__(
            (Column(_("Why they did not buy"), lambda r: r.label),
             Column(_("Buyers"), lambda r: str(r.count), RIGHT)),
            parent,
        )  # fmt: skip


def week_points(last_day: datetime.date, weeks: int = WEEKS) -> list[ChartPoint]:
    points = []
    for n in range(weeks - 1, -1, -1):
        counts = service_book.week_counts(last_day - datetime.timedelta(weeks=n))
        label = _("W{week}").format(week=counts.date_from.isocalendar()[1])
        points.append(ChartPoint(label, counts.consults, counts.deals))
    return points


def day_points(series: list[Counts]) -> list[ChartPoint]:
    return [ChartPoint(c.date_from.strftime("%m-%d"), c.consults, c.deals) for c in series]


class ServiceTab(QWidget):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("consult", _("Consultation +1 (F5)"),
             lambda: self.tally(service_book.CONSULT)),
            ("deal", _("Deal +1 (F6)"), lambda: self.tally(service_book.DEAL)),
            ("undo", _("Take back (Ctrl+F5)"), lambda: take_back_tally(self, self._session)),
        ):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(f"tally_{name}")
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
        self.lost_reason = QComboBox()
        self.lost_reason.setObjectName("lostReason")
        for key in notebook.LOST_REASONS:
            self.lost_reason.addItem(notebook.lost_reason_label(key), key)
        lost = QPushButton(_("Lost buyer +1 (F7)"))
        lost.setObjectName("tally_lost")
        lost.setAutoDefault(False)
        lost.clicked.connect(lambda: self.tally(service_book.LOST, self.lost_reason.currentData()))
        self.buttons["lost"] = lost
        self.today = QLabel()
        self.today.setObjectName("serviceToday")
        self.today.setStyleSheet("font-size: 11pt; font-weight: 600;")
        self.people = PersonModel(self)
        people_view = list_view(self.people, "servicePeople", multi=False)
        people_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        people_view.setMaximumHeight(150)
        self.span = QComboBox()
        self.span.setObjectName("chartSpan")
        self.span.addItem(_("Per day (last 14 days)"), "day")
        self.span.addItem(_("Per week (last 8 weeks)"), "week")
        self.span.currentIndexChanged.connect(self.refresh)
        self.chart = ConversionChart()
        self.reasons = ReasonModel(self)
        reasons_view = list_view(self.reasons, "lostReasons", multi=False)
        reasons_header = reasons_view.horizontalHeader()
        reasons_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        reasons_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        taps = QHBoxLayout()
        for name in ("consult", "deal"):
            taps.addWidget(self.buttons[name])
        taps.addWidget(self.lost_reason)
        taps.addWidget(lost)
        taps.addWidget(self.buttons["undo"])
        taps.addStretch(1)
        chart_box = QGroupBox(_("Conversion rate"))
        chart_layout = QVBoxLayout(chart_box)
        chart_layout.addWidget(self.span)
        chart_layout.addWidget(self.chart, 1)
        reasons_box = QGroupBox(_("Why buyers left (last 30 days)"))
        QVBoxLayout(reasons_box).addWidget(reasons_view)
        lower = QHBoxLayout()
        lower.addWidget(chart_box, 3)
        lower.addWidget(reasons_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(taps)
        layout.addWidget(self.today)
        layout.addWidget(people_view)
        layout.addLayout(lower, 1)
        self.refresher = RefreshWhenShown(self, session.bus, (changes.NOTEBOOK, changes.STAFF),
                                          self.refresh)  # fmt: skip

    def refresh(self) -> None:
        self.refresher.dirty = False
        day = targets.now().date()
        counts = service_book.day_counts(day)
        self.today.setText(
            _("Today: {consults} consultations, {deals} deals, {lost} lost — conversion {rate}")
            .format(consults=counts.consults, deals=counts.deals, lost=counts.lost,
                    rate=counts.conversion_text)
        )  # fmt: skip
        self.people.set_rows(service_book.counts_by_person(day))
        if self.span.currentData() == "week":
            self.chart.set_points(week_points(day))
        else:
            self.chart.set_points(day_points(service_book.series(day, DAYS)))
        start = day - datetime.timedelta(days=REASON_DAYS - 1)
        self.reasons.set_rows(service_book.lost_reasons(start, day))

    def tally(self, kind: str, reason: str | None = None) -> bool:
        return record_tally(self, self._session, kind, reason)
