"""What the demo's stages share: the time constants, the clock, and the `Build` context."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from random import Random

Progress = Callable[[str, int, int], None]

DAY = 86400
HOUR = 3600
#: The moment the demo shop is "seen": `today` at 21:30 (evening print batch done, shift ending).
NOW_TIME = 21 * HOUR + 30 * 60
#: The day shift (the wife) hands over to the evening shift (the husband) at 15:00.
SHIFT_CHANGE = 15 * HOUR
#: Customers and products go back this far before the first order day.
HISTORY_DAYS = 730
#: The stock log covers this many days (see `stock.write_stock_log`): it starts with a stock
#: count (盘点) on the morning of the day this many days before today.
STOCK_LOG_DAYS = 14


class Clock:
    """Times are whole seconds from `origin` (midnight); `ts` turns them into stored text.

    Day 0 is `HISTORY_DAYS + days - 1` days before today; `today_index` is today's day number.
    """

    def __init__(self, today: datetime.date, days: int):
        self.origin = today - datetime.timedelta(days=HISTORY_DAYS + days - 1)
        self.today_index = HISTORY_DAYS + days - 1
        self.first_order_day = HISTORY_DAYS
        self.now = self.today_index * DAY + NOW_TIME
        dates = [self.origin + datetime.timedelta(days=i) for i in range(self.today_index + 60)]
        self.dates = dates
        self.day_text = [d.isoformat() for d in dates]
        self.day_prefix = [d.isoformat() + " " for d in dates]
        self.day_compact = [d.strftime("%Y%m%d") for d in dates]
        self.hms = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]

    def ts(self, t: int) -> str:
        return self.day_prefix[t // DAY] + self.hms[t % DAY]


class Build:
    """What the stages share: the connection, the random source, the clock, and the ids and
    figures one stage leaves for the next."""

    def __init__(self, conn, *, seed, today, days, customers, orders, progress):
        self.conn = conn
        self.seed = seed
        self.rng = Random(seed)
        self.clock = Clock(today, days)
        self.days = days
        self.n_customers = customers
        self.n_orders = orders
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.staff_ids: tuple[int, int] = (0, 0)
        #: When the stock log starts (seconds): the stock count, 09:00 `STOCK_LOG_DAYS` ago.
        self.stock_log_from = (self.clock.today_index - STOCK_LOG_DAYS) * DAY + 9 * HOUR
        # products / variants (filled by products.write_products and write_new_arrivals)
        self.variants: list[tuple] = []  # (id, code, name, colour, size, price_fen)
        self.product_created: dict[int, int] = {}  # product id → created (seconds)
        self.new_arrivals: set[int] = set()  # product ids listed in the last days
        self.variant_pool_all: list[int] = []  # indexes into variants, repeated by popularity
        self.variant_pool_on_sale: list[int] = []
        # customers (filled by customers.write_customers)
        self.customer_created: list[int] = []
        # (receiver, phone, province, city, district, street, postcode)
        self.addresses: list[tuple] = []
        self.address_remote: list[bool] = []
        self.customer_address: list[int] = []  # index of the customer's first address
        self.customer_address_count: list[int] = []
        #: (name, nick, pinyin key, [phones]) per customer, for the search index (then emptied)
        self.customer_search: list[tuple[str, str, str, list[str]]] = []
        #: customers (indexes) whose older orders came from the Taobao import
        self.imported_customers: list[int] = []
        # order figures (filled by orders.write_orders)
        self.order_count: list[int] = []
        self.spent_fen: list[int] = []
        self.first_order: list[int] = []
        self.last_order: list[int] = []
        self.reserved: list[int] = []
        self.signed_recently: list[tuple[int, int, int]] = []  # (customer id, order id, signed)
        #: The paid orders whose goods were held at some time since `stock_log_from`:
        #: (order id, paid, shipped, closed, [(variant id, quantity), …], merged, release);
        #: times in seconds. `merged`: None, or (at, staff, note, [(variant id, quantity), …])
        #: for the lines of an order merged into it then; `release`: None, or (staff, note) for
        #: an order merged into another at `closed` (see `stock.write_stock_log`).
        self.stock_orders: list[tuple] = []

    def stream(self, name: str) -> Random:
        """A random source of its own for the stage `name`, derived from the seed.

        `rng` feeds the stages that came first (products, customers, orders, …), in a fixed
        order. A stage added later draws from its own stream instead, so that adding it leaves
        the rows of every other stage exactly as they were.
        """
        return Random(f"{self.seed}:{name}")

    def staff_at(self, t: int) -> int:
        """Who is at the desk at `t`: the day shift until 15:00, then the evening shift."""
        return self.staff_ids[0] if t % DAY < SHIFT_CHANGE else self.staff_ids[1]

    def executemany(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)


def weighted_pool(weights: list[int]) -> list[int]:
    """Indexes repeated by weight: `pool[int(random() * len(pool))]` draws by weight, cheaply."""
    pool: list[int] = []
    for index, weight in enumerate(weights):
        pool.extend([index] * weight)
    return pool


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def number_text(value: float) -> str:
    """1.0 → "1", 1.5 → "1.5" (one decimal at most)."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")
