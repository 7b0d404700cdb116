"""Is a drafted decision ready to issue? The stages the Regulations, the guidance and the courts require.

`check_decision` returns a `ReadinessReport`: *blocking* problems (the decision must not issue) and
*warnings* (the panel should look again: thin reasons, a rule nobody verified, outcome checking not
available). Findings are per allegation and in three parts — facts, breach, level — each with reasons;
proved facts cite evidence by pinpoint reference. "Final written warning in force" and "unconnected
incidents" are derived from the officer's warnings and the panel's grouping of allegations, never ticked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from panelapp.domain import legal_tables as T
from panelapp.domain.rules import (
    OutcomeCheckingUnavailableError,
    Warning,
    fww_in_force_on,
    less_severe,
    most_serious,
    permitted_outcomes,
    unconnected_incidents,
    ww_in_force_on,
)
from panelapp.domain.vocabulary import STANDARDS, FactsFinding, FindingLevel, Outcome, Proceeding, Regime

PROVED_LEVELS = (
    FindingLevel.PRACTICE_REQUIRING_IMPROVEMENT,
    FindingLevel.MISCONDUCT,
    FindingLevel.GROSS_MISCONDUCT,
)
_SANCTION_LEVELS = (FindingLevel.MISCONDUCT, FindingLevel.GROSS_MISCONDUCT)
_DISMISSALS = (Outcome.DISMISSAL_WITHOUT_NOTICE, Outcome.WOULD_HAVE_BEEN_DISMISSED)
_FACTS_PROVED = (FactsFinding.PROVED, FactsFinding.PARTLY_PROVED)
MIN_REASON_WORDS = 5  # fewer words than this is a warning: reasons must let the officer see why
# A pinpoint reference in square brackets: [B12], [BWV-3 00:03:12], [C4 p.2].
PINPOINT = re.compile(r"\[[A-Z][A-Z0-9-]*\d[^\]]*\]")


class Severity(StrEnum):
    BLOCKING = "blocking"
    WARNING = "warning"


@dataclass(frozen=True)
class AllegationDecision:
    """The panel's findings on one allegation: facts, breach and level, each with its reasons."""

    number: int
    level: FindingLevel | None  # None: no level recorded yet
    reasons: str = ""  # reasons for the level
    standards_breached: tuple[int, ...] = ()
    facts: FactsFinding | None = None
    facts_reasons: str = ""
    evidence_refs: tuple[str, ...] = ()  # pinpoint references, e.g. "B12", "BWV-3 00:03:12"
    breach_reasons: str = ""
    incident: str | None = None  # the panel's incident group (reg 42(6)); None: not grouped
    # The conduct resulted in conviction of an indictable-only offence (reg 2(1), (2A) as amended by SI 2025/558
    # reg 6(2)(c), (3)): under the 2025 rules it is gross misconduct.
    indictable_only_conviction: bool = False


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
    """One officer's decision as drafted.

    `regime` is the rule set for the outcomes question and `panel_regime` the one for the panel
    (defaults to `regime`); both come from `rule_sets.derive_rule_sets`.
    """

    regime: Regime
    proceeding: Proceeding
    allegations: tuple[AllegationDecision, ...]
    seriousness: Seriousness = Seriousness()
    outcome: Outcome | None = None
    outcome_reasons: str = ""
    why_not: Mapping[Outcome, str] = field(default_factory=dict)
    former_officer: bool = False
    reduced_in_rank: bool = False
    lowest_rank: bool = False
    barred_list_noted: bool = False
    exceptional_circumstances: str = ""
    local_policing_body_copy_noted: bool = False
    lqp_advice: str | None = None  # None: not recorded
    lqp_advice_followed: bool | None = None
    lqp_not_followed_reasons: str = ""
    warning_months: int | None = None
    panel_regime: Regime | None = None
    warnings: tuple[Warning, ...] = ()  # the officer's recorded warnings
    severity_assessment_on: date | None = None
    gm_not_dismissed_reasons: str = ""  # reg 43(1)(e): why gross misconduct did not end in dismissal
    aa_views_on_reduction: str = ""  # reg 62(6): the appropriate authority's views, operational impact


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    allegation: int | None = None
    severity: Severity = Severity.BLOCKING

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ReadinessReport:
    """Blocking problems and warnings, each in reading order; ready when nothing blocks."""

    blocking: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def ready(self) -> bool:
        return not self.blocking

    @property
    def codes(self) -> list[str]:
        return [p.code for p in (*self.blocking, *self.warnings)]


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def block(self, code: str, message: str, allegation: int | None = None) -> None:
        self.problems.append(Problem(code, message, allegation))

    def warn(self, code: str, message: str, allegation: int | None = None) -> None:
        self.problems.append(Problem(code, message, allegation, Severity.WARNING))

    def reasons(self, text: str | None, code: str, what: str, allegation: int | None = None) -> None:
        """Blocking when blank, a warning when only a few words."""
        if _blank(text):
            self.block(code, f"{what} gives no reasons.", allegation)
        elif len((text or "").split()) < MIN_REASON_WORDS:
            self.warn("reasons-short", f"{what}: the reasons are only a few words.", allegation)


def _check_allegation(a: AllegationDecision, c: _Collector) -> None:
    n, name = a.number, f"Allegation {a.number}"
    if a.facts is None:
        c.block("facts-missing", f"{name} has no finding of fact.", n)
    else:
        facts = FactsFinding(a.facts)
        c.reasons(a.facts_reasons, "facts-reasons", f"{name}: the finding of fact", n)
        if facts in _FACTS_PROVED and not (a.evidence_refs or PINPOINT.search(a.facts_reasons or "")):
            c.block("facts-evidence", f"{name}: proved facts cite no evidence by pinpoint reference (e.g. [B12]).", n)
    if a.level is None:
        c.block("finding-missing", f"{name} has no finding on the level.", n)
        return
    level = FindingLevel(a.level)
    if a.facts is not None:
        facts_proved = FactsFinding(a.facts) in _FACTS_PROVED
        if facts_proved == (level is FindingLevel.NOT_PROVED):
            c.block("finding-inconsistent", f"{name}: the level ({level.label.lower()}) does not match the "
                    f"finding of fact ({FactsFinding(a.facts).label.lower()}).", n)
    c.reasons(a.reasons, "finding-reasons", f"{name}: the finding", n)
    bad = [s for s in a.standards_breached if s not in STANDARDS]
    if bad:
        c.block("standards-invalid", f"{name} names Standards {bad}; there are only 1–10.", n)
    if level in PROVED_LEVELS and not a.standards_breached:
        c.block("standards-missing", f"{name} is found proved but names no Standard breached.", n)
    if level in _SANCTION_LEVELS:
        c.reasons(a.breach_reasons, "breach-reasons", f"{name}: the finding of breach", n)


def _check_outcome(draft: DecisionDraft, level: FindingLevel, c: _Collector) -> None:
    regime, proceeding = Regime(draft.regime), Proceeding(draft.proceeding)
    panel_regime = Regime(draft.panel_regime or draft.regime)
    outcome = Outcome(draft.outcome) if draft.outcome is not None else None
    if outcome is None:
        c.block("outcome-missing", "No outcome has been chosen.")
        return
    c.reasons(draft.outcome_reasons, "outcome-reasons", "The outcome (stage 3)")
    fww = ww = False
    if draft.warnings:
        if draft.severity_assessment_on is None:
            c.block("severity-date-missing", "Record the severity-assessment date: whether a warning was in force "
                    "on it decides which outcomes are open (reg 42(5), 62(3)).")
        else:
            fww = fww_in_force_on(draft.warnings, draft.severity_assessment_on)
            ww = ww_in_force_on(draft.warnings, draft.severity_assessment_on)
    findings = [(a.level, a.incident) for a in draft.allegations if a.level is not None]
    misconduct = [a for a in draft.allegations if a.level is FindingLevel.MISCONDUCT]
    if len(misconduct) > 1 and any(_blank(a.incident) for a in misconduct):
        c.warn("incidents-ungrouped", "Group the allegations found to be misconduct into incidents: until then "
               "\"more than one incident not closely factually connected\" (reg 42(6)) is not met.")
    try:
        permitted = permitted_outcomes(
            regime=regime, proceeding=proceeding, level=level, fww_in_force=fww,
            unconnected_incidents=unconnected_incidents(findings), former_officer=draft.former_officer,
            reduced_in_rank=draft.reduced_in_rank, ww_in_force=ww, lowest_rank=draft.lowest_rank,
        )
    except OutcomeCheckingUnavailableError as e:
        c.warn("outcome-unchecked", str(e))
        return
    verdict = permitted[outcome]
    if not verdict.permitted:
        c.block("outcome-not-permitted", f"{outcome.label} is not permitted: {verdict.reason}")
    elif not verdict.verified:
        c.warn("outcome-rule-unverified", f"{outcome.label} rests on a rule not verified against the regulation "
               f"({verdict.source}): have the legal adviser confirm it.")
    for lesser in less_severe(outcome):
        if permitted[lesser].permitted and _blank(draft.why_not.get(lesser)):
            c.block("why-not-lesser", f"The decision does not say why {lesser.label.lower()} is not enough.")
    if outcome in _DISMISSALS and not draft.barred_list_noted:
        c.block("barred-list", "A dismissal or former-officer finding must note the barred-list report.")
    serving_gm = level is FindingLevel.GROSS_MISCONDUCT and not draft.former_officer
    if serving_gm and regime in T.GM_PRESUMPTION_REGIMES and outcome in (
        Outcome.FINAL_WRITTEN_WARNING, Outcome.REDUCTION_IN_RANK,
    ) and _blank(draft.exceptional_circumstances):
        c.block("exceptional-circumstances", "Gross misconduct without dismissal needs the exceptional "
                f"circumstances stated ({T.GM_PRESUMPTION_SOURCE}).")
    if serving_gm and panel_regime in T.GM_NOT_DISMISSED_REPORT_REGIMES and outcome not in _DISMISSALS:
        c.reasons(draft.gm_not_dismissed_reasons, "gm-not-dismissed-reasons",
                  f"Gross misconduct without dismissal ({T.GM_NOT_DISMISSED_REPORT_SOURCE})")
        if not draft.local_policing_body_copy_noted:
            c.block("local-policing-body", "Gross misconduct without dismissal: a copy of the report goes to the "
                    f"local policing body ({T.GM_NOT_DISMISSED_REPORT_SOURCE}).")
    if outcome is Outcome.REDUCTION_IN_RANK and _blank(draft.aa_views_on_reduction):
        c.block("reduction-aa-views", "Reduction in rank: record the appropriate authority's views, including the "
                f"likely operational impact ({T.REDUCTION_VIEWS_SOURCE}).")
    if outcome is Outcome.FINAL_WRITTEN_WARNING:
        row = T.WARNINGS["final_written_warning"]
        if draft.warning_months is None:
            c.block("warning-length-missing", f"A final written warning needs its length ({row.min_months}–"
                    f"{row.max_months} months, {row.source}).")
        elif not row.min_months <= draft.warning_months <= row.max_months:
            c.block("warning-length", f"A final written warning lasts {row.min_months}–{row.max_months} months, "
                    f"not {draft.warning_months}.")


def _check_indictable_only(draft: DecisionDraft, c: _Collector) -> None:
    """SI 2025/558 reg 6(2)(c): conduct resulting in an indictable-only conviction "is to be taken to
    constitute" gross misconduct — under the 2025 outcome rules (a Part 3 amendment, reg 64(1))."""
    if Regime(draft.regime) not in T.INDICTABLE_ONLY_REGIMES:
        return
    for a in draft.allegations:
        if not a.indictable_only_conviction or a.level in (None, FindingLevel.GROSS_MISCONDUCT):
            continue
        if draft.former_officer:
            c.warn("indictable-only-former", f"Allegation {a.number}: conduct resulting in an indictable-only "
                   f"conviction is gross misconduct under the 2025 rules ({T.INDICTABLE_ONLY_SOURCE}); how that "
                   "applies to a former officer (Sch 1 as amended) was not read: check it.", a.number)
        else:
            c.block("indictable-only", f"Allegation {a.number}: conduct resulting in an indictable-only conviction "
                    f"is to be taken to be gross misconduct ({T.INDICTABLE_ONLY_SOURCE}), not "
                    f"{FindingLevel(a.level).label.lower()}.", a.number)


def check_decision(draft: DecisionDraft) -> ReadinessReport:
    """Every reason the draft is not ready to issue (blocking) and every point to look at again (warnings)."""
    c = _Collector()
    if not draft.allegations:
        c.block("no-allegations", "The decision has no allegations.")
    for a in draft.allegations:
        _check_allegation(a, c)

    level = most_serious(a.level for a in draft.allegations if a.level is not None)
    if level in _SANCTION_LEVELS:
        s = draft.seriousness
        for attr, stage in (("culpability", "culpability"), ("harm", "harm"),
                            ("aggravating", "aggravating factors"), ("mitigating", "mitigating factors")):
            if _blank(getattr(s, attr)):
                c.block(f"seriousness-{attr}", f"Seriousness (stage 1) does not address {stage}.")
        if _blank(s.purpose):
            c.block("purpose", "The purpose of the outcome (stage 2) is not stated.")
        if _blank(s.personal_mitigation):
            c.block("personal-mitigation", "Personal mitigation (stage 4) is not addressed.")

    _check_indictable_only(draft, c)
    _check_outcome(draft, level, c)

    panel_regime = Regime(draft.panel_regime or draft.regime)
    if panel_regime in (Regime.R2024, Regime.R2025) and Proceeding(draft.proceeding) is Proceeding.HEARING:
        if _blank(draft.lqp_advice):
            c.block("lqp-advice", "The legally qualified person's advice is not recorded.")
        elif draft.lqp_advice_followed is None:
            c.block("lqp-followed", "The decision does not record whether the LQP's advice was followed.")
        elif draft.lqp_advice_followed is False and _blank(draft.lqp_not_followed_reasons):
            c.block("lqp-not-followed", "The panel departed from the LQP's advice without saying why.")
    return ReadinessReport(
        tuple(p for p in c.problems if p.severity is Severity.BLOCKING),
        tuple(p for p in c.problems if p.severity is Severity.WARNING),
    )
