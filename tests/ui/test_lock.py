"""Lock: Ctrl+L and the idle lock clear every view and forget the key; unlocking returns to the same place.

Over the real demo store; "another process can open it" is proven by a separate Python process.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.ui.conftest import unlock

pytestmark = [pytest.mark.gui, pytest.mark.db]

_OPEN_ELSEWHERE = """
import sys
from panelapp.models import keys
from panelapp.services.panel_services import PanelServices
with PanelServices.open(sys.argv[1], sys.argv[2], kdf=keys.TEST_ONLY_KDF) as services:
    print(len(services.list_cases()))
"""


def demo_case_id(qtbot, window) -> int:
    found: list[int] = []
    window.ops.run_query(lambda s: s.case_id("DEMO-001"), found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=5_000)
    return found[0]


def test_ctrl_l_clears_every_view_and_forgets_the_key(qtbot, opened, demo_store, monkeypatch):
    window = opened
    window.bench.set_case(demo_case_id(qtbot, window))
    cleared: list[str] = []
    for area in window.areas:
        original = area.clear
        monkeypatch.setattr(area, "clear", lambda a=area, f=original: (cleared.append(type(a).__name__), f()))
    services = window.ops.services
    window.bench.clipboard.copy("[B12]")

    with qtbot.waitSignal(window.store_locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert set(cleared) == {type(a).__name__ for a in window.areas}  # each at least once
    assert window.ops.services is None and window.bench.case_id is None
    assert window.bench.undo_stack.count() == 0
    assert services.store._key == b""  # the derived key is gone from memory we hold
    assert not window.idle_lock.active
    assert window.pages.currentWidget() is window.unlock_widget
    assert window.unlock_widget.passphrase_edit.text() == ""
    assert not any(a.isEnabled() for a in (window.lock_action, window.new_case_action, window.search_action))
    done = subprocess.run([sys.executable, "-c", _OPEN_ELSEWHERE, str(demo_store), PASSPHRASE],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-400:]
    assert done.stdout.strip() == "1"


def test_it_locks_itself_after_idle(qtbot, opened):
    window = opened
    window.idle_lock.set_interval_ms(200)
    assert window.idle_lock.active
    with qtbot.waitSignal(window.store_locked, timeout=5_000):
        pass
    assert not window.is_unlocked
    assert window.pages.currentWidget() is window.unlock_widget
    assert window.status_label.text() == "Locked after a period without use."


def test_input_restarts_the_idle_countdown(qtbot, opened):
    window = opened
    window.idle_lock.set_interval_ms(600)
    ticks: list[bool] = []

    def touch():  # a key and a mouse move, as a user at work would
        qtbot.keyClick(window.tabs, Qt.Key.Key_Shift)
        qtbot.mouseMove(window.tabs)
        ticks.append(window.is_unlocked)

    typing = QTimer()
    typing.timeout.connect(touch)
    typing.start(100)
    qtbot.waitUntil(lambda: len(ticks) >= 15, timeout=10_000)  # 1.5 s of input: well past 600 ms
    typing.stop()
    assert all(ticks) and window.is_unlocked and window.idle_lock.active
    with qtbot.waitSignal(window.store_locked, timeout=5_000):
        pass  # and once the input stops, it locks


def test_unlocking_returns_to_the_same_tab_case_and_view_state(qtbot, opened, demo_store, monkeypatch):
    window = opened
    case_id = demo_case_id(qtbot, window)
    window.bench.set_case(case_id)
    window.show_area(window.bundle)
    tab = window.tabs.currentIndex()
    assert tab == window.tabs.indexOf(window.bundle) != 0
    monkeypatch.setattr(window.bundle, "view_state", lambda: {"evidence_id": 7, "page": 3})
    restored: list[dict] = []
    monkeypatch.setattr(window.bundle, "restore_view_state", restored.append)

    with qtbot.waitSignal(window.store_locked, timeout=10_000):
        window.lock()
    assert window.tabs.currentIndex() == tab  # the tab bar is hidden with the workspace; the place is kept
    window.tabs.setCurrentIndex(0)
    with qtbot.waitSignal(window.store_opened, timeout=10_000):
        unlock(qtbot, window, demo_store, PASSPHRASE)

    assert window.tabs.currentIndex() == tab
    assert window.bench.case_id == case_id
    assert restored == [{"evidence_id": 7, "page": 3}]
    assert window.idle_lock.active


def test_another_store_after_a_lock_starts_fresh(qtbot, opened, empty_store):
    """Opening a different store after a lock does not carry the old store's place (tab, case) over."""
    window = opened
    window.bench.set_case(demo_case_id(qtbot, window))
    window.show_area(window.audit)
    with qtbot.waitSignal(window.store_locked, timeout=10_000):
        window.lock()
    with qtbot.waitSignal(window.store_opened, timeout=10_000):
        unlock(qtbot, window, empty_store, PASSPHRASE)
    assert window.tabs.currentIndex() == 0 and window.bench.case_id is None


def test_an_open_dialog_is_closed_by_the_idle_lock(qtbot, opened):
    """A dialog showing case content (an editor, a confirmation) must not stay on a locked screen."""
    window = opened
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLabel("Witness statement of …"))
    dialog.open()
    window.idle_lock.set_interval_ms(200)
    with qtbot.waitSignal(window.store_locked, timeout=5_000):
        pass
    assert not dialog.isVisible()


def test_ctrl_l_locks_even_while_a_dialog_has_the_focus(qtbot, opened) -> None:
    from PySide6.QtWidgets import QDialog

    dialog = QDialog(opened)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(opened.store_locked, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible() and not opened.is_unlocked


def test_opening_another_store_closes_the_open_one_first(qtbot, opened, demo_store, tmp_path, monkeypatch) -> None:
    """Store > Open store… while unlocked locks the open store (no case menu over an unlock form, no file lock
    or key kept for a store nobody sees)."""
    from PySide6.QtWidgets import QFileDialog

    other = tmp_path / "other.panel"
    PanelServices.create(other, PASSPHRASE).close()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    with qtbot.waitSignal(opened.store_locked, timeout=10_000):
        opened.open_store_action.trigger()
    assert not opened.is_unlocked and not opened.new_case_action.isEnabled()
    assert opened.unlock_widget.path_edit.text() == str(other)
    PanelServices.open(demo_store, PASSPHRASE).close()  # the first store is really closed
