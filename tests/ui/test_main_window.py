"""The first desktop window, driven like a user would over a real encrypted store."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from panelapp.models.store import Store
from panelapp.services.panel_services import PanelServices
from panelapp.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.gui


def type_text(widget, text):
    """Type any text, non-ASCII included (qtbot.keyClicks aborts on non-ASCII; see TRAPS.md)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def unlock(qtbot, window, path, passphrase):
    window.start(str(path))
    type_text(window.unlock_widget.passphrase_edit, passphrase)
    qtbot.mouseClick(window.unlock_widget.unlock_button, Qt.MouseButton.LeftButton)


def test_wrong_passphrase_is_explained_and_forgotten(qtbot, window, demo_store):
    unlock(qtbot, window, demo_store, "wrong passphrase")
    qtbot.waitUntil(lambda: window.unlock_widget.error_label.text() != "", timeout=10_000)
    assert "wrong passphrase, or" in window.unlock_widget.error_label.text()
    assert window.unlock_widget.passphrase_edit.text() == ""
    assert window.unlock_widget.unlock_button.isEnabled()
    assert window.pages.currentWidget() is window.unlock_widget
    assert not window.is_unlocked


def test_unlock_lists_cases_and_evidence_then_ctrl_l_locks(qtbot, qtmodeltester, window, demo_store):
    with qtbot.waitSignal(window.store_opened, timeout=10_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)
    cases = window.cases_widget.case_model
    evidence = window.cases_widget.evidence_model
    qtbot.waitUntil(lambda: evidence.rowCount() == 11, timeout=10_000)
    assert window.pages.currentWidget() is window.cases_widget
    assert cases.data(cases.index(0, 0)) == "DEMO-001"
    assert cases.data(cases.index(0, 1)) == "PC Owen Hartley"
    assert cases.data(cases.index(0, 2)) == "Misconduct hearing"
    rows = [[evidence.data(evidence.index(r, c)) for c in range(3)] for r in range(evidence.rowCount())]
    assert rows[0] == ["A1", "Document", "Regulation 30 notice and allegations"]
    assert ["C1", "Body-worn video", "BWV — PC Hartley's camera"] in rows
    assert evidence.data(evidence.index(5, 5)) == "4 key moments"
    assert evidence.data(evidence.index(9, 5)) == "3 vetting entries"
    assert "Evidence — DEMO-001" in window.cases_widget.evidence_title.text()
    qtmodeltester.check(cases)
    qtmodeltester.check(evidence)
    assert "Hartley" not in window.windowTitle() and "demo" not in window.windowTitle()

    with qtbot.waitSignal(window.store_locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.unlock_widget
    assert cases.rowCount() == 0 and evidence.rowCount() == 0
    assert window.windowTitle() == "panelapp — locked"
    assert not window.is_unlocked
    Store.open(demo_store, PASSPHRASE).close()  # the store really is closed and unlocked for others


def test_store_in_use_is_explained(qtbot, window, demo_store):
    with PanelServices.open(demo_store, PASSPHRASE):
        unlock(qtbot, window, demo_store, PASSPHRASE)
        qtbot.waitUntil(lambda: window.unlock_widget.error_label.text() != "", timeout=10_000)
    assert "in use by another panelapp window or process" in window.unlock_widget.error_label.text()


def test_not_a_store_is_explained(qtbot, window, tmp_path):
    bogus = tmp_path / "notes.panel"
    bogus.write_text("just some notes\n")
    unlock(qtbot, window, bogus, "whatever")
    qtbot.waitUntil(lambda: window.unlock_widget.error_label.text() != "", timeout=10_000)
    assert window.unlock_widget.error_label.text() == "notes.panel is a text file, not a panelapp store"


def test_empty_passphrase_is_caught_before_any_work(qtbot, window, demo_store):
    window.start(str(demo_store))
    qtbot.mouseClick(window.unlock_widget.unlock_button, Qt.MouseButton.LeftButton)
    assert window.unlock_widget.error_label.text() == "Type the store's passphrase."
    assert not window.worker.busy


def test_non_ascii_passphrase_typed_in_the_dialog(qtbot, window, tmp_path):
    path = tmp_path / "zoe.panel"
    PanelServices.create(path, "Zoë – clé secrète").close()
    with qtbot.waitSignal(window.store_opened, timeout=10_000):
        unlock(qtbot, window, path, "Zoë – clé secrète")
    assert window.is_unlocked


def test_an_older_copy_of_the_store_is_announced(qtbot, window, demo_store, tmp_path):
    """The rollback anchor reaches the window: opening a store older than this computer last saw warns."""
    import shutil

    older = tmp_path / "older"
    shutil.copyfile(demo_store, older)
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        services.backup(tmp_path / "b.panel")  # one more audit entry: the anchor moves past the copy
    shutil.copyfile(older, demo_store)
    with qtbot.waitSignal(window.store_opened, timeout=10_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)
    assert window.rollback_box is not None and window.rollback_box.isVisible()
    assert "older than what this computer last saw" in window.rollback_box.text()
    window.rollback_box.accept()
