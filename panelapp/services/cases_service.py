"""CaseService: cases, their details, dates, status and deadlines."""

from __future__ import annotations

from panelapp.services.service_base import AreaService


class CaseService(AreaService):
    """The use cases over cases, their details, dates, status and deadlines."""
