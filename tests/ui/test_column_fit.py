"""At 1280×800 the tables fit their width: no sideways scrolling, the particulars keep a real share, and a
cut cell's tooltip holds its whole text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from panelapp.ui.column_fit import capped

pytestmark = [pytest.mark.gui, pytest.mark.db]


def test_capped_cuts_only_the_widest():
    assert capped([50, 100, 300], 500) == [50, 100, 300]
    assert capped([50, 100, 300, 400], 500) == [50, 100, 175, 175]
    assert capped([200, 200], 100) == [50, 50]
    assert capped([300, 300], 20) == [48, 48]  # never below the floor


def _fits(view):
    header = view.horizontalHeader()
    return header.length() <= view.viewport().width() and not view.horizontalScrollBar().isVisible()


def test_people_and_allegations_fit_at_1280_by_800(qtbot, opened):
    window = opened
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: not window.ops.worker.busy, timeout=10_000)
    window.show_area(window.people)
    people = window.people
    qtbot.waitUntil(lambda: people.officer_model.rowCount() > 0 and people.panel_model.rowCount() == 4,
                    timeout=10_000)
    for view in (people.officer_table, people.warning_table, people.panel_table):
        qtbot.waitUntil(lambda v=view: _fits(v), timeout=5_000)
    last = people.panel_table.horizontalHeader()
    assert last.sectionSize(2) >= 60  # the rules column ("Needed") is readable
    role = people.panel_model.index(0, 0)
    assert role.data(Qt.ItemDataRole.ToolTipRole) == "Chair (chief officer or delegate)"

    window.show_area(window.allegations)
    allegations = window.allegations
    qtbot.waitUntil(lambda: allegations.model.rowCount() == 3, timeout=10_000)
    table = allegations.table
    qtbot.waitUntil(lambda: _fits(table), timeout=5_000)
    assert table.horizontalHeader().sectionSize(1) >= 0.4 * table.viewport().width()  # the particulars
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(5) >= 220, timeout=5_000)  # room: incident whole
