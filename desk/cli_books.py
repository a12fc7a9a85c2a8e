"""`python -m desk close-day …` and `python -m desk report …`: the books (#8) without the window.

close-day --db PATH --date YYYY-MM-DD [--counted 支付宝=123.45 …] [--confirm-pending] [--pdf OUT]
report    --db PATH --month YYYY-MM (--pdf OUT | --xlsx OUT)
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from desk import cli
from desk.core.errors import DomainError, ValidationError
from desk.i18n import _


def add_commands(commands) -> None:
    close = commands.add_parser(
        "close-day",
        help=_("close a day of the books (日结), optionally writing its daily report"),
        description=_(
            "Close a day of the books: check each account's counted balance against the expected "
            "one, lock the day's entries and keep its figures. Accounts not named in --counted "
            "are taken as counted = expected. Automatic entries (sales, refunds, postage) not "
            "confirmed yet stop the close unless --confirm-pending is given."
        ),
    )
    cli._add_db(close)
    close.add_argument(
        "--date", type=cli._day, required=True, metavar="YYYY-MM-DD", help=_("the day to close")
    )
    close.add_argument("--counted", nargs="+", action="extend", default=[], metavar=_("ACCOUNT=AMOUNT"),
                       help=_("the balance counted in an account, e.g. 支付宝=1234.50 现金=300"))  # fmt: skip
    close.add_argument("--comment", action="append", default=[], metavar=_("ACCOUNT=TEXT"),
                       help=_("why an account's counted balance differs from the expected one"))  # fmt: skip
    close.add_argument("--confirm-pending", action="store_true",
                       help=_("write the day's automatic entries first"))  # fmt: skip
    close.add_argument(
        "--pdf", type=Path, metavar="OUT.pdf", help=_("write the daily report to this PDF file")
    )

    report = commands.add_parser(
        "report",
        help=_("the monthly report of the books as a PDF or an xlsx file"),
        description=_("Write the monthly report: sales, refunds, net, orders, average order value, "
                      "conversion, top products and returns by reason."),
    )  # fmt: skip
    cli._add_db(report)
    report.add_argument(
        "--month", type=_month, required=True, metavar="YYYY-MM", help=_("the month")
    )
    out = report.add_mutually_exclusive_group(required=True)
    out.add_argument("--pdf", type=Path, metavar="OUT.pdf", help=_("write the report as a PDF"))
    out.add_argument(
        "--xlsx", type=Path, metavar="OUT.xlsx", help=_("write the report as an xlsx workbook")
    )
    cli.COMMANDS.update({"close-day": cmd_close_day, "report": cmd_report})


def _month(text: str) -> tuple[int, int]:
    try:
        day = datetime.date.fromisoformat(text.strip() + "-01")
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a month such as 2026-03").format(text=text)
        ) from None
    return day.year, day.month


def _pairs(values: list[str], option: str) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip():
            raise ValidationError(
                _("{option} {value}: write it as ACCOUNT=VALUE, e.g. 支付宝=123.45").format(
                    option=option, value=value
                ),
                option,
            )
        out[name.strip()] = rest.strip()
    return out


def _counted(summary, counted: dict[str, str], comments: dict[str, str]):
    from desk.core import books

    by_name = {a.account_name: a.account_id for a in summary.accounts}
    unknown = [n for n in list(counted) + list(comments) if n not in by_name]
    if unknown:
        raise ValidationError(
            _("Unknown account {names}. The accounts are: {known}.").format(
                names="、".join(unknown), known="、".join(by_name)), "counted")  # fmt: skip
    return tuple(
        books.CountedBalance(by_name[name], counted.get(name, ""), comments.get(name, ""))
        for name in by_name
        if name in counted or name in comments
    )


def _print_summary(s) -> None:
    from desk.core.money import format_yuan as y

    print(_("Day {day}: {orders} orders, {items} pieces; sales {sales}, refunds {refunds}, postage {postage}, "
            "other expenses {expense}, other income {income}, net {net}.").format(
        day=s.day.isoformat(), orders=s.orders, items=s.items, sales=y(s.sales_fen), refunds=y(s.refunds_fen),
        postage=y(s.postage_fen), expense=y(s.other_expense_fen), income=y(s.other_income_fen), net=y(s.net_fen)))  # fmt: skip
    for a in s.accounts:
        line = _("  {account}: expected {expected}, counted {counted}, variance {variance}").format(
            account=a.account_name, expected=y(a.expected_fen), counted=y(a.counted_fen),
            variance=y(a.variance_fen))  # fmt: skip
        print(line + (f" ({a.comment})" if a.comment else ""))


def summary_pending(books, day) -> bool:
    """Whether `day` is open with automatic entries still to confirm."""
    summary = books.day_summary(day)
    return bool(summary.pending_count) and not summary.closed


def cmd_close_day(args: argparse.Namespace) -> int:
    from desk.core import books
    from desk.db.connection import db, open_shop

    counted = _pairs(args.counted, "--counted")
    comments = _pairs(args.comment, "--comment")
    shop = open_shop(cli._shop_path(args), create=False)
    try:
        try:
            # one transaction: a refused close leaves the automatic entries unconfirmed too
            with db.atomic():
                count = 0
                if args.confirm_pending and not books.is_closed(args.date):
                    count, _changes = books.confirm_pending(args.date, None)
                summary = books.day_summary(args.date)
                closed, _changes = books.close_day(
                    args.date, _counted(summary, counted, comments), None
                )
        except DomainError as exc:
            if summary_pending(books, args.date):
                print(
                    exc.message + " " + _("Add --confirm-pending to write them first."),
                    file=sys.stderr,
                )
                return cli.EXIT_REFUSED
            raise
        if count:
            print(_("{count} automatic entries confirmed.").format(count=count))
        print(_("{day} is closed.").format(day=args.date.isoformat()))
        _print_summary(closed)
        if args.pdf is not None:
            path = books.write_daily_pdf(args.date, args.pdf.expanduser().absolute())
            print(_("Daily report written to {path}.").format(path=path))
    finally:
        shop.close()
    return cli.EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from desk.core import books
    from desk.db.connection import open_shop

    year, month = args.month
    shop = open_shop(cli._shop_path(args), create=False)
    try:
        if args.pdf is not None:
            path = books.write_month_pdf(year, month, args.pdf.expanduser().absolute())
        else:
            path = books.write_month_xlsx(year, month, args.xlsx.expanduser().absolute())
    finally:
        shop.close()
    print(
        _("Monthly report {month} written to {path}.").format(
            month=f"{year}-{month:02d}", path=path
        )
    )
    return cli.EXIT_OK
