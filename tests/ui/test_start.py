"""Start: the welcome screen, a new store, unlocking (with the Caps Lock hint), settings; driven like a user
over real widgets and real encrypted stores."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from panelapp.services.panel_services import PanelServices
from panelapp.ui import main_window as main_window_module
from panelapp.ui.new_store_dialog import NewStoreDialog
from panelapp.ui.settings_dialog import SettingsDialog
from panelapp.ui.unlock_widget import UnlockWidget
from panelapp.ui.welcome_widget import FOUND_ROLE, PATH_ROLE, WelcomeWidget
from tests.conftest import PASSPHRASE
from tests.ui.conftest import type_text

pytestmark = [pytest.mark.gui, pytest.mark.db]

STRONG = "lantern orchard velvet tundra"


def press(widget, key, text="", modifiers=Qt.KeyboardModifier.NoModifier):
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))


def run_modal(action, interact):
    """Run `interact(dialog)` once the modal dialog `action` opens is up; never blocks the suite."""
    def poke():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            interact(dialog)
        else:
            QTimer.singleShot(10, poke)
    QTimer.singleShot(0, poke)
    action()


# --- the welcome screen ------------------------------------------------------------------------------------
@pytest.fixture
def recent(app_settings, tmp_path):
    """Three recent stores, the oldest no longer where it was."""
    (tmp_path / "hearings").mkdir()
    found = [tmp_path / "hearings" / "a.panel", tmp_path / "hearings" / "b.panel"]
    for path in found:
        path.write_bytes(b"stand-in")
    missing = tmp_path / "usb" / "gone.panel"
    for path in (missing, found[1], found[0]):
        app_settings.remember_store(str(path))
    return found, missing


def test_welcome_lists_recent_stores_and_greys_a_missing_one(qtbot, qtmodeltester, window, recent):
    (a, b), missing = recent
    window.start(None)
    welcome = window.welcome_widget
    assert window.pages.currentWidget() is welcome
    items = [welcome.recent_list.item(i) for i in range(welcome.recent_list.count())]
    assert [i.data(PATH_ROLE) for i in items] == [str(a), str(b), str(missing)]
    assert [i.data(FOUND_ROLE) for i in items] == [True, True, False]
    assert "not found" in items[2].toolTip()
    assert welcome.recent_list.accessibleName() == "Recent stores"
    qtmodeltester.check(welcome.recent_list.model())

    welcome.recent_list.setCurrentRow(2)
    assert not welcome.unlock_recent_button.isEnabled() and welcome.remove_button.isEnabled()
    welcome.recent_list.setFocus()
    press(welcome.recent_list, Qt.Key.Key_Return)  # a missing store cannot be opened: say so, stay here
    assert "was not found" in welcome.message_label.text()
    assert window.pages.currentWidget() is welcome

    press(welcome.recent_list, Qt.Key.Key_Delete)
    assert window.settings.recent_stores == [str(a), str(b)]
    assert welcome.recent_list.count() == 2
    assert "removed from the list" in welcome.message_label.text()
    assert missing.parent.exists() is False  # nothing was created or touched


def test_enter_on_a_recent_store_opens_its_unlock_form(qtbot, window, recent):
    (_a, b), _ = recent
    window.start(None)
    welcome = window.welcome_widget
    welcome.recent_list.setCurrentRow(1)
    with qtbot.waitSignal(welcome.open_store_requested) as blocker:
        press(welcome.recent_list, Qt.Key.Key_Return)
    assert blocker.args == [str(b)]
    assert window.pages.currentWidget() is window.unlock_widget
    assert window.unlock_widget.path_edit.text() == str(b)


def test_double_click_on_a_recent_store_opens_it(qtbot, window, recent):
    (a, _b), _ = recent
    window.start(None)
    view = window.welcome_widget.recent_list
    rect = view.visualItemRect(view.item(0))
    with qtbot.waitSignal(window.welcome_widget.open_store_requested) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [str(a)]


def test_the_welcome_screen_is_keyboard_complete(qtbot, app_settings, recent):
    welcome = WelcomeWidget(app_settings)
    qtbot.addWidget(welcome)
    welcome.show()
    order = [welcome.new_button]
    while len(order) < 6:  # what Tab visits: the focus chain, skipping what cannot take focus by Tab
        nxt = order[-1].nextInFocusChain()
        while not (nxt.isVisible() and nxt.isEnabled() and nxt.focusPolicy() & Qt.FocusPolicy.TabFocus):
            nxt = nxt.nextInFocusChain()
        order.append(nxt)
    assert order == [welcome.new_button, welcome.open_button, welcome.demo_button, welcome.recent_list,
                     welcome.unlock_recent_button, welcome.remove_button]
    with qtbot.waitSignal(welcome.open_store_requested) as blocker:
        qtbot.keyClick(welcome.open_button, Qt.Key.Key_Space)
    assert blocker.args == [""]
    with qtbot.waitSignal(welcome.new_store_requested):
        qtbot.keyClick(welcome.new_button, Qt.Key.Key_Space)


def test_with_no_recent_stores_it_says_what_to_do(qtbot, app_settings):
    welcome = WelcomeWidget(app_settings)
    qtbot.addWidget(welcome)
    welcome.show()
    assert welcome.empty_label.isVisible() and not welcome.recent_list.isVisible()
    assert "try the demo" in welcome.empty_label.text()


def test_open_demo_says_it_is_fictional_and_opens_it(qtbot, window):
    window.start(None)
    note = window.welcome_widget.demo_label.text()
    assert "fictional" in note and main_window_module.DEMO_PASSPHRASE in note
    with qtbot.waitSignal(window.store_opened, timeout=20_000):
        qtbot.mouseClick(window.welcome_widget.demo_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.workspace


# --- a new store -------------------------------------------------------------------------------------------
@pytest.fixture
def dialog(qtbot):
    d = NewStoreDialog()
    qtbot.addWidget(d)
    d.show()
    return d


def test_new_store_dialog_adds_the_suffix_and_refuses_an_existing_file(qtbot, dialog, tmp_path):
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "hearings"))
    assert dialog.path() == str(tmp_path / "hearings.panel")
    assert dialog.error_label.text().startswith("Passphrase:")  # the file is fine; next field

    (tmp_path / "taken.panel").write_bytes(b"someone's store")
    dialog.path_edit.setText(str(tmp_path / "taken"))
    assert dialog.error_label.text().startswith("File: taken.panel already exists")
    dialog.path_edit.setText(str(tmp_path / "no-such-folder" / "x.panel"))
    assert dialog.error_label.text().startswith("File: the folder")
    for folder_only in (str(tmp_path), f"{tmp_path}/", "/", ".."):
        dialog.path_edit.setText(folder_only)
        assert dialog.error_label.text() == "File: give the store a file name, not only a folder."
    assert not dialog.ok_button.isEnabled()


def test_new_store_dialog_meter_weak_then_strong(qtbot, dialog, tmp_path):
    dialog.path_edit.setText(str(tmp_path / "hearings.panel"))
    qtbot.keyClicks(dialog.passphrase_edit, "password123")
    assert dialog.meter.score < 3 and not dialog.strength.acceptable
    assert dialog.strength_label.text().startswith("Very weak")
    assert "common" in dialog.strength_label.text()  # zxcvbn's own feedback
    assert dialog.error_label.text() == "Passphrase: too easy to guess (very weak); it must be at least strong."
    assert not dialog.ok_button.isEnabled()

    dialog.passphrase_edit.clear()
    qtbot.keyClicks(dialog.passphrase_edit, STRONG)
    assert dialog.meter.score >= 3 and dialog.strength.acceptable
    assert dialog.error_label.text() == "Repeat: type the passphrase again."
    qtbot.keyClicks(dialog.repeat_edit, STRONG[:-1])
    assert dialog.error_label.text() == "Repeat: does not match the passphrase."
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.repeat_edit, STRONG[-1])
    assert dialog.ok_button.isEnabled()
    assert dialog.error_label.text() == f"Ready: creates hearings.panel in {tmp_path}."
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.passphrase() == STRONG


def test_the_file_name_makes_a_passphrase_weaker(qtbot, dialog, tmp_path):
    dialog.path_edit.setText(str(tmp_path / "westmidlands-2025"))
    dialog.passphrase_edit.setText("westmidlands2025!")
    assert not dialog.strength.acceptable


def test_show_passphrase_and_the_unrecoverable_warning(qtbot, dialog):
    assert dialog.passphrase_edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(dialog.show_check, Qt.MouseButton.LeftButton)
    assert dialog.passphrase_edit.echoMode() == dialog.repeat_edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(dialog.show_check, Qt.MouseButton.LeftButton)
    assert dialog.repeat_edit.echoMode() == QLineEdit.EchoMode.Password
    warning = dialog.warning_label.text()
    assert "cannot be recovered" in warning and "not even panelapp's developers" in warning
    assert dialog.warning_label.isVisible()


def test_accept_refuses_a_file_that_appeared_meanwhile(qtbot, dialog, tmp_path):
    dialog.path_edit.setText(str(tmp_path / "late.panel"))
    dialog.passphrase_edit.setText(STRONG)
    dialog.repeat_edit.setText(STRONG)
    assert dialog.ok_button.isEnabled()
    (tmp_path / "late.panel").write_bytes(b"x")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert "already exists" in dialog.error_label.text() and not dialog.ok_button.isEnabled()


def test_non_ascii_passphrase_typed_twice_matches(qtbot, dialog, tmp_path):
    dialog.path_edit.setText(str(tmp_path / "zoe.panel"))
    type_text(dialog.passphrase_edit, "Zoë’s clé de l’été, très secrète")
    type_text(dialog.repeat_edit, "Zoe\u0308’s clé de l’été, très secrète")  # the same, decomposed
    assert dialog.ok_button.isEnabled()


def test_journey_new_store_from_the_welcome_screen(qtbot, window, tmp_path):
    target = tmp_path / "hearings-2025"

    def fill(dialog):
        qtbot.keyClicks(dialog.path_edit, str(target))
        qtbot.keyClicks(dialog.passphrase_edit, STRONG)
        qtbot.keyClicks(dialog.repeat_edit, STRONG)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    window.start(None)
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        run_modal(lambda: qtbot.mouseClick(window.welcome_widget.new_button, Qt.MouseButton.LeftButton), fill)
    path = tmp_path / "hearings-2025.panel"
    assert window.pages.currentWidget() is window.workspace
    assert window.settings.recent_stores[0] == str(path)
    cases = []
    window.ops.run_query(lambda s: s.list_cases(), cases.append)
    qtbot.waitUntil(lambda: len(cases) == 1)
    assert cases == [[]]  # an empty store
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

    with qtbot.waitSignal(window.store_locked, timeout=10_000):
        window.lock()
    with PanelServices.open(path, STRONG) as services:
        assert services.list_cases() == [] and services.verify().ok


# --- unlocking: the Caps Lock hint -------------------------------------------------------------------------
@pytest.fixture
def unlock_form(qtbot):
    w = UnlockWidget()
    qtbot.addWidget(w)
    w.show()
    return w


def test_caps_lock_is_inferred_from_what_is_typed(qtbot, unlock_form):
    edit, label = unlock_form.passphrase_edit, unlock_form.caps_lock_label
    assert not label.isVisible() and unlock_form.caps_lock_on is None
    press(edit, Qt.Key.Key_1, "1")  # no letter: no evidence
    assert unlock_form.caps_lock_on is None
    press(edit, Qt.Key.Key_A, "A")  # upper case without Shift
    assert label.isVisible() and label.text().endswith("Caps Lock is on")
    press(edit, Qt.Key.Key_A, "a")  # lower case without Shift: it is off
    assert not label.isVisible() and unlock_form.caps_lock_on is False
    press(edit, Qt.Key.Key_A, "a", Qt.KeyboardModifier.ShiftModifier)  # Shift gives lower case: on
    assert label.isVisible()
    press(edit, Qt.Key.Key_B, "B", Qt.KeyboardModifier.ShiftModifier)  # Shift gives upper case: off
    assert not label.isVisible()
    press(edit, Qt.Key.Key_CapsLock)  # known off, Caps Lock pressed: now on
    assert label.isVisible()
    press(edit, Qt.Key.Key_A, "É")  # any script with two cases counts
    assert label.isVisible()
    assert edit.text() == "1AaaBÉ"  # the typing itself is untouched
    unlock_form.reset()
    assert not label.isVisible() and unlock_form.caps_lock_on is None


def test_caps_lock_hint_in_the_window_and_the_store_still_opens(qtbot, window, demo_store):
    window.start(str(demo_store))
    form = window.unlock_widget
    press(form.passphrase_edit, Qt.Key.Key_C, "C")
    assert form.caps_lock_label.isVisible()
    press(form.passphrase_edit, Qt.Key.Key_Backspace)
    type_text(form.passphrase_edit, PASSPHRASE)  # lower-case letters: off again
    assert not form.caps_lock_label.isVisible()
    with qtbot.waitSignal(window.store_opened, timeout=10_000):
        qtbot.keyClick(form.passphrase_edit, Qt.Key.Key_Return)


# --- settings ----------------------------------------------------------------------------------------------
def test_settings_dialog_writes_only_on_ok(qtbot, app_settings):
    app_settings.idle_minutes = 10
    dialog = SettingsDialog(app_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.idle_spin.value() == 10 and dialog.name_edit.text() == ""
    dialog.idle_spin.setValue(0)
    assert dialog.idle_spin.text() == "Off"
    qtbot.keyClicks(dialog.name_edit, "Jane Smith")
    assert dialog.preview_label.text().endswith("(Jane Smith)")
    dialog.reject()
    assert app_settings.idle_minutes == 10 and app_settings.display_name == ""

    dialog = SettingsDialog(app_settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.idle_spin.setValue(3)
    qtbot.keyClicks(dialog.name_edit, "  Jane Smith ")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert app_settings.idle_minutes == 3 and app_settings.display_name == "Jane Smith"
    assert all(w.accessibleName() for w in (dialog.idle_spin, dialog.name_edit))


def test_settings_from_the_menu_apply_to_the_open_store(qtbot, opened):
    window = opened

    def fill(dialog):
        assert isinstance(dialog, SettingsDialog)
        dialog.idle_spin.setValue(7)
        dialog.name_edit.setText("Jane Smith")
        dialog.accept()

    run_modal(window.settings_action.trigger, fill)
    assert window.idle_lock.minutes == 7 and window.idle_lock.active
    services = window.ops.services
    qtbot.waitUntil(lambda: services.store.display_name == "Jane Smith", timeout=5_000)


# --- the icon and the desktop entry ------------------------------------------------------------------------
def test_the_icon_is_found_and_renders(qtbot):
    from PySide6.QtGui import QIcon

    from panelapp.ui.resources import app_icon_path

    path = app_icon_path()
    assert path is not None and path.name == "panelapp.svg"
    image = QIcon(str(path)).pixmap(64, 64).toImage()
    assert not image.isNull() and image.width() == 64
    assert image.pixelColor(32, 32).alpha() == 255  # drawn, not a blank square


def test_the_desktop_entry_starts_the_app():
    import configparser
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(root / "resources" / "panelapp.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Terminal"] == "false"
    assert desktop["Icon"] == "panelapp" and (root / "resources" / "panelapp.svg").is_file()
    scripts = tomllib.loads((root / "pyproject.toml").read_text())["project"]["scripts"]
    assert desktop["Exec"].split()[0] in scripts
    assert desktop["StartupWMClass"] == "panelapp"  # app.setDesktopFileName("panelapp")
