"""退换货: the cases (statuses with counts, search, the list, the selected case and its next
steps) and the reason analysis, as tabs. New cases are opened from an order (Orders page →
Return / exchange…); `open_for_order` is what the Orders page calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

from desk.core import changes
from desk.i18n import _
from desk.ui.returns.analysis import AnalysisPanel
from desk.ui.returns.cases_panel import CasesPanel
from desk.ui.widgets.page import Page

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


class ReturnsPage(Page):
    KINDS = (changes.RETURNS, changes.ORDERS, changes.CUSTOMERS, changes.SETTINGS)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Returns"), parent)
        self._session = session
        self.cases = CasesPanel(session)
        self.analysis = AnalysisPanel(session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("returnTabs")
        self.tabs.addTab(self.cases, _("Cases"))
        self.tabs.addTab(self.analysis, _("Reason analysis"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.layout_.addWidget(self.tabs, 1)

    def show_waiting(self) -> None:
        """The cases waiting on the shop (what Today's count opens)."""
        from desk.ui.returns.cases_panel import WAITING

        self.tabs.setCurrentWidget(self.cases)
        self.cases.search.clear()
        self.cases.set_status(WAITING)

    def refresh(self) -> None:
        if self.tabs.currentWidget() is self.analysis:
            self.analysis.refresh()
        else:
            self.cases.reload()
