"""待入账: the automatic entries proposed from paid orders, refunded returns and the label print
log, for the open days of the last weeks, with 确认入账 (all, or the selected ones)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desk.core import books
from desk.core.books import PendingEntry
from desk.core.changes import Changes
from desk.core.money import format_yuan
from desk.i18n import _
from desk.ui.widgets.list_view import list_view
from desk.ui.widgets.table_model import RIGHT, Column, RowTableModel

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

#: How far back open days are looked at for proposals.
LOOK_BACK_DAYS = 31


def pending_amount(p: PendingEntry) -> str:
    sign = "+" if p.kind == books.INCOME else "−"
    if p.action in ("update", "remove"):
        return _("{old} → {new}").format(old=format_yuan(p.old_amount_fen or 0),
                                         new=format_yuan(p.amount_fen))  # fmt: skip
    return sign + format_yuan(p.amount_fen)


def pending_what(p: PendingEntry) -> str:
    if p.action == "update":
        return _("Amount changed")
    if p.action == "remove":
        return _("Remove (order merged)")
    if p.adjusts_day is not None:
        return _("Adjusts {day}").format(day=p.adjusts_day.isoformat())
    return _("New")


def pending_columns() -> list[Column[PendingEntry]]:
    return [
        Column(_("Date"), lambda p: p.day.isoformat()),
        Column(_("Category"), lambda p: p.category_name),
        Column(_("Account"), lambda p: p.account_name),
        Column(_("Amount"), pending_amount, RIGHT),
        Column(_("Note"), lambda p: p.note),
        Column(_("Change"), pending_what),
    ]


def all_pending(today: datetime.date | None = None) -> list[PendingEntry]:
    """The proposals of every open day of the last LOOK_BACK_DAYS days, oldest day first."""
    today = today or datetime.date.today()
    found: list[PendingEntry] = []
    for back in range(LOOK_BACK_DAYS, -1, -1):  # a closed day proposes nothing
        found.extend(books.pending_entries(today - datetime.timedelta(days=back)))
    return found


def confirm_all(groups: dict[datetime.date, tuple[str, ...]],
                staff_id: int | None) -> tuple[int, Changes]:  # fmt: skip
    """Confirm the proposals of each day (the given auto keys); the total written."""
    total, done = 0, Changes()
    for day, keys in sorted(groups.items()):
        count, changed = books.confirm_pending(day, staff_id, keys)
        total += count
        done |= changed
    return total, done


class PendingPanel(QWidget):
    confirmed = Signal(int)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.setObjectName("pendingPanel")
        self.model = RowTableModel(pending_columns(), self)
        self.view = list_view(self.model, "pendingList")
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.setMaximumHeight(170)
        self.title = QLabel()
        self.title.setObjectName("pendingTitle")
        self.confirm_button = QPushButton(_("Confirm entries"))
        self.confirm_button.setObjectName("confirmPending")
        self.confirm_button.setToolTip(
            _(
                "Write the automatic entries into the ledger (the "
                "selected ones, or all when none is selected)"
            )
        )
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)

    def refresh(self) -> None:
        rows = all_pending()
        self.model.set_rows(rows)
        self.setVisible(bool(rows))
        if rows:
            self.title.setText(_("{count} automatic entries to confirm (sales, refunds, "
                                 "postage)").format(count=len(rows)))  # fmt: skip

    def count(self) -> int:
        return self.model.rowCount()

    def count_by_day(self) -> list[tuple[datetime.date, int]]:
        """(day, proposals) of each open day with proposals, oldest first."""
        counts: dict[datetime.date, int] = {}
        for r in range(self.model.rowCount()):
            day = self.model.row_at(r).day
            counts[day] = counts.get(day, 0) + 1
        return sorted(counts.items())

    def confirm(self) -> int:
        chosen = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        rows = [self.model.row_at(r) for r in chosen] or [
            self.model.row_at(r) for r in range(self.model.rowCount())
        ]
        if not rows:
            return 0
        groups: dict[datetime.date, tuple[str, ...]] = {}
        for row in rows:
            groups[row.day] = (*groups.get(row.day, ()), row.auto_key)
        result = self._session.bus.run_op(self, confirm_all, groups,
                                          self._session.desk_person_id())  # fmt: skip
        if result is None:
            return 0
        self.confirmed.emit(result[0])
        return result[0]
