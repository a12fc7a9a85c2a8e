"""Customers (#4): the search indexes, imported-order records, "not a duplicate" marks, and the
built-in customer groups.

- `customer_fts` (FTS5, trigram tokenizer): substring search of 3+ characters over every text a
  customer can be found by (names, nickname, pinyin, phones, addresses).
- `customer_gram` (FTS5, unicode61, detail=none): one token per 1- and 2-character piece of the
  short fields, for 1–2 character queries (trigrams cannot answer those; see core/customer_search).
  Both are derived data filled by `desk.core.customer_search.ensure_index()` after opening, which
  rebuilds them whenever their format version (a setting) differs from the code's.
- `imported_order`: an order line of a platform export already counted into a customer's figures,
  so that importing the same file twice counts nothing twice.
- `customer_not_duplicate`: a pair the user said are different people (hidden from duplicates).
- (phone, customer_id) indexes on `customer_phone` and `address`, and `address_street_key`
  (district, street without spaces and punctuation, customer_id, street): the likely-duplicate
  search of core/customer_merge is one pass over each.
- `customer_merged_into_id` becomes a partial index (merged customers only); see below.
"""

#: The street without spaces and punctuation (frozen copy of models.customers.STREET_KEY_SQL).
STREET_KEY_SQL = (
    "lower(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(street, ' ', ''), '\u3000', ''), ',', ''), '，', ''), '.', ''), '。', ''), '、', ''), '-', ''), '－', ''), '—', ''), '#', ''), '(', ''), ')', ''), '（', ''), '）', ''), '/', ''))"
)

STATEMENTS = [
    'CREATE VIRTUAL TABLE "customer_fts" USING fts5(body, tokenize = \'trigram\')',
    'CREATE VIRTUAL TABLE "customer_gram" USING fts5(body, tokenize = \'unicode61\', detail = \'none\')',
    'CREATE TABLE "imported_order" ("id" INTEGER NOT NULL PRIMARY KEY, "external_no" TEXT NOT NULL, "customer_id" INTEGER NOT NULL, "total_fen" INTEGER NOT NULL, "ordered_at" DATETIME, "source" TEXT NOT NULL, "imported_at" DATETIME NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "imported_order_external_no" ON "imported_order" ("external_no")',
    'CREATE INDEX "imported_order_customer_id" ON "imported_order" ("customer_id")',
    'CREATE TABLE "customer_not_duplicate" ("customer_a_id" INTEGER NOT NULL, "customer_b_id" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, PRIMARY KEY ("customer_a_id", "customer_b_id"), FOREIGN KEY ("customer_a_id") REFERENCES "customer" ("id") ON DELETE CASCADE, FOREIGN KEY ("customer_b_id") REFERENCES "customer" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "customer_not_duplicate_customer_a_id" ON "customer_not_duplicate" ("customer_a_id")',
    'CREATE INDEX "customer_not_duplicate_customer_b_id" ON "customer_not_duplicate" ("customer_b_id")',
    # covering indexes for core/customer_merge: who shares a phone, who shares an address
    'DROP INDEX "customer_phone_phone"',
    'CREATE INDEX "customer_phone_phone_customer_id" ON "customer_phone" ("phone", "customer_id")',
    'CREATE INDEX "address_phone_customer_id" ON "address" ("phone", "customer_id")',
    'CREATE INDEX "address_street_key" ON "address"'
    f' ("district", {STREET_KEY_SQL}, "customer_id", "street")',
    # Only merged customers (few) in the index: with every row in it, SQLite chose it for
    # "merged_into_id IS NULL" (nearly every customer) and read the whole table through it.
    'DROP INDEX "customer_merged_into_id"',
    'CREATE INDEX "customer_merged_into_id" ON "customer" ("merged_into_id") WHERE "merged_into_id" IS NOT NULL',
    'CREATE INDEX "customer_pinyin" ON "customer" ("pinyin")',
    'CREATE INDEX "customer_total_spent_fen" ON "customer" ("total_spent_fen")',
]

BUILT_IN_GROUPS = [
    ("potential", "潜在客户", "#9e9e9e", 0),
    ("new", "新客户", "#42a5f5", 1),
    ("repeat", "老客户", "#66bb6a", 2),
    ("vip", "VIP", "#ffa000", 3),
    ("blacklist", "黑名单", "#424242", 4),
]


def up(migrator, db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    for key, name, color, position in BUILT_IN_GROUPS:
        taken = db.execute_sql(
            'SELECT 1 FROM "customer_group" WHERE "key" = ? OR "name" = ?', (key, name)
        ).fetchone()
        if not taken:
            db.execute_sql(
                'INSERT INTO "customer_group" ("key", "name", "color", "note", "position")'
                " VALUES (?, ?, ?, '', ?)",
                (key, name, color, position),
            )
