"""Product handbook: products, colour × size variants, stock movements, size charts, photos,
quick replies."""

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from desk.models.base import BaseModel, now
from desk.models.staff import Staff

PRODUCT_STATUSES = ("on_sale", "sold_out", "off_shelf")  # 在售 / 售罄 / 下架


class Product(BaseModel):
    id = AutoField()
    code = TextField(unique=True)  # 货号
    name = TextField()
    pinyin = TextField(default="", index=True)  # initials and full pinyin, for search
    category = TextField(default="", index=True)
    price_fen = IntegerField(default=0)
    cost_fen = IntegerField(default=0)
    status = TextField(default="on_sale", index=True)
    material = TextField(default="")
    care = TextField(default="")
    selling_points = TextField(default="")  # 卖点
    weaknesses = TextField(default="")  # 实事求是
    color_note = TextField(default="")  # 色差
    fit_rule = TextField(default="")  # "实测腰围 + 5 cm"
    notes = TextField(default="")
    low_stock_threshold = IntegerField(default=3)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)

    class Meta:
        table_name = "product"


class Variant(BaseModel):
    """One colour × size of a product. `stock` is on hand; `reserved` is held by paid orders."""

    id = AutoField()
    product = ForeignKeyField(Product, backref="variants", on_delete="CASCADE")
    color = TextField()
    size = TextField()
    color_position = IntegerField(default=0)
    size_position = IntegerField(default=0)
    sku = TextField(null=True, unique=True)
    stock = IntegerField(default=0)
    reserved = IntegerField(default=0)
    hidden = BooleanField(default=False)

    class Meta:
        table_name = "variant"
        indexes = ((("product", "color", "size"), True),)


class StockMovement(BaseModel):
    """Every stock change, with why: reserve, release, ship, restock, adjust, import."""

    id = AutoField()
    variant = ForeignKeyField(Variant, backref="movements", on_delete="CASCADE")
    kind = TextField()
    stock_delta = IntegerField(default=0)
    reserved_delta = IntegerField(default=0)
    order_id = IntegerField(null=True, index=True)  # soft links: the log outlives its sources
    return_case_id = IntegerField(null=True, index=True)
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    note = TextField(default="")
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "stock_movement"


class SizeChart(BaseModel):
    """A product's size chart: measurement column names, and the rows in SizeChartRow."""

    id = AutoField()
    product = ForeignKeyField(Product, backref="size_charts", unique=True, on_delete="CASCADE")
    columns = TextField(default="[]")  # JSON list: ["胸围", "腰围", ...]
    unit = TextField(default="cm")

    class Meta:
        table_name = "size_chart"


class SizeChartRow(BaseModel):
    id = AutoField()
    chart = ForeignKeyField(SizeChart, backref="rows", on_delete="CASCADE")
    position = IntegerField(default=0)
    size = TextField()
    measurements = TextField(default="{}")  # JSON: {"胸围": "96", ...}
    height_min = DecimalField(null=True, decimal_places=1, auto_round=True)
    height_max = DecimalField(null=True, decimal_places=1, auto_round=True)
    weight_min = DecimalField(null=True, decimal_places=1, auto_round=True)  # kg
    weight_max = DecimalField(null=True, decimal_places=1, auto_round=True)

    class Meta:
        table_name = "size_chart_row"


class ProductPhoto(BaseModel):
    id = AutoField()
    product = ForeignKeyField(Product, backref="photos", on_delete="CASCADE")
    position = IntegerField(default=0)  # 0 is the cover
    mime = TextField()
    data = BlobField()
    thumbnail = BlobField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "product_photo"


class ReplyGroup(BaseModel):
    """A situation (欢迎语, 尺码, 催付, …): `key` names the built-in ones, user groups have none."""

    id = AutoField()
    key = TextField(null=True, unique=True)
    name = TextField()
    position = IntegerField(default=0)

    class Meta:
        table_name = "reply_group"


class QuickReply(BaseModel):
    id = AutoField()
    group = ForeignKeyField(ReplyGroup, backref="replies", on_delete="RESTRICT")
    title = TextField()
    shortcode = TextField(null=True, unique=True)
    body = TextField()  # with placeholders such as {买家} {订单号}
    use_count = IntegerField(default=0)
    last_used_at = DateTimeField(null=True)
    position = IntegerField(default=0)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "quick_reply"
