"""After a service call: show its refusal, broadcast what changed (Anki's operation_did_execute).

Pages never run queries on their own schedule: they call a core service through
`EventBus.run_op`, and refresh when `EventBus.changed` carries `Changes` that concern them
(see `widgets.page.Page`, which also keeps hidden pages dirty until they are shown).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

import peewee
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desk.core.changes import Changes
from desk.core.errors import DomainError, ValidationError
from desk.db.connection import ShopFileError
from desk.i18n import _
from desk.pdf.fonts import FontNotFound
from desk.ui import messages

log = logging.getLogger(__name__)


@runtime_checkable
class FieldErrors(Protocol):
    """A form that can show a validation message at the field it is about."""

    def show_field_error(self, field: str, message: str) -> bool: ...


def changes_of(result: Any) -> Changes | None:
    """Services return Changes, or a tuple whose last item is Changes."""
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple) and result and isinstance(result[-1], Changes):
        return result[-1]
    return None


class EventBus(QObject):
    """One per open shop: `changed` carries the Changes of every successful service call."""

    changed = Signal(object)

    def broadcast(self, changes: Changes | None) -> None:
        if changes:
            self.changed.emit(changes)

    def run_op(
        self, parent: QWidget | None, fn: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> Any:
        """Call the service `fn`; on success broadcast its Changes and return its result.

        A refusal (DomainError, no Chinese font for a PDF, ShopFileError, a database error) is shown to the user and None is
        returned. A ValidationError naming a field goes to `parent.show_field_error` when the
        parent is a form that can show it there.
        """
        try:
            result = fn(*args, **kwargs)
        except ValidationError as exc:
            shown_at_field = (
                exc.field is not None
                and isinstance(parent, FieldErrors)
                and parent.show_field_error(exc.field, exc.message)
            )
            if shown_at_field:
                return None
            messages.warning(parent, exc.message)
            return None
        except DomainError as exc:
            messages.warning(parent, exc.message)
            return None
        except FontNotFound as exc:  # no Chinese font for a PDF: said, like a refusal
            messages.warning(parent, str(exc))
            return None
        except ShopFileError as exc:
            messages.critical(parent, exc.message)
            return None
        except peewee.DatabaseError as exc:
            log.exception("Database error in %s", getattr(fn, "__qualname__", fn))
            messages.critical(
                parent,
                _("The shop file could not be changed: {reason}. Nothing was saved.").format(
                    reason=exc
                ),
            )
            return None
        self.broadcast(changes_of(result))
        return result
