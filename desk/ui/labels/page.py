"""打单发货: the batch of labels, the tracking-number scan list and the print log, as tabs; the
模板 button opens the label template editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget

from desk.core import changes
from desk.core.changes import Changes
from desk.i18n import _
from desk.ui.labels.batch import BatchPanel
from desk.ui.labels.print_log import PrintLogPanel
from desk.ui.labels.template_editor import TemplateEditor
from desk.ui.labels.tracking_list import TrackingPanel
from desk.ui.widgets.page import Page

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


class LabelsPage(Page):
    KINDS = (changes.ORDERS, changes.LABELS, changes.SETTINGS, changes.CUSTOMERS, changes.STAFF)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Labels & shipping"), parent)
        self._session = session
        self.batch = BatchPanel(session)
        self.tracking = TrackingPanel(session)
        self.log = PrintLogPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("labelTabs")
        self.tabs.addTab(self.batch, _("Print labels"))
        self.tabs.addTab(self.tracking, _("Tracking numbers"))
        self.tabs.addTab(self.log, _("Print log"))
        self.templates_button = QPushButton(_("Templates…"))
        self.templates_button.setObjectName("labelTemplates")
        self.templates_button.setToolTip(_("Edit label templates: fields, sizes, sticker sheets, "
                                           "the scanned form of a pre-printed waybill"))  # fmt: skip
        self.templates_button.clicked.connect(self.open_template_editor)
        self.tabs.setCornerWidget(self.templates_button, Qt.Corner.TopRightCorner)
        self.layout_.addWidget(self.tabs, 1)
        self.editor: TemplateEditor | None = None

    def open_template_editor(self) -> TemplateEditor:
        """The template editor (one at a time), on the template chosen for printing."""
        if self.editor is not None and self.editor.isVisible():
            self.editor.activateWindow()
            return self.editor
        chosen = self.batch.template.currentData()
        self.editor = TemplateEditor(self._session, chosen, self)
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor.finished.connect(self._editor_closed)
        self.editor.show()
        return self.editor

    def _editor_closed(self, _result: int = 0) -> None:
        self.editor = None

    def on_changes(self, done: Changes) -> None:
        if self.tracking.own_change and self.isVisible():
            self.batch.refresh()  # the scan list is up to date; rebuilding it would lose focus
            self.log.refresh()
            return
        super().on_changes(done)

    def refresh(self) -> None:
        self.batch.load_choices()  # templates and printers come and go
        self.batch.refresh()
        self.tracking.refresh()
        self.log.refresh()
