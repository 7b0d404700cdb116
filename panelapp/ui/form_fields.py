"""Small pieces every form shares: the one date input (`DateField`: typed day first, a calendar on Alt+Down,
empty = not set), combo boxes over enum values, line edits."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QComboBox, QLineEdit, QMenu, QStyle, QWidget, QWidgetAction

from panelapp.domain.errors import BadInputError

_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%a %d %b %Y")
_SEPARATORS = re.compile(r"[.\-](?=\d)")
EXAMPLE = "10/02/2025"
EARLIEST_YEAR, LATEST_YEAR = 1900, 2099  # beyond these, a typing slip (as the store's own checks say)


def parse_day(text: str) -> date | None:
    """A typed date (day first), or None for an empty text; ValueError when it is not a date."""
    text = " ".join(text.split())
    if not text:
        return None
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        text = _SEPARATORS.sub("/", text)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def show_day(d: date | None) -> str:
    """"9 Jun 2025" ("" for no date)."""
    return "" if d is None else f"{d.day} {d:%b %Y}"


def combo(name: str, items: list[tuple[str, Any]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for text, value in items:
        box.addItem(text, value)
    return box


def select(box: QComboBox, value: Any) -> None:
    box.setCurrentIndex(max(0, box.findData(value)))


def line(name: str, limit: int | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    if limit:
        edit.setMaxLength(limit + 50)  # room to see "too long" named, rather than typing silently stopping
    return edit


class DateField(QLineEdit):
    """The one date input of every form: typed day first ("10/02/2025", "10.2.25", "2025-02-10",
    "10 Feb 2025"), shown as "10 Feb 2025" once the field is left; Alt+Down (or the arrow at its end) opens
    a calendar; empty means "not set" unless `required`; 1900–2099.

    `value()` raises BadInputError naming the field, so a dialog shows "Hearing start: is not a date; …".
    """

    changed = Signal()  # the text changed (typed, picked or set)

    def __init__(self, name: str, *, required: bool = False, value: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.required = required
        self.setAccessibleName(name)
        self.setPlaceholderText(f"e.g. {EXAMPLE}" if required else f"not set (e.g. {EXAMPLE})")
        self.setAccessibleDescription("A date, day first" + ("" if required else ", or empty when not set")
                                      + ". Alt+Down opens a calendar.")
        self.setToolTip(f"Type the day first, as {EXAMPLE}; Alt+Down opens a calendar")
        self.setClearButtonEnabled(True)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setDateRange(QDate(EARLIEST_YEAR, 1, 1), QDate(LATEST_YEAR, 12, 31))
        self.calendar.activated.connect(self._on_calendar_picked)
        self.calendar.clicked.connect(self._on_calendar_picked)
        self.menu = QMenu(self)
        picker = QWidgetAction(self.menu)
        picker.setDefaultWidget(self.calendar)
        self.menu.addAction(picker)
        self.calendar_action = QAction(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                                       f"Pick the {name.lower()} from a calendar (Alt+Down)", self)
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.textChanged.connect(self.changed)
        self.editingFinished.connect(self._on_self_editing_finished)
        self.installEventFilter(self)
        self.set_value(value)

    @property
    def edit(self) -> QLineEdit:
        """The line edit itself (the field was once a line edit beside a button)."""
        return self

    def value(self) -> date | None:
        """The date, None when empty (and not required); BadInputError naming the field otherwise."""
        try:
            d = parse_day(self.text())
        except ValueError:
            hint = "" if self.required else ", or leave it empty"
            raise BadInputError(self.name, f"is not a date; type it day first, as {EXAMPLE}{hint}",
                                code="not_a_date") from None
        if d is None:
            if self.required:
                raise BadInputError(self.name, "is required", code="required")
            return None
        if not EARLIEST_YEAR <= d.year <= LATEST_YEAR:
            raise BadInputError(self.name, f"must be between {EARLIEST_YEAR} and {LATEST_YEAR}",
                                code="date_out_of_range")
        return d

    def set_value(self, d: date | None) -> None:
        self.setText(show_day(d))

    def open_calendar(self) -> None:
        try:
            current = self.value()
        except BadInputError:
            current = None
        current = current or date.today()
        self.calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        self.menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.open_calendar()
            return True
        return super().eventFilter(watched, event)

    def _on_calendar_picked(self, picked: QDate) -> None:
        self.set_value(date(picked.year(), picked.month(), picked.day()))
        self.menu.close()
        self.setFocus()

    def _on_self_editing_finished(self) -> None:
        try:
            d = parse_day(self.text())
        except ValueError:
            return  # left as typed; the form's message names the field
        if d is not None and self.text() != show_day(d):
            self.setText(show_day(d))
