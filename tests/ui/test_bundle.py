"""The bundle view driven like a user over a real encrypted store: reorder, edit, link, cite, remove, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from panelapp.domain.evidence_records import KeyMomentRecord
from tests.ui import bundle_helpers
from tests.ui.bundle_helpers import drop, labels, query, settled, titles
from tests.ui.conftest import type_text

pytestmark = [pytest.mark.gui, pytest.mark.db]
bench, bundle = bundle_helpers.bench, bundle_helpers.bundle  # the fixtures


def _select(widget, item_id):
    widget.select_item(item_id)
    widget.view.setFocus()
    assert widget.current_item().id == item_id


def _item(widget, letter, n):
    return widget.model.tree.section(letter).items[n]


def _verified(qtbot, bench):
    return query(qtbot, bench, lambda s: s.verify()).ok


def test_tree_model_passes_the_model_tester(qtmodeltester, bundle):
    qtmodeltester.check(bundle.model)
    assert bundle.model.rowCount() == 5
    section_b = bundle.model.index_of_section("B")
    assert bundle.model.data(section_b) == "B   Witness statements"
    assert bundle.model.index(0, 0, section_b).data() == "B1"
    assert bundle.view.isFirstColumnSpanned(section_b.row(), QModelIndex())


def test_drop_mime_data_moves_across_sections_and_undo_redo(qtbot, bundle, bench):
    b_before, c_before = titles(bundle, "B"), titles(bundle, "C")
    castell = _item(bundle, "B", 1)
    model = bundle.model
    mime = model.mimeData([model.index_of_item(castell.id)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, model.index_of_section("C"))
    assert not model.canDropMimeData(mime, Qt.DropAction.CopyAction, 1, 0, model.index_of_section("C"))
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, model.index_of_section("C"))
    qtbot.waitUntil(lambda: titles(bundle, "C")[1:2] == [castell.title] and settled(bundle))
    assert labels(bundle, "C")[1] == ("C2", castell.title)
    assert titles(bundle, "B") == [b_before[0], b_before[2]]
    assert bundle.current_item().id == castell.id  # the moved item stays selected
    assert bench.undo_stack.undoText() == "Move B2 to C2"

    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: titles(bundle, "B") == b_before and settled(bundle))
    assert titles(bundle, "C") == c_before
    bench.undo_stack.redo()
    qtbot.waitUntil(lambda: titles(bundle, "C")[1:2] == [castell.title] and settled(bundle))
    assert _verified(qtbot, bench)


def test_drop_within_a_section_counts_the_item_leaving_its_place(qtbot, bundle):
    first, second, third = (i.title for i in bundle.model.tree.section("B").items)
    model = bundle.model
    mime = model.mimeData([model.index_of_item(_item(bundle, "B", 0).id)])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 2, 0, model.index_of_section("B"))  # before B3
    qtbot.waitUntil(lambda: titles(bundle, "B") == [second, first, third] and settled(bundle))


def test_a_real_drag_and_drop_event_reorders(qtbot, bundle, bench):
    model, view = bundle.model, bundle.view
    item = _item(bundle, "E", 0)
    target = view.visualRect(model.index_of_item(_item(bundle, "C", 1).id))
    mime = model.mimeData([model.index_of_item(item.id)])
    moved, dropped = drop(bundle, mime, QPoint(target.center().x(), target.top() + 1))  # above C2
    assert moved and dropped
    qtbot.waitUntil(lambda: titles(bundle, "C")[1:2] == [item.title] and settled(bundle))
    assert labels(bundle, "E") == []
    assert bench.undo_stack.count() == 1


def test_keyboard_moves_within_and_across_sections_and_undoes(qtbot, bundle, bench):
    b = titles(bundle, "B")
    brook = _item(bundle, "B", 2)
    _select(bundle, brook.id)
    qtbot.keyClick(bundle.view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: titles(bundle, "B") == [b[0], b[2], b[1]] and settled(bundle))
    assert bundle.current_item().id == brook.id
    qtbot.keyClick(bundle.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: titles(bundle, "B") == b and settled(bundle))
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(bundle.view, Qt.Key.Key_Down, shift_ctrl)  # to the start of section C
    qtbot.waitUntil(lambda: titles(bundle, "C")[:1] == [brook.title] and settled(bundle))
    qtbot.keyClick(bundle.view, Qt.Key.Key_Up, shift_ctrl)  # to the end of section B
    qtbot.waitUntil(lambda: titles(bundle, "B") == b and settled(bundle))
    assert bench.undo_stack.count() == 4
    for _ in range(4):
        bench.undo_stack.undo()
    qtbot.waitUntil(lambda: titles(bundle, "B") == b and settled(bundle))
    assert _verified(qtbot, bench)


def test_bwv_editor_round_trip_with_key_moments_then_undo(qtbot, bundle, bench):
    bwv2 = next(i for i in bundle.model.tree.section("C").items if i.exhibit_ref == "BWV-2")
    _select(bundle, bwv2.id)
    qtbot.keyClick(bundle.view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: bundle.editing.editor is not None and bundle.editing.editor.isVisible())
    editor = bundle.editing.editor
    assert editor.windowTitle() == "Edit C2" and editor.moments.table.rowCount() == 2
    editor.device_edit.clear()
    type_text(editor.device_edit, "Axon Body 4 — Zoë's spare")
    editor.moments.add_row("00:03:12", "Second blow, camera obscured")
    qtbot.mouseClick(editor.moments.remove_button, Qt.MouseButton.LeftButton)  # removes the row just added
    row = editor.moments.add_row("00:03:12", "Second blow, camera obscured")
    assert editor.moments.table.item(row, 0).text() == "00:03:12"
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible() and settled(bundle))
    got = query(qtbot, bench, lambda s: s.evidence.details(bwv2.id))
    assert got.device == "Axon Body 4 — Zoë's spare"
    assert got.key_moments[-1] == KeyMomentRecord(192, "Second blow, camera obscured")
    assert len(got.key_moments) == 3
    assert bundle.model.tree.item(bwv2.id).key_moments == 3

    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: bundle.model.tree.item(bwv2.id).key_moments == 2 and settled(bundle))
    assert query(qtbot, bench, lambda s: s.evidence.details(bwv2.id)).device.startswith("Axon Body 3")
    assert _verified(qtbot, bench)


def test_editor_shows_a_refusal_and_keeps_what_was_typed(qtbot, bundle, bench):
    bwv2 = next(i for i in bundle.model.tree.section("C").items if i.exhibit_ref == "BWV-2")
    bundle.editing.edit_item(bwv2)
    qtbot.waitUntil(lambda: bundle.editing.editor is not None and bundle.editing.editor.isVisible())
    editor = bundle.editing.editor
    editor.moments.add_row("01:00:00", "Well after the end")
    editor.submit()
    qtbot.waitUntil(lambda: editor.error_label.text() != "")
    assert editor.error_label.text() == "Key moment 3: 01:00:00 is after the recording ends (00:12:32 long)"
    assert editor.isVisible() and editor.moments.table.rowCount() == 3
    editor.moments.table.item(2, 0).setText("3 minutes")
    editor.submit()
    assert editor.error_label.text() == "Key moment 3: “3 minutes” is not a time as hh:mm:ss"
    assert bench.undo_stack.count() == 0
    editor.reject()


def test_new_statement_from_the_toolbar_then_undo(qtbot, bundle, bench):
    bundle.new_statement_action.trigger()
    editor = bundle.editing.editor
    assert editor.isVisible() and editor.windowTitle() == "New statement"
    type_text(editor.title_edit, "Statement of Siân Ó Dálaigh")
    type_text(editor.author_edit, "Siân Ó Dálaigh")
    type_text(editor.notes_edit, "I was waiting at the bus stop.")
    editor.submit()
    qtbot.waitUntil(lambda: len(titles(bundle, "B")) == 4 and settled(bundle))
    assert labels(bundle, "B")[3] == ("B4", "Statement of Siân Ó Dálaigh")
    assert bundle.current_item().label == "B4"
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: len(titles(bundle, "B")) == 3 and settled(bundle))
    bench.undo_stack.redo()
    qtbot.waitUntil(lambda: len(titles(bundle, "B")) == 4 and settled(bundle))
    assert _verified(qtbot, bench)


def test_new_vetting_history_editor_round_trip(qtbot, bundle, bench):
    bundle.new_vetting_action.trigger()
    editor = bundle.editing.editor
    editor.title_edit.setText("Vetting history — PC Brook")
    row = editor.vetting.add_row()
    decision = editor.vetting.table.cellWidget(row, 1)
    decision.setCurrentIndex(decision.findText("Withdrawn"))
    editor.vetting.table.cellWidget(row, 4).setText("Force Vetting Unit")
    editor.submit()
    qtbot.waitUntil(lambda: len(titles(bundle, "D")) == 3 and settled(bundle))
    item = _item(bundle, "D", 2)
    got = query(qtbot, bench, lambda s: s.evidence.details(item.id))
    assert [(v.decision.value, v.reviewer) for v in got.vetting] == [("withdrawn", "Force Vetting Unit")]


def test_copy_citation_for_a_moment_and_for_a_page(qtbot, bundle, bench):
    bwv2 = next(i for i in bundle.model.tree.section("C").items if i.exhibit_ref == "BWV-2")
    _select(bundle, bwv2.id)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(bundle.view, Qt.Key.Key_C, shift_ctrl)
    qtbot.waitUntil(lambda: bundle.cite_dialog is not None and bundle.cite_dialog.isVisible())
    choices = bundle.cite_dialog.list
    texts = [choices.item(n).text() for n in range(choices.count())]
    assert texts[0] == "The whole item (C2)" and texts[1].startswith("At 00:02:25 — Audio")
    qtbot.keyClick(choices, Qt.Key.Key_Return)  # the first moment is highlighted
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "[BWV-2 00:02:25]")

    bundle.cite(_item(bundle, "C", 0).id, at_seconds=192)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "[BWV-1 00:03:12]")
    bundle.activateWindow()  # shortcuts work in the active window; the dialog has just closed
    qtbot.waitUntil(lambda: QApplication.activeWindow() is bundle)
    _select(bundle, _item(bundle, "B", 1).id)
    qtbot.keyClick(bundle.view, Qt.Key.Key_C, shift_ctrl)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "[B2]")
    bench.clipboard.clear_ours()
    assert QGuiApplication.clipboard().text() == ""


def test_copy_citation_without_an_exhibit_reference_uses_the_bundle_page(qtbot, bundle, bench):
    cctv = next(i for i in bundle.model.tree.section("C").items if i.exhibit_ref == "CCTV-1")
    details = query(qtbot, bench, lambda s: s.evidence.details(cctv.id))
    changed = details.media().__class__(**{**details.media().__dict__, "exhibit_ref": ""})
    query(qtbot, bench, lambda s: s.evidence.update_media(cctv.id, changed))
    bundle.cite(cctv.id, at_seconds=192)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "[C3 00:03:12]")


def test_delete_asks_then_removes_and_undo_puts_it_back(qtbot, bundle, bench):
    penrose = _item(bundle, "B", 0)
    _select(bundle, penrose.id)
    qtbot.keyClick(bundle.view, Qt.Key.Key_Delete)
    box = bundle.confirm_box
    assert box is not None and box.isVisible() and "Remove B1" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    assert bench.undo_stack.count() == 0
    qtbot.keyClick(bundle.view, Qt.Key.Key_Delete)
    qtbot.mouseClick(bundle.confirm_box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(titles(bundle, "B")) == 2 and settled(bundle))
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: titles(bundle, "B")[:1] == [penrose.title] and settled(bundle))
    assert bundle.model.tree.item(penrose.id) == penrose
    assert _verified(qtbot, bench)


def test_a_cited_item_cannot_be_removed(qtbot, bundle, bench):
    failures = []
    bench.ops.failed.connect(failures.append)
    _select(bundle, _item(bundle, "B", 1).id)  # Ms Castell's statement is cited by a finding
    bundle.remove_action.trigger()
    bundle.confirm_box.accept()
    qtbot.waitUntil(lambda: bool(failures))
    assert failures == ["Item B2: a finding cites it; remove that citation first"]
    assert bench.undo_stack.count() == 0 and len(titles(bundle, "B")) == 3


def test_section_title_edited_in_place_and_new_section(qtbot, bundle, bench):
    index = bundle.model.index_of_section("B")
    bundle.view.setCurrentIndex(index)
    bundle.view.setFocus()
    qtbot.keyClick(bundle.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Witness statements"
    editor.selectAll()
    type_text(editor, "Statements — witnesses")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bundle.model.tree.section("B").title == "Statements — witnesses" and settled(bundle))

    bundle.new_section_action.trigger()
    qtbot.waitUntil(lambda: bundle.model.tree.section("F") is not None and settled(bundle))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)  # the new section's title is being edited
    type_text(editor, "Late evidence")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bundle.model.tree.section("F").title == "Late evidence" and settled(bundle))
    assert bench.undo_stack.count() == 3
    for _ in range(3):
        bench.undo_stack.undo()
    qtbot.waitUntil(lambda: bundle.model.tree.section("F") is None and settled(bundle))
    assert bundle.model.tree.section("B").title == "Witness statements"
    assert _verified(qtbot, bench)


def test_link_allegations_with_the_keyboard(qtbot, bundle, bench):
    brook = _item(bundle, "B", 2)
    _select(bundle, brook.id)
    qtbot.keyClick(bundle.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bundle.editing.links_dialog is not None and bundle.editing.links_dialog.isVisible())
    dialog = bundle.editing.links_dialog
    assert dialog.checked_ids() and dialog.list.count() == 3
    dialog.list.setFocus()
    dialog.list.setCurrentRow(2)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Space)  # untick allegation 3
    dialog.submit()
    qtbot.waitUntil(lambda: bundle.model.tree.item(brook.id).allegations == ("1", "2") and settled(bundle))
    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: bundle.model.tree.item(brook.id).allegations == ("1", "2", "3") and settled(bundle))


def test_enter_opens_a_file_in_the_reader_and_edits_a_typed_item(qtbot, bundle, bench):
    castell = _item(bundle, "B", 1)
    _select(bundle, castell.id)
    with qtbot.waitSignal(bench.evidence_open_requested) as opened:
        qtbot.keyClick(bundle.view, Qt.Key.Key_Return)
    assert opened.args == [castell.id, 0]
    _select(bundle, _item(bundle, "D", 1).id)  # the vetting history has no file
    qtbot.keyClick(bundle.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bundle.editing.editor is not None and bundle.editing.editor.isVisible())
    assert bundle.editing.editor.vetting.table.rowCount() == 3


def test_clear_forgets_everything_and_view_state_comes_back(qtbot, bundle, bench):
    brook = _item(bundle, "B", 2)
    _select(bundle, brook.id)
    bundle.view.collapse(bundle.model.index_of_section("E"))
    state = bundle.view_state()
    assert state == {"item_id": brook.id, "section": "B", "collapsed": ["E"]}
    bundle.clear()
    assert bundle.model.rowCount() == 0
    bundle.restore_view_state(state)
    bundle.refresh()
    qtbot.waitUntil(lambda: bundle.model.rowCount() == 5 and settled(bundle))
    assert bundle.current_item().id == brook.id
    assert not bundle.view.isExpanded(bundle.model.index_of_section("E"))


def test_in_the_main_window_a_keyboard_move_is_undone_with_ctrl_z(qtbot, opened):
    window = opened
    case_id = query(qtbot, window.bench, lambda s: s.case_id("DEMO-001"))
    window.bench.set_case(case_id)
    window.show_area(window.bundle)
    widget = window.bundle
    qtbot.waitUntil(lambda: widget.model.rowCount() == 5 and settled(widget), timeout=10_000)
    b = titles(widget, "B")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _select(widget, _item(widget, "B", 0).id)
    qtbot.keyClick(widget.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: titles(widget, "B") == [b[1], b[0], b[2]] and settled(widget))
    qtbot.keyClick(widget.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: titles(widget, "B") == b and settled(widget))
    qtbot.keyClick(widget.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: titles(widget, "B") == [b[1], b[0], b[2]] and settled(widget))
