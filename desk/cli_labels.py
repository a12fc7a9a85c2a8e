"""`python -m desk labels …`: shipping labels (#6) as a PDF, without the window.

labels --db PATH (--orders NO,… | --date YYYY-MM-DD | --all-unprinted) --template NAME
       --out FILE.pdf [--limit N] [--start-at N] [--print-anyway]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk import cli
from desk.i18n import _


def add_commands(commands) -> None:
    parser = commands.add_parser(
        "labels",
        help=_("shipping labels of orders as a PDF"),
        description=_(
            "Write the shipping labels of orders into a PDF file, one page a label at the exact "
            "size of the template (or A4 sheets of stickers). This only writes a file: the "
            "orders are NOT marked as printed (已打单) and nothing goes into the print log — "
            "print from the Shop Desk window for that. Built-in templates: {names}."
        ).format(names=", ".join(_builtin_names())),
    )
    cli._add_db(parser)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--orders", metavar="NO,NO,…",
                       help=_("these orders (order numbers, separated by commas)"))  # fmt: skip
    which.add_argument("--date", type=cli._day, metavar="YYYY-MM-DD",
                       help=_("the confirmed orders not printed yet that were paid on this day"))  # fmt: skip
    which.add_argument("--all-unprinted", action="store_true",
                       help=_("every confirmed order whose label is not printed yet"))  # fmt: skip
    parser.add_argument("--limit", type=_count, metavar=_("N"),
                        help=_("at most N orders, the oldest first"))  # fmt: skip
    parser.add_argument("--template", required=True, metavar=_("NAME"),
                        help=_("the label template (a built-in one or one saved in the shop file)"))  # fmt: skip
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                        help=_("the PDF file to write"))  # fmt: skip
    parser.add_argument("--start-at", type=_count, default=1, metavar=_("N"),
                        help=_("on a sheet of stickers, start at sticker N (default: 1)"))  # fmt: skip
    parser.add_argument("--print-anyway", action="store_true",
                        help=_("print characters the font does not have (they come out as empty "
                               "boxes) instead of refusing"))  # fmt: skip
    cli.COMMANDS.update({"labels": cmd_labels})


def _builtin_names() -> list[str]:
    from desk.pdf.label_spec import BUILTIN_NAMES

    return list(BUILTIN_NAMES)


def _count(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("{text} is not a whole number of 1 or more").format(text=text)
        )
    return value


def _label_orders(args: argparse.Namespace) -> list[int] | None:
    """The ids of the orders asked for (None after printing which numbers are unknown)."""
    from desk.core import labels

    if args.orders is None:
        return labels.orders_to_print(args.date if not args.all_unprinted else None,
                                      limit=args.limit)  # fmt: skip
    from desk.core import orders

    numbers = [n.strip() for n in args.orders.replace("，", ",").split(",") if n.strip()]
    found = {number: orders.find_by_number(number) for number in numbers}
    unknown = [number for number, order_id in found.items() if order_id is None]
    if unknown:
        print(_("There is no order {number}.").format(number="、".join(unknown)), file=sys.stderr)
        return None
    ids = labels.oldest_first(i for i in found.values() if i is not None)
    return ids[: args.limit] if args.limit else ids


def _defer_pil() -> None:
    """reportlab imports PIL.Image when it starts, for bitmaps that labels never have: in this
    process load it on first use instead (a twentieth of the command's time)."""
    if "PIL.Image" in sys.modules:
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec("PIL.Image")
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    spec.loader.exec_module(module)
    sys.modules["PIL"].Image = module


def cmd_labels(args: argparse.Namespace) -> int:
    _defer_pil()
    from desk.core import labels, pdf_font
    from desk.db.connection import open_shop
    from desk.pdf.fonts import FontNotFound

    shop = open_shop(cli._shop_path(args), create=False)
    try:
        pdf_font.apply_saved_font()  # the font chosen in Settings
        ids = _label_orders(args)
        if ids is None:
            return cli.EXIT_BLOCKED
        if not ids:
            print(_("There are no orders to print: no file was written."), file=sys.stderr)
            return cli.EXIT_BLOCKED
        info = labels.get_template(args.template)
        data, problems = labels.checked_preview(ids, info.name, start_at=args.start_at,
                                                print_anyway=args.print_anyway)  # fmt: skip
        for number, characters in problems:
            shown = "、".join(f"{ch} (U+{ord(ch):04X})" for ch in characters)
            print(_("Order {number}: the font cannot print {chars}").format(
                number=number, chars=shown), file=sys.stderr)  # fmt: skip
        if data is None:
            print(_("No file was written. Change the text, set SHOP_DESK_PDF_FONT to a font "
                    "that has these characters, or add --print-anyway."), file=sys.stderr)  # fmt: skip
            return cli.EXIT_BLOCKED
    except FontNotFound as exc:
        print(exc, file=sys.stderr)
        return cli.EXIT_REFUSED
    finally:
        shop.close()
    if not cli._write_pdf(args.out, data):
        return cli.EXIT_BLOCKED
    print(_("{count} labels ({template}) written to {path}. The orders were not marked as printed "
            "(已打单).").format(count=len(ids), template=info.name,
                               path=args.out.expanduser().absolute()))  # fmt: skip
    return cli.EXIT_OK
