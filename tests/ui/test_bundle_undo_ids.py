"""A typed item made in the app keeps its id through undo and redo, so later steps on the stack still name it.

An import in the app is a step on the stack like any other (undo takes its items out, redo puts them back
with their ids). A freed number is never handed out again (schema 0011), so an import from outside the stack
(the command line) between an undo and its redo takes a new one. Should a write from outside still put an item
at that number, a later step (a link, an edit) must never go to the other item.
"""


from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from tests.ui import bundle_helpers
from tests.ui.bundle_helpers import pdf_bytes, query, settled, titles
from tests.ui.conftest import type_text

pytestmark = [pytest.mark.gui, pytest.mark.db]
bench, bundle = bundle_helpers.bench, bundle_helpers.bundle  # the fixtures


def _new_statement(qtbot, bundle, title):
    bundle.new_statement_action.trigger()
    editor = bundle.editing.editor
    type_text(editor.title_edit, title)
    editor.submit()
    qtbot.waitUntil(lambda: title in titles(bundle, "B") and settled(bundle))
    return next(i for i in bundle.model.tree.section("B").items if i.title == title)


def _link_first_allegation_only(qtbot, bundle, item):
    bundle.select_item(item.id)
    bundle.link_action.trigger()
    qtbot.waitUntil(lambda: bundle.editing.links_dialog is not None and bundle.editing.links_dialog.isVisible())
    dialog = bundle.editing.links_dialog
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.submit()
    qtbot.waitUntil(lambda: bundle.model.tree.item(item.id).allegations == ("1",) and settled(bundle))


def _import(qtbot, bundle, path):
    before = len(titles(bundle, "E"))
    run = bundle.start_import([str(path)], "E")
    qtbot.waitUntil(lambda: run.results_dialog is not None, timeout=15_000)
    run.results_dialog.reject()
    qtbot.waitUntil(lambda: len(titles(bundle, "E")) == before + 1 and settled(bundle))
    return bundle.model.tree.section("E").items[-1]


def _import_outside(qtbot, bundle, bench, path):
    """The same import, but not through the window (as the command line would): no step on the stack."""
    case_id = bench.demo_case_id
    results = query(qtbot, bench, lambda s: s.evidence.import_files(case_id, [str(path)], "E"))
    bundle.refresh()
    qtbot.waitUntil(lambda: settled(bundle) and "custody-log" in titles(bundle, "E"))
    assert results is not None
    return bundle.model.tree.section("E").items[-1]


def _step(qtbot, bundle, bench, step):
    step()
    qtbot.waitUntil(lambda: settled(bundle))


def test_undo_and_redo_through_an_import_keep_every_id(qtbot, bundle, bench, tmp_path):
    statement = _new_statement(qtbot, bundle, "Statement of PC Ward")
    _link_first_allegation_only(qtbot, bundle, statement)
    path = tmp_path / "custody-log.pdf"
    path.write_bytes(pdf_bytes(1, "custody"))
    imported = _import(qtbot, bundle, path)  # takes the next id after the statement's; a step of its own
    assert imported.id > statement.id and bench.undo_stack.count() == 3

    for _ in range(3):
        _step(qtbot, bundle, bench, bench.undo_stack.undo)  # the import, the link, the statement
    assert bundle.model.tree.item(statement.id) is None and bundle.model.tree.item(imported.id) is None
    for _ in range(3):
        _step(qtbot, bundle, bench, bench.undo_stack.redo)
    back = bundle.model.tree.item(statement.id)
    assert back is not None and back.title == "Statement of PC Ward" and back.allegations == ("1",)
    again = bundle.model.tree.item(imported.id)
    assert again is not None and again.title == "custody-log" and again.allegations == ()
    assert bench.undo_stack.index() == bench.undo_stack.count() == 3
    assert query(qtbot, bench, lambda s: s.verify()).ok


def test_an_import_after_undo_is_a_new_step_and_drops_the_redo(qtbot, bundle, bench, tmp_path):
    statement = _new_statement(qtbot, bundle, "Statement of PC Ward")
    _link_first_allegation_only(qtbot, bundle, statement)
    _step(qtbot, bundle, bench, bench.undo_stack.undo)
    _step(qtbot, bundle, bench, bench.undo_stack.undo)
    path = tmp_path / "custody-log.pdf"
    path.write_bytes(pdf_bytes(1, "custody"))
    imported = _import(qtbot, bundle, path)
    assert imported.id > statement.id  # a freed number is never handed out again
    assert not bench.undo_stack.canRedo() and bench.undo_stack.undoText() == "Import 1 file"
    assert query(qtbot, bench, lambda s: s.verify()).ok


def _undone(qtbot, bundle, bench):
    """A statement made and linked, then both undone; returns (failure messages as they come, the statement)."""
    failures = []
    bench.ops.failed.connect(failures.append)
    statement = _new_statement(qtbot, bundle, "Statement of PC Ward")
    _link_first_allegation_only(qtbot, bundle, statement)
    _step(qtbot, bundle, bench, bench.undo_stack.undo)
    _step(qtbot, bundle, bench, bench.undo_stack.undo)
    return failures, statement


def _undone_then_taken(qtbot, bundle, bench, tmp_path):
    """As `_undone`, then an item put at the statement's freed number from outside the stack (imported, and
    put back at that number as another copy's undo would); returns (failures, the statement, that item)."""
    failures, statement = _undone(qtbot, bundle, bench)
    path = tmp_path / "custody-log.pdf"
    path.write_bytes(pdf_bytes(1, "custody"))
    imported = _import_outside(qtbot, bundle, bench, path)
    assert imported.id > statement.id  # an import alone no longer takes it

    def put_at_freed_number(s):
        snapshot = s.evidence.remove_item(imported.id).value
        return s.evidence.restore_item(dataclasses.replace(snapshot, id=statement.id))

    assert query(qtbot, bench, put_at_freed_number) is not None
    bundle.refresh()
    qtbot.waitUntil(lambda: settled(bundle) and bundle.model.tree.item(statement.id) is not None)
    return failures, statement, bundle.model.tree.item(statement.id)


def test_an_import_from_outside_between_undo_and_redo_leaves_the_redo_whole(qtbot, bundle, bench, tmp_path):
    failures, statement = _undone(qtbot, bundle, bench)
    path = tmp_path / "custody-log.pdf"
    path.write_bytes(pdf_bytes(1, "custody"))
    imported = _import_outside(qtbot, bundle, bench, path)
    assert imported.id > statement.id
    _step(qtbot, bundle, bench, bench.undo_stack.redo)
    _step(qtbot, bundle, bench, bench.undo_stack.redo)
    back = bundle.model.tree.item(statement.id)
    assert back is not None and back.title == "Statement of PC Ward" and back.allegations == ("1",)
    assert bundle.model.tree.item(imported.id).allegations == ()
    assert failures == [] and bench.undo_stack.index() == bench.undo_stack.count() == 2
    assert query(qtbot, bench, lambda s: s.verify()).ok


def test_an_import_that_took_the_id_stops_the_redo_and_the_steps_after_it(qtbot, bundle, bench, tmp_path):
    failures, statement, imported = _undone_then_taken(qtbot, bundle, bench, tmp_path)
    assert imported.id == statement.id and imported.title == "custody-log"

    bench.undo_stack.redo()  # Ctrl+Shift+Z twice, quickly: both are on their way before the first fails
    bench.undo_stack.redo()
    qtbot.waitUntil(lambda: settled(bundle))
    assert bench.undo_stack.count() == 0  # both steps left the stack
    assert bundle.model.tree.item(imported.id).allegations == ()  # the link did not land on the import
    assert bundle.model.tree.item(imported.id).title == "custody-log"
    assert "Statement of PC Ward" not in titles(bundle, "B")
    assert failures == ["Could not redo “New witness statement”: Item: its number is in use again; it cannot be "
                        "put back"]  # one message: the link's step was skipped behind it


def test_a_redo_that_fails_drops_the_steps_after_it(qtbot, bundle, bench, tmp_path):
    failures, _statement, imported = _undone_then_taken(qtbot, bundle, bench, tmp_path)

    _step(qtbot, bundle, bench, bench.undo_stack.redo)  # one step, then a look at the Edit menu
    assert not bench.undo_stack.canRedo() and not bench.undo_stack.canUndo()
    assert failures == ["Could not redo “New witness statement”: Item: its number is in use again; it cannot be "
                        "put back; the steps after it cannot be redone either"]
    assert bundle.model.tree.item(imported.id).allegations == ()
    assert query(qtbot, bench, lambda s: s.verify()).ok
    assert query(qtbot, bench, lambda s: s.verify()).ok
