"""Size charts (validation, round trip) and the size advisor (boundaries, between sizes, out of
range, disagreement, missing chart, buyer feedback)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desk import i18n
from desk.core import products, size_advice, sizes
from desk.core.errors import DomainError, ValidationError
from desk.core.products import ProductDraft
from desk.core.size_advice import SizeFeedback
from desk.core.sizes import SizeRow
from desk.models import Product, SizeChart, SizeChartRow

ROWS = [
    SizeRow("S", {"胸围": "80-84", "衣长": "88"}, "150", "158", "40", "47.5"),
    SizeRow("M", {"胸围": "84-88", "衣长": "90"}, "158", "165", "47.5", "55"),
    SizeRow("L", {"胸围": "88-92", "衣长": "92"}, "165", "172", "55", "63"),
    SizeRow("XL", {"胸围": "92-96", "衣长": "94"}, "170", "178", "63", "72"),
]


@pytest.fixture
def product_id(shop):
    detail, _ = products.create_product(ProductDraft(code="A001", name="连衣裙"))
    return detail.id


@pytest.fixture
def chart(product_id):
    sizes.save_size_chart(product_id, ["胸围", "衣长"], ROWS, "实测胸围 + 4 cm")
    return product_id


@pytest.fixture
def english():
    i18n.set_language("en")


# --- the chart ------------------------------------------------------------------------------


def test_chart_round_trip_normalises_values(product_id):
    rows = [
        SizeRow("S", {"胸围": "80～84", "腰围": " 64 cm"}, 150, 160.0, Decimal(40), "48"),
        SizeRow("M", {"胸围": "84-88"}, None, None, None, None),
    ]
    saved, done = sizes.save_size_chart(product_id, [" 胸围 ", "腰围"], rows, "  实测腰围 + 5 cm ")
    assert done
    again = sizes.get_size_chart(product_id)
    assert again == saved
    assert again.columns == ("胸围", "腰围")
    assert again.rows[0].measurements == {"胸围": "80-84", "腰围": "64"}
    assert again.rows[0].height_max == Decimal("160.0") and again.rows[1].height_min is None
    assert again.fit_rule == "实测腰围 + 5 cm"
    assert Product.get_by_id(product_id).fit_rule == "实测腰围 + 5 cm"
    text = again.as_text()
    assert "S：胸围80-84，腰围64，身高150-160cm，体重40-48kg" in text
    assert text.endswith("实测腰围 + 5 cm")


def test_saving_again_replaces_and_no_rows_removes(chart):
    sizes.save_size_chart(chart, ["胸围"], [SizeRow("均码", {"胸围": "100"})])
    assert sizes.get_size_chart(chart).sizes == ("均码",)
    assert SizeChartRow.select().count() == 1
    saved, _ = sizes.save_size_chart(chart, [], [])
    assert saved is None and sizes.get_size_chart(chart) is None
    assert SizeChart.select().count() == 0


@pytest.mark.parametrize(
    ("columns", "rows", "field"),
    [
        (["胸围"], [SizeRow("M"), SizeRow(" m ")], "rows.1.size"),
        (["胸围"], [SizeRow("  ")], "rows.0.size"),
        (["胸围"], [SizeRow("M", {"胸围": "九十"})], "rows.0.胸围"),
        (["胸围"], [SizeRow("M", {"胸围": "92-88"})], "rows.0.胸围"),
        (["胸围"], [SizeRow("M", {"胸围": "88-"})], "rows.0.胸围"),
        (["胸围"], [SizeRow("M", {"腰围": "70"})], "rows.0.腰围"),
        (["胸围", "胸围"], [SizeRow("M")], "columns"),
        ([""], [SizeRow("M")], "columns"),
        ([], [SizeRow("M", {}, "170", "160")], "rows.0.height_min"),
        ([], [SizeRow("M", {}, "160", None)], "rows.0.height_max"),
        ([], [SizeRow("M", {}, None, None, "abc", "60")], "rows.0.weight_min"),
        ([], [SizeRow("M", {}, "1600", "1700")], "rows.0.height_min"),
        ([], [SizeRow("M", {}, None, None, "-5", "60")], "rows.0.weight_min"),
        ([str(i) for i in range(13)], [SizeRow("M")], "columns"),
    ],
)
def test_bad_charts_are_refused_at_the_cell(product_id, columns, rows, field):
    with pytest.raises(ValidationError) as err:
        sizes.save_size_chart(product_id, columns, rows)
    assert err.value.field == field
    assert err.value.message
    assert sizes.get_size_chart(product_id) is None


def test_fit_rule_too_long(product_id):
    with pytest.raises(ValidationError) as err:
        sizes.save_size_chart(product_id, [], [SizeRow("M")], "x" * 501)
    assert err.value.field == "fit_rule"


# --- the advisor ----------------------------------------------------------------------------


def test_inside_one_size(chart):
    advice = size_advice.advise(chart, 162, 50)
    assert advice.status == size_advice.FIT and advice.size == "M" and not advice.between
    assert advice.chat_sentence == "亲，根据您的身高162cm、体重50kg，建议选M码哦~"
    assert "162" in advice.reason and "50" in advice.reason and "M" in advice.reason
    assert advice.fit_rule == "实测胸围 + 4 cm" and advice.warning == ""


def test_reason_in_english(chart, english):
    advice = size_advice.advise(chart, "162", "50.5")
    assert advice.reason == "height 162 cm, weight 50.5 kg: within size M."
    assert advice.chat_sentence.startswith("亲，根据您的身高162cm、体重50.5kg")  # to the buyer


def test_exactly_on_a_shared_edge_is_between(chart):
    advice = size_advice.advise(chart, 165, 55)
    assert advice.status == size_advice.BETWEEN and advice.sizes == ("M", "L")
    assert advice.size is None and advice.between
    assert "M码和L码之间" in advice.chat_sentence and "喜欢宽松一点选L码" in advice.chat_sentence


def test_an_edge_in_one_measurement_is_decided_by_the_other(chart):
    assert size_advice.advise(chart, 165, 50).sizes == ("M",)  # weight says M
    assert size_advice.advise(chart, 160, 55).sizes == ("M",)  # weight on the edge, height says M
    assert size_advice.advise(chart, 168, 55).sizes == ("L",)


def test_outer_edges_are_inside_the_chart(chart):
    assert size_advice.advise(chart, 150, 40).status == size_advice.FIT
    assert size_advice.advise(chart, 150, 40).sizes == ("S",)
    assert size_advice.advise(chart, 178, 72).sizes == ("XL",)


def test_below_and_above_the_chart(chart):
    small = size_advice.advise(chart, 140, 35)
    assert small.status == size_advice.BELOW and small.sizes == ("S",)
    assert small.warning and "最小的S码" in small.chat_sentence
    big = size_advice.advise(chart, 190, 95)
    assert big.status == size_advice.ABOVE and big.sizes == ("XL",)
    assert big.warning and "最大的是XL码" in big.chat_sentence


def test_measurements_that_disagree_follow_weight_and_say_so(chart, english):
    advice = size_advice.advise(chart, 170, 50)  # height says L, weight says M
    assert advice.sizes == ("M",)
    assert "weight" in advice.warning and "L" in advice.warning


def test_overlapping_rows_and_gaps(product_id):
    rows = [
        SizeRow("S", {}, "150", "160", "40", "50"),
        SizeRow("M", {}, "162", "170", "52", "60"),  # gaps at 160-162 and 50-52
    ]
    sizes.save_size_chart(product_id, [], rows)
    assert size_advice.advise(product_id, 161, 51).sizes == ("S", "M")
    assert size_advice.advise(product_id, 165, 51).sizes == ("M",)  # height decides the gap


def test_waist_ranges_and_chest_single_numbers(product_id):
    rows = [
        SizeRow("26", {"腰围": "64-67", "胸围": "84"}),
        SizeRow("27", {"腰围": "67-70", "胸围": "88"}),
        SizeRow("28", {"腰围": "70-73", "胸围": "92"}),
    ]
    sizes.save_size_chart(product_id, ["腰围", "胸围"], rows)
    assert size_advice.advise(product_id, waist_cm=68).sizes == ("27",)
    assert size_advice.advise(product_id, waist_cm=70).sizes == ("27", "28")
    # a single number is the largest chest that size fits
    assert size_advice.advise(product_id, chest_cm=88).sizes == ("27",)
    assert size_advice.advise(product_id, chest_cm="88.5").sizes == ("28",)
    # waist in 27, chest in 28: the more telling chest decides
    assert size_advice.advise(product_id, waist_cm=68, chest_cm=90).sizes == ("28",)
    assert size_advice.advise(product_id, waist_cm=68).chat_sentence == (
        "亲，根据您的腰围68cm，建议选27码哦~")


def test_a_chart_being_edited_can_be_asked(shop):
    chart = sizes.clean_chart([], [SizeRow("均码", {}, "150", "170", "40", "60")])
    advice = size_advice.advise(chart, 160, 50)
    assert advice.sizes == ("均码",)
    assert advice.chat_sentence == "亲，根据您的身高160cm、体重50kg，建议选均码哦~"


def test_missing_chart_is_a_clear_domain_error(product_id):
    with pytest.raises(DomainError) as err:
        size_advice.advise(product_id, 160, 50)
    assert err.value.message


def test_nothing_to_compare(product_id):
    sizes.save_size_chart(product_id, ["衣长"], [SizeRow("M", {"衣长": "90"})])
    with pytest.raises(DomainError):
        size_advice.advise(product_id, 160, 50)
    with pytest.raises(DomainError):
        size_advice.advise(product_id)


@pytest.mark.parametrize(("height", "weight", "field"), [("abc", 50, "height"), (160, "-3", "weight"),
                                                          (900, 50, "height")])
def test_bad_measurements(chart, height, weight, field):
    with pytest.raises(ValidationError) as err:
        size_advice.advise(chart, height, weight)
    assert err.value.field == field


# --- buyer feedback (fed later by Returns) --------------------------------------------------


def test_a_size_often_found_small_turns_m_into_m_or_l(chart, english):
    feedback = SizeFeedback.of({"M": (20, 3, 0)})
    advice = size_advice.advise(chart, 162, 50, feedback=feedback)
    assert advice.sizes == ("M", "L")
    assert advice.feedback_note == "3 of 20 buyers found M small."
    assert "M码有买家反馈偏小" in advice.chat_sentence and "建议选L码" in advice.chat_sentence


def test_between_sizes_with_the_smaller_found_small_gives_the_larger(chart):
    advice = size_advice.advise(chart, 165, 55, feedback=SizeFeedback.of({"M": (20, 3, 0)}))
    assert advice.sizes == ("L",)
    assert "3" in advice.feedback_note and "20" in advice.feedback_note


def test_between_sizes_with_the_larger_found_large_gives_the_smaller(chart):
    advice = size_advice.advise(chart, 165, 55, feedback=SizeFeedback.of({"L": (10, 0, 4)}))
    assert advice.sizes == ("M",)
    assert "L码有买家反馈偏大" in advice.chat_sentence


def test_a_size_often_found_large_turns_m_into_s_or_m(chart):
    advice = size_advice.advise(chart, 162, 50, feedback=SizeFeedback.of({"M": (12, 0, 3)}))
    assert advice.sizes == ("S", "M")


def test_a_little_feedback_changes_nothing(chart):
    plain = size_advice.advise(chart, 162, 50)
    for counts in ({"M": (20, 1, 0)}, {"M": (40, 3, 0)}, {"M": (20, 3, 3)}, {"L": (20, 9, 0)}):
        advice = size_advice.advise(chart, 162, 50, feedback=SizeFeedback.of(counts))
        assert advice.sizes == plain.sizes, counts
        assert advice.chat_sentence == plain.chat_sentence


def test_feedback_on_the_largest_size_is_told_but_cannot_shift(chart):
    advice = size_advice.advise(chart, 175, 70, feedback=SizeFeedback.of({"XL": (10, 5, 0)}))
    assert advice.sizes == ("XL",) and advice.feedback_note
