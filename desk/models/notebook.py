"""The three notebooks: problems (问题登记本), service tallies (服务统计本), handovers (交接记录本)."""

from peewee import AutoField, DateField, DateTimeField, ForeignKeyField, TextField

from desk.models.base import BaseModel, now
from desk.models.customers import Customer
from desk.models.orders import Order
from desk.models.products import Product
from desk.models.staff import Staff


class Problem(BaseModel):
    id = AutoField()
    at = DateTimeField(default=now, index=True)
    category = TextField()  # complaint / size / logistics / quality / bad_review / data_error / idea / other
    description = TextField()
    handling = TextField(default="")
    status = TextField(default="open", index=True)  # open / solved
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    customer = ForeignKeyField(Customer, null=True, backref="problems", on_delete="SET NULL")
    order = ForeignKeyField(Order, null=True, backref="problems", on_delete="SET NULL")
    product = ForeignKeyField(Product, null=True, backref="problems", on_delete="SET NULL")
    solved_at = DateTimeField(null=True)

    class Meta:
        table_name = "problem"


class ServiceEvent(BaseModel):
    """One tap on the service tally: a consultation, a deal, or a buyer lost (with the reason)."""

    id = AutoField()
    day = DateField(index=True)
    at = DateTimeField(default=now)
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    kind = TextField()  # consult / deal / lost
    reason = TextField(null=True)  # price / size / out_of_stock / logistics / hesitant / other

    class Meta:
        table_name = "service_event"


class Handover(BaseModel):
    id = AutoField()
    at = DateTimeField(default=now, index=True)
    from_staff = ForeignKeyField(Staff, null=True, backref="handovers_written", on_delete="SET NULL")
    to_staff = ForeignKeyField(Staff, null=True, backref="handovers_received", on_delete="SET NULL")
    summary = TextField(default="{}")  # JSON: the state of the shop when it was written
    body = TextField(default="")
    read_at = DateTimeField(null=True)
    read_by = ForeignKeyField(Staff, null=True, backref="handovers_read", on_delete="SET NULL")

    class Meta:
        table_name = "handover"
