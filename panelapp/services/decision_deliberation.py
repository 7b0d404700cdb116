"""Deliberation reads and writes of `DecisionService`: members' private notes and votes, the adviser's advice.

Notes and votes never leave the store (the case export and the documents never read them; the audit log
holds only hashes of them). The advice log is printed in the outcome notice. While any decision of the case
is final, deliberation is closed too: reopen the decision first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelapp.domain.changes import Area, Changes
from panelapp.domain.decision_records import FINAL
from panelapp.domain.deliberation_records import (
    AdviceDetails,
    AdviceRecord,
    DeliberationRecord,
    MemberRecord,
    NoteRecord,
    VoteRecord,
    VoteSubject,
    allegation_subject,
    check_advice,
    check_note,
    check_note_subject,
    check_vote,
    outcome_subject,
)
from panelapp.domain.errors import BadInputError
from panelapp.domain.vocabulary import PanelRole
from panelapp.models.schema import Case, DecisionVersion, LqpAdvice, Officer, PanelMember, PrivateNote, Vote
from panelapp.services.audit_state import record_case_state, record_untracked_state
from panelapp.services.service_base import AreaService, fetch


def refuse_if_final(s: Session, officers: Iterable[Officer]) -> None:
    """One line, nothing written, while an officer's latest decision version is final."""
    for officer in officers:
        latest = s.scalar(select(DecisionVersion).where(DecisionVersion.officer_id == officer.id)
                          .order_by(DecisionVersion.number.desc()).limit(1))
        if latest is not None and latest.status == FINAL:
            raise BadInputError("Decision", f"it is final (version {latest.number}); reopen it to change anything",
                                code="final")


def _case(s: Session, case_id: int) -> Case:
    return fetch(s, Case, case_id, "case")


def _member(s: Session, member_id: int) -> PanelMember:
    return fetch(s, PanelMember, member_id, "panel member", " (they may have been removed)")


def _subjects(case: Case) -> tuple[VoteSubject, ...]:
    several = len(case.officers) > 1
    subjects: list[VoteSubject] = []
    for o in case.officers:
        who = " ".join(p for p in (o.rank, o.name) if p) if several else ""
        subjects += [allegation_subject(a.id, a.number, who) for a in o.allegations]
        subjects.append(outcome_subject(o.id, who))
    return tuple(subjects)


def _final(s: Session, case: Case) -> bool:
    try:
        refuse_if_final(s, case.officers)
    except BadInputError:
        return True
    return False


def _done(s: Session, case_id: int, action: str, value: object = None) -> Changes:
    s.flush()
    record_case_state(s, case_id, action)
    return Changes.of(Area.DECISION, case_id=case_id, value=value)


class DeliberationWrites(AreaService):
    """Private notes, votes and the advice log (mixed into `DecisionService`)."""

    def deliberation(self, case_id: int) -> DeliberationRecord:
        with self._session() as s:
            case = _case(s, case_id)
            members = tuple(MemberRecord(m.id, m.name, PanelRole(m.role)) for m in case.panel
                            if m.role in PanelRole._value2member_map_)
            notes = s.scalars(select(PrivateNote).where(PrivateNote.case_id == case_id,
                                                        PrivateNote.evidence_id.is_(None),
                                                        PrivateNote.member_id.is_not(None))
                              .order_by(PrivateNote.created_at, PrivateNote.id))
            votes = s.scalars(select(Vote).where(Vote.case_id == case_id).order_by(Vote.id))
            return DeliberationRecord(
                case_id, members, tuple(NoteRecord(n.id, n.member_id, n.text, n.created_at, n.subject) for n in notes),
                _subjects(case), tuple(VoteRecord(v.id, v.member_id, v.subject, v.choice) for v in votes),
                tuple(AdviceRecord(a.id, AdviceDetails(a.advice, a.subject, a.given_on, a.followed, a.reasons_if_not))
                      for a in case.lqp_advice), _final(s, case))

    # --- notes ------------------------------------------------------------------------------------
    def add_note(self, member_id: int, text: str, subject: str = "") -> Changes:
        """A member's private note about the case as a whole ("") or one allegation or outcome (a vote
        subject's key); `value` is its id."""
        note = check_note(text)
        with self._session() as s:
            member = _member(s, member_id)
            case = _case(s, member.case_id)
            about = check_note_subject(subject, _subjects(case))
            refuse_if_final(s, case.officers)
            record_untracked_state(s)
            row = PrivateNote(case_id=member.case_id, member_id=member.id, text=note, subject=about,
                              created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0))
            s.add(row)
            s.flush()
            return _done(s, member.case_id, "deliberation.note-added", row.id)

    def update_note(self, note_id: int, text: str) -> Changes:
        note = check_note(text)
        with self._session() as s:
            row = fetch(s, PrivateNote, note_id, "note", " (it may have been removed)")
            refuse_if_final(s, _case(s, row.case_id).officers)
            record_untracked_state(s)
            row.text = note
            return _done(s, row.case_id, "deliberation.note-updated", note_id)

    def remove_note(self, note_id: int) -> Changes:
        """Remove a note; `value` is (member id, text, subject) so `add_note` can put it back."""
        with self._session() as s:
            row = fetch(s, PrivateNote, note_id, "note", " (it may have been removed)")
            refuse_if_final(s, _case(s, row.case_id).officers)
            record_untracked_state(s)
            case_id, value = row.case_id, (row.member_id, row.text, row.subject)
            s.delete(row)
            return _done(s, case_id, "deliberation.note-removed", value)

    # --- votes ------------------------------------------------------------------------------------
    def set_vote(self, member_id: int, subject: str, choice: str | None) -> Changes:
        """How a member votes on an allegation's level or an officer's outcome (None withdraws the vote)."""
        with self._session() as s:
            member = _member(s, member_id)
            case = _case(s, member.case_id)
            if member.role == PanelRole.LEGALLY_QUALIFIED_PERSON.value:
                raise BadInputError("Vote", "the legally qualified person advises and does not vote", code="adviser")
            chosen = check_vote(subject, choice, _subjects(case))
            refuse_if_final(s, case.officers)
            record_untracked_state(s)
            row = s.scalar(select(Vote).where(Vote.member_id == member.id, Vote.subject == subject))
            if chosen is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(Vote(case_id=case.id, member_id=member.id, subject=subject, choice=chosen))
            else:
                row.choice = chosen
            return _done(s, case.id, "deliberation.vote-set")

    # --- the adviser's advice ---------------------------------------------------------------------
    def add_advice(self, case_id: int, details: AdviceDetails) -> Changes:
        """An entry in the legally qualified person's advice log; `value` is its id."""
        d = check_advice(details)
        with self._session() as s:
            case = _case(s, case_id)
            refuse_if_final(s, case.officers)
            record_untracked_state(s)
            row = LqpAdvice(case_id=case.id, advice=d.advice, subject=d.subject, given_on=d.given_on,
                            followed=d.followed, reasons_if_not=d.reasons_if_not)
            s.add(row)
            s.flush()
            return _done(s, case.id, "deliberation.advice-added", row.id)

    def update_advice(self, advice_id: int, details: AdviceDetails) -> Changes:
        d = check_advice(details)
        with self._session() as s:
            row = _advice_row(s, advice_id)
            refuse_if_final(s, _case(s, row.case_id).officers)
            record_untracked_state(s)
            row.advice, row.subject, row.given_on = d.advice, d.subject, d.given_on
            row.followed, row.reasons_if_not = d.followed, d.reasons_if_not
            return _done(s, row.case_id, "deliberation.advice-updated", advice_id)

    def remove_advice(self, advice_id: int) -> Changes:
        """Remove an advice entry; `value` is its `AdviceDetails` so `add_advice` can put it back."""
        with self._session() as s:
            row = _advice_row(s, advice_id)
            refuse_if_final(s, _case(s, row.case_id).officers)
            record_untracked_state(s)
            case_id = row.case_id
            value = AdviceDetails(row.advice, row.subject, row.given_on, row.followed, row.reasons_if_not)
            s.delete(row)
            return _done(s, case_id, "deliberation.advice-removed", value)


def _advice_row(s: Session, advice_id: int) -> LqpAdvice:
    return fetch(s, LqpAdvice, advice_id, "advice entry", " (it may have been removed)")
