"""What a write changed, as one small value the window broadcasts so every view refreshes itself.

A service's write method returns `Changes`: the kinds of thing that changed, the case they belong to, and
the write's own result (the id it created, the import results) in `value`. The UI never wires one view to
another; it broadcasts the `Changes` once (Anki's `OpChanges` / `operation_did_execute`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Area(StrEnum):
    """The kinds of thing a view shows; a view refreshes when a change touches one of its areas."""

    CASES = "cases"  # the list of cases (a case created, renamed, closed)
    CASE = "case"  # one case's details, dates, hearing, anonymity
    PEOPLE = "people"  # officers, warnings, representatives, the panel
    ALLEGATIONS = "allegations"
    EVIDENCE = "evidence"  # bundle sections, items, their order, typed details, links
    NOTES = "notes"  # private notes (per item page)
    DECISION = "decision"  # findings, seriousness, outcome, deliberation
    AUDIT = "audit"  # every write adds to the audit log
    STORE = "store"  # the store as a whole (passphrase, backup, verify)


@dataclass(frozen=True)
class Changes:
    areas: frozenset[Area]
    case_id: int | None = None
    value: Any = field(default=None, compare=False)

    @classmethod
    def of(cls, *areas: Area, case_id: int | None = None, value: Any = None) -> Changes:
        """`Changes.of(Area.PEOPLE, case_id=3)`; the audit log always changes with a write."""
        return cls(frozenset((*areas, Area.AUDIT)), case_id, value)

    def touches(self, *areas: Area) -> bool:
        return not self.areas.isdisjoint(areas)
