"""Where things live: the data folder (platformdirs), the default shop file, bundled resources."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ShopDesk"
SHOP_FILE_NAME = "shop.sqlite3"


def data_dir() -> Path:
    """The per-user data folder; `SHOP_DESK_HOME` overrides it (tests, portable installs)."""
    override = os.environ.get("SHOP_DESK_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def default_shop_file() -> Path:
    return data_dir() / SHOP_FILE_NAME


def log_file() -> Path:
    return data_dir() / "shop-desk.log"


def config_file() -> Path:
    """Per-machine preferences that must be known before a shop file is open (recent files)."""
    return data_dir() / "config.json"


def backup_dir_for(shop_file: Path) -> Path:
    """Backups sit in a `backups/` folder beside the shop file."""
    return Path(shop_file).resolve().parent / "backups"


def resource_dir() -> Path:
    """`resources/` of the source tree, or the copy packed into an installed wheel."""
    here = Path(__file__).resolve().parent
    packed = here / "_resources"
    return packed if packed.is_dir() else here.parent / "resources"
