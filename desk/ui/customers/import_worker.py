"""Long work (reading a big export, importing it, writing an export) off the GUI thread.

`run_in_worker(parent, label, fn, *args)` runs `fn` in a QThread while a window-modal
QProgressDialog shows its progress, and returns an `Outcome` once it has finished; the caller
hands the outcome to `session.bus.run_op(parent, outcome.unwrap)`, so a refusal is shown exactly
as any other service refusal and the Changes are broadcast on the GUI thread.

Why a worker thread is safe here: peewee keeps one connection per thread (`thread_safe=True`,
the default of our `SqliteDatabase`), so the worker opens its own connection to the shop file
with the same pragmas (WAL, foreign keys, busy timeout) and closes it when it is done. In WAL
mode the GUI thread can keep reading while the worker writes; the modal progress dialog keeps
the user from starting a second write meanwhile, and an accidental one would wait for the busy
timeout rather than damage anything. The service's `progress(done, total)` is called in the
worker and passed to the dialog by a queued signal; `cancel()` reads a flag that the dialog's
Cancel button sets, and the service then rolls back (nothing written).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from desk.db.connection import db
from desk.i18n import _

#: Progress is passed to the GUI at most this often (a 100,000-row import calls it per row).
PROGRESS_INTERVAL_S = 0.05
#: The dialog shows up only when the work takes longer than this.
SHOW_AFTER_MS = 300


@dataclass(frozen=True)
class Outcome:
    """What the work returned, or the exception it raised (re-raised by `unwrap`)."""

    value: Any = None
    error: BaseException | None = None

    def unwrap(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


class Worker(QThread):
    """Runs `fn(*args, **kwargs)` once; `progressed(done, total)` while it runs.

    `progress=True` passes `progress=self.report` to `fn`, `cancel=True` `cancel=self.cancelled`.
    """

    progressed = Signal(int, int)

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict, *,
                 progress: bool = False, cancel: bool = False, parent=None):  # fmt: skip
        super().__init__(parent)
        self._fn = fn
        self._args = args
        self._kwargs = dict(kwargs)
        if progress:
            self._kwargs["progress"] = self.report
        if cancel:
            self._kwargs["cancel"] = self.cancelled
        self._cancelled = threading.Event()
        self._last = 0.0
        self.outcome = Outcome()

    def cancel(self) -> None:
        self._cancelled.set()

    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def report(self, done: int, total: int) -> None:
        """The `progress` callback handed to the service (called in the worker thread)."""
        now = time.monotonic()
        if done >= total or now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            self.outcome = Outcome(value=self._fn(*self._args, **self._kwargs))
        except BaseException as exc:  # handed to the GUI thread, shown there by run_op
            self.outcome = Outcome(error=exc)
        finally:
            if not db.is_closed():  # this thread's own connection (peewee: one per thread)
                db.close()


class WorkProgress(QProgressDialog):
    """The modal progress dialog; its slots run in the GUI thread (queued from the worker)."""

    def __init__(self, label: str, cancellable: bool, parent: QWidget | None):
        super().__init__(label, _("Cancel") if cancellable else "", 0, 0, parent)
        self.setObjectName("workProgress")
        self.setWindowTitle(_("Shop Desk"))
        self.setWindowModality(
            Qt.WindowModality.WindowModal if parent else Qt.WindowModality.ApplicationModal
        )
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(380)
        self.cancel_button = None
        if cancellable:
            # Cancel only asks the work to stop: the dialog stays up ("Cancelling…") until the
            # work has rolled back, instead of hiding at once (QProgressDialog's own reaction).
            self.canceled.disconnect(self.cancel)
            self.canceled.connect(self._on_cancel_clicked)
            self.cancel_button = self.findChild(QPushButton)
        else:
            self.setCancelButton(None)
        self.setValue(0)  # (re)starts the show timer with SHOW_AFTER_MS (not Qt's 4 s default)

    def _on_cancel_clicked(self) -> None:
        self.setLabelText(_("Cancelling…"))
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(False)

    def reject(self) -> None:
        """Esc (or closing the window) cancels when the work can be cancelled; it never hides
        the dialog while the work goes on."""
        if self.cancel_button is not None and self.cancel_button.isEnabled():
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.reject()

    @Slot(int, int)
    def show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.setMaximum(total)
            self.setValue(min(done, total))

    def finish(self) -> None:
        """Close for good once the work is over (reset also stops the timer that shows it)."""
        self.reset()
        self.hide()
        self.deleteLater()


class InputBlocker(QObject):
    """Swallows clicks and keys meant for anything but the progress dialog while the work runs
    (the dialog itself only shows after SHOW_AFTER_MS: a second click on 导入 must not start a
    second import meanwhile)."""

    BLOCKED = frozenset({
        QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress, QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride, QEvent.Type.Wheel,
    })  # fmt: skip

    def __init__(self, allowed: QWidget):
        super().__init__()
        self._allowed = allowed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in self.BLOCKED or not isinstance(watched, QWidget):
            return False  # windows pass input on to their widgets, which are checked then
        if watched is self._allowed or self._allowed.isAncestorOf(watched):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # "the widget takes the key": no shortcut fires either
        return True


def run_in_worker(
    parent: QWidget | None,
    label: str,
    fn: Callable[..., Any],
    *args: Any,
    progress: bool = False,
    cancel: bool = False,
    **kwargs: Any,
) -> Outcome:
    """Run `fn` in a worker thread behind a modal progress dialog; wait for it; return the outcome.

    `progress=True` passes `progress=<callback>` to `fn`; `cancel=True` passes `cancel=<callback>`
    and gives the dialog a Cancel button (otherwise the dialog cannot be cancelled).
    """
    worker = Worker(fn, args, kwargs, progress=progress, cancel=cancel)
    dialog = WorkProgress(label, cancel, parent)
    worker.progressed.connect(dialog.show_progress)
    if cancel:
        dialog.canceled.connect(worker.cancel)
    blocker = InputBlocker(dialog)
    app = QApplication.instance()
    app.installEventFilter(blocker)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    try:
        worker.start()
        if not worker.isFinished():
            loop.exec()
        worker.wait()
    finally:
        app.removeEventFilter(blocker)
    dialog.finish()
    outcome = worker.outcome
    worker.deleteLater()
    return outcome
