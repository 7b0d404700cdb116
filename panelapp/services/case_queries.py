"""Read-only views of cases and evidence as plain data."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from panelapp.domain.case_data import CaseSummary, EvidenceSummary
from panelapp.domain.errors import NotFoundError
from panelapp.models.schema import Case, EvidenceItem, KeyMoment, VettingEntry


def list_cases(session: Session) -> list[CaseSummary]:
    cases = session.scalars(select(Case).options(selectinload(Case.officers)).order_by(Case.reference))
    return [
        CaseSummary(c.id, c.reference, tuple(f"{o.rank} {o.name}".strip() for o in c.officers),
                    c.proceeding, c.status, c.regime, c.issued_on, c.hearing_start)
        for c in cases
    ]


def case_id_for(session: Session, reference: str) -> int:
    case_id = session.scalar(select(Case.id).where(Case.reference == reference))
    if case_id is None:
        raise NotFoundError(f"no case {reference!r} in this store")
    return case_id


def list_evidence(session: Session, case_id: int) -> list[EvidenceSummary]:
    def per_item(child: type[KeyMoment] | type[VettingEntry]) -> dict[int, int]:
        return dict(session.execute(
            select(child.evidence_id, func.count()).join(EvidenceItem).where(EvidenceItem.case_id == case_id)
            .group_by(child.evidence_id)).all())

    moments, vetting = per_item(KeyMoment), per_item(VettingEntry)
    items = session.scalars(select(EvidenceItem).options(selectinload(EvidenceItem.attachment))
                            .where(EvidenceItem.case_id == case_id)
                            .order_by(EvidenceItem.section, EvidenceItem.position))
    out = []
    for e in items:
        a = e.attachment
        out.append(EvidenceSummary(
            e.id, e.section, e.position, e.kind, e.title, e.exhibit_ref, e.dated, e.author,
            a.media_type if a else None, a.page_count if a else None, a.sha256 if a else (e.media_sha256 or None),
            bool(a and a.reference_only), bool(a and a.bytes_present), moments.get(e.id, 0),
            vetting.get(e.id, 0)))
    return out
