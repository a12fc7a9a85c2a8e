"""The inspection checklist (验货清单) in Settings: the items every returned product is checked
for (吊牌完整, 未洗涤, …) and the extra items of a category (shoes: 鞋盒完整). Each change is saved
at once through the returns service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.core import products, returns
from desk.i18n import _
from desk.ui.widgets.field_errors import FieldRow

if TYPE_CHECKING:
    from desk.ui.session import ShopSession


class InspectionBox(QGroupBox):
    def __init__(self, session: ShopSession, parent: QWidget | None = None):
        super().__init__(_("Inspection checklist for returns"), parent)
        self.setObjectName("inspectionBox")
        self._session = session
        self.category = QComboBox()
        self.category.setObjectName("inspectionCategory")
        self.category.setEditable(True)
        self.category.lineEdit().setPlaceholderText(_("Every category"))
        self.category.currentTextChanged.connect(lambda _t: self.load_items())
        self.items = QListWidget()
        self.items.setObjectName("inspectionItems")
        self.items.setMaximumHeight(180)
        self.items.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.new_item = QLineEdit()
        self.new_item.setObjectName("newInspectionItem")
        self.new_item.setPlaceholderText(_("A new item, e.g. 鞋盒完整"))
        self.new_item.returnPressed.connect(self.add_item)
        self.item_row = FieldRow(self.new_item)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (("add", _("Add"), self.add_item),
                                 ("remove", _("Remove"), self.remove_item),
                                 ("up", _("Up"), lambda: self.move_item(-1)),
                                 ("down", _("Down"), lambda: self.move_item(1))):  # fmt: skip
            button = QPushButton(text)
            button.setObjectName(f"inspection_{name}")
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[name] = button
        self.hint = QLabel()
        self.hint.setObjectName("fieldHint")
        self.hint.setWordWrap(True)
        self.transit = QSpinBox()
        self.transit.setObjectName("transitDays")
        self.transit.setRange(0, 30)
        self.transit.setSuffix(_(" days"))
        self.transit.setToolTip(_("When the signed date of an order is unknown, the 7-day return "
                                  "window starts this many days after shipping."))  # fmt: skip
        self.transit.editingFinished.connect(self.save_transit_days)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Category")))
        top.addWidget(self.category, 1)
        add = QHBoxLayout()
        add.addWidget(self.item_row, 1)
        add.addWidget(self.buttons["add"])
        moves = QHBoxLayout()
        for name in ("remove", "up", "down"):
            moves.addWidget(self.buttons[name])
        moves.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.items)
        layout.addLayout(moves)
        layout.addLayout(add)
        layout.addWidget(self.hint)
        transit = QHBoxLayout()
        transit.addWidget(QLabel(_("Days in transit (signed date unknown)")))
        transit.addWidget(self.transit)
        transit.addStretch(1)
        layout.addLayout(transit)

    def refresh(self) -> None:
        current = self.category_key()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(_("Every category"), "")
        for name in products.categories():
            self.category.addItem(name, name)
        index = self.category.findData(current)
        if index >= 0:
            self.category.setCurrentIndex(index)
        else:
            self.category.setEditText(current)
        self.category.blockSignals(False)
        self.load_items()
        self.transit.blockSignals(True)
        self.transit.setValue(returns.transit_days())
        self.transit.blockSignals(False)

    def category_key(self) -> str:
        text = self.category.currentText().strip()
        if self.category.count() and text == self.category.itemText(0):
            return ""
        return text

    def set_category(self, name: str) -> None:
        index = self.category.findData(name)
        if index >= 0:
            self.category.setCurrentIndex(index)
        else:
            self.category.setEditText(name)

    def load_items(self) -> None:
        key = self.category_key()
        rows = returns.inspection_items(key)
        self.items.clear()
        for row in rows:
            item = QListWidgetItem(row.item)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.items.addItem(item)
        if key:
            general = [i for i in returns.checklist_for("") if i not in {r.item for r in rows}]
            text = _("Checked besides the items of every category: {items}").format(
                items="、".join(general)) if general else ""  # fmt: skip
        elif not rows:
            for name in returns.checklist_for(""):
                item = QListWidgetItem(name)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.items.addItem(item)
            text = _("The standard list is used. Adding an item saves it as your own list.")
        else:
            text = _("Checked on every returned item; choose a category to add its own items.")
        self.hint.setText(text)
        self._update_buttons()

    def item_texts(self) -> list[str]:
        return [self.items.item(i).text() for i in range(self.items.count())]

    def _current_id(self) -> int | None:
        item = self.items.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        chosen = self._current_id() is not None
        row = self.items.currentRow()
        self.buttons["remove"].setEnabled(chosen)
        self.buttons["up"].setEnabled(chosen and row > 0)
        self.buttons["down"].setEnabled(chosen and row < self.items.count() - 1)

    def show_field_error(self, field: str, message: str) -> bool:
        if field != "item":
            return False
        self.item_row.set_error(message)
        return True

    def save_transit_days(self) -> bool:
        if self.transit.value() == returns.transit_days():
            return False
        return self._session.bus.run_op(self, returns.set_transit_days,
                                        self.transit.value()) is not None  # fmt: skip

    def add_item(self) -> bool:
        self.item_row.set_error(None)
        done = self._session.bus.run_op(self, returns.add_inspection_item, self.category_key(),
                                        self.new_item.text())  # fmt: skip
        if done is None:
            return False
        self.new_item.clear()
        self.load_items()
        return True

    def remove_item(self) -> None:
        item_id = self._current_id()
        if item_id is not None and self._session.bus.run_op(
                self, returns.remove_inspection_item, item_id) is not None:  # fmt: skip
            self.load_items()

    def move_item(self, step: int) -> None:
        row = self.items.currentRow()
        ids = [self.items.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.items.count())]
        if self._current_id() is None or not 0 <= row + step < len(ids):
            return
        ids[row], ids[row + step] = ids[row + step], ids[row]
        if self._session.bus.run_op(self, returns.reorder_inspection_items, self.category_key(),
                                    ids) is not None:  # fmt: skip
            self.load_items()
            self.items.setCurrentRow(row + step)
