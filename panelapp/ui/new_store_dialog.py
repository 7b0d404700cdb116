"""NewStoreDialog (placeholder): where to create the store and its passphrase, typed twice."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget


class NewStoreDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New store")

    def path(self) -> str:
        return ""

    def passphrase(self) -> str:
        return ""
