"""Allegations as plain data: particulars, the Standards said to be breached, the alleged level, dates.

`AllegationDetails` is what a user edits; `AllegationRecord` what a read returns. `check_allegation` refuses
bad input with `BadInputError(field, reason)`; the service and the dialog share it. The ten Standards
(Schedule 2 to the Conduct Regulations 2020) and their one-line descriptions live in `vocabulary.STANDARDS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from panelapp.domain.errors import BadInputError
from panelapp.domain.people_records import clean_line, clean_text, past_date
from panelapp.domain.vocabulary import STANDARDS, STANDARDS_WORDING_VERIFIED, FindingLevel

PARTICULARS_CHARS = 20_000
INCIDENT_CHARS = 100  # the schema's column
# Proceedings are brought for misconduct or gross misconduct (reg 23, 30): nothing else is "alleged".
ALLEGED_LEVELS: tuple[FindingLevel, ...] = (FindingLevel.MISCONDUCT, FindingLevel.GROSS_MISCONDUCT)
MAX_NUMBER = 999


@dataclass(frozen=True)
class AllegationDetails:
    particulars: str
    standards: tuple[int, ...]
    alleged_level: FindingLevel
    came_to_attention_on: date | None = None
    incident: str | None = None  # the panel's grouping label (reg 42(6)); None: not grouped
    related_to_earlier_on: date | None = None  # an earlier related allegation's date (SI 2025/558 reg 64(1)(b))


@dataclass(frozen=True)
class AllegationRecord:
    id: int
    officer_id: int
    number: int
    details: AllegationDetails
    has_finding: bool = False
    evidence_links: int = 0

    @property
    def first_line(self) -> str:
        text = self.details.particulars.strip()
        return text.splitlines()[0] if text else ""


@dataclass(frozen=True)
class Standard:
    number: int
    title: str
    description: str
    wording_verified: bool


def standards() -> tuple[Standard, ...]:
    """The ten Standards of Professional Behaviour, in order, each with its title and one-line description."""
    return tuple(Standard(n, title, text, STANDARDS_WORDING_VERIFIED) for n, (title, text) in sorted(STANDARDS.items()))


def standards_label(numbers: Iterable[int]) -> str:
    """"4 Use of Force; 6 Duties and Responsibilities" (unknown numbers shown bare)."""
    return "; ".join(f"{n} {STANDARDS[n][0]}" if n in STANDARDS else str(n) for n in numbers)


def check_allegation(d: AllegationDetails, today: date | None = None) -> AllegationDetails:
    """The details cleaned (trimmed, standards sorted), or `BadInputError` naming the first wrong field."""
    today = today or date.today()
    particulars = clean_text("Particulars", d.particulars, PARTICULARS_CHARS)
    if not particulars:
        raise BadInputError("Particulars", "are required", code="required")
    numbers = tuple(d.standards)
    for n in numbers:
        if isinstance(n, bool) or not isinstance(n, int) or n not in STANDARDS:
            raise BadInputError("Standards", f"{n!r} is not one of the Standards 1–10", code="range")
    if len(set(numbers)) != len(numbers):
        raise BadInputError("Standards", "a Standard is listed twice", code="duplicate")
    try:
        level = FindingLevel(d.alleged_level)
    except ValueError:
        raise BadInputError("Alleged level", f"unknown level {d.alleged_level!r}", code="choice") from None
    if level not in ALLEGED_LEVELS:
        raise BadInputError("Alleged level", "must be misconduct or gross misconduct", code="choice")
    came = past_date("Came to attention on", d.came_to_attention_on, today)
    earlier = past_date("Earlier related allegation", d.related_to_earlier_on, today)
    if earlier is not None and came is not None and earlier > came:
        raise BadInputError("Earlier related allegation", "is after this allegation came to attention",
                            code="order")
    incident = clean_line("Incident", d.incident or "", INCIDENT_CHARS) or None
    return AllegationDetails(particulars, tuple(sorted(numbers)), level, came, incident, earlier)


def check_numbers(numbers: Mapping[int, int], current: Iterable[int]) -> dict[int, int]:
    """A renumbering {allegation id: new number}: it must name exactly the officer's allegations and give
    each a distinct number from 1 to MAX_NUMBER."""
    wanted = dict(numbers)
    if set(wanted) != set(current):
        raise BadInputError("Numbers", "must name every allegation of the officer, and only those",
                            code="mismatch")
    for n in wanted.values():
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_NUMBER:
            raise BadInputError("Numbers", f"{n!r} is not a number from 1 to {MAX_NUMBER}", code="range")
    if len(set(wanted.values())) != len(wanted):
        raise BadInputError("Numbers", "two allegations would have the same number", code="duplicate")
    return wanted
