"""Copying to the clipboard without leaving case text behind (SECURITY.md: clipboard).

What we copied is cleared on lock and after a timeout, but only if the clipboard still holds our text
(the user may have copied something else since).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 90_000


class SafeClipboard(QObject):
    def __init__(self, parent: QObject | None = None, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__(parent)
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_ours)

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._ours = text
        self._timer.start()

    def clear_ours(self) -> None:
        """Empty the clipboard if it still holds what we put there."""
        clipboard = QGuiApplication.clipboard()
        if (self._ours is not None and clipboard.text() == self._ours) or clipboard.ownsClipboard():
            clipboard.clear()  # ours, or text the user copied out of a case view (e.g. a note)
        if clipboard.supportsSelection() and clipboard.ownsSelection():
            clipboard.clear(QClipboard.Mode.Selection)  # X11's primary selection
        self._ours = None
        self._timer.stop()
