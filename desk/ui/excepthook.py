"""The last line of defence: an unexpected error is logged with its traceback, and the user sees
one short sentence saying where the details are. No traceback ever reaches the user."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from desk.i18n import _
from desk.ui import messages

log = logging.getLogger("desk.crash")


class ExceptHook:
    def __init__(self, log_path: Path):
        self.log_path = Path(log_path)
        self._showing = False

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        if self._showing:  # an error while the message is open: logged, not shown twice
            return
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is None:
            print(self.message(), file=sys.stderr)
            return
        self._showing = True
        try:
            messages.critical(None, self.message(), title=_("Something went wrong"))
        finally:
            self._showing = False

    def message(self) -> str:
        return _(
            "Something went wrong. What was already saved is safe; the details were written to "
            "the log:\n{path}"
        ).format(path=self.log_path)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        log.error(
            "Unexpected error in thread %s",
            getattr(args.thread, "name", "?"),
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )


def install(log_path: Path) -> ExceptHook:
    hook = ExceptHook(log_path)
    sys.excepthook = hook
    threading.excepthook = hook.thread_hook
    return hook
