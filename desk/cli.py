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

This module is the shell (parser, shared helpers, main) and the file commands; each feature's
commands live in their own module: cli_customers, cli_orders, cli_labels, cli_books.
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
    # the feature modules register their commands (and their handlers in COMMANDS)
    from desk import cli_books, cli_customers, cli_labels, cli_orders

    cli_customers.add_commands(commands)  # import taobao, export customers (#4)
    cli_orders.add_commands(commands)  # confirm, packing-list (#5)
    cli_labels.add_commands(commands)  # labels (#6)
    cli_books.add_commands(commands)  # close-day, report (#8)
    return parser


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


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "demo": cmd_demo,
}  # + the commands of the feature modules, added by their add_commands (see build_parser)


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
