"""The first screen comes up without loading what only an open store needs (issue #11: import what the first
screen needs), and the workspace built later behaves as the one built with the window did.

Each start-up check runs in a fresh interpreter: what a module pulls in is only visible there.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock

pytestmark = pytest.mark.gui

STORE_STACK = ("sqlalchemy", "alembic", "sqlcipher3", "reportlab", "pikepdf", "pypdf", "pypdfium2", "jsonschema")
# the case's views and what only they, a dialog or a document preview need
LATER = ("panelapp.ui.workspace", "panelapp.ui.case_list_widget", "panelapp.ui.bundle_widget",
         "panelapp.ui.viewer_widget", "panelapp.ui.findings_widget", "panelapp.ui.new_store_dialog",
         "panelapp.ui.document_dialog", "PySide6.QtPdf", "PySide6.QtPrintSupport", "zxcvbn")

SHOWN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])

def shown():
    window = app.activeWindow() or next(w for w in app.topLevelWidgets() if w.isVisible())
    page = window.pages.currentWidget()
    print(type(page).__name__, ",".join(sorted(m for m in {names!r} if m in sys.modules)) or "-")
    window.close()
    app.quit()

QTimer.singleShot(0, shown)
{start}
"""


def _first_screen(start: str, tmp_path) -> tuple[str, set[str]]:
    """(the page shown, the watched modules loaded) when the event loop first runs after the window shows."""
    code = SHOWN.format(names=STORE_STACK + LATER, start=start)
    home = str(tmp_path)  # no recent stores, no settings: the first-run welcome screen
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": home, "XDG_CONFIG_HOME": home,
           "XDG_STATE_HOME": home, "XDG_DATA_HOME": home}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    page, loaded = done.stdout.split()
    return page, set() if loaded == "-" else set(loaded.split(","))


def test_panelapp_open_shows_the_welcome_screen_before_loading_the_store_stack(tmp_path):
    """`panelapp open` (the command a user starts) goes through the CLI module, which holds every command."""
    page, loaded = _first_screen('import panelapp.cli\nraise SystemExit(panelapp.cli.main(["open"]))', tmp_path)
    assert page == "WelcomeWidget"
    assert loaded == set()


def test_the_window_shows_the_welcome_screen_before_building_the_case_views(tmp_path):
    page, loaded = _first_screen("from panelapp.ui.main_window import MainWindow\n"
                                 "w = MainWindow()\nw.start(None)\nw.show()\napp.exec()", tmp_path)
    assert page == "WelcomeWidget"
    assert loaded == set()


def test_the_menus_on_the_first_screen_are_those_of_an_open_store(qtbot, window, demo_store):
    """Every menu item is there before unlocking (greyed out where it needs a store), as it always was."""
    def menus():
        return [(m.title(), [(a.text(), a.shortcut().toString()) for a in m.actions()])
                for m in (a.menu() for a in window.menuBar().actions())]

    window.start(None)
    before = menus()
    assert window.pages.count() == 2  # welcome and unlock: the workspace is not built for the first screen
    go = dict(before)["&Go"]
    assert [text for text, _ in go][:3] == ["&Cases", "&Overview", "&People"] and ("&Bundle", "Ctrl+4") in go

    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)
    assert menus() == before
    assert window.pages.currentWidget() is window.workspace and window.pages.count() == 3


def test_menu_items_reach_the_views_built_at_unlock(qtbot, opened):
    qtbot.keyClick(opened, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Go > Bundle
    assert opened.tabs.currentWidget() is opened.bundle
    qtbot.keyClick(opened, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)  # Go > Search
    assert opened.tabs.currentWidget() is opened.search

    qtbot.waitUntil(lambda: opened.overview.details is not None, timeout=10_000)
    opened.edit_case_action.trigger()  # Case > Edit case…
    dialog = opened.overview.dialog
    assert isinstance(dialog, QDialog) and dialog.isVisible() and dialog.windowTitle() == "Edit case"
    dialog.reject()


AHEAD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from panelapp.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
window = MainWindow()
window.start(None)
window.show()
busy = []
window.worker.busy_changed.connect(busy.append)

def poll():
    module = sys.modules.get("panelapp.services.panel_services")
    if module is None or not hasattr(module, "PanelServices"):  # not there, or still being imported
        QTimer.singleShot(20, poll)
        return
    print(type(window.pages.currentWidget()).__name__, "sqlalchemy" in sys.modules, busy)
    window.close()
    app.quit()

QTimer.singleShot(0, poll)
app.exec()
"""


def test_the_store_code_loads_while_the_first_screen_waits_for_the_user(tmp_path):
    """Unlocking then does not wait for SQLAlchemy and the rest; the screen never looks busy for it."""
    home = str(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": home, "XDG_CONFIG_HOME": home,
           "XDG_STATE_HOME": home, "XDG_DATA_HOME": home}
    done = subprocess.run([sys.executable, "-c", AHEAD], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["WelcomeWidget", "True", "[]"]
