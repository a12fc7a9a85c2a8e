"""Importing customers through the dialog: the Taobao order export (recognised by its headers)
straight to the preview, any other table through the column mapping step, a bad file refused
with a Chinese message, blocking row problems that keep 导入 disabled, importing the same file
twice, and cancelling a running import (nothing written)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desk.core import customer_import, customers
from desk.models import Customer, ImportedOrder, Order
from desk.ui.customers import import_dialog, import_worker
from desk.ui.customers.import_dialog import CustomerImportDialog, run_import_dialog
from desk.ui.customers.import_worker import WorkProgress, run_in_worker
from tests.fixtures.make_taobao_export import make_taobao_export

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "taobao_orders.csv"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def open_dialog(parent, session, monkeypatch, path) -> CustomerImportDialog | None:
    monkeypatch.setattr(import_dialog, "choose_import_file", lambda _parent: path)
    run_import_dialog(parent, session)
    return parent.findChild(CustomerImportDialog)


def live_customers() -> int:
    return Customer.select().where(Customer.merged_into.is_null()).count()


def test_a_taobao_export_goes_straight_to_the_preview_and_imports(
    parent, session, qtbot, monkeypatch, said
):
    dialog = open_dialog(parent, session, monkeypatch, FIXTURE)
    assert dialog is not None and dialog.isVisible()
    assert dialog.stack.currentWidget() is dialog.preview_page  # no mapping step
    preview = dialog.preview
    assert preview.source == "taobao" and preview.ok
    page = dialog.preview_page
    assert page.source.text() == "淘宝订单报表"
    counts = page.counts.text()
    assert f"新建 {preview.creates} 位" in counts and f"新订单 {preview.orders_new} 笔" in counts
    assert preview.creates > 0 and preview.orders_new > 0
    # the formula-looking 买家留言 is told, but does not block
    assert page.problems.rowCount() == len(preview.problems) >= 1
    assert not any(p.blocking for p in preview.problems)
    assert page.problems.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert dialog.import_button.isEnabled()

    vip = customers.group_by_key("vip")
    page.group.setCurrentIndex(page.group.findData(vip.id))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert said and said[-1][0] == "information"
    assert f"新建 {preview.creates} 位客户" in said[-1][1]
    assert not dialog.isVisible()
    assert live_customers() == preview.creates
    zhang = customers.get_customer(customers.find_by_nick("tb_zhang"))
    assert zhang.name == "张小花" and [p.phone for p in zhang.phones] == ["13812345678"]
    assert zhang.draft.addresses[0].district == "西湖区"
    assert "vip" in {g.key for g in zhang.groups}  # 同时加入分组
    assert customers.count_customers("", customers.VIEW_GROUP, vip.id) == preview.creates
    counted = Order.select().count()  # every order of the file is an Order now
    assert counted == preview.orders_new == len(preview.buyers)
    assert not ImportedOrder.select().exists()

    # the same file again: nothing new, nothing counted twice
    again = open_dialog(parent, session, monkeypatch, FIXTURE)
    assert again.preview.creates == 0 and again.preview.orders_new == 0
    assert again.preview.orders_known == counted
    assert "新建 0 位" in again.preview_page.counts.text()
    qtbot.mouseClick(again.import_button, Qt.MouseButton.LeftButton)
    assert live_customers() == preview.creates and Order.select().count() == counted


@pytest.mark.parametrize(
    "name, content",
    [
        ("orders.csv", b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 40),  # a picture renamed
        ("orders.csv", FIXTURE.read_bytes().decode("gb18030").encode("utf-16")),  # re-saved
        ("orders.xlsx", b"PK\x03\x04 not really a workbook"),
        ("orders.csv", b""),
    ],
)
def test_a_bad_file_is_told_in_chinese_and_nothing_is_written(
    parent, session, monkeypatch, tmp_path, said, name, content
):
    path = tmp_path / name
    path.write_bytes(content)
    assert open_dialog(parent, session, monkeypatch, path) is None
    assert len(said) == 1 and said[0][0] == "warning"
    assert CHINESE.search(said[0][1]) and name in said[0][1]
    assert live_customers() == 0


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    return path


def test_the_mapping_step_for_any_table(parent, session, qtbot, monkeypatch, tmp_path, said):
    path = write_csv(tmp_path / "客户名单.csv", [
        "客户名字,手机号,收货地址,备注",
        "张三,13812345678,浙江省杭州市西湖区文三路100号,穿M码",
        "李四,139 0000 1111,上海市浦东新区世纪大道1号,",
    ])  # fmt: skip
    dialog = open_dialog(parent, session, monkeypatch, path)
    assert dialog.stack.currentWidget() is dialog.mapping_page
    mapping = dialog.mapping_page
    assert not dialog.import_button.isVisible() and dialog.next_button.isVisible()
    # the guesses from the headers; 客户名字 is not one we know
    assert mapping.mapping() == {"phone": 1, "full_address": 2, "notes": 3}
    assert mapping.combos["name"].currentText() == "（不导入）"
    assert mapping.combos["phone"].currentText() == "B · 手机号"
    samples = mapping.samples
    assert samples.rowCount() == 2 and samples.item(0, 0).text() == "张三"
    assert samples.verticalHeaderItem(0).text() == "2"  # the line as in the file

    combo = mapping.combos["name"]
    combo.setCurrentIndex(combo.findData(0))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget() is dialog.preview_page
    assert dialog.preview.source == "table" and dialog.preview.creates == 2
    assert dialog.preview_page.source.text() == "表格（按你选的列）"
    assert dialog.back_button.isVisible()
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget() is dialog.mapping_page
    assert mapping.mapping()["name"] == 0  # the choice is kept
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    [zhang] = customers.find_by_phone("13812345678")
    detail = customers.get_customer(zhang)
    assert detail.name == "张三" and detail.draft.notes == "穿M码"
    address = detail.draft.addresses[0]
    assert (address.province, address.city, address.district) == ("浙江省", "杭州市", "西湖区")
    assert customers.get_customer(customers.find_by_phone("13900001111")[0]).name == "李四"
    assert said[-1][0] == "information" and "新建 2 位客户" in said[-1][1]


def test_a_blocking_row_problem_keeps_import_disabled(
    parent, session, qtbot, monkeypatch, tmp_path
):
    path = write_csv(tmp_path / "客户.csv", [
        "姓名,手机",
        "张三,13812345678",
        "李四,138abc5678",
    ])  # fmt: skip
    dialog = open_dialog(parent, session, monkeypatch, path)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)  # the guesses are right
    preview = dialog.preview
    assert not preview.ok
    page = dialog.preview_page
    assert page.tabs.currentWidget() is page.problems_view
    row = [page.problems.index(0, c).data() for c in range(3)]
    assert row[:2] == ["3", "手机"] and "138abc5678" in row[2]
    red = page.problems.index(0, 2).data(Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color().name() == "#d93025"
    assert "1 个红色的问题" in page.hint.text()
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    dialog.apply()  # even called directly: refused
    assert live_customers() == 0

    # fixed in the file and checked again (Ctrl+R): now it can go in
    write_csv(path, ["姓名,手机", "张三,13812345678", "李四,13812345679"])
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert dialog.preview.ok and dialog.import_button.isEnabled()


def test_cancelling_a_running_import_writes_nothing(
    parent, session, qtbot, monkeypatch, tmp_path, said
):
    path = make_taobao_export(tmp_path / "big.csv", 4000, seed=3)
    monkeypatch.setattr(import_worker, "SHOW_AFTER_MS", 0)
    dialog = open_dialog(parent, session, monkeypatch, path)
    assert dialog.preview.ok and dialog.preview.creates > 100
    pressed = []

    def press_cancel():
        progress = QApplication.activeModalWidget()
        if isinstance(progress, WorkProgress) and progress.isVisible():
            pressed.append(progress.labelText())
            qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
            assert progress.labelText() == "正在取消…" and progress.isVisible()
        else:
            QTimer.singleShot(5, press_cancel)

    QTimer.singleShot(0, press_cancel)
    dialog.apply()
    assert pressed == ["正在导入客户…"]
    assert said == [("warning", customer_import.ImportCancelled().message)]
    assert live_customers() == 0 and ImportedOrder.select().count() == 0
    assert dialog.isVisible()  # the preview stays, to try again


def test_the_work_runs_off_the_gui_thread_with_progress(parent, qtbot):
    seen = {}

    def work(count, *, progress, cancel):
        seen["thread"] = threading.current_thread()
        for done in range(count + 1):
            progress(done, count)
        return "finished"

    outcome = run_in_worker(parent, "…", work, 5000, progress=True, cancel=True)
    assert outcome.unwrap() == "finished"
    assert seen["thread"] is not threading.main_thread()

    def failing():
        raise customer_import.ImportFileError("坏文件")

    outcome = run_in_worker(parent, "…", failing)
    with pytest.raises(customer_import.ImportFileError):
        outcome.unwrap()


def test_clicks_elsewhere_wait_while_the_work_runs_and_esc_cancels(parent, qtbot, monkeypatch):
    """Before the progress dialog shows, a second click on 导入 must not start a second import."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    monkeypatch.setattr(import_worker, "SHOW_AFTER_MS", 100)
    button = QPushButton("导入", parent)
    QVBoxLayout(parent).addWidget(button)
    clicks = []
    button.clicked.connect(lambda: clicks.append(1))
    started = threading.Event()

    def work(*, cancel):
        started.set()
        while not cancel():
            threading.Event().wait(0.01)
        return "stopped"

    def click_then_escape():
        if not started.is_set():
            QTimer.singleShot(5, click_then_escape)
            return
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # swallowed
        wait_for_dialog()

    def wait_for_dialog():
        progress = QApplication.activeModalWidget()
        if isinstance(progress, WorkProgress) and progress.isVisible():
            qtbot.keyClick(progress, Qt.Key.Key_Escape)
        else:
            QTimer.singleShot(5, wait_for_dialog)

    QTimer.singleShot(0, click_then_escape)
    assert run_in_worker(parent, "…", work, cancel=True).unwrap() == "stopped"
    assert clicks == []
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert clicks == [1]  # and afterwards the window works again
