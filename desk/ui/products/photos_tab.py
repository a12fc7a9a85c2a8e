"""The 图片 tab: the product's photos as thumbnails, the first one the cover (封面).

Photos are added with the file dialog or by dropping picture files on the list, moved left and
right, and deleted; all of it is saved with the product. A file that is not a picture, or is too
big, is refused at once with the service's message and is not added.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core import photos
from desk.core.products import ProductDetail
from desk.i18n import _
from desk.ui.products import photo_files
from desk.ui.products.save import PhotoSlot
from desk.ui.products.widgets import error_line, hint, show_error

SLOT = Qt.ItemDataRole.UserRole
ICON = QSize(140, 140)


def _local_files(event) -> list[Path]:
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


class PhotoList(QListWidget):
    """Thumbnails in a row; picture files dropped on it are reported with `files_dropped`."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("photoList")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(ICON)
        self.setGridSize(QSize(ICON.width() + 24, ICON.height() + 36))
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if _local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = _local_files(event)
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(files)


class PhotosTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = PhotoList()
        self.list.files_dropped.connect(self.add_files)
        self.list.currentRowChanged.connect(self._update_buttons)
        self.error = error_line()
        self.buttons: dict[str, QPushButton] = {}
        line = QHBoxLayout()
        for name, text, slot in (
            ("addPhotos", _("Add photos…"), self.choose_files),
            ("moveLeft", _("Move left"), lambda: self.move(-1)),
            ("moveRight", _("Move right"), lambda: self.move(1)),
            ("deletePhoto", _("Delete photo"), self.delete_current),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            line.addWidget(button)
            self.buttons[name] = button
        line.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(line)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addWidget(
            hint(
                _(
                    "The first photo is the cover. You can also drag picture files "
                    "(JPEG, PNG, WebP, GIF, up to {limit} MB) onto the list."
                ).format(limit=photos.MAX_PHOTO_BYTES // (1024 * 1024))
            )
        )
        self._loaded: list[int] = []
        self._update_buttons()

    def load(self, detail: ProductDetail | None) -> None:
        self.list.clear()
        self._loaded = [p.id for p in detail.photos] if detail else []
        for info in detail.photos if detail else ():
            pixmap = QPixmap.fromImage(photo_files.image_of_photo(info.id))
            self._add_item(PhotoSlot(photo_id=info.id), pixmap)
        self._relabel()

    def slots(self) -> tuple[PhotoSlot, ...]:
        return tuple(self.list.item(i).data(SLOT) for i in range(self.list.count()))

    def changed(self) -> bool:
        return [s.photo_id for s in self.slots()] != self._loaded

    # -- adding -----------------------------------------------------------------------------
    def choose_files(self) -> None:
        files = photo_files.choose_photo_files(self)
        if files:
            self.add_files(files)

    def add_files(self, files: list[Path]) -> None:
        problems = []
        for path in files:
            problem = photo_files.photo_file_problem(Path(path))
            if problem is None and self.list.count() >= photos.MAX_PHOTOS:
                problem = _("A product can have at most {count} photos.").format(
                    count=photos.MAX_PHOTOS
                )
            if problem:
                problems.append(problem)
                continue
            thumbnail = photo_files.thumbnail_of_file(Path(path))
            pixmap = QPixmap()
            if thumbnail:
                pixmap.loadFromData(thumbnail)
            self._add_item(PhotoSlot(path=Path(path), thumbnail=thumbnail), pixmap)
        self._relabel()
        show_error(self.error, "\n".join(problems) or None)
        if self.list.count():
            self.list.setCurrentRow(self.list.count() - 1)

    def _add_item(self, slot: PhotoSlot, pixmap: QPixmap) -> None:
        item = QListWidgetItem(QIcon(pixmap) if not pixmap.isNull() else QIcon(), "")
        item.setData(SLOT, slot)
        item.setToolTip(slot.path.name if slot.path else "")
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.list.addItem(item)

    # -- order ------------------------------------------------------------------------------
    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._relabel()

    def delete_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._relabel()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Delete and self.list.hasFocus():
            self.delete_current()
            return
        super().keyPressEvent(event)

    def _relabel(self) -> None:
        for i in range(self.list.count()):
            self.list.item(i).setText(_("Cover") if i == 0 else str(i + 1))
        self._update_buttons()

    def _update_buttons(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        self.buttons["moveLeft"].setEnabled(row > 0)
        self.buttons["moveRight"].setEnabled(0 <= row < count - 1)
        self.buttons["deletePhoto"].setEnabled(row >= 0)

    # -- messages ---------------------------------------------------------------------------
    def clear_errors(self) -> None:
        show_error(self.error, None)

    def show_field_error(self, field: str, message: str) -> bool:
        show_error(self.error, message)
        return True
