"""Start Shop Desk: `shop-desk [--db PATH]` (or `python main.py`).

What runs before the window shows, in order, and nothing more (the target is the window shown
and idle within a second on a shop with a million orders): read the arguments; start the log;
create the QApplication; catch every unexpected error from here on; pick the language (the
machine's config until a file is open); open the shop file (checks, lock, migrations; on failure
the user chooses another way); pick the language the file asks for; build the session and the
main window, whose pages are built only when first shown. No list is queried at start-up.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()  # as early as we can (see seconds_since_start)

import argparse
import logging
import logging.handlers
import os
import sys
from pathlib import Path

from desk import i18n, paths

log = logging.getLogger("desk")

BENCH_ENV = "SHOP_DESK_BENCH_EXIT"
LOG_BYTES = 1_000_000
LOG_COUNT = 3


def seconds_since_start() -> float:
    """Seconds since the process started: from /proc when it can be read, else since import."""
    since_import = time.perf_counter() - _STARTED
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            stat = fh.read()
        ticks = int(stat[stat.rfind(")") + 2 :].split()[19])
        elapsed = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return since_import
    # a clock mix-up (an old kernel, a suspend) would give nonsense: then trust the import time
    return elapsed if since_import <= elapsed < since_import + 5 else since_import


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="shop-desk", description=i18n._("Shop Desk"))
    parser.add_argument("--db", type=Path, help=i18n._("the shop file to open"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def setup_logging() -> Path:
    path = paths.log_file()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_BYTES, backupCount=LOG_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def start_file(args: argparse.Namespace, config) -> tuple[Path, bool]:
    """The file to open and whether to create it: --db, else the last file, else the default."""
    if args.db is not None:
        return args.db.expanduser(), True
    last = config.last_file
    if last is not None and last != paths.default_shop_file():
        return last, False  # a missing last file is said so, not silently replaced by a new one
    return paths.default_shop_file(), True


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    log_path = setup_logging()
    log.info("Shop Desk starting (%s)", " ".join(map(str, sys.argv)))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desk.ui import appearance, excepthook, startup
    from desk.ui.config import MachineConfig
    from desk.ui.language import apply_language, wanted_language

    app = QApplication.instance() or QApplication([sys.argv[0]])
    appearance.configure(app)
    excepthook.install(log_path)
    config = MachineConfig.load()
    apply_language(args.lang or config.language)

    path, create = start_file(args, config)
    handle = startup.open_or_recover(path, create=create)
    if handle is None:
        log.info("No shop file opened; quitting")
        return 1

    from desk.ui.main_window import MainWindow
    from desk.ui.session import ShopSession

    session = ShopSession(handle, config)
    if not args.lang:
        apply_language(wanted_language(config))
    window = MainWindow(session)
    window.show()
    if handle.pre_migration_backup is not None:
        window.status.report(
            i18n._("The shop file was upgraded; a copy from before is in {path}").format(
                path=handle.pre_migration_backup
            )
        )
    if os.environ.get(BENCH_ENV):
        QTimer.singleShot(0, lambda: _bench_exit(app))
    try:
        return app.exec()
    finally:
        session.close()
        log.info("Shop Desk closed")


def _bench_exit(app) -> None:
    print(f"ready {seconds_since_start():.3f}", flush=True)
    app.quit()


if __name__ == "__main__":
    raise SystemExit(main())
