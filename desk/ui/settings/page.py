"""Settings (设置) in tabs: the shop profile, the language and the people of the shop; customer
tiers; the PDF font; the returns checklist; accounts, categories and postage rates.

Save (Ctrl+S, or Enter in a field) stores the profile and the language together; a refused field
shows its message in place and nothing is stored. A new language is kept in the shop file and in
this machine's config, and the main window rebuilds its texts at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk import i18n
from desk.core import changes, customers, settings, staff
from desk.core.changes import Changes
from desk.core.settings import ShopProfile
from desk.i18n import _
from desk.ui import messages
from desk.ui.settings.books_box import BooksBox
from desk.ui.settings.customer_rules import CustomerRulesBox, save_rule_texts
from desk.ui.settings.font_box import FontBox
from desk.ui.settings.inspection_box import InspectionBox
from desk.ui.settings.profile_form import ProfileForm
from desk.ui.settings.staff_box import StaffBox
from desk.ui.widgets.page import Page

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


def save_settings(profile: ShopProfile, language: str) -> Changes:
    """Store the profile, then the language if it is new (the profile is checked first)."""
    done = settings.save_profile(profile)
    if language != settings.get_language():
        done |= settings.save_language(language)
    return done


def _scrolled(content: QWidget | QHBoxLayout) -> QScrollArea:
    """A tab's content in a scroll area: a small window scrolls instead of squeezing the boxes."""
    body = QWidget()
    body.setObjectName("settingsBody")
    layout = QVBoxLayout(body)
    layout.setContentsMargins(0, 8, 4, 0)
    if isinstance(content, QWidget):
        layout.addWidget(content)
    else:
        layout.addLayout(content)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setObjectName("settingsScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setStyleSheet("QScrollArea, QWidget#settingsBody { background: transparent; }")
    scroll.setWidget(body)
    return scroll


class SettingsPage(Page):
    KINDS = (changes.SETTINGS, changes.STAFF)

    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Settings"), parent)
        self._session = session
        self.profile_form = ProfileForm()
        self.profile_form.submitted.connect(self.save)
        self.language_box = QComboBox()
        self.language_box.setObjectName("language")
        for code, name in i18n.LANGUAGES.items():  # each language in its own words
            self.language_box.addItem(name, code)
        language_group = QGroupBox(_("Language"))
        QFormLayout(language_group).addRow(_("Language of Shop Desk"), self.language_box)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("saveSettings")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(
            QKeySequence(QKeySequence.StandardKey.Save).toString(
                QKeySequence.SequenceFormat.NativeText
            )
        )
        self.save_button.clicked.connect(self.save)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.staff_box = StaffBox()
        self.staff_box.add_requested.connect(self.add_person)
        self.staff_box.rename_requested.connect(self.rename_person)
        self.staff_box.active_requested.connect(self.set_person_active)
        self.customer_rules = CustomerRulesBox()
        self.customer_rules.save_requested.connect(self.save_customer_rules)
        self.font_box = FontBox(session)
        self.books_box = BooksBox(session)
        self.inspection_box = InspectionBox(session)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        shop = QVBoxLayout()
        shop.addWidget(self.profile_form)
        shop.addWidget(language_group)
        shop.addLayout(buttons)
        shop.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(shop, 3)
        columns.addWidget(self.staff_box, 2, Qt.AlignmentFlag.AlignTop)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.setDocumentMode(True)
        for title, content in (
            (_("Shop and people"), columns),
            (_("Customers"), self.customer_rules),
            (_("Printing"), self.font_box),
            (_("Returns"), self.inspection_box),
            (_("Books"), self.books_box),
        ):
            self.tabs.addTab(_scrolled(content), title)
        self.layout_.addWidget(self.tabs, 1)

    def show_section(self, box: QWidget) -> None:
        """Bring the tab holding `box` (one of the boxes above) to the front."""
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(box):
                self.tabs.setCurrentIndex(index)
                return

    def refresh(self) -> None:
        self.profile_form.set_profile(settings.get_profile())
        index = self.language_box.findData(i18n.current_language())
        self.language_box.setCurrentIndex(max(index, 0))
        self.staff_box.set_staff(staff.list_staff(include_inactive=True))
        self.customer_rules.set_rules(customers.get_rules())
        self.font_box.refresh()
        self.inspection_box.refresh()

    def save(self) -> bool:
        self.profile_form.clear_errors()
        language = self.language_box.currentData()
        done = self._session.bus.run_op(
            self.profile_form, save_settings, self.profile_form.profile(), language
        )
        if done is None:
            return False
        if language != self._session.config.language:
            self._session.config.language = language
        messages.flash(self, _("Settings saved."))
        return True

    def add_person(self, name: str) -> None:
        result = self._session.bus.run_op(self.staff_box, staff.add_staff, name)
        if result is not None:
            self.staff_box.added()

    def rename_person(self, staff_id: int, name: str) -> bool:
        if self._session.bus.run_op(self, staff.rename_staff, staff_id, name) is None:
            self.staff_box.set_staff(staff.list_staff(include_inactive=True))  # the old name back
            return False
        return True

    def set_person_active(self, staff_id: int, active: bool) -> bool:
        if staff_id == self._session.desk_person_id() and not active:
            messages.warning(self, _("Switch to someone else in the status bar first: this "
                                     "person is at the desk now."))  # fmt: skip
            return False
        change = staff.reactivate_staff if active else staff.deactivate_staff
        return self._session.bus.run_op(self, change, staff_id) is not None

    def save_customer_rules(self) -> bool:
        box = self.customer_rules
        box.commit_editing()
        box.clear_errors()
        tiers, days = box.texts()
        if self._session.bus.run_op(box, save_rule_texts, tiers, days) is None:
            return False
        box.set_rules(customers.get_rules(), force=True)
        messages.flash(self, _("Customer tiers saved."))
        return True
