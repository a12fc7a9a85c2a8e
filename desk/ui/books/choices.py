"""Picking a category or an account by what was typed (no Qt): the exact name, else the first
name containing the text, else the first whose pinyin matches (快 → 快递费, kdf → 快递费)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from desk.core import books, pinyin
from desk.core.errors import ValidationError
from desk.i18n import _

Named = TypeVar("Named", books.CategoryInfo, books.AccountInfo)


def find_named(text: str, items: Sequence[Named]) -> Named | None:
    """The item `text` stands for, or None when nothing matches."""
    text = text.strip()
    if not text:
        return None
    folded = text.casefold()
    for test in (
        lambda name: name.casefold() == folded,
        lambda name: name.casefold().startswith(folded),
        lambda name: folded in name.casefold(),
        lambda name: pinyin.matches(text, name),
    ):
        found = next((item for item in items if test(item.name)), None)
        if found is not None:
            return found
    return None


def resolve_category(text: str, categories: Sequence[books.CategoryInfo]) -> books.CategoryInfo:
    """The category typed; ValidationError at "category" when none matches."""
    if not text.strip():
        raise ValidationError(_("Choose a category, e.g. type 快 for 快递费."), "category")
    found = find_named(text, categories)
    if found is None:
        raise ValidationError(
            _("No category matches {text}. Add it in Settings › Books first.").format(
                text=text.strip()
            ),
            "category",
        )
    return found
