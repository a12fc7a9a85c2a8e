"""Customer address book: customers, phones, addresses, groups (many per customer), tags,
follow-ups."""

from peewee import (
    SQL,
    AutoField,
    BooleanField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from desk.models.base import BaseModel, now
from desk.models.staff import Staff


class Customer(BaseModel):
    """A buyer. The order figures are kept up to date by the orders service (for fast lists)."""

    id = AutoField()
    nick = TextField(default="", index=True)  # 旺旺 / 淘宝 ID
    name = TextField(default="", index=True)
    pinyin = TextField(default="", index=True)  # initials and full pinyin: search, name order
    notes = TextField(default="")
    merged_into = ForeignKeyField("self", null=True, on_delete="SET NULL")
    order_count = IntegerField(default=0)
    total_spent_fen = IntegerField(default=0, index=True)
    first_order_at = DateTimeField(null=True)
    last_order_at = DateTimeField(null=True, index=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)

    class Meta:
        table_name = "customer"


class CustomerPhone(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="phones", on_delete="CASCADE")
    phone = TextField()  # normalised text: 13812345678, 0571-88886666, 18877771111-123
    kind = TextField(default="mobile")  # mobile / landline / virtual
    position = IntegerField(default=0)

    class Meta:
        table_name = "customer_phone"
        indexes = ((("phone", "customer"), False),)  # covering: who shares a phone


#: Spaces and punctuation that do not make two streets different (the characters STREET_KEY_SQL
#: removes, for Python-side comparisons).
STREET_NOISE = " \u3000,，.。、-－—#()（）/"

#: The street without spaces and punctuation, in SQL: core/customer_merge finds one address
#: written twice ("文三路100号" / "文三路 100 号，") through the index `address_street_key` on it.
STREET_KEY_SQL = (
    "lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(street, ' ', ''), '\u3000', ''), ',', ''), '，', ''), '.', ''), '。', ''), '、', ''), '-', ''), '－', ''), '—', ''), '#', ''), '(', ''), ')', ''), '（', ''), '）', ''), '/', ''))"
)


class Address(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="addresses", on_delete="CASCADE")
    receiver = TextField(default="")
    phone = TextField(default="")
    province = TextField(default="")
    city = TextField(default="")
    district = TextField(default="")
    street = TextField(default="")
    postcode = TextField(default="")
    is_default = BooleanField(default=False)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "address"
        indexes = (
            (("phone", "customer"), False),
            SQL(
                'CREATE INDEX "address_street_key" ON "address"'
                f' ("district", {STREET_KEY_SQL}, "customer_id", "street")'
            ),
        )


class CustomerGroup(BaseModel):
    """User-defined groups; `key` marks the built-in ones (potential, new, repeat, vip, blacklist)."""

    id = AutoField()
    key = TextField(null=True, unique=True)
    name = TextField(unique=True)
    color = TextField(default="")
    note = TextField(default="")
    position = IntegerField(default=0)

    class Meta:
        table_name = "customer_group"


class CustomerGroupMember(BaseModel):
    customer = ForeignKeyField(Customer, backref="memberships", on_delete="CASCADE")
    group = ForeignKeyField(CustomerGroup, backref="members", on_delete="CASCADE")
    added_at = DateTimeField(default=now)

    class Meta:
        table_name = "customer_group_member"
        primary_key = CompositeKey("customer", "group")
        indexes = ((("group", "customer"), False),)


class Tag(BaseModel):
    id = AutoField()
    name = TextField(unique=True)

    class Meta:
        table_name = "tag"


class CustomerTag(BaseModel):
    customer = ForeignKeyField(Customer, backref="tag_links", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="customer_links", on_delete="CASCADE")

    class Meta:
        table_name = "customer_tag"
        primary_key = CompositeKey("customer", "tag")


class FollowUp(BaseModel):
    """回访: due date, reason, done/skipped with a note."""

    id = AutoField()
    customer = ForeignKeyField(Customer, backref="follow_ups", on_delete="CASCADE")
    order_id = IntegerField(null=True)
    due_date = DateField(index=True)
    reason = TextField(default="after_delivery")  # after_delivery / repurchase / promotion / custom
    reason_text = TextField(default="")
    status = TextField(default="open", index=True)  # open / done / skipped
    note = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    done_at = DateTimeField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "follow_up"


class ImportedOrder(BaseModel):
    """An order of a platform export (淘宝订单报表) already counted into a customer's figures, so
    that importing the same file again counts nothing twice."""

    id = AutoField()
    external_no = TextField(unique=True)
    customer = ForeignKeyField(Customer, backref="imported_orders", on_delete="CASCADE")
    total_fen = IntegerField()
    ordered_at = DateTimeField(null=True)
    source = TextField()  # "taobao" / "table"
    imported_at = DateTimeField(default=now)

    class Meta:
        table_name = "imported_order"


class CustomerNotDuplicate(BaseModel):
    """Two customers the user said are different people; `customer_a` has the smaller id."""

    customer_a = ForeignKeyField(Customer, on_delete="CASCADE")
    customer_b = ForeignKeyField(Customer, on_delete="CASCADE")
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "customer_not_duplicate"
        primary_key = CompositeKey("customer_a", "customer_b")
