"""People of a case as plain data: officers with their warnings, the panel, and what a valid panel still lacks.

`*Details` are what a user edits (the input of a write); `*Record` what a read returns (details plus ids and
what the rules engine derives: a warning's expiry and whether it is in force). `check_*` refuse bad input
with `BadInputError(field, reason)` before anything is written; the service and the dialogs share them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from panelapp.domain import text_rules
from panelapp.domain.errors import BadInputError
from panelapp.domain.rules import warning_last_day
from panelapp.domain.vocabulary import OfficerCategory, PanelRole, Regime, WarningKind

NAME_CHARS = 200
RANK_CHARS = 100
WARRANT_CHARS = 50
UNIT_CHARS = 200
TEXT_CHARS = 2000  # representative, reduction-in-rank note
MAX_CAREER_BREAK_DAYS = 20 * 366


@dataclass(frozen=True)
class OfficerDetails:
    """The officer concerned, as the user records them."""

    name: str
    rank: str
    warrant_number: str = ""
    unit: str = ""
    category: OfficerCategory = OfficerCategory.OTHER
    former_officer: bool = False
    representative: str = ""
    service_start: date | None = None
    date_of_birth: date | None = None
    ever_reduced_in_rank: bool = False
    reduction_in_rank_note: str = ""


@dataclass(frozen=True)
class WarningDetails:
    """A written or final written warning the officer was given (`period_months` None: the default)."""

    kind: WarningKind
    given_on: date
    period_months: int | None = None
    career_break_days: int = 0


@dataclass(frozen=True)
class WarningRecord:
    """A stored warning with what the rules engine derives from it.

    `last_day` is the last day in force and `expires_on` the first day it no longer is (both None, with
    `problem` set, when the stored period is one the rules do not allow). `in_force` is as of `as_of`.
    """

    id: int
    officer_id: int
    details: WarningDetails
    last_day: date | None
    expires_on: date | None
    in_force: bool
    as_of: date
    period_months: int  # the period that applies (the default when none was recorded)
    source: str
    verified: bool
    problem: str | None = None


@dataclass(frozen=True)
class OfficerRecord:
    id: int
    case_id: int
    position: int
    details: OfficerDetails
    warnings: tuple[WarningRecord, ...] = ()
    allegation_count: int = 0

    @property
    def label(self) -> str:
        """How the officer is named in lists: "PC 4417 Owen Hartley"."""
        d = self.details
        return " ".join(p for p in (d.rank, d.warrant_number, d.name) if p)

    @property
    def warnings_in_force(self) -> tuple[WarningRecord, ...]:
        return tuple(w for w in self.warnings if w.in_force)


@dataclass(frozen=True)
class PanelMemberDetails:
    name: str
    role: PanelRole


@dataclass(frozen=True)
class PanelMemberRecord:
    id: int
    case_id: int
    position: int
    details: PanelMemberDetails


@dataclass(frozen=True)
class PanelGap:
    """One thing between this panel and a valid one, with the rule that says so.

    `kind`: "missing" (a role still to fill, `count` times), "extra" (a member the rules give no place, or
    one too many in a role), "undecided" (which panel rules apply is not known yet), "not_modelled" (the
    rules engine has no row for this case: check by hand).
    """

    kind: str
    text: str
    source: str
    verified: bool
    role: PanelRole | None = None
    count: int = 0


@dataclass(frozen=True)
class PanelView:
    """The panel by role, the rule set that decides its composition (and why), and what it still lacks."""

    case_id: int
    members: tuple[PanelMemberRecord, ...]
    rule_set: Regime | None
    rule_set_why: str
    rule_set_source: str
    rule_set_verified: bool
    officer_category: OfficerCategory
    needed: tuple[PanelRole, ...]
    roles_source: str
    roles_verified: bool
    gaps: tuple[PanelGap, ...] = field(default_factory=tuple)

    @property
    def still_needs(self) -> tuple[PanelGap, ...]:
        return tuple(g for g in self.gaps if g.kind != "extra")

    @property
    def complete(self) -> bool:
        return not self.gaps


@dataclass(frozen=True)
class RemovedRecords:
    """What a removal deleted, as plain column values per table (parents first, ids kept), so that undo
    can put it back exactly as it was — same ids, so later undo/redo steps that name them still work.

    `relinks` are (table, column, value, row ids): references the database cleared on delete (ON DELETE
    SET NULL) that a restore sets back. Opaque to the UI: it only hands it back to the service.
    """

    case_id: int
    what: str  # "officer", "warning", "panel member", "allegation"
    top_id: int
    tables: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]
    relinks: tuple[tuple[str, str, int, tuple[int, ...]], ...] = ()


# --- checks (shared by the service and the dialogs) -------------------------------------------------
def clean_line(field_name: str, value: object, limit: int, *, required: bool = False) -> str:
    return text_rules.one_line(field_name, value, limit, required=required)


def clean_text(field_name: str, value: object, limit: int) -> str:
    return text_rules.many_lines(field_name, value, limit)


def past_date(field_name: str, value: object, today: date, *, required: bool = False) -> date | None:
    if value is None and not required:
        return None
    if not isinstance(value, date):
        raise BadInputError(field_name, "is required" if value is None else "must be a date", code="date")
    if value > today:
        raise BadInputError(field_name, f"{value:%d %b %Y} is in the future", code="future")
    if value.year < 1900:
        raise BadInputError(field_name, f"{value:%d %b %Y} is not a plausible date", code="date")
    return value


def check_officer(d: OfficerDetails, today: date | None = None) -> OfficerDetails:
    """The details cleaned (trimmed), or `BadInputError` naming the first field that is wrong."""
    today = today or date.today()
    try:
        category = OfficerCategory(d.category)
    except ValueError:
        raise BadInputError("Category", f"unknown category {d.category!r}", code="choice") from None
    service_start = past_date("Service start", d.service_start, today)
    born = past_date("Date of birth", d.date_of_birth, today)
    if born is not None and service_start is not None and service_start <= born:
        raise BadInputError("Service start", "is not after the date of birth", code="order")
    return OfficerDetails(
        name=clean_line("Name", d.name, NAME_CHARS, required=True),
        rank=clean_line("Rank", d.rank, RANK_CHARS, required=True),
        warrant_number=clean_line("Warrant number", d.warrant_number, WARRANT_CHARS),
        unit=clean_line("Unit", d.unit, UNIT_CHARS),
        category=category,
        former_officer=bool(d.former_officer),
        representative=clean_text("Representative", d.representative, TEXT_CHARS),
        service_start=service_start,
        date_of_birth=born,
        ever_reduced_in_rank=bool(d.ever_reduced_in_rank),
        reduction_in_rank_note=clean_text("Reduction in rank note", d.reduction_in_rank_note, TEXT_CHARS),
    )


def check_warning(d: WarningDetails, today: date | None = None) -> WarningDetails:
    """The warning cleaned, or `BadInputError`; the period must be one the rules allow for its kind."""
    today = today or date.today()
    try:
        kind = WarningKind(d.kind)
    except ValueError:
        raise BadInputError("Kind", f"unknown warning kind {d.kind!r}", code="choice") from None
    given = past_date("Given on", d.given_on, today, required=True)
    assert given is not None
    if d.period_months is not None and (isinstance(d.period_months, bool) or not isinstance(d.period_months, int)):
        raise BadInputError("Period (months)", "must be a whole number of months", code="type")
    breaks = d.career_break_days
    if isinstance(breaks, bool) or not isinstance(breaks, int):
        raise BadInputError("Career break (days)", "must be a whole number of days", code="type")
    if not 0 <= breaks <= MAX_CAREER_BREAK_DAYS:
        raise BadInputError("Career break (days)", f"must be between 0 and {MAX_CAREER_BREAK_DAYS}", code="range")
    try:
        warning_last_day(kind, given, d.period_months, breaks)
    except ValueError as exc:  # the rules engine's own words: "a written warning lasts 18–18 months, not 12"
        raise BadInputError("Period (months)", str(exc), code="range") from None
    return WarningDetails(kind, given, d.period_months, breaks)


def check_panel_member(d: PanelMemberDetails) -> PanelMemberDetails:
    try:
        role = PanelRole(d.role)
    except ValueError:
        raise BadInputError("Role", f"unknown role {d.role!r}", code="choice") from None
    return PanelMemberDetails(clean_line("Name", d.name, NAME_CHARS, required=True), role)
