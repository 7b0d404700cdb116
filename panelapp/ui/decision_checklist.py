"""The readiness checklist beside the draft: blocking problems (red) and warnings (amber), each a link.

Activating an item (click, Enter) asks for its field: `route_field` finds the decision screen that shows
that field (Findings, Outcome or Deliberation), brings its tab forward and puts the focus in the field.
Colour is never the only signal: every line starts with "Blocking" or "Warning" and carries an icon.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.decision_records import ReadinessItem

BLOCKING_COLOUR = QColor("#b3261e")  # 5.9:1 on white
WARNING_COLOUR = QColor("#8a4b00")  # amber dark enough to read (6.4:1 on white)
FIELD_ROLE = Qt.ItemDataRole.UserRole + 10
_Index = QModelIndex | QPersistentModelIndex


class ReadinessListModel(QAbstractListModel):
    """Blocking problems first, then warnings, in the engine's reading order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[ReadinessItem] = []

    def set_items(self, items: Sequence[ReadinessItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> ReadinessItem:
        return self._items[row]

    @property
    def items(self) -> list[ReadinessItem]:
        return list(self._items)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        kind = "Blocking" if item.blocking else "Warning"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{kind}: {item.message}"
        if role == Qt.ItemDataRole.ToolTipRole:
            where = "Activate to go to the field it concerns." if item.field else "Not a field of these screens."
            return f"{kind}: {item.message}\n{where}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return BLOCKING_COLOUR if item.blocking else WARNING_COLOUR
        if role == Qt.ItemDataRole.DecorationRole:
            pixmap = (QStyle.StandardPixmap.SP_MessageBoxCritical if item.blocking
                      else QStyle.StandardPixmap.SP_MessageBoxWarning)
            widget = self.parent()
            style = widget.style() if isinstance(widget, QWidget) else None
            return style.standardIcon(pixmap) if style is not None else None
        if role == FIELD_ROLE:
            return item.field
        return None


class ReadinessWidget(QWidget):
    """The checklist with a one-line summary; `field_requested(key)` when an item is activated."""

    field_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ReadinessListModel(self)
        self.title = QLabel("<b>Ready to issue?</b>")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("readinessSummary")
        self.view = QListView()
        self.view.setObjectName("readinessList")
        self.view.setAccessibleName("Readiness checklist")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setSpacing(2)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.activated.connect(self._on_view_activated)
        self.view.clicked.connect(self._on_view_activated)
        hint = QLabel("Click an item (or press Enter on it) to go to its field.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        self.setFocusProxy(self.view)

    def set_report(self, blocking: Sequence[ReadinessItem], warnings: Sequence[ReadinessItem]) -> None:
        self.model.set_items([*blocking, *warnings])
        if blocking:
            self.summary.setText(f"<span style='color:{BLOCKING_COLOUR.name()}'><b>Not ready:</b> "
                                 f"{len(blocking)} blocking problem{'s' if len(blocking) != 1 else ''}</span>"
                                 + (f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}." if warnings
                                    else "."))
        else:
            self.summary.setText("<b>Ready:</b> nothing blocks this decision" + (
                f"; {len(warnings)} warning{'s' if len(warnings) != 1 else ''} to look at." if warnings else "."))

    def clear(self) -> None:
        self.model.set_items([])
        self.summary.clear()

    def _on_view_activated(self, index: QModelIndex) -> None:
        key = index.data(FIELD_ROLE)
        if key:
            self.field_requested.emit(str(key))


def route_field(origin: QWidget, key: str) -> bool:
    """Show the field `key` wherever it lives in this window: the widget whose `handles_field(key)` is true
    has its tab brought forward and `focus_field(key)` called. False when no screen shows it."""
    for widget in origin.window().findChildren(QWidget):
        handles = getattr(widget, "handles_field", None)
        if handles is None or not handles(key):
            continue
        _bring_forward(widget)
        widget.focus_field(key)  # type: ignore[attr-defined]
        return True
    return False


def _bring_forward(widget: QWidget) -> None:
    child: QWidget | None = widget
    while child is not None:
        parent = child.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            assert isinstance(tabs, QTabWidget)
            tabs.setCurrentWidget(child)
        elif isinstance(parent, QStackedWidget):
            parent.setCurrentWidget(child)
        child = parent
