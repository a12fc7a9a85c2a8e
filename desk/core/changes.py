"""What a service call changed, so that pages refresh only when it concerns them (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass

SETTINGS = "settings"
STAFF = "staff"
PRODUCTS = "products"
STOCK = "stock"
REPLIES = "replies"
CUSTOMERS = "customers"
ORDERS = "orders"
LABELS = "labels"
RETURNS = "returns"
NOTEBOOK = "notebook"
BOOKS = "books"
FILE = "file"  # another shop file was opened or restored: everything changed

ALL_KINDS = frozenset(
    {SETTINGS, STAFF, PRODUCTS, STOCK, REPLIES, CUSTOMERS, ORDERS, LABELS, RETURNS, NOTEBOOK, BOOKS}
)


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *kinds: str) -> Changes:
        return cls(frozenset(kinds))

    @classmethod
    def everything(cls) -> Changes:
        return cls(ALL_KINDS | {FILE})

    def concerns(self, *kinds: str) -> bool:
        return FILE in self.kinds or any(k in self.kinds for k in kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)
