"""Products from and to Excel through the dialogs: the preview with row errors, fixing the file
and checking again, GB18030 CSV, refused files, and an export whose 货号 stays text."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desk.core import products, variants
from desk.core.products import ProductDraft, create_product
from desk.ui.products import io_dialogs
from desk.ui.products.io_dialogs import ImportDialog, export_products, open_import_dialog

HEADERS = ["货号", "名称", "分类", "价格", "颜色", "尺码", "库存"]


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    for cell in sheet["A"]:
        cell.number_format = "@"
    book.save(path)
    return path


GOOD = [
    ["0012", "碎花连衣裙", "连衣裙", 129.9, "红色", "M", 5],
    ["0012", None, None, None, "红色", "L", 3],
    ["B-201", "高腰半身裙", "半身裙", 89, "黑色", "S", 2],
]
BAD_PRICE = ["C-300", "针织开衫", "外套", "一百", "米色", "M", 1]


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def open_preview(parent, session, monkeypatch, path) -> ImportDialog | None:
    monkeypatch.setattr(io_dialogs, "choose_import_file", lambda _parent: path)
    open_import_dialog(parent, session)
    return parent.findChild(ImportDialog)


def codes() -> list[str]:
    return [p.code for p in products.search_products()]


def test_row_errors_block_the_import_until_the_file_is_fixed(
    parent, session, qtbot, monkeypatch, tmp_path, said
):
    path = write_xlsx(tmp_path / "products.xlsx", GOOD[:2] + [BAD_PRICE] + GOOD[2:])
    dialog = open_preview(parent, session, monkeypatch, path)
    assert dialog is not None and dialog.isVisible()
    assert len(dialog.preview.creates) == 2
    assert "2" in dialog.summary.text()
    assert dialog.errors_model.rowCount() == 1
    error = dialog.errors_model.row_at(0)
    assert (error.row, error.column) == (4, "价格")
    shown = [dialog.errors_model.index(0, c).data() for c in range(3)]
    assert shown[:2] == ["4", "价格"]
    assert not shown[2].startswith("第")  # the row is in its own column
    assert dialog.tabs.currentWidget() is dialog.errors_view
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert codes() == []  # nothing written

    fixed = [*BAD_PRICE[:3], 239, *BAD_PRICE[4:]]
    write_xlsx(path, GOOD[:2] + [fixed] + GOOD[2:])
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # check again
    assert dialog.errors_model.rowCount() == 0
    assert len(dialog.preview.creates) == 3
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert codes() == ["0012", "B-201", "C-300"]
    dress = products.get_product(products.search_products("0012")[0].id)
    assert dress.name == "碎花连衣裙" and dress.draft.price_fen == 12990
    assert {(v.color, v.size, v.stock) for v in dress.variants} == {("红色", "M", 5),
                                                                  ("红色", "L", 3)}  # fmt: skip
    assert said and said[-1][0] == "information" and "3" in said[-1][1]
    assert not dialog.isVisible()


def test_a_gb18030_csv_imports(parent, session, qtbot, monkeypatch, tmp_path, said):
    path = tmp_path / "商品.csv"
    lines = [",".join(HEADERS), "T-01,纯棉短袖T恤,上衣,59,白色,XL,12"]
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    dialog = open_preview(parent, session, monkeypatch, path)
    assert dialog.errors_model.rowCount() == 0
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)  # 导入 is the default button
    [row] = products.search_products("T-01")
    assert row.name == "纯棉短袖T恤"
    assert [(v.color, v.size, v.stock) for v in variants.list_variants(row.id)] == [
        ("白色", "XL", 12)
    ]


def test_wrong_columns_are_listed_and_nothing_can_be_imported(
    parent, session, monkeypatch, tmp_path
):
    book = openpyxl.Workbook()
    book.active.append(["编号", "名称"])
    book.active.append(["A1", "衬衫"])
    book.save(tmp_path / "wrong.xlsx")
    dialog = open_preview(parent, session, monkeypatch, tmp_path / "wrong.xlsx")
    messages = [
        dialog.errors_model.row_at(i).message for i in range(dialog.errors_model.rowCount())
    ]
    assert any("编号" in m for m in messages)
    assert not dialog.import_button.isEnabled()


def test_a_file_that_is_not_a_spreadsheet_shows_the_service_message(
    parent, session, monkeypatch, tmp_path, said
):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert open_preview(parent, session, monkeypatch, path) is None
    assert said == [("warning", "photo.png 不是 Excel 文件（.xlsx）或 CSV 文件。")]


def test_cancelling_the_file_choice_does_nothing(parent, session, monkeypatch, said):
    assert open_preview(parent, session, monkeypatch, None) is None
    assert said == []


def test_export_keeps_the_item_code_as_text(parent, session, monkeypatch, tmp_path, said):
    detail, _c = create_product(ProductDraft(code="0012", name="碎花连衣裙", price_fen=12990))
    variants.set_grid(detail.id, ["红色"], ["M", "L"])
    target = tmp_path / "导出.xlsx"
    monkeypatch.setattr(io_dialogs, "choose_export_file", lambda _parent: target)
    export_products(parent, session)

    sheet = openpyxl.load_workbook(target).active
    header = [c.value for c in sheet[1]]
    code = sheet.cell(row=2, column=header.index("货号") + 1)
    assert code.value == "0012" and code.data_type == "s"
    assert sheet.max_row == 3  # the header and two variants
    assert said[-1][0] == "information" and str(target) in said[-1][1]


def test_export_with_no_products_says_so(parent, session, monkeypatch, said):
    monkeypatch.setattr(io_dialogs, "choose_export_file", pytest.fail)
    export_products(parent, session)
    assert [kind for kind, _text in said] == ["information"]
