"""Fixtures and helpers of the decision journeys: the real main window over a store holding MIX-1
(three allegations, built through the services) and ways to read the store while the window runs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from panelapp.domain.decision_records import DecisionRecord
from panelapp.services.panel_services import PanelServices
from panelapp.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.decision_case import MixedCase, build_mixed_case, record_findings
from tests.ui.conftest import unlock


@dataclass
class Journey:
    window: MainWindow
    case: MixedCase


def _open(qtbot: Any, window: MainWindow, store: Path, case: MixedCase) -> Journey:
    with qtbot.waitSignal(window.store_opened, timeout=15_000):
        unlock(qtbot, window, store, PASSPHRASE)
    window.bench.set_case(case.case_id)
    return Journey(window, case)


@pytest.fixture
def mixed(qtbot: Any, window: MainWindow, empty_store: Path, tmp_path: Path) -> Journey:
    """The window unlocked on a store with MIX-1 (no findings yet) chosen."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
    return _open(qtbot, window, empty_store, case)


@pytest.fixture
def found(qtbot: Any, window: MainWindow, empty_store: Path, tmp_path: Path) -> Journey:
    """As `mixed`, with the three findings (gross misconduct, misconduct, not proved) already recorded."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
        record_findings(services, case)
    return _open(qtbot, window, empty_store, case)


def read(qtbot: Any, window: MainWindow, op: Any) -> Any:
    """Run a read on the database thread (after every queued write) and wait for its result."""
    box: list[Any] = []
    assert window.ops.run_query(op, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def decision(qtbot: Any, journey: Journey) -> DecisionRecord:
    case_id = journey.case.case_id
    return read(qtbot, journey.window, lambda s: s.decisions.decision(case_id))  # type: ignore[no-any-return]


def settle(qtbot: Any, window: MainWindow) -> None:
    """Wait until the database thread has nothing queued (writes done, refreshes delivered)."""
    qtbot.waitUntil(lambda: not window.worker.busy, timeout=10_000)


def show(qtbot: Any, window: MainWindow, widget: QWidget) -> None:
    window.show_area(widget)
    qtbot.waitUntil(lambda: getattr(widget, "record", None) is not None, timeout=10_000)
    settle(qtbot, window)


def click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))


def click_row(qtbot: Any, view: QAbstractItemView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def leave(qtbot: Any, window: MainWindow) -> None:
    """Move the focus out of the field being typed in (as Tab or a click elsewhere would)."""
    focused = QApplication.focusWidget()
    if focused is not None:
        focused.clearFocus()
    settle(qtbot, window)
