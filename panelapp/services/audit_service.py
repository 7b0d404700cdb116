"""AuditService: the audit log, read-only."""

from __future__ import annotations

from panelapp.services.service_base import AreaService


class AuditService(AreaService):
    """The use cases over the audit log, read-only."""
