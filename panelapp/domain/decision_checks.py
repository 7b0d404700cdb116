"""Checks of what a user gives the decision service (shared by the service and the widgets): bad input is
refused with `BadInputError(field, reason)`, nothing written."""

from __future__ import annotations

from datetime import date
from typing import Any

from panelapp.domain.decision_records import (
    INCIDENT_CHARS,
    MAX_WARNING_MONTHS,
    NOTE_CHARS,
    REASONS_CHARS,
    SERIOUSNESS_PROMPTS,
    CitationInput,
    FindingDetails,
    OutcomeDetails,
    OutcomeOption,
)
from panelapp.domain.errors import BadInputError
from panelapp.domain.people_records import clean_line, clean_text
from panelapp.domain.readiness import Seriousness
from panelapp.domain.vocabulary import STANDARDS, FactsFinding, FindingLevel, Outcome


def _choice(enum: type[Any], value: object, name: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise BadInputError(name, f"{value!r} is not one of the choices", code="choice") from None


def check_finding(d: FindingDetails) -> FindingDetails:
    """The finding cleaned (text trimmed, standards sorted), or `BadInputError` naming the first wrong field."""
    if d.facts is None:
        raise BadInputError("Finding of fact", "choose proved, partly proved or not proved", code="required")
    if d.level is None:
        raise BadInputError("Level", "choose the level found", code="required")
    facts = _choice(FactsFinding, d.facts, "Finding of fact")
    level = _choice(FindingLevel, d.level, "Level")
    numbers = tuple(d.standards_breached)
    for n in numbers:
        if isinstance(n, bool) or not isinstance(n, int) or n not in STANDARDS:
            raise BadInputError("Standards breached", f"{n!r} is not one of the Standards 1–10", code="range")
    if len(set(numbers)) != len(numbers):
        raise BadInputError("Standards breached", "a Standard is listed twice", code="duplicate")
    return FindingDetails(
        facts, level, tuple(sorted(numbers)),
        clean_text("Reasons for the finding of fact", d.facts_reasons, REASONS_CHARS),
        clean_text("Reasons for the finding of breach", d.breach_reasons, REASONS_CHARS),
        clean_text("Reasons for the level", d.reasons, REASONS_CHARS))


def check_citation(c: CitationInput, pages: int | None) -> CitationInput:
    """One citation checked against its item's page count (None: not a paged file)."""
    for name, value in (("Page", c.page), ("Time", c.at_seconds)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise BadInputError(name, "must be a whole number", code="type")
    if c.page is not None and c.at_seconds is not None:
        raise BadInputError("Citation", "give a page or a time, not both", code="both")
    if c.page is not None:
        if c.page < 1:
            raise BadInputError("Page", "pages are counted from 1", code="range")
        if pages is not None and c.page > pages:
            raise BadInputError("Page", f"the item has {pages} page{'s' if pages != 1 else ''}, not {c.page}",
                                code="range")
    if c.at_seconds is not None and c.at_seconds < 0:
        raise BadInputError("Time", "cannot be before the start", code="range")
    return CitationInput(c.evidence_id, c.page, c.at_seconds, clean_line("Citation note", c.note, NOTE_CHARS))


def check_incident(label: str | None) -> str | None:
    return clean_line("Incident", label or "", INCIDENT_CHARS) or None


def check_seriousness(s: Seriousness) -> Seriousness:
    return Seriousness(**{p.key: clean_text(p.label, getattr(s, p.key), REASONS_CHARS)
                          for p in SERIOUSNESS_PROMPTS})


def check_outcome(d: OutcomeDetails) -> OutcomeDetails:
    outcome = _choice(Outcome, d.outcome, "Outcome") if d.outcome is not None else None
    months = d.warning_months
    if months is not None:
        if isinstance(months, bool) or not isinstance(months, int):
            raise BadInputError("Warning length", "must be a whole number of months", code="type")
        if not 1 <= months <= MAX_WARNING_MONTHS:
            raise BadInputError("Warning length", f"must be between 1 and {MAX_WARNING_MONTHS} months", code="range")
    if d.decided_on is not None and not isinstance(d.decided_on, date):
        raise BadInputError("Decided on", "must be a date", code="date")
    return OutcomeDetails(
        outcome, clean_text("Reasons for the outcome", d.reasons, REASONS_CHARS), months,
        clean_text("Exceptional circumstances", d.exceptional_circumstances, REASONS_CHARS),
        clean_text("Reasons for not dismissing", d.gm_not_dismissed_reasons, REASONS_CHARS),
        clean_text("The appropriate authority's views", d.aa_views_on_reduction, REASONS_CHARS),
        bool(d.barred_list_noted), bool(d.local_policing_body_copy_noted), d.decided_on)


def check_why_not(outcome: object, text: str) -> tuple[Outcome, str]:
    chosen = _choice(Outcome, outcome, "Lesser outcome")
    return chosen, clean_text(f"Why not {chosen.label.lower()}", text, REASONS_CHARS)


def forbidden_message(option: OutcomeOption) -> str:
    """Why `set_outcome` refuses an outcome: the rule's reason and its citation, one line."""
    why = (option.reason or "the rules do not allow it here").rstrip(".")
    return f"{option.label} is not permitted: {why} ({option.source})"


def check_reason(name: str, text: object) -> str:
    """A required one-paragraph reason (override, reopening)."""
    reason = clean_text(name, text, REASONS_CHARS)
    if not reason:
        raise BadInputError(name, "is required", code="required")
    return reason
