"""Shipping labels (打单): the labels' data from orders, the glyph check, printing (the print
log, 已打单) and the log. Templates and printer calibration live in desk.core.label_templates
(re-exported here, so `labels.get_template`, `labels.get_calibration` … keep working).

Printing: `print_labels` renders the PDF, then in one transaction moves the confirmed orders to
已打单 (order_flow.mark_printed) and writes a PrintJob with one PrintJobOrder per order. An order
printed before is a reprint (补打): refused unless `reprint` with a reason, and marked on its
label. When the printer fails mid-batch the UI calls `record_failed` for the orders that did not
come out; an order whose every print failed is not a reprint. `preview_labels` renders without
recording anything (the preview, and the headless `python -m desk labels`).
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

# order_draft, order_flow and orders are imported where they are used: they pull in the
# customer and order services, which `python -m desk labels` (only reading) does not need
from desk.core import changes, settings
from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.core.label_templates import (  # noqa: F401  (re-exported: callers use labels.X)
    MAX_BACKGROUND, MAX_NAME, MAX_OFFSET_MM, SCALE_RANGE, TemplateInfo, copy_template,
    delete_template, ensure_builtin_templates, get_background, get_calibration, get_template,
    image_kind, list_templates, save_calibration, save_template,
)  # fmt: skip
from desk.db.connection import db
from desk.i18n import _
from desk.models import PrintJob, PrintJobOrder
from desk.models.base import now
from desk.pdf import fonts
from desk.pdf.label_spec import LabelSpec
from desk.pdf.labels import LabelData, LabelItem, render_labels

MAX_REASON = 200
MEMO_CHARS = 60
_CHUNK = 500


# --- the labels' data ---------------------------------------------------------------------------


def _chunks(ids: list[int]):
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        yield chunk, ", ".join("?" for _id in chunk)


def _automatic_memos(memos: Iterable[list[tuple[str | None, str]]]) -> set[str]:
    """The "flag set to …" lines (Chinese and English): history, not a note for the label.
    Empty when no memo of `memos` can be one (no need to load the order services then)."""
    removed = {_("Flag removed"), "Flag removed"}
    starts = (_("Flag set to {flag}").partition("{flag}")[0], "Flag set to ")
    seen = (" ".join(text.split()) for rows in memos for _flag, text in rows)  # as _memo sees them
    if not any(text in removed or text.startswith(starts) for text in seen):
        return set()
    from desk.core import orders

    texts = {orders.flag_memo_text(None), "Flag removed"}
    for key, label in orders.FLAG_LABELS.items():
        texts |= {orders.flag_memo_text(key), f"Flag set to {label}"}
    return texts


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _memo(memos: list[tuple[str | None, str]], automatic: set[str]) -> str:
    """The yellow memos (a request for the courier), else the newest memo, one line, shortened."""
    texts = [(flag, " ".join(text.split())) for flag, text in memos]
    texts = [(flag, text) for flag, text in texts if text and text not in automatic]
    courier = list(dict.fromkeys(text for flag, text in texts if flag == "yellow"))
    text = _("; ").join(courier) if courier else (texts[-1][1] if texts else "")
    return _shorten(text, MEMO_CHARS)


def _address(province: str, city: str, district: str, street: str) -> str:
    city = "" if city == province else city
    return "".join(" ".join(p.split()) for p in (province, city, district, street) if p)


def _printable(order_ids: list[int]) -> dict[int, tuple]:
    """id → (number, status, receiver, phone, province, city, district, street, courier);
    DomainError for an order that is gone, merged away or closed."""
    found: dict[int, tuple] = {}
    for chunk, marks in _chunks(order_ids):
        for row in db.execute_sql(
            "SELECT o.id, o.number, o.status, o.receiver, o.phone, o.province, o.city,"
            " o.district, o.street, o.courier, m.number"
            f' FROM "order" o LEFT JOIN "order" m ON m.id = o.merged_into_id WHERE o.id IN ({marks})',
            chunk,
        ):
            if row[10] is not None:
                raise DomainError(_("Order {number} was merged into order {main}: print that "
                                    "one.").format(number=row[1], main=row[10]))  # fmt: skip
            if row[2] == "closed":
                raise DomainError(
                    _("Order {number} is closed: it has no label.").format(number=row[1])
                )
            found[row[0]] = row[1:10]
    if len(found) < len(order_ids):
        raise DomainError(_("This order no longer exists."))
    return found


def label_data(order_ids: Iterable[int], *, reprint: bool = False) -> list[LabelData]:
    """One label per order, in the order given: receiver, phone (whole: the template masks it),
    address, the shop as sender, courier, tracking number (the order's latest shipment, or ""),
    items, memo, today's date."""
    ids = list(dict.fromkeys(order_ids))
    heads = _printable(ids)
    lines: dict[int, list] = {i: [] for i in ids}
    memos: dict[int, list] = {i: [] for i in ids}
    shipped: dict[int, tuple[str, str]] = {}
    for chunk, marks in _chunks(ids):
        for row in db.execute_sql(
            "SELECT order_id, product_code, color, size, quantity FROM order_line"
            f" WHERE order_id IN ({marks}) ORDER BY order_id, position, id", chunk,
        ):  # fmt: skip
            lines[row[0]].append(LabelItem(*row[1:]))
        for row in db.execute_sql(
            f"SELECT order_id, flag, text FROM order_memo WHERE order_id IN ({marks})"
            " ORDER BY order_id, at, id", chunk,
        ):  # fmt: skip
            memos[row[0]].append(row[1:])
        for row in db.execute_sql(
            f"SELECT order_id, courier, tracking_no FROM shipment WHERE order_id IN ({marks})"
            " ORDER BY order_id, created_at, id", chunk,
        ):  # fmt: skip
            shipped[row[0]] = (row[1], row[2])  # the latest wins
    profile = settings.get_profile()
    automatic = _automatic_memos(memos.values())
    today = datetime.date.today()
    labels = []
    for order_id in ids:
        number, _status, receiver, phone, province, city, district, street, courier = heads[
            order_id
        ]
        ship_courier, tracking = shipped.get(order_id, (courier, ""))
        labels.append(LabelData(
            order_number=number,
            receiver_name=" ".join(receiver.split()),
            receiver_phone=phone,
            receiver_address=_address(province, city, district, street),
            sender_name=profile.sender_name or profile.shop_name,
            sender_phone=profile.sender_phone,
            sender_address=profile.sender_address,
            courier_name=settings.courier_name(ship_courier or courier),
            tracking_no=tracking,
            items=tuple(lines[order_id]),
            memo=_memo(memos[order_id], automatic),
            print_date=today,
            reprint=reprint,
        ))  # fmt: skip
    return labels


def _texts(label: LabelData) -> str:
    return "\n".join((label.order_number, label.receiver_name, label.receiver_phone,
                      label.receiver_address, label.sender_name, label.sender_phone,
                      label.sender_address, label.courier_name, label.tracking_no, label.memo,
                      *(f"{i.code} {i.color} {i.size}" for i in label.items)))  # fmt: skip


def glyph_problems(order_ids: Iterable[int]) -> list[tuple[str, list[str]]]:
    """(order number, characters the Chinese font cannot draw) for each order that has any —
    asked before printing, so nothing comes out as an empty box unannounced."""
    return _glyph_problems(label_data(order_ids))


def _glyph_problems(labels: list[LabelData]) -> list[tuple[str, list[str]]]:
    if not fonts.missing_glyphs("".join(_texts(label) for label in labels)):
        return []  # the usual case, checked at once
    found = []
    for label in labels:
        missing = fonts.missing_glyphs(_texts(label))
        if missing:
            found.append((label.order_number, missing))
    return found


# --- choosing orders ----------------------------------------------------------------------------


def orders_to_print(day: datetime.date | None = None, *, limit: int | None = None) -> list[int]:
    """The confirmed orders whose label is not printed yet, the longest waiting first (paid on
    `day` when given)."""
    sql = "SELECT id FROM \"order\" WHERE status = 'confirmed' AND merged_into_id IS NULL"
    args: list = []
    if day is not None:
        start = datetime.datetime.combine(day, datetime.time())
        sql += " AND COALESCE(paid_at, created_at) >= ? AND COALESCE(paid_at, created_at) < ?"
        args += [start.isoformat(" "), (start + datetime.timedelta(days=1)).isoformat(" ")]
    sql += " ORDER BY COALESCE(paid_at, created_at), id"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(max(int(limit), 0))
    return [row[0] for row in db.execute_sql(sql, args)]


def oldest_first(order_ids: Iterable[int]) -> list[int]:
    """The orders by when they were paid (or taken), oldest first."""
    ids = list(dict.fromkeys(order_ids))
    when: dict[int, tuple] = {}
    for chunk, marks in _chunks(ids):
        for row in db.execute_sql(
            f'SELECT id, COALESCE(paid_at, created_at) FROM "order" WHERE id IN ({marks})', chunk
        ):
            when[row[0]] = (str(row[1]), row[0])
    return sorted(ids, key=lambda i: when.get(i, ("", i)))


# --- printing -----------------------------------------------------------------------------------


class PrintedLabels(bytes):
    """The PDF of a recorded print (bytes), with the log's `job_id` and the page count."""

    job_id: int
    pages: int
    reprinted: tuple[str, ...]  # the order numbers printed again (补打)


def _pages(spec: LabelSpec, count: int, start_at: int) -> int:
    if spec.sheet is None:
        return count
    return math.ceil((start_at - 1 + count) / spec.sheet.per_page)


def _check_start(spec: LabelSpec, start_at: int) -> int:
    most = spec.sheet.per_page if spec.sheet is not None else 1
    if isinstance(start_at, bool) or not isinstance(start_at, int) or not 1 <= start_at <= most:
        raise ValidationError(
            _("Start at a label from 1 to {count}.").format(count=most), "start_at"
        )
    return start_at


def _render(
    order_ids: list[int],
    template: str,
    printer: str,
    start_at: int,
    again: set[int],
    print_anyway: bool,
    labels: list[LabelData] | None = None,
) -> tuple[bytes, LabelSpec]:
    info = get_template(template)
    start_at = _check_start(info.spec, start_at)
    if labels is None:
        labels = label_data(order_ids)
    if again:
        labels = [dataclasses.replace(label, reprint=order_id in again)
                  for order_id, label in zip(order_ids, labels, strict=True)]  # fmt: skip
    dx, dy, scale = get_calibration(printer, info.name)
    data = render_labels(labels, info.spec, offset_mm=(dx, dy), scale=scale, start_at=start_at,
                         check_glyphs=not print_anyway)  # fmt: skip
    return data, info.spec


def preview_labels(
    order_ids: Iterable[int],
    template: str,
    *,
    printer: str = "",
    start_at: int = 1,
    print_anyway: bool = False,
) -> bytes:
    """The labels as a PDF (the printer's calibration applied), recording nothing.
    `print_anyway`: characters the font lacks were shown to the user (glyph_problems), who
    chose to print them as they come out; otherwise they are refused (MissingGlyphs)."""
    ids = list(dict.fromkeys(order_ids))
    if not ids:
        raise ValidationError(_("Choose the orders to print."), "orders")
    return _render(ids, template, printer, start_at, set(), print_anyway)[0]


def checked_preview(
    order_ids: Iterable[int], template: str, *, start_at: int = 1, print_anyway: bool = False
) -> tuple[bytes | None, list[tuple[str, list[str]]]]:
    """The glyph check and then preview_labels, the labels' data read once (the headless
    `python -m desk labels`): (PDF, []) or, when characters are missing and not
    `print_anyway`, (None, glyph problems as glyph_problems gives them)."""
    ids = list(dict.fromkeys(order_ids))
    if not ids:
        raise ValidationError(_("Choose the orders to print."), "orders")
    info = get_template(template)
    _check_start(info.spec, start_at)
    labels = label_data(ids)
    if not print_anyway:
        problems = _glyph_problems(labels)
        if problems:
            return None, problems
    # the check above covers every text on the labels: the renderer need not check again
    return _render(ids, info.name, "", start_at, set(), True, labels)[0], []


def _printed_before(order_ids: list[int]) -> dict[int, str]:
    """id → number of the orders whose label was printed before (printed or later, unless every
    print of it failed)."""
    from desk.core import order_flow

    found: dict[int, str] = {}
    statuses = ", ".join(f"'{s}'" for s in order_flow.PRINTED_OR_LATER)
    for chunk, marks in _chunks(order_ids):
        for row in db.execute_sql(
            f'SELECT o.id, o.number FROM "order" o WHERE o.id IN ({marks})'
            f" AND o.status IN ({statuses}) AND NOT (EXISTS (SELECT 1 FROM print_job_order i"
            " WHERE i.order_id = o.id) AND NOT EXISTS (SELECT 1 FROM print_job_order i"
            " WHERE i.order_id = o.id AND i.result = 'printed'))",
            chunk,
        ):
            found[row[0]] = row[1]
    return found


def _not_confirmed(order_ids: list[int], again: dict[int, str]) -> None:
    from desk.core import order_flow, orders

    for chunk, marks in _chunks(order_ids):
        for order_id, number, status in db.execute_sql(
            f'SELECT id, number, status FROM "order" WHERE id IN ({marks})', chunk
        ):
            if order_id not in again and status not in ("confirmed",) + order_flow.PRINTED_OR_LATER:
                raise DomainError(
                    _("Order {number} is {status}: check and confirm it before printing its "
                      "label.").format(number=number, status=orders.status_label(status))
                )  # fmt: skip


def print_labels(
    order_ids: Iterable[int],
    template: str,
    *,
    printer: str = "",
    staff_id: int | None = None,
    reprint: bool = False,
    reason: str = "",
    start_at: int = 1,
    print_anyway: bool = False,
) -> tuple[PrintedLabels, Changes]:
    """Render the labels and record the print: confirmed orders become 已打单, a PrintJob (who,
    when, template, printer, reprint and reason) lists every order. Orders printed before are
    refused unless `reprint` with a reason (their labels say 补打). `print_anyway`: see
    preview_labels. The PDF comes back as PrintedLabels (bytes with the log's job id)."""
    ids = list(dict.fromkeys(order_ids))
    if not ids:
        raise ValidationError(_("Choose the orders to print."), "orders")
    reason = " ".join(str(reason or "").split())
    if reprint and not reason:
        raise ValidationError(_("Say why the labels are printed again."), "reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(_("The reason is too long (at most {count} characters).").format(
            count=MAX_REASON), "reason")  # fmt: skip
    from desk.core import order_draft, order_flow

    order_draft.check_staff(staff_id)
    _printable(ids)  # gone, merged, closed: refused before anything is drawn
    again = _printed_before(ids)
    if again and not reprint:
        raise DomainError(
            _("These orders were printed before: {numbers}. Printing them again is a reprint "
              "(补打): give a reason.").format(numbers="、".join(again.values()))
        )  # fmt: skip
    _not_confirmed(ids, again)
    data, spec = _render(ids, template, printer, start_at, set(again), print_anyway)
    pages = _pages(spec, len(ids), start_at)
    with order_draft.transaction():
        done = order_flow.mark_printed([i for i in ids if i not in again], staff_id)
        job = PrintJob.create(kind="labels", template=spec.name, printer=(printer or "").strip(),
                              staff=staff_id, at=now(), reprint=bool(again),
                              reason=reason, pages=pages)  # fmt: skip
        couriers: dict[int, str] = {}
        for chunk, marks in _chunks(ids):
            couriers.update(db.execute_sql(
                f'SELECT id, courier FROM "order" WHERE id IN ({marks})', chunk).fetchall())  # fmt: skip
        rows = [{"job": job.id, "order": i, "courier": couriers.get(i, ""), "result": "printed"}
                for i in ids]  # fmt: skip
        for start in range(0, len(rows), _CHUNK // 5):  # SQLite's bound-variable limit
            PrintJobOrder.insert_many(rows[start : start + _CHUNK // 5]).execute()
    result = PrintedLabels(data)
    result.job_id, result.pages, result.reprinted = job.id, pages, tuple(again.values())
    return result, done | Changes.of(changes.LABELS, changes.ORDERS)


def record_failed(job_id: int, order_ids: Iterable[int]) -> Changes:
    """The printer stopped mid-batch: these orders' labels did not come out (the log says so,
    and printing them again later is no reprint)."""
    from desk.core import order_draft

    ids = list(dict.fromkeys(order_ids))
    with order_draft.transaction():
        if PrintJob.get_or_none(PrintJob.id == job_id) is None:
            raise DomainError(_("This print is no longer in the log."))
        for chunk, _marks in _chunks(ids):
            (PrintJobOrder.update(result="failed")
             .where((PrintJobOrder.job == job_id) & PrintJobOrder.order.in_(chunk)).execute())  # fmt: skip
    return Changes.of(changes.LABELS)


# --- the print log ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintLogRow:
    job_id: int
    at: datetime.datetime
    kind: str
    template: str
    printer: str
    staff_name: str
    reprint: bool
    reason: str
    pages: int
    orders: tuple[str, ...]  # order numbers, as printed
    failed: tuple[str, ...]  # the ones whose label did not come out


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def print_log(query: str = "", limit: int = 200) -> list[PrintLogRow]:
    """The prints, newest first; `query` finds an order number, template, staff, printer or
    reason (any part of it)."""
    query = " ".join(str(query or "").split())
    sql = ("SELECT j.id, j.at, j.kind, j.template, j.printer, COALESCE(s.name, ''), j.reprint,"
           " j.reason, j.pages FROM print_job j LEFT JOIN staff s ON s.id = j.staff_id")  # fmt: skip
    args: list = []
    if query:
        like = _like(query)
        sql += (" WHERE j.template LIKE ? ESCAPE '\\' OR s.name LIKE ? ESCAPE '\\'"
                " OR j.printer LIKE ? ESCAPE '\\' OR j.reason LIKE ? ESCAPE '\\'"
                " OR EXISTS (SELECT 1 FROM print_job_order i JOIN \"order\" o ON o.id = i.order_id"
                " WHERE i.job_id = j.id AND o.number LIKE ? ESCAPE '\\')")  # fmt: skip
        args += [like] * 5
    sql += " ORDER BY j.at DESC, j.id DESC LIMIT ?"
    jobs = db.execute_sql(sql, [*args, max(int(limit), 0)]).fetchall()
    items: dict[int, list[tuple[str, str]]] = {job[0]: [] for job in jobs}
    for chunk, marks in _chunks(list(items)):
        for job_id, number, result in db.execute_sql(
            'SELECT i.job_id, o.number, i.result FROM print_job_order i JOIN "order" o'
            f" ON o.id = i.order_id WHERE i.job_id IN ({marks}) ORDER BY i.id", chunk,
        ):  # fmt: skip
            items[job_id].append((number, result))
    return [
        PrintLogRow(job[0], _time(job[1]), job[2], job[3], job[4], job[5], bool(job[6]), job[7],
                    job[8], tuple(n for n, _r in items[job[0]]),
                    tuple(n for n, r in items[job[0]] if r == "failed"))
        for job in jobs
    ]  # fmt: skip


def _time(value) -> datetime.datetime:
    return value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(value)
