"""`python -m desk labels …`: labels of chosen orders written to a PDF whose pages have the
template's size and whose text holds the receivers; the orders stay as they were; unknown orders
and templates, characters the font lacks and bad options are clear messages, not tracebacks."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from desk import cli
from desk.core import settings
from desk.db.connection import open_shop
from desk.models import Order, PrintJob
from tests.core.orders_support import build_shop, order_in_status
from tests.core.test_labels import JI, WQY

MM = 72 / 25.4
NAMES = ("赵一", "钱二", "孙三")


@pytest.fixture
def shop_file(shop_path):
    """A closed shop file with three confirmed orders paid on 2026-03-13, 14 and 14 (赵一, 钱二,
    孙三), a printed one and a paid one. Returns (path, {receiver: order number})."""
    handle = open_shop(shop_path)
    try:
        settings.save_profile(settings.ShopProfile(shop_name="小雅的衣橱", sender_name="小雅"))
        built = build_shop()
        numbers = {}
        for name, day, hour in (("赵一", 13, 9), ("孙三", 14, 15), ("钱二", 14, 10)):
            order = order_in_status(built, "confirmed", receiver=name, phone="13812345678")
            when = datetime.datetime(2026, 3, day, hour, 0)
            Order.update(paid_at=when).where(Order.id == order.id).execute()
            numbers[name] = order.number
        numbers["printed"] = order_in_status(built, "printed", receiver="周四").number
        numbers["paid"] = order_in_status(built, "paid", receiver="吴五").number
    finally:
        handle.close()
    return shop_path, numbers


def _read(path):
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [page.extract_text() for page in reader.pages], reader


def _statuses(path) -> dict[str, str]:
    handle = open_shop(path, create=False)
    try:
        return {o.receiver: o.status for o in Order.select()}
    finally:
        handle.close()


def test_all_unprinted_orders_become_labels_and_stay_confirmed(shop_file, tmp_path, capsys):
    path, _numbers = shop_file
    out = tmp_path / "labels.pdf"
    before = _statuses(path)
    code = cli.main(["labels", "--db", str(path), "--all-unprinted", "--template",
                     "thermal-100x180", "--out", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert str(out) in capsys.readouterr().out
    texts, reader = _read(out)
    assert len(texts) == 3  # the printed and the paid order are not "unprinted confirmed"
    for text, name in zip(texts, ("赵一", "钱二", "孙三"), strict=True):  # oldest paid first
        assert name in text and "138****5678" in text and "13812345678" not in text
    for page in reader.pages:
        assert abs(float(page.mediabox.width) / MM - 100) < 0.2
        assert abs(float(page.mediabox.height) / MM - 180) < 0.2
    assert _statuses(path) == before  # a file only: nothing moved to 已打单
    handle = open_shop(path, create=False)
    try:
        assert PrintJob.select().count() == 0
    finally:
        handle.close()


def test_chosen_orders_a_day_and_a_limit(shop_file, tmp_path):
    path, numbers = shop_file
    out = tmp_path / "chosen.pdf"
    chosen = ",".join((numbers["孙三"], numbers["printed"], numbers["赵一"]))
    assert cli.main(["labels", "--db", str(path), "--orders", chosen, "--limit", "2",
                     "--template", "thermal-76x130", "--out", str(out)]) == 0  # fmt: skip
    texts, reader = _read(out)
    assert len(texts) == 2 and "赵一" in texts[0] and "孙三" in texts[1]  # oldest first
    assert abs(float(reader.pages[0].mediabox.width) / MM - 76) < 0.2
    day = tmp_path / "day.pdf"
    assert cli.main(["labels", "--db", str(path), "--date", "2026-03-14", "--template",
                     "thermal-100x150", "--out", str(day)]) == 0  # fmt: skip
    texts, _reader = _read(day)
    assert [next(n for n in NAMES if n in t) for t in texts] == ["钱二", "孙三"]


def test_a_sheet_of_stickers_starting_at_sticker_20(shop_file, tmp_path):
    path, _numbers = shop_file
    out = tmp_path / "sheet.pdf"
    assert cli.main(["labels", "--db", str(path), "--all-unprinted", "--template", "a4-3x7",
                     "--out", str(out), "--start-at", "20"]) == 0  # fmt: skip
    texts, reader = _read(out)
    assert len(texts) == 2  # stickers 20 and 21, then 1 of a new sheet
    assert "赵一" in texts[0] and "钱二" in texts[0] and "孙三" in texts[1]
    assert abs(float(reader.pages[0].mediabox.height) / MM - 297) < 0.2


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--orders", "20990101-0001", "--template", "thermal-100x150"], 1, "20990101-0001"),
        (["--all-unprinted", "--template", "no-such-template"], 2, "no-such-template"),
        (["--all-unprinted", "--template", "a4-3x7", "--start-at", "22"], 2, "21"),
        (["--all-unprinted", "--template", "thermal-100x150", "--limit", "0"], 2, "0"),
        (["--date", "2026-02-30", "--template", "thermal-100x150"], 2, "2026-02-30"),
        (["--date", "2026-01-01", "--template", "thermal-100x150"], 1, ""),  # no orders that day
        (["--template", "thermal-100x150"], 2, "--orders"),  # which orders?
    ],
)
def test_bad_requests_write_nothing(shop_file, tmp_path, capsys, args, code, said):
    path, _numbers = shop_file
    out = tmp_path / "never.pdf"
    assert cli.main(["labels", "--db", str(path), *args, "--out", str(out)]) == code
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert not out.exists()


def test_characters_the_font_lacks_are_named_per_order(shop_path, tmp_path, capsys, monkeypatch):
    from desk.pdf import fonts

    if not WQY.is_file():
        pytest.skip("WenQuanYi Micro Hei is not installed")
    monkeypatch.setenv(fonts.ENV_FONT, f"{WQY},0")
    fonts._reset_for_tests()
    try:
        handle = open_shop(shop_path)
        try:
            rare = order_in_status(build_shop(), "confirmed", receiver=JI).number
        finally:
            handle.close()
        out = tmp_path / "rare.pdf"
        args = ["labels", "--db", str(shop_path), "--all-unprinted", "--template",
                "thermal-100x150", "--out", str(out)]  # fmt: skip
        assert cli.main(args) == 1
        err = capsys.readouterr().err
        assert rare in err and JI in err and "U+20BB7" in err and not out.exists()
        assert cli.main([*args, "--print-anyway"]) == 0 and out.exists()
    finally:
        fonts._reset_for_tests()


def test_help_says_the_orders_are_not_marked_printed(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["labels", "--help"])
    out = capsys.readouterr().out
    assert "已打单" in out and "thermal-100x180" in out and "a4-3x7" in out
