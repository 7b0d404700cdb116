"""The three seams every view relies on: writes broadcast `Changes` once, undo commands call services and
drop out when they fail, and errors/logs never carry case content. Over the real window and store."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

from panelapp.domain.changes import Area, Changes
from panelapp.domain.errors import BadInputError, DiskFullError, StoreEnvironmentError
from panelapp.ui import logs
from panelapp.ui.ops import user_message

pytestmark = pytest.mark.gui


def test_a_write_is_broadcast_once_with_what_changed(qtbot, opened):
    bench = opened.bench
    seen: list[Changes] = []
    bench.ops.changed.connect(seen.append)
    threads: list[int] = []

    def write(services):
        threads.append(threading.get_ident())
        services.override_rule_set("DEMO-001", "outcomes", "2020", "IOPC direction to re-investigate")
        return Changes.of(Area.CASE, case_id=services.case_id("DEMO-001"), value="done")

    done: list[Changes] = []
    with qtbot.waitSignal(bench.ops.changed, timeout=10_000):
        assert bench.ops.run_change(write, done.append)
    assert len(seen) == 1 and seen[0].touches(Area.CASE) and seen[0].touches(Area.AUDIT)
    assert done == seen and done[0].value == "done"
    assert threads and threads[0] != threading.get_ident()  # the write ran off the GUI thread

    got: list[object] = []
    bench.ops.run_query(lambda s: s.rule_sets("DEMO-001"), got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    assert any(v.overridden and v.override_reason == "IOPC direction to re-investigate" for v in got[0])


def test_known_failures_are_one_line_and_bugs_are_logged_without_content(qtbot, opened, tmp_path):
    bench = opened.bench
    log_path = logs.install_logging(tmp_path / "logs")
    messages: list[str] = []
    bench.ops.failed.connect(messages.append)

    def bad_input(_services):
        raise BadInputError("Venue", "must not be longer than 200 characters")

    bench.ops.run_change(bad_input)
    qtbot.waitUntil(lambda: len(messages) == 1, timeout=10_000)
    assert messages[0] == "Venue: must not be longer than 200 characters"

    def bug(_services):
        raise KeyError("Zoë Ó Súilleabháin's witness statement")

    bench.ops.run_query(bug, lambda _: None)
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=10_000)
    assert messages[1] == "Something went wrong inside panelapp (KeyError); nothing more was written."
    for handler in logging.getLogger("panelapp").handlers:
        handler.flush()
    text = log_path.read_text("utf-8")
    assert "KeyError" in text and "test_seams.py" in text  # what and where
    assert "Súilleabháin" not in text and "witness" not in text  # never the content
    assert oct(log_path.stat().st_mode & 0o777) == "0o600"


def test_environment_errors_are_typed_with_their_own_messages():
    assert isinstance(DiskFullError("the disk holding x.panel is full"), StoreEnvironmentError)
    assert DiskFullError.exit_code == 6
    assert user_message(DiskFullError("the disk holding x.panel is full")) == "the disk holding x.panel is full"


_EXIT_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from panelapp.ui.ops import DbWorker

app = QApplication([])
worker = DbWorker()

def leave():
    raise SystemExit(3)

worker.run(leave, lambda _: print("delivered as a result"), lambda exc: print("swallowed", exc))
QTimer.singleShot(5000, lambda: app.exit(0))
sys.exit(app.exec())
"""


def test_system_exit_in_database_work_is_not_swallowed(tmp_path):
    """SystemExit raised on the database thread reaches the GUI thread and ends the app with its code."""
    import os
    import subprocess

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _EXIT_SCRIPT], env=env, capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "swallowed" not in done.stdout and "delivered" not in done.stdout


def test_an_undo_that_fails_drops_out_of_the_stack_and_says_why(qtbot, opened):
    bench = opened.bench
    messages: list[str] = []
    bench.ops.failed.connect(messages.append)
    state = {"value": 0}

    def set_to(n):
        def call(_services):
            state["value"] = n
            return Changes.of(Area.CASE)
        return call

    def refuse(_services):
        raise DiskFullError("the disk holding demo.panel is full; the last change was not saved")

    with qtbot.waitSignal(bench.undo_stack.indexChanged, timeout=10_000):
        bench.push("Set to one", set_to(1), refuse)
    assert state["value"] == 1 and bench.undo_stack.count() == 1
    assert opened.undo_action.text() == "&Undo Set to one"

    bench.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(messages), timeout=10_000)
    assert messages == ["Could not undo “Set to one”: the disk holding demo.panel is full; the last change was "
                        "not saved"]
    assert bench.undo_stack.command(0).isObsolete()
    bench.undo_stack.redo()  # Qt drops an obsolete command when it is next reached
    assert bench.undo_stack.count() == 0 and state["value"] == 1


def test_a_refused_edit_never_reaches_the_undo_stack(qtbot, opened):
    bench = opened.bench
    errors: list[BaseException] = []

    def refuse(_services):
        raise BadInputError("Reference", "is already used by another case")

    bench.push("Rename", refuse, refuse, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert bench.undo_stack.count() == 0


def test_results_after_a_lock_are_dropped(qtbot, opened):
    bench = opened.bench
    got: list[object] = []
    gate = threading.Event()

    def slow(services):
        gate.wait(10)
        return services.list_cases()

    bench.ops.run_query(slow, got.append)
    with qtbot.waitSignal(opened.store_locked, timeout=10_000):
        opened.lock()
        gate.set()
    assert got == []


def test_the_excepthook_logs_and_shows_once(tmp_path, monkeypatch):
    shown: list[str] = []
    log_path = logs.install_logging(tmp_path / "logs")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    logs.install_excepthook(shown.append)
    try:
        raise ValueError("Łukasz Wiśniewski")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1 and "ValueError" in shown[0] and "Wiśniewski" not in shown[0]
    for handler in logging.getLogger("panelapp").handlers:
        handler.flush()
    assert "Wiśniewski" not in log_path.read_text("utf-8")
