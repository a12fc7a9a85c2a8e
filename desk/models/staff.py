"""The people of the shop (who is at the desk), and shop-wide settings."""

from peewee import AutoField, BooleanField, DateTimeField, IntegerField, TextField

from desk.models.base import BaseModel, now


class Staff(BaseModel):
    id = AutoField()
    name = TextField(unique=True)
    active = BooleanField(default=True)
    position = IntegerField(default=0)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "staff"


class Setting(BaseModel):
    """One setting: a key and a JSON value (shop profile, sender, cut-off, language, rates, …)."""

    key = TextField(primary_key=True)
    value = TextField()  # JSON
    updated_at = DateTimeField(default=now)

    class Meta:
        table_name = "setting"
