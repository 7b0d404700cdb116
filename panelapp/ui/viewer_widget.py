"""The reader: one item at a time — a PDF or an image from memory, or a typed item's details — with page
navigation, zoom, find in the document, and a private note per page.

The item's details, notes and bytes are read on the database thread (`run_query`); only the QPdfDocument
is built here, on the GUI thread, from those bytes (held in a QBuffer, never a temporary file). Notes are
saved through undoable commands. Locking drops the document, its buffer and bytes.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtPdf import QPdfSearchModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.changes import Area, Changes
from panelapp.domain.reading_records import ReadingItem
from panelapp.ui.ops import user_message
from panelapp.ui.viewer_display import ZOOM_STEP, ItemDisplayWidget, ZoomMode
from panelapp.ui.viewer_items import LoadedItem, details_html, load_item, page_stamp
from panelapp.ui.viewer_notes import PageNotesWidget
from panelapp.ui.workbench import AreaWidget, Workbench

if TYPE_CHECKING:  # the services load on the database thread when a store opens
    pass

NOTHING_OPEN = "Open an item from the Bundle or from Search to read it here."


def _button(text: str, tip: str, accessible: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(accessible)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class ViewerWidget(AreaWidget):
    """The reader area. `open_evidence(id, page)` shows an item at a page (0-based)."""

    areas = frozenset({Area.NOTES, Area.EVIDENCE})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self._item: ReadingItem | None = None
        self._problem: str | None = None  # why the shown item's file could not be shown
        self._token = 0  # the latest load asked for; older answers are dropped
        self._find_index = -1
        self._find_pending = 0  # +1/-1 while waiting for the first results in that direction

        self.header_label = QLabel(NOTHING_OPEN)
        self.header_label.setObjectName("readerHeader")
        self.header_label.setWordWrap(True)
        self.display = ItemDisplayWidget()
        self.notes_pane = PageNotesWidget()

        self.previous_button = _button("◀", "Previous page (PgUp)", "Previous page")
        self.page_spin = QSpinBox()
        self.page_spin.setAccessibleName("Page")
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.setRange(1, 1)
        self.page_total_label = QLabel("of 1")
        self.stamp_label = QLabel("")  # the page's label in the printed bundle: what a citation names
        self.stamp_label.setObjectName("readerStamp")
        self.stamp_label.setAccessibleName("Bundle page")
        self._first_stamp: str | None = None
        self.next_button = _button("▶", "Next page (PgDn)", "Next page")
        self.zoom_out_button = _button("−", "Zoom out (Ctrl+-)", "Zoom out")
        self.zoom_label = QLabel("")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = _button("+", "Zoom in (Ctrl+=)", "Zoom in")
        self.fit_width_button = _button("Fit &width", "Fit the page's width (Alt+W)", "Fit width")
        self.fit_page_button = _button("Fit page", "Fit the whole page", "Fit page")
        for button in (self.fit_width_button, self.fit_page_button):
            button.setCheckable(True)
        self.find_edit = QLineEdit()
        self.find_edit.setAccessibleName("Find in document")
        self.find_edit.setPlaceholderText("Find in document (Ctrl+F)")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMaximumWidth(260)
        self.find_count_label = QLabel("")
        self.find_count_label.setMinimumWidth(70)
        self.find_previous_button = _button("▲", "Previous match (Shift+F3)", "Previous match")
        self.find_next_button = _button("▼", "Next match (Enter, F3)", "Next match")

        bar = QHBoxLayout()
        for widget in (self.previous_button, self.page_spin, self.page_total_label, self.next_button,
                       self.stamp_label):
            bar.addWidget(widget)
        bar.addSpacing(16)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_width_button,
                       self.fit_page_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for found in (self.find_edit, self.find_count_label, self.find_previous_button, self.find_next_button):
            bar.addWidget(found)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.display)
        self.splitter.addWidget(self.notes_pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([680, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(self.header_label)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        for first, second in ((self.page_spin, self.display.pdf_view), (self.display.pdf_view, self.find_edit),
                              (self.find_edit, self.notes_pane.editor)):
            QWidget.setTabOrder(first, second)

        self.previous_button.clicked.connect(lambda: self.step_page(-1))
        self.next_button.clicked.connect(lambda: self.step_page(1))
        self.page_spin.valueChanged.connect(self._on_page_spin_value_changed)
        self.zoom_in_button.clicked.connect(lambda: self.display.zoom_by(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.display.zoom_by(1 / ZOOM_STEP))
        self.fit_width_button.clicked.connect(lambda: self.display.set_zoom_mode(ZoomMode.FIT_WIDTH))
        self.fit_page_button.clicked.connect(lambda: self.display.set_zoom_mode(ZoomMode.FIT_PAGE))
        self.find_edit.returnPressed.connect(lambda: self.find_step(1))
        self.find_edit.textChanged.connect(self._on_find_edit_text_changed)
        self.find_edit.installEventFilter(self)
        self.find_previous_button.clicked.connect(lambda: self.find_step(-1))
        self.find_next_button.clicked.connect(lambda: self.find_step(1))
        self.display.page_changed.connect(self._on_display_page_changed)
        self.display.page_step_requested.connect(self.step_page)
        self.display.zoom_changed.connect(self._update_zoom)
        self.display.search_model.countChanged.connect(self._on_search_model_count_changed)
        self.display.search_model.statusChanged.connect(self._on_search_model_status_changed)
        self.notes_pane.note_committed.connect(self._on_notes_pane_note_committed)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in ((("Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn), self.zoom_in_button.click),
                           (("Ctrl+-", QKeySequence.StandardKey.ZoomOut), self.zoom_out_button.click),
                           (("F3",), lambda: self.find_step(1)), (("Shift+F3",), lambda: self.find_step(-1))):
            seen: set[str] = set()
            for key in keys:
                sequence = QKeySequence(key)
                if sequence.isEmpty() or sequence.toString() in seen:
                    continue
                seen.add(sequence.toString())
                QShortcut(sequence, self, slot, context=context)
        self._show_nothing(NOTHING_OPEN)

    # --- opening ---------------------------------------------------------------------------------------
    @property
    def item(self) -> ReadingItem | None:
        return self._item

    @property
    def page(self) -> int:
        return self.display.page

    def open_evidence(self, evidence_id: int, page: int = 0) -> None:
        """Show one item (a PDF at `page`, an image, or a typed item's details)."""
        self.notes_pane.commit()
        self._token += 1
        token = self._token
        self._item = None
        self.notes_pane.clear()
        self.find_edit.clear()
        self._set_controls(pdf=False, has_item=False)
        self.header_label.setText("Loading…")
        self.display.show_message("Loading…")
        if not self.bench.ops.run_query(load_item(evidence_id, True),
                                        lambda loaded: self._on_loaded(token, loaded, page),
                                        lambda exc: self._on_load_failed(token, exc)):
            self._show_nothing("No store is open.")

    def _on_loaded(self, token: int, loaded: LoadedItem, page: int) -> None:
        if token != self._token:
            return
        item = self._item = loaded.item
        self._first_stamp = loaded.first_stamp
        self._set_header(item)
        self.notes_pane.set_notes({n.page: n.text for n in loaded.notes})
        pages, self._problem = 1, loaded.refused
        if loaded.data is not None and item.is_pdf:
            pages = self.display.show_pdf(loaded.data)
            if pages == 0:
                self._problem = "this PDF cannot be opened (damaged?)"
        elif loaded.data is not None and item.is_image and not self.display.show_image(loaded.data):
            self._problem = "this image cannot be decoded"
        if not (self.display.showing_pdf or self.display.showing_image):
            self.display.show_details(details_html(item, self._problem))
        pages = max(1, pages)
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1, pages)
        self.page_spin.blockSignals(False)
        self.page_total_label.setText(f"of {pages}")
        self._set_controls(pdf=self.display.showing_pdf, has_item=True)
        self._reset_find()
        target = min(max(0, page), pages - 1)
        if self.display.showing_pdf and target != self.display.page:
            self.display.go_to_page(target)
        self._on_display_page_changed(self.display.page)
        self._update_zoom()

    def _set_header(self, item: ReadingItem) -> None:
        self.header_label.setText(f"<b>Tab {html.escape(item.label)}</b> — {html.escape(item.title)}"
                                  f" <span style='color: palette(mid)'>· {html.escape(item.case_reference)}</span>")

    def _show_stamp(self, page: int) -> None:
        """"= B6": the label stamped at the foot of this page in the printed bundle (pinpoint citations use
        it); an item shown without pages names where it starts."""
        item, stamp = self._item, page_stamp(self._first_stamp, page)
        if item is None or stamp is None:
            self.stamp_label.setText("")
            self.stamp_label.setToolTip("")
        elif self.display.showing_pdf:
            self.stamp_label.setText(f"= bundle page <b>{stamp}</b>")
            self.stamp_label.setToolTip(f"Stamped {stamp} at the foot of this page in the printed bundle; "
                                        f"cite it as [{stamp}]")
        else:
            self.stamp_label.setText(f"Bundle pages from <b>{stamp}</b>")
            self.stamp_label.setToolTip(f"In the printed bundle this item starts on the page stamped {stamp}")

    def _on_load_failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:
            self._show_nothing(user_message(exc))

    def _show_nothing(self, message: str) -> None:
        self._item = None
        self.header_label.setText(message if message == NOTHING_OPEN else "")
        self.display.show_message(message)
        self.notes_pane.clear()
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1, 1)
        self.page_spin.blockSignals(False)
        self.page_total_label.setText("of 1")
        self._first_stamp = None
        self.stamp_label.setText("")
        self._reset_find()
        self._set_controls(pdf=False, has_item=False)
        self.zoom_label.setText("")

    def _set_controls(self, *, pdf: bool, has_item: bool) -> None:
        paged = pdf or self.display.showing_image
        for widget in (self.previous_button, self.next_button, self.page_spin):
            widget.setEnabled(pdf)
        for widget in (self.zoom_in_button, self.zoom_out_button, self.fit_width_button, self.fit_page_button):
            widget.setEnabled(paged and has_item)
        for finding in (self.find_edit, self.find_previous_button, self.find_next_button):
            finding.setEnabled(pdf)

    # --- pages and zoom --------------------------------------------------------------------------------
    def step_page(self, step: int) -> None:
        if self.display.showing_pdf:
            self.go_to_page(self.display.page + step)

    def go_to_page(self, page: int) -> None:
        self.display.go_to_page(page)

    def _on_page_spin_value_changed(self, value: int) -> None:
        self.display.go_to_page(value - 1)

    def _on_display_page_changed(self, page: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)
        showing = self.display.showing_pdf
        self.previous_button.setEnabled(showing and page > 0)
        self.next_button.setEnabled(showing and page + 1 < self.page_spin.maximum())
        self._show_stamp(page)
        if self._item is not None:
            self.notes_pane.show_page(page, f"Tab {self._item.label}", paged=self._item.page_count is not None)

    def _update_zoom(self) -> None:
        paged = self.display.showing_pdf or self.display.showing_image
        mode = self.display.zoom_mode() if paged else ""
        self.fit_width_button.setChecked(mode == ZoomMode.FIT_WIDTH)
        self.fit_page_button.setChecked(mode == ZoomMode.FIT_PAGE)
        self.zoom_label.setText(f"{round(self.display.zoom_factor() * 100)} %" if paged else "")

    # --- find in the document --------------------------------------------------------------------------
    def find_step(self, step: int) -> None:
        """Go to the next (`step` 1) or previous (-1) match of the find field's text; searches first."""
        text = self.find_edit.text().strip()
        if not text or not self.display.showing_pdf:
            return
        model = self.display.search_model
        if model.searchString() != text:
            self._find_index, self._find_pending = -1, step
            self.find_count_label.setText("Searching…")
            self.display.search_for(text)
            return
        count = self.display.result_count()
        if count == 0:
            return
        self._find_index = (self._find_index + step) % count
        self._show_find_result()

    def _show_find_result(self) -> None:
        self.display.show_result(self._find_index)
        self.find_count_label.setText(f"{self._find_index + 1} of {self.display.result_count()}")

    def _on_search_model_count_changed(self) -> None:
        count = self.display.result_count()
        if self._find_pending and count:
            here = self.display.page
            model = self.display.search_model
            for i in range(count):  # the first match from this page on, as soon as it is found
                if model.resultAtIndex(i).page() >= here:
                    self._find_index, self._find_pending = i, 0
                    self._show_find_result()
                    return
        elif not self._find_pending and self._find_index >= 0:
            self.find_count_label.setText(f"{self._find_index + 1} of {count}")

    def _on_search_model_status_changed(self, status: QPdfSearchModel.Status) -> None:
        if status != QPdfSearchModel.Status.Finished:
            return
        count = self.display.result_count()
        if self._find_pending and count:  # nothing after this page: wrap to the first match
            self._find_index, self._find_pending = (0 if self._find_pending > 0 else count - 1), 0
            self._show_find_result()
        elif self._find_pending:
            self._find_pending = 0
            self.find_count_label.setText("No matches")

    def _on_find_edit_text_changed(self, text: str) -> None:
        if not text.strip():
            self._reset_find()

    def _reset_find(self) -> None:
        self._find_index, self._find_pending = -1, 0
        self.display.search_for("")
        self.find_count_label.setText("")

    def focus_find(self) -> None:
        if self.find_edit.isEnabled():
            self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.find_edit.selectAll()

    # --- keys --------------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Ctrl+F inside the reader finds in the document; elsewhere it stays the window's store search.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.matches(QKeySequence.StandardKey.Find) and self.find_edit.isEnabled():
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_find()
        elif event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.step_page(-1 if event.key() == Qt.Key.Key_PageUp else 1)
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.find_edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.find_step(-1)
                return True
            if event.key() == Qt.Key.Key_Escape and (shown := self.display.currentWidget()) is not None:
                shown.setFocus()
                return True
        return super().eventFilter(watched, event)

    # --- notes -------------------------------------------------------------------------------------------
    def _on_notes_pane_note_committed(self, page: int, before: str, after: str) -> None:
        item = self._item
        if item is None:
            return
        evidence_id, pane = item.id, self.notes_pane
        what = "Remove note" if not after.strip() else "Note"

        def done(_changes: Changes) -> None:
            if self._item is not None and self._item.id == evidence_id:
                pane.mark_saved(page)

        def failed(exc: BaseException) -> None:
            if self._item is not None and self._item.id == evidence_id:
                pane.mark_failed(page, before, user_message(exc))
            self.bench.show_status(f"The note on {item.label} page {page + 1} was not saved: {user_message(exc)}")

        if not self.bench.push(f"{what} on {item.label} page {page + 1}",
                               redo=lambda s: s.notes.set_note(evidence_id, page, after),
                               undo=lambda s: s.notes.set_note(evidence_id, page, before),
                               on_done=done, on_error=failed):
            pane.mark_failed(page, before, "the store is locked")

    # --- the area's life -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the shown item's details and notes (not its bytes, unless the file itself changed)."""
        item = self._item
        if item is None:
            return
        if self.bench.case_id is not None and self.bench.case_id != item.case_id:
            self.notes_pane.commit()
            self._token += 1
            self._show_nothing(NOTHING_OPEN)
            return
        token = self._token

        def reloaded(loaded: LoadedItem) -> None:
            if token != self._token or self._item is None:
                return
            if (loaded.item.sha256, loaded.item.has_file) != (item.sha256, item.has_file):
                self.open_evidence(item.id, self.display.page)
                return
            self._item = loaded.item
            self._first_stamp = loaded.first_stamp
            self._set_header(loaded.item)
            self._show_stamp(self.display.page)
            if not self.display.showing_pdf and not self.display.showing_image:
                self.display.show_details(details_html(loaded.item, self._problem))
            self.notes_pane.set_notes({n.page: n.text for n in loaded.notes})

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self._show_nothing(user_message(exc))

        self.bench.ops.run_query(load_item(item.id, False), reloaded, failed)

    def _on_ops_changed(self, changes: Changes) -> None:
        item = self._item
        if item is not None and changes.touches(*self.areas) and changes.case_id in (None, item.case_id):
            self.refresh()

    def clear(self) -> None:
        """Locked: save a note being typed, then forget the item, its document, buffer and bytes."""
        self.notes_pane.commit()
        self._token += 1
        self.find_edit.clear()
        self._show_nothing(NOTHING_OPEN)
        self.display.clear()

    def view_state(self) -> dict[str, object]:
        if self._item is None:
            return {}
        return {"evidence_id": self._item.id, "page": self.display.page}

    def restore_view_state(self, state: dict[str, object]) -> None:
        evidence_id, page = state.get("evidence_id"), state.get("page", 0)
        if isinstance(evidence_id, int):
            self.open_evidence(evidence_id, page if isinstance(page, int) else 0)
