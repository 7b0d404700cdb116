"""Which rules apply to a case, question by question, and the overrides a panel records (issue #7 item 2).

The store records the dates that decide it (per allegation: when it came to attention, and the date of an
earlier related allegation; per case: the reg 30 and reg 51 notice dates and any IOPC direction); the
domain (`rule_sets.derive_rule_sets`) turns them into one decision per question, each saying why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelapp.domain.errors import NotFoundError, UsageError
from panelapp.domain.rule_sets import (
    AllegationDates,
    CaseDates,
    RuleSetDecision,
    RuleSetOverride,
    derive_rule_sets,
    outcome_checking_available,
)
from panelapp.domain.text_rules import text_problem
from panelapp.domain.vocabulary import Regime, RuleQuestion
from panelapp.models.schema import Allegation, Case, Officer, RuleSetOverrideRow
from panelapp.services.audit_state import record_case_state, record_untracked_state
from panelapp.services.service_base import fetch

MAX_REASON_CHARS = 2000
OVERRIDE_ACTION = "case.rule-set-override"


@dataclass(frozen=True)
class RuleSetView:
    """One question's rule set for display: the domain's decision and, if overridden, the recorded reason."""

    question: RuleQuestion
    rule_set: Regime | None
    why: str
    source: str
    verified: bool
    overridden: bool
    override_reason: str | None

    @property
    def outcome_checking_unavailable(self) -> bool:
        """True for the outcomes question of a case under the 2012 Regulations (outcomes not modelled)."""
        return (self.question is RuleQuestion.OUTCOMES and self.rule_set is not None
                and not outcome_checking_available(self.rule_set))


def _case(session: Session, reference: str) -> Case:
    case = session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        raise NotFoundError(f"no case {reference!r} in this store")
    return case


def case_dates(session: Session, case_id: int) -> CaseDates:
    """Everything the derivation reads, from the store's rows (allegations of every officer, in order)."""
    case = fetch(session, Case, case_id, "case")
    allegations = session.execute(
        select(Allegation.number, Allegation.came_to_attention_on, Allegation.related_to_earlier_on)
        .join(Officer).where(Officer.case_id == case_id).order_by(Officer.position, Allegation.number)).all()
    return CaseDates(
        allegations=tuple(AllegationDates(n, came, earlier) for n, came, earlier in allegations),
        reg30_notice_on=case.reg30_notice_on, reg51_notice_on=case.reg51_notice_on,
        iopc_direction=case.iopc_direction,
        overrides=tuple(RuleSetOverride(RuleQuestion(o.question), Regime(o.rule_set), o.reason)
                        for o in case.rule_set_overrides),
    )


def case_rule_sets(session: Session, case_id: int) -> dict[RuleQuestion, RuleSetDecision]:
    """The rule set for every question of one case (for documents and readiness: outcomes, panel, schedule)."""
    return derive_rule_sets(case_dates(session, case_id))


def rule_sets(session: Session, reference: str) -> list[RuleSetView]:
    case = _case(session, reference)
    reasons = {o.question: o.reason for o in case.rule_set_overrides}
    return [RuleSetView(d.question, d.rule_set, d.why, d.source, d.verified, d.overridden,
                        reasons.get(d.question.value) if d.overridden else None)
            for d in case_rule_sets(session, case.id).values()]


def override_rule_set(session: Session, reference: str, question: RuleQuestion | str, rule_set: Regime | str,
                      reason: str) -> RuleSetView:
    """Record that `rule_set` answers `question` for the case whatever the dates say, with the reason (e.g.
    an IOPC re-investigation direction). Replaces an earlier override of that question. Audited."""
    try:
        q = RuleQuestion(question)
    except ValueError:
        raise UsageError("unknown question: use outcomes, panel or former_officer_schedule; nothing was "
                         "recorded") from None
    try:
        r = Regime(rule_set)
    except ValueError:
        raise UsageError("unknown rule set: use 2012, 2020, 2024 or 2025; nothing was recorded") from None
    reason = reason.strip()
    if not reason:
        raise UsageError("an override of the rule set needs a reason (e.g. the IOPC's re-investigation "
                         "direction); nothing was recorded")
    if len(reason) > MAX_REASON_CHARS:
        raise UsageError(f"the reason is over {MAX_REASON_CHARS} characters; nothing was recorded")
    problem = text_problem(reason.replace("\r", ""), one_line=False)
    if problem is not None:
        raise UsageError(f"the reason {problem[1]}; nothing was recorded")
    case = _case(session, reference)
    record_untracked_state(session)
    row = next((o for o in case.rule_set_overrides if o.question == q.value), None)
    if row is None:
        row = RuleSetOverrideRow(question=q.value)
        case.rule_set_overrides.append(row)
    row.rule_set, row.reason = r.value, reason
    row.recorded_at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    session.flush()
    record_case_state(session, case.id, OVERRIDE_ACTION)
    return next(v for v in rule_sets(session, reference) if v.question is q)
