"""Books (#8): the built-in accounts (支付宝, 微信, 银行卡, 现金) and ledger categories (销售收入, 退款,
快递费, 包装耗材, 推广费, 平台费用, 进货, 其他收入, 其他支出), each with a key the code knows them by.

A row the user already made with the same key or name is left as it is. Covering indexes make
the day close read its figures from indexes alone (a day of a big shop has thousands of orders
and sales): on `ledger_entry` per day / account / category / kind, and an order's booked sales;
on `order` the orders paid in a period with their total (merged away or not); on `order_line` an
order's pieces and amount per product.
"""

STATEMENTS = [
    # the names are peewee's (a long name is cut and given a hash)
    'CREATE INDEX "ledger_entry_day_account_id_category_id_kind_amount_fen__f02b73f" ON "ledger_entry"'
    ' ("day", "account_id", "category_id", "kind", "amount_fen", "adjusts_day")',
    'CREATE INDEX "ledger_entry_order_id_auto_key_kind_amount_fen" ON "ledger_entry"'
    ' ("order_id", "auto_key", "kind", "amount_fen")',
    'CREATE INDEX "order_paid_at_merged_into_id_total_fen" ON "order"'
    ' ("paid_at", "merged_into_id", "total_fen")',
    'CREATE INDEX "order_line_order_id_product_code_quantity_unit_price_fen_1cee988" ON "order_line"'
    ' ("order_id", "product_code", "quantity", "unit_price_fen", "discount_fen")',
]

BUILT_IN_ACCOUNTS = [
    ("alipay", "支付宝", 0),
    ("wechat", "微信", 1),
    ("bank", "银行卡", 2),
    ("cash", "现金", 3),
]

BUILT_IN_CATEGORIES = [
    ("sales", "销售收入", "income", 0),
    ("refund", "退款", "expense", 1),
    ("postage", "快递费", "expense", 2),
    ("packaging", "包装耗材", "expense", 3),
    ("ads", "推广费", "expense", 4),
    ("platform", "平台费用", "expense", 5),
    ("purchase", "进货", "expense", 6),
    ("other_income", "其他收入", "income", 7),
    ("other_expense", "其他支出", "expense", 8),
]


def up(migrator, db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    for key, name, position in BUILT_IN_ACCOUNTS:
        taken = db.execute_sql(
            'SELECT 1 FROM "account" WHERE "key" = ? OR "name" = ?', (key, name)
        ).fetchone()
        if not taken:
            db.execute_sql(
                'INSERT INTO "account" ("key", "name", "archived", "position") VALUES (?, ?, 0, ?)',
                (key, name, position),
            )
    for key, name, kind, position in BUILT_IN_CATEGORIES:
        taken = db.execute_sql(
            'SELECT 1 FROM "ledger_category" WHERE "key" = ? OR "name" = ?', (key, name)
        ).fetchone()
        if not taken:
            db.execute_sql(
                'INSERT INTO "ledger_category" ("key", "name", "kind", "position") VALUES (?, ?, ?, ?)',
                (key, name, kind, position),
            )
