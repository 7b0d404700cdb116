"""Qt models of the deliberation screen: one member's private notes, every member's votes, the advice log."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from panelapp.domain.deliberation_records import AdviceRecord, DeliberationRecord, MemberRecord, NoteRecord
from panelapp.ui.table_models import ID_ROLE, RowTableModel

_Index = QModelIndex | QPersistentModelIndex


class NoteTableModel(RowTableModel[NoteRecord]):
    """One member's private notes, each with what it is about (an allegation, an outcome, the whole case)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._record: DeliberationRecord | None = None
        self.columns = (
            ("Written", lambda n: f"{n.created_at:%d %b %Y %H:%M}"),
            ("About", lambda n: self._record.subject_label(n.subject) if self._record else ""),
            ("Note", lambda n: n.text),
        )

    def set_record(self, record: DeliberationRecord | None, member_id: int | None) -> None:
        self._record = record
        self.set_rows([n for n in record.notes if n.member_id == member_id] if record else [])

    def role_data(self, row: NoteRecord, column: int, role: int) -> Any:
        return row.id if role == ID_ROLE else None


class AdviceTableModel(RowTableModel[AdviceRecord]):
    columns = (
        ("Given", lambda a: f"{a.details.given_on:%d %b %Y}" if a.details.given_on else ""),
        ("Subject", lambda a: a.details.subject),
        ("Advice", lambda a: a.details.advice),
        ("Followed?", lambda a: a.followed_label),
        ("Why not followed", lambda a: a.details.reasons_if_not),
    )

    def role_data(self, row: AdviceRecord, column: int, role: int) -> Any:
        return row.id if role == ID_ROLE else None


class VoteTableModel(QAbstractTableModel):
    """Rows: what is voted on (each allegation, each outcome); columns: the voting members."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._record: DeliberationRecord | None = None
        self._members: list[MemberRecord] = []

    def set_record(self, record: DeliberationRecord | None) -> None:
        self.beginResetModel()
        self._record = record
        self._members = [m for m in record.members if m.votes] if record else []
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() or self._record is None else len(self._record.subjects)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._members)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self._record
        if record is None or not index.isValid() or not (
                0 <= index.row() < len(record.subjects) and 0 <= index.column() < len(self._members)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            vote = record.vote(self._members[index.column()].id, record.subjects[index.row()].key)
            return vote.choice_label(record.subjects) if vote else "—"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._record is None:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._members):
            return self._members[section].name
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._record.subjects):
            return self._record.subjects[section].label
        return None
