"""AllegationService: allegations: particulars, standards, alleged level, incidents.

Reads return `AllegationRecord`s (`panelapp.domain.allegation_records`); writes check their input first
(`BadInputError`, nothing written), record the case's state in the audit log in the same unit of work and
return `Changes`. An allegation's dates decide which rules apply to the case, so writes also touch
`Area.CASE` (the overview shows the rule sets) and `Area.PEOPLE` (the panel's rule set can follow).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from panelapp.domain.allegation_records import (
    AllegationDetails,
    AllegationRecord,
    check_allegation,
    check_numbers,
)
from panelapp.domain.changes import Area, Changes
from panelapp.domain.errors import NotFoundError
from panelapp.domain.people_records import RemovedRecords
from panelapp.domain.vocabulary import FindingLevel
from panelapp.models.schema import Allegation, Case, Finding, Officer, evidence_allegations
from panelapp.services import people_snapshots as snap
from panelapp.services.audit_state import record_case_state, record_untracked_state
from panelapp.services.decision_deliberation import refuse_if_final
from panelapp.services.service_base import AreaService, SessionFactory, fetch

_AREAS = (Area.ALLEGATIONS, Area.CASE, Area.PEOPLE)
_REMOVAL_AREAS = (*_AREAS, Area.EVIDENCE, Area.DECISION)  # links and findings go with an allegation


def allegation_to_domain(row: Allegation, has_finding: bool = False, links: int = 0) -> AllegationRecord:
    details = AllegationDetails(
        particulars=row.particulars, standards=tuple(sorted(int(n) for n in row.standards or ())),
        alleged_level=FindingLevel(row.alleged_level), came_to_attention_on=row.came_to_attention_on,
        incident=row.incident, related_to_earlier_on=row.related_to_earlier_on)
    return AllegationRecord(row.id, row.officer_id, row.number, details, has_finding, links)


def _apply(row: Allegation, d: AllegationDetails) -> None:
    row.particulars, row.standards, row.alleged_level = d.particulars, list(d.standards), d.alleged_level.value
    row.came_to_attention_on, row.incident, row.related_to_earlier_on = (
        d.came_to_attention_on, d.incident, d.related_to_earlier_on)


class AllegationService(AreaService):
    """The use cases over allegations. `today` says what day it is (no date in the future): tests set it."""

    def __init__(self, session: SessionFactory, today: Callable[[], date] = date.today) -> None:
        super().__init__(session)
        self.today = today

    # --- reads ------------------------------------------------------------------------------------
    def for_officer(self, officer_id: int) -> tuple[AllegationRecord, ...]:
        with self._session() as s:
            _officer(s, officer_id)
            return _records(s, select(Allegation).where(Allegation.officer_id == officer_id)
                            .order_by(Allegation.number))

    def for_case(self, case_id: int) -> tuple[AllegationRecord, ...]:
        """Every allegation of the case, officer by officer (in the officers' order), by number."""
        with self._session() as s:
            if s.get(Case, case_id) is None:
                raise NotFoundError(f"no case with id {case_id} in this store")
            return _records(s, select(Allegation).join(Officer).where(Officer.case_id == case_id)
                            .order_by(Officer.position, Officer.id, Allegation.number))

    # --- writes -----------------------------------------------------------------------------------
    def add(self, officer_id: int, details: AllegationDetails) -> Changes:
        """A new allegation numbered after the officer's last one; `value` is its id."""
        d = check_allegation(details, self.today())
        with self._session() as s:
            officer = _officer(s, officer_id)
            refuse_if_final(s, [officer])
            record_untracked_state(s)
            last = s.scalar(select(func.max(Allegation.number)).where(Allegation.officer_id == officer_id)) or 0
            row = Allegation(officer_id=officer_id, number=last + 1)
            _apply(row, d)
            s.add(row)
            s.flush()
            record_case_state(s, officer.case_id, "allegations.added")
            return Changes.of(*_AREAS, case_id=officer.case_id, value=row.id)

    def update(self, allegation_id: int, details: AllegationDetails) -> Changes:
        d = check_allegation(details, self.today())
        with self._session() as s:
            row, case_id = _allegation(s, allegation_id)
            refuse_if_final(s, [row.officer])  # a final decision is read-only until reopened
            record_untracked_state(s)
            _apply(row, d)
            s.flush()
            record_case_state(s, case_id, "allegations.updated")
            return Changes.of(*_AREAS, case_id=case_id, value=allegation_id)

    def remove(self, allegation_id: int) -> Changes:
        """Remove an allegation with its finding and evidence links; `value` puts it back (`restore`).

        The others keep their numbers (the notice numbered them); `renumber` closes a gap when wanted.
        """
        with self._session() as s:
            row, case_id = _allegation(s, allegation_id)
            refuse_if_final(s, [row.officer])
            removed = snap.capture_allegation(s, allegation_id, case_id)
            record_untracked_state(s)
            snap.delete_top(s, removed)
            s.flush()
            record_case_state(s, case_id, "allegations.removed")
            return Changes.of(*_REMOVAL_AREAS, case_id=case_id, value=removed)

    def restore(self, removed: RemovedRecords) -> Changes:
        """Put back a removed allegation with the same id (the next free number if its own was taken)."""
        if not isinstance(removed, RemovedRecords) or removed.what != "allegation":
            raise TypeError("restore takes the RemovedRecords an allegation's removal returned")
        with self._session() as s:
            record_untracked_state(s)
            top = snap.restore(s, removed)
            record_case_state(s, removed.case_id, "allegations.restored")
            return Changes.of(*_REMOVAL_AREAS, case_id=removed.case_id, value=top)

    def renumber(self, officer_id: int, numbers: Mapping[int, int]) -> Changes:
        """Give the officer's allegations the numbers {allegation id: number}; `value` is the numbers
        before, so the same call undoes it."""
        with self._session() as s:
            officer = _officer(s, officer_id)
            rows = list(s.scalars(select(Allegation).where(Allegation.officer_id == officer_id)))
            wanted = check_numbers(numbers, [r.id for r in rows])
            before = {r.id: r.number for r in rows}
            record_untracked_state(s)
            for r in rows:  # two steps: the (officer, number) pair is unique at every moment
                r.number = -r.id
            s.flush()
            for r in rows:
                r.number = wanted[r.id]
            s.flush()
            record_case_state(s, officer.case_id, "allegations.renumbered")
            return Changes.of(Area.ALLEGATIONS, Area.EVIDENCE, case_id=officer.case_id, value=before)


def _records(s: Session, query: Select[Allegation]) -> tuple[AllegationRecord, ...]:
    rows = list(s.scalars(query))
    ids = [r.id for r in rows]
    found = set(s.scalars(select(Finding.allegation_id).where(Finding.allegation_id.in_(ids)))) if ids else set()
    links: dict[int, int] = dict(s.execute(select(evidence_allegations.c.allegation_id, func.count())
                           .where(evidence_allegations.c.allegation_id.in_(ids))
                           .group_by(evidence_allegations.c.allegation_id)).all()) if ids else {}
    return tuple(allegation_to_domain(r, r.id in found, int(links.get(r.id, 0))) for r in rows)


def _officer(s: Session, officer_id: int) -> Officer:
    return fetch(s, Officer, officer_id, "officer", " (they may have been removed)")


def _allegation(s: Session, allegation_id: int) -> tuple[Allegation, int]:
    row = fetch(s, Allegation, allegation_id, "allegation", " (it may have been removed)")
    return row, _officer(s, row.officer_id).case_id
