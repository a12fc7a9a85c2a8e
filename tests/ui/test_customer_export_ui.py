"""Exporting customers and the SMS list through the dialogs: the privacy question comes first,
the xlsx keeps phones and postcodes as text (or masked, when asked), a file that cannot be
written is told in Chinese, and the SMS message has a live 70-character counter."""

from __future__ import annotations

import csv
import re

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desk.core import customers
from desk.core.customers import AddressDraft, CustomerDraft
from desk.ui import messages
from desk.ui.customers import export_dialog, sms_dialog
from desk.ui.customers.export_dialog import PrivacyDialog, run_export_dialog
from desk.ui.customers.sms_dialog import SmsDialog, run_sms_dialog
from tests.ui.conftest import type_text

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def when_modal(handle, kind):
    """Run `handle(dialog)` as soon as a modal dialog of class `kind` is shown."""
    seen = []

    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            try:
                handle(dialog)
            finally:  # a failed check must not leave the test waiting on an open dialog
                if dialog.isVisible():
                    dialog.reject()
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def people(session):
    """Three customers: one with a leading-zero postcode, one without any phone, one blacklisted."""
    blacklist = customers.group_by_key("blacklist").id
    made = []
    for draft in (
        CustomerDraft(name="张三", nick="zs", phones=("13812345678",),
                      addresses=(AddressDraft("张三", "13812345678", "内蒙古自治区", "呼和浩特市",
                                              "新城区", "新华大街1号", "010020"),)),
        CustomerDraft(name="", nick="只有旺旺的买家"),
        CustomerDraft(name="欧阳娜娜", phones=("13900001111",), group_ids=(blacklist,)),
        CustomerDraft(name="李四", phones=("0571-88886666", "13700003333")),
    ):  # fmt: skip
        detail, _c = customers.create_customer(draft)
        made.append(detail.id)
    return made


def test_export_asks_first_then_writes_the_xlsx_with_text_phones(
    parent, session, people, monkeypatch, tmp_path, said
):
    target = tmp_path / "客户.xlsx"
    chosen = []
    monkeypatch.setattr(export_dialog, "choose_export_file",
                        lambda _parent, suggested: chosen.append(suggested) or target)  # fmt: skip
    asked = []

    def agree(dialog: PrivacyDialog):
        asked.append(dialog.text.text())
        assert not chosen  # asked before the file is chosen
        dialog.ok_button.click()

    when_modal(agree, PrivacyDialog)
    run_export_dialog(parent, session, people, "VIP")
    assert asked == ["导出的文件包含 4 位客户的手机号和地址，请妥善保管，不要发给别人。"]
    assert chosen and chosen[0].startswith("客户-VIP-") and chosen[0].endswith(".xlsx")

    sheet = openpyxl.load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 1 + 4
    flat = {v for row in values for v in row}
    assert "13812345678" in flat and "010020" in flat  # text, not 13812345678.0 or 10020
    phone_cell = next(c for row in sheet.iter_rows() for c in row if c.value == "13812345678")
    assert phone_cell.data_type == "s"
    assert said == [("information", f"已把 4 位客户导出到 {target}。")]


def test_masked_export(parent, session, people, monkeypatch, tmp_path, said):
    target = tmp_path / "客户.csv"
    monkeypatch.setattr(export_dialog, "choose_export_file", lambda _parent, _name: target)

    def mask_and_agree(dialog: PrivacyDialog):
        dialog.masked.click()
        dialog.ok_button.click()

    when_modal(mask_and_agree, PrivacyDialog)
    run_export_dialog(parent, session, people, "搜索结果")
    text = target.read_text(encoding="utf-8-sig")
    assert "138****5678" in text and "13812345678" not in text


def test_saying_no_writes_nothing_and_asks_for_no_file(
    parent, session, people, monkeypatch, tmp_path, said
):
    monkeypatch.setattr(export_dialog, "choose_export_file",
                        lambda *_a: pytest.fail("no file should be asked for"))  # fmt: skip
    when_modal(lambda dialog: dialog.reject(), PrivacyDialog)
    run_export_dialog(parent, session, people, "VIP")
    assert said == []
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".csv")]


def test_nothing_to_export_and_an_unwritable_folder_are_told(
    parent, session, people, monkeypatch, tmp_path, said
):
    run_export_dialog(parent, session, [], "VIP")
    assert said == [("information", "这里没有可以导出的客户。")]

    missing = tmp_path / "没有这个文件夹" / "客户.xlsx"
    monkeypatch.setattr(export_dialog, "choose_export_file", lambda _parent, _name: missing)
    when_modal(lambda dialog: dialog.ok_button.click(), PrivacyDialog)
    run_export_dialog(parent, session, people, "VIP")
    assert said[-1][0] == "warning" and CHINESE.search(said[-1][1])
    assert not missing.parent.exists()


def test_file_names_from_the_filter():
    assert export_dialog.with_suffix("/tmp/a", "CSV 文件 (*.csv)").name == "a.csv"
    assert export_dialog.with_suffix("/tmp/a", "Excel 文件 (*.xlsx)").name == "a.xlsx"
    assert export_dialog.with_suffix("/tmp/a.CSV", "Excel 文件 (*.xlsx)").name == "a.CSV"
    assert export_dialog.safe_file_name("VIP/老客户: 春季?") == "VIP-老客户-春季"


# -- the SMS list --------------------------------------------------------------------------------


@pytest.fixture
def sms(qtbot, parent, session, people):
    run_sms_dialog(parent, session, people)
    dialog = parent.findChild(SmsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_counter_follows_the_typing_with_the_longest_name(sms, qtbot):
    # 张三 and 李四 get it; no mobile (旺旺 only) and the blacklisted one are left out
    assert "名单共 2 个手机号" in sms.recipients_label.text()
    assert "另有 2 位客户不在名单里" in sms.recipients_label.text()
    assert sms.counter.text() == "已输入 0 / 70 字"
    type_text(qtbot, sms.message, "新款到了")
    assert sms.counter.text() == "已输入 4 / 70 字"
    qtbot.mouseClick(sms.insert_name, Qt.MouseButton.LeftButton)  # {name}: the longest is 2
    assert sms.message.toPlainText() == "新款到了{name}"
    assert sms.counter.text() == "已输入 6 / 70 字"
    assert "red" not in sms.counter.styleSheet() and "#d93025" not in sms.counter.styleSheet()
    # the first recipients, masked, each with their own message
    rows = [[sms.table.item(r, c).text() for c in range(3)] for r in range(sms.table.rowCount())]
    assert rows == [
        ["张三", "138****5678", "新款到了张三"],
        ["李四", "137****3333", "新款到了李四"],
    ]

    sms.message.setPlainText("亲" * 69 + "{name}")
    assert sms.counter.text() == "已输入 71 / 70 字"
    assert "#d93025" in sms.counter.styleSheet()  # red over 70


def test_saving_the_list_asks_about_privacy_first(sms, qtbot, monkeypatch, tmp_path, said):
    target = tmp_path / "名单.csv"
    monkeypatch.setattr(sms_dialog, "choose_sms_file", lambda _parent, _name: target)
    qtbot.mouseClick(sms.save_button, Qt.MouseButton.LeftButton)
    assert said == [("warning", "请先写短信内容。")] and not target.exists()

    type_text(qtbot, sms.message, "{name}")
    type_text(qtbot, sms.message, "您好，新款到了，回T退订")
    asked = []

    def agree(dialog: PrivacyDialog):
        asked.append(dialog.text.text())
        assert not dialog.masked.isVisible()
        dialog.ok_button.click()

    when_modal(agree, PrivacyDialog)
    qtbot.mouseClick(sms.save_button, Qt.MouseButton.LeftButton)
    assert asked == ["名单包含 2 位客户的手机号，请妥善保管，不要发给别人。"]
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1:] == [["13812345678", "张三", "张三您好，新款到了，回T退订"],
                        ["13700003333", "李四", "李四您好，新款到了，回T退订"]]  # fmt: skip
    assert said[-1] == ("information", f"已把 2 个手机号保存到 {target}。")
    assert not sms.isVisible()


def test_over_70_asks_before_saving(sms, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(sms_dialog, "choose_sms_file",
                        lambda *_a: pytest.fail("no file after saying no"))  # fmt: skip
    questions = []
    monkeypatch.setattr(messages, "confirm",
                        lambda _p, text, _yes, title=None: questions.append(text) and False)  # fmt: skip
    sms.message.setPlainText("亲" * 80)
    qtbot.mouseClick(sms.save_button, Qt.MouseButton.LeftButton)
    assert questions and "80" in questions[0]
    assert sms.isVisible()
