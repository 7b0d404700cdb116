"""Qt table models over plain rows (CaseSummary, EvidenceSummary)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from panelapp.domain.case_data import CaseSummary, EvidenceSummary
from panelapp.domain.vocabulary import CaseStatus, EvidenceKind, Proceeding

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of plain rows; each column is a (header, text-of-row) pair."""

    columns: Sequence[tuple[str, Callable[[Any], str]]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row(self, index: int) -> Row:
        return self._rows[index]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()][1](self._rows[index.row()])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None


def _date(d: Any) -> str:
    return d.strftime("%d %b %Y") if d else ""


class CaseTableModel(RowTableModel[CaseSummary]):
    columns = (
        ("Reference", lambda c: c.reference),
        ("Officer(s)", lambda c: "; ".join(c.officers)),
        ("Proceeding", lambda c: Proceeding(c.proceeding).label),
        ("Status", lambda c: CaseStatus(c.status).label),
        ("Hearing", lambda c: _date(c.hearing_start)),
    )


def _detail(e: EvidenceSummary) -> str:
    if e.page_count:
        return f"{e.page_count} page{'s' * (e.page_count != 1)}"
    if e.key_moments:
        return f"{e.key_moments} key moment{'s' * (e.key_moments != 1)}"
    if e.vetting_entries:
        return f"{e.vetting_entries} vetting entr{'ies' if e.vetting_entries != 1 else 'y'}"
    if e.reference_only or (e.sha256 and not e.bytes_present):
        return "reference only"
    return ""


class EvidenceTableModel(RowTableModel[EvidenceSummary]):
    columns = (
        ("Ref", lambda e: e.label),
        ("Kind", lambda e: EvidenceKind(e.kind).label),
        ("Title", lambda e: e.title),
        ("Exhibit", lambda e: e.exhibit_ref),
        ("Dated", lambda e: _date(e.dated)),
        ("Detail", _detail),
        ("SHA-256", lambda e: f"{e.sha256[:12]}…" if e.sha256 else ""),
    )
