"""Keys that work on every page of the main window (the 记事本 menu):

- Ctrl+Shift+P logs a problem, prefilled with the customer / order / product selected on the
  current page (pages that have a selection answer `current_context()`);
- F5 counts a consultation (接待), F6 a deal (成交), F7 a buyer lost (流失: a menu of reasons,
  keys 1–6), Ctrl+F5 takes back the last tap; each tap flashes today's counts in the status bar;
- an unread handover addressed to the person at the desk is shown first, when the window opens
  and whenever the person at the desk changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from desk.core import handovers, notebook, service_book
from desk.i18n import _
from desk.ui import messages
from desk.ui.notebook.handover_read import HandoverReadDialog
from desk.ui.today import targets
from desk.ui.notebook.problem_dialog import ProblemDialog, open_problem_dialog

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

FLASH_MS = 6000
NO_CONTEXT = (None, None, None)


class DeskKeys(QObject):
    def __init__(self, window: QMainWindow, session: ShopSession):
        super().__init__(window)
        self._window = window
        self._session = session
        self.problem_dialog: ProblemDialog | None = None
        self.reason_menu: QMenu | None = None
        self.read_dialog: HandoverReadDialog | None = None
        menu = window.menuBar().addMenu(_("&Notebook"))
        self.menu = menu
        self.actions: dict[str, QAction] = {}
        for key, text, keys, slot in (
            ("problem", _("Log a problem…"), "Ctrl+Shift+P", self.log_problem),
            ("consult", _("Count a consultation (接待)"), "F5", self.count_consult),
            ("deal", _("Count a deal (成交)"), "F6", self.count_deal),
            ("lost", _("Count a lost buyer (流失)…"), "F7", self.ask_lost_reason),
            ("undo", _("Take back the last tally"), "Ctrl+F5", self.undo_tally),
        ):
            action = menu.addAction(text)
            action.setObjectName(f"desk_{key}")
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            window.addAction(action)  # the keys work while the menu bar is hidden too
            self.actions[key] = action

    # -- problems -----------------------------------------------------------------------------
    def current_context(self) -> tuple[int | None, int | None, int | None]:
        page = getattr(self._window, "current_page", lambda: None)()
        asker = getattr(page, "current_context", None)
        if asker is None:
            return NO_CONTEXT
        try:
            return tuple(asker())  # type: ignore[return-value]
        except (AttributeError, LookupError, TypeError):
            return NO_CONTEXT

    def log_problem(self) -> ProblemDialog:
        self.problem_dialog = open_problem_dialog(
            self._session, self._window, None, self.current_context()
        )
        return self.problem_dialog

    # -- tallies ------------------------------------------------------------------------------
    def count_consult(self) -> bool:
        return self.tally(service_book.CONSULT)

    def count_deal(self) -> bool:
        return self.tally(service_book.DEAL)

    def ask_lost_reason(self) -> QMenu:
        """A menu of the reasons at the mouse (or the window's middle); its keys 1–6 choose."""
        if self.reason_menu is not None:
            self.reason_menu.deleteLater()
        menu = QMenu(self._window)
        menu.setObjectName("lostReasonMenu")
        for number, reason in enumerate(notebook.LOST_REASONS, start=1):
            action = menu.addAction(f"&{number} {notebook.lost_reason_label(reason)}")
            action.setData(reason)
            action.triggered.connect(lambda _c=False, r=reason: self.tally(service_book.LOST, r))
        self.reason_menu = menu
        where = QCursor.pos()
        if not self._window.rect().contains(self._window.mapFromGlobal(where)):
            where = self._window.mapToGlobal(self._window.rect().center() - QPoint(80, 60))
        menu.popup(where)
        return menu

    def tally(self, kind: str, reason: str | None = None) -> bool:
        return record_tally(self._window, self._session, kind, reason)

    def undo_tally(self) -> bool:
        return take_back_tally(self._window, self._session)

    # -- handovers ----------------------------------------------------------------------------
    def show_unread(self) -> HandoverReadDialog | None:
        """The newest unread handover for the person at the desk, first thing (None if none)."""
        if self.read_dialog is not None and self.read_dialog.isVisible():
            self.read_dialog.close()
        person = self._session.desk_person_id()
        if person is None or not handovers.unread_count(person):
            return None
        dialog = HandoverReadDialog(self._session, person, self._window)
        dialog.open()
        self.read_dialog = dialog
        return dialog


def _flash(parent: QWidget, head: str, person: int | None) -> None:
    counts = service_book.day_counts(targets.now().date(), person)
    text = _("{head} — today: {consults} consultations, {deals} deals, {lost} lost, "
             "conversion {rate}").format(
        head=head, consults=counts.consults, deals=counts.deals, lost=counts.lost,
        rate=counts.conversion_text,
    )  # fmt: skip
    messages.flash(parent, text, FLASH_MS)


def record_tally(
    parent: QWidget, session: ShopSession, kind: str, reason: str | None = None
) -> bool:
    """One tap for the person at the desk, then today's counts flash in the status bar."""
    person = session.desk_person_id()
    done = session.bus.run_op(parent, service_book.tally, kind, person, reason)
    if done is None:
        return False
    row = done[0]
    what = row.kind_label + (f" ({row.reason_label})" if row.reason else "")
    _flash(parent, _("{what} +1").format(what=what), person)
    return True


def take_back_tally(parent: QWidget, session: ShopSession) -> bool:
    """Remove the last tap of the person at the desk today."""
    person = session.desk_person_id()
    done = session.bus.run_op(parent, service_book.undo_last, person)
    if done is None:
        return False
    if done[0] is None:
        _flash(parent, _("Nothing to take back today."), person)
        return False
    _flash(parent, _("Taken back: {what}").format(what=done[0].kind_label), person)
    return True
