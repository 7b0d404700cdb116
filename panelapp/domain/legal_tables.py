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
        "SI 2024/521 reg 1(2) (\"come into force on 7th May 2024\") and reg 2(1) (\"amended in accordance with "
        "regulations 3 to 6\") read; a transitional regulation (if any, reg 7 or later) was searched for and not "
        "found in the text available [U]: keyed on the notice date as ../shared/DOMAIN.md directs", False),
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

# SI 2025/558 reg 15 ("Amendments to regulation 42 (outcome of misconduct proceedings)"), reg 17 ("Amendments to
# regulation 62 (outcome of accelerated misconduct hearing)") and its Schedule (former officers) were listed on
# its contents page but their text was not in any copy available to us. A row read in reg 42 / reg 62 / Sch 1 as
# made is therefore verified for the 2020 and 2024 rule sets only; under the 2025 rules it is kept, flagged
# unverified, until the amended text is read.
AMENDED_2025_NOTE = " [2025 rules: as amended by SI 2025/558 regs 15, 17 and the Schedule — not read]"


def _by_rule_set(proceedings: tuple[P, ...], levels: tuple[L, ...], former: bool, outcomes: tuple[O, ...],
                 source: str) -> tuple[OutcomeRow, ...]:
    """A row read in the 2020 Regulations as made: verified before SI 2025/558, unverified under it."""
    return (*_rows(RULES_2020, proceedings, levels, former, outcomes, source, True),
            *_rows((Regime.R2025,), proceedings, levels, former, outcomes, source + AMENDED_2025_NOTE, False))


OUTCOMES: tuple[OutcomeRow, ...] = (
    # Serving officers, meeting and hearing. Reg 42(1) as made (legislation.gov.uk/uksi/2020/4/regulation/42/
    # made): the person conducting or chairing the proceedings "may, subject to the provisions of this
    # regulation— (a) impose any disciplinary action mentioned in paragraph (2) or (3) as appropriate; (b) where
    # they find the conduct amounts to neither gross misconduct nor misconduct, direct that the matter is
    # referred to be dealt with under the reflective practice review process". "Neither gross misconduct nor
    # misconduct" covers "no breach" as well as practice requiring improvement; "may" leaves no action open.
    *_by_rule_set(_MH, (L.NOT_PROVED, L.NO_BREACH, L.PRACTICE_REQUIRING_IMPROVEMENT), False, (O.NO_ACTION,),
                  "Conduct Regs reg 42(1) (\"may\")"),
    *_by_rule_set(_MH, (L.NO_BREACH, L.PRACTICE_REQUIRING_IMPROVEMENT), False, (O.REFLECTIVE_PRACTICE,),
                  "Conduct Regs reg 42(1)(b) (\"neither gross misconduct nor misconduct\")"),
    # Reg 42(2): "The disciplinary action available at a misconduct meeting is— (a) a written warning; (b) a
    # final written warning."
    *_by_rule_set((P.MEETING,), (L.MISCONDUCT,), False, (O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING),
                  "Conduct Regs reg 42(2)"),
    # Reg 42(3)(a): at a hearing, misconduct: written warning, final written warning, and "reduction in rank,
    # where paragraph (5) or (6) applies" / "dismissal without notice, where paragraph (5) or (6) applies".
    *_by_rule_set((P.HEARING,), (L.MISCONDUCT,), False,
                  (O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
                  "Conduct Regs reg 42(3)(a) (reduction/dismissal \"where paragraph (5) or (6) applies\")"),
    # No action after a misconduct finding (issue #7 item 5). Before SI 2025/558: reg 42(1) "may" [V]. Under the
    # 2025 rules it is absent: see ABSENCES below.
    *_rows(RULES_2020, _MH, (L.MISCONDUCT,), False, (O.NO_ACTION,), "Conduct Regs reg 42(1) (\"may\")", True),
    # Reg 42(3)(b): gross misconduct at a hearing: "(i) a final written warning; (ii) reduction in rank; (iii)
    # dismissal without notice".
    *_by_rule_set((P.HEARING,), (L.GROSS_MISCONDUCT,), False,
                  (O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
                  "Conduct Regs reg 42(3)(b)"),
    # Accelerated hearing: gross misconduct "must impose disciplinary action" (reg 62(1), read in
    # legislation.gov.uk/uksi/2020/4/regulation/62/2020-02-01); anything less dismisses the case or returns it
    # (reg 62(8): the copy read stops at "(8) Where the person conducting or ch"; the words "(a) dismiss the
    # case, or (b) retur[n]" were read in the MDP Regs Sch 1 para 62(8)).
    *_by_rule_set((P.ACCELERATED_HEARING,), (L.GROSS_MISCONDUCT,), False,
                  (O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE),
                  "Conduct Regs reg 62(1) (\"must impose disciplinary action\")"),
    *_rows(ALL_2020, (P.ACCELERATED_HEARING,), _BELOW_GM, False, (O.CASE_DISMISSED, O.CASE_RETURNED),
           "Conduct Regs reg 62(8) [S: read in the MDP Regs parallel]", False),
    # Former officers (Schedule 1). Para 1 omits the definitions of "misconduct meeting" and "reflective
    # practice review process" and defines "disciplinary action for gross misconduct" as "a finding that the
    # officer concerned would have been dismissed". Para 39 (reg 62, read at legislation.gov.uk/uksi/2020/4/
    # schedule/1/paragraph/39/2024-05-07): the panel "may (a) where ... gross misconduct, impose disciplinary
    # action for gross misconduct, or (b) where ... misconduct but not gross misconduct, record a finding of
    # misconduct but take no further action".
    *_by_rule_set((P.HEARING, P.ACCELERATED_HEARING), _BELOW_GM, True, (O.NO_ACTION,),
                  "Conduct Regs Sch 1 para 1(a)(ii) and para 39(1)(b)"),
    *_by_rule_set((P.ACCELERATED_HEARING,), (L.GROSS_MISCONDUCT,), True,
                  (O.WOULD_HAVE_BEEN_DISMISSED, O.NO_ACTION), "Conduct Regs Sch 1 para 39(1)(a) (\"may\")"),
    *_rows(ALL_2020, (P.HEARING,), (L.GROSS_MISCONDUCT,), True, (O.WOULD_HAVE_BEEN_DISMISSED, O.NO_ACTION),
           "Conduct Regs Sch 1 modification of reg 42 [S: not read; para 39 (reg 62) read]", False),
    *_rows(ALL_2020, (P.HEARING,), (L.MISCONDUCT,), True, (O.WOULD_HAVE_BEEN_DISMISSED,),
           "Conduct Regs Sch 1 modification of reg 42 with reg 42(5)/(6) [S: review of reg 42; not read]", False),
    # Sch 1 para 39 substitutes the whole of reg 62 for former officers; the copy read stops at "(3) Paragraph",
    # so whether a reg 62(8)-like dismissal or return survives is unknown (the MDP parallel, Sch 2 para 51,
    # substitutes a reg 62 of two paragraphs only, with no such provision).
    *_rows(ALL_2020, (P.ACCELERATED_HEARING,), _BELOW_GM, True, (O.CASE_DISMISSED, O.CASE_RETURNED),
           "Conduct Regs Sch 1 para 39 [U: whether reg 62(8) survives the modification not read]", False),
)


@dataclass(frozen=True)
class AbsenceRow:
    """An outcome deliberately absent for (rule sets, proceedings, levels, former officer), with the rule."""

    regimes: tuple[Regime, ...]
    proceedings: tuple[P, ...]
    levels: tuple[L, ...]
    former_officer: bool
    outcome: O
    reason: str  # one sentence citing the regulation
    source: str
    verified: bool


# SI 2025/558 reg 6(2)(d)-(e), read in legislation.gov.uk (mirror legislation.glitch.me/cy/uksi/2025/558/part/3/
# made): "(d) in the definition of “misconduct hearing”, for “whether”, in the second place it occurs, substitute
# “, if it amounts to misconduct or gross misconduct, what”; (e) in the definition of “misconduct meeting”, for
# “whether”, in the second place it occurs, substitute “, if it amounts to misconduct, what”". So under the 2025
# rules the proceedings decide *what* disciplinary action follows a misconduct finding, no longer *whether* any
# does. The operative amendment of reg 42(1) (SI 2025/558 reg 15) was not read, so the row stays unverified;
# "no action" is refused rather than offered, and the reason tells the panel why.
ABSENCES: tuple[AbsenceRow, ...] = (
    AbsenceRow(
        (Regime.R2025,), _MH, (L.MISCONDUCT,), False, O.NO_ACTION,
        "Under the 2025 rules a misconduct meeting or hearing decides, if the conduct amounts to misconduct, what "
        "disciplinary action is imposed, no longer whether any is (Conduct Regs reg 2(1) as amended by SI "
        "2025/558 reg 6(2)(d)-(e); reg 15 not read).",
        "Conduct Regs reg 2(1) definitions of \"misconduct hearing\" and \"misconduct meeting\" as amended by "
        "SI 2025/558 reg 6(2)(d)-(e) (read); reg 42(1) as amended by SI 2025/558 reg 15 [U: not read]", False),
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
    # Rule sets under which the text as amended was not read: there the bar is shown as unverified.
    unread_in: tuple[Regime, ...] = ()


_AMENDED_2025 = (Regime.R2025,)
_AMH = P.ACCELERATED_HEARING
RESTRICTIONS: tuple[Restriction, ...] = (
    Restriction(
        "fww-already-in-force-amh", (O.FINAL_WRITTEN_WARNING,),
        lambda f: f.fww_in_force and f.proceeding is _AMH,
        "A final written warning must not be given when one was in force on the date of the severity "
        "assessment (Conduct Regs reg 62(3)).",
        "Conduct Regs reg 62(3)", True, _AMENDED_2025),
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
        "Conduct Regs reg 42(3)(a)(iii)-(iv), (5), (6)", True, _AMENDED_2025),
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
        "Conduct Regs reg 62(7)", True, _AMENDED_2025),
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

# --- Rules that decide whether a decision is ready to issue, rather than bar an outcome -------------
GM_PRESUMPTION_REGIMES: tuple[Regime, ...] = (Regime.R2025,)
GM_PRESUMPTION_SOURCE = ("SI 2025/558 reg 15 and 17 amending Conduct Regs reg 42 and reg 62 [S: Home Office, "
                         "Police Federation; regs 15 and 17 not read]")
GM_PRESUMPTION_VERIFIED = False
# From 7 May 2024, gross misconduct found but no dismissal: reasons, and a copy to the local policing body.
# SI 2024/521 reg 5(2), read at legislation.gov.uk/id/uksi/2024/521/regulation/5/1: reg 43(1) gains "(e) where it
# was found that the conduct of the officer concerned amounted to gross misconduct but the disciplinary action
# imposed was not dismissal without notice, the reasons for that decision", and reg 43(5) gains "(c) the local
# policing body where— (i) the appropriate authority or originating authority is not a local policing body; and
# (ii) the person conducting the misconduct hearing found that the conduct ... amounted to gross misconduct but
# the disciplinary action imposed was not dismissal without notice". Reg 63(1)(d) as amended (read at
# legislation.gov.uk/id/uksi/2020/4/regulation/63/1) puts the same reasons in the accelerated-hearing report; a copy
# to the local policing body after an accelerated hearing was not read (the app asks for it alike).
GM_NOT_DISMISSED_REPORT_REGIMES: tuple[Regime, ...] = (Regime.R2024, Regime.R2025)
GM_NOT_DISMISSED_REPORT_SOURCE = ("Conduct Regs reg 43(1)(e) and (5)(c) as inserted by SI 2024/521 reg 5(2); reg "
                                  "63(1)(d) for accelerated hearings")
GM_NOT_DISMISSED_REPORT_VERIFIED = True
REDUCTION_VIEWS_SOURCE = ("Conduct Regs reg 62(6) (\"taking into account the views of the appropriate authority, "
                          "including in relation to the likely operational impact\"); reg 42 twin [S]")
REDUCTION_VIEWS_VERIFIED = False  # read for accelerated hearings (reg 62(6)) only
# SI 2025/558 reg 6(2)(c), read (legislation.glitch.me/cy/uksi/2025/558/part/3/made): in the definition of "gross
# misconduct", after "as to justify dismissal" insert ", and for the purposes of these Regulations conduct which
# has resulted in conviction of an indictable-only offence is to be taken to constitute such a breach"; reg 6(3)
# inserts reg 2(2A): an offence is "indictable-only" if, committed by an adult, it "is triable only on indictment".
# A Part 3 amendment, so it follows the outcomes rule set (reg 64(1)). Sch 1 para 1(a)(v) rewrites the same words
# for former officers, and how the SI 2025/558 Schedule deals with that was not read: former officers get a warning.
INDICTABLE_ONLY_REGIMES: tuple[Regime, ...] = (Regime.R2025,)
INDICTABLE_ONLY_SOURCE = ("Conduct Regs reg 2(1) \"gross misconduct\" and reg 2(2A) as amended by SI 2025/558 "
                          "reg 6(2)(c), (3)")
INDICTABLE_ONLY_VERIFIED = True


@dataclass(frozen=True)
class ReadinessRule:
    """A rule `readiness.check_decision` enforces, listed for the audit (`panelapp rules`)."""

    key: str
    regimes: tuple[Regime, ...]  # empty: every rule set
    rule: str
    source: str
    verified: bool


READINESS_RULES: tuple[ReadinessRule, ...] = (
    ReadinessRule("exceptional-circumstances", GM_PRESUMPTION_REGIMES,
                  "gross misconduct (serving officer) not ending in dismissal: the exceptional circumstances must be "
                  "stated before the decision can issue", GM_PRESUMPTION_SOURCE, GM_PRESUMPTION_VERIFIED),
    ReadinessRule("gm-not-dismissed", GM_NOT_DISMISSED_REPORT_REGIMES,
                  "gross misconduct not ending in dismissal: the report gives the reasons for that decision, and a "
                  "copy goes to the local policing body (unless the appropriate authority is that body)",
                  GM_NOT_DISMISSED_REPORT_SOURCE, GM_NOT_DISMISSED_REPORT_VERIFIED),
    ReadinessRule("reduction-aa-views", (),
                  "reduction in rank: the appropriate authority's views, including the likely operational impact, "
                  "are recorded", REDUCTION_VIEWS_SOURCE, REDUCTION_VIEWS_VERIFIED),
    ReadinessRule("indictable-only", INDICTABLE_ONLY_REGIMES,
                  "conduct that resulted in conviction of an indictable-only offence is gross misconduct: a lesser "
                  "finding on such an allegation does not issue", INDICTABLE_ONLY_SOURCE, INDICTABLE_ONLY_VERIFIED),
)


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
    # Senior officers: reg 28(2) as amended (read at legislation.gov.uk/uksi/2020/4/regulation/28): "Where the
    # officer concerned is a senior officer and the case is referred to misconduct proceedings, those misconduct
    # proceedings must be conducted by a panel of three persons appointed in accordance with paragraphs (4) to
    # (5A)" — meetings included. Paragraphs (4) to (5A), which say who chairs, were not in the copy read (it
    # stops at "(4) Subj"): the chair comes from the PNLD legal update of 7 May 2024 [S] ("a more senior officer
    # selected from a separate force"; for a chief officer, Deputy or Assistant Commissioner "HMCIC or a
    # nominated HMI").
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
# Reg 55 (who conducts an accelerated hearing) was not read; SI 2024/521 reg 3(1)(b) shows only that a chief
# officer "required to ... conduct an accelerated misconduct hearing under regulation 55" may delegate, and reg
# 63(1A) as amended (read) speaks of "the person chairing the accelerated misconduct hearing under regulation
# 55(4)" and "the legally qualified person appointed under regulation 55(4A)" — so some accelerated hearings are
# chaired panels with a legal adviser, but who sits on them was not read. Not modelled for senior officers.
PANEL_NOT_MODELLED_AMH_SENIOR = ("The accelerated hearing of a {officer} ({regime}) is not modelled: who conducts "
                                 "it is set by Conduct Regs reg 55, which was not read (reg 63(1A) shows a chair and "
                                 "a legally qualified adviser under reg 55(4)-(4A)). Check it by hand.")


# --- Delegating the chair (SI 2024/521 reg 3(1)(b), inserting reg 2(4A)-(4C)) ------------------------
# Read at legislation.gov.uk/id/uksi/2024/521/regulation/3: "(4A) Where a chief officer of police is required to—
# (a) chair misconduct proceedings under regulation 28(4)(a); or (b) conduct an accelerated misconduct hearing
# under regulation 55, the chief officer of police may delegate ... (4B) ... the person to whom that
# responsibility is delegated must be— (a) a senior officer; (b) a former senior officer, who last served as a
# senior officer no more than five years before the date on which the responsibility ... is to be delegated to
# them; or (c) unless the case to which the disciplinary proceedings relate substantially involves operational
# policing matters, a police staff member who, in the opinion of the chief officer of police, is of at least a
# similar level of seniority to a senior officer. (4C) But where the chief officer of police delegates, under
# paragraph (3), their functions under regulation 49, the person to whom the responsibility has been delegated
# under paragraph (4A) must not be the same senior officer who— (a) certified the case under regulation 49 as
# being o[ne ...]" (the copy stops there). SI 2025/558 reg 6(4) adds reg 2(4D): for (4B) "senior officer"
# includes an officer "required to perform the duties normally performed by" a senior rank (read in part).
CHAIR_DELEGATION_REGIMES: tuple[Regime, ...] = (Regime.R2024, Regime.R2025)
FORMER_SENIOR_OFFICER_MONTHS = 60  # "no more than five years before the date ... delegated"


@dataclass(frozen=True)
class DelegateRow:
    kind: str
    rule: str
    source: str
    verified: bool


CHAIR_DELEGATES: dict[str, DelegateRow] = {
    "senior_officer": DelegateRow("senior_officer", "a senior officer (above chief superintendent)",
                                  "Conduct Regs reg 2(4B)(a) as inserted by SI 2024/521 reg 3(1)(b)", True),
    "former_senior_officer": DelegateRow(
        "former_senior_officer", "a former senior officer who last served as one no more than five years before the "
        "date of delegation", "Conduct Regs reg 2(4B)(b) as inserted by SI 2024/521 reg 3(1)(b)", True),
    "police_staff": DelegateRow(
        "police_staff", "a police staff member of at least similar seniority, unless the case substantially "
        "involves operational policing matters", "Conduct Regs reg 2(4B)(c) as inserted by SI 2024/521 reg 3(1)(b)",
        True),
}
CERTIFIER_BAR_SOURCE = "Conduct Regs reg 2(4C)(a) as inserted by SI 2024/521 reg 3(1)(b) (rest of (4C) not read)"
CERTIFIER_BAR_VERIFIED = True


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
    only_when_known: bool = False  # listed only once the date it counts from is recorded


_ALL = (P.MEETING, P.HEARING, P.ACCELERATED_HEARING)
DEADLINES: tuple[DeadlineRow, ...] = (
    # Reg 31(1): "15 working days beginning with the first working day after the documents have been
    # supplied to the officer concerned under regulation 30(1)" — counted from the (deemed) service date.
    DeadlineRow("officer_response", "Officer's response (accept/deny, account, documents)", "reg 31(1)–(3)",
                15, "reg30_served_on", (P.MEETING, P.HEARING), True, note="extendable (reg 31(1)(b))"),
    DeadlineRow("witness_lists", "Witness lists exchanged", "reg 31(4)", 3, "officer_response_on",
                (P.MEETING, P.HEARING), True, note="counted from the response (or its due date)",
                fallback="officer_response"),
    # Reg 32 as made (read at legislation.gov.uk/uksi/2020/4/regulation/32/made). (2): the witness lists or notice
    # under reg 31(4) "must be supplied [to the person conducting or chairing the misconduct proceedings] before
    # the end of 10 working days beginning with the first working day after the parties supplied the lists or
    # notice under regulation 31(4)". (6): "Before the end of 10 working days beginning with the first working day
    # after the date on which the officer concerned has complied with regulation 31(2)", the authority "must supply
    # to the person conducting or chairing the misconduct proceedings a copy of" the reg 30(1) documents, the
    # officer's reg 31(2)-(3) documents and others. "Misconduct proceedings" are meetings and hearings alike.
    DeadlineRow("documents_to_chair", "Appropriate authority supplies the documents to the chair", "reg 32(6)", 10,
                "officer_response_on", (P.MEETING, P.HEARING), True,
                note="10 working days after the officer complied with reg 31(2) (the response, or its due date)",
                fallback="officer_response"),
    DeadlineRow("witness_lists_to_chair", "Appropriate authority supplies the witness lists (or notice) to the chair",
                "reg 32(2)", 10, "witness_lists_supplied_on", (P.MEETING, P.HEARING), True,
                note="10 working days after the parties exchanged them under reg 31(4)", only_when_known=True),
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
                "reg 36", 5, "hearing_start", (P.HEARING, P.ACCELERATED_HEARING), False, before=True,
                note="[S]"),
    # Reg 52(1): "not less than 10 and not more than 15 working days after the date on which notice is
    # given under regulation 51(1)".
    DeadlineRow("amh_earliest", "Accelerated hearing: earliest day", "reg 52(1)", 10, "reg51_served_on",
                (P.ACCELERATED_HEARING,), True),
    DeadlineRow("amh_latest", "Accelerated hearing: latest day", "reg 52(1)", 15, "reg51_served_on",
                (P.ACCELERATED_HEARING,), True),
    # Reg 43(1) as made (read): the report is submitted "before the end of a period of 5 working days beginning with
    # the first working day after the completion of the misconduct hearing or misconduct meeting"; reg 63(1) as
    # amended (read at legislation.gov.uk/id/uksi/2020/4/regulation/63/1) says the same of "the accelerated
    # misconduct hearing".
    DeadlineRow("outcome_report", "Outcome report to the appropriate authority", "reg 43(1)", 5,
                "hearing_end", (P.MEETING, P.HEARING), True,
                note="5 working days beginning with the first working day after the meeting or hearing ends"),
    DeadlineRow("outcome_report", "Outcome report to the appropriate authority", "reg 63(1)", 5,
                "hearing_end", (P.ACCELERATED_HEARING,), True,
                note="5 working days beginning with the first working day after the accelerated hearing ends"),
    # Reg 45(3)(a) (read at legislation.gov.uk/uksi/2020/4/regulation/45): notice of appeal "before the end of 7
    # working days beginning with the first working day after the report is given to the officer under regulation
    # 43 (unless this period is extended by the appropriate authority for exceptional circumstances)". Reg 45(1):
    # officers "other than a senior officer" only (a senior officer appeals to a tribunal, reg 43(3)(b)).
    DeadlineRow("meeting_appeal", "Appeal from a misconduct meeting", "reg 45(3)(a)", 7, "outcome_notified_on",
                (P.MEETING,), True, note="from the report given to the officer (reg 43); extendable by the appropriate "
                "authority for exceptional circumstances; not for senior officers (reg 45(1))"),
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
    then clocks that count from the notice wait. `rule_set` names the rule set the method belongs to,
    where it was introduced by an amendment whose own transitional rule decides (None: every rule set).
    """

    method: str
    first_day: date | None
    working_days_after: int | None
    source: str
    verified: bool
    rule_set: Regime | None = None


# Reg 9 as made was not read. Its twin in the Performance Regulations 2020 (reg 7, read) lets a notice be "(a)
# given to the officer in person; (b) left with a person at, or sent by recorded delivery to, the officer's last
# known address; (c) given to the officer in person by the officer's police friend ...; or (d) given to the
# officer in any other manner agreed" — with no deemed date at all. SI 2025/558 reg 8 ("Amendments to regulation
# 9 (provision of notices or documents)") "provides that written notices or documents may be sent by email rather
# than by post. It also creates rules for deemed dates of service" (Explanatory Note, read); reg 8 itself was
# searched for and not found, so the deemed date for email is not guessed. Reg 8 sits in Part 3, and SI 2025/558
# reg 64(1) (read) says the Part 3 amendments "do not have effect in relation to ... a pre-commencement
# allegation": email service under reg 9 as amended belongs to the 2025 outcomes rule set, not to the date sent.
EMAIL_SERVICE_NOT_IN_RULE_SET = ("email service under reg 9 as amended by SI 2025/558 reg 8 is a Part 3 amendment, "
                                 "which has no effect for a pre-commencement allegation (SI 2025/558 reg 64(1)); "
                                 "unless the officer agreed to email, record the date the notice was given")
DEEMED_SERVICE: tuple[DeemedServiceRow, ...] = (
    DeemedServiceRow("hand", None, 0, "Conduct Regs reg 9 (given on the day handed over) [S: Performance Regs reg 7 "
                     "parallel]", False),
    DeemedServiceRow("post", None, None, "Conduct Regs reg 9 (recorded delivery to the last known address) [S: "
                     "Performance Regs reg 7 parallel; no deemed date there — record the date of delivery]", False),
    DeemedServiceRow("email", SI_2025_558_START, None,
                     "Conduct Regs reg 9 as amended by SI 2025/558 reg 8 [U: the deemed-service rule not found; its "
                     "existence read in the Explanatory Note]; Part 3, so only under the 2025 rules (reg 64(1))",
                     False, Regime.R2025),
)
