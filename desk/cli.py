"""`python -m desk …` / `shop-desk-cli …`: the headless commands.

    check   --db PATH              check a shop file all through, read-only (works while it is open)
    backup  --db PATH [--to DIR]   take a checked backup, print its path
    restore BACKUP --db PATH       replace the shop file by a backup (the old one is kept)
    demo    --db PATH [...]        fill a new shop file with a synthetic shop
    import taobao FILE --db PATH [--dry-run]
                                   import the buyers of a Taobao order export (订单报表)
    export customers --db PATH [--group NAME] --out FILE.xlsx [--masked]
                                   export customers (all, or one group) to .xlsx or .csv
    confirm --db PATH --order NO [--text | --pdf OUT.pdf] [--a4]
                                   an order's confirmation: the chat text, or the sheet as a PDF
    packing-list --db PATH [--date YYYY-MM-DD] --pdf OUT.pdf
                                   the packing list (配货单) of the orders to ship on a day
    labels  --db PATH (--orders NO,… | --date YYYY-MM-DD | --all-unprinted) --template NAME
            --out FILE.pdf [--limit N] [--start-at N]
                                   shipping labels as a PDF (the orders stay as they are)
    close-day --db PATH --date YYYY-MM-DD [--counted 支付宝=123.45 …] [--pdf OUT.pdf]
                                   close a day of the books (日结), write its daily report
    report  --db PATH --month YYYY-MM (--pdf OUT | --xlsx OUT)
                                   the monthly report of the books

Messages are in the current language (Simplified Chinese unless `--lang en`). Exit status: 0 done;
1 the shop file or backup was refused (damaged, not a Shop Desk file, too new, locked, …), an
import has row problems that stop it (nothing written), an export names an unknown group, an
order number is unknown or a PDF cannot be written;
2 a rule of the shop refused the request (an import file that cannot be used at all), or the
command line was wrong; 70 an unexpected error, whose traceback goes to the log file, never to
the screen.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from desk import i18n, paths
from desk.core.errors import DomainError
from desk.db.connection import ShopFileError
from desk.i18n import N_, _

EXIT_OK = 0
EXIT_REFUSED_FILE = 1
EXIT_REFUSED = 2
EXIT_BLOCKED = 1  # an import stopped by row problems, an unknown group: nothing written
EXIT_INTERRUPTED = 130
EXIT_UNEXPECTED = 70  # EX_SOFTWARE

log = logging.getLogger(__name__)

TABLE_LABELS = {
    "product": N_("Products"),
    "variant": N_("Variants (colour × size)"),
    "customer": N_("Customers"),
    "order": N_("Orders"),
    "return_case": N_("Returns and exchanges"),
    "ledger_entry": N_("Ledger entries"),
    "day_close": N_("Closed days"),
    "staff": N_("Staff"),
}


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix if prefix is not None else _("usage: "))


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, titles, errors) go through `_()` too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_REFUSED, _("error: {message}").format(message=message) + "\n")


def _add_db(parser: argparse.ArgumentParser) -> None:
    """The options every command has: --db, and --lang (read early, see _choose_language)."""
    parser.add_argument(
        "--lang", choices=sorted(i18n.LANGUAGES), default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar=_("PATH"),
        help=_("the shop file (default: the shop file in the data folder)"),
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line, in the current language (build it after choosing the language)."""
    parser = _Parser(
        prog="python -m desk",
        description=_("Shop Desk commands that run without the window."),
    )
    parser.add_argument(
        "--lang",
        choices=sorted(i18n.LANGUAGES),
        help=_("language of the messages (default: Simplified Chinese)"),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"))

    check = commands.add_parser(
        "check",
        help=_("check a shop file without changing it"),
        description=_(
            "Check a shop file all through without changing it: its header, that it is a Shop "
            "Desk file of a version this program knows, the integrity of every page and the "
            "links between records. Works while Shop Desk has the file open."
        ),
    )
    _add_db(check)

    backup = commands.add_parser(
        "backup",
        help=_("make a checked backup of a shop file"),
        description=_(
            "Copy the shop file into its backups folder (or DIR), check the copy, and print its "
            "path. Works while Shop Desk has the file open."
        ),
    )
    _add_db(backup)
    backup.add_argument(
        "--to", type=Path, metavar=_("DIR"), help=_("put the backup into this folder instead")
    )

    restore = commands.add_parser(
        "restore",
        help=_("replace a shop file by a backup"),
        description=_(
            "Replace the content of the shop file by the backup BACKUP. The backup is checked "
            "first, and the shop file as it was is kept in the backups folder. Close Shop Desk "
            "first."
        ),
    )
    restore.add_argument("backup", type=Path, metavar="BACKUP", help=_("the backup file"))
    _add_db(restore)

    demo = commands.add_parser(
        "demo",
        help=_("fill a new shop file with a synthetic shop"),
        description=_(
            "Create a shop file filled with made-up products, customers and orders, for trying "
            "Shop Desk out and for measuring it. An existing shop file with data is refused."
        ),
    )
    _add_db(demo)
    number = _("N")
    demo.add_argument("--customers", type=int, default=2000, metavar=number,
                      help=_("number of customers (default: %(default)s)"))  # fmt: skip
    demo.add_argument("--orders", type=int, default=10000, metavar=number,
                      help=_("number of orders (default: %(default)s)"))  # fmt: skip
    demo.add_argument("--days", type=int, default=90, metavar=number,
                      help=_("spread the orders over this many days (default: %(default)s)"))  # fmt: skip
    demo.add_argument("--seed", type=int, default=1, metavar=_("S"),
                      help=_("random seed: the same seed gives the same shop (default: %(default)s)"))  # fmt: skip
    _add_customer_commands(commands)
    _add_order_commands(commands)
    _add_label_commands(commands)
    from desk import cli_books  # close-day, report (books, #8)

    cli_books.add_commands(commands)
    return parser


def _add_customer_commands(commands) -> None:
    """import taobao …, export customers … (the customer book, #4)."""
    importing = commands.add_parser(
        "import", help=_("import customers from a file"),
        description=_("Import customers from a file into the shop file."),
    )  # fmt: skip
    kinds = importing.add_subparsers(dest="kind", metavar=_("KIND"), title=_("kinds"))
    kinds.required = True
    taobao = kinds.add_parser(
        "taobao",
        help=_("the buyers of a Taobao / Qianniu order export (订单报表)"),
        description=_(
            "Read a Taobao / Qianniu seller order export (订单报表, CSV as downloaded), print the "
            "customers it would create or update and every row problem, and import it: all of "
            "it, or nothing when a row has a problem that stops the import. Importing the same "
            "file again creates and counts nothing twice. A backup of the shop file is taken "
            "first."
        ),
    )
    taobao.add_argument("file", type=Path, metavar=_("FILE"), help=_("the exported CSV file"))
    _add_db(taobao)
    taobao.add_argument("--dry-run", action="store_true",
                        help=_("only check and print what would change; write nothing"))  # fmt: skip

    exporting = commands.add_parser(
        "export", help=_("export customers to a file"),
        description=_("Export from the shop file."),
    )  # fmt: skip
    what = exporting.add_subparsers(dest="kind", metavar=_("KIND"), title=_("kinds"))
    what.required = True
    listing = what.add_parser(
        "customers",
        help=_("customers to .xlsx or .csv"),
        description=_(
            "Write the customers (all, or the customers of one group) to an .xlsx or .csv file: "
            "phones and postcodes stay text, and nothing becomes a formula. The file holds "
            "personal data: keep it safe."
        ),
    )
    _add_db(listing)
    listing.add_argument("--group", metavar=_("NAME"), help=_("only the customers of this group"))
    listing.add_argument("--out", type=Path, required=True, metavar=_("FILE"),
                         help=_("the file to write (.xlsx or .csv)"))  # fmt: skip
    listing.add_argument("--masked", action="store_true",
                         help=_("hide the middle digits of the phone numbers"))  # fmt: skip


def _shop_path(args: argparse.Namespace) -> Path:
    return (args.db if args.db is not None else paths.default_shop_file()).expanduser().absolute()


def _size(n: int) -> str:
    if n < 1024 * 1024:
        return _("{size} KB").format(size=f"{n / 1024:.0f}")
    return _("{size} MB").format(size=f"{n / 1024 / 1024:.1f}")


def cmd_check(args: argparse.Namespace) -> int:
    from desk.db.check import check_file

    report = check_file(_shop_path(args))
    names = ", ".join(report.migrations) or "-"
    print(_("File: {path}").format(path=report.path))
    print(_("Size: {size}").format(size=_size(report.size_bytes)))
    print(
        _("Schema version: {version} ({names})").format(version=report.schema_version, names=names)
    )
    if report.pending:
        print(_("Needs an upgrade, done when Shop Desk opens it: {names}").format(
            names=", ".join(report.pending)))  # fmt: skip
    print(_("Integrity and links between records: OK"))
    for table, count in report.counts.items():
        print(_("{what}: {count}").format(what=_(TABLE_LABELS[table]), count=count))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from desk.db.backup import snapshot

    print(snapshot(_shop_path(args), "manual", to_dir=args.to))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desk.db.backup import restore

    path = _shop_path(args)
    kept = restore(args.backup, path)
    print(_("Restored {backup} into {path}.").format(backup=args.backup.absolute(), path=path))
    if kept is not None:
        print(_("The shop file as it was before is kept in {kept}.").format(kept=kept))
    print(_("Shop Desk upgrades it, if needed, the next time it opens it."))
    return EXIT_OK


def _progress_printer() -> Callable[[str, int, int], None] | None:
    """`progress(stage, done, total)` printing at most twice a second, on a terminal only."""
    if not sys.stderr.isatty():
        return None
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done == total:
            last[0] = now
            print(f"{stage} {done}/{total}", file=sys.stderr, flush=True)

    return progress


def cmd_demo(args: argparse.Namespace) -> int:
    from desk.core.demo import build_demo

    summary = build_demo(
        _shop_path(args),
        customers=args.customers,
        orders=args.orders,
        days=args.days,
        seed=args.seed,
        progress=_progress_printer(),
    )
    print(summary)
    return EXIT_OK


def _buyer_line(buyer) -> str:
    region = buyer.address.one_line()[:24] if buyer.address is not None else ""
    action = {"create": _("new"), "update": _("update"), "same": _("same")}[buyer.action]
    who = " ".join(p for p in (buyer.nick, buyer.name) if p)
    return _("{action}  line {line}  {who}  {region}").format(
        action=action, line=buyer.line, who=who, region=region
    ).rstrip()


def _print_preview(preview) -> None:
    shown: set = set()
    for buyer in preview.buyers:  # one line per customer that changes, at its first row
        key = buyer.customer_id or buyer.nick.lower() or buyer.line
        if buyer.action == "same" or key in shown:
            continue
        shown.add(key)
        print(_buyer_line(buyer))
    for problem in preview.problems:
        where = _("line {line}").format(line=problem.line)
        if problem.column:
            where += f" [{problem.column}]"
        kind = _("error") if problem.blocking else _("note")
        print(_("{where} {kind}: {message}").format(where=where, kind=kind, message=problem.message))
    print(_(
        "Customers to create: {creates}, to update: {updates}, unchanged: {unchanged}. "
        "Orders to import: {new} (already imported: {known}, status moved on: {updated})."
    ).format(creates=preview.creates, updates=preview.updates, unchanged=preview.unchanged,
             new=preview.orders_new, known=preview.orders_known,
             updated=preview.orders_updated))  # fmt: skip


def cmd_import(args: argparse.Namespace) -> int:
    from desk.core import customer_import, customer_search
    from desk.db.backup import snapshot
    from desk.db.connection import open_shop

    path = _shop_path(args)
    printer = _progress_printer()
    shop = open_shop(path, create=False)
    try:
        customer_search.ensure_index()
        reading = _("Reading")
        preview = customer_import.read_taobao_export(
            args.file, progress=(lambda d, t: printer(reading, d, t)) if printer else None
        )
        _print_preview(preview)
        if not preview.ok:
            print(_("Nothing was imported: {count} rows have problems that stop the import. "
                    "Fix them in the file and run the import again.").format(
                count=len({p.line for p in preview.blocking})), file=sys.stderr)  # fmt: skip
            return EXIT_BLOCKED
        if args.dry_run:
            print(_("Dry run: nothing was written."))
            return EXIT_OK
        if not (preview.creates or preview.updates or preview.orders_new
                or preview.orders_updated):
            print(_("Nothing new to import: the shop file already has all of it."))
            return EXIT_OK
        print(_("Backup taken first: {path}").format(path=snapshot(path, "pre-import")))
        writing = _("Importing")
        result, _changes = customer_import.apply_import(
            preview, progress=(lambda d, t: printer(writing, d, t)) if printer else None
        )
    finally:
        shop.close()
    print(_(
        "Imported: {created} customers created, {updated} updated, {addresses} addresses added, "
        "{orders} orders counted."
    ).format(created=result.created, updated=result.updated, addresses=result.addresses_added,
             orders=result.orders_counted))  # fmt: skip
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from desk.core import customers
    from desk.core.customer_export import export_customers
    from desk.db.connection import open_shop

    shop = open_shop(_shop_path(args), create=False)
    try:
        if args.group is not None:
            groups = customers.list_groups()
            wanted = " ".join(args.group.split())
            group = next((g for g in groups if g.name == wanted), None) or next(
                (g for g in groups if wanted.lower() in (g.name.lower(), (g.key or ""))), None
            )
            if group is None:
                print(_("There is no group called {name}. The groups are: {names}.").format(
                    name=args.group, names="、".join(g.name for g in groups)), file=sys.stderr)  # fmt: skip
                return EXIT_BLOCKED
            ids = customers.customer_ids(view=customers.VIEW_GROUP, group_id=group.id)
        else:
            ids = customers.customer_ids()
        count = export_customers(ids, args.out, masked=args.masked)
    finally:
        shop.close()
    print(_("Exported {count} customers to {path}.").format(count=count, path=args.out.absolute()))
    return EXIT_OK


def _add_order_commands(commands) -> None:
    """confirm …, packing-list … (orders, #5)."""
    confirm = commands.add_parser(
        "confirm",
        help=_("an order's confirmation: the text for the chat, or the sheet as a PDF"),
        description=_(
            "Print the confirmation of an order (订单信息确认) — the text to paste into the "
            "chat for the buyer to check — or write its confirmation sheet as a PDF (A5, or A4 "
            "with --a4)."
        ),
    )
    _add_db(confirm)
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
    _add_db(packing)
    packing.add_argument("--date", type=_day, metavar="YYYY-MM-DD",
                         help=_("the day (default: today)"))  # fmt: skip
    packing.add_argument("--pdf", type=Path, required=True, metavar="OUT.pdf",
                         help=_("the PDF file to write"))  # fmt: skip


def _day(text: str):
    import datetime

    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a date such as 2026-03-14").format(text=text)
        ) from None


def _write_pdf(path: Path, data: bytes) -> bool:
    """Write the PDF through a temporary file (a half-written PDF never replaces a good one)."""
    path = path.expanduser().absolute()
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        print(_("Could not write {path}: {error}").format(path=path, error=exc.strerror or exc),
              file=sys.stderr)  # fmt: skip
        return False
    return True


def cmd_confirm(args: argparse.Namespace) -> int:
    from desk.core import orders
    from desk.core.confirmation import confirmation_text, sheet_data
    from desk.db.connection import open_shop
    from desk.pdf.confirmation import render_confirmations
    from desk.pdf.fonts import FontNotFound

    shop = open_shop(_shop_path(args), create=False)
    try:
        order_id = orders.find_by_number(args.order)
        if order_id is None:
            print(_("There is no order {number}.").format(number=args.order.strip()),
                  file=sys.stderr)  # fmt: skip
            return EXIT_BLOCKED
        if args.pdf is None:
            print(confirmation_text(order_id))
            return EXIT_OK
        sheets = sheet_data([order_id])
    finally:
        shop.close()
    try:
        data = render_confirmations(sheets, page="A4" if args.a4 else "A5")
    except FontNotFound as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    if not _write_pdf(args.pdf, data):
        return EXIT_BLOCKED
    print(_("The confirmation sheet of order {number} is in {path}.").format(
        number=sheets[0].number, path=args.pdf.expanduser().absolute()))  # fmt: skip
    return EXIT_OK


def cmd_packing_list(args: argparse.Namespace) -> int:
    import datetime

    from desk.core.packing import orders_to_ship, packing_list
    from desk.db.connection import open_shop
    from desk.pdf.fonts import FontNotFound
    from desk.pdf.packing_list import render_packing_list

    day = args.date or datetime.date.today()
    shop = open_shop(_shop_path(args), create=False)
    try:
        data = packing_list(orders_to_ship(day), day=day)
    finally:
        shop.close()
    try:
        pdf = render_packing_list(data)
    except FontNotFound as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    if not _write_pdf(args.pdf, pdf):
        return EXIT_BLOCKED
    print(_("Packing list of {day}: {orders} orders, {pieces} pieces, {kinds} items — in {path}.")
          .format(day=day.isoformat(), orders=data.order_count, pieces=data.piece_count,
                  kinds=len(data.items), path=args.pdf.expanduser().absolute()))  # fmt: skip
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "demo": cmd_demo,
    "import": cmd_import,
    "export": cmd_export,
}
COMMANDS.update({"confirm": cmd_confirm, "packing-list": cmd_packing_list})


def _add_label_commands(commands) -> None:
    """labels … (shipping labels, #6)."""
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
    _add_db(parser)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--orders", metavar="NO,NO,…",
                       help=_("these orders (order numbers, separated by commas)"))  # fmt: skip
    which.add_argument("--date", type=_day, metavar="YYYY-MM-DD",
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

    shop = open_shop(_shop_path(args), create=False)
    try:
        pdf_font.apply_saved_font()  # the font chosen in Settings
        ids = _label_orders(args)
        if ids is None:
            return EXIT_BLOCKED
        if not ids:
            print(_("There are no orders to print: no file was written."), file=sys.stderr)
            return EXIT_BLOCKED
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
            return EXIT_BLOCKED
    except FontNotFound as exc:
        print(exc, file=sys.stderr)
        return EXIT_REFUSED
    finally:
        shop.close()
    if not _write_pdf(args.out, data):
        return EXIT_BLOCKED
    print(_("{count} labels ({template}) written to {path}. The orders were not marked as printed "
            "(已打单).").format(count=len(ids), template=info.name,
                               path=args.out.expanduser().absolute()))  # fmt: skip
    return EXIT_OK


COMMANDS["labels"] = cmd_labels


def _choose_language(argv: Sequence[str]) -> None:
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=sorted(i18n.LANGUAGES))
    known, _rest = early.parse_known_args(argv)
    i18n.set_language(known.lang or i18n.DEFAULT_LANGUAGE)


def _log_unexpected(argv: Sequence[str]) -> Path | None:
    """Write the current exception's traceback to the log file; return the log file's path."""
    try:
        log_path = paths.log_file()
        handler = logging.FileHandler(log_path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    try:
        log.exception("unexpected error in: python -m desk %s", " ".join(argv))
    finally:
        log.removeHandler(handler)
        handler.close()
    return log_path


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (never raises, never prints a traceback)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        _choose_language(argv)
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, or a usage error already printed
            return exc.code if isinstance(exc.code, int) else EXIT_REFUSED
        if args.command is None:
            parser.print_help()
            return EXIT_OK
        return COMMANDS[args.command](args)
    except ShopFileError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_REFUSED_FILE
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print(_("Interrupted."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        log_path = _log_unexpected(argv)
        message = _("Unexpected error: {error}").format(error=f"{type(exc).__name__}: {exc}")
        if log_path is not None:
            message += "\n" + _("Details were written to {log}.").format(log=log_path)
        print(message, file=sys.stderr)
        return EXIT_UNEXPECTED
