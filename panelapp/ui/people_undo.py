"""Undoable adds and removals whose ids stay stable across undo and redo (people, and the bundle's items).

A removal returns the removed rows (`RemovedRecords`, a bundle item's `ItemSnapshot`) in `Changes.value`;
its undo restores them with the same ids. An add's undo is such a removal, and its redo puts back exactly
what that undo removed (same id), so a later step on the stack that names the new record (a warning added
to a new officer, a link from a new statement) still finds it.
The parked rows are handed from the undo to the redo on the one database thread (both run there, in order).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from panelapp.domain.changes import Changes
from panelapp.ui.ops import ServiceCall
from panelapp.ui.workbench import Workbench

if TYPE_CHECKING:  # the services load on the database thread when a store opens
    from panelapp.services.panel_services import PanelServices

Remove = Callable[["PanelServices", int], Changes]
Restore = Callable[["PanelServices", Any], Changes]  # takes what the removal returned (RemovedRecords, ItemSnapshot)
Done = Callable[[Changes], None] | None
Failed = Callable[[BaseException], None] | None


def push_add(bench: Workbench, text: str, add: ServiceCall, remove: Remove, restore: Restore, *,
             on_done: Done = None, on_error: Failed = None) -> bool:
    """Run `add` now (its `Changes.value` is the new id); undo removes it, redo restores it as it was."""
    parked: list[Any] = []

    def redo(s: PanelServices) -> Changes:
        return restore(s, parked.pop()) if parked else add(s)

    def undo_for(changes: Changes) -> ServiceCall:
        new_id = int(changes.value)

        def undo(s: PanelServices) -> Changes:
            removed = remove(s, new_id)
            parked.append(removed.value)
            return removed

        return undo

    return bench.push(text, redo, undo_from=undo_for, on_done=on_done, on_error=on_error)


def push_remove(bench: Workbench, text: str, remove: ServiceCall, restore: Restore, *,
                on_done: Done = None, on_error: Failed = None) -> bool:
    """Run `remove` now; undo puts back what it removed (same ids)."""
    return bench.push(text, remove, undo_from=lambda ch: lambda s: restore(s, ch.value),
                      on_done=on_done, on_error=on_error)
