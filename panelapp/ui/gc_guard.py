"""Python's cyclic garbage collector only on the GUI thread (as Anki does).

The collector runs in whichever thread happens to allocate; when it frees a cycle holding a Qt object on the
database thread, Qt destroys that object off its own thread and the process can crash (seen as a SIGSEGV
in the UI suite, with the database thread "garbage-collecting"). So automatic collection is off while a
window lives, and a timer on the GUI thread collects when generation 0 is due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(interval_ms)

    def collect(self) -> None:
        if gc.get_count()[0] >= gc.get_threshold()[0]:
            gc.collect()

    def stop(self) -> None:
        """Back to automatic collection (the window closed and the database thread has finished)."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
