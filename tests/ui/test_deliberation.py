"""The Deliberation tab over a real store: private notes and votes per member (labelled, never exported),
the adviser's advice log; undo/redo; closed while the decision is final."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from panelapp.domain.vocabulary import FindingLevel, PanelRole
from tests.ui import decision_journey
from tests.ui.conftest import type_text
from tests.ui.decision_journey import click, decision, read, settle, show

pytestmark = [pytest.mark.gui, pytest.mark.db]
found = decision_journey.found  # the fixture
CANARY = "CANARY-vote-note-5d1e"


def test_private_notes_and_votes_are_labelled_undoable_and_never_exported(qtbot, qtmodeltester, found):
    window, case = found.window, found.case
    w = window.deliberation
    show(qtbot, window, w)
    assert w.private_label.isVisible() and "Private: never exported or printed" in w.private_label.text()
    qtmodeltester.check(w.note_model)
    qtmodeltester.check(w.vote_model)
    qtmodeltester.check(w.advice_model)

    assert w.member_combo.currentData() == case.members[PanelRole.CHIEF_OFFICER_CHAIR]
    type_text(w.note_edit, f"{CANARY}: Mr Dale’s account held up under questioning.")
    click(qtbot, w.add_note_button)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.note_model.rowCount() == 1)
    assert w.note_model.index(0, 2).data().endswith("held up under questioning.")
    assert w.note_model.index(0, 1).data() == "The case as a whole"
    window.undo_action.trigger()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.note_model.rowCount() == 0)
    window.redo_action.trigger()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.note_model.rowCount() == 1)

    subject = f"allegation:{case.allegations[0]}"
    combo = w.vote_combos[subject]
    combo.setCurrentIndex(combo.findData(FindingLevel.GROSS_MISCONDUCT.value))
    combo.activated.emit(combo.currentIndex())
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.vote_model.index(0, 0).data() == "Gross misconduct")
    assert w.vote_model.headerData(0, Qt.Orientation.Horizontal) == "ACC Tom Hale (fictional)"
    d = read(qtbot, window, lambda s: s.decisions.deliberation(case.case_id))
    assert d.vote(case.members[PanelRole.CHIEF_OFFICER_CHAIR], subject).choice == "gross_misconduct"

    adviser = w.member_combo.findData(case.members[PanelRole.LEGALLY_QUALIFIED_PERSON])
    w.member_combo.setCurrentIndex(adviser)
    w.member_combo.activated.emit(adviser)
    assert not w.vote_combos and "only the panel's members vote" in w.vote_note.text()

    document = read(qtbot, window, lambda s: s.export_case("MIX-1"))
    assert CANARY not in json.dumps(document) and subject not in json.dumps(document)


def test_the_advice_log_is_added_edited_and_clears_the_checklist_item(qtbot, qtmodeltester, found):
    window = found.window
    w = window.deliberation
    show(qtbot, window, w)
    assert "lqp-advice" in {b.code for b in decision(qtbot, found).blocking}
    dialog = w.add_advice()
    assert not dialog.ok_button.isEnabled()
    type_text(dialog.advice_edit, "Consider each lesser outcome in turn.")
    dialog.subject_edit.setText("Outcome")
    dialog.followed_combo.setCurrentIndex(2)  # not followed
    assert dialog.reasons_edit.isEnabled()
    type_text(dialog.reasons_edit, "The panel considered them together.")
    dialog.accept()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.advice_model.rowCount() == 1)
    qtmodeltester.check(w.advice_model)
    assert w.advice_model.index(0, 3).data() == "Not followed"
    codes = {b.code for b in decision(qtbot, found).blocking}
    assert "lqp-advice" not in codes and "lqp-not-followed" not in codes

    w.advice_view.setCurrentIndex(w.advice_model.index(0, 0))
    edit = w.edit_advice()
    edit.followed_combo.setCurrentIndex(1)  # followed
    edit.accept()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.advice_model.index(0, 3).data() == "Followed")
    window.undo_action.trigger()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.advice_model.index(0, 3).data() == "Not followed")


def test_deliberation_is_closed_while_the_decision_is_final(qtbot, opened):
    w = opened.deliberation
    show(qtbot, opened, w)
    assert w.record.final and w.closed_label.isVisible()
    assert not w.add_note_button.isEnabled() and not w.add_advice_button.isEnabled()
    assert w.add_advice() is None
    assert w.advice_model.rowCount() == 1 and w.advice_model.index(0, 3).data() == "Followed"


def test_a_private_note_is_about_one_allegation_and_keeps_it_through_remove_and_undo(qtbot, found):
    """Issue #9: per-member private notes per allegation and on outcome."""
    window, case = found.window, found.case
    w = window.deliberation
    show(qtbot, window, w)
    about = f"allegation:{case.allegations[1]}"
    index = w.note_subject_combo.findData(about)
    assert index > 0 and w.note_subject_combo.itemText(index) == "Allegation 2"
    assert w.note_subject_combo.findData(f"outcome:{case.officer_id}") > 0
    w.note_subject_combo.setCurrentIndex(index)
    type_text(w.note_edit, "Allegation 2 turns on the timings in the BWV.")
    click(qtbot, w.add_note_button)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.note_model.rowCount() == 1)
    assert w.note_model.index(0, 1).data() == "Allegation 2"
    assert w.note_subject_combo.currentData() == about  # the choice stays for the next note

    w.note_view.setCurrentIndex(w.note_model.index(0, 0))
    click(qtbot, w.remove_note_button)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.note_model.rowCount() == 0)
    window.undo_action.trigger()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.note_model.rowCount() == 1)
    d = read(qtbot, window, lambda s: s.decisions.deliberation(case.case_id))
    assert [(n.subject, n.text) for n in d.notes] == [(about, "Allegation 2 turns on the timings in the BWV.")]
    assert read(qtbot, window, lambda s: s.verify()).ok


def test_the_advice_dialog_takes_its_date_like_every_other_form(qtbot):
    """One date widget everywhere (issue #8 review): typed day first, empty = not recorded, a non-date said."""
    from datetime import date

    from panelapp.domain.deliberation_records import AdviceDetails
    from panelapp.ui.deliberation_dialogs import AdviceDialog

    dialog = AdviceDialog(AdviceDetails("Consider the range of outcomes."))
    qtbot.addWidget(dialog)
    assert dialog.given_edit.text() == "" and dialog.details().given_on is None
    dialog.given_edit.setText("31/02/2025")
    dialog.accept()
    assert dialog.result() == 0 and dialog.message.text().startswith("Date the advice was given:")
    dialog.given_edit.setText("11/06/2025")
    dialog.accept()
    assert dialog.result() == 1 and dialog.details().given_on == date(2025, 6, 11)
