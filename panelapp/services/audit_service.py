"""AuditService: the audit log, read-only."""

from __future__ import annotations

from sqlalchemy import func, select

from panelapp.domain.reading_records import AuditRow
from panelapp.models.schema import AuditEntry
from panelapp.services.service_base import AreaService

PAGE_ROWS = 200


def to_domain(e: AuditEntry) -> AuditRow:
    return AuditRow(seq=e.seq, at_utc=e.at_utc, actor=e.actor, action=e.action, object_type=e.object_type,
                    object_id=e.object_id)


class AuditService(AreaService):
    """The use cases over the audit log, read-only (verifying it is `PanelServices.verify`)."""

    def count(self) -> int:
        with self._session() as s:
            return s.scalar(select(func.count()).select_from(AuditEntry)) or 0

    def entries(self, *, before_seq: int | None = None, limit: int = PAGE_ROWS) -> tuple[AuditRow, ...]:
        """Newest first: up to `limit` entries older than `before_seq` (from the newest when None)."""
        query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(max(1, limit))
        if before_seq is not None:
            query = query.where(AuditEntry.seq < before_seq)
        with self._session() as s:
            return tuple(to_domain(e) for e in s.scalars(query))
