"""An unexpected error: the traceback goes to the log, the user gets one short sentence."""

from __future__ import annotations

import logging
import sys

from desk.app import setup_logging
from desk.ui import excepthook, messages


def test_unexpected_error_is_logged_and_said_briefly(monkeypatch, qapp):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    told = []
    monkeypatch.setattr(
        messages, "critical", lambda parent, text, title=None: told.append((title, text))
    )
    root = logging.getLogger()
    handlers = list(root.handlers)
    try:
        log_path = setup_logging()
        hook = excepthook.install(log_path)
        assert sys.excepthook is hook
        try:
            {}["no such key"]
        except KeyError:
            sys.excepthook(*sys.exc_info())
    finally:
        for handler in root.handlers[len(handlers) :]:
            handler.close()
            root.removeHandler(handler)

    title, text = told[0]
    assert title == "出错了"
    assert text.startswith("出错了。")
    assert str(log_path) in text
    assert "Traceback" not in text and "KeyError" not in text
    logged = log_path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "KeyError: 'no such key'" in logged


def test_an_error_while_the_message_is_open_is_logged_not_shown_twice(tmp_path, monkeypatch, qapp):
    hook = excepthook.ExceptHook(tmp_path / "log.txt")
    shown = []

    def show(parent, text, title=None):
        shown.append(text)
        hook(ValueError, ValueError("again"), None)  # e.g. a repaint fails behind the box

    monkeypatch.setattr(messages, "critical", show)
    hook(ValueError, ValueError("first"), None)
    assert len(shown) == 1
