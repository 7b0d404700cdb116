"""WelcomeWidget (placeholder until the start screen is built): recent stores, new, open, demo."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from panelapp.ui.settings import AppSettings


class WelcomeWidget(QWidget):
    new_store_requested = Signal()
    open_store_requested = Signal(str)  # a path, or "" to choose one
    open_demo_requested = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        layout = QVBoxLayout(self)
        for text, signal in (("New store…", self.new_store_requested), ("Open demo", self.open_demo_requested)):
            button = QPushButton(text)
            button.clicked.connect(signal)
            layout.addWidget(button)
        self.open_button = QPushButton("Open store…")
        self.open_button.clicked.connect(lambda: self.open_store_requested.emit(""))
        layout.addWidget(self.open_button)

    def refresh(self) -> None:
        """Re-read the recent stores."""
