"""The label template editor driven as the shop uses it: open it from the 打单发货 page, copy a
built-in, move a field by typing millimetres, save (the JSON in the shop file, and a printed label
with the field where it was put), drag a field off the label (refused, naming it), switch a field
off, load a scanned form (a file that is not an image is refused)."""

from __future__ import annotations

import io
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from pypdf import PdfReader

from desk.core import labels
from desk.models import LabelTemplate
from desk.pdf.label_spec import field_caption
from desk.ui.labels import template_editor as editor_module
from tests.core.orders_support import build_shop, order_in_status
from tests.ui.conftest import show_active

MM = 72 / 25.4
RECEIVER = "司马相如"


@pytest.fixture
def order(session):
    return order_in_status(build_shop(), "confirmed", receiver=RECEIVER)


@pytest.fixture
def labels_page(qtbot, session, order):
    from desk.ui.labels.page import LabelsPage

    page = LabelsPage(session)
    session.bus.changed.connect(page.on_changes)
    return show_active(qtbot, page, 1300, 800)


@pytest.fixture
def editor(qtbot, labels_page, monkeypatch):
    """The editor opened with the 模板 button, the template 76×130 chosen for printing."""
    batch = labels_page.batch
    batch.template.setCurrentIndex(batch.template.findData("thermal-76x130"))
    qtbot.mouseClick(labels_page.templates_button, Qt.MouseButton.LeftButton)
    dialog = labels_page.editor
    assert dialog is not None
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.dirty = False
    dialog.close()


def copy_builtin(qtbot, editor, monkeypatch, name: str = "zto-76") -> None:
    monkeypatch.setattr(editor_module, "ask_template_name", lambda parent, suggestion: name)
    qtbot.mouseClick(editor.copy_button, Qt.MouseButton.LeftButton)
    assert editor.info.name == name and not editor.info.builtin


def row_of(editor, key: str) -> int:
    return next(r for r, row in enumerate(editor.fields.rows) if row.field.key == key)


def type_mm(qtbot, box, value: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    QTest.keyClicks(box.lineEdit(), value)
    QTest.keyClick(box.lineEdit(), Qt.Key.Key_Return)


def switch(editor, r: int) -> None:
    """Tick or untick the row's box with the keyboard (Space on the tick column)."""
    table = editor.fields.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(r, 0))
    QTest.keyClick(table.viewport(), Qt.Key.Key_Space)


def stored(name: str) -> dict:
    return json.loads(LabelTemplate.get(LabelTemplate.name == name).spec)


def receiver_at(pdf: bytes) -> tuple[float, float]:
    """(x mm from the left, baseline mm from the top) of the receiver's name on the label."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, _font, _size):
        if RECEIVER in text:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x / MM, (height - y) / MM))

    page.extract_text(visitor_text=visit)
    return found[0]


def test_a_builtin_is_read_only_until_copied(qtbot, editor, monkeypatch):
    assert editor.info.name == "thermal-76x130" and editor.info.builtin
    assert not editor.save_button.isEnabled() and not editor.fields.form.isEnabled()
    before = LabelTemplate.get(LabelTemplate.name == "thermal-76x130").spec
    assert not editor.save()
    assert not editor.canvas.preview.pixmap().isNull()  # the sample label, really rendered
    copy_builtin(qtbot, editor, monkeypatch)
    assert editor.save_button.isEnabled() and editor.fields.form.isEnabled()
    assert "zto-76" in editor.names()
    assert LabelTemplate.get(LabelTemplate.name == "thermal-76x130").spec == before
    assert not LabelTemplate.get(LabelTemplate.name == "zto-76").builtin


def test_move_a_field_by_typing_mm_save_and_print_it_there(qtbot, editor, monkeypatch, order,
                                                           said):  # fmt: skip
    copy_builtin(qtbot, editor, monkeypatch)
    old = next(f for f in labels.get_template("thermal-76x130").spec.fields
               if f.key == "receiver_name")  # fmt: skip
    r = row_of(editor, "receiver_name")
    table = editor.fields.table
    cell = table.visualRect(table.model().index(r, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert editor.fields.current_row() == r
    drawn = editor.canvas.preview.pixmap().toImage()
    new_x, new_y = old.x_mm + 4.5, old.y_mm + 12
    type_mm(qtbot, editor.fields.x, f"{new_x}")
    type_mm(qtbot, editor.fields.y, f"{new_y}")
    assert editor.dirty
    assert editor.canvas.item(r).pos().x() == pytest.approx(new_x)  # the frame moved too
    qtbot.waitUntil(lambda: editor.canvas.preview.pixmap().toImage() != drawn)  # and the label
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert said == [] and not editor.dirty
    field = next(f for f in stored("zto-76")["fields"] if f["key"] == "receiver_name")
    assert (field["x_mm"], field["y_mm"]) == (new_x, new_y)
    assert (field["w_mm"], field["h_mm"]) == (old.w_mm, old.h_mm)
    before = receiver_at(labels.preview_labels([order.id], "thermal-76x130"))
    after = receiver_at(labels.preview_labels([order.id], "zto-76"))
    assert after[0] == pytest.approx(new_x, abs=0.2)  # left aligned: the text starts at x
    assert after[0] - before[0] == pytest.approx(4.5, abs=0.2)
    assert after[1] - before[1] == pytest.approx(12, abs=0.2)


def test_a_field_dragged_off_the_label_is_refused_naming_it(qtbot, editor, monkeypatch, said):
    copy_builtin(qtbot, editor, monkeypatch)
    saved = stored("zto-76")
    r = row_of(editor, "sender_address")
    canvas = editor.canvas
    item = canvas.item(r)
    start = canvas.mapFromScene(item.sceneBoundingRect().center())
    end = canvas.mapFromScene(item.sceneBoundingRect().center().x(),
                              canvas.height_mm + 6)  # below the label's bottom edge  # fmt: skip
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        QTest.mouseMove(viewport, start + (end - start) * step / 5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    field = editor.fields.rows[r].field
    assert field.y_mm + field.h_mm > canvas.height_mm  # the drag reached the row
    assert editor.fields.current_row() == r
    caption = field_caption("sender_address")
    assert caption in editor.status.text()  # said at once, under the canvas
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert len(said) == 1 and said[0][0] == "warning" and caption in said[0][1]
    assert stored("zto-76") == saved  # nothing written
    assert editor.dirty and editor.fields.current_row() == r
    assert editor.canvas.item(r).pen().color() == QColor(220, 40, 40)  # drawn red


def test_a_field_switched_off_is_kept_but_not_printed(qtbot, editor, monkeypatch, order, said):
    copy_builtin(qtbot, editor, monkeypatch)
    r = row_of(editor, "receiver_name")
    switch(editor, r)
    assert editor.canvas.item(r) is None
    assert editor.save()
    assert "receiver_name" not in [f["key"] for f in stored("zto-76")["fields"]]
    assert "receiver_name" in [f["key"] for f in stored("zto-76")["hidden_fields"]]
    text = (
        PdfReader(io.BytesIO(labels.preview_labels([order.id], "zto-76"))).pages[0].extract_text()
    )
    assert RECEIVER not in text and said == []


def test_a_sheet_layout_typed_in_is_stored(qtbot, editor, monkeypatch, said):
    copy_builtin(qtbot, editor, monkeypatch, "a4-2x4")
    pages = editor.pages
    editor.tabs.setCurrentWidget(pages)
    pages.sheet.setChecked(True)
    assert (pages.page_w.value(), pages.page_h.value()) == (210, 297)
    for box, value in ((pages.columns, "2"), (pages.rows, "4"), (pages.label_w, "99"),
                       (pages.label_h, "70"), (pages.left, "5"), (pages.top, "8.5"),
                       (pages.gap_x, "2"), (pages.gap_y, "0")):  # fmt: skip
        type_mm(qtbot, box, value)
    # the 76 × 130 fields do not fit a 99 × 70 sticker: refused, then fitted
    assert not editor.save() and said
    for r, row in enumerate(editor.fields.rows):
        if row.shown and (
            row.field.y_mm + row.field.h_mm > 70 or row.field.x_mm + row.field.w_mm > 99
        ):
            switch(editor, r)
    editor.tabs.setCurrentWidget(editor.statics)
    editor.statics.table.selectAll()  # the 76 × 130 rules too
    qtbot.mouseClick(editor.statics.remove, Qt.MouseButton.LeftButton)
    assert editor.save(), said
    assert stored("a4-2x4")["statics"] == []
    sheet = stored("a4-2x4")["sheet"]
    assert sheet == {"columns": 2, "rows": 4, "label_w_mm": 99.0, "label_h_mm": 70.0,
                     "left_mm": 5.0, "top_mm": 8.5, "gap_x_mm": 2.0, "gap_y_mm": 0.0}  # fmt: skip


def test_a_scanned_form_must_be_an_image_and_is_never_printed(qtbot, editor, monkeypatch,
                                                              tmp_path, order, said):  # fmt: skip
    copy_builtin(qtbot, editor, monkeypatch, "sto-form")
    text = tmp_path / "form.png"
    text.write_text("this is no picture", encoding="utf-8")
    monkeypatch.setattr(editor_module, "choose_background", lambda parent: text)
    qtbot.mouseClick(editor.load_bg, Qt.MouseButton.LeftButton)
    assert len(said) == 1 and "PNG" in said[0][1]
    assert editor.background is None and editor.canvas.background.pixmap().isNull()
    scan = tmp_path / "scan.png"
    image = QImage(760, 1300, QImage.Format.Format_RGB32)
    image.fill(QColor(250, 220, 200))
    assert image.save(str(scan))
    monkeypatch.setattr(editor_module, "choose_background", lambda parent: scan)
    qtbot.mouseClick(editor.load_bg, Qt.MouseButton.LeftButton)
    assert len(said) == 1
    assert not editor.canvas.background.pixmap().isNull()
    assert editor.save()
    assert labels.get_background("sto-form") == scan.read_bytes()
    pdf = PdfReader(io.BytesIO(labels.preview_labels([order.id], "sto-form")))
    resources = pdf.pages[0]["/Resources"]
    xobjects = resources.get("/XObject", {})
    assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())
    qtbot.mouseClick(editor.clear_bg, Qt.MouseButton.LeftButton)
    assert editor.save() and labels.get_background("sto-form") is None
