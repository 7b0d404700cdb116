"""Locks the store after a period without keyboard or mouse input (SECURITY.md: idle)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
}


class IdleLock(QObject):
    """Emits `timed_out` after `minutes` without input to any window of the app; 0 minutes = never."""

    timed_out = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.timed_out)
        self._minutes = minutes
        self._armed = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def minutes(self) -> int:
        return self._minutes

    def set_minutes(self, minutes: int) -> None:
        self._minutes = max(0, minutes)
        if self._armed:
            self.start()

    def set_interval_ms(self, ms: int) -> None:
        """For tests: a short interval in milliseconds."""
        self._timer.setInterval(ms)
        self._minutes = -1
        if self._armed:
            self._timer.start()

    def start(self) -> None:
        """Arm the lock (a store was unlocked)."""
        self._armed = True
        if self._minutes > 0:
            self._timer.start(self._minutes * 60_000)
        elif self._minutes < 0:
            self._timer.start()
        else:
            self._timer.stop()

    def stop(self) -> None:
        self._armed = False
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in _INPUT and self._timer.isActive():
            self._timer.start()  # restart the countdown
        return False
