"""The first desktop window, driven like a user would over a real encrypted store."""

import pytest
from PySide6.QtCore import Qt

from panelapp.models.store import Store
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock

pytestmark = pytest.mark.gui


def test_wrong_passphrase_is_explained_and_forgotten(qtbot, window, demo_store):
    unlock(qtbot, window, demo_store, "wrong passphrase")
    qtbot.waitUntil(lambda: window.unlock_widget.error_label.text() != "", timeout=10_000)
    first, then = window.unlock_widget.error_label.text().split("\n\n")
    assert first == f"Wrong passphrase for {demo_store.name}. Check it (and Caps Lock) and try again."
    assert "damaged" not in first and "damaged" in then  # the likely cause alone, damage only after it
    assert window.unlock_widget.passphrase_edit.text() == ""
    assert window.unlock_widget.unlock_button.isEnabled()
    assert window.pages.currentWidget() is window.unlock_widget
    assert not window.is_unlocked


def test_unlock_shows_the_workspace_then_ctrl_l_locks(qtbot, window, demo_store):
    with qtbot.waitSignal(window.store_opened, timeout=10_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)
    assert window.pages.currentWidget() is window.workspace
    assert window.lock_action.isEnabled()
    assert "Hartley" not in window.windowTitle() and "demo" not in window.windowTitle()

    with qtbot.waitSignal(window.store_locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.unlock_widget
    assert window.windowTitle() == "panelapp — locked"
    assert not window.is_unlocked and not window.lock_action.isEnabled()
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
