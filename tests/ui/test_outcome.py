"""The Outcome tab over a real store: forbidden outcomes cannot be picked and say why; a permitted one with a
missing stage blocks and links to the field; complete, mark final, reopen; undo/redo through all of it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from panelapp.domain.vocabulary import Outcome
from tests.conftest import PASSPHRASE
from tests.decision_case import ADVICE, SERIOUSNESS
from tests.ui import decision_journey
from tests.ui.conftest import type_text
from tests.ui.decision_journey import click, click_row, decision, leave, read, settle, show

pytestmark = [pytest.mark.gui, pytest.mark.db]
found = decision_journey.found  # the fixture


def _type(qtbot, window, edit, text):
    edit.setFocus()
    type_text(edit, text)
    leave(qtbot, window)


def _row(checklist, code):
    return next(i for i, item in enumerate(checklist.model.items) if item.code == code)


def test_a_forbidden_outcome_cannot_be_picked_and_its_reason_is_on_screen(qtbot, qtmodeltester, found):
    window = found.window
    w = window.outcome
    show(qtbot, window, w)
    qtmodeltester.check(w.checklist.model)
    qtmodeltester.check(w.version_model)
    assert set(w.picker.buttons) == set(Outcome)  # every outcome is listed
    rir = w.record.option(Outcome.REDUCTION_IN_RANK)
    button, reason = w.picker.buttons[Outcome.REDUCTION_IN_RANK], w.picker.reasons[Outcome.REDUCTION_IN_RANK]
    assert not rir.permitted and not button.isEnabled()
    assert reason.isVisible() and rir.reason in reason.text() and rir.source in reason.text()
    assert "Not permitted" in w.picker.status[Outcome.REDUCTION_IN_RANK].text()
    click(qtbot, button)
    settle(qtbot, window)
    assert not button.isChecked() and window.bench.undo_stack.count() == 0
    assert decision(qtbot, found).outcome.outcome is None
    for outcome in (Outcome.FINAL_WRITTEN_WARNING, Outcome.DISMISSAL_WITHOUT_NOTICE):
        assert w.picker.buttons[outcome].isEnabled() and "Permitted" in w.picker.status[outcome].text()


def test_a_permitted_outcome_with_a_missing_stage_blocks_and_links_to_the_field(qtbot, found):
    window = found.window
    window.activateWindow()
    w = window.outcome
    show(qtbot, window, w)
    click(qtbot, w.picker.buttons[Outcome.DISMISSAL_WITHOUT_NOTICE])
    settle(qtbot, window)
    assert decision(qtbot, found).outcome.outcome is Outcome.DISMISSAL_WITHOUT_NOTICE
    assert w.barred_box.isVisible() and "barred list" in w.barred_box.findChildren(type(w.rules_label))[0].text()
    codes = {item.code for item in w.checklist.model.items if item.blocking}
    assert {"seriousness-culpability", "why-not-lesser", "barred-list", "outcome-reasons"} <= codes
    assert "Not ready" in w.checklist.summary.text()

    click_row(qtbot, w.checklist.view, _row(w.checklist, "seriousness-culpability"))
    assert QApplication.focusWidget() is w.seriousness.edits["culpability"]
    click_row(qtbot, w.checklist.view, _row(w.checklist, "why-not-lesser"))
    assert QApplication.focusWidget() is w.why_not.edits[Outcome.FINAL_WRITTEN_WARNING]


def _complete(qtbot, window, w):
    for key in ("culpability", "harm", "aggravating", "mitigating", "personal_mitigation", "purpose"):
        _type(qtbot, window, w.seriousness.edits[key], getattr(SERIOUSNESS, key))
    click(qtbot, w.picker.buttons[Outcome.DISMISSAL_WITHOUT_NOTICE])
    settle(qtbot, window)
    _type(qtbot, window, w.texts["reasons"], "Deliberate force on a compliant man: nothing less keeps public trust.")
    _type(qtbot, window, w.why_not.edits[Outcome.FINAL_WRITTEN_WARNING],
          "A final written warning would not mark deliberate force on a compliant man.")
    click(qtbot, w.barred_check)
    settle(qtbot, window)
    case_id = w.record.case_id
    read(qtbot, window, lambda s: s.decisions.add_advice(case_id, ADVICE))  # the adviser's log (Deliberation)
    w.refresh()
    settle(qtbot, window)


def test_complete_mark_final_reopen_and_undo_redo_through_it(qtbot, qtmodeltester, found):
    window = found.window
    window.activateWindow()
    w = window.outcome
    show(qtbot, window, w)
    _complete(qtbot, window, w)
    assert w.record.ready, [b.message for b in w.record.blocking]
    assert "Ready" in w.checklist.summary.text()
    edits = window.bench.undo_stack.count()
    assert edits == 10

    dialog = w.mark_final()
    assert dialog.ok_button.isEnabled() and dialog.ok_button.text() == "Mark final"
    dialog.accept()
    settle(qtbot, window)
    assert decision(qtbot, found).final
    qtbot.waitUntil(lambda: w.record.final)
    assert "Final (version 1)" in w.banner.text()
    assert w.seriousness.edits["harm"].isReadOnly() and not w.picker.buttons[Outcome.FINAL_WRITTEN_WARNING].isEnabled()
    assert not w.mark_final_button.isEnabled() and w.reopen_button.isEnabled()
    qtbot.waitUntil(lambda: window.findings.record is not None and window.findings.record.final)
    assert not window.findings.editor.level_buttons[next(iter(window.findings.editor.level_buttons))].isEnabled()
    qtmodeltester.check(w.version_model)
    assert w.version_model.rowCount() == 1

    reopen = w.reopen()
    assert not reopen.ok_button.isEnabled()
    type_text(reopen.reason_edit, "The chair corrects a date.")
    assert reopen.ok_button.isEnabled()
    reopen.accept()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.record is not None and not w.record.final)
    assert [(v.number, v.status, v.note) for v in w.record.versions] == [
        (1, "final", ""), (2, "draft", "The chair corrects a date.")]
    assert not w.seriousness.edits["harm"].isReadOnly()

    window.undo_action.trigger()  # undo the reopening: final again (a new, audited version)
    settle(qtbot, window)
    assert decision(qtbot, found).final
    window.undo_action.trigger()  # undo marking final: reopened
    settle(qtbot, window)
    assert not decision(qtbot, found).final
    window.undo_action.trigger()  # the barred-list note
    settle(qtbot, window)
    d = decision(qtbot, found)
    assert not d.outcome.barred_list_noted and "barred-list" in {b.code for b in d.blocking}
    for _ in range(3):
        window.redo_action.trigger()
    settle(qtbot, window)
    d = decision(qtbot, found)
    assert d.outcome.barred_list_noted and not d.final and len(d.versions) == 6
    while window.bench.undo_stack.index() > 1:  # back through the versions and every edit but the first
        window.undo_action.trigger()
    settle(qtbot, window)
    d = decision(qtbot, found)
    assert d.outcome.outcome is None and d.seriousness.culpability == SERIOUSNESS.culpability
    window.undo_action.trigger()
    settle(qtbot, window)
    assert decision(qtbot, found).seriousness.culpability == ""
    qtbot.waitUntil(lambda: w.seriousness.edits["culpability"].toPlainText() == "")
    services_ok = read(qtbot, window, lambda s: s.verify().ok)
    assert services_ok


def test_marking_final_over_blocking_problems_needs_a_reason(qtbot, found):
    window = found.window
    w = window.outcome
    show(qtbot, window, w)
    dialog = w.mark_final()
    assert dialog.blocking and not dialog.ok_button.isEnabled()
    type_text(dialog.reason_edit, "The panel gave its stages orally; the transcript is annexed.")
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: w.record is not None and w.record.final)
    assert "over the readiness check" in w.banner.text()
    assert w.version_model.index(0, 4).data().startswith("Override: The panel gave its stages orally")
    actions = read(qtbot, window, lambda s: [e.action for e in s.audit.entries(limit=5)])
    assert actions[0] == "decision.marked-final-override"


def test_typing_then_locking_keeps_what_was_typed(qtbot, found):
    window = found.window
    window.activateWindow()
    w = window.outcome
    show(qtbot, window, w)
    edit = w.seriousness.edits["harm"]
    edit.setFocus()
    type_text(edit, "Bruising to Mr Dale.")  # no focus-out, no pause: the lock comes first
    window.lock()
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)
    assert w.record is None and edit.toPlainText() == ""
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        window.unlock_widget.passphrase_edit.setText(PASSPHRASE)
        window.unlock_widget.unlock_button.click()
    assert decision(qtbot, found).seriousness.harm == "Bruising to Mr Dale."
    qtbot.waitUntil(lambda: w.record is not None and edit.toPlainText() == "Bruising to Mr Dale.")
