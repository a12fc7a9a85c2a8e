"""Customer tiers and dormancy (rules set in Settings: 客户等级与休眠) and the derived figures
(order count, total spent, 客单价, first/last purchase) kept on each customer."""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Iterable

from desk.core import changes
from desk.core.changes import Changes
from desk.core.customers import CustomerRules, Figures, Tier
from desk.core.errors import ValidationError
from desk.db.connection import db
from desk.i18n import _
from desk.models import Setting
from desk.models.base import now

RULES_KEY = "customer_rules"
MAX_TIERS = 10
MAX_TIER_NAME = 10
MAX_DORMANT_DAYS = 3650


# --- rules and figures ----------------------------------------------------------------------------


def get_rules() -> CustomerRules:
    row = Setting.get_or_none(Setting.key == RULES_KEY)
    if row is None:
        return CustomerRules()
    try:
        stored = json.loads(row.value)
        tiers = tuple(
            Tier(str(t["name"]), int(t["min_orders"]), int(t["min_spent_fen"]))
            for t in stored["tiers"]
        )
        return CustomerRules(tiers=tiers, dormant_days=int(stored["dormant_days"]))
    except (ValueError, KeyError, TypeError):
        return CustomerRules()


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def clean_rules(rules: CustomerRules) -> CustomerRules:
    tiers = []
    seen = set()
    if not rules.tiers:
        raise ValidationError(_("Keep at least one tier."), "tiers")
    if len(rules.tiers) > MAX_TIERS:
        raise ValidationError(
            _("At most {count} tiers.").format(count=MAX_TIERS), "tiers"
        )
    for number, tier in enumerate(rules.tiers, 1):
        name = " ".join((tier.name or "").split())
        if not name:
            raise ValidationError(_("Tier {number} needs a name.").format(number=number), "tiers")
        if len(name) > MAX_TIER_NAME:
            raise ValidationError(
                _("Tier name {name} is too long (at most {count} characters).").format(
                    name=name, count=MAX_TIER_NAME
                ),
                "tiers",
            )
        if name in seen:
            raise ValidationError(_("Tier name {name} is used twice.").format(name=name), "tiers")
        seen.add(name)
        if not _is_count(tier.min_orders) or tier.min_orders > 100_000:
            raise ValidationError(
                _("Orders for tier {name} must be a whole number, 0 or more.").format(name=name),
                "tiers",
            )
        if not _is_count(tier.min_spent_fen) or tier.min_spent_fen > 10**11:
            raise ValidationError(
                _("Amount for tier {name} must be 0 or more.").format(name=name), "tiers"
            )
        tiers.append(Tier(name, tier.min_orders, tier.min_spent_fen))
    days = rules.dormant_days
    if not _is_count(days) or not 1 <= days <= MAX_DORMANT_DAYS:
        raise ValidationError(
            _("Dormant after must be between 1 and {max} days.").format(max=MAX_DORMANT_DAYS),
            "dormant_days",
        )
    return CustomerRules(tiers=tuple(tiers), dormant_days=days)


def save_rules(rules: CustomerRules) -> Changes:
    rules = clean_rules(rules)
    value = json.dumps(
        {"tiers": [dataclasses.asdict(t) for t in rules.tiers], "dormant_days": rules.dormant_days},
        ensure_ascii=False,
    )
    with db.atomic():
        Setting.insert(key=RULES_KEY, value=value, updated_at=now()).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value, Setting.updated_at: now()}
        ).execute()
    return Changes.of(changes.SETTINGS, changes.CUSTOMERS)


def tier_of(order_count: int, total_spent_fen: int, rules: CustomerRules) -> str:
    found = ""
    for tier in rules.tiers:
        if order_count >= tier.min_orders and total_spent_fen >= tier.min_spent_fen:
            found = tier.name
    return found


def figures_of(
    order_count: int,
    total_spent_fen: int,
    first: datetime.datetime | None,
    last: datetime.datetime | None,
    rules: CustomerRules,
    today: datetime.date | None = None,
) -> Figures:
    today = today or datetime.date.today()
    average = (2 * total_spent_fen + order_count) // (2 * order_count) if order_count else 0
    days = (today - last.date()).days if last is not None else None
    return Figures(
        order_count=order_count,
        total_spent_fen=total_spent_fen,
        average_fen=average,
        first_order_at=first,
        last_order_at=last,
        days_since_last=days,
        tier=tier_of(order_count, total_spent_fen, rules),
        dormant=days is not None and days >= rules.dormant_days,
    )


#: Orders that count into a customer's figures: paid, not closed, not merged into another.
COUNTED_ORDER = "o.status NOT IN ('unpaid', 'closed') AND o.merged_into_id IS NULL"


def rebuild_figures(customer_ids: Iterable[int]) -> None:
    """Recompute order count, total spent and first/last purchase from the orders and the
    imported platform orders (call inside the transaction of the change)."""
    ids = sorted({int(i) for i in customer_ids})
    with db.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            db.execute_sql(
                "WITH counted(cid, total, at) AS ("
                f' SELECT o.customer_id, o.total_fen, o.created_at FROM "order" o'
                f" WHERE o.customer_id IN ({marks}) AND {COUNTED_ORDER}"
                " UNION ALL SELECT customer_id, total_fen, ordered_at FROM imported_order"
                f" WHERE customer_id IN ({marks}))"
                " UPDATE customer SET"
                " order_count = (SELECT COUNT(*) FROM counted WHERE cid = customer.id),"
                " total_spent_fen = (SELECT COALESCE(SUM(total), 0) FROM counted"
                "  WHERE cid = customer.id),"
                " first_order_at = (SELECT MIN(at) FROM counted WHERE cid = customer.id),"
                " last_order_at = (SELECT MAX(at) FROM counted WHERE cid = customer.id)"
                f" WHERE id IN ({marks})",
                chunk * 3,
            )
