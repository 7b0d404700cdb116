"""SettingsDialog (placeholder): the idle-lock minutes and the display name for the audit log."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from panelapp.ui.settings import AppSettings


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
