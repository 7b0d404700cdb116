"""Shared GUI fixtures: a real main window over real encrypted stores, settings in tmp_path.

`type_text` types any text (qtbot.keyClicks aborts on non-ASCII; see TRAPS.md). `unlock` drives the
unlock form like a user. Settings never touch the real user's QSettings; the demo store lives in tmp_path.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from panelapp.ui import main_window as main_window_module
from panelapp.ui.main_window import MainWindow
from panelapp.ui.settings import AppSettings
from tests.conftest import PASSPHRASE


def type_text(widget, text):
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def app_settings(tmp_path):
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, app_settings, tmp_path, monkeypatch):
    monkeypatch.setattr(main_window_module, "demo_store_path", lambda: tmp_path / "demo-app" / "demo.panel")
    w = MainWindow(settings=app_settings)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def unlock(qtbot, window, path, passphrase):
    window.start(str(path))
    type_text(window.unlock_widget.passphrase_edit, passphrase)
    qtbot.mouseClick(window.unlock_widget.unlock_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def opened(qtbot, window, demo_store):
    """The main window with the demo store unlocked and its case selected."""
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)
    return window
