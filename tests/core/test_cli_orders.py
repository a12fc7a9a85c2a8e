"""`python -m desk confirm …` and `python -m desk packing-list …`: the text, the PDFs, and clear
messages (never a traceback) for an unknown order, a bad date or a file that cannot be written."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from desk import cli
from desk.core import order_flow, settings
from desk.db.connection import open_shop
from desk.models import Order
from tests.core.orders_support import build_shop, line, make_order
from tests.core.test_cli import run

MM = 72 / 25.4


@pytest.fixture
def shop_file(shop_path):
    """A closed shop file with three orders: paid this morning (two lines), paid in the evening
    (after the cut-off), unpaid. Returns (path, {name: order number})."""
    handle = open_shop(shop_path)
    try:
        settings.save_profile(settings.ShopProfile(shop_name="小雅的衣橱"))
        built = build_shop()
        morning = make_order(built, line(built.v("黑色", "M"), 2), line(built.v("白色", "S"), 1),
                             postage_fen=1000)  # fmt: skip
        evening = make_order(built, line(built.v("黑色", "M"), 1))
        unpaid = make_order(built, line(built.v("白色", "L"), 4))
        for order, hour in ((morning, 10), (evening, 20)):
            order_flow.pay(order.id)
            when = datetime.datetime(2026, 3, 14, hour, 0)
            Order.update(paid_at=when).where(Order.id == order.id).execute()
        numbers = {"morning": morning.number, "evening": evening.number, "unpaid": unpaid.number}
    finally:
        handle.close()
    return shop_path, numbers


def pages(path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return ["".join(page.extract_text().split()) for page in reader.pages], reader


def test_confirm_prints_the_text_for_the_chat(shop_file, capsys):
    path, numbers = shop_file
    assert cli.main(["confirm", "--db", str(path), "--order", numbers["morning"]]) == 0
    out = capsys.readouterr().out
    assert numbers["morning"] in out
    for part in ("联系人：王小丫", "联系电话：13812345678", "物流方式：中通快递", "邮费：¥10.00",
                 "1. 货号：A1023", "2. 货号：A1023", "颜色：白色", "尺码：S", "数量：2", "备注：无",
                 "收货地址：浙江省杭州市西湖区文三路100号3幢201室"):  # fmt: skip
        assert part in out, part
    assert cli.main(["confirm", "--db", str(path), "--order", numbers["morning"], "--text"]) == 0
    assert capsys.readouterr().out == out


def test_confirm_writes_an_a5_or_a4_sheet(shop_file, tmp_path, capsys):
    path, numbers = shop_file
    out = tmp_path / "sheet.pdf"
    assert cli.main(["confirm", "--db", str(path), "--order", numbers["unpaid"], "--pdf", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    texts, reader = pages(out)
    assert len(texts) == 1 and numbers["unpaid"] in texts[0] and "订单信息确认表" in texts[0]
    assert round(float(reader.pages[0].mediabox.width) / MM) == 148
    a4 = tmp_path / "a4.pdf"
    assert cli.main(["confirm", "--db", str(path), "--order", numbers["unpaid"], "--pdf", str(a4),
                     "--a4"]) == 0  # fmt: skip
    assert round(float(pages(a4)[1].pages[0].mediabox.height) / MM) == 297


def test_packing_list_of_a_day(shop_file, tmp_path, capsys):
    path, numbers = shop_file
    out = tmp_path / "packing.pdf"
    assert cli.main(["packing-list", "--db", str(path), "--date", "2026-03-14", "--pdf", str(out)]) == 0
    said = capsys.readouterr().out
    assert "2026-03-14" in said and str(out) in said
    texts, reader = pages(out)
    text = texts[0]
    assert round(float(reader.pages[0].mediabox.height) / MM) == 297
    # only the morning order (paid before 16:00): 黑色/M ×2 and 白色/S ×1
    assert "共1单，3件" in text
    assert "黑色M21" in text and "白色S11" in text  # colour, size, quantity, in orders
    # the next day, the evening order ships too
    assert cli.main(["packing-list", "--db", str(path), "--date", "2026-03-15", "--pdf", str(out)]) == 0
    assert "共2单，4件" in pages(out)[0][0]


def test_an_unknown_order_is_a_message_not_a_traceback(shop_file, capsys):
    path, _numbers = shop_file
    assert cli.main(["confirm", "--db", str(path), "--order", "20990101-00001"]) == cli.EXIT_BLOCKED
    err = capsys.readouterr().err
    assert "20990101-00001" in err and "Traceback" not in err


def test_bad_dates_and_unwritable_files_are_messages(shop_file, tmp_path, capsys):
    path, numbers = shop_file
    out = tmp_path / "p.pdf"
    assert cli.main(["packing-list", "--db", str(path), "--date", "2026-02-30", "--pdf", str(out)]) == 2
    assert "2026-02-30" in capsys.readouterr().err
    assert not out.exists()
    missing = tmp_path / "no such folder" / "p.pdf"
    code = cli.main(["confirm", "--db", str(path), "--order", numbers["morning"], "--pdf", str(missing)])
    assert code == cli.EXIT_BLOCKED
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err
    assert cli.main(["confirm", "--db", str(path), "--order", numbers["morning"], "--text", "--pdf",
                     str(out)]) == 2  # fmt: skip


def test_the_real_command_line(shop_file, tmp_path):
    path, numbers = shop_file
    result = run("confirm", "--db", str(path), "--order", numbers["evening"])
    assert result.returncode == 0, result.stderr
    assert "订单信息确认表" in result.stdout and numbers["evening"] in result.stdout
    result = run("--lang", "en", "packing-list", "--help")
    assert result.returncode == 0 and "--date" in result.stdout
