"""The People area driven like a user over a real encrypted store: officers with their warnings (expiry and
whether in force, as text and colour), the panel by role with what it still needs, bad input kept in the
dialog, and undo/redo of each edit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from panelapp.domain.rules import warning_expiry, warning_last_day
from panelapp.domain.vocabulary import OfficerCategory, PanelRole, WarningKind
from panelapp.ui.form_fields import show_day
from panelapp.ui.people_models import IN_FORCE_COLOUR, MUTED_COLOUR, WarningTableModel
from panelapp.ui.people_widget import PeopleWidget
from tests.conftest import PASSPHRASE
from tests.ui import people_support
from tests.ui.conftest import type_text, unlock
from tests.ui.people_support import CLICK, focus, idle, press_ok, submit

pytestmark = [pytest.mark.gui, pytest.mark.db]
bench = people_support.bench  # the fixture


@pytest.fixture
def people(qtbot, bench):
    widget = PeopleWidget(bench)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    bench.set_case(bench.demo_case)
    qtbot.waitUntil(lambda: widget.officer_model.rowCount() == 1 and widget.panel_view is not None, timeout=10_000)
    return widget


def _cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_demo_officer_warning_and_panel_are_shown_and_models_are_sound(qtbot, qtmodeltester, people) -> None:
    assert _cell(people.officer_model, 0, 0) == "Owen Hartley"
    assert _cell(people.officer_model, 0, 7) == "1 expired"
    assert "Police Federation representative" in people.officer_details.text()
    w = people.warning_model
    assert [_cell(w, 0, c) for c in range(w.columnCount())] == [
        "Written warning", "1 Mar 2021", "18 months", "", "31 Aug 2022", "1 Sep 2022", "Expired"]
    assert _cell(w, 0, WarningTableModel.STATE_COLUMN, Qt.ItemDataRole.ForegroundRole) == MUTED_COLOUR
    assert [_cell(people.panel_model, r, 0) for r in range(4)] == [
        "Chair (chief officer or delegate)", "Independent member", "Independent member",
        "Legally qualified person (adviser)"]
    assert "This panel is complete" in people.needs_label.toPlainText()
    assert "unverified" in people.needs_label.toPlainText(), "an unverified rule is marked as such"
    for model in (people.officer_model, people.warning_model, people.panel_model):
        qtmodeltester.check(model)


def test_add_an_officer_with_a_warning_and_see_its_expiry_and_in_force_state(qtbot, bench, people) -> None:
    qtbot.mouseClick(people.add_officer_button, CLICK)
    dialog = people.dialog
    type_text(dialog.name, "Zoë Ashdown")
    qtbot.keyClicks(dialog.rank, "PS")
    qtbot.keyClicks(dialog.warrant, "1207")
    dialog.category.setCurrentIndex(dialog.category.findData(OfficerCategory.OTHER))
    qtbot.keyClicks(dialog.representative, "Ms K. Lyle, solicitor")
    submit(qtbot, people, dialog)
    qtbot.waitUntil(lambda: people.officer_model.rowCount() == 2)
    qtbot.waitUntil(lambda: people.current_officer() is not None and people.current_officer().details.name
                    == "Zoë Ashdown")
    assert "Ms K. Lyle, solicitor" in people.officer_details.text()
    assert people.warning_model.rowCount() == 0 and "PS 1207 Zoë Ashdown" in people.warnings_box.title()

    given = date.today() - timedelta(days=100)
    focus(qtbot, people.warning_table)
    qtbot.keyClick(people.warning_table, Qt.Key.Key_Insert)  # Insert adds, as the button does
    dialog = people.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData(WarningKind.FINAL_WRITTEN))
    qtbot.keyClicks(dialog.given_on, given.strftime("%d/%m/%Y"))
    dialog.period.setValue(36)
    last = warning_last_day(WarningKind.FINAL_WRITTEN, given, 36)
    assert f"to {show_day(last)} inclusive" in dialog.preview.text() and "in force today" in dialog.preview.text()
    submit(qtbot, people, dialog)
    qtbot.waitUntil(lambda: people.warning_model.rowCount() == 1)
    w = people.warning_model
    assert _cell(w, 0, 0) == "Final written warning" and _cell(w, 0, 2) == "36 months"
    assert _cell(w, 0, 4) == show_day(last)
    assert _cell(w, 0, 5) == show_day(warning_expiry(WarningKind.FINAL_WRITTEN, given, 36))
    assert _cell(w, 0, WarningTableModel.STATE_COLUMN) == "In force"
    assert _cell(w, 0, WarningTableModel.STATE_COLUMN, Qt.ItemDataRole.ForegroundRole) == IN_FORCE_COLOUR
    assert _cell(w, 0, WarningTableModel.STATE_COLUMN, Qt.ItemDataRole.FontRole).bold()
    assert "In force today:" in people.officer_details.text()
    assert _cell(people.officer_model, people.officer_model.row_of(people.current_officer().id), 7) == "1 in force"

    # Undo the warning, then the officer; redo both: the same records come back (same ids).
    officer_id, warning_id = people.current_officer().id, people.current_officer().warnings[0].id
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: people.warning_model.rowCount() == 0)
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: people.officer_model.rowCount() == 1)
    bench.undo_stack.redo()
    qtbot.waitUntil(lambda: people.officer_model.rowCount() == 2)
    bench.undo_stack.redo()
    idle(qtbot, bench)
    qtbot.waitUntil(lambda: any(o.id == officer_id and [w.id for w in o.warnings] == [warning_id]
                                for o in people.officers))
    assert bench.undo_stack.count() == 2 and all(not bench.undo_stack.command(i).isObsolete() for i in range(2))


def test_bad_input_stays_in_the_dialog_with_one_line_and_nothing_is_written(qtbot, bench, people) -> None:
    qtbot.mouseClick(people.add_officer_button, CLICK)
    dialog = people.dialog
    qtbot.keyClicks(dialog.rank, "PC")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.text() == "Name: is required"
    qtbot.keyClicks(dialog.name, "Ann Cole")
    qtbot.keyClicks(dialog.date_of_birth, "31/02/1990")
    press_ok(qtbot, dialog)
    assert dialog.error_label.text() == ("Date of birth: is not a date; type it day first, as 10/02/2025, "
                                         "or leave it empty")
    assert people.officer_model.rowCount() == 1 and bench.undo_stack.count() == 0 and not bench.ops.worker.busy
    dialog.reject()

    focus(qtbot, people.warning_table)
    qtbot.mouseClick(people.add_warning_button, CLICK)
    dialog = people.dialog
    qtbot.keyClicks(dialog.given_on, "1/3/2024")
    dialog.period.setValue(12)
    assert "not 12" in dialog.preview.text()
    press_ok(qtbot, dialog)
    assert dialog.error_label.text() == "Period (months): a written warning lasts 18 months, not 12"
    assert bench.undo_stack.count() == 0
    dialog.reject()


def test_the_panel_still_needs_box_shrinks_as_members_are_added(qtbot, bench, people) -> None:
    # Remove the two independent members and the LQP with the Delete key.
    for _ in range(3):
        row = next(r for r in range(people.panel_model.rowCount())
                   if people.panel_model.record(r).details.role is not PanelRole.CHIEF_OFFICER_CHAIR)
        focus(qtbot, people.panel_table)
        people.panel_table.selectRow(row)
        count = people.panel_model.rowCount()
        qtbot.keyClick(people.panel_table, Qt.Key.Key_Delete)
        qtbot.waitUntil(lambda c=count: people.panel_model.rowCount() == c - 1)
    idle(qtbot, bench)
    text = people.needs_label.toPlainText()
    assert "This panel still needs:" in text and "2 × Independent member" in text
    assert "Legally qualified person (adviser)" in text and "SI 2024/521" in text
    assert "[unverified: check the regulation]" in text

    seen = [people.needs_label.accessibleDescription()]
    for name, role in (("Mr David Quill", PanelRole.INDEPENDENT_MEMBER),
                       ("Dr Sunita Rao", PanelRole.INDEPENDENT_MEMBER),
                       ("Ms Joanna Fell", PanelRole.LEGALLY_QUALIFIED_PERSON)):
        qtbot.mouseClick(people.add_member_button, CLICK)
        dialog = people.dialog
        assert dialog.role.currentData() == role, "the dialog suggests the first role still needed"
        qtbot.keyClicks(dialog.name, name)
        submit(qtbot, people, dialog)
        qtbot.waitUntil(lambda s=seen[-1]: people.needs_label.accessibleDescription() != s)
        seen.append(people.needs_label.accessibleDescription())
    assert seen == [
        "This panel still needs: 2 × Independent member; Legally qualified person (adviser).",
        "This panel still needs: Independent member; Legally qualified person (adviser).",
        "This panel still needs: Legally qualified person (adviser).",
        "This panel is complete.",
    ]
    assert "This panel is complete" in people.needs_label.toPlainText()

    # An extra member is named; undo takes it away again.
    qtbot.mouseClick(people.add_member_button, CLICK)
    dialog = people.dialog
    qtbot.keyClicks(dialog.name, "Supt Ray Holt")
    dialog.role.setCurrentIndex(dialog.role.findData(PanelRole.POLICE_MEMBER))
    submit(qtbot, people, dialog)
    qtbot.waitUntil(lambda: "Not needed by the rules" in people.needs_label.accessibleDescription())
    row = next(r for r in range(people.panel_model.rowCount()) if _cell(people.panel_model, r, 1) == "Supt Ray Holt")
    assert _cell(people.panel_model, row, 2) == "Not needed by the rules for this panel"
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: people.needs_label.accessibleDescription() == "This panel is complete.")
    bench.undo_stack.undo()  # the LQP again
    qtbot.waitUntil(lambda: "Legally qualified person" in people.needs_label.accessibleDescription())
    bench.undo_stack.redo()
    qtbot.waitUntil(lambda: people.needs_label.accessibleDescription() == "This panel is complete.")


def test_removing_an_officer_asks_first_and_undo_puts_everything_back(qtbot, bench, people) -> None:
    focus(qtbot, people.officer_table)
    qtbot.keyClick(people.officer_table, Qt.Key.Key_Delete)
    box = people.confirm_box
    assert box is not None and "3 allegation(s), 1 warning(s)" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), CLICK)
    qtbot.waitUntil(lambda: people.officer_model.rowCount() == 0)
    assert "No officer recorded yet" in people.officer_details.text()
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: people.officer_model.rowCount() == 1)
    qtbot.waitUntil(lambda: people.current_officer() is not None
                    and people.current_officer().allegation_count == 3)
    idle(qtbot, bench)
    checked = []
    bench.ops.run_query(lambda s: s.verify().ok, checked.append)
    qtbot.waitUntil(lambda: checked == [True])


def test_edit_an_officer_and_a_member_then_undo(qtbot, bench, people) -> None:
    focus(qtbot, people.officer_table)
    qtbot.keyClick(people.officer_table, Qt.Key.Key_F2)
    dialog = people.dialog
    assert dialog.name.text() == "Owen Hartley" and dialog.warrant.text() == "4417"
    dialog.former.setChecked(True)
    submit(qtbot, people, dialog)
    qtbot.waitUntil(lambda: _cell(people.officer_model, 0, 5) == "Former officer")
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: _cell(people.officer_model, 0, 5) == "Serving")

    focus(qtbot, people.panel_table)
    people.panel_table.selectRow(0)
    qtbot.keyClick(people.panel_table, Qt.Key.Key_Return)
    dialog = people.dialog
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "DCC Ann Cole")
    submit(qtbot, people, dialog)
    qtbot.waitUntil(lambda: _cell(people.panel_model, 0, 1) == "DCC Ann Cole")
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: _cell(people.panel_model, 0, 1) == "ACC Helen Marsh (fictional)")


def test_view_state_keeps_ids_only_and_clear_forgets_everything(qtbot, bench, people) -> None:
    state = people.view_state()
    assert set(state) == {"officer", "warning", "member"} and all(isinstance(v, int | None) for v in state.values())
    people.clear()
    assert people.officer_model.rowCount() == 0 and people.panel_model.rowCount() == 0
    assert people.needs_label.toPlainText() == "" and people.officer_details.text() == ""


def test_in_the_window_ctrl_z_undoes_and_a_lock_returns_to_the_same_member(qtbot, opened) -> None:
    window = opened
    qtbot.waitUntil(lambda: window.bench.case_id is not None, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Go > People
    people = window.people
    assert window.tabs.currentWidget() is people
    qtbot.waitUntil(lambda: people.officer_model.rowCount() == 1 and people.panel_model.rowCount() == 4)

    qtbot.mouseClick(people.add_warning_button, CLICK)
    dialog = people.dialog
    qtbot.keyClicks(dialog.given_on, "2/12/2024")
    submit(qtbot, people, dialog)
    qtbot.waitUntil(lambda: people.warning_model.rowCount() == 2)
    focus(qtbot, people.warning_table)
    qtbot.keyClick(people.warning_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Edit > Undo
    qtbot.waitUntil(lambda: people.warning_model.rowCount() == 1)
    qtbot.keyClick(people.warning_table, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: people.warning_model.rowCount() == 2)

    people.panel_table.selectRow(2)
    member_id = people.panel_model.record(2).id
    with qtbot.waitSignal(window.store_locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert people.panel_model.rowCount() == 0 and people.officer_model.rowCount() == 0
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        unlock(qtbot, window, window._store_path, PASSPHRASE)
    qtbot.waitUntil(lambda: people.panel_model.rowCount() == 4)
    assert window.tabs.currentWidget() is people
    qtbot.waitUntil(lambda: people.view_state()["member"] == member_id)


def test_a_lock_closes_an_open_people_dialog(qtbot, opened) -> None:
    window = opened
    qtbot.waitUntil(lambda: window.bench.case_id is not None, timeout=10_000)
    people = window.people
    window.show_area(people)
    qtbot.waitUntil(lambda: people.officer_model.rowCount() == 1)
    qtbot.mouseClick(people.add_officer_button, CLICK)
    dialog = people.dialog
    type_text(dialog.name, "Ann Cole")
    with qtbot.waitSignal(dialog.finished, timeout=5_000):
        window.lock()
    assert people.dialog is None and not dialog.isVisible()


def test_a_new_officer_dialog_starts_in_the_name_field(qtbot) -> None:
    """Typing starts in the first field: with the focus on OK, the first space of a name pressed it."""
    from panelapp.ui.people_dialogs import OfficerDialog

    dialog = OfficerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.form.itemAt(0, dialog.form.ItemRole.FieldRole).widget()
