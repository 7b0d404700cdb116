"""The legal tables, as data a reviewer can check line by line.

Every row names its source and whether we read it in the regulation's own text (`verified=True`,
"[V]" in ../shared/DOMAIN.md) or only in a secondary source, a parallel instrument, or not at all
(`False`). Rules code in `rules.py`, `rule_sets.py` and `deadlines.py` evaluates these rows; it holds
no legal facts of its own. `rule_catalogue.py` prints every row for a legal adviser to audit.

What "read" means here: the text was read on legislation.gov.uk (or a mirror of it) during the review
for issue #7. Short quotations in comments are the words that decide a point.

Abbreviations: "Conduct Regs" = the Police (Conduct) Regulations 2020 (SI 2020/4); "MDP Regs" = the
Ministry of Defence Police (Conduct, Performance and Appeals Tribunals) Regulations 2020 (SI 2020/1087),
whose Schedule 1 mirrors the Conduct Regs and is cited only as a parallel [S], never as the law.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from panelapp.domain.vocabulary import FindingLevel as L
from panelapp.domain.vocabulary import OfficerCategory as C
from panelapp.domain.vocabulary import Outcome as O
from panelapp.domain.vocabulary import PanelRole as R
from panelapp.domain.vocabulary import Proceeding as P
from panelapp.domain.vocabulary import Regime
from panelapp.domain.vocabulary import RuleQuestion as Q


# --- Legacy: one "date issued" (kept only for `rules.regime_for`; see RULE_SET_TRIGGERS) -----------
@dataclass(frozen=True)
class RegimeRow:
    regime: Regime
    first_day: date | None  # proceedings issued on or after this day
    last_day: date | None  # ... and on or before this day
    source: str
    verified: bool


REGIMES: tuple[RegimeRow, ...] = (
    RegimeRow(Regime.R2020, None, date(2024, 5, 6), "Conduct Regs 2020 (SI 2020/4) as made [superseded: "
              "one issue date does not decide the rule set]", False),
    RegimeRow(Regime.R2024, date(2024, 5, 7), date(2025, 5, 27), "SI 2024/521 reg 1(2) (in force 7 May 2024)",
              False),
    RegimeRow(Regime.R2025, date(2025, 5, 28), None, "SI 2025/558 reg 1(1) (in force 28 May 2025)", False),
)

# --- Which rule set answers which question (item 2 of issue #7) ----------------------------------
CONDUCT_2020_START = date(2020, 2, 1)
SI_2024_521_START = date(2024, 5, 7)
SI_2025_558_START = date(2025, 5, 28)


@dataclass(frozen=True)
class RuleSetTrigger:
    """How one question's rule set is chosen: the date that decides it, the boundary and the law."""

    key: str
    question: Q | None  # None: every question
    decided_by: str
    rule: str
    source: str
    verified: bool


RULE_SET_TRIGGERS: tuple[RuleSetTrigger, ...] = (
    RuleSetTrigger(
        "2012-regulations", None, "each allegation's date it came to the appropriate authority's attention",
        "A conduct matter that came to attention before 1 Feb 2020 stays under the Police (Conduct) "
        "Regulations 2012, as does a later related matter handled with it; outcome checking is not "
        "available for such a case.",
        "SI 2020/4 reg 3 [not read]; the same trigger read in SI 2020/2 reg 2(2)(a)-(b) (\"came to the "
        "attention of an appropriate authority, before 1st February 2020\") and SI 2020/5 reg 3(1)", False),
    RuleSetTrigger(
        "2025-outcomes", Q.OUTCOMES, "each allegation's date it came to the attention of the local policing "
        "body, a chief officer or the Director General",
        "The SI 2025/558 Part 3 amendments (reg 42/62 outcomes) do not have effect for a pre-commencement "
        "allegation (before 28 May 2025), nor for a later related allegation while the earlier one is being "
        "handled under the old rules.",
        "SI 2025/558 reg 64(1)", True),
    RuleSetTrigger(
        "2025-iopc-direction", None, "an IOPC re-investigation (s.13B) or s.28A direction",
        "The SI 2025/558 amendments apply \"regardless of when the complaint was made or the matter came to "
        "the attention of the appropriate authority\" where the Director General directs a re-investigation "
        "or makes a s.28A direction.",
        "SI 2025/558 reg 64(2)", True),
    RuleSetTrigger(
        "2025-schedule", Q.FORMER_OFFICER_SCHEDULE, "the reg 30(1) or reg 51(1) notice date",
        "The SI 2025/558 Schedule (former officers) applies where the officer \"was not given written notice "
        "before 28th May 2025\" under reg 30(1) or reg 51(1).",
        "SI 2025/558 reg 64(3)", True),
    RuleSetTrigger(
        "2024-panels", Q.PANEL, "the reg 30 (or reg 51) notice date",
        "The SI 2024/521 panel rules (chief-officer chair, two independent members, LQP adviser) are taken "
        "to apply where the notice was given on or after 7 May 2024.",
        "SI 2024/521 reg 1(2) (in force 7 May 2024) read; its transitional provision was not found in the "
        "text available [U]: keyed on the notice date as ../shared/DOMAIN.md directs", False),
)

# SI 2025/558 Schedule: "a presumption that a former police officer should be referred to an accelerated
# misconduct hearing rather than a misconduct hearing unless the officer opts for a misconduct hearing or the
# appropriate authority determines that a misconduct hearing is necessary" (Explanatory Note; the Schedule's
# new regs 21A-21G were read only in part).
FORMER_OFFICER_DEFAULT_PROCEEDING: dict[Regime, tuple[P, str, bool]] = {
    Regime.R2025: (P.ACCELERATED_HEARING, "SI 2025/558 Schedule para 3 (Conduct Regs Sch 1 para 14A, new Part 3A) "
                   "[S: Explanatory Note; the new regulations read only in part]", False),
    Regime.R2020: (P.HEARING, "Conduct Regs Sch 1 as it stood before SI 2025/558 (no meetings for former "
                   "officers, para 1) [S]", False),
}


# --- Which outcomes exist at all ------------------------------------------------------------------
@dataclass(frozen=True)
class OutcomeRow:
    """`outcome` is open for (rule sets, proceeding, level, former officer or serving)."""

    regimes: tuple[Regime, ...]
    proceeding: P
    level: L
    former_officer: bool
    outcome: O
    source: str
    verified: bool


RULES_2020 = (Regime.R2020, Regime.R2024)  # before SI 2025/558 Part 3 (outcome tables identical)
ALL_2020 = (Regime.R2020, Regime.R2024, Regime.R2025)
OUTCOME_CHECKED_REGIMES = ALL_2020  # never R2012: its outcomes differ and are not modelled
_NONE = (L.NOT_PROVED,)
_BELOW_GM = (L.NOT_PROVED, L.NO_BREACH, L.PRACTICE_REQUIRING_IMPROVEMENT, L.MISCONDUCT)


def _rows(regimes: tuple[Regime, ...], proceedings: tuple[P, ...], levels: tuple[L, ...], former: bool,
          outcomes: tuple[O, ...], source: str, verified: bool) -> tuple[OutcomeRow, ...]:
    return tuple(OutcomeRow(regimes, p, lv, former, o, source, verified)
                 for p in proceedings for lv in levels for o in outcomes)


_MH = (P.MEETING, P.HEARING)
OUTCOMES: tuple[OutcomeRow, ...] = (
    # Serving officers, meeting and hearing. Reg 42(1): the panel "may" impose action, and "where they find
    # the conduct amounts to neither gross misconduct nor misconduct, direct that the matter is referred to
    # be dealt with under the reflective practice review process" — which on its words covers "no breach".
    *_rows(ALL_2020, _MH, (L.NOT_PROVED, L.NO_BREACH, L.PRACTICE_REQUIRING_IMPROVEMENT), False, (O.NO_ACTION,),
           "Conduct Regs reg 42(1) (\"may\")", True),
    *_rows(ALL_2020, _MH, (L.NO_BREACH, L.PRACTICE_REQUIRING_IMPROVEMENT), False, (O.REFLECTIVE_PRACTICE,),
           "Conduct Regs reg 42(1)(b) (\"neither gross misconduct nor misconduct\")", True),
    *_rows(ALL_2020, (P.MEETING,), (L.MISCONDUCT,), False, (O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING),
           "Conduct Regs reg 42(2)", True),
    *_rows(ALL_2020, (P.HEARING,), (L.MISCONDUCT,), False,
           (O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
           "Conduct Regs reg 42(3)(a) (reduction/dismissal \"where paragraph (5) or (6) applies\")", True),
    # No action after a misconduct finding: reg 42(1) "may" as made [V]; whether SI 2025/558 reg 15 made
    # action mandatory was not read, so under the 2025 rules it stays open but unverified.
    *_rows(RULES_2020, _MH, (L.MISCONDUCT,), False, (O.NO_ACTION,), "Conduct Regs reg 42(1) (\"may\")", True),
    *_rows((Regime.R2025,), _MH, (L.MISCONDUCT,), False, (O.NO_ACTION,),
           "Conduct Regs reg 42(1) as amended by SI 2025/558 reg 15 [U: reg 15 not read]", False),
    *_rows(ALL_2020, (P.HEARING,), (L.GROSS_MISCONDUCT,), False,
           (O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
           "Conduct Regs reg 42(3)(b)", True),
    # Accelerated hearing: gross misconduct "must impose disciplinary action" (reg 62(1)); anything less
    # dismisses the case or returns it (reg 62(8): its text was cut off in the copy read; the words
    # "(a) dismiss the case, or (b) retur[n]" were read in the MDP Regs Sch 1 para 62(8)).
    *_rows(ALL_2020, (P.ACCELERATED_HEARING,), (L.GROSS_MISCONDUCT,), False,
           (O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
           "Conduct Regs reg 62(1) (\"must impose disciplinary action\")", True),
    *_rows(ALL_2020, (P.ACCELERATED_HEARING,), _BELOW_GM, False, (O.CASE_DISMISSED, O.CASE_RETURNED),
           "Conduct Regs reg 62(8) [S: read in the MDP Regs parallel]", False),
    # Former officers (Schedule 1). Para 1 omits the definitions of "misconduct meeting" and "reflective
    # practice review process" and defines "disciplinary action for gross misconduct" as "a finding that the
    # officer concerned would have been dismissed". Para 39 (reg 62): the panel "may (a) where ... gross
    # misconduct, impose disciplinary action for gross misconduct, or (b) where ... misconduct but not
    # gross misconduct, record a finding of misconduct but take no further action".
    *_rows(ALL_2020, (P.HEARING, P.ACCELERATED_HEARING), _BELOW_GM, True, (O.NO_ACTION,),
           "Conduct Regs Sch 1 para 1(a)(ii) and para 39(1)(b)", True),
    *_rows(ALL_2020, (P.ACCELERATED_HEARING,), (L.GROSS_MISCONDUCT,), True,
           (O.WOULD_HAVE_BEEN_DISMISSED, O.NO_ACTION), "Conduct Regs Sch 1 para 39(1)(a) (\"may\")", True),
    *_rows(ALL_2020, (P.HEARING,), (L.GROSS_MISCONDUCT,), True, (O.WOULD_HAVE_BEEN_DISMISSED, O.NO_ACTION),
           "Conduct Regs Sch 1 modification of reg 42 [S: not read; para 39 (reg 62) read]", False),
    *_rows(ALL_2020, (P.HEARING,), (L.MISCONDUCT,), True, (O.WOULD_HAVE_BEEN_DISMISSED,),
           "Conduct Regs Sch 1 modification of reg 42 with reg 42(5)/(6) [S: review of reg 42; not read]", False),
    *_rows(ALL_2020, (P.ACCELERATED_HEARING,), _BELOW_GM, True, (O.CASE_DISMISSED, O.CASE_RETURNED),
           "Conduct Regs Sch 1 para 39 [U: whether reg 62(8) survives the modification not read]", False),
)

# Why an outcome is absent, in one sentence citing the regulation. Key: (proceeding or None for any,
# former officer or None for either, outcome); the first match wins, then the generic sentence.
UNAVAILABLE_REASONS: dict[tuple[P | None, bool | None, O], str] = {
    (P.MEETING, True, O.NO_ACTION):
        "A former officer is not dealt with at a misconduct meeting (Conduct Regs Sch 1 para 1).",
    (None, False, O.WOULD_HAVE_BEEN_DISMISSED):
        "A finding that the officer would have been dismissed is only for former officers (Conduct Regs Sch 1).",
    (P.MEETING, False, O.REDUCTION_IN_RANK):
        "A misconduct meeting can never reduce an officer in rank (Conduct Regs reg 42(2)).",
    (P.MEETING, False, O.DISMISSAL_WITHOUT_NOTICE):
        "A misconduct meeting can never dismiss an officer (Conduct Regs reg 42(2)).",
    (P.ACCELERATED_HEARING, False, O.NO_ACTION):
        "An accelerated hearing finding less than gross misconduct dismisses the case or returns it "
        "(Conduct Regs reg 62(8)).",
    (None, True, O.REFLECTIVE_PRACTICE):
        "The reflective practice review process is not available for a former officer (Conduct Regs Sch 1 "
        "para 1).",
    (None, None, O.CASE_DISMISSED):
        "Only an accelerated hearing that finds less than gross misconduct dismisses the case (Conduct Regs "
        "reg 62(8)).",
    (None, None, O.CASE_RETURNED):
        "Only an accelerated hearing that finds less than gross misconduct returns the case (Conduct Regs "
        "reg 62(8)).",
}
FORMER_MEETING_REASON = "A former officer is not dealt with at a misconduct meeting (Conduct Regs Sch 1 para 1)."
GENERIC_UNAVAILABLE = ("{outcome} is not available where the most serious finding is {level} at a "
                       "{proceeding} ({source}).")
GENERIC_SOURCE = "Conduct Regs reg 42 / reg 62"
NOT_CHECKED_2012 = ("Outcome checking is not available for a case under the Police (Conduct) Regulations 2012 "
                    "(dismissal with notice and management advice exist there): check the outcome against "
                    "SI 2012/2632 reg 35 by hand.")
NOT_CHECKED_2012_SOURCE = "SI 2012/2632 reg 35 as made (read in part); later amendments not read"


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


_AMH = P.ACCELERATED_HEARING
RESTRICTIONS: tuple[Restriction, ...] = (
    Restriction(
        "fww-already-in-force-amh", (O.FINAL_WRITTEN_WARNING,),
        lambda f: f.fww_in_force and f.proceeding is _AMH,
        "A final written warning must not be given when one was in force on the date of the severity "
        "assessment (Conduct Regs reg 62(3)).",
        "Conduct Regs reg 62(3)", True),
    Restriction(
        "fww-already-in-force", (O.FINAL_WRITTEN_WARNING,),
        lambda f: f.fww_in_force and f.proceeding is not _AMH,
        "A final written warning cannot be given when one was already in force at the severity-assessment "
        "date (Conduct Regs reg 42; its twin reg 62(3) read, reg 42's own paragraph not read).",
        "Conduct Regs reg 42 [S: reg 42(7)-(8) not read; reg 62(3) read]", False),
    Restriction(
        "misconduct-dismissal-gate", (O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
        lambda f: f.level is L.MISCONDUCT and not (f.fww_in_force or f.unconnected_incidents),
        "For misconduct (not gross misconduct) reduction in rank or dismissal needs a final written warning "
        "in force at the severity-assessment date, or misconduct found in more than one incident not closely "
        "factually connected (Conduct Regs reg 42(3)(a), (5) and (6)).",
        "Conduct Regs reg 42(3)(a)(iii)-(iv), (5), (6)", True),
    Restriction(
        "former-officer-finding-gate", (O.WOULD_HAVE_BEEN_DISMISSED,),
        lambda f: f.level is L.MISCONDUCT and not (f.fww_in_force or f.unconnected_incidents),
        "On misconduct a former officer can be found to have been dismissable only where dismissal was open "
        "to a serving officer: a final written warning in force or unconnected incidents (Conduct Regs reg "
        "42(5)-(6) with Sch 1; secondary source).",
        "Conduct Regs reg 42(5)-(6) with Sch 1 [S]", False),
    Restriction(
        "ever-reduced-in-rank-amh", (O.REDUCTION_IN_RANK,),
        lambda f: f.reduced_in_rank and f.proceeding is _AMH,
        "A reduction in rank may not be imposed on an officer reduced in rank before under the 2004 or 2020 "
        "Regulations (Conduct Regs reg 62(7)).",
        "Conduct Regs reg 62(7)", True),
    Restriction(
        "ever-reduced-in-rank", (O.REDUCTION_IN_RANK,),
        lambda f: f.reduced_in_rank and f.proceeding is not _AMH,
        "An officer who has ever been reduced in rank (under the 2004 or 2020 Regulations) cannot be reduced "
        "in rank again (Conduct Regs reg 42; its twin reg 62(7) read).",
        "Conduct Regs reg 42 [S: reg 42's paragraph not read; reg 62(7) read]", False),
    Restriction(
        "constable-cannot-be-reduced", (O.REDUCTION_IN_RANK,),
        lambda f: f.lowest_rank,
        "A constable holds the lowest rank and cannot be reduced in rank (Conduct Regs reg 42; secondary "
        "source).",
        "Police Act 1996 ranks; College of Policing outcomes guidance [S]", False),
    Restriction(
        "ww-while-warning-in-force", (O.WRITTEN_WARNING,),
        lambda f: f.ww_in_force,
        "A written warning is not given while a written warning is already in force (Conduct Regs reg 42; "
        "wording unverified).",
        "Conduct Regs reg 42(7) [U: cut off after \"Where, on the date of the severity assessment\"; MDP "
        "parallel: \"A written warning must not be given where\"]", False),
)

# Rows that affect readiness rather than bar an outcome.
GM_PRESUMPTION_REGIMES: tuple[Regime, ...] = (Regime.R2025,)
GM_PRESUMPTION_SOURCE = ("SI 2025/558 reg 15 and 17 amending Conduct Regs reg 42 and reg 62 [S: Home Office, "
                         "Police Federation; regs 15 and 17 not read]")
# From 7 May 2024, gross misconduct found but no dismissal: reasons, and a copy to the local policing body.
GM_NOT_DISMISSED_REPORT_REGIMES: tuple[Regime, ...] = (Regime.R2024, Regime.R2025)
GM_NOT_DISMISSED_REPORT_SOURCE = ("Conduct Regs reg 43(1)(e) as inserted by SI 2024/521 [S: read in the MDP "
                                  "Regs parallel para 42(1)(e)]")
REDUCTION_VIEWS_SOURCE = ("Conduct Regs reg 62(6) (\"taking into account the views of the appropriate authority, "
                          "including in relation to the likely operational impact\"); reg 42 twin [S]")


# --- Panels ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PanelRow:
    regimes: tuple[Regime, ...]
    proceeding: P
    officers: tuple[C, ...]
    roles: tuple[R, ...]
    source: str
    verified: bool


_POST_2024 = (Regime.R2024, Regime.R2025)
_SENIOR = (C.SENIOR_OFFICER, C.CHIEF_OFFICER)
_NEW_PANEL = (R.INDEPENDENT_MEMBER, R.INDEPENDENT_MEMBER, R.LEGALLY_QUALIFIED_PERSON)
PANELS: tuple[PanelRow, ...] = (
    PanelRow((Regime.R2020,), P.HEARING, (C.OTHER,),
             (R.LEGALLY_QUALIFIED_CHAIR, R.POLICE_MEMBER, R.INDEPENDENT_MEMBER),
             "Conduct Regs reg 28(4) as made [S: the as-made text not read]", False),
    PanelRow(_POST_2024, P.HEARING, (C.OTHER,), (R.CHIEF_OFFICER_CHAIR, *_NEW_PANEL),
             "Conduct Regs reg 28(4) as amended by SI 2024/521 reg 3 [S: chief-officer chair read in reg 3(1)(b) "
             "(\"chair misconduct proceedings under regulation 28(4)(a)\"); two independent members and the LQP "
             "from its Explanatory Note]", False),
    # Reg 28(1)(a) and (3)(a) as amended: "a person ... of at least one rank higher than the officer".
    PanelRow(ALL_2020, P.MEETING, (C.OTHER,), (R.MEETING_CHAIR,), "Conduct Regs reg 28(1)(a), (3)(a)", True),
    # SI 2024/521 reg 3(1)(b) inserting reg 2(4A)(b): the chief officer may delegate when required to
    # "conduct an accelerated misconduct hearing under regulation 55" — reg 55, not reg 58.
    PanelRow(_POST_2024, P.ACCELERATED_HEARING, (C.OTHER,), (R.CHIEF_OFFICER_CHAIR,),
             "Conduct Regs reg 55; SI 2024/521 reg 3(1)(b) inserting reg 2(4A)(b)", True),
    PanelRow((Regime.R2020,), P.ACCELERATED_HEARING, (C.OTHER,), (R.CHIEF_OFFICER_CHAIR,),
             "Conduct Regs reg 55 as made [S: not read]", False),
    # Senior officers: reg 28(2) "those misconduct proceedings must be conducted by a panel of three
    # persons" — meetings included. Who chairs: PNLD legal update of 7 May 2024 [S].
    PanelRow(_POST_2024, P.HEARING, (C.SENIOR_OFFICER,), (R.SENIOR_OFFICER_CHAIR, *_NEW_PANEL),
             "Conduct Regs reg 28(2) (panel of three) [chair: S, PNLD 7 May 2024]", False),
    PanelRow(_POST_2024, P.MEETING, (C.SENIOR_OFFICER,), (R.SENIOR_OFFICER_CHAIR, *_NEW_PANEL),
             "Conduct Regs reg 28(2) (panel of three for any misconduct proceedings) [chair: S]", False),
    PanelRow(_POST_2024, P.HEARING, (C.CHIEF_OFFICER,), (R.HM_INSPECTOR_CHAIR, *_NEW_PANEL),
             "Conduct Regs reg 28(2) [chair: S, PNLD 7 May 2024 (HMCIC or a nominated HMI)]", False),
    PanelRow(_POST_2024, P.MEETING, (C.CHIEF_OFFICER,), (R.HM_INSPECTOR_CHAIR, *_NEW_PANEL),
             "Conduct Regs reg 28(2) [chair: S]", False),
    PanelRow((Regime.R2020,), P.HEARING, _SENIOR,
             (R.LEGALLY_QUALIFIED_CHAIR, R.HM_INSPECTOR_CHAIR, R.INDEPENDENT_MEMBER),
             "Conduct Regs reg 28(2), (5) as made [U: not read]", False),
    PanelRow((Regime.R2020,), P.MEETING, _SENIOR,
             (R.LEGALLY_QUALIFIED_CHAIR, R.HM_INSPECTOR_CHAIR, R.INDEPENDENT_MEMBER),
             "Conduct Regs reg 28(2), (5) as made [U: not read]", False),
    PanelRow((Regime.R2012,), P.HEARING, (C.OTHER,),
             (R.LEGALLY_QUALIFIED_CHAIR, R.POLICE_MEMBER, R.INDEPENDENT_MEMBER),
             "SI 2012/2632 reg 25 as amended [U: not read]", False),
    PanelRow((Regime.R2012,), P.MEETING, (C.OTHER,), (R.MEETING_CHAIR,), "SI 2012/2632 [U: not read]", False),
    PanelRow((Regime.R2012,), P.ACCELERATED_HEARING, (C.OTHER,), (R.CHIEF_OFFICER_CHAIR,),
             "SI 2012/2632 Part 5 [U: not read]", False),
)
PANEL_NOT_MODELLED = ("The panel for this case ({what}) is not modelled: the regulation was not read. Check the "
                      "panel by hand.")


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
    "written_warning": WarningRow("written_warning", 18, 18, 18, "Conduct Regs reg 42 [S: not read]", False),
    # Reg 62(4): "a period of 2 years beginning with the day on which it was notified ... or such longer
    # period ... up to a maximum of 5 years".
    "final_written_warning": WarningRow("final_written_warning", 24, 24, 60, "Conduct Regs reg 62(4)", True),
}
# Reg 62(5): the period "does not include any time when the officer concerned is taking a career break".
CAREER_BREAK_SOURCE = "Conduct Regs reg 62(5)"
CAREER_BREAK_VERIFIED = True
# Periods "beginning with" a day end on the day before the corresponding date, or on the last day of
# the month where there is none (Dodds v Walker [1981] 1 WLR 1027) [S: case law, not regulation text].
PERIOD_RULE_SOURCE = "Corresponding-date rule, Dodds v Walker [1981] 1 WLR 1027 [S]"


# --- Time limits (working days unless `calendar_days`) -------------------------------------------
@dataclass(frozen=True)
class DeadlineRow:
    key: str
    name: str
    regulation: str
    days: int
    counted_from: str  # a CaseFacts field, or another deadline's key (its due date) as a fallback
    proceedings: tuple[P, ...]
    verified: bool
    before: bool = False  # the limit falls `days` before the date, not after
    calendar_days: bool = False
    only_for_outcomes: tuple[O, ...] = ()
    note: str = ""
    fallback: str = ""  # a deadline key whose due date stands in while `counted_from` is unknown


_ALL = (P.MEETING, P.HEARING, P.ACCELERATED_HEARING)
DEADLINES: tuple[DeadlineRow, ...] = (
    # Reg 31(1): "15 working days beginning with the first working day after the documents have been
    # supplied to the officer concerned under regulation 30(1)" — counted from the (deemed) service date.
    DeadlineRow("officer_response", "Officer's response (accept/deny, account, documents)", "reg 31(1)–(3)",
                15, "reg30_served_on", (P.MEETING, P.HEARING), True, note="extendable (reg 31(1)(b))"),
    DeadlineRow("witness_lists", "Witness lists exchanged", "reg 31(4)", 3, "officer_response_on",
                (P.MEETING, P.HEARING), True, note="counted from the response (or its due date)",
                fallback="officer_response"),
    DeadlineRow("documents_to_chair", "Appropriate authority supplies witness lists and documents to the chair",
                "reg 32(2), 32(6)", 10, "officer_response_on", (P.HEARING,), False,
                note="[S] ../shared/DOMAIN.md §6; reg 32 not read: length and starting point unverified",
                fallback="officer_response"),
    # Reg 33(1)(a): "within a period of 15 working days ... beginning with the first working day after the
    # day on which the documents were supplied to the chair under regulation 32(6)".
    DeadlineRow("pre_hearing", "Pre-hearing", "reg 33(1)(a)", 15, "documents_to_chair_on", (P.HEARING,), True,
                note="within 15 working days of the documents reaching the chair (reg 32(6))"),
    # Reg 33(3)(b): an alternative must "fall before the end of 5 working days beginning with the first
    # working day after the day specified by the chair" — not from the notice.
    DeadlineRow("pre_hearing_alternative", "Latest alternative date the officer may propose", "reg 33(3)(b)", 5,
                "chair_specified_on", (P.HEARING,), True,
                note="counted from the date the chair specified, not from the notice"),
    DeadlineRow("public_notice", "Public notice of the hearing (forces publish at least 5 WD before)",
                "reg 36", 5, "hearing_start_on", (P.HEARING, P.ACCELERATED_HEARING), False, before=True,
                note="[S]"),
    # Reg 52(1): "not less than 10 and not more than 15 working days after the date on which notice is
    # given under regulation 51(1)".
    DeadlineRow("amh_earliest", "Accelerated hearing: earliest day", "reg 52(1)", 10, "reg51_served_on",
                (P.ACCELERATED_HEARING,), True),
    DeadlineRow("amh_latest", "Accelerated hearing: latest day", "reg 52(1)", 15, "reg51_served_on",
                (P.ACCELERATED_HEARING,), True),
    DeadlineRow("outcome_report", "Outcome report to the appropriate authority", "reg 43(1)", 5,
                "hearing_end_on", _ALL, False,
                note="counted from the first working day after the hearing ends [S: read in the MDP Regs parallel]"),
    DeadlineRow("meeting_appeal", "Appeal from a misconduct meeting", "reg 45", 7, "outcome_notified_on",
                (P.MEETING,), False, note="[S: reg 45 not read]"),
    DeadlineRow("pat_appeal", "Appeal to the Police Appeals Tribunal", "PAT Rules 2020 (SI 2020/1) r.9", 10,
                "outcome_notified_on", (P.HEARING, P.ACCELERATED_HEARING), False,
                note="[U] from the first working day after the written decision is supplied"),
    DeadlineRow("barred_list", "Barred-list report to the College of Policing",
                "Police Barred List and Police Advisory List Regulations 2017", 5, "outcome_decided_on",
                _ALL, False, only_for_outcomes=(O.DISMISSAL_WITHOUT_NOTICE, O.WOULD_HAVE_BEEN_DISMISSED),
                note="[S: the 2017 Regulations not read]"),
    DeadlineRow("publication_takedown", "Published outcome may come down (at least 28 days up)", "reg 63",
                28, "published_on", (P.HEARING, P.ACCELERATED_HEARING), False, calendar_days=True,
                note="[U] the notice stays up at least 28 calendar days"),
)


# --- Deemed service of notices (reg 9) ------------------------------------------------------------
@dataclass(frozen=True)
class DeemedServiceRow:
    """When a notice sent by `method` on or after `first_day` counts as given.

    `working_days_after` None means the rule was not read: the user records the deemed date and until
    then clocks that count from the notice wait.
    """

    method: str
    first_day: date | None
    working_days_after: int | None
    source: str
    verified: bool


DEEMED_SERVICE: tuple[DeemedServiceRow, ...] = (
    DeemedServiceRow("hand", None, 0, "Conduct Regs reg 9 (given on the day handed over) [S]", False),
    DeemedServiceRow("post", None, None, "Conduct Regs reg 9 [U: deemed date for post not read]", False),
    # SI 2025/558 reg 8 "provides that written notices or documents may be sent by email ... It also creates
    # rules for deemed dates of service" (Explanatory Note); the rule itself was not read.
    DeemedServiceRow("email", SI_2025_558_START, None,
                     "Conduct Regs reg 9 as amended by SI 2025/558 reg 8 [U: deemed-service rule not read; its "
                     "existence read in the Explanatory Note]", False),
)
