"""The main window: navigation on the left, the pages, the menus and the status bar — nothing else.

Pages are built the first time they are shown. A change of language rebuilds the window's
contents in place (menus, navigation, pages, status bar) on the page that was showing.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenuBar,
    QWidget,
)

from desk import __version__, i18n, paths
from desk.core import changes, settings
from desk.core.changes import Changes
from desk.i18n import _
from desk.ui import messages
from desk.ui.file_menu import FileMenu
from desk.ui.language import apply_language, wanted_language
from desk.ui.notebook.desk_keys import DeskKeys
from desk.ui.pages import PAGES, PageSpec, index_of
from desk.ui.session import ShopSession
from desk.ui.status_bar import ShopStatusBar
from desk.ui.widgets.lazy_stack import LazyStack
from desk.ui.widgets.page import Page

NAV_WIDTH = {"zh_CN": 188, "en": 212}  # room for the longest page name at the qss font size


def icon(name: str) -> QIcon:
    path = paths.resource_dir() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


class MainWindow(QMainWindow):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("mainWindow")
        self.resize(1180, 760)
        self.setMinimumSize(800, 520)
        session.bus.changed.connect(self._on_changes)
        session.autobackup.reported.connect(self._report)
        self._build(0)
        QTimer.singleShot(0, self.desk_keys.show_unread)  # a handover for whoever starts the app

    # -- assembly ---------------------------------------------------------------------------
    def _build(self, page_index: int) -> None:
        self.setWindowIcon(icon("app"))
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(NAV_WIDTH.get(i18n.current_language(), 212))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = LazyStack()
        for spec in PAGES:
            QListWidgetItem(icon(spec.icon), _(spec.title), self.nav)
            self.stack.add_lazy(partial(self._create_page, spec))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)  # the old contents are deleted by Qt
        if self.isVisible():
            central.show()  # at once, not queued (a rebuild of a shown window)

        self.setMenuBar(QMenuBar())
        self.file_menu = FileMenu(self, self.session, self._report)
        self._build_go_menu()
        self.desk_keys = DeskKeys(self, self.session)  # the 记事本 menu: problem, tallies
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(_("About Shop Desk"), self.show_about)
        self.status = ShopStatusBar(self.session)
        self.status.person_changed.connect(lambda _id: self.desk_keys.show_unread())
        self.setStatusBar(self.status)
        if self.isVisible():
            self.status.show()

        self.nav.currentRowChanged.connect(self.show_page)
        self.nav.setCurrentRow(page_index)
        self._update_title()

    def _build_go_menu(self) -> None:
        menu = self.menuBar().addMenu(_("&Go"))
        for index, spec in enumerate(PAGES):
            action = menu.addAction(icon(spec.icon), _(spec.title))
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(partial(self.nav.setCurrentRow, index))

    def _create_page(self, spec: PageSpec) -> Page:
        page = spec.create(self.session)
        page.setObjectName(f"page_{spec.key}")
        self.session.bus.changed.connect(page.on_changes)
        if hasattr(page, "target_requested"):  # the Today page's counts open their lists
            page.target_requested.connect(self.open_target)
        return page

    def show_page(self, index: int) -> Page:
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # comes back here through currentRowChanged
            return self.current_page()
        return self.stack.show_page(index)

    def current_page(self) -> Page:
        return self.stack.currentWidget()

    def show_page_key(self, key: str) -> Page:
        return self.show_page(index_of(key))

    def open_target(self, target) -> Page | None:
        """Show the list a Today count stands for (a desk.core.today.Target)."""
        from desk.ui.today.targets import open_target

        return open_target(self, target)

    # -- reacting to changes ----------------------------------------------------------------
    def _on_changes(self, change: Changes) -> None:
        if not change.concerns(changes.SETTINGS):
            return
        self._update_title()
        if wanted_language(self.session.config) != i18n.current_language():
            QTimer.singleShot(0, self.retranslate)

    def retranslate(self) -> None:
        """Switch to the language the shop file asks for and rebuild every text."""
        language = wanted_language(self.session.config)
        if language == i18n.current_language():
            return
        apply_language(language)
        self._build(max(self.nav.currentRow(), 0))

    def _update_title(self) -> None:
        name = settings.get_profile().shop_name
        app_name = _("Shop Desk")
        self.setWindowTitle(f"{name} — {app_name}" if name else app_name)

    def _report(self, text: str) -> None:
        self.status.report(text)

    def show_about(self) -> None:
        text = _(
            "Shop Desk {version}\n\nShop file: {path}\nData folder: {folder}\nLog file: {log}\n\n"
            "Your shop's data stays on this computer."
        ).format(
            version=__version__,
            path=self.session.path,
            folder=paths.data_dir(),
            log=paths.log_file(),
        )
        messages.about(self, text, _("About Shop Desk"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.session.autobackup.on_close()
        event.accept()
