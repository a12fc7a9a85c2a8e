"""The size advisor: a buyer's height and weight (and optionally waist/chest) → a size from the
product's chart, with a one-line reason and a friendly chat sentence to paste to the buyer.

How a chart is read: rows go from small to large. Height and weight ranges are inclusive at both
ends, so a value exactly on a shared edge (M 155-165, L 165-175, height 165) fits both sizes and
the advice is "between M and L" unless another measurement decides. Waist/chest (columns named
腰围/胸围) are compared as body measurements: a range ("68-72") is inclusive; a single number is
the largest measurement that size fits (above the previous size's number).

When the measurements disagree (height says L, weight says M) the advice follows the most telling
one (chest, then waist, then weight, then height) and says so. Outside the chart the smallest or
largest size is given with a warning.

Buyer feedback (`SizeFeedback`, fed by the Returns feature: returns marked 偏小/偏大 per size)
moves the advice half a size: a size that many buyers found small turns "M" into "between M and
L", and "between M and L" into "L" — and the note says how many ("20人中有3人觉得M偏小").

The chat sentence is always Chinese: it is written to the buyer, not shown to the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from desk.core import sizes
from desk.core.errors import DomainError
from desk.core.sizes import SizeChartData, _num, parse_number, parse_range
from desk.i18n import _

FIT, BETWEEN, BELOW, ABOVE = "fit", "between", "below", "above"
MIN_REPORTS = 2  # at least this many buyers found it small (or large) …
MIN_SHARE = Decimal("0.1")  # … and at least this share of the buyers of that size

_PRIORITY = ("chest", "waist", "weight", "height")
_COLUMNS = {"waist": ("腰围", "waist"), "chest": ("胸围", "chest")}


@dataclass(frozen=True)
class FeedbackCount:
    buyers: int = 0  # how many bought this size
    too_small: int = 0  # returns/feedback marked 偏小
    too_large: int = 0  # marked 偏大


@dataclass(frozen=True)
class SizeFeedback:
    """Per size of one product: buyers and how many found it small or large."""

    counts: Mapping[str, FeedbackCount] = field(default_factory=dict)

    @classmethod
    def of(cls, counts: Mapping[str, tuple[int, int, int]]) -> SizeFeedback:
        """SizeFeedback.of({"M": (20, 3, 0)}): buyers, too small, too large."""
        return cls({size: FeedbackCount(*numbers) for size, numbers in counts.items()})

    def tendency(self, size: str) -> tuple[str | None, int, int]:
        """("small" | "large" | None, reports, buyers) for `size`."""
        count = self.counts.get(size)
        if count is None:
            return None, 0, 0
        buyers = max(count.buyers, count.too_small + count.too_large)
        for kind, reports, other in (("small", count.too_small, count.too_large),
                                     ("large", count.too_large, count.too_small)):
            if reports >= MIN_REPORTS and reports > other and buyers and \
                    Decimal(reports) / buyers >= MIN_SHARE:
                return kind, reports, buyers
        return None, 0, buyers


@dataclass(frozen=True)
class SizeAdvice:
    status: str  # FIT, BETWEEN, BELOW (smaller than the chart), ABOVE (larger)
    sizes: tuple[str, ...]  # one size, or two (smaller first) when between
    reason: str  # one line for the user
    chat_sentence: str  # to paste to the buyer (Chinese)
    warning: str = ""
    feedback_note: str = ""
    fit_rule: str = ""

    @property
    def size(self) -> str | None:
        return self.sizes[0] if len(self.sizes) == 1 else None

    @property
    def between(self) -> bool:
        return len(self.sizes) == 2


@dataclass(frozen=True)
class _Dim:
    key: str
    value: Decimal
    span: tuple[int, int]  # row indexes; -1 below the chart, len(rows) above it


def _ranges(chart: SizeChartData, key: str) -> list[tuple[int, Decimal, Decimal, bool]]:
    """(row index, low, high, low-open) for the rows that have data for `key`."""
    result = []
    if key in ("height", "weight"):
        for i, row in enumerate(chart.rows):
            low, high = getattr(row, key + "_min"), getattr(row, key + "_max")
            if low is not None and high is not None:
                result.append((i, Decimal(low), Decimal(high), False))
        return result
    column = next((c for c in chart.columns if c.strip().lower() in _COLUMNS[key]), None)
    if column is None:
        return result
    previous = None
    for i, row in enumerate(chart.rows):
        try:
            span = parse_range(row.measurements.get(column))
        except ValueError:
            span = None
        if span is None:
            continue
        low, high = span
        if low == high:  # a single number: up to it, above the previous size's number
            result.append((i, previous if previous is not None else Decimal(0), high,
                           previous is not None))
        else:
            result.append((i, low, high, False))
        previous = high
    return result


def _span(value: Decimal, ranges, n: int) -> tuple[int, int]:
    inside = [i for i, low, high, open_ in ranges
              if (low < value if open_ else low <= value) and value <= high]
    if inside:
        return min(inside), max(inside)
    if all(value < low for _i, low, _h, _o in ranges):
        return -1, -1
    if all(value > high for _i, _l, high, _o in ranges):
        return n, n
    below = max(i for i, _l, high, _o in ranges if high < value)
    above = min((i for i, low, _h, _o in ranges if low >= value and i > below), default=below + 1)
    return below, above


def _ma(size: str) -> str:
    return size if size.endswith("码") else size + "码"


def _measures(dims: list[_Dim]) -> tuple[str, str]:
    """("height 165 cm, weight 55 kg" in the UI language, "身高165cm、体重55kg" for the chat)."""
    ui = {"height": _("height {value} cm"), "weight": _("weight {value} kg"),
          "waist": _("waist {value} cm"), "chest": _("chest {value} cm")}
    zh = {"height": "身高{value}cm", "weight": "体重{value}kg", "waist": "腰围{value}cm",
          "chest": "胸围{value}cm"}
    order = ("height", "weight", "waist", "chest")
    dims = sorted(dims, key=lambda d: order.index(d.key))
    return (
        _(", ").join(ui[d.key].format(value=_num(d.value)) for d in dims),
        "、".join(zh[d.key].format(value=_num(d.value)) for d in dims),
    )


def _dim_label(key: str) -> str:
    return {"height": _("height"), "weight": _("weight"), "waist": _("waist"),
            "chest": _("chest")}[key]


def advise(
    source: int | SizeChartData,
    height_cm=None,
    weight_kg=None,
    waist_cm=None,
    chest_cm=None,
    feedback: SizeFeedback | None = None,
) -> SizeAdvice:
    """Advice from a product's chart (`source` = product id) or a chart being edited.

    Raises ValidationError for an unreadable measurement, DomainError (with a message for the
    user) when there is no chart or nothing in it to compare with.
    """
    chart = sizes.get_size_chart(source) if isinstance(source, int) else source
    if chart is None or not chart.rows:
        raise DomainError(_("This product has no size chart yet. Add one on the Size chart tab."))
    given = {
        "height": parse_number(height_cm, "height", _("Height"), (Decimal(50), Decimal(250))),
        "weight": parse_number(weight_kg, "weight", _("Weight"), (Decimal(2), Decimal(300))),
        "waist": parse_number(waist_cm, "waist", _("Waist"), (Decimal(30), Decimal(200))),
        "chest": parse_number(chest_cm, "chest", _("Chest"), (Decimal(30), Decimal(250))),
    }
    if all(v is None for v in given.values()):
        raise DomainError(_("Enter the buyer's height and weight first."))
    n = len(chart.rows)
    dims = []
    for key, value in given.items():
        ranges = _ranges(chart, key) if value is not None else []
        if ranges:
            dims.append(_Dim(key, value, _span(value, ranges, n)))
    if not dims:
        raise DomainError(
            _("The size chart has no ranges for the measurements given (height/weight ranges, "
              "or a 胸围/腰围 column).")
        )
    names = chart.sizes
    low, high = max(d.span[0] for d in dims), min(d.span[1] for d in dims)
    disagreement = ""
    if low > high:
        primary = min(dims, key=lambda d: _PRIORITY.index(d.key))
        low, high = primary.span
        details = _(", ").join(
            _("{measure} says {size}").format(measure=_dim_label(d.key), size=_span_text(d.span, names))
            for d in dims
        )
        disagreement = _("The measurements point to different sizes ({details}); the advice goes "
                         "by {measure}.").format(details=details, measure=_dim_label(primary.key))
    if high - low > 1:
        high = low + 1
    return _compose(chart, dims, low, high, feedback, disagreement)


def _span_text(span: tuple[int, int], names: tuple[str, ...]) -> str:
    low, high = span
    if low < 0:
        return _("below {size}").format(size=names[0])
    if low >= len(names):
        return _("above {size}").format(size=names[-1])
    if low == high or high >= len(names):
        return names[low]
    return _("{small}–{large}").format(small=names[low], large=names[high])


def _compose(chart, dims, low, high, feedback, disagreement) -> SizeAdvice:
    names, n = chart.sizes, len(chart.sizes)
    ui_measures, zh_measures = _measures(dims)
    hello = f"亲，根据您的{zh_measures}，"
    warning = disagreement
    if low < 0 or (low == high and low >= n):
        below = low < 0
        size = names[0] if below else names[-1]
        reason = (_("{measures}: smaller than the smallest size, {size}.") if below else
                  _("{measures}: larger than the largest size, {size}.")).format(
            measures=ui_measures, size=size)
        warning = " ".join(filter(None, [warning, _("{size} may be loose.").format(size=size) if below
                                         else _("{size} may be tight.").format(size=size)]))
        chat = (hello + f"建议选最小的{_ma(size)}，可能会稍微宽松一点哦~" if below else
                hello + f"我们最大的是{_ma(size)}，您穿可能会偏紧，建议您慎重考虑哦~")
        note = _feedback_note(feedback, size)
        return SizeAdvice(BELOW if below else ABOVE, (size,), reason, chat, warning, note,
                          chart.fit_rule)
    low, high = max(low, 0), min(high, n - 1)
    note, lean = "", None
    if feedback is not None and low == high:
        size = names[low]
        kind = feedback.tendency(size)[0]
        note = _feedback_note(feedback, size)
        if kind == "small" and low + 1 < n:  # M often small: offer M or L, leaning to L
            high, lean = low + 1, (names[low + 1], size, "小")
        elif kind == "large" and low > 0:
            low, lean = low - 1, (names[low - 1], size, "大")
    elif feedback is not None:
        if feedback.tendency(names[low])[0] == "small":  # between M and L, M often small: L
            return _single(chart, high, ui_measures, hello, warning,
                           _feedback_note(feedback, names[low]), (names[low], "小"))
        if feedback.tendency(names[high])[0] == "large":
            return _single(chart, low, ui_measures, hello, warning,
                           _feedback_note(feedback, names[high]), (names[high], "大"))
    if low == high:
        return _single(chart, low, ui_measures, hello, warning, note, None)
    small, large = names[low], names[high]
    reason = _("{measures}: between {small} and {large}.").format(
        measures=ui_measures, small=small, large=large)
    if lean:
        choice, cause, word = lean
        chat = (hello + f"您在{_ma(small)}和{_ma(large)}之间，这款{_ma(cause)}有买家反馈偏{word}，"
                f"建议选{_ma(choice)}哦~")
    else:
        chat = (hello + f"您在{_ma(small)}和{_ma(large)}之间，喜欢宽松一点选{_ma(large)}，"
                f"喜欢合身一点选{_ma(small)}哦~")
    return SizeAdvice(BETWEEN, (small, large), reason, chat, warning, note, chart.fit_rule)


def _single(chart, index, ui_measures, hello, warning, note, shifted) -> SizeAdvice:
    size = chart.sizes[index]
    reason = _("{measures}: within size {size}.").format(measures=ui_measures, size=size)
    chat = hello + f"建议选{_ma(size)}哦~"
    if shifted:
        cause, word = shifted
        chat += f"这款{_ma(cause)}有买家反馈偏{word}，{_ma(size)}会更合适~"
    return SizeAdvice(FIT, (size,), reason, chat, warning, note, chart.fit_rule)


def _feedback_note(feedback: SizeFeedback | None, size: str) -> str:
    if feedback is None:
        return ""
    kind, reports, buyers = feedback.tendency(size)
    if kind == "small":
        return _("{reports} of {buyers} buyers found {size} small.").format(
            reports=reports, buyers=buyers, size=size)
    if kind == "large":
        return _("{reports} of {buyers} buyers found {size} large.").format(
            reports=reports, buyers=buyers, size=size)
    return ""
