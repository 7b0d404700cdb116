"""Composition root for the desktop app: QApplication → logging → main window → services (on unlock)."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from panelapp.ui.logs import install_excepthook, install_logging
from panelapp.ui.main_window import MainWindow
from panelapp.ui.resources import app_icon_path


def run_gui(store_path: str | None = None) -> int:
    # Everything this process creates from now on (logs and their rotations, settings, exports, Qt's own
    # files) is for this user only: the app handles special-category personal data.
    os.umask(0o077)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("panelapp")
    app.setOrganizationName("panelapp")
    app.setDesktopFileName("panelapp")
    icon = app_icon_path()
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    install_logging()
    window = MainWindow()

    def show_bug(message: str) -> None:
        QMessageBox.critical(window, "panelapp", message)

    install_excepthook(show_bug)
    window.start(store_path)
    window.show()
    return app.exec()
