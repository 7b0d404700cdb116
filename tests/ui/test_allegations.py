"""The Allegations area driven like a user over a real encrypted store: the list per officer, the editor with
the ten Standards (title and description), three allegations added with their Standards, bad input kept in
the dialog, moving and renumbering, and undo/redo across the People and Allegations views."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from panelapp.domain.vocabulary import STANDARDS, FindingLevel, WarningKind
from panelapp.ui.allegations_widget import AllegationsWidget
from panelapp.ui.people_widget import PeopleWidget
from tests.ui import people_support
from tests.ui.conftest import type_text
from tests.ui.people_support import CLICK, focus, idle, press_ok, submit

pytestmark = [pytest.mark.gui, pytest.mark.db]
bench = people_support.bench  # the fixture


@pytest.fixture
def allegations(qtbot, bench):
    services = bench.ops.services  # the demo decision is final, so its allegations are read-only: reopen it
    for officer in services.people.officers(bench.demo_case):
        services.decisions.reopen(officer.id, "Editing the allegations in a test")
    widget = AllegationsWidget(bench)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    bench.set_case(bench.demo_case)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 3, timeout=10_000)
    return widget


def _column(model, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_demo_allegations_and_the_selected_one_in_full(qtbot, qtmodeltester, allegations) -> None:
    assert allegations.officer_combo.currentText() == "PC 4417 Owen Hartley"
    assert _column(allegations.model, 0) == ["1", "2", "3"]
    assert _column(allegations.model, 2) == ["4", "2", "6"]
    assert _column(allegations.model, 3) == ["Gross misconduct", "Misconduct", "Misconduct"]
    text = allegations.detail.toPlainText()
    assert "Allegation 1" in text and "Struck Mr Penrose" in text
    assert "4 Use of Force — Use force only when necessary" in text
    assert "Came to attention: 15 Sep 2024" in text and "finding recorded" in text
    qtmodeltester.check(allegations.model)


def test_the_editor_shows_the_ten_standards_with_titles_and_descriptions(qtbot, allegations) -> None:
    focus(qtbot, allegations.table)
    qtbot.keyClick(allegations.table, Qt.Key.Key_F2)
    dialog = allegations.dialog
    boxes = dialog.standards.boxes
    assert list(boxes) == list(range(1, 11))
    for n, box in boxes.items():
        title, description = STANDARDS[n]
        assert box.text().replace("&", "") == f"{n} · {title}"
        assert description in box.toolTip() and box.accessibleDescription() == description
    assert [n for n, b in boxes.items() if b.isChecked()] == [4]
    assert dialog.particulars.toPlainText() == "Struck Mr Penrose twice after he was restrained."
    assert dialog.level.currentData() == FindingLevel.GROSS_MISCONDUCT
    assert dialog.came_to_attention.text() == "15 Sep 2024"
    dialog.reject()


def test_add_three_allegations_with_standards_then_undo_and_redo(qtbot, bench, allegations) -> None:
    wanted = [("Accessed the Police National Computer for a private purpose.", (1, 7), FindingLevel.GROSS_MISCONDUCT),
              ("Disclosed a victim's address to a friend.|Second line of particulars.", (7,), FindingLevel.MISCONDUCT),
              ("Made a remark about Ms Ní Bhriain's accent.", (2, 3, 9), FindingLevel.MISCONDUCT)]
    places = iter(("Station, 3 Feb 2025", "Home address, 4 Feb 2025", "Canteen, 5 Feb 2025"))
    for particulars, standards, level in wanted:
        rows = allegations.model.rowCount()
        qtbot.mouseClick(allegations.add_button, CLICK)
        dialog = allegations.dialog
        dialog.particulars.setFocus()
        for i, text in enumerate(particulars.split("|")):
            if i:
                qtbot.keyClick(dialog.particulars, Qt.Key.Key_Return)
            type_text(dialog.particulars, text)  # non-ASCII typed as a user would
        for n in standards:
            box = dialog.standards.boxes[n]
            qtbot.mouseClick(box, CLICK, pos=QPoint(8, box.height() // 2))  # on the tick box itself
        dialog.level.setCurrentIndex(dialog.level.findData(level))
        qtbot.keyClicks(dialog.came_to_attention, "3/2/2025")
        qtbot.keyClicks(dialog.incident, next(places))  # no existing label starts alike: no completer popup
        submit(qtbot, allegations, dialog)
        qtbot.waitUntil(lambda r=rows: allegations.model.rowCount() == r + 1)
    assert _column(allegations.model, 0) == ["1", "2", "3", "4", "5", "6"]
    assert _column(allegations.model, 2)[3:] == ["1, 7", "7", "2, 3, 9"]
    assert _column(allegations.model, 3)[3:] == ["Gross misconduct", "Misconduct", "Misconduct"]
    assert _column(allegations.model, 1)[4] == "Disclosed a victim's address to a friend."
    qtbot.waitUntil(lambda: allegations.current_allegation() is not None
                    and allegations.current_allegation().number == 6)
    text = allegations.detail.toPlainText()
    assert "Ní Bhriain" in text and "9 Discreditable Conduct" in text and "3 Equality and Diversity" in text

    for expected in (5, 4, 3):
        bench.undo_stack.undo()
        qtbot.waitUntil(lambda e=expected: allegations.model.rowCount() == e)
    for expected in (4, 5, 6):
        bench.undo_stack.redo()
        qtbot.waitUntil(lambda e=expected: allegations.model.rowCount() == e)
    assert _column(allegations.model, 2)[3:] == ["1, 7", "7", "2, 3, 9"]


def test_bad_input_stays_in_the_dialog(qtbot, bench, allegations) -> None:
    qtbot.mouseClick(allegations.add_button, CLICK)
    dialog = allegations.dialog
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.text() == "Particulars: are required"
    qtbot.keyClicks(dialog.particulars, "Something")
    qtbot.keyClicks(dialog.came_to_attention, "1/1/2999")
    press_ok(qtbot, dialog)
    assert dialog.error_label.text() == "Came to attention on: must be between 1900 and 2099"  # a slip
    dialog.came_to_attention.clear()
    qtbot.keyClicks(dialog.came_to_attention, "1/1/2090")
    press_ok(qtbot, dialog)
    assert dialog.error_label.text() == "Came to attention on: 01 Jan 2090 is in the future"
    assert allegations.model.rowCount() == 3 and bench.undo_stack.count() == 0
    dialog.reject()


def test_move_down_and_renumber_are_undoable(qtbot, bench, allegations) -> None:
    first_id = allegations.model.record(0).id
    focus(qtbot, allegations.table)
    allegations.table.selectRow(0)
    qtbot.keyClick(allegations.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: allegations.model.record(1).id == first_id)
    assert _column(allegations.model, 0) == ["1", "2", "3"] and _column(allegations.model, 2) == ["2", "4", "6"]
    assert allegations.current_allegation().id == first_id, "the moved allegation stays selected"
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: allegations.model.record(0).id == first_id)

    # Remove allegation 2 (Delete), renumber closes the gap; undo both.
    allegations.table.selectRow(1)
    qtbot.keyClick(allegations.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: _column(allegations.model, 0) == ["1", "3"])
    assert allegations.renumber_button.isEnabled()
    qtbot.mouseClick(allegations.renumber_button, CLICK)
    qtbot.waitUntil(lambda: _column(allegations.model, 0) == ["1", "2"])
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: _column(allegations.model, 0) == ["1", "3"])
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: _column(allegations.model, 0) == ["1", "2", "3"])
    idle(qtbot, bench)
    ok = []
    bench.ops.run_query(lambda s: s.verify().ok, ok.append)
    qtbot.waitUntil(lambda: ok == [True])


def test_undo_and_redo_across_the_people_and_allegations_views(qtbot, bench, allegations) -> None:
    people = PeopleWidget(bench)
    qtbot.addWidget(people)
    people.refresh()
    qtbot.waitUntil(lambda: people.officer_model.rowCount() == 1)
    # A warning in People, then an allegation in Allegations.
    qtbot.mouseClick(people.add_warning_button, CLICK)
    dialog = people.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData(WarningKind.FINAL_WRITTEN))
    qtbot.keyClicks(dialog.given_on, date(2024, 12, 2).strftime("%d/%m/%Y"))
    submit(qtbot, people, dialog)
    qtbot.waitUntil(lambda: people.warning_model.rowCount() == 2)
    qtbot.mouseClick(allegations.add_button, CLICK)
    dialog = allegations.dialog
    qtbot.keyClicks(dialog.particulars, "Failed to declare a business interest.")
    dialog.standards.boxes[1].setChecked(True)
    submit(qtbot, allegations, dialog)
    qtbot.waitUntil(lambda: allegations.model.rowCount() == 4)
    qtbot.waitUntil(lambda: people.officer_model.data(people.officer_model.index(0, 8)) == "4")

    assert bench.undo_stack.undoText() == "Add allegation"
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: allegations.model.rowCount() == 3)
    qtbot.waitUntil(lambda: people.officer_model.data(people.officer_model.index(0, 8)) == "3")
    assert bench.undo_stack.undoText() == "Add warning"
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: people.warning_model.rowCount() == 1)
    bench.undo_stack.redo()
    bench.undo_stack.redo()
    qtbot.waitUntil(lambda: people.warning_model.rowCount() == 2 and allegations.model.rowCount() == 4)
