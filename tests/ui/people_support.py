"""Shared by the People and Allegations GUI tests: a `Workbench` over a real unlocked demo store, and helpers
to drive the area's (window-modal, never blocking) dialogs like a user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from panelapp.services.panel_services import PanelServices
from panelapp.ui.workbench import Workbench
from tests.conftest import PASSPHRASE

CLICK = Qt.MouseButton.LeftButton


@pytest.fixture
def bench(qtbot, demo_store: Path) -> Iterator[Workbench]:
    """A workbench with the demo store open on its database thread (as the window has it once unlocked)."""
    services = PanelServices.open(demo_store, PASSPHRASE)
    demo_case = services.case_id("DEMO-001")
    bench = Workbench()
    bench.ops.attach(services)
    bench.demo_case = demo_case  # type: ignore[attr-defined]
    yield bench
    bench.undo_stack.clear()
    bench.ops.shutdown()  # closes the store on its thread and waits


def idle(qtbot, bench: Workbench) -> None:
    """Wait until every queued database call has come back."""
    qtbot.waitUntil(lambda: not bench.ops.worker.busy, timeout=10_000)


def press_ok(qtbot, dialog: QDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, CLICK)  # type: ignore[attr-defined]


def submit(qtbot, widget, dialog: QDialog) -> None:
    """Press OK and wait until the dialog closed because the store took the change (on an error it stays
    open with the message)."""
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: widget.dialog is None, timeout=10_000)


def focus(qtbot, view) -> None:
    """Give `view` the keyboard focus (a closed dialog hands activation back to the window, as a window
    manager would)."""
    view.window().activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=5_000)
