"""Editable tables inside the evidence editors: key moments (time + note) and vetting entries.

Plus the small date inputs they share: a date or date-time that may be left empty (Delete clears it).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.errors import BadInputError
from panelapp.domain.evidence_records import KeyMomentRecord, VettingRecord, hms, parse_hms
from panelapp.domain.vocabulary import VettingDecision, VettingLevel
from panelapp.ui.form_fields import DateField

_NONE_DATE = QDate(1900, 1, 1)
_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class OptionalDateTimeEdit(QDateTimeEdit):
    """A date and time to the second that may be "not set"; Delete clears it."""

    def __init__(self, value: datetime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy HH:mm:ss")
        self.setMinimumDateTime(QDateTime(_NONE_DATE, QTime(0, 0)))
        self.setSpecialValueText("—")
        self.setCalendarPopup(True)
        self.setToolTip("Type as dd/mm/yyyy hh:mm:ss; Delete clears it")
        self.set_value(value)

    def set_value(self, value: datetime | None) -> None:
        if value is None:
            self.setDateTime(self.minimumDateTime())
        else:
            self.setDateTime(QDateTime(QDate(value.year, value.month, value.day),
                                       QTime(value.hour, value.minute, value.second)))

    def value(self) -> datetime | None:
        v = self.dateTime()
        if v == self.minimumDateTime():
            return None
        d, t = v.date(), v.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            self.set_value(None)
            return
        super().keyPressEvent(event)


def _buttons(table: QTableWidget, what: str) -> tuple[QWidget, QPushButton, QPushButton]:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    add, remove = QPushButton(f"Add {what}"), QPushButton(f"Remove {what}")
    add.setAccessibleName(f"Add {what}")
    remove.setAccessibleName(f"Remove {what}")
    row.addWidget(add)
    row.addWidget(remove)
    row.addStretch(1)
    return box, add, remove


class KeyMomentsTable(QWidget):
    """Key moments of a recording: time (hh:mm:ss from the start) and what happens."""

    def __init__(self, moments: tuple[KeyMomentRecord, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("keyMomentsTable")
        self.table.setMinimumHeight(150)
        self.table.setAccessibleName("Key moments")
        self.table.setHorizontalHeaderLabels(["Time (hh:mm:ss)", "What happens"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        buttons, self.add_button, self.remove_button = _buttons(self.table, "moment")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        for m in moments:
            self.add_row(hms(m.at_seconds), m.note, focus=False)

    def add_row(self, time: str = "00:00:00", note: str = "", *, focus: bool = True) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        time_item = QTableWidgetItem(time)
        self.table.setItem(row, 0, time_item)
        self.table.setItem(row, 1, QTableWidgetItem(note))
        if focus:
            self.table.setCurrentCell(row, 0)
            self.table.setFocus()
            self.table.editItem(time_item)
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def moments(self) -> tuple[KeyMomentRecord, ...]:
        """The rows as records; BadInputError names the first row whose time is not a time."""
        out = []
        for row in range(self.table.rowCount()):
            time_item, note_item = self.table.item(row, 0), self.table.item(row, 1)
            text = time_item.text() if time_item else ""
            try:
                seconds = parse_hms(text)
            except ValueError:
                raise BadInputError(f"Key moment {row + 1}", f"“{text}” is not a time as hh:mm:ss",
                                    code="invalid") from None
            out.append(KeyMomentRecord(seconds, note_item.text() if note_item else ""))
        return tuple(out)


class VettingTable(QWidget):
    """Vetting entries: level, decision, decided on, review due, reviewer, notes — a row per decision."""

    HEADERS = ("Level", "Decision", "Decided on", "Review due", "Reviewer", "Notes")

    def __init__(self, entries: tuple[VettingRecord, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setObjectName("vettingTable")
        self.table.setAccessibleName("Vetting entries")
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        buttons, self.add_button, self.remove_button = _buttons(self.table, "entry")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        for e in entries:
            self.add_row(e, focus=False)
        self.table.resizeColumnsToContents()

    def add_row(self, entry: VettingRecord | None = None, *, focus: bool = True) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        level, decision = QComboBox(), QComboBox()
        for combo, enum, name in ((level, VettingLevel, "level"), (decision, VettingDecision, "decision")):
            for value in enum:  # levels by their usual abbreviations (RV, NPPV2, eSC), decisions in words
                combo.addItem(value.value if enum is VettingLevel else value.label, value)
            combo.setAccessibleName(f"Vetting {name}, row {row + 1}")
        decided = DateField(f"Decided on, row {row + 1}", value=entry.decided_on if entry else date.today())
        due = DateField(f"Review due, row {row + 1}", value=entry.review_due_on if entry else None)
        reviewer, notes = QLineEdit(entry.reviewer if entry else ""), QLineEdit(entry.notes if entry else "")
        for line in (reviewer, notes):
            line.setCursorPosition(0)  # show the start of a long note, not its end
        reviewer.setAccessibleName(f"Reviewer, row {row + 1}")
        notes.setAccessibleName(f"Notes, row {row + 1}")
        if entry is not None:
            level.setCurrentIndex(level.findData(entry.level))
            decision.setCurrentIndex(decision.findData(entry.decision))
        for column, widget in enumerate((level, decision, decided, due, reviewer, notes)):
            self.table.setCellWidget(row, column, widget)
        if focus:
            self.table.setCurrentCell(row, 0)
            level.setFocus()
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        focused = self.focusWidget()
        for r in range(self.table.rowCount()):  # the row whose input has the focus, if any
            if any(self.table.cellWidget(r, c) is focused for c in range(self.table.columnCount())):
                row = r
        if row >= 0:
            self.table.removeRow(row)

    def entries(self) -> tuple[VettingRecord, ...]:
        out = []
        for row in range(self.table.rowCount()):
            w = [self.table.cellWidget(row, c) for c in range(self.table.columnCount())]
            level, decision, decided, due, reviewer, notes = w
            assert isinstance(level, QComboBox) and isinstance(decision, QComboBox)
            assert isinstance(decided, DateField) and isinstance(due, DateField)
            assert isinstance(reviewer, QLineEdit) and isinstance(notes, QLineEdit)
            when = decided.value()
            if when is None:
                raise BadInputError(f"Vetting entry {row + 1}", "needs the date of the decision", code="required")
            out.append(VettingRecord(VettingLevel(level.currentData()), VettingDecision(decision.currentData()),
                                     when, due.value(),
                                     reviewer.text(), notes.text()))
        return tuple(out)
