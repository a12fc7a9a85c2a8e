"""A realistic synthetic shop, written into a new shop file: for trying the app and for benchmarks.

`build_demo(path, customers=…, orders=…, days=…, seed=…)` writes the couple, the shop profile,
about sixty products (with their pinyin search key) with colour × size stock, size charts and
fitting rules, a few new arrivals with half-filled size charts, the quick replies with their use,
the customer address book (phones, addresses with real province/city/district names, groups, tags,
follow-ups), orders spread over the last `days` days in every lifecycle state, with lines, events,
flag memos and shipments, and the stock log of the last two weeks.

Rules the demo keeps, so that every later feature can rely on it:
- Deterministic: the same `seed` and `today` give byte-identical table contents. All randomness
  comes from `random.Random(seed)` and the streams derived from `seed` (`Build.stream`, one per
  stage added later, so that a new stage leaves the other stages' rows as they were); "now" is
  `today` at 21:30 (`NOW_TIME`), never the clock, and rows written through a service have their
  wall-clock stamps replaced by the demo's time.
- Consistent: an order's status is the last step of its timeline reached by "now", and exactly the
  `*_at` columns of the steps reached are set; goods = Σ(quantity × unit price − line discount),
  total = goods + postage − discount; the customer figures count the orders that were paid and are
  not closed (first/last = their `created_at`); a variant's `reserved` is the quantity held by
  paid, confirmed and printed orders, and its stock movements add up to its `stock` and
  `reserved` (what the log holds is described in `stock`).
- Fast: one million orders in about a minute. Rows are built as tuples and written with
  `executemany` on the raw sqlite3 connection, in one transaction per batch; times are seconds
  from an origin turned into "YYYY-MM-DD HH:MM:SS" through precomputed day and time-of-day strings.

The modules:
- `build`: `build_demo`, the file handling, and the stage lists (`SETUP_STAGES`, `BULK_STAGES`);
- `context`: the clock and the `Build` context the stages share;
- `shop`, `products`, `replies`, `customers`, `orders` (with `timeline`), `stock`: one module
  per feature area, each with its `write_*` stages;
- `data` and `catalogue`: the word lists and the product catalogue, plain data.
"""

from desk.core.demo.build import DemoSummary, build_demo
from desk.core.demo.context import Progress

__all__ = ["DemoSummary", "Progress", "build_demo"]
