"""The glyph check before printing labels, driven in the dialog: the orders with characters the
font lacks are listed; choosing another font (checked: a CFF font is refused), editing the order
or printing anyway knowingly — and the check runs again after a change."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desk.core import orders, pdf_font
from desk.models import PrintJob
from desk.pdf import fonts
from desk.ui import messages
from desk.ui.labels import glyph_dialog
from desk.ui.labels.glyph_dialog import GlyphDialog
from desk.ui.orders import pdf_preview
from desk.ui.orders.editor import OrderEditor
from tests.core.orders_support import build_shop, order_in_status
from tests.ui.conftest import show_active, type_text

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DROID = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")  # has 䶮, lacks 𠮷
CFF = Path("/usr/share/fonts/opentype/urw-base35/C059-Roman.otf")


@pytest.fixture(autouse=True)
def system_font(monkeypatch):
    """The search finds WenQuanYi Micro Hei (it lacks 䶮 and 𠮷), whatever ran before."""
    for path in (WQY, DROID, CFF):
        if not path.is_file():
            pytest.skip(f"font not installed: {path}")
    monkeypatch.delenv(fonts.ENV_FONT, raising=False)
    monkeypatch.setattr(fonts, "CANDIDATES", ((str(WQY), 0),))
    fonts._reset_for_tests()
    yield
    fonts._reset_for_tests()


@pytest.fixture
def rare(session):
    shop = build_shop()
    plain = order_in_status(shop, "confirmed", receiver="张三")
    yan = order_in_status(shop, "confirmed", receiver="刘䶮")
    ji = order_in_status(shop, "confirmed", receiver="𠮷野")
    return plain, yan, ji


@pytest.fixture
def panel(qtbot, session, rare):
    from desk.ui.labels.page import LabelsPage

    page = LabelsPage(session)
    session.bus.changed.connect(page.on_changes)
    show_active(qtbot, page, 1300, 800)
    yield page.batch  # the page stays referenced (alive) while the test runs


def tick_only(panel, order_ids) -> None:
    for r in range(panel.table.rowCount()):
        item = panel.table.item(r, 0)
        wanted = item.data(Qt.ItemDataRole.UserRole) in order_ids
        item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


def when_dialog(qtbot, steps):
    """Run each step on the glyph dialog the next time one is shown (in order)."""
    seen: list[GlyphDialog] = []
    pending = list(steps)

    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, GlyphDialog) and dialog not in seen and dialog.isVisible():
            seen.append(dialog)
            try:
                pending.pop(0)(dialog)
            except BaseException:
                dialog.reject()  # never leave the test hanging in exec(); pytest-qt reports it
                raise
        if pending:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    return seen


def printer_to(path):
    def choose(parent, printer) -> bool:
        from PySide6.QtPrintSupport import QPrinter

        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        return True

    return choose


def test_the_dialog_lists_each_order_with_its_missing_characters(qtbot, session, rare):
    plain, yan, ji = rare
    from desk.core import labels

    problems = labels.glyph_problems([plain.id, yan.id, ji.id])
    dialog = GlyphDialog(session, problems)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(2)}
    assert "䶮" in rows[yan.number] and "U+4DAE" in rows[yan.number]
    assert "𠮷" in rows[ji.number] and "U+20BB7" in rows[ji.number]


def test_another_font_is_checked_saved_and_the_check_runs_again(qtbot, monkeypatch, said,
                                                                 panel, rare):  # fmt: skip
    plain, yan, _ji = rare
    tick_only(panel, [plain.id, yan.id])
    offered = [CFF, DROID]
    monkeypatch.setattr(glyph_dialog, "choose_font_file", lambda parent: offered.pop(0))
    asked = []
    monkeypatch.setattr(messages, "confirm",
                        lambda parent, text, yes, title=None: asked.append(text) or True)  # fmt: skip
    lists = []

    def refuse_cff_then_take_droid(dialog):
        lists.append([dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())])
        assert dialog.choose_font() is False  # the CFF font: refused, said why
        assert said and CFF.name in said[-1][1] and "CFF" in said[-1][1]
        assert pdf_font.get_pdf_font() is None and not asked
        qtbot.mouseClick(dialog.font_button, Qt.MouseButton.LeftButton)  # Droid: has 䶮 …

    def then_cancel(dialog):
        lists.append([dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())])
        dialog.reject()

    seen = when_dialog(qtbot, [refuse_cff_then_take_droid, then_cancel])
    assert panel.preview() is False
    # … but no Latin letters or digits: the user was asked, chose it, and the check ran again
    assert len(asked) == 1 and "0" in asked[0] and "䶮" not in asked[0]
    assert pdf_font.get_pdf_font() == pdf_font.PdfFontChoice(DROID, 0)
    assert fonts.cjk_font().path == DROID
    assert len(seen) == 2
    assert lists[0] == [yan.number]  # with WenQuanYi: only 刘䶮
    assert sorted(lists[1]) == sorted([plain.number, yan.number])  # with Droid: the digits
    assert not PrintJob.select().exists()


def test_editing_the_order_fixes_the_text_then_it_prints(qtbot, monkeypatch, tmp_path, said,
                                                          panel, rare):  # fmt: skip
    _plain, _yan, ji = rare
    tick_only(panel, [ji.id])
    monkeypatch.setattr(pdf_preview, "choose_printer", printer_to(tmp_path / "out.pdf"))

    def edit(dialog):
        qtbot.mouseClick(dialog.edit_buttons[0], Qt.MouseButton.LeftButton)
        editor = dialog.findChild(OrderEditor)
        assert editor is not None and editor.order_id == ji.id
        field = editor.fields["receiver"]
        field.selectAll()
        field.del_()
        type_text(qtbot, field, "吉野")
        assert editor.save() is True

    seen = when_dialog(qtbot, [edit])
    assert panel.print_labels() is True
    assert len(seen) == 1
    assert orders.get_order(ji.id).receiver == "吉野"
    assert orders.get_order(ji.id).status == "printed"


def test_print_anyway_is_a_knowing_choice(qtbot, monkeypatch, tmp_path, said, panel, rare):
    _plain, _yan, ji = rare
    tick_only(panel, [ji.id])
    monkeypatch.setattr(pdf_preview, "choose_printer", printer_to(tmp_path / "out.pdf"))

    seen = when_dialog(qtbot, [lambda d: qtbot.mouseClick(d.anyway_button,
                                                          Qt.MouseButton.LeftButton)])  # fmt: skip
    assert panel.print_labels() is True
    assert len(seen) == 1 and PrintJob.select().count() == 1
    assert orders.get_order(ji.id).status == "printed"


def test_cancel_prints_nothing(qtbot, said, panel, rare):
    _plain, yan, _ji = rare
    tick_only(panel, [yan.id])
    seen = when_dialog(qtbot, [lambda d: d.reject()])
    assert panel.print_labels() is False
    assert len(seen) == 1 and not PrintJob.select().exists()
    assert orders.get_order(yan.id).status == "confirmed"


def test_settings_font_box_refuses_cff_and_keeps_a_truetype_font(qtbot, monkeypatch, session):
    from desk.ui.settings import font_box
    from desk.ui.settings.font_box import FontBox

    box = FontBox(session)
    show_active(qtbot, box, 600, 300)
    box.refresh()
    assert "WenQuanYi" in box.current.text() and box.problem.isHidden()
    assert not box.system.isEnabled()
    offered = [CFF, DROID]
    monkeypatch.setattr(font_box, "choose_font_file", lambda parent: offered.pop(0))
    qtbot.mouseClick(box.choose, Qt.MouseButton.LeftButton)
    assert CFF.name in box.problem.text() and box.problem.isVisible()
    assert pdf_font.get_pdf_font() is None
    qtbot.mouseClick(box.choose, Qt.MouseButton.LeftButton)
    assert pdf_font.get_pdf_font() == pdf_font.PdfFontChoice(DROID, 0)
    assert str(DROID) in box.current.text() and box.problem.isHidden()
    assert box.sample.isVisible() and box.system.isEnabled()
    qtbot.mouseClick(box.system, Qt.MouseButton.LeftButton)
    assert pdf_font.get_pdf_font() is None and "WenQuanYi" in box.current.text()
