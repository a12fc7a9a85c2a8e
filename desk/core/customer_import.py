"""Customer import: a Taobao / Qianniu seller order export (订单报表), or any CSV / xlsx table with
a column mapping. Always two steps:

1. `read_taobao_export(path)` or `preview_table(read_table(path), mapping, path)` reads and checks
   everything and writes nothing: an `ImportPreview` with one `ImportedBuyer` per usable row (what
   happens to its customer: create / update / same) and every `RowProblem` (line as in the file,
   column, message; blocking or not). A file that cannot be used at all raises ImportFileError.
2. `apply_import(preview)` writes it all in one transaction, or nothing (a blocking problem, a
   cancel, a crash). Importing the same file again creates and counts nothing twice: buyers are
   matched by buyer ID then phone, addresses compared normalised, orders remembered by number
   (`ImportedOrder`).

The pieces: `customer_import_base` (dataclasses, cell helpers), `customer_import_taobao` (the
export's format), `customer_import_table` (mapping), `customer_import_plan` (matching),
`customer_import_apply` (writing).
"""

from __future__ import annotations

from pathlib import Path

from desk.core import customer_import_taobao as taobao
from desk.core.customer_import_apply import REBUILD_FROM, apply_import
from desk.core.customer_import_base import (
    CREATE,
    SAME,
    TABLE,
    TAOBAO,
    UPDATE,
    ImportCancelled,
    ImportedBuyer,
    ImportFileError,
    ImportPreview,
    ImportResult,
    Progress,
    RowProblem,
    gc_paused,
)
from desk.core.customer_import_plan import make_plan, stamp
from desk.core.customer_import_table import (
    TABLE_FIELDS,
    RawTable,
    field_label,
    guess_mapping,
    parse_table,
    read_table,
)


def _preview(source: str, path: Path | str, buyers, problems) -> ImportPreview:
    state = stamp()  # before planning: a commit meanwhile means the plan is made again
    plan = make_plan(source, buyers)
    every = sorted([*problems, *plan.problems], key=lambda p: p.line)
    return ImportPreview(
        source=source,
        path=str(path),
        buyers=tuple(plan.buyers),
        problems=tuple(every),
        creates=plan.creates,
        updates=plan.updates,
        unchanged=plan.unchanged,
        orders_new=plan.orders_new,
        orders_known=plan.orders_known,
        orders_updated=plan.orders_updated,
        plan_cache=(state, plan) if state is not None else None,
    )


def read_taobao_export(path: Path | str, *, progress: Progress | None = None) -> ImportPreview:
    """Read and check a Taobao / Qianniu 订单报表 (CSV as downloaded, or saved as .xlsx) against
    the shop file; writes nothing. `progress(done, total)` may raise to stop."""
    path = Path(path)
    with gc_paused():
        buyers, problems = taobao.read_buyers(path, progress)
        return _preview(TAOBAO, path, buyers, problems)


def preview_table(table: RawTable, mapping: dict[str, int], path: Path | str) -> ImportPreview:
    """Check a table read by `read_table` with `mapping` (field → column index, fields of
    TABLE_FIELDS) against the shop file; writes nothing."""
    with gc_paused():
        buyers, problems = parse_table(table, mapping)
        return _preview(TABLE, path, buyers, problems)


__all__ = [
    "CREATE", "REBUILD_FROM", "SAME", "TABLE", "TABLE_FIELDS", "TAOBAO", "UPDATE",
    "ImportCancelled", "ImportFileError", "ImportPreview", "ImportResult", "ImportedBuyer",
    "RawTable", "RowProblem", "apply_import", "field_label", "guess_mapping", "preview_table",
    "read_table", "read_taobao_export",
]  # fmt: skip
