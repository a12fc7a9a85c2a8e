"""PySide6 6.12.0 on Python 3.11 loses a reference to None per void Qt call; desk.ui guards it."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
{guard}
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(60_000):  # None starts with ~5,000 references here
    label.setText("x")
print("alive")
"""


def run(guard: str) -> subprocess.CompletedProcess:
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    return subprocess.run([sys.executable, "-c", SCRIPT.format(guard=guard)],
                          capture_output=True, text=True, env=env, timeout=120)


def test_many_void_qt_calls_do_not_abort_once_desk_ui_is_imported():
    result = run("import desk.ui")  # without it PySide6 6.12.0 on 3.11 aborts: none_dealloc
    assert result.returncode == 0, result.stderr
    assert "alive" in result.stdout
