"""One `_()` for every layer (core, pdf, ui), gettext-style.

Source strings are English. Simplified Chinese is complete and is the default whatever the system
locale says; English is chosen in Settings. Catalogues live in
``resources/translations/<lang>/LC_MESSAGES/desk.mo`` (compiled from the ``.po`` beside it with
Babel: ``uv run pybabel compile -d resources/translations -D desk``).

Use named placeholders: ``_("{count} labels").format(count=n)``; never an f-string inside ``_()``.
"""

from __future__ import annotations

import gettext as _gettext

from desk import paths

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DOMAIN = "desk"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def set_language(language: str | None) -> str:
    """Switch every later `_()` call to `language` (unknown values fall back to the default)."""
    global _translation, _language
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    if language == "en":
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(
            DOMAIN, localedir=str(paths.resource_dir() / "translations"), languages=[language], fallback=True
        )
    _language = language
    return language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate `message` into the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now (translate it where it is shown)."""
    return message


set_language(DEFAULT_LANGUAGE)
