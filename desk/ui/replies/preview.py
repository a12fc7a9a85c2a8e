"""The selected reply as it will be pasted: filled values in blue, missing ones in orange."""

from __future__ import annotations

import html

from desk.core import replies

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use marks around filled values
FILLED_STYLE = "color:#1a4fb8; background:#eaf1ff;"
MISSING_STYLE = "color:#b35c00; background:#fff1e0; font-weight:bold;"


def preview_html(body: str, values: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """The body filled with `values` as HTML, and the placeholders still missing."""
    marked = {
        name: _OPEN + value.replace(_OPEN, "").replace(_CLOSE, "") + _CLOSE
        for name, value in values.items()
        if value and value.strip()
    }
    filled = replies.fill(body, marked)
    text = html.escape(filled.text)
    text = text.replace(_OPEN, f'<span style="{FILLED_STYLE}">').replace(_CLOSE, "</span>")
    for name in filled.missing:
        token = html.escape("{" + name + "}")
        text = text.replace(token, f'<span style="{MISSING_STYLE}">{token}</span>')
    return text.replace("\n", "<br>"), filled.missing
