"""Taking an order: checked input (every bad input of the issue), totals in fen, numbers, the
text snapshot of the lines, 加单 and the editor's warnings."""

from __future__ import annotations

import threading

import pytest

from desk.core import (
    changes,
    customer_merge,
    customers,
    money,
    order_flow,
    orders,
    products,
    settings,
    staff,
    stock,
    variants,
)
from desk.core.errors import DomainError, ValidationError
from desk.core.orders import LineDraft, OrderDraft
from desk.core.products import ProductDraft
from desk.db.connection import db
from desk.i18n import _
from desk.models import Order, OrderEvent, OrderLine, OrderMemo, Product, StockMovement, Variant
from tests.core.orders_support import (
    add_customer,
    add_product,
    build_shop,
    draft_for,
    line,
    make_order,
    order_in_status,
)


@pytest.fixture
def s(shop):
    return build_shop()


def staff_names():
    return {p.id: p.name for p in staff.list_staff()}


def levels(variant_id):
    v = Variant.get_by_id(variant_id)
    return v.stock, v.reserved


def nothing_written():
    return (Order.select().count(), OrderLine.select().count(), OrderEvent.select().count(),
            OrderMemo.select().count()) == (0, 0, 0, 0)


def test_an_order_with_two_lines_has_its_totals_in_fen_and_a_snapshot(s):
    detail, done = orders.create_order(
        draft_for(
            s,
            line(s.v("黑色", "M"), 2),  # 2 × 129.00
            line(s.v("白色", "L"), 1, unit_price_fen=11990, discount_fen=990),  # 119.90 − 9.90
            postage_fen=1000, discount_fen=500, gift="发圈", memo="周五前发顺丰", flag="yellow",
        ),
        s.owner,
    )
    assert done.concerns(changes.ORDERS) and not done.concerns(changes.STOCK)
    names = staff_names()
    assert detail.totals == orders.Totals(goods_fen=25800 + 11000, postage_fen=1000,
                                          discount_fen=500, total_fen=36800 + 1000 - 500)
    first, second = detail.lines
    assert (first.product_code, first.product_name, first.color, first.size) == (
        "A1023", "法式碎花连衣裙", "黑色", "M")
    assert (first.quantity, first.unit_price_fen, first.amount_fen) == (2, 12900, 25800)
    assert (second.unit_price_fen, second.discount_fen, second.amount_fen) == (11990, 990, 11000)
    assert first.label() == "A1023 黑色/M ×2"
    assert (detail.receiver, detail.phone, detail.address_line) == (
        "王小丫", "13812345678", "浙江省杭州市西湖区文三路100号3幢201室")
    assert (detail.status, detail.flag, detail.gift, detail.source) == (
        "unpaid", "yellow", "发圈", "manual")
    assert detail.courier == settings.get_profile().default_courier
    assert detail.customer_name == "王小丫" and detail.customer_nick == "xiaoya_88"
    [memo] = detail.memos
    assert (memo.text, memo.flag, memo.staff_name, memo.read_at) == ("周五前发顺丰", "yellow",
                                                                     names[s.owner], None)
    assert memo.at == detail.created_at
    [event] = detail.events
    assert (event.kind, event.from_status, event.to_status, event.staff_name) == (
        "status", None, "unpaid", names[s.owner])
    assert event.at == detail.created_at
    assert detail.number == detail.created_at.strftime("%Y%m%d") + "-00001"
    assert levels(s.v("黑色", "M")) == (10, 0)  # an unpaid order holds nothing
    assert orders.quote(draft_for(s, line(s.v("黑色", "M"), 2))).total_fen == 25800


def test_paid_at_creation_reserves_and_counts_for_the_customer(s):
    detail, done = orders.create_order(draft_for(s, line(s.v(), 3), paid=True), s.partner)
    assert detail.status == "paid" and detail.paid_at is not None
    assert done.concerns(changes.ORDERS) and done.concerns(changes.STOCK)
    assert done.concerns(changes.CUSTOMERS)
    assert levels(s.v()) == (10, 3)
    assert [(e.from_status, e.to_status) for e in detail.events] == [(None, "unpaid"),
                                                                     ("unpaid", "paid")]
    figures = customers.get_customer(s.customer_id).figures
    assert (figures.order_count, figures.total_spent_fen) == (1, 3 * 12900)


def test_numbers_follow_each_other_within_a_day_and_start_again_the_next(s):
    import datetime

    numbers = [make_order(s).number for _ in range(3)]
    prefix = numbers[0][:9]
    assert numbers == [prefix + "00001", prefix + "00002", prefix + "00003"]
    other_day = datetime.datetime(2031, 2, 3, 10, 0)
    detail, _ = orders.create_order(draft_for(s), created_at=other_day)
    assert detail.number == "20310203-00001" and detail.created_at == other_day


def test_a_number_taken_meanwhile_means_the_next_one(s, monkeypatch):
    taken = make_order(s).number
    real = orders._next_number
    calls = []

    def racing(day):  # another window inserted `taken` between our look and our insert
        calls.append(day)
        return taken if len(calls) == 1 else real(day)

    monkeypatch.setattr(orders, "_next_number", racing)
    detail = make_order(s)
    assert len(calls) == 2 and detail.number != taken
    assert detail.number.endswith("-00002")
    assert Order.select().count() == 2


def test_orders_taken_at_the_same_time_in_threads_get_different_numbers(s):
    draft = draft_for(s)
    made, errors = [], []
    lock = threading.Lock()

    def worker():
        try:
            for _ in range(8):
                detail, _changes = orders.create_order(draft)
                with lock:
                    made.append(detail.number)
        except Exception as exc:  # pragma: no cover - shown by the assert below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(made) == 32 and len(set(made)) == 32
    suffixes = sorted(int(n.split("-")[1]) for n in made)
    assert suffixes == list(range(1, 33))


@pytest.mark.parametrize("quantity", [0, -1, 1.5, 2.0, True, "2", None, orders.MAX_QUANTITY + 1])
def test_a_quantity_must_be_a_whole_number_from_1(s, quantity):
    with pytest.raises(ValidationError) as error:
        orders.create_order(draft_for(s, line(s.v(), 1), LineDraft(s.v("白色", "S"), quantity)))
    assert error.value.field == "lines"
    assert "2" in error.value.message  # names the line
    assert nothing_written()


def test_the_largest_quantity_is_accepted(s):
    detail = make_order(s, line(s.v(), orders.MAX_QUANTITY))
    assert detail.lines[0].quantity == orders.MAX_QUANTITY


def test_a_price_with_three_decimals_never_reaches_the_order(s):
    with pytest.raises(ValidationError) as error:
        money.parse_yuan("129.905", "unit_price")
    assert error.value.field == "unit_price"
    # had the editor passed on the yuan amount, or fen with a fraction, the service refuses it
    for price in (129.905, 12990.5, -100, money.MAX_FEN + 1):
        with pytest.raises(ValidationError) as error:
            orders.create_order(draft_for(s, line(s.v(), 1, unit_price_fen=price)))
        assert error.value.field == "lines"
    assert nothing_written()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("postage", {"postage_fen": -1}),
        ("postage", {"postage_fen": 10.5}),
        ("discount", {"discount_fen": -500}),
        ("discount", {"discount_fen": 12900 + 1000 + 1}),  # more than goods + postage
        ("lines", {"lines": (LineDraft(None, 1),)}),  # no variant chosen
        ("lines", {"lines": (LineDraft(999_999, 1),)}),  # a variant that does not exist
        ("lines", {"lines": ()}),
        ("phone", {"phone": "12345"}),
        ("postcode", {"postcode": "3100"}),
        ("courier", {"courier": "UPS"}),
        ("flag", {"flag": "pink"}),
        ("gift", {"gift": "赠" * (orders.MAX_GIFT + 1)}),
        ("memo", {"memo": "备" * (orders.MAX_MEMO + 1)}),
        ("street", {"street": "路" * 201}),
        ("buyer_message", {"buyer_message": "留" * (orders.MAX_MESSAGE + 1)}),
        ("customer", {"customer_id": 999_999}),
    ],
)
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(s, field, values):
    with pytest.raises(ValidationError) as error:
        orders.create_order(draft_for(s, line(s.v()), **{"postage_fen": 1000, **values}))
    assert error.value.field == field and error.value.message
    assert nothing_written()


def test_a_line_discount_larger_than_the_line_is_refused_and_an_equal_one_accepted(s):
    with pytest.raises(ValidationError) as error:
        orders.create_order(draft_for(s, line(s.v(), 2, discount_fen=2 * 12900 + 1)))
    assert error.value.field == "lines"
    detail = make_order(s, line(s.v(), 2, discount_fen=2 * 12900), line(s.v("白色", "S"), 1))
    assert detail.lines[0].amount_fen == 0 and detail.totals.total_fen == 12900


def test_an_order_discount_equal_to_everything_makes_it_free(s):
    detail = make_order(s, line(s.v()), postage_fen=800, discount_fen=12900 + 800)
    assert detail.totals.total_fen == 0


def test_too_many_lines_are_refused(s):
    lines = tuple(line(s.v()) for _ in range(orders.MAX_LINES + 1))
    with pytest.raises(ValidationError) as error:
        orders.create_order(draft_for(s, *lines))
    assert error.value.field == "lines"


def test_a_long_buyer_message_with_emoji_and_newlines_is_kept_exactly(s):
    chunk = "尺码偏小吗？\r\n要M码👗🙏🏻\n\t  两个空格  "
    message = (chunk * 200)[: orders.MAX_MESSAGE - 1] + "😀"
    assert len(message) == orders.MAX_MESSAGE
    detail = make_order(s, buyer_message=message)
    assert detail.buyer_message == message
    assert orders.get_order(detail.id).buyer_message == message
    assert make_order(s, buyer_message=" \n\t ").buyer_message == ""


def test_the_phone_is_stored_normalised_and_the_address_trimmed(s):
    detail = make_order(s, phone="+86 138-1234-5678", receiver="  李 雷 ", street=" 文三路 1号\n")
    assert (detail.phone, detail.receiver, detail.street) == ("13812345678", "李 雷", "文三路 1号")


def test_an_empty_courier_is_the_default_from_settings(s):
    settings.save_profile(settings.ShopProfile(shop_name="小店", default_courier="SF"))
    assert make_order(s, courier="").courier == "SF"
    assert make_order(s, courier="YTO").courier == "YTO"


def test_a_customer_with_no_address_gives_name_and_phone_and_can_order(s):
    bare = add_customer("赵六", "13900001111", nick="zhao6", with_address=False)
    draft = orders.address_from_customer(bare)
    assert (draft.customer_id, draft.receiver, draft.phone, draft.street) == (
        bare, "赵六", "13900001111", "")
    detail, _ = orders.create_order(OrderDraft(**{**draft.__dict__, "lines": (line(s.v()),)}))
    assert detail.customer_id == bare and detail.address_line == ""
    with pytest.raises(ValidationError) as error:
        orders.address_from_customer(bare, address_id=123456)
    assert error.value.field == "address"


def test_the_chosen_address_of_a_customer(s):
    detail, _ = customers.update_customer(s.customer_id, customers.CustomerDraft(
        name="王小丫", nick="xiaoya_88", phones=("13812345678",),
        addresses=(
            customers.AddressDraft(province="浙江省", city="杭州市", district="西湖区",
                                   street="文三路100号", is_default=True),
            customers.AddressDraft(receiver="王妈妈", phone="13700002222", province="北京市",
                                   city="北京市", district="朝阳区", street="建国路8号"),
        ),
    ))
    second = next(a for a in detail.draft.addresses if a.province == "北京市")
    draft = orders.address_from_customer(s.customer_id, second.id)
    assert (draft.receiver, draft.phone, draft.province, draft.street) == (
        "王妈妈", "13700002222", "北京市", "建国路8号")
    default = orders.address_from_customer(s.customer_id)
    assert (default.receiver, default.phone, default.street) == ("王小丫", "13812345678",
                                                                 "文三路100号")


def test_a_merged_customer_cannot_take_new_orders(s):
    other = add_customer("王小丫", "13812345678", nick="xiaoya_old", with_address=False)
    customer_merge.merge_customers(s.customer_id, other)
    with pytest.raises(ValidationError) as error:
        orders.create_order(draft_for(s, customer_id=other))
    assert error.value.field == "customer"
    assert nothing_written()


def test_a_hidden_variant_can_be_ordered_with_a_warning(s):
    hidden = s.v("白色", "S")
    variants.update_variant(hidden, hidden=True)
    draft = draft_for(s, line(s.v()), line(hidden, 1))
    warnings = orders.line_warnings(draft)
    assert len(warnings) == 1 and "A1023 白色/S" in warnings[0] and "2" in warnings[0]
    detail, _ = orders.create_order(draft)
    assert detail.lines[1].color == "白色"


def test_not_enough_stock_is_a_warning_and_paying_needs_the_users_yes(s):
    stock.adjust(s.v(), new_stock=1)
    draft = draft_for(s, line(s.v(), 2), line(s.v(), 1), line(s.v("白色", "L"), 3))
    [warning] = orders.line_warnings(draft)  # 3 wanted of 黑色/M over two lines, 1 there
    assert "A1023 黑色/M" in warning and "1" in warning and "3" in warning
    with pytest.raises(stock.InsufficientStock) as error:
        orders.create_order(OrderDraft(**{**draft.__dict__, "paid": True}))
    assert (error.value.available, error.value.requested) == (1, 3)
    assert nothing_written() and levels(s.v()) == (1, 0)
    moves = StockMovement.select().where(StockMovement.kind == "reserve").count()
    assert moves == 0
    detail, _ = orders.create_order(OrderDraft(**{**draft.__dict__, "paid": True}),
                                    allow_negative=True)
    assert detail.status == "paid" and levels(s.v()) == (1, 3)
    assert levels(s.v("白色", "L")) == (10, 3)


def test_warnings_count_what_the_order_already_holds(s):
    stock.adjust(s.v(), new_stock=2)
    order = make_order(s, line(s.v(), 2), paid=True)
    assert levels(s.v()) == (2, 2)
    same = draft_for(s, LineDraft(s.v(), 2, id=order.lines[0].id))
    assert orders.line_warnings(same, order.id) == []
    more = draft_for(s, LineDraft(s.v(), 3, id=order.lines[0].id))
    assert len(orders.line_warnings(more, order.id)) == 1


def test_old_orders_keep_their_snapshot_when_the_product_is_renamed(s):
    old = make_order(s, line(s.v(), 1))
    products.update_product(s.product_id, ProductDraft("A1023-X", "新款碎花裙", price_fen=15900))
    variants.rename_color(s.product_id, "黑色", "曜石黑")
    again = orders.get_order(old.id)
    assert [(ln.product_code, ln.product_name, ln.color, ln.unit_price_fen) for ln in again.lines] \
        == [("A1023", "法式碎花连衣裙", "黑色", 12900)]
    assert again.lines[0].variant_id == s.v() and again.lines[0].product_id == s.product_id
    new = make_order(s, line(s.v(), 1))
    assert (new.lines[0].product_code, new.lines[0].color, new.lines[0].unit_price_fen) == (
        "A1023-X", "曜石黑", 15900)


def test_old_orders_keep_their_snapshot_when_the_product_is_gone(s):
    second, found = add_product("B2001", "真丝衬衫", price_fen=25900, colors=("白色",),
                                sizes=("L",))
    order = make_order(s, line(s.v(), 1), line(found[("白色", "L")], 1))
    with pytest.raises(DomainError):
        products.delete_product(second)  # a product with orders stays
    Product.delete_by_id(second)  # gone anyway (an old file, a manual repair)
    detail = orders.get_order(order.id)
    gone = detail.lines[1]
    assert (gone.variant_id, gone.product_id) == (None, None)
    assert (gone.product_code, gone.product_name, gone.color, gone.size, gone.unit_price_fen) == (
        "B2001", "真丝衬衫", "白色", "L", 25900)
    assert detail.totals.goods_fen == 12900 + 25900
    # the order can still be changed: the gone line keeps its snapshot
    keep = orders.update_order(order.id, draft_for(
        s, LineDraft(s.v(), 2, id=detail.lines[0].id), LineDraft(None, 1, id=gone.id)))[0]
    assert [(ln.product_code, ln.quantity) for ln in keep.lines] == [("A1023", 2), ("B2001", 1)]
    assert keep.totals.goods_fen == 2 * 12900 + 25900


def test_adding_to_a_paid_order_holds_the_difference(s):
    order = make_order(s, line(s.v(), 1), paid=True)
    first = order.lines[0].id
    detail, done = orders.update_order(order.id, draft_for(
        s, LineDraft(s.v(), 3, id=first), line(s.v("白色", "M"), 1)), s.partner)
    assert done.concerns(changes.ORDERS) and done.concerns(changes.STOCK)
    assert done.concerns(changes.CUSTOMERS)
    assert levels(s.v()) == (10, 3) and levels(s.v("白色", "M")) == (10, 1)
    assert detail.totals.total_fen == 4 * 12900
    assert customers.get_customer(s.customer_id).figures.total_spent_fen == 4 * 12900
    event = detail.events[-1]
    assert (event.kind, event.staff_name) == ("add_lines", staff_names()[s.partner])
    assert "+A1023 白色/M ×1" in event.note and "×1→3" in event.note
    # a line taken away gives its goods back
    detail, _ = orders.update_order(order.id, draft_for(s, LineDraft(s.v(), 3, id=first)))
    assert levels(s.v("白色", "M")) == (10, 0) and len(detail.lines) == 1
    assert "−A1023 白色/M ×1" in detail.events[-1].note
    # a new price is noted with the line's amount before and after
    detail, _changes = orders.update_order(order.id, draft_for(
        s, LineDraft(s.v(), 3, unit_price_fen=10000, id=first)))
    assert detail.events[-1].note == "A1023 黑色/M ×3 ¥387.00→¥300.00"
    assert levels(s.v()) == (10, 3)


def test_adding_more_than_there_is_needs_the_users_yes(s):
    stock.adjust(s.v(), new_stock=2)
    order = make_order(s, line(s.v(), 1), paid=True)
    bigger = draft_for(s, LineDraft(s.v(), 5, id=order.lines[0].id))
    with pytest.raises(stock.InsufficientStock):
        orders.update_order(order.id, bigger)
    again = orders.get_order(order.id)
    assert again.lines[0].quantity == 1 and levels(s.v()) == (2, 1)
    assert [e.kind for e in again.events] == ["status", "status"]
    orders.update_order(order.id, bigger, allow_negative=True)
    assert levels(s.v()) == (2, 5)


def test_after_printing_lines_are_fixed_but_the_address_can_change(s):
    order = order_in_status(s, "printed", line(s.v(), 1))
    more = draft_for(s, LineDraft(s.v(), 1, id=order.lines[0].id), line(s.v("白色", "S"), 1))
    with pytest.raises(ValidationError) as error:
        orders.update_order(order.id, more)
    assert error.value.field == "lines"
    same_lines = draft_for(s, LineDraft(s.v(), 1, id=order.lines[0].id), street="文二路5号",
                           gift="袜子")
    detail, done = orders.update_order(order.id, same_lines, s.owner)
    assert (detail.street, detail.gift) == ("文二路5号", "袜子") and done.concerns(changes.ORDERS)
    assert detail.events[-1].kind == "edit"
    assert detail.events[-1].note.split("、") == [_("Street address"), _("Gift")]
    assert levels(s.v()) == (10, 1)  # still held, nothing moved


def test_a_shipped_order_cannot_be_changed_and_an_unchanged_save_writes_nothing(s):
    order = order_in_status(s, "shipped")
    with pytest.raises(DomainError):
        orders.update_order(order.id, draft_for(s, LineDraft(s.v(), 1, id=order.lines[0].id),
                                                street="别处"))
    open_order = make_order(s)
    same = draft_for(s, LineDraft(s.v(), 1, id=open_order.lines[0].id))
    detail, done = orders.update_order(open_order.id, same)
    assert not done and len(detail.events) == 1


def test_a_line_of_another_order_cannot_be_borrowed(s):
    one, two = make_order(s), make_order(s)
    with pytest.raises(ValidationError) as error:
        orders.update_order(one.id, draft_for(s, LineDraft(s.v(), 1, id=two.lines[0].id)))
    assert error.value.field == "lines"


def test_reading_and_finding_orders(s):
    detail = make_order(s)
    assert orders.find_by_number(f"  {detail.number} ") == detail.id
    assert orders.find_by_number("20000101-99999") is None and orders.find_by_number("") is None
    imported, _ = orders.create_order(draft_for(s), source="taobao", external_no="3389201")
    assert orders.find_by_number("3389201") == imported.id
    with pytest.raises(ValidationError) as error:
        orders.create_order(draft_for(s), source="taobao", external_no="3389201")
    assert error.value.field == "external_no"
    with pytest.raises(DomainError):
        orders.get_order(987654)


def test_labels_are_translated():
    assert orders.status_label("paid") != "" and orders.status_label("odd") == "odd"
    assert orders.flag_label(None) == "" and orders.flag_label("red")


def test_an_unknown_staff_member_is_refused(s):
    with pytest.raises(ValidationError) as error:
        orders.create_order(draft_for(s), staff_id=4242)
    assert error.value.field == "staff"
    assert nothing_written()


def test_paying_through_the_flow_after_creating_keeps_the_lifecycle(s):
    order = make_order(s, line(s.v(), 2))
    order_flow.pay(order.id, s.owner)
    assert orders.get_order(order.id).status == "paid" and levels(s.v()) == (10, 2)


def test_a_product_off_shelf_is_a_warning_for_new_lines_only(s):
    product_id, found = add_product("C3001", "旧款帆布包", price_fen=5900, colors=("米色",),
                                    sizes=("均码",))
    bag = found[("米色", "均码")]
    order = make_order(s, line(bag, 1))
    products.update_product(product_id, ProductDraft("C3001", "旧款帆布包", price_fen=5900,
                                                     status="off_shelf"))
    [warning] = orders.line_warnings(draft_for(s, line(s.v()), line(bag, 1)))
    assert "C3001" in warning and "2" in warning
    kept = draft_for(s, LineDraft(bag, 1, id=order.lines[0].id))
    assert orders.line_warnings(kept, order.id) == []
