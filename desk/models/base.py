"""The base model: every model binds to the one `db` of desk.db.connection.

Conventions (see ARCHITECTURE.md): money is integer fen (`*_fen`); phones, postcodes and tracking
numbers are text; times are the shop's local wall-clock time, naive, stored as ISO text
("YYYY-MM-DD HH:MM:SS[.ffffff]"); dates as "YYYY-MM-DD". Statuses are stored as short English keys
and translated where they are shown.
"""

from __future__ import annotations

import datetime

from peewee import Model

from desk.db.connection import db


def now() -> datetime.datetime:
    """Local wall-clock time, to the second (what every `*_at` column stores)."""
    return datetime.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False
