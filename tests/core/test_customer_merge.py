"""Likely duplicate customers and merging them: nothing is ever lost by a merge."""

from __future__ import annotations

import datetime

import pytest

from desk.core import changes, customer_merge, customers, follow_ups
from desk.core.customer_merge import count_duplicates, find_duplicates, merge_customers
from desk.core.customers import AddressDraft, CustomerDraft
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import db
from desk.models import (
    Customer,
    CustomerNotDuplicate,
    CustomerPhone,
    FollowUp,
    ImportedOrder,
    Order,
    Problem,
    ReturnCase,
)

HANGZHOU = {"province": "浙江省", "city": "杭州市", "district": "西湖区"}


def make(name="", nick="", phones=(), addresses=(), **fields) -> int:
    detail, _ = customers.create_customer(
        CustomerDraft(name=name, nick=nick, phones=tuple(phones), addresses=tuple(addresses), **fields)
    )
    return detail.id


def address(street="文三路100号", **fields) -> AddressDraft:
    return AddressDraft(**{**HANGZHOU, "street": street, **fields})


def create_street_index() -> None:
    """The index proposed for migration 0002 (kept if the file has one already)."""
    db.execute_sql(
        "CREATE INDEX IF NOT EXISTS address_street_key ON address"
        f" (district, {customer_merge.STREET_KEY_SQL}, customer_id, street)"
    )


def pairs() -> list[tuple[int, int, str]]:
    return [(p.a_id, p.b_id, p.reason) for p in find_duplicates()]


# --- finding ------------------------------------------------------------------------------------


def test_same_phone_in_phones_or_in_an_address_is_a_likely_duplicate(shop):
    a = make("张三", phones=["138 1234 5678"])
    b = make("张三丰", phones=["+86 13812345678"])  # the same number written another way
    c = make("小王", addresses=[address("文二路5号", phone="13812345678")])
    make("李四", phones=["13999998888"], addresses=[address("文二路6号", phone="13999998888")])
    found = find_duplicates()
    assert [(p.a_id, p.b_id) for p in found] == [(b, c), (a, c), (a, b)]  # newest first
    assert {p.reason for p in found} == {"phone"}
    assert found[0].detail == "手机号相同：138****5678"  # masked: the list is on screen
    assert (found[0].a.id, found[0].a.name, found[0].b.name) == (b, "张三丰", "小王")
    assert found[0].a.phone_masked == "138****5678"
    assert count_duplicates() == 3
    assert customers.sidebar_counts().duplicates == 3


def test_numbers_that_look_alike_masked_are_not_the_same(shop):
    make("张三", phones=["13812345678"])
    make("李四", phones=["13800005678"])  # also 138****5678 on screen
    assert pairs() == []


def test_one_customer_with_the_same_phone_twice_is_not_a_duplicate_of_itself(shop):
    make("张三", phones=["13812345678"],
         addresses=[address(phone="13812345678"), address("文二路5号", phone="13812345678")])
    assert find_duplicates() == []
    assert count_duplicates() == 0


def test_same_name_and_same_address_is_a_likely_duplicate(shop):
    a = make("张三", phones=["13812345678"], addresses=[address("文三路100号 3幢")])
    b = make("张三", phones=["13900001111"], addresses=[address(" 文三路 100 号，3 幢。")])
    make("张三", addresses=[address("文三路101号3幢")])  # another house
    make("张三", addresses=[address("文三路100号3幢", district="拱墅区")])  # another district
    make("李四", addresses=[address("文三路100号3幢")])  # family: another name
    make(nick="zs_88", addresses=[address("文三路100号3幢")])  # no name: nothing to compare
    found = find_duplicates()
    assert [(p.a_id, p.b_id, p.reason) for p in found] == [(a, b, "name_address")]
    assert found[0].detail == "姓名和地址相同：张三，浙江 杭州 西湖区"
    create_street_index()  # the same answer through the index as through a scan
    assert customer_merge._address_sql() is customer_merge._ADDRESS_SQL
    assert pairs() == [(a, b, "name_address")]


def test_same_name_and_street_in_another_city_is_not_a_duplicate(shop):
    make("王芳", addresses=[AddressDraft(province="江苏省", city="南京市", district="鼓楼区",
                                        street="中山路1号")])
    make("王芳", addresses=[AddressDraft(province="福建省", city="福州市", district="鼓楼区",
                                        street="中山路1号")])
    assert pairs() == []


def test_a_pair_sharing_phone_and_address_is_listed_once_as_phone(shop):
    a = make("张三", phones=["13812345678"], addresses=[address()])
    b = make("张三", phones=["13812345678"], addresses=[address()])
    assert pairs() == [(a, b, "phone")]
    assert count_duplicates() == 1


def test_a_number_shared_by_many_customers_suggests_nothing(shop):
    ids = [make(f"客户{i}", phones=["057188886666"]) for i in range(customer_merge.MAX_SHARED + 1)]
    assert len(ids) == 11
    assert pairs() == []
    customers.delete_customer(ids[-1])  # ten left: now they are suggested, 45 pairs
    assert count_duplicates() == 45


def test_limit_and_the_count(shop):
    for i in range(4):
        make(f"客户{i}", phones=["13812345678"])
    assert count_duplicates() == 6
    assert len(find_duplicates(limit=2)) == 2
    assert find_duplicates(limit=0) == []


def test_dismissed_pairs_are_not_suggested_again(shop):
    a = make("张三", phones=["13812345678"])
    b = make("李四", phones=["13812345678"])
    c = make("王五", phones=["13812345678"])
    assert count_duplicates() == 3
    done = customer_merge.dismiss_duplicate(c, a)  # either order
    assert done.concerns(changes.CUSTOMERS)
    assert pairs() == [(b, c, "phone"), (a, b, "phone")]
    assert count_duplicates() == 2
    customer_merge.dismiss_duplicate(a, c)  # twice is fine
    assert [(m.customer_a_id, m.customer_b_id) for m in CustomerNotDuplicate.select()] == [(a, c)]


def test_dismissing_bad_pairs_is_refused(shop):
    a = make("张三", phones=["13812345678"])
    b = make("李四", phones=["13812345678"])
    with pytest.raises(DomainError):
        customer_merge.dismiss_duplicate(a, a)
    with pytest.raises(DomainError):
        customer_merge.dismiss_duplicate(a, 999)
    merge_customers(a, b)
    with pytest.raises(DomainError) as caught:
        customer_merge.dismiss_duplicate(a, b)
    assert "张三" in caught.value.message  # merged into 张三
    assert CustomerNotDuplicate.select().count() == 0


def test_the_count_follows_every_change(shop):
    """The pairs are kept while the file is unchanged; any write is seen at once."""
    a = make("张三", phones=["13812345678"])
    assert count_duplicates() == 0
    b = make("李四", phones=["13812345678"])
    assert count_duplicates() == 1
    customers.update_customer(b, CustomerDraft(name="李四", phones=("13900001111",)))
    assert count_duplicates() == 0
    db.execute_sql("UPDATE customer_phone SET phone = '13812345678' WHERE customer_id = ?", (b,))
    assert count_duplicates() == 1
    with pytest.raises(ZeroDivisionError), db.atomic():  # a rolled-back write is not kept
        db.execute_sql("DELETE FROM customer_phone WHERE customer_id = ?", (a,))
        assert count_duplicates() == 0
        raise ZeroDivisionError
    assert count_duplicates() == 1


def test_the_address_search_runs_on_one_index(shop):
    """With the index on (district, STREET_KEY_SQL, customer_id, street) the name-and-address
    search reads one index and looks candidates up in it, whatever the number of addresses.
    (Migration 0002 holds that index; a drifted expression would show up here as a scan.)"""
    create_street_index()
    plan = " | ".join(r[3] for r in db.execute_sql("EXPLAIN QUERY PLAN " + customer_merge._ADDRESS_SQL))
    assert "SCAN address USING COVERING INDEX address_street_key" in plan
    assert "SEARCH a USING INDEX address_street_key (district=? AND <expr>=?)" in plan
    assert "SCAN a " not in plan and "SCAN c " not in plan


# --- merging ------------------------------------------------------------------------------------


def test_nothing_is_ever_lost_by_a_merge(shop):
    vip, new = customers.group_by_key("vip").id, customers.group_by_key("new").id
    own, _ = customers.create_group("老家亲戚")
    keep = make(
        "张三", "zhangsan88", phones=["13812345678", "0571-88886666"],
        addresses=[address("文三路100号", phone="13812345678", is_default=True)],
        group_ids=(vip,), tags=("爱买裙子", "M码"), notes="穿M码",
    )  # fmt: skip
    other = make(
        "张三", "zs_taobao", phones=["13812345678", "13900001111"],
        addresses=[address("文三路 100 号", phone="13812345678"),
                   AddressDraft(receiver="张妈妈", phone="13700002222", province="江苏省",
                                city="苏州市", district="姑苏区", street="人民路8号",
                                postcode="215000", is_default=True)],
        group_ids=(new, own.id), tags=("M码", "给妈妈买"), notes="妈妈穿L码",
    )  # fmt: skip
    keep_up, _ = follow_ups.add_follow_up(keep, datetime.date(2025, 3, 1), "after_delivery")
    other_up, _ = follow_ups.add_follow_up(other, datetime.date(2025, 3, 2), "repurchase")
    ImportedOrder.create(external_no="TB100", customer=keep, total_fen=10000,
                         ordered_at=datetime.datetime(2025, 1, 5, 10, 0), source="taobao")
    ImportedOrder.create(external_no="TB200", customer=other, total_fen=25000,
                         ordered_at=datetime.datetime(2024, 12, 1, 9, 0), source="taobao")
    order = Order.create(number="20250301-0001", customer=other, status="paid", total_fen=5000,
                         created_at=datetime.datetime(2025, 3, 1, 12, 0))
    case = ReturnCase.create(number="TH-0001", order=order, customer=other, kind="exchange",
                             reason="size_small")
    problem = Problem.create(category="size", description="说偏小", customer=other)
    earlier = make("张三", "old_id")
    merge_customers(other, earlier)  # other already holds a customer merged into it

    detail, done = merge_customers(keep, other)

    assert done.concerns(changes.CUSTOMERS, changes.ORDERS, changes.RETURNS, changes.NOTEBOOK)
    assert detail.id == keep
    # phones of both, the shared one once, keep's first
    assert detail.draft.phones == ("13812345678", "0571-88886666", "13900001111")
    # addresses of both; the same address written with spaces is there once; keep's default stays
    streets = [(a.street, a.is_default) for a in detail.draft.addresses]
    assert streets == [("文三路100号", True), ("人民路8号", False)]
    mother = detail.draft.addresses[1]
    assert (mother.receiver, mother.phone, mother.postcode) == ("张妈妈", "13700002222", "215000")
    assert set(detail.draft.group_ids) == {vip, new, own.id}
    assert {g.name for g in detail.groups} == {"VIP", "新客户", "老家亲戚"}
    assert sorted(detail.draft.tags) == sorted(["爱买裙子", "M码", "给妈妈买"])
    assert detail.draft.notes == "穿M码\n妈妈穿L码"
    assert (detail.name, detail.nick) == ("张三", "zhangsan88")
    assert set(detail.merged_from) == {other, earlier}
    # follow-ups, imported orders, orders, returns and problems now belong to keep
    assert {f.id for f in follow_ups.customer_follow_ups(keep)} == {keep_up.id, other_up.id}
    assert {o.external_no for o in ImportedOrder.select().where(ImportedOrder.customer == keep)} == {
        "TB100", "TB200"}
    assert Order.get_by_id(order.id).customer_id == keep
    assert ReturnCase.get_by_id(case.id).customer_id == keep
    assert Problem.get_by_id(problem.id).customer_id == keep
    # the figures count both customers' orders: 100 + 250 (imported) + 50 (paid order) yuan
    figures = detail.figures
    assert (figures.order_count, figures.total_spent_fen) == (3, 40000)
    assert figures.first_order_at == datetime.datetime(2024, 12, 1, 9, 0)
    assert figures.last_order_at == datetime.datetime(2025, 3, 1, 12, 0)
    # the merged customers stay in the file, pointing at keep, out of lists, counts and search
    for gone in (other, earlier):
        row = Customer.get_by_id(gone)
        assert row.merged_into_id == keep
        with pytest.raises(DomainError):
            customers.get_customer(gone)
    assert Customer.get_by_id(other).nick == "zs_taobao"  # its own fields are kept as they were
    assert customers.count_customers() == 1
    assert [r.id for r in customers.search_customers()] == [keep]
    assert [r.id for r in customers.search_customers("13900001111")] == [keep]
    assert [r.id for r in customers.search_customers("人民路")] == [keep]
    assert customers.search_customers("zs_taobao") == []
    assert customers.find_by_phone("13900001111") == [keep]
    assert CustomerPhone.select().where(CustomerPhone.customer == other).count() == 0
    assert customers.sidebar_counts().all == 1
    assert [g.count for g in customers.list_groups() if g.id == own.id] == [1]
    assert find_duplicates() == [] and count_duplicates() == 0


def test_take_name_and_nick_from_the_other_and_choose_notes(shop):
    keep = make("张三", "zs1", notes="A")
    other = make("张叁", "zs2", notes="B")
    fields = customer_merge.merge_preview(keep, other)
    assert [(f.key, f.label, f.keep_value, f.other_value) for f in fields] == [
        ("name", "姓名", "张三", "张叁"), ("nick", "旺旺", "zs1", "zs2"), ("notes", "备注", "A", "B"),
    ]
    detail, _ = merge_customers(keep, other, take_from_other=frozenset({"nick"}), notes="other")
    assert (detail.name, detail.nick, detail.draft.notes) == ("张三", "zs2", "B")
    assert customers.find_by_nick("zs2") == keep
    assert [r.id for r in customers.search_customers("zs2")] == [keep]
    assert Customer.get_by_id(keep).pinyin == customers.search_pinyin("张三", "zs2")


def test_an_empty_value_never_replaces_a_filled_one(shop):
    keep = make(nick="only_nick", notes="")
    other = make("李四", notes="备注")
    assert [f.key for f in customer_merge.merge_preview(keep, other)] == []  # nothing to choose
    detail, _ = merge_customers(keep, other, take_from_other=frozenset({"nick"}), notes="keep")
    assert (detail.name, detail.nick, detail.draft.notes) == ("李四", "only_nick", "备注")


def test_notes_kept_once_when_one_holds_the_other(shop):
    keep = make("张三", notes="穿M码")
    other = make("张三", notes="穿M码")
    assert merge_customers(keep, other)[0].draft.notes == "穿M码"
    third = make("张三", notes="穿M码，爱买裙子")
    assert merge_customers(keep, third)[0].draft.notes == "穿M码，爱买裙子"


def test_the_merged_one_keeps_the_earliest_date_and_keep_its_default_address(shop):
    other = make("张三", addresses=[address("人民路8号", is_default=True)])
    keep = make("张三")  # no address
    Customer.update(created_at=datetime.datetime(2020, 1, 1)).where(Customer.id == other).execute()
    detail, _ = merge_customers(keep, other)
    assert detail.created_at == datetime.datetime(2020, 1, 1)
    assert [(a.street, a.is_default) for a in detail.draft.addresses] == [("人民路8号", True)]


def test_not_the_same_person_marks_carry_over(shop):
    keep = make("张三", phones=["13812345678"])
    other = make("张三", phones=["13900001111"])
    stranger = make("李四", phones=["13900001111", "13812345678"])
    customer_merge.dismiss_duplicate(other, stranger)
    customer_merge.dismiss_duplicate(keep, stranger)
    merge_customers(keep, other)
    assert [(m.customer_a_id, m.customer_b_id) for m in CustomerNotDuplicate.select()] == [
        (keep, stranger)]
    assert count_duplicates() == 0


def test_bad_merges_are_refused_and_change_nothing(shop):
    keep = make("张三", phones=["13812345678"], notes="甲" * 3000)
    other = make("李四", phones=["13900001111"], notes="乙" * 3000)
    FollowUp.create(customer=other, due_date=datetime.date(2025, 3, 1))
    with pytest.raises(DomainError):
        merge_customers(keep, keep)
    with pytest.raises(DomainError):
        merge_customers(keep, 999)
    with pytest.raises(DomainError):
        merge_customers(999, keep)
    with pytest.raises(ValidationError):
        merge_customers(keep, other, take_from_other=frozenset({"phones"}))
    with pytest.raises(ValidationError) as caught:
        merge_customers(keep, other, notes="mine")
    assert caught.value.field == "notes"
    with pytest.raises(ValidationError) as caught:  # together over 5,000 characters
        merge_customers(keep, other)
    assert caught.value.field == "notes" and "5000" in caught.value.message
    assert Customer.get_by_id(other).merged_into_id is None
    assert customers.get_customer(other).draft.phones == ("13900001111",)
    assert FollowUp.get().customer_id == other
    with pytest.raises(DomainError):
        customer_merge.merge_preview(keep, keep)
    detail, _ = merge_customers(keep, other, notes="keep")  # choosing one of them is fine
    assert detail.draft.notes == "甲" * 3000
    with pytest.raises(DomainError) as caught:  # merging the merged one again
        merge_customers(keep, other)
    assert "张三" in caught.value.message


def test_a_customer_with_orders_can_be_merged_away(shop):
    """Orders point at customers with ON DELETE RESTRICT: they are moved, never in the way."""
    keep = make("张三")
    other = make("张三")
    for n in range(3):
        Order.create(number=f"20250301-000{n}", customer=other, status="signed", total_fen=1000)
    detail, done = merge_customers(keep, other)
    assert done.concerns(changes.ORDERS)
    assert Order.select().where(Order.customer == keep).count() == 3
    assert detail.figures.order_count == 3
    with pytest.raises(DomainError):  # the kept one has orders now: it cannot be deleted
        customers.delete_customer(keep)
