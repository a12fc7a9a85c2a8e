"""The handover book: the draft prefilled from a shop in a known state, writing, signing (only
the addressee), unread notes first, the history."""

from __future__ import annotations

import datetime
import json

import pytest

from desk.core import handovers, staff, today
from desk.core.errors import DomainError, ValidationError
from desk.models import Handover
from tests.core.notebook_support import NOW, build_state


def test_draft_counts_and_examples(shop):
    state = build_state()
    draft = handovers.handover_draft(state.shop.owner, NOW)
    sections = {s.key: s for s in draft.sections}
    assert [s.key for s in draft.sections] == list(handovers.SECTIONS)
    counts = {k: s.count for k, s in sections.items()}
    assert counts == {
        "to_ship": 3,  # paid 09:00 today, confirmed and printed yesterday (not paid 17:00)
        "chase": 1,
        "returns_waiting": 2,
        "red_flags": 1,
        "follow_ups": 1,
        "open_problems": 1,
    }
    numbers = {
        o.id: o.number for o in state_orders(state.paid_early, state.confirmed_red, state.printed,
                                             state.unpaid_old)
    }  # fmt: skip
    assert [e.split()[0] for e in sections["to_ship"].examples] == [
        numbers[state.confirmed_red], numbers[state.printed], numbers[state.paid_early],
    ]  # fmt: skip
    assert "A1023 黑色/M ×1" in sections["chase"].examples[0]
    assert sections["chase"].examples[0].startswith(numbers[state.unpaid_old])
    assert "中通说包裹破损" in sections["open_problems"].examples[0]
    assert "问穿着合不合身" in sections["follow_ups"].examples[0]
    assert sections["returns_waiting"].examples[0].startswith("T-requested")
    assert draft.to_staff_id == state.shop.partner
    assert json.loads(draft.summary) == counts
    assert numbers[state.unpaid_old] in draft.text and "中通说包裹破损" in draft.text
    assert sections["to_ship"].target == today.Target(today.ORDERS, today.VIEW_TO_SHIP)


def state_orders(*ids):
    from desk.core import orders

    return [orders.get_order(i) for i in ids]


def test_draft_of_a_quiet_shop(shop):
    people = staff.ensure_default_staff()
    draft = handovers.handover_draft(people[1].id, NOW)
    assert all(s.count == 0 and s.examples == () for s in draft.sections)
    assert draft.to_staff_id == people[0].id and draft.text


def test_write_sign_and_unread_first(shop):
    me, you = (p.id for p in staff.ensure_default_staff())
    older, _c = handovers.write_handover(me, you, "早上的", at=NOW - datetime.timedelta(hours=8))
    note, done = handovers.write_handover(
        me, you, "  3单要在四点前发出  ", summary=json.dumps({"to_ship": 3, "bogus": 1}), at=NOW
    )
    assert done.concerns("notebook")
    stored = Handover.get_by_id(note.id)
    assert stored.body == "3单要在四点前发出" and json.loads(stored.summary) == {"to_ship": 3}
    assert note.counts == (("to_ship", 3),)
    assert [h.id for h in handovers.unread_for(you)] == [note.id, older.id]
    assert handovers.unread_for(me) == [] and handovers.unread_count(you) == 2
    with pytest.raises(DomainError):
        handovers.sign_handover(note.id, me)  # the writer cannot sign for the other
    signed, _c = handovers.sign_handover(note.id, you, NOW + datetime.timedelta(minutes=3))
    stored = Handover.get_by_id(note.id)
    assert stored.read_by_id == you and stored.read_at == NOW + datetime.timedelta(minutes=3)
    assert signed.is_read and signed.read_by_name
    _again, nothing = handovers.sign_handover(note.id, you)
    assert not nothing
    assert [h.id for h in handovers.unread_for(you)] == [older.id]
    assert [h.id for h in handovers.list_handovers()] == [note.id, older.id]


def test_a_note_to_nobody_is_signed_by_anyone_but_its_writer(shop):
    me, you = (p.id for p in staff.ensure_default_staff())
    third, _c = staff.add_staff("小周")
    note, _c = handovers.write_handover(me, None, "仓库钥匙在抽屉里", at=NOW)
    assert handovers.unread_for(me) == []
    assert [h.id for h in handovers.unread_for(third.id)] == [note.id]
    with pytest.raises(DomainError):
        handovers.sign_handover(note.id, me)
    handovers.sign_handover(note.id, third.id)
    assert Handover.get_by_id(note.id).read_by_id == third.id
    assert handovers.unread_for(you) == []


@pytest.mark.parametrize(
    ("body", "to_self", "field"),
    [("   ", False, "body"), ("长" * (handovers.MAX_BODY + 1), False, "body"), ("ok", True,
     "to_staff_id")],
)  # fmt: skip
def test_bad_notes_are_refused(shop, body, to_self, field):
    me, you = (p.id for p in staff.ensure_default_staff())
    with pytest.raises(ValidationError) as refused:
        handovers.write_handover(me, me if to_self else you, body)
    assert refused.value.field == field
    assert Handover.select().count() == 0


def test_the_writers_note_is_stored_before_the_shops_state(shop):
    me, you = (p.id for p in staff.ensure_default_staff())
    state = "截单前要发货：3\n  · 20261123-0001 张三"
    note, _c = handovers.write_handover(me, you, "  王小丫要改地址，先别发  ", at=NOW, state=state)
    stored = Handover.get_by_id(note.id).body
    assert stored.startswith("王小丫要改地址，先别发\n")  # the note first
    assert stored.endswith(state) and stored.index(state) > stored.index("先别发")
    assert (note.note, note.state) == ("王小丫要改地址，先别发", state)
    only_state, _c = handovers.write_handover(me, you, "   ", at=NOW, state=state)
    assert (only_state.note, only_state.state) == ("", state)
    plain, _c = handovers.write_handover(me, you, "只有一句话", at=NOW)
    assert (plain.body, plain.note, plain.state) == ("只有一句话", "只有一句话", "")
    with pytest.raises(ValidationError) as refused:
        handovers.write_handover(me, you, "长" * handovers.MAX_BODY, at=NOW, state=state)
    assert refused.value.field == "body"
