"""The right side of the Returns page: the selected case at a glance (lines with their checklist
and decision, refund, who pays the return postage, the 7-day window, every step with who and
when) and buttons for the steps its kind and status allow next — nothing else is offered."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desk.core import returns, settings
from desk.core.errors import DomainError
from desk.core.money import format_yuan
from desk.core.returns import CaseDetail, CaseLine
from desk.i18n import N_, _
from desk.ui.widgets.buttons import action_button

WARN = "#c53030"
MUTED = "#8a94a6"


@dataclass(frozen=True)
class Step:
    key: str  # the action the page runs
    label: str  # N_
    tip: str  # N_
    name: str  # the button's object name


STEPS = (
    Step("accept", N_("Accept request"), N_("The buyer may send the goods back (待寄回)"),
         "acceptRequest"),
    Step("sent_back", N_("Return tracking no.…"),
         N_("The buyer sent the goods: scan or type the return tracking number"), "sentBack"),
    Step("receive", N_("Goods received"), N_("The returned parcel arrived (已收货)"),
         "receiveGoods"),
    Step("inspect", N_("Inspect…"), N_("Check every returned item against the checklist (验货)"),
         "inspectGoods"),
    Step("refund", N_("Refund…"), N_("Record the refund (已退款)"), "refundCase"),
    Step("exchange", N_("Send exchange…"),
         N_("Send the new size or colour as a linked order (已换货发出)"), "sendExchange"),
    Step("complete", N_("Complete"), N_("Nothing more to do (完成)"), "completeCase"),
    Step("reject", N_("Reject…"), N_("Refuse the case, with a reason (已拒绝)"), "rejectCase"),
)  # fmt: skip
STEP_TIPS = {step.key: step.tip for step in STEPS}
#: Which step buttons a case shows: a move its kind and status allow, or (inspect) a repeat.
STEP_MOVES = {
    "accept": "awaiting_return",
    "sent_back": "sent_back",
    "receive": "received",
    "inspect": "inspected",
    "refund": "refunded",
    "exchange": "exchange_sent",
    "complete": "completed",
    "reject": "rejected",
}


def allowed_steps(case: CaseDetail) -> list[str]:
    """The step keys offered for the case: its allowed next statuses, plus inspecting again while
    验货."""
    steps = [key for key, status in STEP_MOVES.items() if status in case.next_statuses]
    if case.status == "inspected" and "inspect" not in steps:
        steps.insert(0, "inspect")
    return steps


def _at(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def _line_html(line: CaseLine) -> str:
    e = escape
    parts = [
        f"<b>{e(line.label())}</b> {e(line.product_name)} · {format_yuan(line.amount_fen, True)}"
    ]
    if line.exchange_label:
        parts.append(" → " + e(_("exchange for {variant}").format(variant=line.exchange_label)))
    checks = []
    for check in line.checks:
        if check.passed is None:
            mark, color = "○", MUTED
        elif check.passed:
            mark, color = "✓", "#2f855a"
        else:
            mark, color = "✗", WARN
        note = f" ({e(check.note)})" if check.note else ""
        checks.append(f"<span style='color:{color}'>{mark} {e(check.item)}{note}</span>")
    if checks:
        parts.append("<br>" + " &nbsp; ".join(checks))
    if line.decision:
        text = returns.decision_label(line.decision)
        if line.decision == "partial" and line.partial_refund_fen is not None:
            text += " " + format_yuan(line.partial_refund_fen, True)
        if line.decision_note:
            text += " — " + line.decision_note
        parts.append("<br>" + e(_("Decision: {text}").format(text=text)))
    if line.restocked:
        parts.append("<br><span style='color:#2f855a'>" + e(_("Back in stock")) + "</span>")
    return "<p>" + "".join(parts) + "</p>"


def case_html(case: CaseDetail) -> str:
    """The case as the person at the desk reads it."""
    e = escape
    parts = [
        f"<p style='font-size:12pt'><b>{e(case.number)}</b> · {e(returns.kind_label(case.kind))}"
        f" · <b>{e(returns.status_label(case.status))}</b></p>",
        "<p>"
        + e(
            _("Order {number} ({status})").format(
                number=case.order_number, status=_order_status(case.order_status)
            )
        )
        + "<br>"
        + e(case.customer_name)
        + (f" · {e(case.customer_nick)}" if case.customer_nick else "")
        + "</p>",
        "<p>"
        + e(
            _("Reason: {reason}").format(reason=returns.reason_label(case.reason, case.reason_text))
        )
        + "</p>",
    ]
    payer = returns.payer_label(case.postage_payer)
    if case.insured and case.postage_payer != "insurance":
        payer += " · " + _("Return-postage insurance")
    if case.postage_note:
        payer += " — " + case.postage_note
    parts.append("<p>" + e(_("Return postage paid by: {payer}").format(payer=payer)) + "</p>")
    window = case.window
    if window.message:  # the deadline in words (estimated or passed said there)
        style = f"color:{WARN}; font-weight:bold" if window.passed else f"color:{MUTED}"
        parts.append(f"<p style='{style}'>{e(window.message)}</p>")
    if case.return_tracking_no:
        courier = (
            settings.courier_name(case.return_courier)
            if case.return_courier in settings.COURIERS
            else case.return_courier
        )
        parts.append(
            "<p>"
            + e(
                _("Return parcel: {courier} {tracking}").format(
                    courier=courier, tracking=case.return_tracking_no
                )
            )
            + "</p>"
        )
    if case.exchange_order_number:
        shipped = not case.complete_blocker
        style = "" if shipped else f" style='color:{WARN}'"
        parts.append(
            f"<p{style}>"
            + e(
                _("Exchange order: {number} ({status})").format(
                    number=case.exchange_order_number,
                    status=_order_status(case.exchange_order_status),
                )
            )
            + "</p>"
        )
    if case.complete_blocker:  # why 完成 is greyed out, where the eye already is
        parts.append(f"<p style='color:{MUTED}'>{e(case.complete_blocker)}</p>")
    parts.append("<hr>" + "".join(_line_html(line) for line in case.lines))
    money = case.money
    if case.kind == "exchange" and money.refunded_at is None:  # the new items, no refund
        from desk.ui.returns.open_dialog import difference_text

        refund = _("Price difference: {text}").format(
            text=difference_text(case.price_difference_fen)
        )
    elif money.refunded_at is not None:
        refund = _("Refunded {amount} on {at}").format(
            amount=format_yuan(money.refund_fen, True), at=_at(money.refunded_at)
        )
    else:
        refund = _("Refund suggested {amount} (at most {max}; order paid {paid})").format(
            amount=format_yuan(money.suggested_fen, True),
            max=format_yuan(money.max_refund_fen, True),
            paid=format_yuan(money.paid_fen, True),
        )
    parts.append(f"<p><b>{e(refund)}</b></p>")
    if case.photos:
        parts.append("<p>" + e(_("{count} photos").format(count=len(case.photos))) + "</p>")
    events = "".join(
        f"<tr><td>{ev.at.strftime('%m-%d %H:%M')}</td><td>{e(ev.staff_name or '—')}</td>"
        f"<td>{e(returns.status_label(ev.to_status))}</td><td>{e(ev.note)}</td></tr>"
        for ev in case.events
    )
    parts.append("<hr><p><b>" + e(_("Steps")) + f"</b></p><table cellspacing='4'>{events}</table>")
    return "".join(parts)


def _order_status(status: str) -> str:
    from desk.core import orders

    return orders.status_label(status)


class CaseDetailPanel(QWidget):
    step_requested = Signal(str)  # a Step key
    note_requested = Signal()  # the 退货单
    order_requested = Signal()  # open the order in Orders
    postage_requested = Signal()  # who pays the return postage

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.case: CaseDetail | None = None
        self.text = QTextBrowser()
        self.text.setObjectName("caseDetail")
        self.text.setOpenLinks(False)
        self.buttons: dict[str, QPushButton] = {}
        self.grid = grid = QGridLayout()
        grid.setSpacing(4)
        for index, step in enumerate(STEPS):
            button = action_button(
                _(step.label), step.name,
                lambda _c=False, key=step.key: self.step_requested.emit(key), tip=_(step.tip),
            )  # fmt: skip
            self.buttons[step.key] = button
            grid.addWidget(button, index // 3, index % 3)
        self.note_button = action_button(_("Return note…"), "returnNote", self.note_requested,
                                         tip=_("Print or save the 退货单 (PDF)"))  # fmt: skip
        self.order_button = action_button(_("Open order"), "caseOrder", self.order_requested)
        self.postage_button = QPushButton(_("Postage…"))
        self.postage_button.setObjectName("casePostage")
        self.postage_button.setToolTip(_("Who pays the return postage (with a note when not as "
                                         "the rules say)"))  # fmt: skip
        self.postage_button.setAutoDefault(False)
        self.postage_button.clicked.connect(self.postage_requested)
        tools = QGridLayout()
        tools.addWidget(self.postage_button, 0, 0)
        tools.addWidget(self.note_button, 0, 1)
        tools.addWidget(self.order_button, 0, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addLayout(grid)
        layout.addLayout(tools)
        self.show_case(None)

    def show_case(self, case_id: int | None) -> None:
        self.case = None
        if case_id is not None:
            try:
                self.case = returns.get_case(case_id)
            except DomainError as exc:
                self.text.setPlainText(exc.message)
        if self.case is not None:
            self.text.setHtml(case_html(self.case))
        elif case_id is None:
            self.text.setHtml(
                f"<p style='color:{MUTED}'>"
                + escape(
                    _(
                        "Choose a case to see it here. A new case is opened from an order: "
                        "Orders → Return / exchange…."
                    )
                )
                + "</p>"
            )
        steps = allowed_steps(self.case) if self.case is not None else []
        for key, button in self.buttons.items():
            self.grid.removeWidget(button)
            button.setVisible(key in steps)
            button.setEnabled(key in steps)
        for index, key in enumerate(steps):  # the offered steps side by side, no gaps
            self.grid.addWidget(self.buttons[key], index // 3, index % 3)
        blocker = self.case.complete_blocker if self.case is not None else ""
        complete = self.buttons["complete"]
        complete.setEnabled("complete" in steps and not blocker)
        usual_tip = STEP_TIPS["complete"]  # a msgid from the table (not a literal inside _())
        complete.setToolTip(blocker or _(usual_tip))
        self.note_button.setEnabled(self.case is not None)
        self.postage_button.setEnabled(self.case is not None and self.case.is_open)
        self.order_button.setEnabled(self.case is not None)
