"""The problem book: validation, solve/reopen, the list and its filters, the weekly review and
"make this a quick reply"."""

from __future__ import annotations

import datetime

import pytest

from desk.core import notebook, replies
from desk.core.errors import DomainError, ValidationError
from desk.core.notebook import OPEN, SOLVED, ProblemDraft, ProblemFilter
from desk.models import Problem, QuickReply
from tests.core.orders_support import build_shop, make_order

MONDAY = datetime.datetime(2026, 11, 16, 10, 0)


def add(shop, category="size", description="买家说M码偏小", at=MONDAY, **more):
    row, _changes = notebook.add_problem(
        ProblemDraft(category, description, at=at, **more), shop.owner
    )
    return row


def test_add_keeps_links_and_who(shop):
    s = build_shop()
    order = make_order(s)
    row, done = notebook.add_problem(
        ProblemDraft("complaint", "  快递太慢，买家不满意  ", "道歉并补偿5元", MONDAY,
                     customer_id=s.customer_id, order_id=order.id, product_id=s.product_id),
        s.partner,
    )  # fmt: skip
    assert done.concerns("notebook")
    stored = Problem.get_by_id(row.id)
    assert (stored.description, stored.handling, stored.status) == (
        "快递太慢，买家不满意", "道歉并补偿5元", OPEN,
    )  # fmt: skip
    assert (stored.staff_id, stored.order_id, stored.product_id) == (
        s.partner,
        order.id,
        s.product_id,
    )
    assert row.order_number == order.number and row.product_code == "A1023"
    assert row.customer_name == "王小丫" and row.staff_name


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (ProblemDraft("size", "   "), "description"),
        (ProblemDraft("nonsense", "x"), "category"),
        (ProblemDraft("size", "x" * 10_000), "description"),
        (ProblemDraft("size", "ok", "y" * (notebook.MAX_TEXT + 1)), "handling"),
        (ProblemDraft("size", "ok", order_id=999_999), "order_id"),
        (ProblemDraft("size", "ok", customer_id=999_999), "customer_id"),
        (ProblemDraft("size", "ok", at=datetime.datetime.now() + datetime.timedelta(days=3)), "at"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(shop, draft, field):
    s = build_shop()
    with pytest.raises(ValidationError) as refused:
        notebook.add_problem(draft, s.owner)
    assert refused.value.field == field
    assert Problem.select().count() == 0


def test_a_long_note_says_how_long(shop):
    s = build_shop()
    with pytest.raises(ValidationError) as refused:
        notebook.add_problem(ProblemDraft("size", "长" * 10_000), s.owner)
    assert "10000" in refused.value.message and str(notebook.MAX_TEXT) in refused.value.message


def test_exactly_the_limit_is_kept_whole(shop):
    s = build_shop()
    row = add(s, description="长" * notebook.MAX_TEXT)
    assert len(Problem.get_by_id(row.id).description) == notebook.MAX_TEXT


def test_solve_reopen_and_edit(shop):
    s = build_shop()
    row = add(s)
    solved, _c = notebook.solve_problem(row.id, "换了L码", at=MONDAY + datetime.timedelta(hours=2))
    assert solved.status == SOLVED and solved.handling == "换了L码"
    assert Problem.get_by_id(row.id).solved_at == MONDAY + datetime.timedelta(hours=2)
    _again, nothing = notebook.solve_problem(row.id)
    assert not nothing
    reopened, _c = notebook.reopen_problem(row.id)
    assert reopened.status == OPEN and Problem.get_by_id(row.id).solved_at is None
    edited, _c = notebook.update_problem(row.id, ProblemDraft("quality", "线头多", "退货", MONDAY))
    stored = Problem.get_by_id(row.id)
    assert (stored.category, stored.description, stored.staff_id) == ("quality", "线头多", s.owner)
    assert edited.status == OPEN
    notebook.delete_problem(row.id)
    with pytest.raises(DomainError):
        notebook.get_problem(row.id)


def test_open_problems_stay_on_the_list_whatever_the_period(shop):
    s = build_shop()
    old_open = add(s, description="旧的没解决", at=MONDAY - datetime.timedelta(days=30))
    old_solved = add(s, description="旧的已解决", at=MONDAY - datetime.timedelta(days=30))
    notebook.solve_problem(old_solved.id)
    new = add(s, category="logistics", description="快递丢件", at=MONDAY)
    newer_solved = add(s, description="今天解决", at=MONDAY + datetime.timedelta(hours=1))
    notebook.solve_problem(newer_solved.id)
    week = ProblemFilter(date_from=MONDAY.date(), date_to=MONDAY.date())
    ids = [r.id for r in notebook.list_problems(week)]
    assert ids == [new.id, old_open.id, newer_solved.id]  # open first, newest first
    strict = ProblemFilter(date_from=MONDAY.date(), date_to=MONDAY.date(), open_always=False)
    assert [r.id for r in notebook.list_problems(strict)] == [new.id, newer_solved.id]
    assert [r.id for r in notebook.list_problems(ProblemFilter(status=SOLVED))] == [
        newer_solved.id, old_solved.id,
    ]  # fmt: skip
    assert [r.id for r in notebook.list_problems(ProblemFilter(category="logistics"))] == [new.id]
    assert [r.id for r in notebook.list_problems(ProblemFilter(query="丢件"))] == [new.id]
    assert notebook.list_problems(ProblemFilter(query="100%")) == []
    assert notebook.open_problem_count() == 2


def test_weekly_review_groups_by_category(shop):
    s = build_shop()
    for n in range(3):
        add(s, category="size", description=f"尺码{n}", at=MONDAY + datetime.timedelta(days=n))
    solved = add(
        s, category="logistics", description="丢件", at=MONDAY + datetime.timedelta(days=6)
    )
    notebook.solve_problem(solved.id)
    add(s, category="quality", description="上周的", at=datetime.datetime(2026, 11, 15, 23, 59))
    add(s, category="quality", description="下周的", at=MONDAY + datetime.timedelta(days=7))
    review = notebook.weekly_review(MONDAY.date() + datetime.timedelta(days=3))
    assert review.week_start == MONDAY.date() and review.week_end == datetime.date(2026, 11, 22)
    assert (review.total, review.open_count) == (4, 3)
    assert [(g.category, g.count, g.open_count) for g in review.groups] == [
        ("size", 3, 3), ("logistics", 1, 0),
    ]  # fmt: skip
    assert [p.description for p in review.groups[0].problems] == ["尺码2", "尺码1", "尺码0"]


def test_make_quick_reply_from_the_handling(shop):
    s = build_shop()
    row = add(
        s, category="size", description="买家问160cm 50kg穿什么码", handling="亲，建议您拍M码哦"
    )
    reply, done = notebook.make_quick_reply(row.id)
    assert done.concerns("replies")
    stored = QuickReply.get_by_id(reply.id)
    assert stored.body == "亲，建议您拍M码哦" and stored.group.key == "size"
    assert stored.title == "买家问160cm 50kg穿什么码"
    empty = add(s, description="没写处理")
    with pytest.raises(ValidationError) as refused:
        notebook.make_quick_reply(empty.id)
    assert refused.value.field == "handling"
    group = replies.list_groups()[-1]
    again, _c = notebook.make_quick_reply(row.id, title="尺码建议", group_id=group.id)
    assert QuickReply.get_by_id(again.id).group_id == group.id
