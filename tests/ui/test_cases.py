"""The case list, the case overview and the case dialog, driven like a user over a real encrypted store."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QHeaderView

from panelapp.domain.vocabulary import CaseStatus, Proceeding
from panelapp.ui.case_dialogs import CaseDialog
from panelapp.ui.form_fields import parse_day
from tests.conftest import PASSPHRASE
from tests.ui.conftest import type_text, unlock

pytestmark = [pytest.mark.gui, pytest.mark.db]

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


def _loaded(qtbot, window, rows: int = 1) -> None:
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == rows and window.overview.details is not None,
                    timeout=10_000)


def _activate(qtbot, window) -> None:
    """Window shortcuts need the window active (a closed dialog may have left no window active)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def _references(window) -> list[str]:
    return [r.reference for r in window.case_list.model.rows]


def _selected_reference(window) -> str | None:
    rows = window.case_list.view.selectionModel().selectedRows()
    return rows[0].data() if len(rows) == 1 else None


def _query(qtbot, window, op):
    got = []
    window.ops.run_query(op, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    return got[0]


def _new_case(qtbot, window, reference: str, venue: str = "") -> int:
    """Ctrl+Shift+N, type the details, click Create case; returns the new case's id."""
    _activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL | SHIFT)
    dialog = window.case_list.dialog
    assert isinstance(dialog, CaseDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.reference, reference)
    qtbot.keyClicks(dialog.force, "Northmoor Constabulary (fictional)")
    qtbot.keyClicks(dialog.hearing_start.edit, "7/7/2025")
    qtbot.keyClicks(dialog.hearing_end.edit, "2025-07-09")
    if venue:
        type_text(dialog.venue, venue)
    qtbot.keyClicks(dialog.reg30_notice_on.edit, "2 June 2025")
    assert dialog.ok_button.isEnabled(), dialog.message.text()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: window.case_list.dialog is None and reference in _references(window), timeout=10_000)
    qtbot.waitUntil(lambda: _selected_reference(window) == reference, timeout=10_000)
    qtbot.waitUntil(lambda: window.overview.details is not None and window.overview.details.reference == reference,
                    timeout=10_000)
    return window.bench.case_id


def test_the_demo_case_is_listed_selected_and_overviewed(qtbot, qtmodeltester, opened) -> None:
    window = opened
    _loaded(qtbot, window)
    assert _references(window) == ["DEMO-001"] and _selected_reference(window) == "DEMO-001"
    overview = window.overview
    assert overview.pages.currentWidget() is overview.page and overview.title.text() == "DEMO-001"
    assert overview.values["Dates"].text() == "Mon 9 Jun 2025 to Wed 11 Jun 2025"
    assert overview.values["Reg 30 notice"].text() == "10 Feb 2025, by hand"
    assert "Panel</b>: Conduct Regs 2020 as amended by SI 2024/521" in overview.rules_label.text()
    assert "10 Feb 2025" in overview.rules_label.text()
    # DEMO-001 was heard in June 2025 and has no outcome report date: flagged in words, not colour alone.
    assert overview.alert.text().startswith("⚠ Overdue: Outcome report")
    deadline = window.case_list.model.index(0, window.case_list.model.DEADLINE).data()
    assert deadline.startswith("⚠ OVERDUE by ") and deadline.endswith("· Outcome report")
    for model in (window.case_list.model, window.case_list.proxy, overview.limits_model):
        qtmodeltester.check(model)
    header = window.case_list.view.horizontalHeader()
    assert all(header.sectionResizeMode(c) != QHeaderView.ResizeMode.ResizeToContents
               for c in range(header.count())), "sizing columns to contents visits every cell (issue #11)"


def test_new_case_edit_close_and_filter(qtbot, opened) -> None:
    window = opened
    _loaded(qtbot, window)
    case_id = _new_case(qtbot, window, "PC-2025-17", venue="Salle Zoë, Harbour Court")
    overview = window.overview
    assert overview.values["Venue"].text() == "Salle Zoë, Harbour Court"
    assert overview.values["Dates"].text() == "Mon 7 Jul 2025 to Wed 9 Jul 2025"
    assert "The reg 30 notice was given on 02 Jun 2025" in overview.rules_label.text()
    assert window.bench.undo_stack.count() == 1

    qtbot.mouseClick(overview.edit_button, LEFT)
    dialog = overview.dialog
    assert dialog is not None and dialog.reference.text() == "PC-2025-17"
    dialog.venue.selectAll()
    qtbot.keyClicks(dialog.venue, "Court 2")
    qtbot.mouseClick(dialog.anonymity_order, LEFT)
    assert not dialog.ok_button.isEnabled() and dialog.message.text().startswith("Pseudonym: required")
    qtbot.keyClicks(dialog.pseudonym, "Officer A")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: overview.values["Venue"].text() == "Court 2", timeout=10_000)
    assert overview.dialog is None
    assert overview.values["Anonymity order"].text() == "Yes: the officer is “Officer A” in public documents"

    qtbot.mouseClick(overview.close_button, LEFT)
    qtbot.waitUntil(lambda: overview.subtitle.text().endswith("· Closed"), timeout=10_000)
    assert overview.close_button.text() == "Reope&n case"
    qtbot.waitUntil(lambda: window.case_list.model.rows[1].status is CaseStatus.CLOSED, timeout=10_000)

    _activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)  # Go ▸ Cases: the filter box
    assert window.focusWidget() is window.case_list.filter_edit
    qtbot.keyClicks(window.case_list.filter_edit, "hartley")
    assert window.case_list.proxy.rowCount() == 1 and window.case_list.count_label.text() == "1 of 2 cases shown"
    window.case_list.filter_edit.clear()
    window.case_list.status_combo.setCurrentIndex(window.case_list.status_combo.findData("open"))
    assert window.case_list.proxy.rowCount() == 1
    assert window.case_list.proxy.index(0, 0).data() == "DEMO-001"
    window.case_list.status_combo.setCurrentIndex(window.case_list.status_combo.findData("closed"))
    assert [window.case_list.proxy.index(r, 0).data() for r in range(window.case_list.proxy.rowCount())] == [
        "PC-2025-17"]
    assert _query(qtbot, window, lambda s: s.verify()).ok
    assert window.bench.case_id == case_id


def test_undo_and_redo_a_new_case_its_edit_and_its_closing(qtbot, opened) -> None:
    window = opened
    _loaded(qtbot, window)
    case_id = _new_case(qtbot, window, "PC-2025-18", venue="Room 4")
    overview = window.overview
    qtbot.mouseClick(overview.edit_button, LEFT)
    overview.dialog.venue.selectAll()
    qtbot.keyClicks(overview.dialog.venue, "Room 5")
    qtbot.mouseClick(overview.dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: overview.values["Venue"].text() == "Room 5", timeout=10_000)
    qtbot.mouseClick(overview.close_button, LEFT)
    qtbot.waitUntil(lambda: overview.subtitle.text().endswith("· Closed"), timeout=10_000)
    assert window.bench.undo_stack.count() == 3

    _activate(qtbot, window)
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: _references(window) == ["DEMO-001"] and not window.worker.busy, timeout=10_000)
    assert window.bench.case_id != case_id
    assert _query(qtbot, window, lambda s: [r.reference for r in s.cases.list_cases()]) == ["DEMO-001"]

    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: "PC-2025-18" in _references(window) and not window.worker.busy, timeout=10_000)
    details = _query(qtbot, window, lambda s: s.cases.get(case_id))  # re-created under its own id
    assert details.reference == "PC-2025-18" and details.draft.venue == "Room 5" and details.closed
    assert _query(qtbot, window, lambda s: s.verify()).ok


def test_the_dialog_names_the_problem_and_the_store_refuses_a_duplicate(qtbot, opened) -> None:
    window = opened
    _loaded(qtbot, window)
    window.case_list.new_case()
    dialog = window.case_list.dialog
    assert not dialog.ok_button.isEnabled() and dialog.message.text() == "Reference: is required"
    qtbot.keyClicks(dialog.reference, "DEMO-001")
    qtbot.keyClicks(dialog.force, "Northmoor")
    qtbot.keyClicks(dialog.hearing_start.edit, "31/02/2025")
    assert dialog.message.text().startswith("Hearing start: is not a date")
    dialog.hearing_start.edit.clear()
    qtbot.keyClicks(dialog.hearing_end.edit, "1/3/2025")
    assert dialog.message.text() == "Hearing end: set the hearing start first"
    qtbot.keyClicks(dialog.hearing_start.edit, "2/3/2025")
    assert dialog.message.text() == "Hearing end: 1 Mar 2025 is before the hearing start (2 Mar 2025)"
    dialog.hearing_end.edit.clear()
    assert dialog.ok_button.isEnabled() and dialog.message.text() == ""
    qtbot.mouseClick(dialog.ok_button, LEFT)  # only the store knows DEMO-001 is taken
    qtbot.waitUntil(lambda: "already used" in dialog.message.text(), timeout=10_000)
    assert dialog.isVisible() and dialog.ok_button.isEnabled() and window.bench.undo_stack.count() == 0
    assert dialog.message.text() == "Reference: 'DEMO-001' is already used by another case in this store"
    dialog.reject()
    qtbot.waitUntil(lambda: window.case_list.dialog is None)
    assert _references(window) == ["DEMO-001"]


def test_the_people_not_named_in_public_are_typed_checked_saved_and_shown(qtbot, opened) -> None:
    """The published notice must name nobody but the officer and the panel by role (DOMAIN.md §8): a
    complainant named in the particulars goes on the case's list, one person per line."""
    window = opened
    _loaded(qtbot, window)
    overview = window.overview
    assert overview.values["Not named in public"].text().startswith("Nobody listed")
    qtbot.mouseClick(overview.edit_button, LEFT)
    dialog = overview.dialog
    field = dialog.not_named
    field.setFocus()
    qtbot.keyClicks(field, "Jane Smith = Complainant A")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClicks(field, "= Mark Doe")
    assert not dialog.ok_button.isEnabled()
    assert dialog.message.text().startswith("Not named in public: line 2 needs a name")
    assert "#b3261e" in field.styleSheet()  # the field in trouble is marked
    for _ in range(len("= ")):
        qtbot.keyClick(field, Qt.Key.Key_Home)
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.toPlainText() == "Jane Smith = Complainant A\nMark Doe" and dialog.ok_button.isEnabled()
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # Tab leaves the field (it does not type a tab)
    assert field.toPlainText() == "Jane Smith = Complainant A\nMark Doe" and not field.hasFocus()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    qtbot.waitUntil(lambda: overview.dialog is None, timeout=10_000)
    qtbot.waitUntil(lambda: "Mark Doe" in overview.values["Not named in public"].text(), timeout=10_000)
    assert overview.values["Not named in public"].text() == (
        "Jane Smith as [Complainant A]; Mark Doe as [Person A]")
    details = _query(qtbot, window, lambda s: s.cases.get(window.bench.case_id))
    assert details.draft.not_named_in_public == "Jane Smith = Complainant A\nMark Doe"
    assert _query(qtbot, window, lambda s: s.verify()).ok


def test_keyboard_moves_filters_and_opens(qtbot, opened) -> None:
    window = opened
    _loaded(qtbot, window)
    _new_case(qtbot, window, "AB-1")
    case_list = window.case_list
    _activate(qtbot, window)
    window.overview.edit_button.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # F&ilter:
    assert window.focusWidget() is case_list.filter_edit
    window.overview.edit_button.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_0, CTRL)
    assert window.focusWidget() is case_list.filter_edit
    qtbot.keyClick(case_list.filter_edit, Qt.Key.Key_Down)
    assert _selected_reference(window) == "DEMO-001"
    qtbot.keyClick(case_list.filter_edit, Qt.Key.Key_Up)
    assert _selected_reference(window) == "AB-1" and window.bench.case_id is not None
    with qtbot.waitSignal(case_list.case_opened) as opened_signal:
        qtbot.keyClick(case_list.filter_edit, Qt.Key.Key_Return)
    assert opened_signal.args == [window.bench.case_id]
    case_list.view.setFocus()
    qtbot.keyClicks(case_list.view, "demo")  # typing in the table goes to the filter box
    assert case_list.filter_edit.text() == "demo" and case_list.proxy.rowCount() == 1
    assert window.focusWidget() is case_list.filter_edit
    case_list.view.selectionModel().setCurrentIndex(
        case_list.proxy.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.waitUntil(lambda: window.overview.details is not None and window.overview.details.reference == "DEMO-001",
                    timeout=10_000)


def test_an_empty_store_shows_what_to_do(qtbot, window, empty_store) -> None:
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        unlock(qtbot, window, empty_store, PASSPHRASE)
    qtbot.waitUntil(lambda: window.case_list.count_label.text() != "", timeout=10_000)
    assert window.case_list.count_label.text() == "No cases yet: create one with New case…"
    assert window.overview.pages.currentWidget() is window.overview.empty_label
    assert "No case selected" in window.overview.empty_label.text()
    assert not window.overview.edit_button.isEnabled()


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # offscreen popups only
def test_date_fields_read_day_first_and_a_calendar_fills_them(qtbot) -> None:
    dialog = CaseDialog(None)
    qtbot.addWidget(dialog)
    field = dialog.chair_specified_on
    field.edit.setFocus()
    field.open_calendar()
    qtbot.waitUntil(field.menu.isVisible)
    field.calendar.activated.emit(field.calendar.selectedDate().addDays(1))
    assert field.value() is not None and not field.menu.isVisible()
    dialog.reference.setText("X-1")
    dialog.force.setText("F")
    draft = dialog.draft()
    assert draft.proceeding is Proceeding.HEARING and draft.status is CaseStatus.PREPARING
    assert draft.issued_on == date.today() and draft.chair_specified_on == field.value()


@pytest.mark.parametrize(("text", "expected"), [
    ("", None), ("  ", None), ("10/02/2025", date(2025, 2, 10)), ("10.2.2025", date(2025, 2, 10)),
    ("10-02-2025", date(2025, 2, 10)), ("2025-02-10", date(2025, 2, 10)), ("10 Feb 2025", date(2025, 2, 10)),
    ("10 february 2025", date(2025, 2, 10)), ("Mon 10 Feb 2025", date(2025, 2, 10)), ("10/2/25", date(2025, 2, 10)),
])
def test_parse_day(text: str, expected: date | None) -> None:
    assert parse_day(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "2025", "tomorrow", "10/13/2025", "02/10/2025x"])
def test_parse_day_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text)


def test_lock_and_unlock_return_to_the_same_case_and_filter(qtbot, opened, demo_store) -> None:
    window = opened
    _loaded(qtbot, window)
    case_id = _new_case(qtbot, window, "AA-7")
    window.case_list.status_combo.setCurrentIndex(window.case_list.status_combo.findData("open"))
    window.case_list.view.sortByColumn(window.case_list.model.STATUS, Qt.SortOrder.DescendingOrder)
    qtbot.keyClicks(window.case_list.filter_edit, "AA")
    with qtbot.waitSignal(window.store_locked, timeout=10_000):
        window.lock()
    assert window.case_list.model.rowCount() == 0 and window.case_list.filter_edit.text() == ""
    assert window.overview.pages.currentWidget() is window.overview.empty_label
    assert window.overview.title.text() == "" and window.overview.limits_model.rowCount() == 0
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)
    qtbot.waitUntil(lambda: _selected_reference(window) == "AA-7", timeout=10_000)
    assert window.bench.case_id == case_id and window.case_list.status_combo.currentData() == "open"
    assert window.case_list.view.horizontalHeader().sortIndicatorSection() == window.case_list.model.STATUS
    qtbot.waitUntil(lambda: window.overview.title.text() == "AA-7", timeout=10_000)
