"""Returns and exchanges: the case, its lines, the inspection checklist, photos, the status log."""

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from desk.models.base import BaseModel, now
from desk.models.customers import Customer
from desk.models.orders import Order, OrderLine
from desk.models.products import Variant
from desk.models.staff import Staff

RETURN_KINDS = ("return_refund", "exchange", "refund_only")  # 退货退款 / 换货 / 仅退款
RETURN_STATUSES = (
    "requested",  # 申请
    "awaiting_return",  # 待寄回
    "sent_back",  # 已寄回
    "received",  # 已收货
    "inspected",  # 验货
    "refunded",  # 已退款
    "exchange_sent",  # 已换货发出
    "completed",  # 完成
    "rejected",  # 已拒绝
)


class ReturnCase(BaseModel):
    id = AutoField()
    number = TextField(unique=True)
    order = ForeignKeyField(Order, backref="return_cases", on_delete="RESTRICT")
    customer = ForeignKeyField(Customer, null=True, backref="return_cases", on_delete="SET NULL")
    kind = TextField()
    reason = TextField()  # size_small / size_large / color / quality / wrong_item / no_reason / ...
    reason_text = TextField(default="")
    status = TextField(default="requested", index=True)
    postage_payer = TextField(default="buyer")  # shop / buyer / insurance
    postage_note = TextField(default="")
    insured = BooleanField(default=False)  # 运费险
    return_courier = TextField(default="")
    return_tracking_no = TextField(null=True, unique=True)
    refund_fen = IntegerField(default=0)
    refunded_at = DateTimeField(null=True)
    exchange_order = ForeignKeyField(Order, null=True, backref="exchange_for", on_delete="SET NULL")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=now, index=True)
    updated_at = DateTimeField(default=now)
    closed_at = DateTimeField(null=True)

    class Meta:
        table_name = "return_case"


class ReturnLine(BaseModel):
    id = AutoField()
    case = ForeignKeyField(ReturnCase, backref="lines", on_delete="CASCADE")
    order_line = ForeignKeyField(OrderLine, backref="return_lines", on_delete="RESTRICT")
    quantity = IntegerField()
    exchange_variant = ForeignKeyField(Variant, null=True, on_delete="SET NULL")
    decision = TextField(null=True)  # accept / refuse / partial
    partial_refund_fen = IntegerField(null=True)
    decision_note = TextField(default="")
    restocked = BooleanField(default=False)

    class Meta:
        table_name = "return_line"


class ReturnCheck(BaseModel):
    """One checklist item of one returned line: 吊牌完整, 未洗涤, … passed or not."""

    id = AutoField()
    line = ForeignKeyField(ReturnLine, backref="checks", on_delete="CASCADE")
    item = TextField()
    passed = BooleanField(null=True)
    note = TextField(default="")

    class Meta:
        table_name = "return_check"


class ReturnPhoto(BaseModel):
    id = AutoField()
    case = ForeignKeyField(ReturnCase, backref="photos", on_delete="CASCADE")
    line = ForeignKeyField(ReturnLine, null=True, backref="photos", on_delete="CASCADE")
    mime = TextField()
    data = BlobField()
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "return_photo"


class ReturnEvent(BaseModel):
    id = AutoField()
    case = ForeignKeyField(ReturnCase, backref="events", on_delete="CASCADE")
    from_status = TextField(null=True)
    to_status = TextField()
    note = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = DateTimeField(default=now)

    class Meta:
        table_name = "return_event"


class InspectionItem(BaseModel):
    """The configurable checklist: items per product category ('' = every category)."""

    id = AutoField()
    category = TextField(default="")
    item = TextField()
    position = IntegerField(default=0)

    class Meta:
        table_name = "inspection_item"
        indexes = ((("category", "item"), True),)
