"""Database work off the GUI thread: reads (`run_query`), writes (`run_change`) and long work (`run_long`).

As Anki's `aqt.operations`: one database thread; the callable gets the open services and plain data
captured beforehand, never a widget; the result (or the exception) comes back through a queued signal, so
callbacks run on the GUI thread. A write returns a `Changes` value, which `Operations.changed` broadcasts
once, so every view refreshes itself. Failures of known kinds become one-line messages; anything else is a
bug: logged (without case content) and reported. `SystemExit` and `KeyboardInterrupt` are re-raised on
the GUI thread, never swallowed.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from panelapp.domain.changes import Changes
from panelapp.domain.errors import KnownError

if TYPE_CHECKING:  # the services (SQLAlchemy, Alembic, ReportLab) load on the database thread at first use
    from panelapp.services.panel_services import PanelServices

log = logging.getLogger(__name__)
T = TypeVar("T")
ServiceCall = Callable[["PanelServices"], Changes]  # one service method with plain data, returning Changes


def user_message(exc: BaseException) -> str:
    """What the user is shown for a failure: our one-line message, or a plain note for a bug."""
    if isinstance(exc, KnownError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"The file could not be read or written ({exc.strerror or exc.__class__.__name__})."
    return f"Something went wrong inside panelapp ({exc.__class__.__name__}); nothing more was written."


class DbWorker(QObject):
    """Serialises every database call onto one thread; `busy_changed` drives the busy state."""

    busy_changed = Signal(bool)
    _delivered = Signal(object, object)  # callback, value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="panelapp-db")
        self._pending = 0
        self._delivered.connect(self._on_delivered)
        self.thread_ident: int | None = None  # the database thread, once it has run something (for tests)
        self._shut_down = False

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
            self.thread_ident = threading.get_ident()
            try:
                value = fn()
            except BaseException as exc:  # delivered to the GUI thread; SystemExit is re-raised there
                self._delivered.emit(on_error, exc)
            else:
                self._delivered.emit(on_done, value)

        self._executor.submit(job)

    def load_ahead(self, module: str) -> None:
        """Import `module` on the database thread now, so that the first job does not wait for it (the
        first screen asks for the store's code while the user types a passphrase). Only code is loaded,
        no store is touched, and it is no job: `busy` stays as it is. A failure is left for the first job
        that imports the module, which reports it as usual. After `shutdown` (the window closed): nothing."""
        if self._shut_down:
            return

        def load() -> None:
            try:
                importlib.import_module(module)
            except Exception:  # a broken installation: opening a store imports it again and says what is wrong
                log.exception("loading %s ahead of its first use failed", module)

        self._executor.submit(load)

    def _on_delivered(self, callback: Callable[[Any], None], value: Any) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if isinstance(value, SystemExit | KeyboardInterrupt):
            raise value
        callback(value)

    def shutdown(self) -> None:
        """Wait for queued work to finish (results are no longer delivered)."""
        self._shut_down = True
        self._executor.shutdown(wait=True)


class CancelledError(KnownError):
    """The user cancelled long work; what was finished before stays, nothing half-done is kept."""


class Progress:
    """Handed to long work on the database thread: report how far it got; ask whether to stop.

    Thread-safe by construction: the worker writes plain numbers, the GUI thread polls them.
    """

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.done = 0
        self.total = 0
        self.label = ""

    def report(self, done: int, total: int, label: str = "") -> None:
        self.done, self.total, self.label = done, total, label

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise `CancelledError` when the user asked to stop (call between units of work)."""
        if self.cancelled:
            raise CancelledError("cancelled; the items finished before stay in the store")


class Operations(QObject):
    """The one way views reach the store. `changed` carries each write's `Changes` to every view.

    `failed` carries the one-line message of a failure nobody handled (the window shows it in the status
    bar). Results that arrive after the store was locked are dropped.
    """

    changed = Signal(object)  # Changes
    failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = DbWorker(self)
        self.worker.busy_changed.connect(self.busy_changed)
        self._services: PanelServices | None = None

    @property
    def services(self) -> PanelServices | None:
        return self._services

    def attach(self, services: PanelServices | None) -> PanelServices | None:
        """Use `services` from now on (None when locked); returns the ones used before."""
        before, self._services = self._services, services
        return before

    @property
    def is_open(self) -> bool:
        return self._services is not None

    def run_query(self, op: Callable[[PanelServices], T], on_done: Callable[[T], None],
                  on_error: Callable[[BaseException], None] | None = None) -> bool:
        """Read: `op(services)` on the database thread, `on_done(result)` on the GUI thread.

        Returns False (and does nothing) when no store is open.
        """
        return self._submit(op, on_done, on_error)

    def run_change(self, op: Callable[[PanelServices], Changes],
                   on_done: Callable[[Changes], None] | None = None,
                   on_error: Callable[[BaseException], None] | None = None) -> bool:
        """Write: `op(services)` returns `Changes`; `changed` is emitted once, then `on_done(changes)`."""

        def done(changes: Changes) -> None:
            if not isinstance(changes, Changes):
                raise TypeError(f"a change must return Changes, not {type(changes).__name__}")
            self.changed.emit(changes)
            if on_done is not None:
                on_done(changes)

        return self._submit(op, done, on_error)

    def run_long(self, op: Callable[[PanelServices, Progress], Changes], progress: Progress,
                 on_done: Callable[[Changes], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> bool:
        """A long write (import, bundle): `op` reports into `progress` and stops at `progress.check()`."""
        return self.run_change(lambda s: op(s, progress), on_done, on_error)

    def _submit(self, op: Callable[[PanelServices], Any], on_done: Callable[[Any], None],
                on_error: Callable[[BaseException], None] | None) -> bool:
        services = self._services
        if services is None:
            return False

        def deliver(value: Any) -> None:
            if self._services is services:  # ignore results that arrive after a lock
                on_done(value)

        def fail(exc: BaseException) -> None:
            if self._services is not services:
                return
            if not isinstance(exc, KnownError | OSError):
                log.error("operation failed", exc_info=(type(exc), exc, exc.__traceback__))
            if on_error is not None:
                on_error(exc)
            else:
                self.failed.emit(user_message(exc))

        self.worker.run(lambda: op(services), deliver, fail)
        return True

    def close_services(self, on_closed: Callable[[], None] | None = None) -> None:
        """Detach the services and close them on the database thread (queued after pending work)."""
        services = self.attach(None)
        if services is not None:
            self.worker.run(services.close, lambda _: on_closed() if on_closed else None,
                            lambda exc: self.failed.emit(user_message(exc)))

    def shutdown(self) -> None:
        self.close_services()
        self.worker.shutdown()
