"""How the app looks everywhere: Fusion in light colours, a CJK-capable font, resources/style.qss."""

from __future__ import annotations

import logging

from PySide6.QtCore import QDir, Qt
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desk import paths

log = logging.getLogger(__name__)

#: The system's Chinese UI font on each platform, then common Linux CJK fonts.
CJK_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
]
POINT_SIZE = 10


def configure(app: QApplication) -> None:
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_NAME)
    app.setStyle("Fusion")
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):  # the stylesheet is drawn for light colours
        hints.setColorScheme(Qt.ColorScheme.Light)
    app.setPalette(app.style().standardPalette())
    app.setFont(ui_font(app.font()))
    QDir.addSearchPath("icons", str(paths.resource_dir() / "icons"))  # url(icons:…) in the qss
    icon = paths.resource_dir() / "icons" / "app.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    qss = paths.resource_dir() / "style.qss"
    try:
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    except OSError as exc:
        log.warning("No stylesheet %s: %s", qss, exc)


def ui_font(base: QFont) -> QFont:
    """`base` in the first installed Chinese UI font (the others stay as fallbacks)."""
    installed = set(QFontDatabase.families())
    found = [family for family in CJK_FAMILIES if family in installed]
    font = QFont(base)
    if found:
        font.setFamily(found[0])
        font.setFamilies([*found, base.family()])
    font.setPointSizeF(max(font.pointSizeF(), POINT_SIZE))
    return font
