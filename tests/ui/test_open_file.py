"""Opening another shop file from the File menu, and recovering when a file cannot be opened."""

from __future__ import annotations

import os

import pytest

from desk.core import settings
from desk.db.connection import acquire_writer_lock, open_shop
from desk.ui import file_dialogs, messages, startup
from desk.ui.config import MachineConfig


def choose(monkeypatch, *, to_open=None, new=None):
    monkeypatch.setattr(file_dialogs, "choose_shop_to_open", lambda parent, start=None: to_open)
    monkeypatch.setattr(file_dialogs, "choose_new_shop", lambda parent, start=None: new)


def random_file(path):
    path.write_bytes(os.urandom(8192))
    return path.read_bytes()


def test_a_bad_file_is_refused_untouched_and_the_current_shop_stays_open(
    window, session, tmp_path, monkeypatch, said
):
    session.bus.run_op(window, settings.save_profile, settings.ShopProfile(shop_name="当前的店"))
    current = session.path
    bad = tmp_path / "garbage.sqlite3"
    before = random_file(bad)
    choose(monkeypatch, to_open=bad)

    window.file_menu.open_action.trigger()

    assert len(said) == 1
    kind, text = said[0]
    assert kind == "critical"
    assert str(bad) in text and "不是小店工作台文件" in text
    assert bad.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("garbage")) == [
        "garbage.sqlite3"
    ]  # no -wal, -shm or lock left beside it
    assert session.path == current
    assert settings.get_profile().shop_name == "当前的店"  # the database still works
    assert str(current) in window.status.file_label.full_text()


@pytest.fixture
def other_shop(tmp_path):
    """A second shop file, made before the window's own file is opened."""
    path = tmp_path / "other" / "second.sqlite3"
    handle = open_shop(path)
    settings.save_profile(settings.ShopProfile(shop_name="第二家店"))
    handle.close()
    return path


def test_opening_another_file_switches_everything(other_shop, window, session, monkeypatch):
    first = session.path
    choose(monkeypatch, to_open=other_shop)

    window.file_menu.open_action.trigger()

    assert session.path == other_shop
    assert settings.get_profile().shop_name == "第二家店"
    assert window.windowTitle().startswith("第二家店")
    assert str(other_shop) in window.status.file_label.full_text()
    config = MachineConfig.load()
    assert config.last_file == other_shop
    assert config.recent_files[:2] == [other_shop, first]
    # the first file is free again: another program could open it now
    acquire_writer_lock(first).release()


def test_a_file_open_elsewhere_is_refused(other_shop, window, session, monkeypatch, said):
    elsewhere = acquire_writer_lock(other_shop)  # stands for another Shop Desk window
    try:
        choose(monkeypatch, to_open=other_shop)
        window.file_menu.open_action.trigger()
    finally:
        elsewhere.release()
    assert "已经在另一个小店工作台窗口" in said[0][1]
    assert session.path != other_shop
    assert settings.get_profile().shop_name == ""  # still the window's own file


def test_new_file_creates_and_opens_it(window, session, tmp_path, monkeypatch):
    new = tmp_path / "new-shop.sqlite3"
    choose(monkeypatch, new=new)
    window.file_menu.new_action.trigger()
    assert session.path == new
    assert new.exists()
    assert window.status.desk_person_name() == "店主"


def test_new_file_never_overwrites_an_existing_file(window, session, tmp_path, monkeypatch, said):
    existing = tmp_path / "taken.sqlite3"
    existing.write_bytes(b"mine")
    choose(monkeypatch, new=existing)
    window.file_menu.new_action.trigger()
    assert said[0][0] == "warning" and "已经存在" in said[0][1]
    assert existing.read_bytes() == b"mine"
    assert session.path != existing


def test_reopening_the_open_file_does_nothing(window, session, monkeypatch, said):
    choose(monkeypatch, to_open=session.path)
    window.file_menu.open_action.trigger()
    assert said == []
    assert "已经打开了" in window.status.currentMessage()


def test_startup_recovery_offers_another_file(tmp_path, monkeypatch, qapp):
    bad = tmp_path / "bad.sqlite3"
    before = random_file(bad)
    fresh = tmp_path / "fresh.sqlite3"
    asked = []

    def answer(parent, text, choices, title=None):
        asked.append((text, [label for _key, label in choices]))
        return "new"

    monkeypatch.setattr(messages, "choose", answer)
    choose(monkeypatch, new=fresh)
    handle = startup.open_or_recover(bad, create=False)
    try:
        assert handle is not None and handle.path == fresh
    finally:
        handle.close()
    text, labels = asked[0]
    assert str(bad) in text
    assert labels == ["打开其他文件…", "新建店铺文件…", "退出"]
    assert bad.read_bytes() == before


def test_startup_recovery_quit(tmp_path, monkeypatch, qapp):
    bad = tmp_path / "bad.sqlite3"
    random_file(bad)
    monkeypatch.setattr(messages, "choose", lambda *a, **k: "quit")
    assert startup.open_or_recover(bad, create=False) is None


def test_startup_recovery_asks_again_after_a_cancelled_dialog(tmp_path, monkeypatch, qapp):
    bad = tmp_path / "bad.sqlite3"
    random_file(bad)
    answers = iter(["open", "open", "quit"])
    monkeypatch.setattr(messages, "choose", lambda *a, **k: next(answers))
    choose(monkeypatch, to_open=None)  # the file dialog was cancelled twice
    assert startup.open_or_recover(bad, create=False) is None


def test_a_failed_upgrade_leaves_the_current_file_open(
    window, session, tmp_path, monkeypatch, said
):
    from desk.db import migrate

    session.bus.run_op(window, settings.save_profile, settings.ShopProfile(shop_name="当前的店"))

    def fail():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(migrate, "run_pending", fail)
    target = tmp_path / "upgrade-fails.sqlite3"
    choose(monkeypatch, new=target)
    window.file_menu.new_action.trigger()  # the database object was pointed at it, then refused
    assert "升级" in said[0][1]
    assert session.path != target
    assert settings.get_profile().shop_name == "当前的店"


def test_recent_files_menu_reopens_the_previous_file(other_shop, window, session, monkeypatch):
    first = session.path
    choose(monkeypatch, to_open=other_shop)
    window.file_menu.open_action.trigger()
    menu = window.file_menu.recent_menu
    menu.aboutToShow.emit()
    entries = [a.text() for a in menu.actions()]
    assert entries == [str(first)]  # the open file itself is not offered
    menu.actions()[0].trigger()
    assert session.path == first
    assert settings.get_profile().shop_name == ""
