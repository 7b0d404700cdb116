"""One database worker thread: `run(fn)` executes off the GUI thread and reports back on the GUI thread.

As Anki's `aqt.operations`: the callable gets no widgets, only plain data captured beforehand; the result
(or the exception) comes back through a queued signal, so callbacks run on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal


class DbWorker(QObject):
    """Serialises every database call onto one thread; `busy_changed` drives the busy state."""

    busy_changed = Signal(bool)
    _delivered = Signal(object, object)  # callback, value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="panelapp-db")
        self._pending = 0
        self._delivered.connect(self._on_delivered)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> None:
            try:
                value = fn()
            except BaseException as exc:  # delivered to on_error on the GUI thread
                self._delivered.emit(on_error, exc)
            else:
                self._delivered.emit(on_done, value)

        self._executor.submit(job)

    def _on_delivered(self, callback: Callable[[Any], None], value: Any) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        callback(value)

    def shutdown(self) -> None:
        """Wait for queued work to finish (results are no longer delivered)."""
        self._executor.shutdown(wait=True)
