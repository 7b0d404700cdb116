"""The one date input (form_fields.DateField) of every form: day first, a calendar, empty = not set where
optional, 1900–2099; the same widget in the case, people, allegation and evidence dialogs."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt

from panelapp.domain.errors import BadInputError
from panelapp.domain.vocabulary import EvidenceKind
from panelapp.ui.allegation_dialogs import AllegationDialog
from panelapp.ui.case_dialogs import CaseDialog
from panelapp.ui.evidence_editors import EvidenceEditorDialog, blank
from panelapp.ui.form_fields import DateField
from panelapp.ui.people_dialogs import OfficerDialog, WarningDialog

pytestmark = [pytest.mark.gui]


@pytest.fixture
def field(qtbot):
    widget = DateField("Hearing start")
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.mark.parametrize("typed", ["9/6/2025", "09/06/2025", "9.6.25", "2025-06-09", "9 Jun 2025", "9 June 2025"])
def test_day_first_in_any_usual_form(qtbot, field, typed):
    qtbot.keyClicks(field, typed)
    assert field.value() == date(2025, 6, 9)
    field.editingFinished.emit()
    assert field.text() == "9 Jun 2025"


def test_empty_is_not_set_unless_required(qtbot):
    optional, required = DateField("Dated"), DateField("Given on", required=True)
    for widget in (optional, required):
        qtbot.addWidget(widget)
    assert optional.value() is None and "not set" in optional.placeholderText()
    with pytest.raises(BadInputError, match="Given on: is required"):
        required.value()


@pytest.mark.parametrize(("typed", "message"), [
    ("31/02/2025", "Hearing start: is not a date; type it day first, as 10/02/2025, or leave it empty"),
    ("1/1/1899", "Hearing start: must be between 1900 and 2099"),
    ("1/1/2100", "Hearing start: must be between 1900 and 2099"),
])
def test_what_is_refused_names_the_field(qtbot, field, typed, message):
    qtbot.keyClicks(field, typed)
    with pytest.raises(BadInputError) as refused:
        field.value()
    assert str(refused.value) == message
    field.editingFinished.emit()
    assert (field.text() == typed) == typed.startswith("31/02")  # a non-date stays as typed, to be corrected


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")  # a popup, offscreen
def test_alt_down_opens_a_calendar_and_a_pick_fills_the_field(qtbot, field):
    field.set_value(date(2025, 6, 9))
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert field.menu.isVisible() and field.calendar.selectedDate() == QDate(2025, 6, 9)
    assert field.calendar.minimumDate() == QDate(1900, 1, 1) and field.calendar.maximumDate() == QDate(2099, 12, 31)
    field.calendar.clicked.emit(QDate(2025, 6, 11))
    assert not field.menu.isVisible() and field.value() == date(2025, 6, 11)


def test_every_form_uses_it(qtbot):
    case, officer, warning, allegation = CaseDialog(), OfficerDialog(), WarningDialog(), AllegationDialog()
    editor = EvidenceEditorDialog(blank(EvidenceKind.VETTING_RECORD), "", None)
    for dialog in (case, officer, warning, allegation, editor):
        qtbot.addWidget(dialog)
    row = editor.vetting.add_row()
    fields = [case.hearing_start, case.outcome_notified_on, officer.date_of_birth, officer.service_start,
              warning.given_on, allegation.came_to_attention, editor.dated_edit,
              editor.vetting.table.cellWidget(row, 2), editor.vetting.table.cellWidget(row, 3)]
    assert all(type(f) is DateField for f in fields)
    assert warning.given_on.required and not officer.date_of_birth.required
