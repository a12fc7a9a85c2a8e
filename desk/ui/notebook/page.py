"""记事本: the three books of the desk — 问题登记本 (problems), 服务统计本 (service tally) and
交接记录本 (handovers), one tab each. The tabs listen to the event bus themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

from desk.core import changes
from desk.i18n import _
from desk.ui.notebook.handover_tab import HandoverTab
from desk.ui.notebook.problems_tab import ProblemsTab
from desk.ui.notebook.service_tab import ServiceTab
from desk.ui.widgets.page import Page

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


class NotebookPage(Page):
    KINDS = (changes.NOTEBOOK, changes.CUSTOMERS, changes.ORDERS, changes.PRODUCTS)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Notebook"), parent)
        self._session = session
        self.problems = ProblemsTab(session)
        self.service = ServiceTab(session)
        self.handovers = HandoverTab(session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("notebookTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.problems, _("Problem book"))
        self.tabs.addTab(self.service, _("Service tally"))
        self.tabs.addTab(self.handovers, _("Handovers"))
        self.layout_.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self.problems.reload()

    def show_problems(self, open_only: bool = True) -> None:
        self.tabs.setCurrentWidget(self.problems)
        if open_only:
            self.problems.show_open()

    def show_handovers(self, unread_only: bool = True) -> None:
        self.tabs.setCurrentWidget(self.handovers)
        if unread_only:
            self.handovers.show_unread()

    def show_service(self) -> None:
        self.tabs.setCurrentWidget(self.service)
