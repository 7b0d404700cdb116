"""EvidenceService: the bundle: sections, items, order, typed details, links to allegations."""

from __future__ import annotations

from panelapp.services.service_base import AreaService


class EvidenceService(AreaService):
    """The use cases over the bundle."""
