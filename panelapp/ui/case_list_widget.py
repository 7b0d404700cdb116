"""The case list: every case of the store with its officers, proceeding, status and next time limit.

A filter box (words matched against reference, officers, proceeding and status) and a status filter
(all, open, closed, or one stage). Selecting a row makes it the case every view shows. Keyboard: the
filter box has the focus when the list is reached (Go ▸ Cases, Ctrl+0); Up/Down there move through the
rows, Enter opens the case's overview (`case_opened`); typing while the table has the focus goes to the
filter box. Columns have fixed widths with the last one stretching: nothing measures every cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.case_records import CaseDraft, CaseRow
from panelapp.domain.changes import Area, Changes
from panelapp.domain.vocabulary import CaseStatus
from panelapp.ui.case_dialogs import CaseDialog
from panelapp.ui.ops import ServiceCall, user_message
from panelapp.ui.table_models import ID_ROLE, CaseFilterProxyModel, CaseTableModel
from panelapp.ui.workbench import AreaWidget, Workbench

if TYPE_CHECKING:  # the services load on the database thread when a store opens
    from panelapp.services.panel_services import PanelServices

# The list's columns: (width in pixels, or 0 to stretch).
_WIDTHS = {CaseTableModel.REFERENCE: 92, CaseTableModel.DEADLINE: 262, CaseTableModel.STATUS: 90,
           CaseTableModel.OFFICERS: 150, CaseTableModel.PROCEEDING: 0}
_STATUS_CHOICES: list[tuple[str, str | None]] = [
    ("All cases", None), ("Open cases", CaseFilterProxyModel.OPEN), ("Closed cases", CaseStatus.CLOSED.value),
    *((s.label, s.value) for s in CaseStatus if s is not CaseStatus.CLOSED),
]
_MOVES = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class CaseListWidget(AreaWidget):
    """The store's cases; the selected one is `bench.case_id`."""

    areas = frozenset({Area.CASES, Area.CASE, Area.PEOPLE, Area.DECISION})
    case_opened = Signal(int)  # Enter or double-click: the window shows the case's overview

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self.dialog: CaseDialog | None = None
        self._request = 0
        self._loaded = False
        self._quiet = False  # the list itself moves the selection (filter, reload): the case stays

        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(CaseTableModel.REFERENCE, Qt.SortOrder.AscendingOrder)

        title = QLabel("<b>Cases</b>")
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("caseFilter")
        self.filter_edit.setPlaceholderText("Filter: reference, officer, status…")
        self.filter_edit.setAccessibleName("Filter cases")
        self.filter_edit.setClearButtonEnabled(True)
        filter_label = QLabel("F&ilter:")
        filter_label.setBuddy(self.filter_edit)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Show cases by status")
        for text, value in _STATUS_CHOICES:
            self.status_combo.addItem(text, value)

        self.view = QTableView()
        self.view.setObjectName("caseTable")
        self.view.setAccessibleName("Cases")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setSortingEnabled(True)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSortIndicator(CaseTableModel.REFERENCE, Qt.SortOrder.AscendingOrder)
        for column, width in _WIDTHS.items():
            if width:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, width)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        self.view.installEventFilter(self)
        self.filter_edit.installEventFilter(self)

        self.new_button = QPushButton("New case…")
        self.new_button.setToolTip("Create a case (Case ▸ New case…, Ctrl+Shift+N)")
        self.new_button.setAccessibleName("New case")
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.status_combo)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.setFocusProxy(self.filter_edit)
        QWidget.setTabOrder(self.filter_edit, self.status_combo)
        QWidget.setTabOrder(self.status_combo, self.view)
        QWidget.setTabOrder(self.view, self.new_button)

        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.status_combo.currentIndexChanged.connect(self._on_status_combo_current_index_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.view.activated.connect(self._on_view_activated)
        self.new_button.clicked.connect(self.new_case)
        self.proxy.rowsInserted.connect(self._show_count)
        self.proxy.rowsRemoved.connect(self._show_count)
        self.proxy.modelReset.connect(self._show_count)
        self.proxy.layoutChanged.connect(self._show_count)

    # --- AreaWidget ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._request += 1
        token = self._request
        self.bench.ops.run_query(lambda s: s.cases.list_cases(), lambda rows: self._on_cases_listed(token, rows))

    def clear(self) -> None:
        self._request += 1  # a reply still on its way is dropped
        self._loaded = False
        self.model.clear()
        self.filter_edit.clear()
        if self.dialog is not None:
            self.dialog.reject()

    def view_state(self) -> dict[str, object]:
        """The status filter and sort (never the filter text: it may hold a name)."""
        header = self.view.horizontalHeader()
        return {"status": self.status_combo.currentIndex(), "sort": header.sortIndicatorSection(),
                "order": header.sortIndicatorOrder().value}

    def restore_view_state(self, state: dict[str, object]) -> None:
        status, sort, order = state.get("status"), state.get("sort"), state.get("order")
        if isinstance(status, int) and 0 <= status < self.status_combo.count():
            self.status_combo.setCurrentIndex(status)
        if isinstance(sort, int) and isinstance(order, int) and 0 <= sort < self.model.columnCount():
            self.view.sortByColumn(sort, Qt.SortOrder(order))

    def _on_ops_changed(self, changes: Changes) -> None:
        # Any case's change shows here (its reference, status, officers, deadlines), not only the current one.
        if changes.touches(*self.areas):
            self.refresh()

    def _on_bench_case_changed(self, case_id: int | None) -> None:
        self._select(case_id)

    # --- creating a case -----------------------------------------------------------------------------
    def new_case(self) -> None:
        """Ask for a new case's details and create it (undoable); it becomes the current case."""
        if not self.bench.ops.is_open:
            return
        if self.dialog is not None:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.dialog = CaseDialog(None, self, title="New case")
        self.dialog.submitted.connect(self._on_dialog_submitted)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()

    def _on_dialog_submitted(self, draft: CaseDraft) -> None:
        dialog = self.dialog
        created: dict[str, int] = {}  # the id the first run made: a redo re-creates the case under it

        def create(s: PanelServices) -> Changes:
            return s.cases.create(draft, case_id=created.get("id"))

        def done(changes: Changes) -> None:
            created["id"] = changes.value
            self.bench.set_case(changes.value)
            self.bench.show_status(f"Created case {draft.reference}. Ctrl+Z undoes it.")
            if dialog is not None:
                dialog.finish()

        def failed(exc: BaseException) -> None:
            if dialog is not None:
                dialog.show_error(user_message(exc))

        def delete(changes: Changes) -> ServiceCall:
            case_id: int = changes.value
            return lambda s: s.cases.delete_empty(case_id)

        self.bench.push("New case", create, undo_from=delete, on_done=done, on_error=failed)

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    # --- showing ---------------------------------------------------------------------------------------
    def _on_cases_listed(self, token: int, rows: list[CaseRow]) -> None:
        if token != self._request:
            return
        self._loaded = True
        self._quiet = True
        try:
            self.model.set_rows(rows)
        finally:
            self._quiet = False
        ids = {r.id for r in rows}
        current = self.bench.case_id
        if current is None or current not in ids:
            # Nothing chosen yet, or the case went (its creation undone): show the first case, if any.
            first = self.proxy.index(0, 0)
            self.bench.set_case(int(first.data(ID_ROLE)) if first.isValid() else
                                rows[0].id if rows else None)
        self._select(self.bench.case_id)

    def _select(self, case_id: int | None) -> None:
        source = self.model.index_of(case_id) if case_id is not None else QModelIndex()
        index = self.proxy.mapFromSource(source)
        selection = self.view.selectionModel()
        if not index.isValid():
            selection.clear()  # no current row either: a click or an arrow on any row then chooses it
            return
        if selection.currentIndex().row() == index.row() and selection.isRowSelected(index.row()):
            return
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)

    def _show_count(self, *_args: object) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        if not self._loaded:
            self.count_label.setText("")
        elif total == 0:
            self.count_label.setText("No cases yet: create one with New case…")
        elif shown == total:
            self.count_label.setText(f"{total} case{'s' * (total != 1)}")
        else:
            self.count_label.setText(f"{shown} of {total} cases shown")

    def _case_at(self, index: QModelIndex) -> int | None:
        value = index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def _on_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._quiet:
            return
        case_id = self._case_at(current)
        if case_id is not None:
            self.bench.set_case(case_id)

    def _on_view_activated(self, index: QModelIndex) -> None:
        case_id = self._case_at(index)
        if case_id is not None:
            self.bench.set_case(case_id)
            self.case_opened.emit(case_id)

    def _on_filter_edit_text_changed(self, text: str) -> None:
        """Filtering never changes the current case (the overview stays); arrows and Enter do."""
        self._quiet = True
        try:
            self.proxy.set_text(text)
            self._select(self.bench.case_id)
        finally:
            self._quiet = False

    def _on_status_combo_current_index_changed(self, _index: int) -> None:
        self._quiet = True
        try:
            self.proxy.set_status(self.status_combo.currentData())
            self._select(self.bench.case_id)
        finally:
            self._quiet = False

    # --- keyboard -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.filter_edit and self._filter_key(event):
                return True
            if watched is self.view and self._view_key(event):
                return True
        return super().eventFilter(watched, event)

    def _filter_key(self, event: QKeyEvent) -> bool:
        """Up/Down/Page keys move through the rows; Enter opens the current case."""
        if event.key() in _MOVES and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._move(event)
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.view.currentIndex()
            if not index.isValid() and self.proxy.rowCount():
                index = self.proxy.index(0, 0)
            if index.isValid():
                self._on_view_activated(index)
            return True
        return False

    def _move(self, event: QKeyEvent) -> None:
        count = self.proxy.rowCount()
        if not count:
            return
        row = self.view.currentIndex().row()
        page = max(1, self.view.viewport().height() // max(1, self.view.verticalHeader().defaultSectionSize()) - 1)
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -page, Qt.Key.Key_PageDown: page}
        row = 0 if row < 0 else min(count - 1, max(0, row + step[Qt.Key(event.key())]))
        index = self.proxy.index(row, 0)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                   | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)

    def _view_key(self, event: QKeyEvent) -> bool:
        """Typing a letter in the table goes to the filter box."""
        text = event.text()
        mods = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if text and text.isprintable() and not text.isspace() and mods == Qt.KeyboardModifier.NoModifier:
            self.filter_edit.setFocus()
            self.filter_edit.insert(text)
            return True
        return False
