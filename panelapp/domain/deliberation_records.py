"""Deliberation as plain data: members' private notes and votes, and the legal adviser's advice log.

Notes and votes are private to the panel: never exported, never printed, never part of a decision
version (DOMAIN.md §1: record votes privately, never print who voted how). The advice log is different:
the panel must have regard to the legally qualified person's advice, and the outcome notice says what the
advice was and whether it was followed.

A vote's subject is `allegation:<allegation id>` (the choice a `FindingLevel`) or `outcome:<officer id>`
(the choice an `Outcome`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from panelapp.domain.errors import BadInputError
from panelapp.domain.people_records import clean_line, clean_text
from panelapp.domain.vocabulary import FindingLevel, Outcome, PanelRole

NOTE_CHARS = 20_000
SUBJECT_CHARS = 200  # the advice log's subject column
ADVICE_CHARS = 20_000
PRIVATE_LABEL = "Private: never exported or printed"
# The adviser advises; the members decide (by majority where there are three).
NON_VOTING = (PanelRole.LEGALLY_QUALIFIED_PERSON,)


@dataclass(frozen=True)
class MemberRecord:
    id: int
    name: str
    role: PanelRole

    @property
    def votes(self) -> bool:
        return self.role not in NON_VOTING

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role.label.lower()})"


CASE_AS_A_WHOLE = "The case as a whole"


@dataclass(frozen=True)
class NoteRecord:
    id: int
    member_id: int | None
    text: str
    created_at: datetime
    subject: str = ""  # "" (the case as a whole) or a vote subject's key: `allegation:<id>`, `outcome:<officer id>`


@dataclass(frozen=True)
class VoteSubject:
    """Something the members vote on, with the choices open."""

    key: str
    label: str
    choices: tuple[tuple[str, str], ...]  # (value, label)


@dataclass(frozen=True)
class VoteRecord:
    id: int
    member_id: int
    subject: str
    choice: str

    def choice_label(self, subjects: tuple[VoteSubject, ...]) -> str:
        subject = next((s for s in subjects if s.key == self.subject), None)
        found = dict(subject.choices).get(self.choice) if subject else None
        return found or self.choice


@dataclass(frozen=True)
class AdviceDetails:
    advice: str
    subject: str = ""
    given_on: date | None = None
    followed: bool | None = None  # None: not yet recorded
    reasons_if_not: str = ""


@dataclass(frozen=True)
class AdviceRecord:
    id: int
    details: AdviceDetails

    @property
    def followed_label(self) -> str:
        followed = self.details.followed
        return "Not recorded" if followed is None else "Followed" if followed else "Not followed"


@dataclass(frozen=True)
class DeliberationRecord:
    case_id: int
    members: tuple[MemberRecord, ...]
    notes: tuple[NoteRecord, ...]
    subjects: tuple[VoteSubject, ...]
    votes: tuple[VoteRecord, ...]
    advice: tuple[AdviceRecord, ...]
    final: bool = False  # a decision of the case is final: deliberation is closed until it is reopened

    def vote(self, member_id: int, subject: str) -> VoteRecord | None:
        return next((v for v in self.votes if v.member_id == member_id and v.subject == subject), None)

    def member(self, member_id: int | None) -> MemberRecord | None:
        return next((m for m in self.members if m.id == member_id), None)

    def subject_label(self, key: str) -> str:
        """What a note or vote is about, in words ("" is the case as a whole)."""
        if not key:
            return CASE_AS_A_WHOLE
        found = next((s for s in self.subjects if s.key == key), None)
        return found.label if found else "(no longer in the case)"


def allegation_subject(allegation_id: int, number: int, officer: str = "") -> VoteSubject:
    who = f"{officer}: " if officer else ""
    return VoteSubject(f"allegation:{allegation_id}", f"{who}Allegation {number}",
                       tuple((lv.value, lv.label) for lv in FindingLevel))


def outcome_subject(officer_id: int, officer: str = "") -> VoteSubject:
    who = f" ({officer})" if officer else ""
    return VoteSubject(f"outcome:{officer_id}", f"Outcome{who}", tuple((o.value, o.label) for o in Outcome))


def check_note(text: object) -> str:
    note = clean_text("Note", text, NOTE_CHARS)
    if not note:
        raise BadInputError("Note", "is empty", code="required")
    return note


def check_note_subject(subject: object, subjects: tuple[VoteSubject, ...]) -> str:
    """A note is about the case as a whole ("") or one thing the members vote on (an allegation, an outcome)."""
    if subject == "":
        return ""
    if not isinstance(subject, str) or all(s.key != subject for s in subjects):
        raise BadInputError("Note", f"nothing in this case called {subject!r} to write a note about", code="subject")
    return subject


def check_vote(subject: str, choice: str | None, subjects: tuple[VoteSubject, ...]) -> str | None:
    found = next((s for s in subjects if s.key == subject), None)
    if found is None:
        raise BadInputError("Vote", f"nothing to vote on called {subject!r} in this case", code="subject")
    if choice is not None and choice not in dict(found.choices):
        raise BadInputError("Vote", f"{choice!r} is not a choice for {found.label}", code="choice")
    return choice


def check_advice(d: AdviceDetails, today: date | None = None) -> AdviceDetails:
    advice = clean_text("Advice", d.advice, ADVICE_CHARS)
    if not advice:
        raise BadInputError("Advice", "is required", code="required")
    if d.given_on is not None:
        if not isinstance(d.given_on, date):
            raise BadInputError("Given on", "must be a date", code="date")
        if d.given_on > (today or date.today()):
            raise BadInputError("Given on", f"{d.given_on:%d %b %Y} is in the future", code="future")
    if d.followed not in (None, True, False):
        raise BadInputError("Followed", "must be yes, no or not recorded", code="choice")
    reasons = clean_text("Why the advice was not followed", d.reasons_if_not, ADVICE_CHARS)
    return AdviceDetails(advice, clean_line("Subject", d.subject, SUBJECT_CHARS), d.given_on, d.followed, reasons)
