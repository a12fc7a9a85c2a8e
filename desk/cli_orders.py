"""`python -m desk confirm …` and `python -m desk packing-list …`: orders (#5).

confirm --db PATH --order NO [--text | --pdf OUT.pdf] [--a4]
packing-list --db PATH [--date YYYY-MM-DD] --pdf OUT.pdf
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk import cli
from desk.i18n import _


def add_commands(commands) -> None:
    confirm = commands.add_parser(
        "confirm",
        help=_("an order's confirmation: the text for the chat, or the sheet as a PDF"),
        description=_(
            "Print the confirmation of an order (订单信息确认) — the text to paste into the "
            "chat for the buyer to check — or write its confirmation sheet as a PDF (A5, or A4 "
            "with --a4)."
        ),
    )
    cli._add_db(confirm)
    confirm.add_argument("--order", required=True, metavar=_("NO"),
                         help=_("the order number (or the platform's order number)"))  # fmt: skip
    how = confirm.add_mutually_exclusive_group()
    how.add_argument("--text", action="store_true",
                     help=_("print the text for the chat (the default)"))  # fmt: skip
    how.add_argument("--pdf", type=Path, metavar="OUT.pdf",
                     help=_("write the confirmation sheet to this PDF file"))  # fmt: skip
    confirm.add_argument("--a4", action="store_true", help=_("an A4 page instead of A5"))

    packing = commands.add_parser(
        "packing-list",
        help=_("the packing list of the orders to ship on a day, as a PDF"),
        description=_(
            "Write the packing list (配货单) of the orders to ship on a day — paid, confirmed "
            "or printed orders paid before that day's ship cut-off and not shipped yet — their "
            "items totalled by item code, colour and size."
        ),
    )
    cli._add_db(packing)
    packing.add_argument("--date", type=cli._day, metavar="YYYY-MM-DD",
                         help=_("the day (default: today)"))  # fmt: skip
    packing.add_argument("--pdf", type=Path, required=True, metavar="OUT.pdf",
                         help=_("the PDF file to write"))  # fmt: skip
    cli.COMMANDS.update({"confirm": cmd_confirm, "packing-list": cmd_packing_list})


def cmd_confirm(args: argparse.Namespace) -> int:
    from desk.core import orders
    from desk.core.confirmation import confirmation_text, sheet_data
    from desk.db.connection import open_shop
    from desk.pdf.confirmation import render_confirmations
    from desk.pdf.fonts import FontNotFound

    shop = open_shop(cli._shop_path(args), create=False)
    try:
        order_id = orders.find_by_number(args.order)
        if order_id is None:
            print(_("There is no order {number}.").format(number=args.order.strip()),
                  file=sys.stderr)  # fmt: skip
            return cli.EXIT_BLOCKED
        if args.pdf is None:
            print(confirmation_text(order_id))
            return cli.EXIT_OK
        sheets = sheet_data([order_id])
    finally:
        shop.close()
    try:
        data = render_confirmations(sheets, page="A4" if args.a4 else "A5")
    except FontNotFound as exc:
        print(exc, file=sys.stderr)
        return cli.EXIT_REFUSED
    if not cli._write_pdf(args.pdf, data):
        return cli.EXIT_BLOCKED
    print(_("The confirmation sheet of order {number} is in {path}.").format(
        number=sheets[0].number, path=args.pdf.expanduser().absolute()))  # fmt: skip
    return cli.EXIT_OK


def cmd_packing_list(args: argparse.Namespace) -> int:
    import datetime

    from desk.core.packing import orders_to_ship, packing_list
    from desk.db.connection import open_shop
    from desk.pdf.fonts import FontNotFound
    from desk.pdf.packing_list import render_packing_list

    day = args.date or datetime.date.today()
    shop = open_shop(cli._shop_path(args), create=False)
    try:
        data = packing_list(orders_to_ship(day), day=day)
    finally:
        shop.close()
    try:
        pdf = render_packing_list(data)
    except FontNotFound as exc:
        print(exc, file=sys.stderr)
        return cli.EXIT_REFUSED
    if not cli._write_pdf(args.pdf, pdf):
        return cli.EXIT_BLOCKED
    print(_("Packing list of {day}: {orders} orders, {pieces} pieces, {kinds} items — in {path}.")
          .format(day=day.isoformat(), orders=data.order_count, pieces=data.piece_count,
                  kinds=len(data.items), path=args.pdf.expanduser().absolute()))  # fmt: skip
    return cli.EXIT_OK
