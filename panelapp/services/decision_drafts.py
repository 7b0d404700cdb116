"""The one converter from the store's rows to `readiness.DecisionDraft` (the decision service and the
documents both check readiness through it, so the screen and the notice can never disagree).

Where a finding's separate reasons for the facts or the breach are blank, its overall reasons stand for
them (stores from before schema 0003 kept one paragraph); likewise the reasons for not dismissing after
gross misconduct fall back to the exceptional circumstances.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, object_session

from panelapp.domain import readiness, rules
from panelapp.domain.decision_records import FindingDetails
from panelapp.domain.rule_sets import RuleSetDecision
from panelapp.domain.vocabulary import (
    FactsFinding,
    FindingLevel,
    Outcome,
    Proceeding,
    Regime,
    RuleQuestion,
    WarningKind,
)
from panelapp.models.schema import Allegation, Case, Citation, EvidenceItem, Finding, Officer
from panelapp.reports.wording import hms
from panelapp.services import rule_set_service

CONSTABLE_RANKS = frozenset({"pc", "dc", "constable", "police constable", "detective constable"})
CitationLabel = Callable[[Citation], str]


def tab_label(item: EvidenceItem) -> str:
    """An item's tab in the bundle ("B2"): its section and place, so it follows re-ordering."""
    return f"{item.section}{item.position}"


def citation_label(c: Citation) -> str:
    """"B2 p.1", "C1 00:03:18", or the tab alone for the item as a whole."""
    label = tab_label(c.evidence)
    if c.page is not None:
        return f"{label} p.{c.page}"
    if c.at_seconds is not None:
        return f"{label} {hms(c.at_seconds)}"
    return label


def finding_details(f: Finding | None) -> FindingDetails | None:
    """A stored finding as domain data (None when there is none, or its facts or level is not a known value)."""
    if f is None or f.facts not in FactsFinding._value2member_map_ or f.level not in FindingLevel._value2member_map_:
        return None
    return FindingDetails(FactsFinding(f.facts), FindingLevel(f.level), tuple(sorted(f.standards_breached or ())),
                          f.facts_reasons or "", f.breach_reasons or "", f.reasons or "")


def allegation_decision(a: Allegation, cite: CitationLabel = citation_label) -> readiness.AllegationDecision:
    details = finding_details(a.finding)
    if details is None:
        return readiness.AllegationDecision(number=a.number, level=None, incident=a.incident)
    assert a.finding is not None
    return readiness.AllegationDecision(
        number=a.number, level=details.level, reasons=details.reasons, standards_breached=details.standards_breached,
        facts=details.facts, facts_reasons=details.facts_reasons or details.reasons,
        evidence_refs=tuple(cite(c) for c in a.finding.citations),
        breach_reasons=details.breach_reasons or details.reasons, incident=a.incident)


def case_rule_sets(case: Case) -> tuple[Regime, Regime, RuleSetDecision]:
    """The rule sets for the outcomes and for the panel, derived per question from the recorded dates and any
    override (SI 2025/558 reg 64; DOMAIN.md §4), and the outcomes decision with its reasons. Where a deciding
    date is not recorded yet, the case's stored rule set (by issue date) stands in."""
    session = object_session(case)
    assert session is not None
    decided = rule_set_service.case_rule_sets(session, case.id)
    stored = Regime(case.regime)
    outcomes = decided[RuleQuestion.OUTCOMES]
    return outcomes.rule_set or stored, decided[RuleQuestion.PANEL].rule_set or stored, outcomes


def officer_warnings(officer: Officer) -> tuple[rules.Warning, ...]:
    return tuple(rules.Warning(WarningKind(w.kind), w.given_on, w.period_months, w.career_break_days)
                 for w in officer.warnings)


def decision_draft(session: Session, case: Case, officer: Officer,
                   cite: CitationLabel = citation_label) -> readiness.DecisionDraft:
    """One officer's decision as the readiness engine reads it. `cite` labels citations (the documents pass
    the printed bundle's page labels; the screens the tab and page)."""
    outcome_rules, panel_rules, _ = case_rule_sets(case)
    o, s = officer.outcome, officer.seriousness
    advice = case.lqp_advice[-1] if case.lqp_advice else None
    chosen = Outcome(o.outcome) if o is not None and o.outcome and o.outcome in Outcome._value2member_map_ else None
    return readiness.DecisionDraft(
        regime=outcome_rules, panel_regime=panel_rules, proceeding=Proceeding(case.proceeding),
        allegations=tuple(allegation_decision(a, cite) for a in officer.allegations),
        seriousness=readiness.Seriousness(s.culpability, s.harm, s.aggravating, s.mitigating, s.personal_mitigation,
                                          s.purpose) if s else readiness.Seriousness(),
        outcome=chosen,
        outcome_reasons=o.reasons if o else "",
        why_not={Outcome(k): v for k, v in (o.why_not or {}).items() if k in Outcome._value2member_map_} if o else {},
        former_officer=officer.former_officer, reduced_in_rank=officer.ever_reduced_in_rank,
        lowest_rank=officer.rank.strip().lower() in CONSTABLE_RANKS,
        barred_list_noted=o.barred_list_noted if o else False,
        exceptional_circumstances=o.exceptional_circumstances if o else "",
        local_policing_body_copy_noted=o.local_policing_body_copy_noted if o else False,
        lqp_advice=advice.advice if advice else None, lqp_advice_followed=advice.followed if advice else None,
        lqp_not_followed_reasons=advice.reasons_if_not if advice else "",
        warning_months=o.warning_months if o else None,
        warnings=officer_warnings(officer), severity_assessment_on=case.severity_assessed_on,
        gm_not_dismissed_reasons=(o.gm_not_dismissed_reasons or o.exceptional_circumstances) if o else "",
        aa_views_on_reduction=o.aa_views_on_reduction if o else "",
    )
