"""What the Conduct Regulations allow: permitted outcomes, derived facts, panels, warnings.

The legal facts live in `legal_tables.py`; this module only evaluates them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from panelapp.domain import legal_tables as T
from panelapp.domain.vocabulary import (
    FindingLevel,
    OfficerCategory,
    Outcome,
    PanelRole,
    Proceeding,
    Regime,
    WarningKind,
)

__all__ = [
    "LEVEL_SEVERITY",
    "OUTCOME_SEVERITY",
    "ChairDelegate",
    "FindingLevel",
    "OfficerCategory",
    "Outcome",
    "OutcomeCheckingUnavailableError",
    "OutcomeVerdicts",
    "PanelRole",
    "PanelRoles",
    "Proceeding",
    "Regime",
    "Verdict",
    "Warning",
    "WarningKind",
    "allowed",
    "chair_delegate_problems",
    "fww_in_force_on",
    "less_severe",
    "most_serious",
    "panel_problems",
    "panel_roles",
    "permitted_outcomes",
    "regime_for",
    "unconnected_incidents",
    "warning_expiry",
    "warning_is_live",
    "warning_last_day",
    "ww_in_force_on",
]

# Least severe first. A former officer's finding sits above dismissal: it is the same consequence.
OUTCOME_SEVERITY: tuple[Outcome, ...] = (
    Outcome.NO_ACTION,
    Outcome.CASE_DISMISSED,
    Outcome.CASE_RETURNED,
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
    """Deprecated: the rule set by one "date issued" (kept for `services.case_exchange` / `demo_case`).

    The law keys each amendment on its own trigger; use `rule_sets.derive_rule_sets` for any question
    the panel relies on. This never returns R2012.
    """
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
    if outcome in (Outcome.CASE_DISMISSED, Outcome.CASE_RETURNED, Outcome.NO_ACTION):
        return ()  # not a sanction: nothing lesser to weigh
    return OUTCOME_SEVERITY[: OUTCOME_SEVERITY.index(outcome)]


@dataclass(frozen=True)
class Verdict:
    """Whether one outcome is open, why not, and the rule that decides it.

    `reason` is None when permitted; `source` cites the deciding row and `verified` says whether that
    row was read in the regulation's text.
    """

    outcome: Outcome
    permitted: bool
    reason: str | None
    source: str
    verified: bool


class OutcomeVerdicts(dict[Outcome, Verdict]):
    """Every Outcome mapped to its `Verdict` (a dict, so `result[outcome].permitted` reads naturally)."""

    @property
    def allowed(self) -> list[Outcome]:
        """The permitted outcomes, least severe first."""
        return [o for o in OUTCOME_SEVERITY if self[o].permitted]

    @property
    def unverified_allowed(self) -> list[Outcome]:
        """Permitted outcomes that rest on a rule nobody read in the regulation: show them as uncertain."""
        return [o for o in self.allowed if not self[o].verified]


class OutcomeCheckingUnavailableError(ValueError):
    """The rule set's outcomes are not modelled (the 2012 Regulations): check the outcome by hand."""


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
) -> OutcomeVerdicts:
    """Every Outcome mapped to a `Verdict`: permitted or not, the reason, the citation, verified or not.

    `regime` is the rule set for the outcomes question (`rule_sets.derive_rule_sets`). `level` is the most
    serious level found proved. `fww_in_force` and `unconnected_incidents` should come from
    `fww_in_force_on` and `unconnected_incidents`, never from a tick box. Raises
    `OutcomeCheckingUnavailableError` for the 2012 Regulations rather than apply the 2020 tables to them.
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
    if facts.regime not in T.OUTCOME_CHECKED_REGIMES:
        raise OutcomeCheckingUnavailableError(T.NOT_CHECKED_2012)
    rows = {r.outcome: r for r in T.OUTCOMES
            if facts.regime in r.regimes and r.proceeding is facts.proceeding and r.level is facts.level
            and r.former_officer is facts.former_officer}
    result = OutcomeVerdicts()
    for outcome in Outcome:
        row = rows.get(outcome)
        if row is None:
            absence = _absence(facts, outcome)
            if absence is not None:  # deliberately absent, with its own rule
                result[outcome] = Verdict(outcome, False, absence.reason, absence.source, absence.verified)
                continue
            # Absent from a group: as certain as the group's rows (all read, or not).
            result[outcome] = Verdict(outcome, False, _unavailable_reason(facts, outcome), _group_source(facts),
                                      all(r.verified for r in rows.values()))
            continue
        bar = next((r for r in T.RESTRICTIONS if outcome in r.outcomes and r.applies(facts)), None)
        if bar is None:
            result[outcome] = Verdict(outcome, True, None, row.source, row.verified)
        elif facts.regime in bar.unread_in:
            result[outcome] = Verdict(outcome, False, bar.reason, bar.source + T.AMENDED_2025_NOTE, False)
        else:
            result[outcome] = Verdict(outcome, False, bar.reason, bar.source, bar.verified)
    return result


def _absence(facts: T.Facts, outcome: Outcome) -> T.AbsenceRow | None:
    return next((a for a in T.ABSENCES if facts.regime in a.regimes and facts.proceeding in a.proceedings
                 and facts.level in a.levels and a.former_officer is facts.former_officer
                 and a.outcome is outcome), None)


def _group_source(facts: T.Facts) -> str:
    sources = dict.fromkeys(r.source for r in T.OUTCOMES
                            if facts.regime in r.regimes and r.proceeding is facts.proceeding
                            and r.level is facts.level and r.former_officer is facts.former_officer)
    return "; ".join(sources) or (
        T.FORMER_MEETING_REASON if facts.former_officer and facts.proceeding is Proceeding.MEETING
        else T.GENERIC_SOURCE)


def _unavailable_reason(facts: T.Facts, outcome: Outcome) -> str:
    if facts.former_officer and facts.proceeding is Proceeding.MEETING:
        return T.FORMER_MEETING_REASON
    for key in ((facts.proceeding, facts.former_officer, outcome), (None, facts.former_officer, outcome),
                (None, None, outcome)):
        if key in T.UNAVAILABLE_REASONS:
            return T.UNAVAILABLE_REASONS[key]
    return T.GENERIC_UNAVAILABLE.format(
        outcome=outcome.label,
        level=facts.level.label.lower(),
        proceeding=facts.proceeding.label.lower() + (" of a former officer" if facts.former_officer else ""),
        source=T.GENERIC_SOURCE,
    )


def allowed(permitted: Mapping[Outcome, Verdict]) -> list[Outcome]:
    """The permitted outcomes of a `permitted_outcomes` result, least severe first."""
    return [o for o in OUTCOME_SEVERITY if permitted[o].permitted]


# --- Facts derived from records, not ticked (issue #7, item 4) ------------------------------------
def fww_in_force_on(warnings: Iterable[Warning], severity_assessment_on: date) -> bool:
    """Whether a final written warning was in force on the severity-assessment date (reg 42(5), 62(3))."""
    return any(w.kind is WarningKind.FINAL_WRITTEN and w.is_live(severity_assessment_on) for w in warnings)


def ww_in_force_on(warnings: Iterable[Warning], severity_assessment_on: date) -> bool:
    """Whether a written warning was in force on the severity-assessment date."""
    return any(w.kind is WarningKind.WRITTEN and w.is_live(severity_assessment_on) for w in warnings)


def unconnected_incidents(findings: Iterable[tuple[FindingLevel | str, str | None]]) -> bool:
    """Reg 42(6): misconduct found "arising from more than one incident" that are "not closely factually
    connected".

    `findings` are (level, incident) per allegation. The panel groups allegations arising from one incident,
    or from closely factually connected incidents, under one incident label; an allegation with no label
    has not been grouped and never counts. True only where allegations found to be misconduct carry two or
    more different labels.
    """
    labels = {(incident or "").strip() for level, incident in findings
              if FindingLevel(level) is FindingLevel.MISCONDUCT and (incident or "").strip()}
    return len(labels) > 1


# --- Panels ---------------------------------------------------------------------------------------
class PanelRoles(list[PanelRole]):
    """The roles a valid panel needs (a role listed twice is needed twice), with the rule's provenance."""

    def __init__(self, roles: Iterable[PanelRole], source: str, verified: bool, modelled: bool = True) -> None:
        super().__init__(roles)
        self.source = source
        self.verified = verified
        self.modelled = modelled


def panel_roles(
    regime: Regime | str, proceeding: Proceeding | str, officer: OfficerCategory | str = OfficerCategory.OTHER
) -> PanelRoles:
    """The roles a valid panel needs under the panel rule set, for this kind of officer.

    Where no row models the case (e.g. an accelerated hearing of a senior officer) the result is empty
    with `modelled` False: say so to the user rather than pass any panel.
    """
    regime, proceeding, officer = Regime(regime), Proceeding(proceeding), OfficerCategory(officer)
    row = next((r for r in T.PANELS if regime in r.regimes and r.proceeding is proceeding
                and officer in r.officers), None)
    if row is None:
        if proceeding is Proceeding.ACCELERATED_HEARING and officer is not OfficerCategory.OTHER:
            text = T.PANEL_NOT_MODELLED_AMH_SENIOR.format(officer=officer.value.replace("_", " "),
                                                          regime=regime.label)
            return PanelRoles((), text, False, modelled=False)
        what = f"{proceeding.label.lower()}, {officer.label.lower()}, {regime.label}"
        return PanelRoles((), T.PANEL_NOT_MODELLED.format(what=what), False, modelled=False)
    return PanelRoles(row.roles, row.source, row.verified)


class ChairDelegate(StrEnum):
    """Who a chief officer may delegate the chair (or an accelerated hearing) to (reg 2(4B))."""

    SENIOR_OFFICER = "senior_officer"
    FORMER_SENIOR_OFFICER = "former_senior_officer"
    POLICE_STAFF = "police_staff"


def chair_delegate_problems(
    delegate: ChairDelegate | str,
    *,
    panel_regime: Regime | str,
    delegated_on: date | None = None,
    last_served_as_senior_on: date | None = None,
    operational_policing: bool = False,
    certified_the_case: bool = False,
) -> list[str]:
    """Why this person may not take the chair (or conduct the accelerated hearing) a chief officer delegated.

    Reg 2(4A)-(4C) as inserted by SI 2024/521 reg 3(1)(b) (`T.CHAIR_DELEGATES`): a senior officer; a former
    senior officer who last served as one "no more than five years before" the date of delegation; or, unless the
    case "substantially involves operational policing matters", a police staff member of similar seniority; never
    the senior officer who certified the case under reg 49. Empty when the delegation is lawful on what is known.
    """
    kind = ChairDelegate(delegate)
    row = T.CHAIR_DELEGATES[kind.value]
    if Regime(panel_regime) not in T.CHAIR_DELEGATION_REGIMES:
        return [f"Delegating the chair under reg 2(4A) exists only under the SI 2024/521 panel rules "
                f"({row.source})."]
    problems: list[str] = []
    if kind is ChairDelegate.FORMER_SENIOR_OFFICER:
        if last_served_as_senior_on is None or delegated_on is None:
            problems.append(f"Record when the former senior officer last served as one and the date of "
                            f"delegation: it must be no more than five years ({row.source}).")
        elif last_served_as_senior_on < _months_before(delegated_on, T.FORMER_SENIOR_OFFICER_MONTHS):
            problems.append(f"The former senior officer last served as one more than five years before the "
                            f"delegation ({row.source}).")
    if kind is ChairDelegate.POLICE_STAFF and operational_policing:
        problems.append(f"A police staff member may not chair a case that substantially involves operational "
                        f"policing matters ({row.source}).")
    if certified_the_case:
        problems.append(f"The person who certified the case under reg 49 may not chair or conduct it "
                        f"({T.CERTIFIER_BAR_SOURCE}).")
    return problems


def _months_before(d: date, months: int) -> date:
    """The corresponding date `months` earlier (the month's last day where there is none)."""
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def panel_problems(
    regime: Regime | str,
    proceeding: Proceeding | str,
    roles: Iterable[PanelRole | str],
    officer: OfficerCategory | str = OfficerCategory.OTHER,
) -> list[str]:
    """What a panel with these members' roles lacks or should not have; empty when it is complete."""
    needed = panel_roles(regime, proceeding, officer)
    if not needed.modelled:
        return [needed.source]
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
                f"({Proceeding(proceeding).label.lower()}, {Regime(regime).label})."
            )
    return problems


# --- Warnings -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Warning:
    """A written or final written warning given to an officer."""

    kind: WarningKind
    given_on: date
    period_months: int | None = None
    career_break_days: int = 0

    @property
    def last_day(self) -> date:
        """The last day on which the warning is in force."""
        return warning_last_day(self.kind, self.given_on, self.period_months, self.career_break_days)

    @property
    def expires_on(self) -> date:
        """The first day on which the warning is no longer in force."""
        return self.last_day + timedelta(days=1)

    def is_live(self, on: date) -> bool:
        return self.given_on <= on <= self.last_day


def warning_last_day(
    kind: WarningKind | str,
    given_on: date,
    period_months: int | None = None,
    career_break_days: int = 0,
) -> date:
    """The last day a warning is in force (`T.PERIOD_RULE_SOURCE`, reg 62(4)-(5)).

    A period of N months "beginning with the day on which it was notified" ends on the day before the
    corresponding date N months on; where that month has no corresponding date (29–31 of a shorter
    month) it ends on the last day of that month. Days on a career break do not count, so they extend it.
    """
    row = T.WARNINGS[WarningKind(kind).value]
    months = row.default_months if period_months is None else period_months
    if not row.min_months <= months <= row.max_months:
        span = (f"{row.min_months} months" if row.min_months == row.max_months
                else f"{row.min_months}–{row.max_months} months")
        raise ValueError(f"a {WarningKind(kind).label.lower()} lasts {span}, not {months}")
    if career_break_days < 0:
        raise ValueError("career break days cannot be negative")
    target_month = given_on.month - 1 + months
    year, month = given_on.year + target_month // 12, target_month % 12 + 1
    days_in_month = calendar.monthrange(year, month)[1]
    if given_on.day > days_in_month:  # no corresponding date: the period runs to the month's end
        last = date(year, month, days_in_month)
    else:
        last = date(year, month, given_on.day) - timedelta(days=1)
    return last + timedelta(days=career_break_days)


def warning_expiry(
    kind: WarningKind | str,
    given_on: date,
    period_months: int | None = None,
    career_break_days: int = 0,
) -> date:
    """The first day on which the warning is no longer in force (the day after `warning_last_day`)."""
    return warning_last_day(kind, given_on, period_months, career_break_days) + timedelta(days=1)


def warning_is_live(
    kind: WarningKind | str,
    given_on: date,
    on: date,
    period_months: int | None = None,
    career_break_days: int = 0,
) -> bool:
    """Whether a warning notified on `given_on` is in force on `on`."""
    return Warning(WarningKind(kind), given_on, period_months, career_break_days).is_live(on)
