"""What every customer import shares: the result dataclasses, the errors, and the small helpers
that turn one cell of a file into a clean value (with a row problem when it cannot).

`desk.core.customer_import` is the public face; this module holds no reading or writing.
"""

from __future__ import annotations

import datetime
import gc
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from desk.core import phones
from desk.core.customers import AddressDraft
from desk.core.errors import DomainError
from desk.i18n import _

TAOBAO, TABLE = "taobao", "table"
CREATE, UPDATE, SAME = "create", "update", "same"

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class ImportFileError(DomainError):
    """The whole file is unusable (encoding, unknown header, empty, not a table)."""

    def __init__(self, message: str):
        super().__init__(message, "file")


class ImportCancelled(DomainError):
    """The user cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__(_("The import was cancelled; nothing was imported."))


@dataclass(frozen=True)
class RowProblem:
    """A problem of one row: the line number as in the file (1 = the header), the column as the
    file names it ("" for the whole row), a message for the user. A blocking problem stops the
    import; the others are told and the row is imported as described by the message."""

    line: int
    column: str
    message: str
    blocking: bool = True


@dataclass(frozen=True)
class ImportedBuyer:
    """One usable row of the file, with what the import does to its customer.

    For a Taobao export a row is one order; `counted` says whether it counts into the figures
    (paid and not closed, and not counted by an earlier import). `group` is the group the
    customer ends in by the import's rules (Taobao: 新客户/老客户) or the group names of the file's
    column (table, "、" between names). `action` is the same on every row of one customer."""

    line: int
    external_no: str
    nick: str
    name: str
    phones: tuple[str, ...]  # normalised
    address: AddressDraft | None
    total_fen: int
    ordered_at: datetime.datetime | None
    notes: str
    group: str
    tags: tuple[str, ...]
    customer_id: int | None
    action: str  # CREATE / UPDATE / SAME
    counted: bool = False
    #: Taobao: the row's order (a `taobao_orders.TaobaoOrder`), which the import also creates
    order: object | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ImportPreview:
    source: str  # TAOBAO / TABLE
    path: str
    buyers: tuple[ImportedBuyer, ...]
    problems: tuple[RowProblem, ...]
    creates: int  # customers to create
    updates: int  # existing customers that change
    unchanged: int  # existing customers the file changes nothing of
    orders_new: int  # orders to create (Taobao) / to count into the figures (table)
    orders_known: int  # orders an earlier import already made (Taobao) / counted (table)
    #: (state of the shop file, plan) for apply_import: the plan is made again unless nothing
    #: was written since the preview
    plan_cache: tuple | None = field(default=None, repr=False, compare=False)
    orders_updated: int = 0  # Taobao: known orders whose status the file moves forward

    @property
    def ok(self) -> bool:
        """No blocking problem: the import can be applied."""
        return not any(p.blocking for p in self.problems)

    @property
    def blocking(self) -> tuple[RowProblem, ...]:
        return tuple(p for p in self.problems if p.blocking)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    addresses_added: int
    orders_counted: int  # new orders that count into the customers' figures
    orders_created: int = 0  # Taobao: Orders created (any status)
    orders_updated: int = 0  # Taobao: known Orders whose status moved forward


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while hundreds of thousands of small objects are made
    (rows, cells, buyers): it would walk the whole growing heap again and again (measured: a
    third of the time of a 100,000-row import). Nothing made here forms reference cycles; the
    objects are freed by reference counting as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # The objects made meanwhile all sit in the youngest generation: the next collection
            # would walk every one of them (1.5 s for two million). Move them to the oldest
            # generation unwalked, where a full collection sees them only when it is due.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


# --- cells -------------------------------------------------------------------------------------



def unwrap(text: str) -> str:
    """A cell as platforms write it: `="2023…"` (kept as text in Excel) → 2023…; the ' a CSV
    export puts before text that starts like a formula ('=SUM(A1), '-小猫-) is dropped; spaces
    trimmed."""
    text = text.strip()
    if len(text) >= 3 and text.startswith('="') and text.endswith('"'):
        text = text[2:-1].replace('""', '"').strip()
    elif len(text) >= 2 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def looks_like_formula(text: str) -> bool:
    """Text a spreadsheet would run as a formula: =SUM(A1). (A leading + - @ is common in
    nicknames and phones, so only = is told on import; exports guard all four.)"""
    return len(text) > 1 and text.startswith("=")


def formula_problem(line: int, column: str) -> RowProblem:
    return RowProblem(
        line,
        column,
        _("The text starts like a formula; it is imported as plain text."),
        blocking=False,
    )


def one_line(text: str) -> str:
    return " ".join(text.split())


_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_MASKED = re.compile(r"\d[\d\s\-]*\*+[\d\s\-*]*\d")
_PHONE_SPLIT = re.compile(r"[,，;；/、|]+|\s{2,}")


def phone_values(
    text: str, line: int, column: str, problems: list[RowProblem]
) -> list[phones.Phone]:
    """The phones of one cell (several may be separated by , ; / 、). Letters are a blocking
    problem; a masked number (138****5678) or an unknown shape is told and left out."""
    text = unwrap(text).lstrip("'").strip()
    if not text:
        return []
    found: list[phones.Phone] = []
    for part in _PHONE_SPLIT.split(text):
        part = part.strip().lstrip("'").strip()
        if not any(ch.isalnum() for ch in part):
            continue  # "-", "/": nothing there
        phone = phones.normalize_phone(part)
        if phone is not None:
            if phone not in found:
                found.append(phone)
            continue
        if _MASKED.fullmatch(part):
            problems.append(RowProblem(line, column, _(
                "{phone} is hidden by the platform (masked); it is not imported."
            ).format(phone=part), blocking=False))
        elif _LETTERS.search(part.replace("转", "").replace("ext", "").replace("x", "")):
            problems.append(RowProblem(line, column, _(
                "{phone} is not a phone number: it holds letters."
            ).format(phone=part)))
        else:
            problems.append(RowProblem(line, column, _(
                "{phone} is not a phone number this program knows (a mobile has 11 digits "
                "starting with 1); it is not imported."
            ).format(phone=part), blocking=False))
    return found


_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]+(\d{1,2})\s*[:：]\s*(\d{1,2})(?:\s*[:：]\s*(\d{1,2}))?(?:\.\d+)?)?$"
)


def parse_when(value: object) -> datetime.datetime | None | bool:
    """A date or date-time cell → naive local datetime; None when empty; False when unreadable."""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    text = unwrap(str(value or ""))
    if not text:
        return None
    match = _DATE.match(unicodedata.normalize("NFKC", text))
    if match is None:
        return False
    parts = [int(p) if p else 0 for p in match.groups()]
    try:
        return datetime.datetime(*parts)
    except ValueError:
        return False


def address_key(receiver: str, province: str, city: str, district: str, street: str) -> str:
    """Two addresses with the same key are the same address (spacing, punctuation and case do
    not count; the postcode and the phone do not either: platforms hand out a new virtual phone
    for every order)."""
    text = unicodedata.normalize("NFKC", f"{receiver}\x00{province}{city}{district}{street}")
    return _NOT_ALNUM.sub("", text.lower())


_NOT_ALNUM = re.compile(r"[^\w\x00]|_")


def nick_key(nick: str) -> str:
    """Buyer IDs are the same whatever the case of their Latin letters (as SQLite's NOCASE)."""
    return nick.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
