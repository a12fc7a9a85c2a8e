"""Per-machine preferences in `paths.config_file()` (JSON): things known before a shop file is open.

Holds the language chosen before any file is open, the recent files, the last opened file and who
is at the desk for each shop file. A missing or damaged config is not an error: the app starts
with defaults (and logs it), since nothing in it is shop data.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from desk import paths

log = logging.getLogger(__name__)

MAX_RECENT = 8


class MachineConfig:
    def __init__(self, path: Path, data: dict | None = None):
        self.path = Path(path)
        self._data = data if isinstance(data, dict) else {}

    @classmethod
    def load(cls, path: Path | None = None) -> MachineConfig:
        path = Path(path) if path is not None else paths.config_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as exc:
            log.warning("Ignoring unreadable config %s: %s", path, exc)
            data = {}
        return cls(path, data)

    def save(self) -> None:
        """Write atomically (a temporary file, then rename); a failure is logged, not raised."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(self._data, ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("Cannot write config %s: %s", self.path, exc)

    # -- language --------------------------------------------------------------------------
    @property
    def language(self) -> str | None:
        value = self._data.get("language")
        return value if isinstance(value, str) else None

    @language.setter
    def language(self, value: str) -> None:
        self._data["language"] = value
        self.save()

    # -- files -----------------------------------------------------------------------------
    @property
    def last_file(self) -> Path | None:
        value = self._data.get("last_file")
        return Path(value) if isinstance(value, str) and value else None

    @property
    def recent_files(self) -> list[Path]:
        values = self._data.get("recent_files")
        if not isinstance(values, list):
            return []
        return [Path(v) for v in values if isinstance(v, str) and v][:MAX_RECENT]

    def remember_file(self, path: Path) -> None:
        """`path` was opened: it becomes the last file and the top of the recent list."""
        text = str(Path(path).absolute())
        recent = [str(p) for p in self.recent_files if str(p) != text]
        self._data["recent_files"] = [text, *recent][:MAX_RECENT]
        self._data["last_file"] = text
        self.save()

    def forget_file(self, path: Path) -> None:
        text = str(Path(path).absolute())
        self._data["recent_files"] = [str(p) for p in self.recent_files if str(p) != text]
        self.save()

    # -- who is at the desk ----------------------------------------------------------------
    def desk_person(self, shop_path: Path) -> int | None:
        people = self._data.get("desk_person")
        value = people.get(str(Path(shop_path).absolute())) if isinstance(people, dict) else None
        return value if isinstance(value, int) else None

    def set_desk_person(self, shop_path: Path, staff_id: int) -> None:
        people = self._data.get("desk_person")
        if not isinstance(people, dict):
            people = self._data["desk_person"] = {}
        people[str(Path(shop_path).absolute())] = int(staff_id)
        self.save()
