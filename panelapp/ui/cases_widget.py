"""The read-only case browser: the store's cases, and the selected case's evidence items."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from panelapp.ui.table_models import CaseTableModel, EvidenceTableModel


def _table(model: CaseTableModel | EvidenceTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class CasesWidget(QWidget):
    case_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_model = CaseTableModel(self)
        self.evidence_model = EvidenceTableModel(self)
        self.case_view = _table(self.case_model, "caseTable")
        self.evidence_view = _table(self.evidence_model, "evidenceTable")
        self.evidence_title = QLabel("<b>Evidence</b>")
        self.case_view.selectionModel().selectionChanged.connect(self._on_case_view_selection_changed)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("<b>Cases</b>"))
        top_layout.addWidget(self.case_view)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.evidence_title)
        bottom_layout.addWidget(self.evidence_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def clear(self) -> None:
        self.case_model.clear()
        self.evidence_model.clear()
        self.evidence_title.setText("<b>Evidence</b>")

    def _on_case_view_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {i.row() for i in selected.indexes()}
        if len(rows) == 1:
            case = self.case_model.row(rows.pop())
            self.evidence_title.setText(f"<b>Evidence — {case.reference}</b>")
            self.case_selected.emit(case.id)
