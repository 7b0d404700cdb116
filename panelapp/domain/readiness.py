"""Is a drafted decision ready to issue? The stages the guidance and the courts require.

A decision that skips a stage (seriousness, purpose, outcome with "why not less") or picks an outcome
the Regulations do not allow is not ready. `check_decision` lists every problem; empty means ready.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from panelapp.domain import legal_tables as T
from panelapp.domain.rules import less_severe, most_serious, permitted_outcomes
from panelapp.domain.vocabulary import FindingLevel, Outcome, Proceeding, Regime

PROVED_LEVELS = (
    FindingLevel.PRACTICE_REQUIRING_IMPROVEMENT,
    FindingLevel.MISCONDUCT,
    FindingLevel.GROSS_MISCONDUCT,
)
_SANCTION_LEVELS = (FindingLevel.MISCONDUCT, FindingLevel.GROSS_MISCONDUCT)
_DISMISSALS = (Outcome.DISMISSAL_WITHOUT_NOTICE, Outcome.WOULD_HAVE_BEEN_DISMISSED)


@dataclass(frozen=True)
class AllegationDecision:
    number: int
    level: FindingLevel | None  # None: no finding recorded yet
    reasons: str = ""
    standards_breached: tuple[int, ...] = ()


@dataclass(frozen=True)
class Seriousness:
    culpability: str = ""
    harm: str = ""
    aggravating: str = ""
    mitigating: str = ""
    personal_mitigation: str = ""
    purpose: str = ""  # stage 2: public confidence, standards, protecting the public


@dataclass(frozen=True)
class DecisionDraft:
    """One officer's decision as drafted: findings per allegation, the staged reasoning and the outcome."""

    regime: Regime
    proceeding: Proceeding
    allegations: tuple[AllegationDecision, ...]
    seriousness: Seriousness = Seriousness()
    outcome: Outcome | None = None
    outcome_reasons: str = ""
    why_not: Mapping[Outcome, str] = field(default_factory=dict)
    fww_in_force: bool = False
    unconnected_incidents: bool = False
    former_officer: bool = False
    reduced_in_rank: bool = False
    ww_in_force: bool = False
    lowest_rank: bool = False
    barred_list_noted: bool = False
    exceptional_circumstances: str = ""
    local_policing_body_copy_noted: bool = False
    lqp_advice: str | None = None  # None: not recorded
    lqp_advice_followed: bool | None = None
    lqp_not_followed_reasons: str = ""
    warning_months: int | None = None


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    allegation: int | None = None

    def __str__(self) -> str:
        return self.message


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def check_decision(draft: DecisionDraft) -> list[Problem]:
    """Every reason the draft is not ready to issue, in reading order; empty when ready."""
    problems: list[Problem] = []
    add = problems.append
    regime, proceeding = Regime(draft.regime), Proceeding(draft.proceeding)

    if not draft.allegations:
        add(Problem("no-allegations", "The decision has no allegations."))
    for a in draft.allegations:
        if a.level is None:
            add(Problem("finding-missing", f"Allegation {a.number} has no finding.", a.number))
            continue
        if _blank(a.reasons):
            add(Problem("finding-reasons", f"Allegation {a.number}: the finding gives no reasons.", a.number))
        if FindingLevel(a.level) in PROVED_LEVELS and not a.standards_breached:
            add(Problem("standards-missing",
                        f"Allegation {a.number} is found proved but names no Standard breached.", a.number))

    levels = [FindingLevel(a.level) for a in draft.allegations if a.level is not None]
    level = most_serious(levels)
    if level in _SANCTION_LEVELS:
        s = draft.seriousness
        for attr, stage in (("culpability", "culpability"), ("harm", "harm"),
                            ("aggravating", "aggravating factors"), ("mitigating", "mitigating factors")):
            if _blank(getattr(s, attr)):
                add(Problem(f"seriousness-{attr}", f"Seriousness (stage 1) does not address {stage}."))
        if _blank(s.purpose):
            add(Problem("purpose", "The purpose of the outcome (stage 2) is not stated."))
        if _blank(s.personal_mitigation):
            add(Problem("personal-mitigation", "Personal mitigation (stage 4) is not addressed."))

    if draft.outcome is None:
        add(Problem("outcome-missing", "No outcome has been chosen."))
        return problems
    outcome = Outcome(draft.outcome)
    permitted = permitted_outcomes(
        regime=regime, proceeding=proceeding, level=level,
        fww_in_force=draft.fww_in_force, unconnected_incidents=draft.unconnected_incidents,
        former_officer=draft.former_officer, reduced_in_rank=draft.reduced_in_rank,
        ww_in_force=draft.ww_in_force, lowest_rank=draft.lowest_rank,
    )
    if permitted[outcome] is not None:
        add(Problem("outcome-not-permitted", f"{outcome.label} is not permitted: {permitted[outcome]}"))
    if _blank(draft.outcome_reasons):
        add(Problem("outcome-reasons", "The outcome gives no reasons (stage 3)."))
    for lesser in less_severe(outcome):
        if permitted[lesser] is None and _blank(draft.why_not.get(lesser)):
            add(Problem("why-not-lesser",
                        f"The decision does not say why {lesser.label.lower()} is not enough."))
    if outcome in _DISMISSALS and not draft.barred_list_noted:
        add(Problem("barred-list", "A dismissal or former-officer finding must note the barred-list report."))
    serving_gm = level is FindingLevel.GROSS_MISCONDUCT and not draft.former_officer
    if serving_gm and regime in T.GM_PRESUMPTION_REGIMES and outcome in (
        Outcome.FINAL_WRITTEN_WARNING, Outcome.REDUCTION_IN_RANK,
    ) and _blank(draft.exceptional_circumstances):
        add(Problem("exceptional-circumstances",
                    "Gross misconduct without dismissal needs the exceptional circumstances stated "
                    f"({T.GM_PRESUMPTION_SOURCE})."))
    if serving_gm and regime in T.GM_NOT_DISMISSED_REPORT_REGIMES and outcome not in _DISMISSALS \
            and not draft.local_policing_body_copy_noted:
        add(Problem("local-policing-body",
                    "Gross misconduct without dismissal: the report must give reasons and a copy goes to the "
                    f"local policing body ({T.GM_NOT_DISMISSED_REPORT_SOURCE})."))
    if outcome is Outcome.FINAL_WRITTEN_WARNING and draft.warning_months is not None:
        row = T.WARNINGS["final_written_warning"]
        if not row.min_months <= draft.warning_months <= row.max_months:
            add(Problem("warning-length",
                        f"A final written warning lasts {row.min_months}–{row.max_months} months, "
                        f"not {draft.warning_months}."))
    if regime in (Regime.R2024, Regime.R2025) and proceeding is Proceeding.HEARING:
        if _blank(draft.lqp_advice):
            add(Problem("lqp-advice", "The legally qualified person's advice is not recorded."))
        elif draft.lqp_advice_followed is None:
            add(Problem("lqp-followed", "The decision does not record whether the LQP's advice was followed."))
        elif draft.lqp_advice_followed is False and _blank(draft.lqp_not_followed_reasons):
            add(Problem("lqp-not-followed",
                        "The panel departed from the LQP's advice without saying why."))
    return problems
