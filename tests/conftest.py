"""Shared fixtures. Every test runs with its own data folder and, where it asks, its own shop file.

Qt runs offscreen and in Simplified Chinese unless a test says otherwise; the system locale is
forced to C so that "Chinese by default whatever the locale" is what every run checks.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANG"] = "C"
os.environ["LC_ALL"] = "C"
os.environ.pop("LANGUAGE", None)

import pytest

from desk import i18n
from desk.db.connection import db, open_shop


@pytest.fixture(autouse=True)
def _data_home(tmp_path_factory, monkeypatch):
    """A fresh data folder (config, log, default shop file) for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SHOP_DESK_HOME", str(home))
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    yield home
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def shop_path(tmp_path):
    return tmp_path / "shop.sqlite3"


@pytest.fixture
def shop(shop_path):
    """A new, migrated shop file, open and locked for this test; closed afterwards."""
    handle = open_shop(shop_path)
    yield handle
    handle.close()
    assert db.is_closed()
