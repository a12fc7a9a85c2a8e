"""Fixtures shared by the demo tests that read one small demo shop: `demo` (built once per test
session), `conn` (a plain sqlite3 connection to it) and `opened` (a copy opened as the app opens
it, for the services). tests/core/conftest.py makes them available to every core test module (a module may define its own `demo`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desk.core.demo import build_demo
from desk.db.connection import db, open_shop
from tests.core.test_demo import SMALL, connect


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    build_demo(path, seed=7, **SMALL)
    assert db.is_closed()
    return path


@pytest.fixture
def conn(demo):
    connection = connect(demo)
    yield connection
    connection.close()


@pytest.fixture
def opened(demo, tmp_path):
    """A copy of the demo file, opened as the app opens it (the services read it)."""
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(demo) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    source.close()
    target.close()
    shop = open_shop(copy)
    yield copy
    shop.close()
