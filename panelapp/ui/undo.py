"""Undo: every edit is a `ServiceCommand` holding plain before/after data and calling one service method.

As orange-canvas-core's `document/commands.py`, but the service call runs on the database thread: the
command is pushed only after its first `redo` succeeded in the store (so a refused edit never sits on the
stack), and `undo`/`redo` later queue their calls in order on the same thread. If one of those fails
(the store changed under it, the disk is full), the command becomes obsolete — Qt drops it from the stack
at the next undo/redo — and the user is told.

Write one by giving two callables of the open services, each returning `Changes`:

    push_change(bench, "Rename case", redo=lambda s: s.cases.update(after),
                undo=lambda s: s.cases.update(before))

An undo that needs what the first run created (an id) is built from that run's `Changes`:
`undo_from=lambda ch: lambda s: s.cases.delete(ch.value)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand, QUndoStack

from panelapp.domain.changes import Changes
from panelapp.domain.errors import KnownError
from panelapp.ui.ops import Operations, ServiceCall, user_message

if TYPE_CHECKING:  # the services load on the database thread when a store opens
    from panelapp.services.panel_services import PanelServices


class StepSkippedError(KnownError):
    """An undo/redo step sent behind one that failed: not run (it assumed the one before it was done)."""


class StepChain:
    """Whether a step of this stack failed and the steps sent after it must be skipped.

    Read and written on the database thread only, where every step runs in the order it was sent; the GUI
    thread clears it through that same queue (`clear_after`), behind every step sent before it knew.
    """

    def __init__(self) -> None:
        self.broken = False

    def guard(self, call: ServiceCall) -> ServiceCall:
        def guarded(services: PanelServices) -> Changes:
            if self.broken:
                raise StepSkippedError("an earlier step could not be done")
            try:
                return call(services)
            except BaseException:
                self.broken = True
                raise

        return guarded

    def clear_after(self, ops: Operations) -> None:
        """Clear the flag once the steps already sent have run (now, if no store is open)."""

        def clear(_services: PanelServices) -> None:
            self.broken = False

        if not ops.run_query(clear, lambda _none: None):
            self.broken = False


class ServiceCommand(QUndoCommand):
    """One edit: `redo_call`/`undo_call` each call one service method with plain data."""

    def __init__(self, ops: Operations, text: str, redo_call: ServiceCall, undo_call: ServiceCall,
                 *, undo_from: Callable[[Changes], ServiceCall] | None = None,
                 on_failed: Callable[[str], None] | None = None,
                 stack: QUndoStack | None = None, chain: StepChain | None = None) -> None:
        super().__init__(text)
        self._ops = ops
        self._stack = stack  # the stack it is on: its later steps are dropped when a redo fails
        self._chain = chain or StepChain()
        self.redo_call = redo_call
        self.undo_call = undo_call
        self._undo_from = undo_from  # rebuilt after every redo: a re-created object may have a new id
        self._on_failed = on_failed
        self._first = True  # the first redo already ran before the push

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self.redo_call, "redo", self._after_redo)

    def undo(self) -> None:
        self._run(self.undo_call, "undo", None)

    def _after_redo(self, changes: Changes) -> None:
        if self._undo_from is not None:
            self.undo_call = self._undo_from(changes)

    def _run(self, call: ServiceCall, what: str, on_done: Callable[[Changes], None] | None) -> None:
        if self.isObsolete():
            return
        stack, chain, ops, text, on_failed = self._stack, self._chain, self._ops, self.text(), self._on_failed

        def failed(exc: BaseException) -> None:
            self.setObsolete(True)  # (Qt may delete it below: only locals from here on)
            skipped = isinstance(exc, StepSkippedError)
            dropped = not skipped and what == "redo" and stack is not None and _drop_redo_steps(stack)
            if stack is not None:
                _drop_obsolete_top(stack)
            if skipped:
                return  # the step that failed first has told the user
            chain.clear_after(ops)
            message = f"Could not {what} “{text}”: {user_message(exc)}"
            if dropped:
                message += "; the steps after it cannot be redone either"
            if on_failed is not None:
                on_failed(message)
            else:
                ops.failed.emit(message)

        if not self._ops.run_change(chain.guard(call), on_done, on_error=failed):
            self.setObsolete(True)


def _drop_obsolete_top(stack: QUndoStack) -> None:
    """Take failed commands off the top of the stack now (Qt deletes an obsolete command on undo without
    running it), so the Edit menu does not offer to undo what never happened."""
    while stack.canUndo():
        command = stack.command(stack.index() - 1)
        if command is None or not command.isObsolete():
            break
        stack.undo()


def _drop_redo_steps(stack: QUndoStack) -> bool:
    """Take every command above the stack's index off it (Qt deletes an obsolete command on redo without
    running it). True when there were any."""
    dropped = False
    while stack.canRedo():
        command = stack.command(stack.index())
        if command is None:
            break
        command.setObsolete(True)
        stack.redo()
        dropped = True
    return dropped


def push_change(ops: Operations, stack: QUndoStack, text: str, redo: ServiceCall,
                undo: ServiceCall | None = None, *, undo_from: Callable[[Changes], ServiceCall] | None = None,
                on_done: Callable[[Changes], None] | None = None,
                on_error: Callable[[BaseException], None] | None = None,
                chain: StepChain | None = None) -> bool:
    """Run `redo` now; when it succeeded, push an undoable command for it.

    Give `undo` (a service call), or `undo_from` (a function of the first run's `Changes` returning the
    service call: for an edit whose undo needs the id it created, in `changes.value`). Returns False when
    no store is open. Give the commands of one stack the same `chain`.
    """
    if (undo is None) == (undo_from is None):
        raise TypeError("give exactly one of undo and undo_from")

    def done(changes: Changes) -> None:
        undo_call = undo if undo is not None else undo_from(changes)  # type: ignore[misc]
        stack.push(ServiceCommand(ops, text, redo, undo_call, undo_from=undo_from, stack=stack, chain=chain))
        if on_done is not None:
            on_done(changes)

    return ops.run_change(redo, done, on_error)
