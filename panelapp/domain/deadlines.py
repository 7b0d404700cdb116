"""Working days in England & Wales and the statutory time limits of a case.

Bank holidays come from the `holidays` package (England; Wales has the same days), which includes the
one-off days (2022 Platinum Jubilee and State Funeral, 2023 Coronation) and substitute days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import lru_cache

import holidays

from panelapp.domain import legal_tables as T
from panelapp.domain.vocabulary import Outcome, Proceeding, Regime, ServiceMethod


@lru_cache(maxsize=1)
def _bank_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG")


def bank_holiday_name(d: date) -> str | None:
    return _bank_holidays().get(d)


def is_working_day(d: date, extra_non_working: Iterable[date] = ()) -> bool:
    """Monday to Friday, not an England & Wales bank holiday, not one of `extra_non_working`."""
    return d.weekday() < 5 and d not in _bank_holidays() and d not in set(extra_non_working)


def add_working_days(d: date, n: int, extra_non_working: Iterable[date] = ()) -> date:
    """The n-th working day after `d` (`d` itself not counted); with n < 0, the |n|-th before it.

    n == 0 returns `d` unchanged.
    """
    extra = frozenset(extra_non_working)
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        d += timedelta(days=step)
        if is_working_day(d, extra):
            remaining -= 1
    return d


def working_days_between(a: date, b: date, extra_non_working: Iterable[date] = ()) -> int:
    """Working days after `a` up to and including `b` (negative when `b` is before `a`).

    So `working_days_between(d, add_working_days(d, n)) == n` for n ≥ 0.
    """
    if b < a:
        return -working_days_between(b, a, extra_non_working)
    extra = frozenset(extra_non_working)
    return sum(1 for i in range(1, (b - a).days + 1) if is_working_day(a + timedelta(days=i), extra))


@dataclass(frozen=True)
class DeemedService:
    """When a notice counts as given, with the rule used (None while it cannot be worked out)."""

    served_on: date | None
    source: str
    verified: bool
    note: str = ""


def deemed_service(
    sent_on: date | None,
    method: ServiceMethod | str | None = None,
    deemed_on: date | None = None,
    extra_non_working: Iterable[date] = (),
    rule_set: Regime | str | None = None,
) -> DeemedService:
    """The date a notice is deemed given (reg 9; electronic service from 28 May 2025, SI 2025/558 reg 8).

    A date the user recorded (`deemed_on`) wins. Otherwise the `DEEMED_SERVICE` row for the method is
    applied; where its rule was not read, the result waits for the user to record the deemed date. With
    no method recorded the date sent is used, as before this rule existed.

    `rule_set` is the case's rule set for the outcomes question (`rule_sets.derive_rule_sets`), the one that
    follows SI 2025/558 reg 64(1). Email service is a Part 3 amendment (reg 8), so it exists only under the
    2025 rules, whatever the date sent; with `rule_set` unknown only the date is checked.
    """
    if deemed_on is not None:
        return DeemedService(deemed_on, "deemed date recorded by the user", False)
    if sent_on is None:
        return DeemedService(None, "", False)
    if method is None:
        return DeemedService(sent_on, "date sent (no method of service recorded)", False)
    method = ServiceMethod(method)
    row = next((r for r in T.DEEMED_SERVICE if r.method == method.value
                and (r.first_day is None or sent_on >= r.first_day)), None)
    if row is None:
        return DeemedService(None, "Conduct Regs reg 9", False,
                             f"{method.label} service was not available on {sent_on:%d %b %Y}: check the date")
    if row.rule_set is not None and rule_set is not None and Regime(rule_set) is not row.rule_set:
        return DeemedService(None, "SI 2025/558 reg 64(1)", True, T.EMAIL_SERVICE_NOT_IN_RULE_SET)
    if row.working_days_after is None:
        return DeemedService(None, row.source, row.verified,
                             "record the deemed date of service: the rule for this method was not read")
    return DeemedService(add_working_days(sent_on, row.working_days_after, extra_non_working), row.source,
                         row.verified)


@dataclass(frozen=True)
class CaseFacts:
    """The dates a case knows so far; any may be unknown."""

    proceeding: Proceeding
    reg30_notice_on: date | None = None
    officer_response_on: date | None = None
    hearing_notice_on: date | None = None
    documents_to_chair_on: date | None = None
    hearing_start: date | None = None
    hearing_end: date | None = None
    reg51_notice_on: date | None = None
    outcome_decided_on: date | None = None
    outcome_notified_on: date | None = None
    outcome: Outcome | None = None
    published_on: date | None = None
    extra_non_working_days: frozenset[date] = field(default_factory=frozenset)
    chair_specified_on: date | None = None  # the pre-hearing date the chair specified (reg 33(1))
    reg30_notice_method: ServiceMethod | None = None
    reg30_deemed_served_on: date | None = None
    reg51_notice_method: ServiceMethod | None = None
    reg51_deemed_served_on: date | None = None
    # The rule set for the outcomes question (SI 2025/558 reg 64(1)); it also decides whether email service
    # under reg 9 as amended is available. None: unknown, only the date sent is checked.
    outcomes_rule_set: Regime | None = None
    witness_lists_supplied_on: date | None = None  # the parties exchanged witness lists (reg 31(4))

    @property
    def reg30_service(self) -> DeemedService:
        return deemed_service(self.reg30_notice_on, self.reg30_notice_method, self.reg30_deemed_served_on,
                              self.extra_non_working_days, self.outcomes_rule_set)

    @property
    def reg51_service(self) -> DeemedService:
        return deemed_service(self.reg51_notice_on, self.reg51_notice_method, self.reg51_deemed_served_on,
                              self.extra_non_working_days, self.outcomes_rule_set)

    @property
    def reg30_served_on(self) -> date | None:
        return self.reg30_service.served_on

    @property
    def reg51_served_on(self) -> date | None:
        return self.reg51_service.served_on


@dataclass(frozen=True)
class Deadline:
    """One time limit with its provenance: `regulation` cites the rule, `verified` whether it was read."""

    key: str
    name: str
    due: date | None  # None while the date it counts from is unknown
    regulation: str
    verified: bool
    counted_from: str
    days: int
    calendar_days: bool = False
    before: bool = False
    note: str = ""

    @property
    def waiting(self) -> bool:
        return self.due is None

    @property
    def source(self) -> str:
        return self.regulation


_FACT_NAMES = {f.name for f in fields(CaseFacts)} | {"reg30_served_on", "reg51_served_on"}
_SERVICE = {"reg30_served_on": "reg30_service", "reg51_served_on": "reg51_service"}


def statutory_deadlines(facts: CaseFacts) -> list[Deadline]:
    """The time limits that apply to this kind of proceeding, in the order a case meets them."""
    proceeding = Proceeding(facts.proceeding)
    computed: dict[str, date | None] = {}
    result: list[Deadline] = []
    for row in T.DEADLINES:
        if proceeding not in row.proceedings:
            continue
        if row.only_for_outcomes and facts.outcome not in row.only_for_outcomes:
            continue
        start = getattr(facts, row.counted_from) if row.counted_from in _FACT_NAMES else None
        if start is None and row.only_when_known:
            continue
        if start is None and row.fallback:
            start = computed.get(row.fallback)
        note = row.note
        if row.counted_from in _SERVICE:
            service: DeemedService = getattr(facts, _SERVICE[row.counted_from])
            if service.note:
                note = f"{note}; {service.note}" if note else service.note
        due: date | None
        if start is None:
            due = None
        elif row.calendar_days:
            due = start + timedelta(days=-row.days if row.before else row.days)
        else:
            due = add_working_days(start, -row.days if row.before else row.days, facts.extra_non_working_days)
        computed[row.key] = due
        result.append(Deadline(row.key, row.name, due, row.regulation, row.verified, row.counted_from,
                               row.days, row.calendar_days, row.before, note))
    return result
