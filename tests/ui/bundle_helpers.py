"""Fixtures and helpers for the bundle's GUI tests: a Workbench over a real encrypted demo store.

Import the fixtures by name into a test module (`from tests.ui.bundle_helpers import bench, bundle`).
"""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from panelapp.services.panel_services import PanelServices
from panelapp.ui.bundle_widget import BundleWidget
from panelapp.ui.workbench import Workbench
from tests.conftest import PASSPHRASE


@pytest.fixture
def bench(qtbot, demo_store):
    services = PanelServices.open(demo_store, PASSPHRASE)
    case_id = services.case_id("DEMO-001")
    bench = Workbench()
    bench.ops.attach(services)
    bench.demo_case_id = case_id
    yield bench
    bench.clipboard.clear_ours()
    bench.ops.shutdown()


@pytest.fixture
def bundle(qtbot, bench):
    widget = BundleWidget(bench)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    bench.set_case(bench.demo_case_id)
    qtbot.waitUntil(lambda: not widget.loading and widget.model.rowCount() > 0, timeout=10_000)
    return widget


def query(qtbot, bench, op):
    """Run a read on the database thread (as the app does) and wait for its result."""
    box = []
    assert bench.ops.run_query(op, box.append, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def labels(widget, letter):
    section = widget.model.tree.section(letter)
    return [(i.label, i.title) for i in section.items] if section else []


def titles(widget, letter):
    return [t for _, t in labels(widget, letter)]


def settled(widget):
    return not widget.loading and not widget.bench.ops.worker.busy


def drop(widget, mime: QMimeData, pos: QPoint, action=Qt.DropAction.MoveAction):
    """A real drag enter, move and drop on the tree's viewport, as the window system delivers them."""
    viewport = widget.view.viewport()
    point = QPointF(pos)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    actions = action | Qt.DropAction.CopyAction if action == Qt.DropAction.MoveAction else action
    enter = QDragEnterEvent(point, actions, mime, buttons, mods)
    enter.setDropAction(action)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(point, actions, mime, buttons, mods)
    move.setDropAction(action)
    QApplication.sendEvent(viewport, move)
    event = QDropEvent(point, actions, mime, buttons, mods)
    event.setDropAction(action)
    QApplication.sendEvent(viewport, event)
    return move.isAccepted(), event.isAccepted()


def pdf_bytes(pages: int = 1, marker: str = "") -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, invariant=1)
    for n in range(pages):
        c.drawString(72, 720, f"Exhibit page {n + 1} {marker}")
        c.showPage()
    c.save()
    return out.getvalue()
