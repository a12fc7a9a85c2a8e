"""The desktop interface: the only package that imports PySide6.

`main_window.MainWindow` assembles the pages; `session.ShopSession` holds the open shop file, the
event bus and the per-machine config; `events.EventBus.run_op` calls a core service, shows its
refusal and broadcasts what changed.
"""

from desk.ui.none_refs import keep_none_alive

keep_none_alive()
