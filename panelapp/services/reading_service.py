"""ReadingService: an item's bytes and details for the viewer (from the store, in memory)."""

from __future__ import annotations

from panelapp.services.service_base import AreaService


class ReadingService(AreaService):
    """The use cases of reading an item: its file's bytes (checked against its hash), pages, details."""
