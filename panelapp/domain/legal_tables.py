"""The legal tables, as data a reviewer can check line by line.

Every row names its source and whether we verified it against the regulation or an official page
(`verified=True`, "[V]" in ../shared/DOMAIN.md) or only a secondary source / not at all (`False`).
Rules code in `rules.py` evaluates these rows; it holds no legal facts of its own.

Abbreviations: "Conduct Regs" = the Police (Conduct) Regulations 2020 (SI 2020/4) as amended by
SI 2024/521 (from 7 May 2024) and SI 2025/558 (from 28 May 2025).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from panelapp.domain.vocabulary import FindingLevel as L
from panelapp.domain.vocabulary import Outcome as O
from panelapp.domain.vocabulary import PanelRole as R
from panelapp.domain.vocabulary import Proceeding as P
from panelapp.domain.vocabulary import Regime


# --- Regimes ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegimeRow:
    regime: Regime
    first_day: date | None  # proceedings issued on or after this day
    last_day: date | None  # ... and on or before this day
    source: str
    verified: bool


REGIMES: tuple[RegimeRow, ...] = (
    RegimeRow(Regime.R2020, None, date(2024, 5, 6), "Conduct Regs 2020 (SI 2020/4) as made", True),
    RegimeRow(Regime.R2024, date(2024, 5, 7), date(2025, 5, 27), "SI 2024/521 (panel changes)", True),
    RegimeRow(Regime.R2025, date(2025, 5, 28), None, "SI 2025/558 (gross misconduct presumption)", True),
)


# --- Which outcomes exist at all for a (proceeding, most serious level) --------------------------
@dataclass(frozen=True)
class AvailabilityRow:
    proceeding: P
    level: L
    outcomes: tuple[O, ...]
    source: str
    verified: bool


_NONE = (L.NOT_PROVED, L.NO_BREACH)
AVAILABILITY: tuple[AvailabilityRow, ...] = (
    # Misconduct meeting (reg 42): at most a final written warning; gross misconduct is never heard here.
    *(AvailabilityRow(P.MEETING, lv, (O.NO_ACTION,), "Conduct Regs reg 42", True) for lv in _NONE),
    AvailabilityRow(P.MEETING, L.PRACTICE_REQUIRING_IMPROVEMENT, (O.NO_ACTION, O.REFLECTIVE_PRACTICE),
                    "Conduct Regs reg 42 (RPRP direction)", True),
    AvailabilityRow(P.MEETING, L.MISCONDUCT, (O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING),
                    "Conduct Regs reg 42", True),
    AvailabilityRow(P.MEETING, L.GROSS_MISCONDUCT, (), "Conduct Regs reg 42 (not heard at a meeting)", True),
    # Misconduct hearing (reg 42).
    *(AvailabilityRow(P.HEARING, lv, (O.NO_ACTION,), "Conduct Regs reg 42", True) for lv in _NONE),
    AvailabilityRow(P.HEARING, L.PRACTICE_REQUIRING_IMPROVEMENT, (O.NO_ACTION, O.REFLECTIVE_PRACTICE),
                    "Conduct Regs reg 42 (RPRP direction)", True),
    AvailabilityRow(P.HEARING, L.MISCONDUCT,
                    (O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
                    "Conduct Regs reg 42 (reduction/dismissal gated, see RESTRICTIONS)", True),
    AvailabilityRow(P.HEARING, L.GROSS_MISCONDUCT,
                    (O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
                    "Conduct Regs reg 42", True),
    # Accelerated misconduct hearing (reg 62): action only on gross misconduct; otherwise the case is
    # dismissed or returned to be dealt with as ordinary proceedings.
    *(AvailabilityRow(P.ACCELERATED_HEARING, lv, (O.NO_ACTION,), "Conduct Regs reg 62 (dismiss or return)", True)
      for lv in (*_NONE, L.PRACTICE_REQUIRING_IMPROVEMENT, L.MISCONDUCT)),
    AvailabilityRow(P.ACCELERATED_HEARING, L.GROSS_MISCONDUCT,
                    (O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
                    "Conduct Regs reg 62", True),
)

# Former officers: the only outcome is a finding that they would have been dismissed (gross misconduct);
# anything less ends with no action.
FORMER_OFFICER_AVAILABILITY: dict[L, tuple[O, ...]] = {
    L.NOT_PROVED: (O.NO_ACTION,),
    L.NO_BREACH: (O.NO_ACTION,),
    L.PRACTICE_REQUIRING_IMPROVEMENT: (O.NO_ACTION,),
    L.MISCONDUCT: (O.NO_ACTION,),
    L.GROSS_MISCONDUCT: (O.WOULD_HAVE_BEEN_DISMISSED,),
}
FORMER_OFFICER_SOURCE = "Conduct Regs reg 42 / reg 62 (former officers); Police Barred List Regs 2017"

# Why an outcome is absent from AVAILABILITY, in one sentence citing the regulation. The key is
# (proceeding or None for any, outcome); the first match wins, the generic sentence is the fallback.
UNAVAILABLE_REASONS: dict[tuple[P | None, O], str] = {
    (None, O.WOULD_HAVE_BEEN_DISMISSED):
        "A finding that the officer would have been dismissed is only for former officers (Conduct Regs reg 42).",
    (P.MEETING, O.REDUCTION_IN_RANK):
        "A misconduct meeting can never reduce an officer in rank (Conduct Regs reg 42).",
    (P.MEETING, O.DISMISSAL_WITHOUT_NOTICE):
        "A misconduct meeting can never dismiss an officer (Conduct Regs reg 42).",
}
GENERIC_UNAVAILABLE = ("{outcome} is not available where the most serious finding is {level} at a "
                       "{proceeding} ({source}).")
FORMER_OFFICER_UNAVAILABLE = ("For a former officer the only outcome is a finding that they would have been "
                              "dismissed, on gross misconduct; otherwise no action ({source}).")


# --- Restrictions: an available outcome barred by the officer's circumstances --------------------
@dataclass(frozen=True)
class Facts:
    """The circumstances `RESTRICTIONS` look at (normalised arguments of `permitted_outcomes`)."""

    regime: Regime
    proceeding: P
    level: L
    fww_in_force: bool
    unconnected_incidents: bool
    former_officer: bool
    reduced_in_rank: bool
    ww_in_force: bool
    lowest_rank: bool


@dataclass(frozen=True)
class Restriction:
    id: str
    outcomes: tuple[O, ...]
    applies: Callable[[Facts], bool]
    reason: str
    source: str
    verified: bool


RESTRICTIONS: tuple[Restriction, ...] = (
    Restriction(
        "fww-already-in-force", (O.FINAL_WRITTEN_WARNING,),
        lambda f: f.fww_in_force,
        "A final written warning cannot be given when one was already in force at the severity-assessment "
        "date (Conduct Regs reg 42).",
        "Conduct Regs reg 42", True),
    Restriction(
        "misconduct-dismissal-gate", (O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
        lambda f: f.level == L.MISCONDUCT and not (f.fww_in_force or f.unconnected_incidents),
        "For misconduct (not gross misconduct) reduction in rank or dismissal needs a final written warning "
        "in force at the severity-assessment date, or several incidents not closely connected (Conduct Regs "
        "reg 42).",
        "Conduct Regs reg 42", True),
    Restriction(
        "ever-reduced-in-rank", (O.REDUCTION_IN_RANK,),
        lambda f: f.reduced_in_rank,
        "An officer who has ever been reduced in rank (under the 2004 or 2020 Regulations) cannot be reduced "
        "in rank again (Conduct Regs reg 62(7)).",
        "Conduct Regs reg 62(7)", True),
    Restriction(
        "constable-cannot-be-reduced", (O.REDUCTION_IN_RANK,),
        lambda f: f.lowest_rank,
        "A constable holds the lowest rank and cannot be reduced in rank (Conduct Regs reg 42; secondary "
        "source).",
        "Police Act 1996 ranks; College of Policing outcomes guidance", False),
    Restriction(
        "ww-while-warning-in-force", (O.WRITTEN_WARNING,),
        lambda f: f.ww_in_force,
        "A written warning is not given while a written warning is already in force (Conduct Regs reg 42; "
        "wording unverified).",
        "Conduct Regs reg 42 [U: wording of the written-warning bar]", False),
)

# Rows that do not bar an outcome but affect readiness: from 28 May 2025 gross misconduct means
# dismissal save in exceptional circumstances (SI 2025/558 amending regs 42 and 62).
GM_PRESUMPTION_REGIMES: tuple[Regime, ...] = (Regime.R2025,)
GM_PRESUMPTION_SOURCE = "SI 2025/558 amending Conduct Regs reg 42 and reg 62 [S: Home Office, Police Federation]"
# From 7 May 2024, gross misconduct found but no dismissal: reasons, and a copy to the local policing body.
GM_NOT_DISMISSED_REPORT_REGIMES: tuple[Regime, ...] = (Regime.R2024, Regime.R2025)
GM_NOT_DISMISSED_REPORT_SOURCE = "SI 2024/521 amending Conduct Regs reg 43"


# --- Panels ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PanelRow:
    regimes: tuple[Regime, ...]
    proceeding: P
    roles: tuple[R, ...]
    source: str
    verified: bool


PANELS: tuple[PanelRow, ...] = (
    PanelRow((Regime.R2020,), P.HEARING,
             (R.LEGALLY_QUALIFIED_CHAIR, R.POLICE_MEMBER, R.INDEPENDENT_MEMBER),
             "Conduct Regs reg 28 as made", True),
    PanelRow((Regime.R2024, Regime.R2025), P.HEARING,
             (R.CHIEF_OFFICER_CHAIR, R.INDEPENDENT_MEMBER, R.INDEPENDENT_MEMBER, R.LEGALLY_QUALIFIED_PERSON),
             "Conduct Regs reg 28 as amended by SI 2024/521 (LQP advises; panel must have regard)", True),
    PanelRow((Regime.R2020, Regime.R2024, Regime.R2025), P.MEETING, (R.MEETING_CHAIR,),
             "Conduct Regs reg 28 (one person at least one rank above the officer)", True),
    PanelRow((Regime.R2020, Regime.R2024, Regime.R2025), P.ACCELERATED_HEARING, (R.CHIEF_OFFICER_CHAIR,),
             "Conduct Regs reg 58 (chief officer, delegable)", True),
)


# --- Warnings -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WarningRow:
    kind: str
    default_months: int
    min_months: int
    max_months: int
    source: str
    verified: bool


WARNINGS: dict[str, WarningRow] = {
    "written_warning": WarningRow("written_warning", 18, 18, 18, "Conduct Regs reg 42 [S]", False),
    "final_written_warning": WarningRow("final_written_warning", 24, 24, 60,
                                        "Conduct Regs reg 62(4) (2 years, or longer up to 5 years)", True),
}
CAREER_BREAK_SOURCE = "Conduct Regs: time on a career break does not count towards a warning's period"


# --- Time limits (working days unless `calendar_days`) -------------------------------------------
@dataclass(frozen=True)
class DeadlineRow:
    key: str
    name: str
    regulation: str
    days: int
    counted_from: str  # a CaseFacts field (or another deadline's key, for witness lists)
    proceedings: tuple[P, ...]
    verified: bool
    before: bool = False  # the limit falls `days` before the date, not after
    calendar_days: bool = False
    only_for_outcomes: tuple[O, ...] = ()
    note: str = ""


_ALL = (P.MEETING, P.HEARING, P.ACCELERATED_HEARING)
DEADLINES: tuple[DeadlineRow, ...] = (
    DeadlineRow("officer_response", "Officer's response (accept/deny, account, documents)", "reg 31(1)–(3)",
                15, "reg30_notice_on", (P.MEETING, P.HEARING), True, note="extendable"),
    DeadlineRow("witness_lists", "Witness lists exchanged", "reg 31(4)", 3, "officer_response_on",
                (P.MEETING, P.HEARING), True, note="counted from the response (or its due date)"),
    DeadlineRow("hearing_date_proposal", "Officer may propose another hearing date", "regs 33–35", 5,
                "hearing_notice_on", (P.MEETING, P.HEARING), True),
    DeadlineRow("pre_hearing", "Pre-hearing", "reg 33", 15, "documents_to_chair_on", (P.HEARING,), True,
                note="within 15 working days of the documents reaching the chair"),
    DeadlineRow("public_notice", "Public notice of the hearing (forces publish at least 5 WD before)",
                "reg 36", 5, "hearing_start_on", (P.HEARING, P.ACCELERATED_HEARING), False, before=True),
    DeadlineRow("amh_earliest", "Accelerated hearing: earliest day", "reg 52", 10, "reg51_notice_on",
                (P.ACCELERATED_HEARING,), True),
    DeadlineRow("amh_latest", "Accelerated hearing: latest day", "reg 52", 15, "reg51_notice_on",
                (P.ACCELERATED_HEARING,), True),
    DeadlineRow("outcome_report", "Outcome report to the appropriate authority", "reg 43(1)", 5,
                "hearing_end_on", _ALL, True, note="counted from the first working day after the hearing ends"),
    DeadlineRow("meeting_appeal", "Appeal from a misconduct meeting", "reg 45", 7, "outcome_notified_on",
                (P.MEETING,), True),
    DeadlineRow("pat_appeal", "Appeal to the Police Appeals Tribunal", "PAT Rules 2020 (SI 2020/1) r.9", 10,
                "outcome_notified_on", (P.HEARING, P.ACCELERATED_HEARING), False,
                note="from the first working day after the written decision is supplied"),
    DeadlineRow("barred_list", "Barred-list report to the College of Policing",
                "Police Barred List and Police Advisory List Regulations 2017", 5, "outcome_decided_on",
                _ALL, True, only_for_outcomes=(O.DISMISSAL_WITHOUT_NOTICE, O.WOULD_HAVE_BEEN_DISMISSED)),
    DeadlineRow("publication_takedown", "Published outcome may come down (at least 28 days up)", "reg 63",
                28, "published_on", (P.HEARING, P.ACCELERATED_HEARING), False, calendar_days=True,
                note="the notice stays up at least 28 calendar days"),
)
