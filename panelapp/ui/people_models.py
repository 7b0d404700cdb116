"""Qt table models of the People and Allegations areas: officers, their warnings, the panel, allegations.

Each is a read-only table over frozen records. Besides the text (also the tooltip, so a cut-off cell can be
read in full) a column may give a colour and a bold font; colour is never the only signal (the text says
"In force" / "Expired"). `ID_ROLE` gives the record's id, for keeping the selection across a refresh.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from panelapp.domain.allegation_records import AllegationRecord
from panelapp.domain.people_records import OfficerRecord, PanelMemberRecord, PanelView, WarningRecord
from panelapp.ui.table_models import RowTableModel

Rec = TypeVar("Rec")
ID_ROLE = Qt.ItemDataRole.UserRole + 20
IN_FORCE_COLOUR = QColor("#b3261e")  # 5.9:1 on white
MUTED_COLOUR = QColor("#5f6368")  # 6.0:1 on white
_BOLD = QFont()
_BOLD.setBold(True)


def day(d: date | None) -> str:
    """"1 Sep 2022" (empty for no date)."""
    return "" if d is None else f"{d.day} {d:%b %Y}"


class RecordTableModel(RowTableModel[Rec]):
    """Rows of records with an `id`; columns are (header, text of a record); colour and bold per cell."""

    def record(self, row: int) -> Rec:
        return self.row(row)

    @property
    def records(self) -> list[Rec]:
        return self.rows

    def row_of(self, record_id: int | None) -> int:
        """The row showing the record with this id, or -1."""
        return next((i for i, r in enumerate(self.rows) if getattr(r, "id", None) == record_id), -1)

    def role_data(self, row: Rec, column: int, role: int) -> Any:
        if role == ID_ROLE:
            return getattr(row, "id", None)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colour(row, column)
        if role == Qt.ItemDataRole.FontRole:
            return _BOLD if self.bold(row, column) else None
        return None

    def colour(self, rec: Rec, column: int) -> QColor | None:
        return None

    def bold(self, rec: Rec, column: int) -> bool:
        return False


def warnings_summary(o: OfficerRecord) -> str:
    if not o.warnings:
        return "none"
    live = len(o.warnings_in_force)
    gone = len(o.warnings) - live
    parts = [f"{live} in force"] if live else []
    if gone:
        parts.append(f"{gone} expired")
    return ", ".join(parts)


class OfficerTableModel(RecordTableModel[OfficerRecord]):
    columns = (
        ("Name", lambda o: o.details.name),
        ("Rank", lambda o: o.details.rank),
        ("Warrant no.", lambda o: o.details.warrant_number),
        ("Unit", lambda o: o.details.unit),
        ("Category", lambda o: o.details.category.label),
        ("Status", lambda o: "Former officer" if o.details.former_officer else "Serving"),
        ("Representative", lambda o: o.details.representative),
        ("Warnings", warnings_summary),
        ("Allegations", lambda o: str(o.allegation_count)),
    )
    WARNINGS_COLUMN = 7

    def colour(self, rec: OfficerRecord, column: int) -> QColor | None:
        return IN_FORCE_COLOUR if column == self.WARNINGS_COLUMN and rec.warnings_in_force else None

    def bold(self, rec: OfficerRecord, column: int) -> bool:
        return column == self.WARNINGS_COLUMN and bool(rec.warnings_in_force)


def warning_state(w: WarningRecord) -> str:
    if w.problem:
        return "Expiry unknown"
    if w.in_force:
        return "In force"
    return "Not yet in force" if w.details.given_on > w.as_of else "Expired"


class WarningTableModel(RecordTableModel[WarningRecord]):
    columns = (
        ("Kind", lambda w: w.details.kind.label),
        ("Given on", lambda w: day(w.details.given_on)),
        ("Period", lambda w: f"{w.period_months} months" + ("" if w.details.period_months else " (default)")),
        ("Career break", lambda w: f"{w.details.career_break_days} days" if w.details.career_break_days else ""),
        ("Last day in force", lambda w: day(w.last_day) if w.last_day else (w.problem or "")),
        ("Expires on", lambda w: day(w.expires_on)),
        ("Today", warning_state),
    )
    STATE_COLUMN = 6

    def colour(self, rec: WarningRecord, column: int) -> QColor | None:
        if column != self.STATE_COLUMN:
            return None
        return IN_FORCE_COLOUR if rec.in_force or rec.problem else MUTED_COLOUR

    def bold(self, rec: WarningRecord, column: int) -> bool:
        return column == self.STATE_COLUMN and rec.in_force


class PanelTableModel(RecordTableModel[PanelMemberRecord]):
    """The members by role; the last column says when the rules give a member's role no place."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._extra: set[int] = set()
        self.columns = (("Role", lambda m: m.details.role.label), ("Name", lambda m: m.details.name),
                        ("Rules", self._fit))

    def set_panel(self, view: PanelView | None) -> None:
        if view is None:
            self._extra = set()
            self.set_rows([])
            return
        over = {g.role: g.count for g in view.gaps if g.kind == "extra" and g.role is not None}
        extra: set[int] = set()
        for m in reversed(view.members):  # the last added in an over-full role are the ones marked
            if over.get(m.details.role, 0) > 0:
                extra.add(m.id)
                over[m.details.role] -= 1
        self._extra = extra
        self.set_rows(view.members)

    def _fit(self, m: PanelMemberRecord) -> str:
        return "Not needed by the rules for this panel" if m.id in self._extra else "Needed"

    def colour(self, rec: PanelMemberRecord, column: int) -> QColor | None:
        return IN_FORCE_COLOUR if column == 2 and rec.id in self._extra else None


class AllegationTableModel(RecordTableModel[AllegationRecord]):
    columns = (
        ("No.", lambda a: str(a.number)),
        ("Particulars", lambda a: a.first_line),
        ("Standards", lambda a: ", ".join(str(n) for n in a.details.standards) or "none"),
        ("Alleged level", lambda a: a.details.alleged_level.label),
        ("Came to attention", lambda a: day(a.details.came_to_attention_on) or "not recorded"),
        ("Incident", lambda a: a.details.incident or ""),
        ("Evidence", lambda a: str(a.evidence_links) if a.evidence_links else ""),
    )

    def colour(self, rec: AllegationRecord, column: int) -> QColor | None:
        return MUTED_COLOUR if column == 4 and rec.details.came_to_attention_on is None else None
