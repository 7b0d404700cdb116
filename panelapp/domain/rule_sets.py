"""Which rule set answers which question about a case, and why (issue #7, item 2).

Each amendment has its own trigger (`legal_tables.RULE_SET_TRIGGERS`):

* outcomes (SI 2025/558 Part 3) follow the date each *allegation* came to attention (reg 64(1)), or an
  IOPC re-investigation / s.28A direction (reg 64(2));
* the former-officer schedule follows the reg 30(1) / 51(1) notice date (reg 64(3));
* the panel (SI 2024/521) follows the reg 30 / 51 notice date [U];
* anything that came to attention before 1 Feb 2020 stays under the 2012 Regulations.

The store records, per allegation, the date it came to attention (and whether it relates to an earlier
allegation still being handled under the old rules) and, per case, the reg 30 and reg 51 notice dates,
whether the IOPC gave a direction, and any overrides with their reasons. `derive_rule_sets` turns those
into one `RuleSetDecision` per question, each saying which rule set applies and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from panelapp.domain import legal_tables as T
from panelapp.domain.vocabulary import Proceeding, Regime, RuleQuestion


@dataclass(frozen=True)
class AllegationDates:
    """What decides an allegation's rule set."""

    number: int
    came_to_attention_on: date | None
    # It relates to an earlier allegation against the officer that is still being handled under the old
    # rules when this one came to attention (SI 2025/558 reg 64(1)(b); SI 2020/2 reg 2(2)(b)).
    related_to_earlier_on: date | None = None


@dataclass(frozen=True)
class RuleSetOverride:
    """A recorded decision to apply `rule_set` to `question` whatever the dates say.

    `reason` is required: e.g. "IOPC directed a re-investigation under s.13B on 3 June 2025".
    """

    question: RuleQuestion
    rule_set: Regime
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("an override of the rule set needs a recorded reason")


@dataclass(frozen=True)
class CaseDates:
    """Everything the rule-set derivation reads from a case."""

    allegations: tuple[AllegationDates, ...]
    reg30_notice_on: date | None = None
    reg51_notice_on: date | None = None
    iopc_direction: bool = False  # s.13B re-investigation or s.28A direction (SI 2025/558 reg 64(2))
    overrides: tuple[RuleSetOverride, ...] = ()


@dataclass(frozen=True)
class RuleSetDecision:
    """The rule set for one question (None while a deciding date is missing), with its reasons."""

    question: RuleQuestion
    rule_set: Regime | None
    why: str
    source: str
    verified: bool
    overridden: bool = False

    @property
    def decided(self) -> bool:
        return self.rule_set is not None


def _trigger(key: str) -> T.RuleSetTrigger:
    return next(t for t in T.RULE_SET_TRIGGERS if t.key == key)


def _effective_date(a: AllegationDates) -> date | None:
    """The date that counts: a related later allegation takes the earlier one's date."""
    if a.came_to_attention_on is None:
        return None
    if a.related_to_earlier_on is not None and a.related_to_earlier_on < a.came_to_attention_on:
        return a.related_to_earlier_on
    return a.came_to_attention_on


def allegation_outcome_rule_set(a: AllegationDates, iopc_direction: bool = False) -> RuleSetDecision:
    """The outcome rule set of one allegation (SI 2025/558 reg 64(1)-(2); 2012 for pre-2020 matters)."""
    q = RuleQuestion.OUTCOMES
    when = _effective_date(a)
    if when is None:
        return RuleSetDecision(q, None, f"Allegation {a.number}: record the date it came to attention.",
                               _trigger("2025-outcomes").source, True)
    related = " (taken from the earlier related allegation)" if when != a.came_to_attention_on else ""
    if when < T.CONDUCT_2020_START:
        t = _trigger("2012-regulations")
        return RuleSetDecision(q, Regime.R2012, f"Allegation {a.number} came to attention on {when:%d %b %Y}"
                               f"{related}, before 1 Feb 2020: the 2012 Regulations apply.", t.source, t.verified)
    if iopc_direction:
        t = _trigger("2025-iopc-direction")
        return RuleSetDecision(q, Regime.R2025, "The IOPC directed a re-investigation or made a s.28A "
                               "direction: the SI 2025/558 rules apply regardless of dates.", t.source, t.verified)
    t = _trigger("2025-outcomes")
    if when >= T.SI_2025_558_START:
        return RuleSetDecision(q, Regime.R2025, f"Allegation {a.number} came to attention on {when:%d %b %Y}"
                               f"{related}, on or after 28 May 2025.", t.source, t.verified)
    return RuleSetDecision(q, Regime.R2020, f"Allegation {a.number} came to attention on {when:%d %b %Y}"
                           f"{related}, before 28 May 2025: a pre-commencement allegation keeps the old "
                           "outcome rules.", t.source, t.verified)


def _outcomes(case: CaseDates) -> RuleSetDecision:
    q = RuleQuestion.OUTCOMES
    if not case.allegations:
        return RuleSetDecision(q, None, "The case has no allegations yet.", _trigger("2025-outcomes").source, True)
    each = [allegation_outcome_rule_set(a, case.iopc_direction) for a in case.allegations]
    missing = [d for d in each if not d.decided]
    if missing:
        return RuleSetDecision(q, None, " ".join(d.why for d in missing), missing[0].source, missing[0].verified)
    if any(d.rule_set is Regime.R2012 for d in each):
        first = next(d for d in each if d.rule_set is Regime.R2012)
        return RuleSetDecision(q, Regime.R2012, first.why + " The case is handled under the 2012 Regulations.",
                               first.source, first.verified)
    sets = {d.rule_set for d in each}
    if len(sets) > 1:
        return RuleSetDecision(q, None, "The allegations fall under different outcome rules ("
                               + "; ".join(d.why for d in each) + "). Record which applies, with a reason.",
                               each[0].source, each[0].verified)
    return RuleSetDecision(q, each[0].rule_set, " ".join(d.why for d in each), each[0].source, each[0].verified)


def _notice(case: CaseDates) -> tuple[str, date] | None:
    if case.reg30_notice_on is not None:
        return ("reg 30", case.reg30_notice_on)
    if case.reg51_notice_on is not None:
        return ("reg 51", case.reg51_notice_on)
    return None


def _panel(case: CaseDates, outcomes: RuleSetDecision) -> RuleSetDecision:
    q, t = RuleQuestion.PANEL, _trigger("2024-panels")
    if outcomes.rule_set is Regime.R2012:
        return RuleSetDecision(q, Regime.R2012, "The case is under the 2012 Regulations.", outcomes.source,
                               outcomes.verified)
    notice = _notice(case)
    if notice is None:
        return RuleSetDecision(q, None, "Record the reg 30 (or reg 51) notice date.", t.source, t.verified)
    which, when = notice
    if when < T.SI_2024_521_START:
        return RuleSetDecision(q, Regime.R2020, f"The {which} notice was given on {when:%d %b %Y}, before "
                               "7 May 2024: legally qualified chair panel.", t.source, t.verified)
    rule_set = Regime.R2025 if when >= T.SI_2025_558_START else Regime.R2024
    return RuleSetDecision(q, rule_set, f"The {which} notice was given on {when:%d %b %Y}, on or after 7 May "
                           "2024: chief-officer chair, two independent members, LQP adviser.", t.source, t.verified)


def _schedule(case: CaseDates, outcomes: RuleSetDecision) -> RuleSetDecision:
    q = RuleQuestion.FORMER_OFFICER_SCHEDULE
    if outcomes.rule_set is Regime.R2012:
        return RuleSetDecision(q, Regime.R2012, "The case is under the 2012 Regulations.", outcomes.source,
                               outcomes.verified)
    if case.iopc_direction:
        t = _trigger("2025-iopc-direction")
        return RuleSetDecision(q, Regime.R2025, "The IOPC gave a direction: the SI 2025/558 Schedule applies.",
                               t.source, t.verified)
    t = _trigger("2025-schedule")
    notices = [(w, d) for w, d in (("reg 30(1)", case.reg30_notice_on), ("reg 51(1)", case.reg51_notice_on))
               if d is not None]
    if not notices:
        return RuleSetDecision(q, None, "Record the reg 30(1) or reg 51(1) notice date.", t.source, t.verified)
    early = [(w, d) for w, d in notices if d < T.SI_2025_558_START]
    if early:
        w, d = early[0]
        return RuleSetDecision(q, Regime.R2020, f"The {w} notice was given on {d:%d %b %Y}, before 28 May "
                               "2025: the former-officer schedule as it stood before SI 2025/558.", t.source,
                               t.verified)
    return RuleSetDecision(q, Regime.R2025, "No reg 30(1) or reg 51(1) notice was given before 28 May 2025: the "
                           "SI 2025/558 former-officer schedule applies.", t.source, t.verified)


def derive_rule_sets(case: CaseDates) -> dict[RuleQuestion, RuleSetDecision]:
    """The rule set for every question, overrides applied last (each keeps the derived reasons)."""
    outcomes = _outcomes(case)
    derived = {RuleQuestion.OUTCOMES: outcomes, RuleQuestion.PANEL: _panel(case, outcomes),
               RuleQuestion.FORMER_OFFICER_SCHEDULE: _schedule(case, outcomes)}
    for o in case.overrides:
        before = derived[o.question]
        was = before.rule_set.label if before.rule_set else "undecided"
        derived[o.question] = RuleSetDecision(
            o.question, o.rule_set, f"Overridden to {o.rule_set.label}: {o.reason.strip()} (derived: {was} — "
            f"{before.why})", "recorded override", False, overridden=True)
    return derived


@dataclass(frozen=True)
class DefaultProceeding:
    """The proceeding a former officer is referred to unless they opt out or the AA decides otherwise."""

    proceeding: Proceeding | None
    source: str
    verified: bool


def former_officer_default_proceeding(schedule: RuleSetDecision) -> DefaultProceeding:
    """From the former-officer schedule's rule set: an accelerated hearing by default under SI 2025/558."""
    if schedule.rule_set is None or schedule.rule_set not in T.FORMER_OFFICER_DEFAULT_PROCEEDING:
        return DefaultProceeding(None, schedule.why, schedule.verified)
    proceeding, source, verified = T.FORMER_OFFICER_DEFAULT_PROCEEDING[schedule.rule_set]
    return DefaultProceeding(proceeding, source, verified)


def outcome_checking_available(rule_set: Regime | str) -> bool:
    """False for the 2012 Regulations, whose outcomes this app does not model."""
    return Regime(rule_set) in T.OUTCOME_CHECKED_REGIMES


def describe(decisions: Mapping[RuleQuestion, RuleSetDecision] | Iterable[RuleSetDecision]) -> list[str]:
    """One line per question for the user: "Outcomes: <rule set> — <why> [source; verified?]"."""
    rows = decisions.values() if isinstance(decisions, Mapping) else decisions
    lines = []
    for d in rows:
        name = d.rule_set.label if d.rule_set else "not yet decided"
        flag = "verified" if d.verified else "unverified"
        lines.append(f"{d.question.label}: {name} — {d.why} [{d.source}; {flag}]")
    return lines
