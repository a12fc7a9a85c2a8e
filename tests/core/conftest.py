"""Fixtures for tests/core (the shared ones, `shop` and `shop_path`, are in tests/conftest.py)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from desk.db import connection


@pytest.fixture
def migrations_with(tmp_path, monkeypatch):
    """Point the app at a migrations folder holding the real files plus a test's own one.

    `migrations_with(body, name="0099_test")` writes `body` as `<name>.py` there; a test
    simulates a later version of Shop Desk this way. `monkeypatch.undo()` goes back.
    """

    def make(body: str, name: str = "0099_test") -> Path:
        folder = tmp_path / "migrations"
        if not folder.exists():
            shutil.copytree(
                connection.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__py*")
            )
        (folder / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")
        monkeypatch.setattr(connection, "MIGRATIONS_DIR", folder)
        return folder

    return make


# the small demo shop the demo tests read (built once per session): demo, conn, opened
from tests.core.demo_support import conn, demo, opened  # noqa: E402, F401
