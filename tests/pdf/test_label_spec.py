"""Label templates as data: the built-ins load and are valid, JSON round-trips, a field off the
label is named, text that is not a template is refused."""

from __future__ import annotations

import dataclasses

import pytest

from desk.pdf.label_spec import (
    BUILTIN_NAMES,
    FieldSpec,
    SpecError,
    builtin_specs,
    check,
    field_caption,
    spec_from_json,
    spec_to_json,
    validate,
)


def test_every_builtin_loads_valid_and_round_trips():
    specs = builtin_specs()
    assert set(specs) == set(BUILTIN_NAMES)
    for spec in specs.values():
        assert validate(spec) == [], spec.name
        assert spec_from_json(spec_to_json(spec)) == spec
    sheet = specs["a4-3x7"].sheet
    assert (sheet.columns, sheet.rows, sheet.label_w_mm, sheet.label_h_mm) == (3, 7, 70, 42.3)
    assert specs["preprinted-form"].statics == ()  # 套打: fields only


def test_a_field_off_the_label_is_named():
    spec = builtin_specs()["thermal-76x130"]
    moved = FieldSpec("receiver_address", 50, 43, 40, 16, 11)  # 50 + 40 > 76
    bad = dataclasses.replace(spec, fields=spec.fields + (moved,))
    problems = validate(bad)
    assert len(problems) == 1
    assert "50–90" in problems[0] and "76" in problems[0]
    zero = dataclasses.replace(spec, fields=(FieldSpec("memo", 1, 1, 0, 5, 8),))
    assert len(validate(zero)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[1, 2]",
        '{"name": "x"}',
        '{"name": "x", "page_w_mm": "wide", "page_h_mm": 1, "fields": []}',
        '{"name": "x", "page_w_mm": 1, "page_h_mm": 1, "fields": [{"key": "memo"}]}',
    ],
)
def test_text_that_is_not_a_template_is_refused(text):
    with pytest.raises(SpecError):
        spec_from_json(text)


def test_check_points_at_the_field_and_hidden_fields_round_trip():
    spec = builtin_specs()["thermal-100x150"]
    index = next(i for i, f in enumerate(spec.fields) if f.key == "items")
    fields = list(spec.fields)
    fields[index] = dataclasses.replace(fields[index], x_mm=-3.0)
    problems = check(dataclasses.replace(spec, fields=tuple(fields)))
    assert [p.field for p in problems] == [index]
    assert field_caption("items") in problems[0].message
    hidden = dataclasses.replace(spec, fields=spec.fields[1:], hidden=spec.fields[:1])
    assert spec_from_json(spec_to_json(hidden)) == hidden
    assert check(hidden) == []
