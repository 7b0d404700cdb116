"""FindingsWidget (placeholder until its area is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from panelapp.domain.changes import Area
from panelapp.ui.workbench import AreaWidget, Workbench


class FindingsWidget(AreaWidget):
    areas = frozenset({Area.DECISION})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        QVBoxLayout(self).addWidget(QLabel("Not built yet."))
