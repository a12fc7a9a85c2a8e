"""Keep `None` alive under PySide6 6.12.0 on Python 3.11.

PySide6 6.12.0 (the first release with the separate PySide6-Pdf wheel we need) drops one reference
to `None` on every wrapped Qt call that returns nothing (`setText`, `setEnabled`, …). On Python
3.11, where `None` is an ordinary counted object, a few tens of thousands of such calls bring its
count to zero and the interpreter aborts (`Fatal Python error: none_dealloc`). Python 3.12 made
`None` immortal, so there nothing needs doing. Here its count is raised once by 2**40 — far more
calls than any session makes — which is harmless: `None` is never freed anyway.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40
_applied = False


def keep_none_alive() -> None:
    """Raise the reference count of `None` once (Python < 3.12 only)."""
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    ctypes.c_ssize_t.from_address(id(None)).value += _HEADROOM
    _applied = True
