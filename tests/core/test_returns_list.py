"""The Returns page's list and counts, the order's return state and the customer's cases, the
reason analysis and size feedback, the configurable checklist and the case photos."""

from __future__ import annotations

import datetime

import pytest

from desk.core import returns
from desk.core.errors import DomainError, ValidationError
from desk.core.returns import CaseFilter
from desk.models import Product, ReturnCase
from tests.core.orders_support import add_customer, build_shop, line, order_in_status
from tests.core.test_returns_support import inspection, open_on, signed_order, step

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_list_search_and_counts(shop):
    data = build_shop()
    other_customer = add_customer("李四", "13900001111", "lisi_shop")
    mine = open_on(data, signed_order(data))
    theirs_order = order_in_status(data, "signed", customer_id=other_customer, receiver="李四",
                                   phone="13900001111")  # fmt: skip
    theirs = open_on(data, theirs_order, "refund_only")
    returns.accept_request(mine.id, data.owner)
    returns.mark_sent_back(mine.id, "YT5550001112", "YTO", data.owner)
    rows = returns.list_cases()
    assert [r.id for r in rows] == [theirs.id, mine.id]  # newest first
    by_id = {r.id: r for r in rows}
    assert by_id[mine.id].waiting_on_shop is False  # the parcel is on its way
    assert by_id[theirs.id].waiting_on_shop is True  # a request to decide
    assert by_id[mine.id].summary == "A1023 黑色/M ×1"
    for query, expected in (
        (theirs_order.number, theirs.id), ("李四", theirs.id), ("lisi_shop", theirs.id),
        ("5550001112", mine.id), ("xiaoya", mine.id), (mine.number.lower(), mine.id),
    ):  # fmt: skip
        assert [r.id for r in returns.list_cases(CaseFilter(query=query))] == [expected], query
    assert [r.id for r in returns.list_cases(CaseFilter(statuses=("sent_back",)))] == [mine.id]
    assert [r.id for r in returns.list_cases(CaseFilter(waiting_only=True))] == [theirs.id]
    counts = returns.count_by_status(CaseFilter(statuses=("sent_back",)))
    assert (counts["sent_back"], counts["requested"], counts["waiting"], counts["all"]) == (
        1,
        1,
        1,
        2,
    )
    assert returns.count_by_status(CaseFilter(query="李四"))["all"] == 1
    assert [r.id for r in returns.cases_of_customer(other_customer)] == [theirs.id]
    assert [r.id for r in returns.cases_of_order(theirs_order.id)] == [theirs.id]
    today = datetime.date.today()
    assert returns.list_cases(CaseFilter(date_from=today + datetime.timedelta(days=1))) == []
    assert len(returns.list_cases(CaseFilter(date_from=today, date_to=today))) == 2


def test_the_order_shows_its_return_state(shop):
    data = build_shop()
    order = signed_order(data)
    assert returns.order_return_state(order.id) is None
    case = open_on(data, order, "refund_only")
    state = returns.order_return_state(order.id)
    assert case.number in state and returns.status_label("requested") in state
    returns.refund(case.id, data.owner)
    assert returns.status_label("refunded") in returns.order_return_state(order.id)


def test_reason_analysis_and_size_feedback(shop):
    data = build_shop()
    m, l_ = data.v("黑色", "M"), data.v("白色", "L")
    small = [signed_order(data, line(m, 1)) for _ in range(4)]
    large = signed_order(data, line(l_, 2))
    for order in small[:3]:
        open_on(data, order, reason="size_small")
    rejected = open_on(data, small[3], reason="size_small")
    returns.reject(rejected.id, "已穿着", data.owner)
    open_on(data, large, reason="quality", quantity=2)
    today = datetime.date.today()
    report = returns.reason_analysis(today, today)
    assert report.cases == 4  # the rejected one is not a return
    assert [(r.reason, r.cases, r.quantity) for r in report.by_reason] == [
        ("size_small", 3, 3),
        ("quality", 1, 2),
    ]
    (product,) = report.by_product
    assert (product.product_code, product.sold, product.returned) == ("A1023", 6, 5)
    assert product.reasons == {"size_small": 3, "quality": 2}
    variants = {(r.color, r.size): (r.sold, r.returned) for r in report.by_variant}
    assert variants == {("黑色", "M"): (4, 3), ("白色", "L"): (2, 2)}
    assert abs(product.rate - 5 / 6) < 1e-9
    later = today + datetime.timedelta(days=1)
    assert returns.reason_analysis(later, later).cases == 0
    feedback = returns.size_feedback(data.product_id)
    assert feedback.counts["M"].buyers == 4 and feedback.counts["M"].too_small == 4
    assert feedback.counts["L"].too_small == 0 and feedback.counts["L"].buyers == 1
    assert feedback.tendency("M")[0] == "small"


def test_the_checklist_per_category(shop):
    data = build_shop()
    assert returns.checklist_for("") == returns.DEFAULT_CHECKLIST
    row, _ = returns.add_inspection_item("鞋", "鞋盒完整")
    assert returns.checklist_for("鞋") == (*returns.DEFAULT_CHECKLIST, "鞋盒完整")
    assert returns.checklist_for("连衣裙") == returns.DEFAULT_CHECKLIST
    with pytest.raises(ValidationError):
        returns.add_inspection_item("鞋", "鞋盒完整")
    with pytest.raises(ValidationError):
        returns.add_inspection_item("鞋", "  ")
    general = returns.inspection_items("")
    returns.remove_inspection_item(general[-1].id)  # 无污渍 no longer checked
    assert returns.checklist_for("")[-1] == "无破损"
    ids = [r.id for r in returns.inspection_items("")]
    returns.reorder_inspection_items("", list(reversed(ids)))
    assert returns.checklist_for("")[0] == "无破损"
    with pytest.raises(DomainError):
        returns.reorder_inspection_items("", ids[:-1])
    # a shoe product: its returned lines get the shoe box check too
    Product.update(category="鞋").where(Product.id == data.product_id).execute()
    case = open_on(data, signed_order(data))
    step(data, case.id, "awaiting_return")
    step(data, case.id, "received")
    items = [c.item for c in returns.get_case(case.id).lines[0].checks]
    assert items[-1] == "鞋盒完整" and "无污渍" not in items
    returns.remove_inspection_item(row.id)
    with pytest.raises(DomainError):
        returns.remove_inspection_item(row.id)


def test_photos_of_a_case(shop):
    data = build_shop()
    case = open_on(data, signed_order(data))
    photo, _ = returns.add_photo(case.id, PNG, "污渍.png", case.lines[0].id)
    assert photo.mime == "image/png" and photo.size == len(PNG)
    assert returns.photo_bytes(photo.id) == ("image/png", PNG)
    with pytest.raises(ValidationError) as refused:
        returns.add_photo(case.id, b"not a picture", "说明.txt")
    assert "说明.txt" in refused.value.message
    assert [p.id for p in returns.get_case(case.id).photos] == [photo.id]
    returns.delete_photo(photo.id)
    assert returns.get_case(case.id).photos == ()


def test_notes_and_the_inspection_summary_in_the_log(shop):
    data = build_shop()
    case = open_on(data, signed_order(data))
    returns.add_note(case.id, "买家发来照片", data.partner)
    with pytest.raises(ValidationError):
        returns.add_note(case.id, "   ", data.partner)
    step(data, case.id, "awaiting_return")
    step(data, case.id, "received")
    returns.record_inspection(case.id, inspection(returns.get_case(case.id)), data.owner)
    detail = returns.get_case(case.id)
    assert [e.to_status for e in detail.events] == [
        "requested",
        "requested",
        "awaiting_return",
        "received",
        "inspected",
    ]
    assert detail.events[1].note == "买家发来照片"
    assert ReturnCase.get_by_id(case.id).status == "inspected"
