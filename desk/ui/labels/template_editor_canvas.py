"""The template editor's canvas: one label drawn to scale (1 scene unit = 1 mm), the rendered
sample label on it, the scanned form under it (for alignment only), and a frame per field that
can be dragged. A field at fault is drawn red."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from desk.pdf.label_spec import FieldSpec, field_caption

SNAP_MM = 0.5  # a drag moves a field by whole half millimetres
MARGIN_MM = 30.0  # room around the label to drag a field off it (and see that)
_NORMAL = QColor(30, 110, 220)
_BAD = QColor(220, 40, 40)


def snap(value: float) -> float:
    return round(value / SNAP_MM) * SNAP_MM


def field_item(index: int, field: FieldSpec, bad: bool, movable: bool) -> QGraphicsRectItem:
    """The frame of field `index` (kept in the item's data); its position is the field's (x, y)
    in mm. A plain item, not a subclass: the canvas handles the drag."""
    item = QGraphicsRectItem(0.0, 0.0, field.w_mm, field.h_mm)
    item.setData(0, index)
    item.setPos(field.x_mm, field.y_mm)
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, movable)
    item.setCursor(Qt.CursorShape.SizeAllCursor if movable else Qt.CursorShape.ArrowCursor)
    item.setToolTip(field_caption(field.key))
    item.setZValue(3)
    caption = QGraphicsSimpleTextItem(field_caption(field.key), item)
    caption.setFont(_CAPTION_FONT)
    caption.setPos(0.3, 0.1)
    paint(item, bad)
    return item


def paint(item: QGraphicsRectItem, bad: bool) -> None:
    """Blue dashes for a field, red for one at fault."""
    pen, fill, text = _BAD_LOOK if bad else _NORMAL_LOOK
    item.setPen(pen)
    item.setBrush(fill)
    for child in item.childItems():
        if isinstance(child, QGraphicsSimpleTextItem):
            child.setBrush(text)


def _look(color: QColor, bad: bool) -> tuple[QPen, QBrush, QBrush]:
    pen = QPen(color, 0)  # cosmetic: one pixel whatever the zoom
    pen.setStyle(Qt.PenStyle.SolidLine if bad else Qt.PenStyle.DashLine)
    fill, text = QColor(color), QColor(color)
    fill.setAlpha(60 if bad else 28)
    text.setAlpha(130)
    return pen, QBrush(fill), QBrush(text)


_NORMAL_LOOK = _look(_NORMAL, False)
_BAD_LOOK = _look(_BAD, True)
_CAPTION_FONT = QFont()
_CAPTION_FONT.setPointSizeF(1.8)  # scene units are mm: under 2 mm tall


class LabelCanvas(QGraphicsView):
    """`field_moved(index, x_mm, y_mm)` after a drag; `field_selected(index)` on a click."""

    field_moved = Signal(int, float, float)
    field_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("templateCanvas")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(QColor(200, 200, 200))
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scene_ = QGraphicsScene(self)
        self.setScene(self.scene_)
        self.width_mm, self.height_mm = 100.0, 150.0
        self.paper = QGraphicsRectItem()
        self.paper.setBrush(QBrush(Qt.GlobalColor.white))
        self.paper.setPen(QPen(QColor(90, 90, 90), 0))
        self.paper.setZValue(0)
        self.scene_.addItem(self.paper)
        self.background = QGraphicsPixmapItem()
        self.background.setZValue(1)
        self.background.setOpacity(0.5)
        self.background.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene_.addItem(self.background)
        self.preview = QGraphicsPixmapItem()
        self.preview.setZValue(2)
        self.preview.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene_.addItem(self.preview)
        self.items_: list[QGraphicsRectItem] = []
        self._positions: dict[int, tuple[float, float]] = {}
        self.editable = True
        self._movable = True
        self._shown: dict[int, tuple[FieldSpec, bool]] = {}
        self._quiet = False
        self.scene_.selectionChanged.connect(self._on_selection)
        self.set_label(100.0, 150.0)

    # --- content --------------------------------------------------------------------------------

    def set_label(self, width_mm: float, height_mm: float) -> None:
        size = (max(width_mm, 1.0), max(height_mm, 1.0))
        if size == (self.width_mm, self.height_mm) and not self.paper.rect().isEmpty():
            return
        self.width_mm, self.height_mm = size
        self.paper.setRect(0.0, 0.0, self.width_mm, self.height_mm)
        room = QRectF(-MARGIN_MM, -MARGIN_MM, self.width_mm + 2 * MARGIN_MM,
                      self.height_mm + 2 * MARGIN_MM)  # fmt: skip
        self.scene_.setSceneRect(room)
        self._place(self.background)
        self._place(self.preview)
        self.fit()

    def _place(self, item: QGraphicsPixmapItem) -> None:
        """Stretch the item's picture over the whole label."""
        pixmap = item.pixmap()
        if pixmap.isNull():
            return
        item.setTransform(
            QTransform.fromScale(self.width_mm / pixmap.width(), self.height_mm / pixmap.height())
        )

    def set_preview(self, image: QImage | None) -> None:
        self.preview.setPixmap(QPixmap.fromImage(image) if image is not None else QPixmap())
        self._place(self.preview)

    def set_background(self, image: QImage | None) -> None:
        """The scanned form, shown under the fields for alignment (never printed)."""
        self.background.setPixmap(QPixmap.fromImage(image) if image is not None else QPixmap())
        self._place(self.background)

    def set_fields(self, fields: list[tuple[int, FieldSpec]], bad: set[int]) -> None:
        """Frames for (index, field) pairs; the indexes in `bad` are drawn red. Frames that did
        not change are left alone (a field edited or dragged redraws only its own frame)."""
        wanted = {index: (field, index in bad) for index, field in fields}
        if list(wanted) == list(self._shown) and self._movable == self.editable:
            for item in self.items_:
                index = item.data(0)
                if wanted[index] == self._shown[index]:
                    continue
                field, is_bad = wanted[index]
                item.setRect(0.0, 0.0, field.w_mm, field.h_mm)
                item.setPos(field.x_mm, field.y_mm)
                paint(item, is_bad)
                self._positions[index] = (item.x(), item.y())
            self._shown = wanted
            return
        self._shown, self._movable = wanted, self.editable
        selected = self.selected()
        self._quiet = True
        for item in self.items_:
            self.scene_.removeItem(item)
        self.items_ = []
        self._positions = {}
        for index, field in fields:
            item = field_item(index, field, index in bad, self.editable)
            self.scene_.addItem(item)
            self.items_.append(item)
            self._positions[index] = (item.x(), item.y())
            if index == selected:
                item.setSelected(True)
        self._quiet = False

    def item(self, index: int) -> QGraphicsRectItem | None:
        return next((item for item in self.items_ if item.data(0) == index), None)

    def selected(self) -> int | None:
        return next((item.data(0) for item in self.items_ if item.isSelected()), None)

    def select(self, index: int | None) -> None:
        self._quiet = True
        for item in self.items_:
            item.setSelected(item.data(0) == index)
        self._quiet = False
        chosen = self.item(index) if index is not None else None
        if chosen is not None:
            self.ensureVisible(chosen)

    def _on_selection(self) -> None:
        index = self.selected()
        if index is not None and not self._quiet:
            self.field_selected.emit(index)

    def mouseReleaseEvent(self, event) -> None:
        """After a drag: snap the moved frames to half millimetres and report them."""
        super().mouseReleaseEvent(event)
        for item in self.items_:
            index = item.data(0)
            before = self._positions.get(index)
            now = (snap(item.x()), snap(item.y()))
            item.setPos(*now)
            if before is not None and (abs(before[0] - now[0]) > 1e-6
                                       or abs(before[1] - now[1]) > 1e-6):  # fmt: skip
                self._positions[index] = now
                self.field_moved.emit(index, now[0], now[1])

    # --- view -----------------------------------------------------------------------------------

    def fit(self) -> None:
        room = self.paper.rect().adjusted(-8, -8, 8, 8)  # a field dragged off stays in sight
        self.fitInView(room, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def scene_to_view(self, x_mm: float, y_mm: float):
        """The viewport point of (x, y) mm on the label (for tests and tooltips)."""
        return self.mapFromScene(QPointF(x_mm, y_mm))
