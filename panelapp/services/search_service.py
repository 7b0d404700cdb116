"""SearchService: full-text search across the store (the FTS5 index), with snippets."""

from __future__ import annotations

from panelapp.services.service_base import AreaService


class SearchService(AreaService):
    """The use cases over full-text search across the store (the FTS5 index), with snippets."""
