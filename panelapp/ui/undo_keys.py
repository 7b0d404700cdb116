"""Ctrl+Z / Ctrl+Shift+Z in a text box: the box's own undo while it has typing to undo, else the window's.

Qt's text boxes claim the Undo and Redo keys whether or not they have anything to undo, so with the focus
in the case filter, the search box or the reader's find box, Ctrl+Z silently did nothing and the window's
Undo (the last edit to the store) never ran. Here a box keeps the keys only while it can use them: typing
is undone first, as every editor does; once there is nothing left to undo in the box, the next Ctrl+Z
undoes the last change to the store, as the Edit menu says.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

REDO_KEYS = (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))  # as the window's Redo


def _own_undo(widget: QObject, redo: bool) -> bool | None:
    """Whether this text box can undo (redo) something itself; None when it is not an editable text box."""
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return None
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        if widget.isReadOnly():
            return None
        document = widget.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return None


def _which(event: QKeyEvent) -> str | None:
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    pressed = QKeySequence(event.keyCombination())
    if event.matches(QKeySequence.StandardKey.Redo) or any(pressed == key for key in REDO_KEYS):
        return "redo"
    return None


class TextUndoKeysFilter(QObject):
    """Installed on the application; acts on text boxes inside `window` only."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        which = _which(event)
        if which is None or not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        if _own_undo(watched, which == "redo") is False:
            event.ignore()  # not the box's: the window's Undo/Redo shortcut takes the key
            return True
        return False
