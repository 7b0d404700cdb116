"""What the Conduct Regulations allow: regimes, permitted outcomes, panels, warnings.

The legal facts live in `legal_tables.py`; this module only evaluates them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from panelapp.domain import legal_tables as T
from panelapp.domain.vocabulary import (
    FindingLevel,
    Outcome,
    PanelRole,
    Proceeding,
    Regime,
    WarningKind,
)

__all__ = [
    "LEVEL_SEVERITY",
    "OUTCOME_SEVERITY",
    "FindingLevel",
    "Outcome",
    "PanelRole",
    "Proceeding",
    "Regime",
    "Warning",
    "WarningKind",
    "less_severe",
    "most_serious",
    "panel_problems",
    "panel_roles",
    "permitted_outcomes",
    "regime_for",
    "warning_expiry",
    "warning_is_live",
]

# Least severe first. A former officer's finding sits above dismissal: it is the same consequence.
OUTCOME_SEVERITY: tuple[Outcome, ...] = (
    Outcome.NO_ACTION,
    Outcome.REFLECTIVE_PRACTICE,
    Outcome.WRITTEN_WARNING,
    Outcome.FINAL_WRITTEN_WARNING,
    Outcome.REDUCTION_IN_RANK,
    Outcome.DISMISSAL_WITHOUT_NOTICE,
    Outcome.WOULD_HAVE_BEEN_DISMISSED,
)
LEVEL_SEVERITY: tuple[FindingLevel, ...] = (
    FindingLevel.NOT_PROVED,
    FindingLevel.NO_BREACH,
    FindingLevel.PRACTICE_REQUIRING_IMPROVEMENT,
    FindingLevel.MISCONDUCT,
    FindingLevel.GROSS_MISCONDUCT,
)


def regime_for(issued_on: date) -> Regime:
    """The regime that governs proceedings issued on `issued_on`."""
    for row in T.REGIMES:
        if (row.first_day is None or issued_on >= row.first_day) and (
            row.last_day is None or issued_on <= row.last_day
        ):
            return row.regime
    raise AssertionError(f"regime table has a gap at {issued_on}")  # pragma: no cover - table is total


def most_serious(levels: Iterable[FindingLevel | str]) -> FindingLevel:
    """The most serious of several per-allegation levels (not proved when there are none)."""
    found = [FindingLevel(lv) for lv in levels]
    return max(found, key=LEVEL_SEVERITY.index, default=FindingLevel.NOT_PROVED)


def less_severe(outcome: Outcome | str) -> tuple[Outcome, ...]:
    """Outcomes strictly less severe than `outcome` (the ladder the decision must climb)."""
    outcome = Outcome(outcome)
    if outcome is Outcome.WOULD_HAVE_BEEN_DISMISSED:
        return (Outcome.NO_ACTION,)
    return OUTCOME_SEVERITY[: OUTCOME_SEVERITY.index(outcome)]


def permitted_outcomes(
    *,
    regime: Regime | str,
    proceeding: Proceeding | str,
    level: FindingLevel | str,
    fww_in_force: bool = False,
    unconnected_incidents: bool = False,
    former_officer: bool = False,
    reduced_in_rank: bool = False,
    ww_in_force: bool = False,
    lowest_rank: bool = False,
) -> dict[Outcome, str | None]:
    """Every Outcome mapped to None where the Regulations permit it, else the reason in one sentence.

    `level` is the most serious level found proved. `ww_in_force` (a written warning in force) and
    `lowest_rank` (the officer is a constable) are optional refinements beyond the basic contract.
    """
    facts = T.Facts(
        regime=Regime(regime),
        proceeding=Proceeding(proceeding),
        level=FindingLevel(level),
        fww_in_force=bool(fww_in_force),
        unconnected_incidents=bool(unconnected_incidents),
        former_officer=bool(former_officer),
        reduced_in_rank=bool(reduced_in_rank),
        ww_in_force=bool(ww_in_force),
        lowest_rank=bool(lowest_rank),
    )
    if facts.former_officer:
        available = T.FORMER_OFFICER_AVAILABILITY[facts.level]
        return {
            o: None if o in available else T.FORMER_OFFICER_UNAVAILABLE.format(source=T.FORMER_OFFICER_SOURCE)
            for o in Outcome
        }

    row = next(r for r in T.AVAILABILITY if r.proceeding is facts.proceeding and r.level is facts.level)
    result: dict[Outcome, str | None] = {}
    for outcome in Outcome:
        if outcome not in row.outcomes:
            result[outcome] = _unavailable_reason(facts, outcome, row)
            continue
        result[outcome] = next(
            (r.reason for r in T.RESTRICTIONS if outcome in r.outcomes and r.applies(facts)), None
        )
    return result


def _unavailable_reason(facts: T.Facts, outcome: Outcome, row: T.AvailabilityRow) -> str:
    for key in ((facts.proceeding, outcome), (None, outcome)):
        if key in T.UNAVAILABLE_REASONS:
            return T.UNAVAILABLE_REASONS[key]
    return T.GENERIC_UNAVAILABLE.format(
        outcome=outcome.label,
        level=facts.level.label.lower(),
        proceeding=facts.proceeding.label.lower(),
        source=row.source,
    )


def allowed(permitted: dict[Outcome, str | None]) -> list[Outcome]:
    """The permitted outcomes of a `permitted_outcomes` result, least severe first."""
    return [o for o in OUTCOME_SEVERITY if permitted[o] is None]


# --- Panels ---------------------------------------------------------------------------------------
def panel_roles(regime: Regime | str, proceeding: Proceeding | str) -> list[PanelRole]:
    """The roles a valid panel needs (a role listed twice is needed twice)."""
    regime, proceeding = Regime(regime), Proceeding(proceeding)
    row = next(r for r in T.PANELS if regime in r.regimes and r.proceeding is proceeding)
    return list(row.roles)


def panel_problems(
    regime: Regime | str, proceeding: Proceeding | str, roles: Iterable[PanelRole | str]
) -> list[str]:
    """What a panel with these members' roles lacks or should not have; empty when it is complete."""
    needed = panel_roles(regime, proceeding)
    have = [PanelRole(r) for r in roles]
    problems: list[str] = []
    for role in dict.fromkeys(needed):
        want, got = needed.count(role), have.count(role)
        if got < want:
            missing = want - got
            what = role.label.lower() if missing == 1 else f"{missing} × {role.label.lower()}"
            problems.append(f"The panel lacks a {what}." if missing == 1 else f"The panel lacks {what}.")
        elif got > want:
            problems.append(f"The panel has too many in the role {role.label.lower()} ({got}, needs {want}).")
    for role in dict.fromkeys(have):
        if role not in needed:
            problems.append(
                f"A {role.label.lower()} has no place on this panel "
                f"({Proceeding(proceeding).label.lower()}, {Regime(regime).label.lower()})."
            )
    return problems


# --- Warnings -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Warning:
    """A written or final written warning given to an officer."""

    kind: WarningKind
    notified_on: date
    period_months: int | None = None
    career_break_days: int = 0

    @property
    def expires_on(self) -> date:
        return warning_expiry(self.kind, self.notified_on, self.period_months, self.career_break_days)

    def is_live(self, on: date) -> bool:
        return self.notified_on <= on < self.expires_on


def warning_expiry(
    kind: WarningKind | str,
    notified_on: date,
    period_months: int | None = None,
    career_break_days: int = 0,
) -> date:
    """The first day on which the warning is no longer in force.

    Written warning 18 months; final written warning 2 years, or a longer period the panel set of up to
    5 years; time on a career break does not count, so it extends the period day for day.
    """
    row = T.WARNINGS[WarningKind(kind).value]
    months = row.default_months if period_months is None else period_months
    if not row.min_months <= months <= row.max_months:
        raise ValueError(
            f"a {WarningKind(kind).label.lower()} lasts {row.min_months}–{row.max_months} months, not {months}"
        )
    if career_break_days < 0:
        raise ValueError("career break days cannot be negative")
    return notified_on + relativedelta(months=months) + timedelta(days=career_break_days)


def warning_is_live(
    kind: WarningKind | str,
    notified_on: date,
    on: date,
    period_months: int | None = None,
    career_break_days: int = 0,
) -> bool:
    """Whether a warning notified on `notified_on` is in force on `on`."""
    return Warning(WarningKind(kind), notified_on, period_months, career_break_days).is_live(on)
