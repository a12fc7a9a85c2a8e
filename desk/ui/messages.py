"""Every message box of the app goes through these functions (tests replace them).

Callers use them through the module (`messages.critical(...)`), so a test can monkeypatch one
function and see what the user would have been told. Standard buttons (确定) are translated by
Qt's own catalogue, installed by `desk.ui.language`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desk.i18n import _


def _box(
    parent: QWidget | None, icon: QMessageBox.Icon, text: str, title: str | None
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title or _("Shop Desk"))
    box.setText(text)
    return box


def critical(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _box(parent, QMessageBox.Icon.Critical, text, title).exec()


def warning(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _box(parent, QMessageBox.Icon.Warning, text, title).exec()


def information(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _box(parent, QMessageBox.Icon.Information, text, title).exec()


def about(parent: QWidget | None, text: str, title: str) -> None:
    QMessageBox.about(parent, title, text)


def confirm(parent: QWidget | None, text: str, yes: str, title: str | None = None) -> bool:
    """Ask before doing something that cannot be taken back; Enter says `yes`, Esc cancels."""
    box = _box(parent, QMessageBox.Icon.Question, text, title)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is yes_button


def choose(
    parent: QWidget | None, text: str, choices: list[tuple[str, str]], title: str | None = None
) -> str:
    """Offer `choices` ((key, label), …); the last one is what Esc means. Returns the key."""
    box = _box(parent, QMessageBox.Icon.Warning, text, title)
    buttons = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for _key, label in choices]
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(buttons[-1])
    box.exec()
    clicked = box.clickedButton()
    for (key, _label), button in zip(choices, buttons, strict=True):
        if button is clicked:
            return key
    return choices[-1][0]


def flash(widget: QWidget, text: str, ms: int = 5000) -> None:
    """Show `text` for a moment in the status bar of `widget`'s main window (if it has one)."""
    status_bar = getattr(widget.window(), "statusBar", None)
    if status_bar is not None:
        status_bar().showMessage(text, ms)
