"""The UI language: Simplified Chinese unless the shop file (or, before a file is open, this
machine's config) says English. Also installs Qt's own catalogue so 确定/取消 read right."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desk import i18n
from desk.core import settings
from desk.ui.config import MachineConfig

log = logging.getLogger(__name__)

#: Qt's catalogues per language of ours (English needs none).
QT_CATALOGUES = {"zh_CN": ("qtbase_zh_CN",)}

_installed: list[QTranslator] = []  # kept alive while installed (Qt does not own them)


def wanted_language(config: MachineConfig, shop_open: bool = True) -> str:
    """The shop file's choice, else this machine's, else the default (Chinese)."""
    chosen = settings.get_language() if shop_open else None
    chosen = chosen or config.language
    return chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def apply_language(language: str | None) -> str:
    """Switch `_()` and Qt's standard texts to `language`; returns the language now in use."""
    language = i18n.set_language(language)
    app = QCoreApplication.instance()
    if app is None:
        return language
    while _installed:
        app.removeTranslator(_installed.pop())
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in QT_CATALOGUES.get(language, ()):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.info("Qt catalogue %s not found in %s", name, folder)
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Chinese if language == "zh_CN" else QLocale.Language.English,
            QLocale.Country.China if language == "zh_CN" else QLocale.Country.UnitedStates,
        )
    )
    return language
