"""The label template editor (模板): the templates on the left, the label to scale in the middle
(a real rendered sample label, its fields as frames to drag, the scanned form of a 套打 template
under it), the page, the fields and the static lines on the right.

Built-in templates are read-only: "Copy as new template" makes one to edit. Saving goes through
label_templates.save_template, which refuses a field off the label naming it; the editor then
draws that field red. The background scan is kept with the template for alignment only — the
renderer never sees it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core import label_templates
from desk.core.errors import DomainError
from desk.i18n import _
from desk.pdf.fonts import FontNotFound
from desk.pdf.label_spec import LabelSpec, Problem, check
from desk.ui import messages
from desk.ui.labels.template_editor_canvas import LabelCanvas
from desk.ui.labels.template_editor_fields import FieldPanel, rows_of
from desk.ui.labels.template_editor_page import PagePanel, StaticsPanel
from desk.ui.orders.pdf_preview import load_document

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

PREVIEW_PX_PER_MM = 8  # about 203 dpi, a thermal printer's resolution
PREVIEW_MAX_PX = 2400


def choose_background(parent: QWidget | None) -> Path | None:
    """The scan or photo of the carrier's form (tests replace this)."""
    name, _selected = QFileDialog.getOpenFileName(
        parent, _("Load the scanned form"), "",
        _("Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;All files (*)"),
    )  # fmt: skip
    return Path(name) if name else None


def ask_template_name(parent: QWidget | None, suggestion: str) -> str | None:
    """The name of a new template (tests replace this)."""
    name, ok = QInputDialog.getText(
        parent, _("Copy as new template"),
        _("Name of the new template (letters, digits, - and _; no spaces):"), text=suggestion,
    )  # fmt: skip
    return name.strip() if ok and name.strip() else None


class TemplateEditor(QDialog):
    def __init__(self, session: ShopSession, name: str | None = None,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("templateEditor")
        self.setWindowTitle(_("Label templates"))
        self._session = session
        self.info: label_templates.TemplateInfo | None = None
        self.background: bytes | None = None
        self.dirty = False
        self.problems: list[Problem] = []
        self._switching = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.render_preview)
        self._build()
        self.load_list(name)

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.templates = QListWidget()
        self.templates.setObjectName("templateList")
        self.templates.setWordWrap(True)
        self.templates.currentItemChanged.connect(self._on_template_chosen)
        self.copy_button = QPushButton(_("Copy as new template"))
        self.copy_button.setObjectName("copyTemplate")
        self.copy_button.clicked.connect(self.copy_template)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.clicked.connect(self.delete_template)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.templates, 1)
        column.addWidget(self.copy_button)
        column.addWidget(self.delete_button)

        self.banner = QLabel()
        self.banner.setObjectName("templateBanner")
        self.banner.setWordWrap(True)
        self.canvas = LabelCanvas()
        self.canvas.field_moved.connect(self._on_dragged)
        self.canvas.field_selected.connect(self._on_canvas_selected)
        self.status = QLabel()
        self.status.setObjectName("templateProblems")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #c62828")
        self.no_number = QCheckBox(_("Preview an order without a tracking number"))
        self.no_number.toggled.connect(self.schedule_preview)
        self.load_bg = QPushButton(_("Load scanned form…"))
        self.load_bg.setObjectName("loadBackground")
        self.load_bg.setToolTip(_("A scan or photo of the carrier's pre-printed form, shown under "
                                  "the fields to align them. It is never printed."))  # fmt: skip
        self.load_bg.clicked.connect(self._on_load_background)
        self.clear_bg = QPushButton(_("Remove scanned form"))
        self.clear_bg.clicked.connect(self.clear_background)
        options = QHBoxLayout()
        options.addWidget(self.no_number)
        options.addStretch(1)
        options.addWidget(self.load_bg)
        options.addWidget(self.clear_bg)
        middle = QWidget()
        centre = QVBoxLayout(middle)
        centre.setContentsMargins(0, 0, 0, 0)
        centre.addWidget(self.banner)
        centre.addWidget(self.canvas, 1)
        centre.addLayout(options)
        centre.addWidget(self.status)

        self.pages = PagePanel()
        self.pages.changed.connect(self._on_changed)
        self.fields = FieldPanel()
        self.fields.changed.connect(self._on_changed)
        self.fields.selected.connect(self.canvas.select)
        self.statics = StaticsPanel()
        self.statics.changed.connect(self._on_changed)
        self.statics.refused.connect(lambda text: messages.warning(self, text))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.fields, _("Fields"))
        self.tabs.addTab(self.pages, _("Page"))
        self.tabs.addTab(self.statics, _("Lines, boxes, captions"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, middle, self.tabs):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 540, 480])
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("saveTemplate")
        self.save_button.clicked.connect(self.save)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a number box enters the number, nothing more
        self.resize(1240, 780)

    # --- the list of templates ------------------------------------------------------------------

    def load_list(self, select: str | None = None) -> None:
        found = self._session.bus.run_op(self, label_templates.list_templates) or []
        self._switching = True
        self.templates.clear()
        for info in found:
            text = info.title + ("\n" + _("(built-in, read-only)") if info.builtin else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            item.setToolTip(info.name)
            self.templates.addItem(item)
        self._switching = False
        names = [info.name for info in found]
        row = names.index(select) if select in names else 0
        if found:
            self.templates.setCurrentRow(row)
            self.open_template(names[row])

    def names(self) -> list[str]:
        return [self.templates.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.templates.count())]  # fmt: skip

    def _on_template_chosen(self, item: QListWidgetItem | None, previous) -> None:
        if self._switching or item is None:
            return
        name = item.data(Qt.ItemDataRole.UserRole)
        if self.info is not None and name == self.info.name:
            return
        if not self._may_discard():
            self._switching = True
            self.templates.setCurrentItem(previous)
            self._switching = False
            return
        self.open_template(name)

    def _may_discard(self) -> bool:
        if not self.dirty:
            return True
        return messages.confirm(self, _("The template has changes that are not saved. Discard "
                                        "them?"), _("Discard"))  # fmt: skip

    def open_template(self, name: str) -> None:
        info = self._session.bus.run_op(self, label_templates.get_template, name)
        if info is None:
            return
        background = None
        if info.has_background:
            background = self._session.bus.run_op(self, label_templates.get_background, name)
        self.info, self.background, self.dirty = info, background, False
        read_only = info.builtin
        self.pages.load(info.spec, info.title if not info.builtin else "")
        self.pages.setEnabled(not read_only)
        self.fields.set_read_only(read_only)
        self.fields.set_rows(rows_of(info.spec))
        self.statics.set_read_only(read_only)
        self.statics.set_statics(info.spec.statics)
        self.canvas.editable = not read_only
        for widget in (self.save_button, self.delete_button, self.load_bg):
            widget.setEnabled(not read_only)
        self.banner.setText(
            _("{title} is a built-in template and cannot be changed: use “Copy as new template” "
              "to make your own.").format(title=info.title) if read_only else info.title
        )  # fmt: skip
        self._show_background()
        self._refresh()
        self.render_preview()

    # --- the template being edited --------------------------------------------------------------

    def current_spec(self) -> LabelSpec:
        assert self.info is not None
        rows = self.fields.rows
        spec = dataclasses.replace(
            self.info.spec, title=self.pages.title_text(),
            fields=tuple(row.field for row in rows if row.shown),
            hidden=tuple(row.field for row in rows if not row.shown),
            statics=tuple(self.statics.statics),
        )  # fmt: skip
        return self.pages.apply(spec)

    def _shown_rows(self) -> list[int]:
        return [r for r, row in enumerate(self.fields.rows) if row.shown]

    def _on_changed(self) -> None:
        if self.info is None or self.info.builtin:
            return
        self.dirty = True
        self._refresh()
        self.schedule_preview()

    def _refresh(self) -> None:
        """Frames on the canvas and the problems, from the rows as they are now."""
        spec = self.current_spec()
        width, height = spec.label_size
        self.canvas.set_label(width, height)
        shown = self._shown_rows()
        self.problems = check(spec)
        bad = {
            shown[p.field] for p in self.problems if p.field is not None and p.field < len(shown)
        }
        self.canvas.set_fields([(r, self.fields.rows[r].field) for r in shown], bad)
        self.fields.set_bad(bad)
        self.status.setText("\n".join(p.message for p in self.problems))

    def _on_dragged(self, row: int, x_mm: float, y_mm: float) -> None:
        if self.info is None or self.info.builtin:
            return
        self.fields.move_field(row, x_mm, y_mm)

    def _on_canvas_selected(self, row: int) -> None:
        self.tabs.setCurrentWidget(self.fields)
        if self.fields.current_row() != row:
            self.fields.select_row(row)

    # --- the preview ----------------------------------------------------------------------------

    def schedule_preview(self) -> None:
        self._timer.start()

    def render_preview(self) -> None:
        """Draw the sample label with the real renderer and show it on the canvas."""
        self._timer.stop()
        if self.info is None:
            return
        spec = self.current_spec()
        width, height = spec.label_size
        drawable = width > 0 and height > 0 and all(
            f.w_mm > 0 and f.h_mm > 0 and f.font_pt > 0 for f in spec.fields)  # fmt: skip
        if not drawable:
            self.canvas.set_preview(None)
            return
        try:
            data = label_templates.render_sample(spec, tracking=not self.no_number.isChecked())
            document, buffer = load_document(data, self)
        except (DomainError, FontNotFound) as exc:
            self.canvas.set_preview(None)
            self.status.setText("\n".join([*(p.message for p in self.problems), str(exc)]))
            return
        scale = min(PREVIEW_PX_PER_MM, PREVIEW_MAX_PX / max(width, height))
        image = document.render(0, QSize(round(width * scale), round(height * scale)))
        document.close()
        document.deleteLater()
        buffer.deleteLater()
        self.canvas.set_preview(image)

    # --- the scanned form -----------------------------------------------------------------------

    def _show_background(self) -> None:
        image = QImage.fromData(self.background) if self.background else None
        self.canvas.set_background(image if image is not None and not image.isNull() else None)
        self.clear_bg.setEnabled(bool(self.background) and not self.info.builtin)

    def _on_load_background(self) -> None:
        path = choose_background(self)
        if path is not None:
            self.load_background(path)

    def load_background(self, path: Path) -> bool:
        """Put the scan in `path` under the fields; a file that is not an image is refused."""
        if self.info is None or self.info.builtin:
            return False
        try:
            data = path.read_bytes()
        except OSError as exc:
            messages.warning(self, _("{file} could not be read: {reason}").format(
                file=path.name, reason=exc.strerror or exc))  # fmt: skip
            return False
        if self._session.bus.run_op(self, label_templates.check_background, data) is None:
            return False
        if QImage.fromData(data).isNull():
            messages.warning(self, _("{file} could not be read as an image: it may be damaged.")
                             .format(file=path.name))  # fmt: skip
            return False
        self.background = data
        self._show_background()
        self._on_changed()
        return True

    def clear_background(self) -> None:
        if self.background is None:
            return
        self.background = None
        self._show_background()
        self._on_changed()

    # --- saving, copying, deleting --------------------------------------------------------------

    def save(self) -> bool:
        if self.info is None or self.info.builtin:
            return False
        self._refresh()
        done = self._session.bus.run_op(
            self, label_templates.save_template, self.info.name, self.pages.title_text(),
            self.current_spec(), self.background,
        )  # fmt: skip
        if done is None:
            return False
        self.dirty = False
        self.load_list(done[0].name)
        return True

    def show_field_error(self, field: str, message: str) -> bool:
        """A refused save: point at the fields at fault (the message box says what is wrong)."""
        if field == "spec":
            self._refresh()
            shown = self._shown_rows()
            first = next((p.field for p in self.problems if p.field is not None), None)
            if first is not None and first < len(shown):
                self.tabs.setCurrentWidget(self.fields)
                self.fields.select_row(shown[first])
                self.canvas.select(shown[first])
        return False

    def _free_name(self) -> str:
        base = self.info.name if self.info is not None else "template"
        taken = set(self.names())
        n = 2
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"

    def copy_template(self) -> bool:
        """A copy to edit; an edited template's copy has the edits (the original stays)."""
        if self.info is None:
            return False
        name = ask_template_name(self, self._free_name())
        if name is None:
            return False
        if name in self.names():
            messages.warning(self, _("There is already a template called {name}.").format(
                name=name))  # fmt: skip
            return False
        if self.dirty:
            done = self._session.bus.run_op(
                self, label_templates.save_template, name, self.pages.title_text(),
                self.current_spec(), self.background,
            )  # fmt: skip
        else:
            done = self._session.bus.run_op(self, label_templates.copy_template, self.info.name,
                                            name)  # fmt: skip
        if done is None:
            return False
        self.dirty = False
        self.load_list(done[0].name)
        return True

    def delete_template(self) -> bool:
        if self.info is None or self.info.builtin:
            return False
        if not messages.confirm(self, _("Delete the template {title}? Its printer calibrations "
                                        "go with it.").format(title=self.info.title),
                                _("Delete")):  # fmt: skip
            return False
        if self._session.bus.run_op(self, label_templates.delete_template, self.info.name) is None:
            return False
        self.dirty = False
        self.info = None
        self.load_list()
        return True

    def reject(self) -> None:
        if self._may_discard():
            self.dirty = False
            super().reject()
