"""The customer card's service: create/update/delete with phones, addresses, groups, tags and
notes; groups; tiers and dormancy (rules in Settings); figures from orders and imported orders."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.core import changes, customers
from desk.core.customers import AddressDraft, CustomerDraft, CustomerRules, Tier
from desk.core.errors import DomainError, ValidationError
from desk.models import (
    Address,
    Customer,
    CustomerGroup,
    CustomerGroupMember,
    CustomerPhone,
    ImportedOrder,
    Order,
    Tag,
)

HOME = AddressDraft(province="浙江省", city="杭州市", district="西湖区", street="文三路100号",
                    postcode="310012")
WORK = AddressDraft(province="上海市", city="上海市", district="徐汇区", street="漕溪北路88号",
                    receiver="张三(公司)", phone="021-64870000")


def group_id(key):
    return CustomerGroup.get(CustomerGroup.key == key).id


def test_create_reads_back_everything_normalised(shop):
    detail, done = customers.create_customer(CustomerDraft(
        name="  张  三 ", nick=" tb_zs01 ", phones=("+86 138-1234-5678", "0571 8888 6666", ""),
        addresses=(HOME, WORK), group_ids=(group_id("new"), group_id("vip")),
        tags=("学生", " 宝妈 ", "学生", ""), notes="  穿M码, 给女儿买  ",
    ))
    assert done.concerns(changes.CUSTOMERS)
    assert (detail.name, detail.nick, detail.draft.notes) == ("张 三", "tb_zs01", "穿M码, 给女儿买")
    assert [p.phone for p in detail.phones] == ["13812345678", "0571-88886666"]
    assert [p.kind for p in detail.phones] == ["mobile", "landline"]
    assert detail.phones[0].masked == "138****5678"
    home, work = detail.draft.addresses
    assert home.is_default and not work.is_default  # none marked: the first one
    assert home.receiver == "张 三"  # the customer's name when not given
    assert work.phone == "021-64870000"
    assert home.one_line() == "浙江省杭州市西湖区文三路100号"
    assert work.one_line() == "上海市徐汇区漕溪北路88号"  # the municipality once
    assert [g.key for g in detail.groups] == ["new", "vip"]
    assert detail.draft.tags == ("学生", "宝妈")
    assert detail.display_name == "张 三 (tb_zs01)"


def test_update_keeps_address_ids_moves_the_default_and_replaces_the_rest(shop):
    detail, _ = customers.create_customer(CustomerDraft(name="李四", addresses=(HOME, WORK), tags=("旧",)))
    home, work = detail.draft.addresses
    new = AddressDraft(province="北京市", city="北京市", district="朝阳区", street="建国路1号",
                       is_default=True)
    updated, _ = customers.update_customer(detail.id, CustomerDraft(
        name="李四", addresses=(dataclasses.replace(home, is_default=False), new), tags=("新",), group_ids=(group_id("repeat"),)))
    kept, added = sorted(updated.draft.addresses, key=lambda a: a.id)
    assert kept.id == home.id and not kept.is_default
    assert added.is_default and added.city == "北京市"
    assert not Address.select().where(Address.street == work.street).exists()
    assert updated.draft.tags == ("新",)
    assert Tag.get_or_none(Tag.name == "旧") is None  # unused tags go
    assert [g.key for g in updated.groups] == ["repeat"]


@pytest.mark.parametrize(
    ("draft", "field", "words"),
    [
        (CustomerDraft(), "name", "姓名或旺旺名"),
        (CustomerDraft(name="   ", nick=" "), "name", "姓名或旺旺名"),
        (CustomerDraft(name="张三", phones=("138abc45678",)), "phones", "138abc45678"),
        (CustomerDraft(name="张三", phones=("12345",)), "phones", "12345"),
        (CustomerDraft(name="张" * 51), "name", "太长"),
        (CustomerDraft(name="张三", nick="a\nb"), "nick", "无效"),
        (CustomerDraft(name="张三", addresses=(AddressDraft(street="文三路1号"),)), "addresses",
         "省份"),
        (CustomerDraft(name="张三", addresses=(AddressDraft(province="浙江省"),)), "addresses",
         "详细地址"),
        (CustomerDraft(name="张三", addresses=(AddressDraft(province="浙江省", street="x",
                                                           postcode="31001"),)), "addresses", "6 位"),
        (CustomerDraft(name="张三", addresses=(AddressDraft(province="浙江省", street="x",
                                                           phone="call me"),)), "addresses", "call me"),
        (CustomerDraft(name="张三", tags=("一二三四五六七八九十一二三四五六七八九十一",)), "tags", "太长"),
        (CustomerDraft(name="张三", notes="x" * 5001), "notes", "太长"),
        (CustomerDraft(name="张三", group_ids=(999,)), "groups", "分组"),
        (CustomerDraft(name="张三", phones=tuple(f"1380000000{i}" for i in range(6))), "phones", "5"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(shop, draft, field, words):
    with pytest.raises(ValidationError) as caught:
        customers.create_customer(draft)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert Customer.select().count() == 0
    assert CustomerPhone.select().count() == 0


def test_a_buyer_id_belongs_to_one_customer(shop):
    customers.create_customer(CustomerDraft(name="张三", nick="tb_zs01"))
    with pytest.raises(ValidationError) as caught:
        customers.create_customer(CustomerDraft(name="张三三", nick="TB_ZS01"))
    assert caught.value.field == "nick"
    assert "张三" in str(caught.value)
    assert customers.find_by_nick("tb_ZS01") is not None


def test_find_by_phone_looks_at_phones_and_address_phones(shop):
    a, _ = customers.create_customer(CustomerDraft(name="甲", phones=("13812345678",)))
    b, _ = customers.create_customer(CustomerDraft(name="乙", addresses=(
        AddressDraft(province="浙江省", street="x", phone="138 1234 5678"),)))
    assert customers.find_by_phone("+86 13812345678") == [a.id, b.id]
    assert customers.find_by_phone("not a phone") == []


def test_delete_refuses_a_customer_with_orders(shop):
    kept, _ = customers.create_customer(CustomerDraft(name="有订单"))
    gone, _ = customers.create_customer(CustomerDraft(name="没订单", phones=("13812345678",)))
    Order.create(number="20261123-0001", customer=kept.id)
    with pytest.raises(DomainError, match="有订单"):
        customers.delete_customer(kept.id)
    customers.delete_customer(gone.id)
    assert Customer.get_or_none(Customer.id == gone.id) is None
    assert CustomerPhone.select().count() == 0
    with pytest.raises(DomainError):
        customers.get_customer(gone.id)


def test_a_merged_customer_says_where_it_went(shop):
    kept, _ = customers.create_customer(CustomerDraft(name="留下的"))
    other, _ = customers.create_customer(CustomerDraft(name="并掉的"))
    Customer.update(merged_into=kept.id).where(Customer.id == other.id).execute()
    with pytest.raises(DomainError, match="留下的"):
        customers.get_customer(other.id)
    assert customers.get_customer(kept.id).merged_from == (other.id,)


# --- groups -----------------------------------------------------------------------------------


def test_built_in_groups_exist_in_a_new_shop(shop):
    assert [g.key for g in customers.list_groups()] == list(customers.BUILT_IN_GROUPS)
    assert customers.group_by_key("blacklist").name == "黑名单"


def test_groups_create_rename_move_delete(shop):
    friends, _ = customers.create_group(" 朋友圈 ", "#ab47bc")
    assert friends.name == "朋友圈" and not friends.built_in
    with pytest.raises(ValidationError, match="朋友圈"):
        customers.create_group("朋友圈")
    with pytest.raises(ValidationError):
        customers.create_group("  ")
    renamed, _ = customers.update_group(friends.id, "朋友圈客户", "#000000")
    assert renamed.name == "朋友圈客户"
    customers.move_group(friends.id, -10)
    assert customers.list_groups()[0].id == friends.id
    a, _ = customers.create_customer(CustomerDraft(name="甲", group_ids=(friends.id,)))
    customers.delete_group(friends.id)
    assert Customer.get_or_none(Customer.id == a.id) is not None  # the customer stays
    assert customers.get_customer(a.id).groups == ()
    with pytest.raises(DomainError, match="内置"):
        customers.delete_group(group_id("vip"))
    customers.update_group(group_id("vip"), "大客户", "")  # built-in ones can be renamed
    assert customers.group_by_key("vip").name == "大客户"


def test_add_and_remove_many_customers_to_a_group(shop):
    ids = [customers.create_customer(CustomerDraft(name=f"客户{i}"))[0].id for i in range(5)]
    vip = group_id("vip")
    customers.add_to_group(ids[:3], vip)
    customers.add_to_group(ids[:4], vip)  # already there: no error, no duplicate
    assert CustomerGroupMember.select().where(CustomerGroupMember.group == vip).count() == 4
    customers.remove_from_group(ids[:2], vip)
    assert {g.id: g.count for g in customers.list_groups()}[vip] == 2
    with pytest.raises(DomainError):
        customers.add_to_group(ids, 999)


# --- figures, tiers, dormancy -----------------------------------------------------------------


def test_figures_from_orders_and_imported_orders(shop):
    detail, _ = customers.create_customer(CustomerDraft(name="老客"))
    day = datetime.datetime(2026, 3, 1, 10, 0)
    ImportedOrder.create(external_no="A", customer=detail.id, total_fen=10000, ordered_at=day,
                         source="taobao")
    Order.create(number="1", customer=detail.id, status="shipped", total_fen=20001,
                 created_at=day + datetime.timedelta(days=30))
    Order.create(number="2", customer=detail.id, status="closed", total_fen=99999)
    Order.create(number="3", customer=detail.id, status="unpaid", total_fen=99999)
    customers.rebuild_figures([detail.id])
    figures = customers.get_customer(detail.id, today=datetime.date(2026, 4, 10)).figures
    assert (figures.order_count, figures.total_spent_fen) == (2, 30001)
    assert figures.average_fen == 15001  # 15000.5 rounds half up
    assert figures.first_order_at == day
    assert figures.last_order_at == day + datetime.timedelta(days=30)
    assert figures.days_since_last == 10
    assert figures.tier == "银卡"  # two orders
    assert not figures.dormant


def test_tiers_and_dormant_days_follow_the_rules(shop):
    rules = CustomerRules(tiers=(Tier("普通", 1, 0), Tier("VIP", 3, 50000)), dormant_days=30)
    customers.save_rules(rules)
    assert customers.get_rules() == rules
    last = datetime.datetime(2026, 1, 1, 12, 0)
    f = customers.figures_of(3, 50000, last, last, rules, today=datetime.date(2026, 1, 31))
    assert (f.tier, f.days_since_last, f.dormant) == ("VIP", 30, True)
    f = customers.figures_of(3, 49999, last, last, rules, today=datetime.date(2026, 1, 30))
    assert (f.tier, f.dormant) == ("普通", False)
    assert customers.figures_of(0, 0, None, None, rules).tier == ""


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        (CustomerRules(tiers=()), "tiers"),
        (CustomerRules(tiers=(Tier(""),)), "tiers"),
        (CustomerRules(tiers=(Tier("A"), Tier("A"))), "tiers"),
        (CustomerRules(tiers=(Tier("A", -1),)), "tiers"),
        (CustomerRules(tiers=(Tier("A", 0, -5),)), "tiers"),
        (CustomerRules(dormant_days=0), "dormant_days"),
        (CustomerRules(dormant_days=99999), "dormant_days"),
    ],
)
def test_bad_rules_are_refused(shop, rules, field):
    with pytest.raises(ValidationError) as caught:
        customers.save_rules(rules)
    assert caught.value.field == field
    assert customers.get_rules() == CustomerRules()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(max_size=60),
    nick=st.text(max_size=70),
    phone=st.text(max_size=25),
    notes=st.text(max_size=50),
)
def test_any_form_input_is_saved_or_refused_cleanly(shop, name, nick, phone, notes):
    try:
        detail, _ = customers.create_customer(
            CustomerDraft(name=name, nick=nick, phones=(phone,), notes=notes)
        )
    except ValidationError as error:
        assert error.field in {"name", "nick", "phones", "notes"}
        return
    assert customers.get_customer(detail.id).name == " ".join(name.split())
    customers.delete_customer(detail.id)


def test_deleting_a_customer_takes_the_shells_merged_into_it(shop):
    kept, _ = customers.create_customer(CustomerDraft(name="留下的"))
    other, _ = customers.create_customer(CustomerDraft(name="并掉的", nick="tb_old"))
    Customer.update(merged_into=kept.id).where(Customer.id == other.id).execute()
    assert customers.find_by_nick("TB_OLD") == kept.id  # a merged-away nick finds the live one
    customers.delete_customer(kept.id)
    assert Customer.select().count() == 0
    assert customers.count_customers() == 0
    assert customers.find_by_nick("tb_old") is None
