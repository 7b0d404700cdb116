"""Qt item models of the decision screens: allegations with their finding's status, a finding's citations,
the decision's versions. Read-only; each row is plain domain data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyle, QWidget

from panelapp.domain.decision_records import CitationRecord, FindingRecord, VersionRecord
from panelapp.ui.decision_checklist import BLOCKING_COLOUR, WARNING_COLOUR
from panelapp.ui.table_models import ID_ROLE, RowTableModel

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex


class _ListModel(QAbstractListModel, Generic[Row]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> Row:
        return self._rows[index]

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.row_data(self._rows[index.row()], role)

    def row_data(self, row: Row, role: int) -> Any:
        return None

    def _icon(self, pixmap: QStyle.StandardPixmap) -> Any:
        widget = self.parent()
        return widget.style().standardIcon(pixmap) if isinstance(widget, QWidget) else None


def finding_status(f: FindingRecord) -> str:
    """"Gross misconduct · 2 to fix", "No finding yet · 2 to fix", "Misconduct · ready"."""
    if f.blocking:
        todo = f"{f.blocking} to fix"
    elif f.warnings:
        todo = f"{f.warnings} warning{'s' if f.warnings != 1 else ''}"
    else:
        todo = "complete"
    return f"{f.status} · {todo}"


class AllegationListModel(_ListModel[FindingRecord]):
    """The officer's allegations: number, particulars (first line) and the finding's status."""

    def row_data(self, f: FindingRecord, role: int) -> Any:
        first = f.particulars.strip().splitlines()[0] if f.particulars.strip() else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{f.number}. {first}\n{finding_status(f)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Allegation {f.number}: {f.particulars}\n{finding_status(f)}"
        if role == Qt.ItemDataRole.ForegroundRole and f.blocking:
            return BLOCKING_COLOUR
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(QStyle.StandardPixmap.SP_MessageBoxCritical if f.blocking else
                              QStyle.StandardPixmap.SP_MessageBoxWarning if f.warnings else
                              QStyle.StandardPixmap.SP_DialogApplyButton)
        if role == ID_ROLE:
            return f.allegation_id
        return None


class CitationListModel(_ListModel[CitationRecord]):
    """A finding's pinpoint citations: "A1 p.2 — Statement of Mr Dale: the push"."""

    def row_data(self, c: CitationRecord, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{c.label} — {c.title}" + (f": {c.note}" if c.note else "")
        if role == ID_ROLE:
            return c.id
        return None


class VersionTableModel(RowTableModel[VersionRecord]):
    """The decision's versions, newest last: number, status, when, fingerprint, override or reopening note."""

    columns = (
        ("Version", lambda v: str(v.number)),
        ("Status", lambda v: "Final" if v.final else "Draft"),
        ("Recorded", lambda v: f"{v.created_at:%d %b %Y %H:%M} UTC"),
        ("Fingerprint", lambda v: v.fingerprint[:16]),
        ("Note", lambda v: (f"Override: {v.override_reason}" if v.override_reason else v.note)),
    )

    def role_data(self, row: VersionRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and row.override_reason:
            return WARNING_COLOUR
        return None
