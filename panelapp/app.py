"""Composition root for the desktop app: QApplication → main window → services (opened on unlock)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from panelapp.ui.main_window import MainWindow


def run_gui(store_path: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("panelapp")
    app.setOrganizationName("panelapp")
    window = MainWindow()
    window.start(store_path)
    window.show()
    return app.exec()
