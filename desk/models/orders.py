"""Orders: the order with its address snapshot, lines pointing at variants, lifecycle events,
flag memos, shipments (courier, tracking number); label templates, calibration and the print log."""

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from desk.models.base import BaseModel, now
from desk.models.customers import Customer
from desk.models.products import Variant
from desk.models.staff import Staff

ORDER_STATUSES = (
    "unpaid",  # 待付款
    "paid",  # 已付款
    "confirmed",  # 已确认
    "printed",  # 已打单
    "shipped",  # 已发货
    "signed",  # 已签收
    "completed",  # 已完成
    "closed",  # 已关闭
)
FLAGS = ("red", "yellow", "green", "blue", "purple")


class Order(BaseModel):
    id = AutoField()
    number = TextField(unique=True)  # date + sequence, e.g. 20261123-0007
    external_no = TextField(null=True, unique=True)  # the platform's order number (Taobao import)
    customer = ForeignKeyField(Customer, null=True, backref="orders", on_delete="RESTRICT")
    # the address as it was when the order was taken (a later edit of the card changes nothing)
    receiver = TextField(default="")
    phone = TextField(default="", index=True)
    province = TextField(default="")
    city = TextField(default="")
    district = TextField(default="")
    street = TextField(default="")
    postcode = TextField(default="")
    status = TextField(default="unpaid", index=True)
    flag = TextField(null=True, index=True)
    courier = TextField(default="")
    goods_fen = IntegerField(default=0)  # the lines after line discounts
    postage_fen = IntegerField(default=0)
    discount_fen = IntegerField(default=0)  # order discount
    total_fen = IntegerField(default=0)  # computed: goods + postage - discount
    gift = TextField(default="")  # 赠品
    buyer_message = TextField(default="")  # 买家留言
    source = TextField(default="manual")  # manual / taobao / demo / exchange
    merged_into = ForeignKeyField("self", null=True, backref="merged_from", on_delete="RESTRICT")
    created_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=now, index=True)
    paid_at = DateTimeField(null=True, index=True)
    confirmed_at = DateTimeField(null=True)
    printed_at = DateTimeField(null=True)
    shipped_at = DateTimeField(null=True)
    signed_at = DateTimeField(null=True)
    completed_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)
    updated_at = DateTimeField(default=now)

    class Meta:
        table_name = "order"  # quoted by peewee everywhere
        indexes = (
            (("customer", "created_at"), False),
            # covering (migration 0003): the orders paid in a period and their total, for the books
            (("paid_at", "merged_into", "total_fen"), False),
        )


class OrderLine(BaseModel):
    """One line; keeps a text snapshot of 货号/name/colour/size/price so old orders stay readable."""

    id = AutoField()
    order = ForeignKeyField(Order, backref="lines", on_delete="CASCADE")
    variant = ForeignKeyField(Variant, null=True, backref="order_lines", on_delete="SET NULL")
    position = IntegerField(default=0)
    product_code = TextField()
    product_name = TextField(default="")
    color = TextField(default="")
    size = TextField(default="")
    quantity = IntegerField()
    unit_price_fen = IntegerField()
    discount_fen = IntegerField(default=0)

    class Meta:
        table_name = "order_line"
        # covering (migration 0003): an order's pieces and amount per product, for the books
        indexes = (
            (("order", "product_code", "quantity", "unit_price_fen", "discount_fen"), False),
        )


class OrderEvent(BaseModel):
    """The lifecycle log: every transition, merge and add-to-order, with when and who."""

    id = AutoField()
    order = ForeignKeyField(Order, backref="events", on_delete="CASCADE")
    kind = TextField(default="status")  # status / merge / add_lines / edit
    from_status = TextField(null=True)
    to_status = TextField(null=True)
    note = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = DateTimeField(default=now)

    class Meta:
        table_name = "order_event"


class OrderMemo(BaseModel):
    """The memo history of an order (never one overwritten memo): flag colour, text, who, when."""

    id = AutoField()
    order = ForeignKeyField(Order, backref="memos", on_delete="CASCADE")
    flag = TextField(null=True)
    text = TextField()
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = DateTimeField(default=now)
    read_at = DateTimeField(null=True)
    read_by = ForeignKeyField(Staff, null=True, on_delete="SET NULL", backref="memos_read")

    class Meta:
        table_name = "order_memo"


class Shipment(BaseModel):
    id = AutoField()
    order = ForeignKeyField(Order, backref="shipments", on_delete="CASCADE")
    courier = TextField()
    tracking_no = TextField(unique=True)
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=now)
    shipped_at = DateTimeField(null=True)

    class Meta:
        table_name = "shipment"


class TrackingRange(BaseModel):
    """单号段: a block of tracking numbers a courier outlet handed out."""

    id = AutoField()
    courier = TextField()
    prefix = TextField(default="")
    next_number = IntegerField()
    last_number = IntegerField()
    width = IntegerField(default=0)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "tracking_range"


class LabelTemplate(BaseModel):
    """A label or sheet layout; geometry is data (JSON in mm). Built-ins are copied from resources/."""

    id = AutoField()
    name = TextField(unique=True)
    title = TextField(default="")
    builtin = BooleanField(default=False)
    spec = TextField()  # JSON
    background = BlobField(null=True)  # 套打 scan, shown for alignment, never printed
    updated_at = DateTimeField(default=now)

    class Meta:
        table_name = "label_template"


class PrinterCalibration(BaseModel):
    id = AutoField()
    printer = TextField()
    template = ForeignKeyField(LabelTemplate, backref="calibrations", on_delete="CASCADE")
    dx_mm = FloatField(default=0.0)
    dy_mm = FloatField(default=0.0)
    scale = FloatField(default=1.0)

    class Meta:
        table_name = "printer_calibration"
        indexes = ((("printer", "template"), True),)


class PrintJob(BaseModel):
    """The print log: labels, confirmation sheets, packing lists; a reprint (补打) has a reason."""

    id = AutoField()
    kind = TextField(default="labels")  # labels / confirmation / packing_list / return_note
    template = TextField(default="")
    printer = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    at = DateTimeField(default=now, index=True)
    reprint = BooleanField(default=False)
    reason = TextField(default="")
    pages = IntegerField(default=0)

    class Meta:
        table_name = "print_job"


class PrintJobOrder(BaseModel):
    id = AutoField()
    job = ForeignKeyField(PrintJob, backref="items", on_delete="CASCADE")
    order = ForeignKeyField(Order, backref="print_items", on_delete="CASCADE")
    courier = TextField(default="")
    result = TextField(default="printed")  # printed / failed

    class Meta:
        table_name = "print_job_order"
