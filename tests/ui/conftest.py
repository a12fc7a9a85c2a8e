"""UI fixtures: a session on a fresh shop file, and a main window built on it (not the whole app)."""

from __future__ import annotations

import pytest

from desk.db.connection import db, open_shop
from desk.ui.config import MachineConfig
from desk.ui.language import apply_language, wanted_language
from desk.ui.session import ShopSession


@pytest.fixture
def config():
    return MachineConfig.load()


@pytest.fixture
def session(shop_path, config, qapp):
    """An open shop file with its event bus and auto-backup, in the language it asks for."""
    handle = open_shop(shop_path)
    session = ShopSession(handle, config)
    apply_language(wanted_language(config))
    yield session
    session.close()
    assert db.is_closed()


@pytest.fixture
def window(qtbot, session):
    from desk.ui.main_window import MainWindow

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.fixture
def said(monkeypatch):
    """What the app would have told the user in a message box: [(kind, text), …]."""
    from desk.ui import messages

    told: list[tuple[str, str]] = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(
            messages, kind, lambda parent, text, title=None, kind=kind: told.append((kind, text))
        )
    return told


#: Qt says once, when the application object is made, that the C locale (forced by the top
#: conftest, to prove the UI is Chinese whatever the locale) is not UTF-8. That is the premise of
#: these tests, not a fault.
C_LOCALE_NOTICE = r'Detected locale "C" with character encoding'
#: The offscreen platform cannot pass a dialog's size hints on to a window manager it lacks.
OFFSCREEN_NOTICE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(C_LOCALE_NOTICE, OFFSCREEN_NOTICE))


def type_text(qtbot, widget, text: str) -> None:
    """Type `text` into `widget` as a user would: Latin keys, and Chinese through the input method
    (a commit string, as from Pinyin input) — QTest cannot press keys for Chinese characters."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def show_active(qtbot, widget, width: int, height: int):
    """Show `widget` at a usable size as the active window (shortcuts and focus need that)."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.fixture
def page(qtbot, session):
    """The product handbook page, shown and active, listening to the bus."""
    from desk.ui.products.page import ProductsPage

    page = ProductsPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1100, 700)


@pytest.fixture
def clipboard(qapp):
    from PySide6.QtGui import QGuiApplication

    board = QGuiApplication.clipboard()
    board.setText("before")
    return board
