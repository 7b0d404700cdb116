"""NoteService: private notes per item page (never exported, never printed)."""

from __future__ import annotations

from panelapp.services.service_base import AreaService


class NoteService(AreaService):
    """The use cases over private notes per item page (never exported, never printed)."""
