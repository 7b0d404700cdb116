"""Ctrl+Z / Ctrl+Shift+Z with the focus in a text box: the box's typing first, then the window's undo stack."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.bundle_helpers import query, settled, titles

pytestmark = [pytest.mark.gui, pytest.mark.db]
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def moved(qtbot, opened):
    """The main window on the Bundle tab after one undoable edit (B1 moved down with Ctrl+Down)."""
    window = opened
    window.bench.set_case(query(qtbot, window.bench, lambda s: s.case_id("DEMO-001")))
    window.show_area(window.bundle)
    bundle = window.bundle
    qtbot.waitUntil(lambda: bundle.model.rowCount() == 5 and settled(bundle), timeout=10_000)
    before = titles(bundle, "B")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    bundle.select_item(bundle.model.tree.section("B").items[0].id)
    bundle.view.setFocus()
    qtbot.keyClick(bundle.view, Qt.Key.Key_Down, CTRL)
    qtbot.waitUntil(lambda: titles(bundle, "B") == [before[1], before[0], before[2]] and settled(bundle))
    return window, before


def _boxes(window):
    return {"case filter": window.case_list.filter_edit, "search box": window.search.query_edit,
            "find box": window.viewer.find_edit}


@pytest.mark.parametrize("box", ["case filter", "search box", "find box"])
def test_ctrl_z_in_an_empty_text_box_undoes_the_last_edit(qtbot, moved, box):
    window, before = moved
    edit = _boxes(window)[box]
    if box == "find box":  # a PDF open in the reader
        window.bench.open_evidence(window.bundle.model.tree.section("B").items[1].id)
        qtbot.waitUntil(edit.isEnabled, timeout=10_000)
    window.show_area(window.viewer if box == "find box" else window.search if box == "search box" else window.bundle)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: titles(window.bundle, "B") == before and settled(window.bundle))
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: titles(window.bundle, "B") == [before[1], before[0], before[2]] and settled(window.bundle))


def test_typing_in_the_box_is_undone_first_then_the_window(qtbot, moved):
    window, before = moved
    edit = window.case_list.filter_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "zzz")
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)  # the box's own typing
    assert edit.text() == "" and window.bench.undo_stack.index() == 1
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL | SHIFT)  # and its own redo
    assert edit.text() == "zzz" and window.bench.undo_stack.index() == 1
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    assert edit.text() == ""
    qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)  # nothing left in the box: the last edit to the store
    qtbot.waitUntil(lambda: titles(window.bundle, "B") == before and settled(window.bundle))
    assert window.bench.undo_stack.index() == 0
