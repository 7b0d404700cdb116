"""What the app remembers between runs (QSettings): the idle-lock minutes, the display name for the audit
log, and recent stores as paths only. Never anything about cases (SECURITY.md: QSettings, recent files).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

DEFAULT_IDLE_MINUTES = 10
MAX_IDLE_MINUTES = 24 * 60
MAX_RECENT = 8


class AppSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings()

    @property
    def idle_minutes(self) -> int:
        """Minutes without input before the store locks itself; 0 turns the idle lock off."""
        try:
            value = int(str(self._s.value("lock/idle_minutes", DEFAULT_IDLE_MINUTES)))
        except (TypeError, ValueError):
            return DEFAULT_IDLE_MINUTES
        return max(0, min(value, MAX_IDLE_MINUTES))

    @idle_minutes.setter
    def idle_minutes(self, minutes: int) -> None:
        self._s.setValue("lock/idle_minutes", max(0, min(int(minutes), MAX_IDLE_MINUTES)))

    @property
    def display_name(self) -> str:
        """The name the audit log records beside the operating-system account (the user's own choice)."""
        return str(self._s.value("audit/display_name", "") or "")

    @display_name.setter
    def display_name(self, name: str) -> None:
        self._s.setValue("audit/display_name", name.strip()[:100])

    @property
    def recent_stores(self) -> list[str]:
        value = self._s.value("stores/recent", [])
        # An INI file gives back one path as a plain string, several as a list.
        values: list[object] = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        return [str(v) for v in values if v][:MAX_RECENT]

    def remember_store(self, path: str) -> None:
        recent = [path, *(p for p in self.recent_stores if p != path)]
        self._s.setValue("stores/recent", recent[:MAX_RECENT])

    def forget_store(self, path: str) -> None:
        self._s.setValue("stores/recent", [p for p in self.recent_stores if p != path])

    def sync(self) -> None:
        self._s.sync()
