"""The reader's private notes pane: one note per page, saved after a pause or when the editor loses focus.

The pane only edits text; saving is the viewer's (an undoable command through `bench.push`). It keeps the
last saved text of each page, so a refresh that arrives while the user is typing never overwrites what
they typed, and an undo (which refreshes the notes) puts the older text back in the editor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

AUTOSAVE_MS = 1200


class PageNotesWidget(QWidget):
    """Editor for the private note on the current page. Emits `note_committed(page, before, after)`."""

    note_committed = Signal(int, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._saved: dict[int, str] = {}
        self._page: int | None = None
        self.title_label = QLabel("Private note")
        self.title_label.setObjectName("notesTitle")
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("Private note on this page")
        self.editor.setPlaceholderText("Your private note on this page. Never exported or printed.")
        self.editor.setTabChangesFocus(True)
        self.editor.setEnabled(False)
        self.state_label = QLabel("")
        self.state_label.setObjectName("notesState")
        self.state_label.setWordWrap(True)
        self.title_label.setBuddy(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.state_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.commit)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.installEventFilter(self)

    @property
    def page(self) -> int | None:
        return self._page

    @property
    def dirty(self) -> bool:
        return self._page is not None and self.editor.toPlainText() != self._saved.get(self._page, "")

    def saved_text(self, page: int) -> str:
        return self._saved.get(page, "")

    def set_notes(self, notes: dict[int, str]) -> None:
        """The notes as stored (after loading or a change). Text being typed on the current page stays."""
        keep = self.dirty
        self._saved = dict(notes)
        if self._page is not None and not keep:
            self._show_text(self._saved.get(self._page, ""))

    def show_page(self, page: int | None, label: str = "", *, paged: bool = True) -> None:
        """Switch to `page` (0-based) of the shown item, saving what was typed on the page before.

        `paged` False: the item has no pages (a typed item, an image): its one note is "on" page 0.
        """
        if page == self._page:
            return
        self.commit()
        self._page = page
        self.editor.setEnabled(page is not None)
        where = f"{label}, page {page + 1}" if paged and page is not None else label
        self.title_label.setText(f"Private &note — {where}" if page is not None and label else "Private &note")
        self.state_label.setText("Private: never exported or printed." if page is not None else "")
        self._show_text(self._saved.get(page, "") if page is not None else "")

    def clear(self) -> None:
        self._timer.stop()
        self._saved = {}
        self._page = None
        self.editor.setEnabled(False)
        self._show_text("")
        self.title_label.setText("Private &note")
        self.state_label.setText("")

    def commit(self) -> None:
        """Save what was typed on the current page now (if it differs from what is stored)."""
        self._timer.stop()
        if self._page is None or not self.dirty:
            return
        page, before, after = self._page, self._saved.get(self._page, ""), self.editor.toPlainText()
        self._saved[page] = after  # what the store will hold once the command ran
        self.state_label.setText("Saving…")
        self.note_committed.emit(page, before, after)

    def mark_saved(self, page: int) -> None:
        if page == self._page and not self.dirty:
            self.state_label.setText("Saved. Private: never exported or printed.")

    def mark_failed(self, page: int, before: str, message: str) -> None:
        """The save was refused: the text stays in the editor (unsaved) and the reason is shown."""
        self._saved[page] = before
        if page == self._page:
            self.state_label.setText(f"Not saved: {message}")

    def _show_text(self, text: str) -> None:
        if self.editor.toPlainText() != text:
            self.editor.blockSignals(True)
            self.editor.setPlainText(text)
            self.editor.blockSignals(False)

    def _on_editor_text_changed(self) -> None:
        if self.dirty:
            self.state_label.setText("Editing…")
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)

