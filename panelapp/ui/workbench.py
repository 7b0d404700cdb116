"""What every view shares while a store is open: operations, the undo stack, the current case, navigation.

Views take a `Workbench` and nothing else from the window. They read with `bench.ops.run_query`, write
through undo commands (`bench.push`), refresh themselves on `bench.ops.changed`, follow the current case
on `case_changed`, and ask for an item to be opened with `open_evidence` (the window routes it to the
viewer). No view knows another view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from panelapp.domain.changes import Area, Changes
from panelapp.ui.clipboard import SafeClipboard
from panelapp.ui.ops import Operations, ServiceCall, user_message
from panelapp.ui.undo import ServiceCommand, StepChain, push_change


class Workbench(QObject):
    case_changed = Signal(object)  # int | None: the case every view shows
    evidence_open_requested = Signal(int, int)  # evidence id, page (0-based; 0 for media and typed items)
    status_shown = Signal(str)  # a transient line for the status bar

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = Operations(self)
        self.undo_stack = QUndoStack(self)
        self.clipboard = SafeClipboard(self)  # copy citations with this: cleared on lock and after a while
        self._case_id: int | None = None
        self._pushing = 0  # edits sent to the store whose undo command is not on the stack yet
        self._steps = StepChain()  # steps sent behind one that failed are skipped

    @property
    def case_id(self) -> int | None:
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        if case_id != self._case_id:
            self._case_id = case_id
            self.case_changed.emit(case_id)

    def push(self, text: str, redo: ServiceCall, undo: ServiceCall | None = None, *,
             undo_from: Callable[[Changes], ServiceCall] | None = None,
             on_done: Callable[[Changes], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None) -> bool:
        """Do an edit now and make it undoable (see `panelapp.ui.undo`)."""

        def done(changes: Changes) -> None:
            self._pushing -= 1
            if on_done is not None:
                on_done(changes)

        def failed(exc: BaseException) -> None:
            self._pushing -= 1
            if on_error is not None:
                on_error(exc)
            else:
                self.ops.failed.emit(user_message(exc))

        pushed = push_change(self.ops, self.undo_stack, text, redo, undo, undo_from=undo_from,
                             on_done=done, on_error=failed, chain=self._steps)
        self._pushing += pushed
        return pushed

    def push_done(self, text: str, redo: ServiceCall, undo: ServiceCall) -> None:
        """Make undoable an edit that already ran in the store (an import, run with progress): pushing it
        runs nothing; undo and redo then go through the same chain as every other step."""
        self.undo_stack.push(ServiceCommand(self.ops, text, redo, undo, stack=self.undo_stack, chain=self._steps))

    @property
    def edit_in_flight(self) -> bool:
        """An edit is on its way to the store and not yet on the undo stack: undo/redo must wait for it."""
        return self._pushing > 0

    def forget_edits(self) -> None:
        """The store was locked: pending edits' results are dropped, and so is the stack."""
        self._pushing = 0
        self._steps.broken = False  # nothing is queued any more: results after a lock are dropped
        self.undo_stack.clear()

    def open_evidence(self, evidence_id: int, page: int = 0) -> None:
        self.evidence_open_requested.emit(evidence_id, page)

    def show_status(self, text: str) -> None:
        self.status_shown.emit(text)


class AreaWidget(QWidget):
    """A per-area view (case overview, people, allegations, bundle, search, audit, …).

    Subclasses override `refresh` (reload what they show for `bench.case_id`), `areas` (which `Changes`
    concern them), and `clear` (forget everything shown, on lock). `view_state`/`restore_view_state`
    keep the selection across a lock, as plain data without case content (ids, page numbers).
    """

    areas: frozenset[Area] = frozenset()

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        bench.ops.changed.connect(self._on_ops_changed)
        bench.case_changed.connect(self._on_bench_case_changed)

    def refresh(self) -> None:
        """Reload from the store (through `bench.ops.run_query`)."""

    def clear(self) -> None:
        """Forget everything shown (the store was locked)."""

    def view_state(self) -> dict[str, object]:
        return {}

    def restore_view_state(self, state: dict[str, object]) -> None:
        """Put the selection back after unlocking (called after `refresh` was asked for)."""

    def _on_ops_changed(self, changes: Changes) -> None:
        if changes.touches(*self.areas) and (changes.case_id is None or changes.case_id == self.bench.case_id):
            self.refresh()

    def _on_bench_case_changed(self, _case_id: int | None) -> None:
        self.refresh()
