"""The bulk-writing API of the customer search (`index_texts`, `write_index`): the same texts
and the same index as the service's own `rebuild_index`."""

from __future__ import annotations

import datetime

from desk.core import customer_search, customers
from desk.core.customers import AddressDraft, CustomerDraft
from desk.core.demo import build_demo
from desk.db.connection import db, open_shop


def _contents() -> list:
    return [
        db.execute_sql(f"SELECT rowid, body FROM {table} ORDER BY rowid").fetchall()
        for table in ("customer_fts", "customer_gram")
    ]


def test_index_texts_are_the_services_texts(shop):
    drafts = [
        CustomerDraft(name="欧阳娜娜", nick="tb_12345678", phones=("13812345678", "0571-8888 1234"),
                      addresses=(AddressDraft(receiver="欧阳娜娜", phone="13812345678",
                                              province="浙江省", city="杭州市", district="西湖区",
                                              street="文一西路998号海创园5幢102室",
                                              postcode="310012"),
                                 AddressDraft(receiver="张伟", phone="13900001111",
                                              province="北京市", city="北京市", district="朝阳区",
                                              street="建国路88号SOHO现代城A座", postcode=""))),
        CustomerDraft(name="", nick="Ｌｉｌｙ_0512"),  # full-width letters, no name
        CustomerDraft(name="𠮷祥云", nick="小鱼儿2019", phones=("15700001234",)),
    ]  # fmt: skip
    ids = [customers.create_customer(d)[0].id for d in drafts]
    for cid in ids:
        info = customer_search._gather([cid])[cid]
        texts = customer_search.index_texts(
            info["name"], info["nick"], info["pinyin"], info["phones"],
            [tuple(a) for a in info["addresses"]],
        )  # fmt: skip
        assert texts == customer_search._texts(info)
        assert texts[0]  # something to find


def test_write_index_writes_what_rebuild_index_writes(shop):
    for name in ("王芳", "李娜", "陈静"):
        customers.create_customer(CustomerDraft(name=name, phones=("13812340000",)))
    expected = _contents()
    rows = []
    for cid, info in sorted(customer_search._gather_many([1, 2, 3]).items()):
        rows.append((cid, *customer_search.index_texts(
            info["name"], info["nick"], info["pinyin"], info["phones"], info["addresses"])))
    db.execute_sql("DELETE FROM customer_fts")
    db.execute_sql("DELETE FROM customer_gram")
    db.execute_sql("DELETE FROM setting WHERE key = ?", (customer_search.VERSION_KEY,))
    customer_search.write_index(rows)
    assert _contents() == expected
    assert customer_search.index_is_current()
    assert customers.customer_ids("王芳") == [1]


def test_a_demo_built_index_equals_rebuild_index(tmp_path):
    path = tmp_path / "demo.sqlite3"
    build_demo(path, customers=300, orders=200, days=10, seed=3,
               today=datetime.date(2025, 11, 20))  # fmt: skip
    shop = open_shop(path)
    try:
        built = _contents()
        assert len(built[0]) == 300
        customer_search.rebuild_index()
        assert _contents() == built
        # the bulk merge settings were put back: the services' writes merge as usual
        config = dict(db.execute_sql("SELECT k, v FROM customer_fts_config").fetchall())
        assert config.get("automerge", 4) == 4 and config.get("crisismerge", 16) == 16
    finally:
        shop.close()
