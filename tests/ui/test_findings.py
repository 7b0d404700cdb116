"""The Findings tab over a real store: a three-allegation case recorded with mixed results, the checklist's
links, undo/redo of every edit, read-only when final."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from panelapp.domain.vocabulary import FactsFinding, FindingLevel
from tests.ui import decision_journey
from tests.ui.conftest import type_text
from tests.ui.decision_journey import click, click_row, decision, leave, settle, show

pytestmark = [pytest.mark.gui, pytest.mark.db]
mixed = decision_journey.mixed  # the fixture


def _record(qtbot, window, row, facts, level=None, standard=None, reasons=None):
    w = window.findings
    click_row(qtbot, w.list_view, row)
    qtbot.waitUntil(lambda: w.current_finding() is not None and w.current_finding().number == row + 1)
    click(qtbot, w.editor.facts_buttons[facts])
    if level is not None:
        click(qtbot, w.editor.level_buttons[level])
    settle(qtbot, window)
    if standard is not None:
        click(qtbot, w.editor.standard_checks[standard])
        settle(qtbot, window)
    if reasons is not None:
        edit = w.editor.texts["reasons"]
        edit.setFocus()
        type_text(edit, reasons)
        leave(qtbot, window)


def test_record_mixed_findings_for_three_allegations(qtbot, qtmodeltester, mixed):
    window, case = mixed.window, mixed.case
    window.activateWindow()
    w = window.findings
    show(qtbot, window, w)
    qtmodeltester.check(w.model)
    qtmodeltester.check(w.checklist.model)
    assert [f.number for f in w.model.rows] == [1, 2, 3]
    assert "No finding yet" in w.model.index(0, 0).data()

    # facts first: the finding waits for its level and says so; the other fields wait too
    click(qtbot, w.editor.facts_buttons[FactsFinding.PROVED])
    assert w.editor.hint.isVisible() and "Choose the level" in w.editor.hint.text()
    assert w.editor.texts["reasons"].isReadOnly() or not w.editor.texts["reasons"].isEnabled()
    click(qtbot, w.editor.level_buttons[FindingLevel.GROSS_MISCONDUCT])
    settle(qtbot, window)
    assert not w.editor.hint.isVisible() and w.editor.standard_checks[4].isEnabled()
    click(qtbot, w.editor.standard_checks[4])
    settle(qtbot, window)
    edit = w.editor.texts["facts_reasons"]
    edit.setFocus()
    type_text(edit, "Mr Dale’s account is careful and consistent with the log.")  # non-ASCII typed as keys
    leave(qtbot, window)
    dialog = w.add_citation()
    dialog.select(case.statement, page=2)
    dialog.note_edit.setText("the push")
    dialog.accept()
    settle(qtbot, window)
    qtmodeltester.check(w.editor.citation_model)
    assert w.editor.citation_model.index(0, 0).data() == "A2 — statement: the push"

    _record(qtbot, window, 1, FactsFinding.PROVED, FindingLevel.MISCONDUCT, 2, "She admitted swearing at him.")
    _record(qtbot, window, 2, FactsFinding.NOT_PROVED)  # "not proved" facts make the level not proved

    d = decision(qtbot, mixed)
    a1, a2, a3 = (f.details for f in d.findings)
    assert (a1.facts, a1.level, a1.standards_breached) == (FactsFinding.PROVED, FindingLevel.GROSS_MISCONDUCT, (4,))
    assert a1.facts_reasons == "Mr Dale’s account is careful and consistent with the log."
    assert [(c.label, c.note) for c in d.findings[0].citations] == [("A2", "the push")]
    assert (a2.level, a2.standards_breached, a2.reasons) == (FindingLevel.MISCONDUCT, (2,),
                                                             "She admitted swearing at him.")
    assert (a3.facts, a3.level) == (FactsFinding.NOT_PROVED, FindingLevel.NOT_PROVED)
    texts = [w.model.index(i, 0).data() for i in range(3)]
    assert "Gross misconduct" in texts[0] and "Misconduct" in texts[1] and "Not proved" in texts[2]
    blocking = [item.message for item in w.checklist.model.items if item.blocking]
    assert any("Allegation 2: the finding of fact gives no reasons" in m for m in blocking) is False  # falls back
    assert any("Allegation 3" in m and "gives no reasons" in m for m in blocking)


def test_a_checklist_item_takes_the_user_to_its_field_on_any_tab(qtbot, mixed):
    window, case = mixed.window, mixed.case
    window.activateWindow()
    w = window.findings
    show(qtbot, window, w)
    items = w.checklist.model.items
    row = next(i for i, item in enumerate(items) if item.field == f"finding:{case.allegations[1]}:facts")
    assert items[row].blocking and "Allegation 2 has no finding of fact" in items[row].message
    click_row(qtbot, w.checklist.view, row)
    assert w.current_finding().number == 2
    assert QApplication.focusWidget() is w.editor.facts_buttons[FactsFinding.PROVED]

    lqp = next(i for i, item in enumerate(items) if item.field == "advice")
    click_row(qtbot, w.checklist.view, lqp)
    assert window.tabs.currentWidget() is window.deliberation
    assert QApplication.focusWidget() is window.deliberation.add_advice_button


def test_undo_and_redo_walk_through_the_finding_edits(qtbot, mixed):
    window = mixed.window
    window.activateWindow()
    w = window.findings
    show(qtbot, window, w)
    _record(qtbot, window, 0, FactsFinding.PROVED, FindingLevel.MISCONDUCT, 4, "Pushed him without cause.")
    assert window.bench.undo_stack.count() == 3
    assert window.undo_action.text() == "&Undo Finding on allegation 1: reasons"

    window.undo_action.trigger()
    settle(qtbot, window)
    assert decision(qtbot, mixed).findings[0].details.reasons == ""
    qtbot.waitUntil(lambda: w.editor.texts["reasons"].toPlainText() == "")
    window.undo_action.trigger()
    window.undo_action.trigger()
    settle(qtbot, window)
    assert decision(qtbot, mixed).findings[0].details is None
    qtbot.waitUntil(lambda: "No finding yet" in w.model.index(0, 0).data())
    for _ in range(3):
        window.redo_action.trigger()
    settle(qtbot, window)
    details = decision(qtbot, mixed).findings[0].details
    assert (details.level, details.standards_breached, details.reasons) == (
        FindingLevel.MISCONDUCT, (4,), "Pushed him without cause.")
    qtbot.waitUntil(lambda: w.editor.texts["reasons"].toPlainText() == "Pushed him without cause.")


def test_a_final_decision_is_read_only(qtbot, opened):
    w = opened.findings
    show(qtbot, opened, w)
    assert w.record.final and "Final (version 1)" in w.banner.text()
    assert not any(b.isEnabled() for b in w.editor.facts_buttons.values())
    assert not w.editor.add_citation_button.isEnabled() and w.editor.texts["reasons"].isReadOnly()
    assert w.editor.texts["reasons"].toPlainText().startswith("The BWV shows two downward blows")
    assert [w.editor.citation_model.index(i, 0).data().split(" — ")[0]
            for i in range(w.editor.citation_model.rowCount())] == ["C1, BWV-1 00:03:18", "B2", "E1"]
    qtbot.keyClick(w.editor.texts["reasons"], Qt.Key.Key_A)
    assert w.editor.texts["reasons"].toPlainText().startswith("The BWV")
    assert opened.bench.undo_stack.count() == 0
