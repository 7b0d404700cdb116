"""Every screen's Alt+letter means one thing: the menu bar, the area tabs and the current tab's buttons,
labels and boxes never share a mnemonic (Qt would cycle between them, and the user gets the wrong one)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenu, QTabBar, QWidget

pytestmark = [pytest.mark.gui, pytest.mark.db]


def _key(text: str) -> str:
    return QKeySequence.mnemonic(text).toString()


def mnemonics(window) -> dict[str, list[str]]:
    """Alt+key -> what it names, over what is on screen now (visible widgets; enabled or not, since a
    disabled button is enabled by a selection without the screen changing)."""
    found: dict[str, list[str]] = defaultdict(list)
    bar = window.menuBar() if hasattr(window, "menuBar") else None
    for action in bar.actions() if bar is not None else ():
        if action.isVisible() and _key(action.text()):
            found[_key(action.text())].append(f"menu {action.text()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i) and _key(widget.tabText(i)):
                    found[_key(widget.tabText(i))].append(f"tab {widget.tabText(i)}")
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        if _key(text):
            found[_key(text)].append(f"{type(widget).__name__} {text}")
    return found


def clashes(window) -> dict[str, list[str]]:
    return {k: v for k, v in mnemonics(window).items() if len(v) > 1}


def _walk(qtbot, window):
    """Each tab in turn, with the demo case shown: tab title -> its clashes."""
    qtbot.waitUntil(lambda: not window.ops.worker.busy, timeout=10_000)
    found = {}
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda: not window.ops.worker.busy, timeout=10_000)
        found[window.tabs.tabText(i)] = clashes(window)
    return found


def test_no_screen_has_two_things_on_one_alt_key(qtbot, opened):
    found = _walk(qtbot, opened)
    assert len(found) == 10 and min(len(mnemonics(opened)), 15) == 15  # menus + tabs at least
    found.pop("De&liberation")  # its widget belongs to the decision work: the test below
    assert {tab: c for tab, c in found.items() if c} == {}


def test_the_deliberation_tab_has_its_own_letters(qtbot, opened):
    assert _walk(qtbot, opened)["De&liberation"] == {}


def test_each_menu_has_its_own_letters(opened):
    for action in opened.menuBar().actions():
        menu = action.menu()
        assert isinstance(menu, QMenu)
        keys = [_key(a.text()) for a in menu.actions() if not a.isSeparator() and _key(a.text())]
        assert len(keys) == len(set(keys)), (action.text(), keys)


def _dialogs(qtbot):
    from panelapp.domain.vocabulary import EvidenceKind
    from panelapp.ui.allegation_dialogs import AllegationDialog
    from panelapp.ui.case_dialogs import CaseDialog
    from panelapp.ui.evidence_editors import EvidenceEditorDialog, blank
    from panelapp.ui.import_dialog import ImportDialog
    from panelapp.ui.new_store_dialog import NewStoreDialog
    from panelapp.ui.people_dialogs import OfficerDialog, PanelMemberDialog, WarningDialog

    made = [CaseDialog(), OfficerDialog(), WarningDialog(), PanelMemberDialog(), AllegationDialog(),
            NewStoreDialog(), ImportDialog([("A", "Case papers")]),
            *(EvidenceEditorDialog(blank(kind), "", None) for kind in (
                EvidenceKind.WITNESS_STATEMENT, EvidenceKind.BODY_WORN_VIDEO, EvidenceKind.VETTING_RECORD))]
    for dialog in made:
        qtbot.addWidget(dialog)
    return made


def test_each_dialog_has_its_own_letters(qtbot):
    found = {}
    for dialog in _dialogs(qtbot):
        dialog.show()
        found[dialog.windowTitle() or type(dialog).__name__] = clashes(dialog)
        dialog.close()
    assert {title: c for title, c in found.items() if c} == {}
