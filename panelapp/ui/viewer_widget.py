"""ViewerWidget (placeholder until its area is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from panelapp.domain.changes import Area
from panelapp.ui.workbench import AreaWidget, Workbench


class ViewerWidget(AreaWidget):
    areas = frozenset({Area.NOTES})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        QVBoxLayout(self).addWidget(QLabel("Not built yet."))

    def open_evidence(self, evidence_id: int, page: int = 0) -> None:
        """Show one item (a PDF at `page`, an image, or a typed item's details)."""
