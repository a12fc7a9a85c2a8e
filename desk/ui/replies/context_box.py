"""“Current details” (当前信息): the values the placeholders are filled with.

What the user types here wins; an empty field shows in grey what will be used instead (the
selected customer, order or product handed in by `context_provider`, or the shop's default
courier). {店名} comes from the shop profile and {尺码表} from the product's size chart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QPushButton, QWidget

from desk.core import products, settings, sizes
from desk.i18n import N_, _

#: placeholder → the label of its field (the box holds the values of one chat at a time).
FIELDS = {
    "买家": N_("Buyer"),
    "订单号": N_("Order no."),
    "快递": N_("Courier"),
    "单号": N_("Tracking no."),
    "货号": N_("Item code"),
    "颜色": N_("Colour"),
    "尺码": N_("Size"),
}
PRODUCT_ID = "product_id"  # a context key that is not a placeholder: whose size chart to use

ContextProvider = Callable[[], Mapping[str, object]]


def _product_id_for_code(code: str) -> int | None:
    """The product whose 货号 is exactly `code` (ignoring case), if there is one."""
    found = products.search_products(code, limit=50)
    exact = [p for p in found if p.code == code] or [
        p for p in found if p.code.casefold() == code.casefold()
    ]
    return exact[0].id if exact else None


class ContextBox(QGroupBox):
    changed = Signal()

    def __init__(self, provider: ContextProvider | None = None, parent: QWidget | None = None):
        super().__init__(_("Current details"), parent)
        self.setObjectName("replyContext")
        self._provider = provider
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        for name, label in FIELDS.items():
            edit = QLineEdit()
            edit.setObjectName(f"context_{name}")
            edit.setClearButtonEnabled(True)
            edit.textChanged.connect(self.changed)
            self.fields[name] = edit
            form.addRow(_(label), edit)
        self.clear_button = QPushButton(_("Clear"))
        self.clear_button.setObjectName("clearContext")
        self.clear_button.setToolTip(_("Empty these fields before answering the next buyer."))
        self.clear_button.clicked.connect(self.clear)
        form.addRow("", self.clear_button)

    def typed(self) -> dict[str, str]:
        return {n: e.text().strip() for n, e in self.fields.items() if e.text().strip()}

    def clear(self) -> None:
        for edit in self.fields.values():
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.changed.emit()

    def provided(self) -> dict[str, object]:
        if self._provider is None:
            return {}
        return dict(self._provider() or {})

    def values(self, needed: Iterable[str] | None = None) -> dict[str, str]:
        """Placeholder → value for the placeholders in `needed` (all when None)."""
        wanted = set(needed) if needed is not None else None

        def want(name: str) -> bool:
            return wanted is None or name in wanted

        provided = self.provided()
        product_id = provided.pop(PRODUCT_ID, None)
        values: dict[str, str] = {}
        if want("店名") or want("快递"):
            profile = settings.get_profile()
            if profile.shop_name:
                values["店名"] = profile.shop_name
            if profile.default_courier:
                values["快递"] = settings.courier_name(profile.default_courier)
        values.update({k: str(v).strip() for k, v in provided.items() if v and str(v).strip()})
        values.update(self.typed())
        if want("尺码表") and "尺码表" not in values:
            if "货号" in self.typed() or product_id is None:
                code = values.get("货号")
                product_id = _product_id_for_code(code) if code else product_id
            chart = sizes.get_size_chart(int(product_id)) if product_id is not None else None
            if chart is not None and chart.rows:
                values["尺码表"] = chart.as_text()
        return {k: v for k, v in values.items() if want(k)}

    def show_fallbacks(self) -> None:
        """Grey text in the empty fields: what will be used when nothing is typed."""
        fallback = self.values(self.fields)
        typed = self.typed()
        for name, edit in self.fields.items():
            edit.setPlaceholderText("" if name in typed else fallback.get(name, ""))
