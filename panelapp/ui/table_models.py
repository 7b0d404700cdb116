"""Qt table models over plain rows: the generic `RowTableModel`, the case list and a case's time limits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from panelapp.domain.case_data import EvidenceSummary
from panelapp.domain.case_records import CaseRow, LimitState, TimeLimit, days_phrase
from panelapp.domain.citation_text import shown_source
from panelapp.domain.vocabulary import CaseStatus, EvidenceKind

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a value to sort by (dates as ordinals, statuses by stage)
ID_ROLE = Qt.ItemDataRole.UserRole + 2
WARNING_COLOUR = QColor("#b3261e")  # a red that keeps 5.9:1 contrast on white; never the only signal
_UNDATED = 10**7  # sorts after every real date


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of plain rows; each column is a (header, text-of-row) pair.

    Subclasses may add other roles in `role_data` (colour, font, sort key); the display text is also the
    tooltip, so a cut-off cell can be read in full.
    """

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

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()][1](row)
        return self.role_data(row, index.column(), role)

    def role_data(self, row: Row, column: int, role: int) -> Any:
        """Any role but display and tooltip (None: the view's default)."""
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None


def day(d: date | None, *, weekday: bool = False) -> str:
    """"9 Jun 2025" (or "Mon 9 Jun 2025"); "" for no date."""
    if d is None:
        return ""
    return f"{d:%a} {d.day} {d:%b %Y}" if weekday else f"{d.day} {d:%b %Y}"


_STAGE = {s: i for i, s in enumerate(CaseStatus)}


def _deadline_text(c: CaseRow) -> str:
    t = c.next_limit
    if t is None:
        return "—" if c.closed else "none running"
    return f"⚠ {t.brief}" if t.overdue else t.brief


class CaseTableModel(RowTableModel[CaseRow]):
    """The case list: reference, officers, proceeding, status, next statutory time limit."""

    # The next time limit comes second: in the narrow list pane it is what must stay in sight.
    REFERENCE, DEADLINE, STATUS, OFFICERS, PROCEEDING = range(5)
    columns = (
        ("Reference", lambda c: c.reference),
        ("Next time limit", _deadline_text),
        ("Status", lambda c: c.status.label),
        ("Officer(s)", lambda c: "; ".join(c.officers)),
        ("Proceeding", lambda c: c.proceeding.label),
    )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == self.DEADLINE \
                and 0 <= index.row() < len(self._rows):
            t = self._rows[index.row()].next_limit
            if t is not None:
                when = f"due {day(t.due, weekday=True)}, {days_phrase(t.working_days_left)}"
                return f"{t.name}: {when} ({shown_source(t.citation)})"
        return super().data(index, role)

    def role_data(self, row: CaseRow, column: int, role: int) -> Any:
        overdue_cell = column == self.DEADLINE and row.next_limit is not None and row.next_limit.overdue
        if role == Qt.ItemDataRole.ForegroundRole and overdue_cell:
            return WARNING_COLOUR
        if role == Qt.ItemDataRole.FontRole and (overdue_cell or row.closed):
            font = QFont()
            font.setBold(overdue_cell)
            font.setItalic(row.closed)
            return font
        if role == ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            if column == self.DEADLINE:
                return row.next_limit.due.toordinal() if row.next_limit and row.next_limit.due else _UNDATED
            if column == self.STATUS:
                return _STAGE[row.status]
            return self.columns[column][1](row).casefold()
        return None

    def index_of(self, case_id: int) -> QModelIndex:
        for i, r in enumerate(self._rows):
            if r.id == case_id:
                return self.index(i, 0)
        return QModelIndex()


class CaseFilterProxyModel(QSortFilterProxyModel):
    """Filters the case list by words (each must appear in the reference, an officer, the proceeding or the
    status) and by status: "open" is every status but closed."""

    OPEN = "open"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._status: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(text.casefold().split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str | None) -> None:
        """None: every case; "open": not closed; else one `CaseStatus` value."""
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, CaseTableModel) or source_parent.isValid():
            return True
        c = model.row(source_row)
        if self._status == self.OPEN and c.closed:
            return False
        if self._status not in (None, self.OPEN) and c.status.value != self._status:
            return False
        if not self._words:
            return True
        haystack = " ".join((c.reference, *c.officers, c.proceeding.label, c.status.label)).casefold()
        return all(w in haystack for w in self._words)


def _left(t: TimeLimit) -> str:
    if t.pending:
        return days_phrase(t.working_days_left)
    if t.state is LimitState.NOT_YET and t.working_days_left is not None:
        n = t.working_days_left
        return f"in {n} working day{'s' * (n != 1)}"
    return ""


class TimeLimitTableModel(RowTableModel[TimeLimit]):
    """A case's statutory time limits: name, due date, working days left, where it stands, citation."""

    NAME, DUE, LEFT, STATE, CITATION = range(5)
    columns = (
        ("Time limit", lambda t: t.short_name),
        ("Due", lambda t: day(t.due, weekday=True) if t.due else "no date yet"),
        ("Working days left", _left),
        ("Where it stands", lambda t: f"⚠ {t.state.label}" if t.overdue else t.state.label),
        ("Citation", lambda t: shown_source(t.citation)),
    )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and 0 <= index.row() < len(self._rows):
            t = self._rows[index.row()]
            if index.column() == self.NAME:
                return f"{t.name}\n{t.note}" if t.note else t.name
            text = self.columns[index.column()][1](t)
            return f"{text}\n{t.note}" if t.note and index.column() == self.CITATION else text
        return super().data(index, role)

    def role_data(self, row: TimeLimit, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue and column in (self.LEFT, self.STATE, self.DUE):
                return WARNING_COLOUR
            if not row.pending and row.state not in (LimitState.WAITING, LimitState.NOT_YET):  # met, passed, …
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if row.overdue and role == Qt.ItemDataRole.FontRole and column in (self.LEFT, self.STATE):
            font = QFont()
            font.setBold(True)
            return font
        return None


def _date(d: Any) -> str:
    return d.strftime("%d %b %Y") if d else ""


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
