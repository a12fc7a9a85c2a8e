"""File → Back up now, File → Restore from backup, and the automatic backups."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desk.core import settings
from desk.db import backup
from desk.db.connection import APPLICATION_ID
from desk.ui import messages
from desk.ui.backup_dialog import BackupTableModel, RestoreDialog
from desk.ui.pages import index_of


def save_name(session, window, name: str) -> None:
    session.bus.run_op(window, settings.save_profile, settings.ShopProfile(shop_name=name))


def verified(path) -> bool:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return ok and conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        conn.close()


def test_back_up_now_makes_a_verified_backup(window, session, qtbot):
    save_name(session, window, "小美女装")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    made = backup.list_backups(session.path)
    assert [b.reason for b in made] == ["manual"]
    assert made[0].path.parent == session.path.parent / "backups"
    assert verified(made[0].path)
    assert made[0].path.name in window.status.currentMessage()
    assert "已备份到" in window.status.currentMessage()


def test_backup_failure_is_said_in_a_dialog(window, session, said, monkeypatch):
    def refuse(path, reason="auto"):
        raise backup.BackupError("备份失败了", path)

    monkeypatch.setattr(backup, "snapshot", refuse)
    window.file_menu.backup_action.trigger()
    assert said == [("warning", "备份失败了")]


def finish_restore_dialog(qtbot, row: int, accept: bool = True) -> list:
    """When the restore dialog opens: what it lists, then pick `row` and press Enter (or Esc)."""
    seen: list = []

    def drive():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestoreDialog):
            QTimer.singleShot(20, drive)
            return
        seen.extend(dialog.model.row_at(i) for i in range(dialog.model.rowCount()))
        dialog.table.selectRow(row)
        key = Qt.Key.Key_Return if accept else Qt.Key.Key_Escape
        qtbot.keyClick(dialog, key)

    QTimer.singleShot(0, drive)
    return seen


def test_restore_brings_back_the_profile(window, session, qtbot, monkeypatch):
    save_name(session, window, "旧名字")
    session.backup_now("manual")
    save_name(session, window, "新名字")
    page = window.show_page(index_of("settings"))
    assert page.profile_form.shop_name.text() == "新名字"

    questions = []
    monkeypatch.setattr(
        messages, "confirm", lambda parent, text, yes, title=None: questions.append(text) or True
    )
    seen = finish_restore_dialog(qtbot, 0)
    window.file_menu.restore_action.trigger()

    assert [b.reason for b in seen] == ["manual"]
    assert "替换店铺文件" in questions[0]
    assert settings.get_profile().shop_name == "旧名字"
    assert page.profile_form.shop_name.text() == "旧名字"  # the visible page refreshed
    assert window.windowTitle().startswith("旧名字")
    assert session.is_open
    reasons = [b.reason for b in backup.list_backups(session.path)]
    assert "pre-restore" in reasons  # what was there before is kept
    assert "恢复" in window.status.currentMessage()


def test_restore_cancelled_changes_nothing(window, session, qtbot, monkeypatch):
    save_name(session, window, "旧名字")
    session.backup_now("manual")
    save_name(session, window, "新名字")
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    finish_restore_dialog(qtbot, 0)
    window.file_menu.restore_action.trigger()
    assert settings.get_profile().shop_name == "新名字"

    finish_restore_dialog(qtbot, 0, accept=False)
    window.file_menu.restore_action.trigger()
    assert settings.get_profile().shop_name == "新名字"


def test_backup_list_model(qtmodeltester, session):
    session.backup_now("manual")
    session.backup_now("auto")
    dialog = RestoreDialog(backup.list_backups(session.path))
    try:
        model = dialog.model
        assert isinstance(model, BackupTableModel)
        qtmodeltester.check(model)
        assert model.rowCount() == 2
        assert model.headerData(1, Qt.Orientation.Horizontal) == "原因"
        reasons = {model.index(r, 1).data() for r in range(2)}
        assert reasons == {"手动备份", "自动备份"}
        assert dialog.selected_backup() == model.row_at(0)
    finally:
        dialog.deleteLater()


def test_no_backups_yet(qapp):
    dialog = RestoreDialog([])
    try:
        assert not dialog.restore_button.isEnabled()
        assert dialog.selected_backup() is None
    finally:
        dialog.deleteLater()


def test_automatic_backup_every_half_hour_while_changing(window, session):
    auto = session.autobackup
    assert not auto.tick()  # nothing changed
    save_name(session, window, "小美女装")
    assert auto.tick()
    assert [b.reason for b in backup.list_backups(session.path)] == ["auto"]
    save_name(session, window, "小美女装2")
    assert not auto.tick()  # less than 30 minutes since the last one
    assert auto.tick(datetime.now() + timedelta(minutes=31))
    assert "已自动备份" in window.status.currentMessage()


def test_backup_on_close_only_when_something_changed(window, session):
    window.close()
    assert backup.list_backups(session.path) == []
    window.show()
    save_name(session, window, "小美女装")
    window.close()
    assert [b.reason for b in backup.list_backups(session.path)] == ["close"]


def test_automatic_backup_failure_goes_to_the_status_bar(window, session, said, monkeypatch):
    def refuse(path, reason="auto"):
        raise backup.BackupError("磁盘满了", path)

    monkeypatch.setattr(backup, "snapshot", refuse)
    save_name(session, window, "小美女装")
    assert not session.autobackup.tick()
    assert said == []
    assert window.status.currentMessage() == "自动备份失败：磁盘满了"


def test_a_damaged_backup_is_refused_and_the_shop_stays_open(
    window, session, qtbot, monkeypatch, said
):
    save_name(session, window, "现在的店")
    folder = session.path.parent / "backups"
    folder.mkdir()
    broken = folder / f"{session.path.stem}-20260101-120000-manual.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + bytes(4000))
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    finish_restore_dialog(qtbot, 0)
    window.file_menu.restore_action.trigger()
    assert said and said[0][0] == "critical"
    assert str(broken) in said[0][1]
    assert session.is_open
    assert settings.get_profile().shop_name == "现在的店"
