"""`python -m desk import taobao …` and `python -m desk export customers …`: the customer book (#4).

import taobao FILE --db PATH [--dry-run]
export customers --db PATH [--group NAME] --out FILE.xlsx [--masked]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk import cli
from desk.i18n import _


def add_commands(commands) -> None:
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
    cli._add_db(taobao)
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
    cli._add_db(listing)
    listing.add_argument("--group", metavar=_("NAME"), help=_("only the customers of this group"))
    listing.add_argument("--out", type=Path, required=True, metavar=_("FILE"),
                         help=_("the file to write (.xlsx or .csv)"))  # fmt: skip
    listing.add_argument("--masked", action="store_true",
                         help=_("hide the middle digits of the phone numbers"))  # fmt: skip
    cli.COMMANDS.update({"import": cmd_import, "export": cmd_export})


def _buyer_line(buyer) -> str:
    region = buyer.address.one_line()[:24] if buyer.address is not None else ""
    action = {"create": _("new"), "update": _("update"), "same": _("same")}[buyer.action]
    who = " ".join(p for p in (buyer.nick, buyer.name) if p)
    return (
        _("{action}  line {line}  {who}  {region}")
        .format(action=action, line=buyer.line, who=who, region=region)
        .rstrip()
    )


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
        print(
            _("{where} {kind}: {message}").format(where=where, kind=kind, message=problem.message)
        )
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

    path = cli._shop_path(args)
    printer = cli._progress_printer()
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
            return cli.EXIT_BLOCKED
        if args.dry_run:
            print(_("Dry run: nothing was written."))
            return cli.EXIT_OK
        if not (preview.creates or preview.updates or preview.orders_new or preview.orders_updated):
            print(_("Nothing new to import: the shop file already has all of it."))
            return cli.EXIT_OK
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
    return cli.EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from desk.core import customers
    from desk.core.customer_export import export_customers
    from desk.db.connection import open_shop

    shop = open_shop(cli._shop_path(args), create=False)
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
                return cli.EXIT_BLOCKED
            ids = customers.customer_ids(view=customers.VIEW_GROUP, group_id=group.id)
        else:
            ids = customers.customer_ids()
        count = export_customers(ids, args.out, masked=args.masked)
    finally:
        shop.close()
    print(_("Exported {count} customers to {path}.").format(count=count, path=args.out.absolute()))
    return cli.EXIT_OK
