"""Merging two customers who are one person (合并客户), field by field.

Two columns: the customer who stays (保留) and the one merged into it (并入). Where the two differ
on name or nick the user picks which value to keep; the notes can come from either or both. Phones,
addresses, orders, groups, tags and follow-ups of both are always kept (the summary says how many),
so nothing is lost by a merge. ⇄ swaps which one stays. 合并 asks once more, then calls
`customer_merge.merge_customers` (one transaction).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk.core import customer_merge, customers
from desk.core.customer_merge import MergeField
from desk.core.customers import CustomerDetail
from desk.core.errors import DomainError
from desk.core.money import format_yuan
from desk.i18n import _
from desk.ui import messages

if TYPE_CHECKING:
    from desk.ui.session import ShopSession

NOTES_CHOICES = ("keep", "other", "both")


def _empty(value: str) -> str:
    return value if value.strip() else _("(empty)")


_NOISE = str.maketrans("", "", customer_merge.STREET_NOISE)


def _address_key(address: customers.AddressDraft) -> tuple[str, ...]:
    """As the merge compares addresses: the street without spaces and punctuation."""
    return (address.receiver, address.phone, address.province, address.city, address.district,
            address.street.translate(_NOISE).lower(), address.postcode)  # fmt: skip


def combined_counts(keep: CustomerDetail, other: CustomerDetail) -> tuple[int, int, int]:
    """(phones, addresses, orders) the kept customer will have: phones and identical addresses
    once, every order of both."""
    phone_count = len({p.phone for p in keep.phones + other.phones})
    address_count = len({_address_key(a) for a in keep.draft.addresses + other.draft.addresses})
    orders = keep.figures.order_count + other.figures.order_count
    return phone_count, address_count, orders


def _facts(detail: CustomerDetail) -> list[tuple[str, str]]:
    """What each side brings, for the read-only rows under the choices."""
    figures = detail.figures
    return [
        (_("Phones"), "\n".join(p.masked for p in detail.phones) or "—"),
        (_("Addresses"), "\n".join(a.one_line() for a in detail.draft.addresses) or "—"),
        (_("Groups"), "、".join(g.name for g in detail.groups) or "—"),
        (_("Tags"), "、".join(detail.draft.tags) or "—"),
        (_("Orders"), _("{count} orders · {spent}").format(
            count=figures.order_count, spent=format_yuan(figures.total_spent_fen, symbol=True))),
    ]  # fmt: skip


def _value_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class MergeDialog(QDialog):
    def __init__(self, session: ShopSession, keep_id: int, other_id: int,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(_("Merge customers"))
        self.resize(760, 600)
        self._session = session
        self.keep_id = keep_id
        self.other_id = other_id
        self.keep: CustomerDetail | None = None
        self.other: CustomerDetail | None = None
        self.fields: tuple[MergeField, ...] = ()
        self.choices: dict[str, QButtonGroup] = {}
        self.error: str | None = None
        self.merged: CustomerDetail | None = None

        intro = QLabel(_(
            "The customer on the left stays; the one on the right is merged into it. Choose the "
            "values to keep where the two differ. Phones, addresses, orders, groups, tags and "
            "follow-ups of both are all kept."
        ))  # fmt: skip
        intro.setWordWrap(True)
        intro.setObjectName("fieldHint")
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(8)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.summary = QLabel()
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 11pt; color: #1a4fb8;")

        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton(_("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("confirmMerge")
        self.merge_button.setDefault(True)
        self.swap_button = QPushButton(_("⇄ Keep the other one"))
        self.swap_button.setObjectName("swapMerge")
        self.swap_button.setToolTip(_("Swap which customer stays"))
        self.swap_button.setAutoDefault(False)
        buttons.addButton(self.swap_button, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        self.swap_button.clicked.connect(self.swap)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self._load()

    # -- building --------------------------------------------------------------------------
    def _load(self) -> None:
        try:
            self.keep = customers.get_customer(self.keep_id)
            self.other = customers.get_customer(self.other_id)
            self.fields = customer_merge.merge_preview(self.keep_id, self.other_id)
        except DomainError as exc:
            self.error = exc.message
            self.merge_button.setEnabled(False)
            self.swap_button.setEnabled(False)
            self.summary.setText(exc.message)
            return
        self._build()

    def _clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)  # gone at once (not only at the next event loop)
                widget.deleteLater()
        for group in self.choices.values():
            group.deleteLater()
        self.choices = {}

    def _build(self) -> None:
        assert self.keep is not None and self.other is not None
        self._clear()
        heading = QLabel(_("Stays"))
        heading.setObjectName("mergeKeepHeading")
        merged = QLabel(_("Merged into it"))
        for column, label in ((1, heading), (2, merged)):
            label.setStyleSheet("font-weight: bold; color: #1a4fb8;")
            self.grid.addWidget(label, 0, column)
        self.grid.addWidget(_value_label(self.keep.display_name or _("(no name)")), 1, 1)
        self.grid.addWidget(_value_label(self.other.display_name or _("(no name)")), 1, 2)
        row = 2
        for merge_field in self.fields:
            row = self._add_choice(row, merge_field)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #dde2ea;")
        self.grid.addWidget(line, row, 0, 1, 3)
        row += 1
        kept = _("Kept from both")
        self.grid.addWidget(QLabel(kept), row, 0, 1, 3)
        row += 1
        for (label, left), (_label, right) in zip(_facts(self.keep), _facts(self.other),
                                                  strict=True):  # fmt: skip
            self.grid.addWidget(QLabel(label), row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(_value_label(left), row, 1)
            self.grid.addWidget(_value_label(right), row, 2)
            row += 1
        self.grid.setRowStretch(row, 1)
        phone_count, address_count, orders = combined_counts(self.keep, self.other)
        self.summary.setText(_(
            "After merging: {phones} phones, {addresses} addresses, {orders} orders, and the "
            "groups, tags and follow-ups of both — nothing is lost."
        ).format(phones=phone_count, addresses=address_count, orders=orders))  # fmt: skip

    def _add_choice(self, row: int, merge_field: MergeField) -> int:
        group = QButtonGroup(self)
        self.choices[merge_field.key] = group
        self.grid.addWidget(QLabel(merge_field.label), row, 0, Qt.AlignmentFlag.AlignTop)
        if merge_field.key == "notes":
            self.grid.addWidget(_value_label(_empty(merge_field.keep_value)), row, 1)
            self.grid.addWidget(_value_label(_empty(merge_field.other_value)), row, 2)
            row += 1
            options = QWidget()
            box = QVBoxLayout(options)
            box.setContentsMargins(0, 0, 0, 0)
            for key, text in (("both", _("Keep both notes (one after the other)")),
                              ("keep", _("Only the notes on the left")),
                              ("other", _("Only the notes on the right"))):  # fmt: skip
                button = QRadioButton(text)
                button.setObjectName(f"notes_{key}")
                button.setProperty("choice", key)
                group.addButton(button)
                box.addWidget(button)
                button.setChecked(key == "both")
            self.grid.addWidget(options, row, 1, 1, 2)
            return row + 1
        for column, (side, value) in enumerate(
            (("keep", merge_field.keep_value), ("other", merge_field.other_value)), start=1
        ):
            button = QRadioButton(_empty(value))
            button.setObjectName(f"{merge_field.key}_{side}")
            button.setProperty("choice", side)
            button.setChecked(side == "keep")
            group.addButton(button)
            self.grid.addWidget(button, row, column)
        return row + 1

    # -- choices ---------------------------------------------------------------------------
    def choice(self, key: str) -> str:
        group = self.choices.get(key)
        button = group.checkedButton() if group is not None else None
        return str(button.property("choice")) if button is not None else "keep"

    def take_from_other(self) -> frozenset[str]:
        return frozenset(k for k in self.choices if k != "notes" and self.choice(k) == "other")

    def notes_choice(self) -> str:
        return self.choice("notes") if "notes" in self.choices else "both"

    # -- actions ---------------------------------------------------------------------------
    def swap(self) -> None:
        self.keep_id, self.other_id = self.other_id, self.keep_id
        self._load()

    def exec(self) -> int:
        if self.error is not None:
            messages.warning(self.parentWidget(), self.error)
            return QDialog.DialogCode.Rejected
        return super().exec()

    def merge(self) -> None:
        if self.keep is None or self.other is None:
            return
        keep_name = self.keep.display_name or _("(no name)")
        other_name = self.other.display_name or _("(no name)")
        question = _(
            "Merge “{other}” into “{keep}”? Afterwards “{other}” is no longer listed on its own. "
            "This cannot be undone."
        ).format(other=other_name, keep=keep_name)
        if not messages.confirm(self, question, _("Merge")):
            return
        done = self._session.bus.run_op(
            self, customer_merge.merge_customers, self.keep_id, self.other_id,
            take_from_other=self.take_from_other(), notes=self.notes_choice(),
        )  # fmt: skip
        if done is None:
            return
        self.merged = done[0]
        self.accept()
