"""End-of-day books: accounts, ledger categories, ledger entries, day closes."""

from peewee import (
    AutoField,
    BooleanField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from desk.models.base import BaseModel, now
from desk.models.orders import Order, PrintJob
from desk.models.returns import ReturnCase
from desk.models.staff import Staff


class Account(BaseModel):
    """支付宝, 微信, 银行卡, 现金 (built-in, `key` set) and the user's own accounts."""

    id = AutoField()
    key = TextField(null=True, unique=True)
    name = TextField(unique=True)
    archived = BooleanField(default=False)
    position = IntegerField(default=0)

    class Meta:
        table_name = "account"


class LedgerCategory(BaseModel):
    id = AutoField()
    key = TextField(null=True, unique=True)  # sales / refund / postage / packaging / ads / ...
    name = TextField(unique=True)
    kind = TextField()  # income / expense
    position = IntegerField(default=0)

    class Meta:
        table_name = "ledger_category"


class LedgerEntry(BaseModel):
    id = AutoField()
    day = DateField(index=True)
    kind = TextField()  # income / expense
    category = ForeignKeyField(LedgerCategory, backref="entries", on_delete="RESTRICT")
    account = ForeignKeyField(Account, backref="entries", on_delete="RESTRICT")
    amount_fen = IntegerField()  # always positive; `kind` gives the direction
    note = TextField(default="")
    order = ForeignKeyField(Order, null=True, backref="ledger_entries", on_delete="RESTRICT")
    return_case = ForeignKeyField(ReturnCase, null=True, backref="ledger_entries", on_delete="RESTRICT")
    print_job = ForeignKeyField(PrintJob, null=True, backref="ledger_entries", on_delete="SET NULL")
    auto_key = TextField(null=True, unique=True)  # "sale:order:123": never entered twice
    adjusts_day = DateField(null=True)  # an adjusting entry names the closed day it corrects
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "ledger_entry"
        # covering indexes of the day close (migration 0003): a day's figures per account and
        # category, and an order's booked sales, read from the index alone
        indexes = (
            (("day", "account", "category", "kind", "amount_fen", "adjusts_day"), False),
            (("order", "auto_key", "kind", "amount_fen"), False),
        )


class DayClose(BaseModel):
    id = AutoField()
    day = DateField(unique=True)
    closed_at = DateTimeField(default=now)
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    summary = TextField(default="{}")  # JSON figures as they were at close
    comment = TextField(default="")

    class Meta:
        table_name = "day_close"


class DayCloseAccount(BaseModel):
    id = AutoField()
    close = ForeignKeyField(DayClose, backref="accounts", on_delete="CASCADE")
    account = ForeignKeyField(Account, on_delete="RESTRICT")
    expected_fen = IntegerField()
    counted_fen = IntegerField()
    variance_fen = IntegerField()
    comment = TextField(default="")

    class Meta:
        table_name = "day_close_account"
