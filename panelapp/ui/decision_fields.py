"""Autosaving editors for the decision screens: a field is saved when it is committed.

A text field commits when it loses the focus and after a short pause in typing (`PAUSE_MS`), so a crash
loses at most what was typed in the last moment. While the user is typing, a refresh from the store never
overwrites the field (`set_value` leaves a field with uncommitted typing alone).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

PAUSE_MS = 1500


class CommitTextEdit(QPlainTextEdit):
    """Plain text that emits `committed(text)` on focus-out or after a pause, when it changed."""

    committed = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None, *, lines: int = 4) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setTabChangesFocus(True)  # Tab moves on, as in a form
        self._stored = ""
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.commit)
        self.textChanged.connect(self._on_self_text_changed)
        height = self.fontMetrics().lineSpacing() * lines + 12
        self.setMinimumHeight(min(height, 60))
        self.setMaximumHeight(max(height, 60))

    @property
    def dirty(self) -> bool:
        return self._dirty

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, text: str) -> None:
        """Show the stored text, unless the user is typing here (their text wins until it is committed)."""
        self._stored = text
        if self._dirty or self.toPlainText().strip() == text.strip():  # the store trims what it keeps
            return
        position = self.textCursor().position()
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)

    def commit(self) -> None:
        self._timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        text = self.toPlainText()
        if text.strip() != self._stored.strip():
            self._stored = text
            self.committed.emit(text)

    def discard(self) -> None:
        """Forget uncommitted typing (the store was locked, or another allegation is shown)."""
        self._timer.stop()
        self._dirty = False

    def _on_self_text_changed(self) -> None:
        self._dirty = True
        self._timer.start()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)


class CommitLineEdit(QLineEdit):
    """One line that emits `committed(text)` on Enter, focus-out or a pause, when it changed."""

    committed = Signal(str)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._stored = ""
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self.commit)
        self.textEdited.connect(self._on_self_text_edited)
        self.editingFinished.connect(self.commit)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def set_value(self, text: str) -> None:
        self._stored = text
        if not self._dirty and self.text().strip() != text.strip():
            self.setText(text)

    def commit(self) -> None:
        self._timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        if self.text().strip() != self._stored.strip():
            self._stored = self.text()
            self.committed.emit(self.text())

    def discard(self) -> None:
        self._timer.stop()
        self._dirty = False

    def _on_self_text_edited(self, _text: str) -> None:
        self._dirty = True
        self._timer.start()
