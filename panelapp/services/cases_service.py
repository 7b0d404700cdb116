"""CaseService: cases, their details, dates, status and statutory time limits.

Reads return `case_records` dataclasses with real enums; writes return `Changes` and record the case's
state in the audit log in the same unit of work. The stored `regime` column (the rule set by the date
proceedings were issued) is derived from `issued_on` as the case import and the demo do; which rules
answer each question is derived per question from the recorded dates (`rule_set_service`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from panelapp.domain import deadlines
from panelapp.domain.case_records import (
    CaseDetails,
    CaseDraft,
    CaseRow,
    LimitState,
    RuleSetLine,
    TimeLimit,
    check_draft,
    limit_state,
    next_limit,
    normalised,
)
from panelapp.domain.changes import Area, Changes
from panelapp.domain.errors import BadInputError
from panelapp.domain.rule_sets import AllegationDates, CaseDates, RuleSetOverride, derive_rule_sets
from panelapp.domain.rules import regime_for
from panelapp.domain.vocabulary import (
    CaseStatus,
    IopcInvolvement,
    Outcome,
    Proceeding,
    Regime,
    RuleQuestion,
    ServiceMethod,
)
from panelapp.models.schema import Case, Officer
from panelapp.services import rule_set_service
from panelapp.services.audit_state import case_state, record_case_state, record_untracked_state
from panelapp.services.service_base import AreaService, SessionFactory, fetch

_DRAFT_FIELDS = tuple(f.name for f in fields(CaseDraft))
_DATE_FIELDS = (*(f.name for f in fields(CaseDraft) if f.name.endswith("_on")), "hearing_start", "hearing_end")
_MAX_SPAN_DAYS = 366 * 40  # beyond this, count each date on its own (a typing slip in an old import)


def _method(value: str | None) -> ServiceMethod | None:
    return ServiceMethod(value) if value else None


def to_draft(case: Case) -> CaseDraft:
    """The editable fields of a case row."""
    return CaseDraft(
        reference=case.reference, force=case.force, proceeding=Proceeding(case.proceeding),
        issued_on=case.issued_on, status=CaseStatus(case.status), hearing_start=case.hearing_start,
        hearing_end=case.hearing_end, venue=case.venue or "", public=bool(case.public),
        anonymity_order=bool(case.anonymity_order), pseudonym=case.pseudonym or "", presenting=case.presenting or "",
        not_named_in_public=case.not_named_in_public or "",
        iopc_involvement=IopcInvolvement(case.iopc_involvement or "none"),
        severity_assessed_on=case.severity_assessed_on,
        reg30_notice_on=case.reg30_notice_on, reg30_notice_method=_method(case.reg30_notice_method),
        reg30_deemed_served_on=case.reg30_deemed_served_on,
        reg51_notice_on=case.reg51_notice_on, reg51_notice_method=_method(case.reg51_notice_method),
        reg51_deemed_served_on=case.reg51_deemed_served_on,
        iopc_direction=bool(case.iopc_direction), chair_specified_on=case.chair_specified_on,
        officer_response_on=case.officer_response_on, documents_to_chair_on=case.documents_to_chair_on,
        outcome_notified_on=case.outcome_notified_on,
    )


def _apply(case: Case, draft: CaseDraft) -> None:
    """Write a (checked) draft into the row: enums as their stored text, an empty pseudonym as NULL."""
    for name in _DRAFT_FIELDS:
        value = getattr(draft, name)
        if name == "pseudonym":
            value = value or None
        elif isinstance(value, CaseStatus | Proceeding | IopcInvolvement | ServiceMethod):
            value = value.value
        setattr(case, name, value)


def _officer_label(o: Officer) -> str:
    return f"{o.rank} {o.name}".strip()


def _outcomes_rule_set(case: Case) -> Regime | None:
    """The rule set for the outcomes question, derived from the loaded rows (no further query per case):
    it decides, among other things, whether notices may be served by email (SI 2025/558 Part 3)."""
    dates = CaseDates(
        allegations=tuple(AllegationDates(a.number, a.came_to_attention_on, a.related_to_earlier_on)
                          for o in case.officers for a in o.allegations),
        reg30_notice_on=case.reg30_notice_on, reg51_notice_on=case.reg51_notice_on,
        iopc_direction=case.iopc_direction,
        overrides=tuple(RuleSetOverride(RuleQuestion(o.question), Regime(o.rule_set), o.reason)
                        for o in case.rule_set_overrides))
    return derive_rule_sets(dates)[RuleQuestion.OUTCOMES].rule_set


def _facts(case: Case) -> deadlines.CaseFacts:
    """What the rules engine counts from: the case's dates, and the panel's decision when there is one."""
    decided = [o.outcome for o in case.officers if o.outcome is not None and o.outcome.outcome]
    dismissal = (Outcome.DISMISSAL_WITHOUT_NOTICE.value, Outcome.WOULD_HAVE_BEEN_DISMISSED.value)
    first = next((d for d in decided if d.outcome in dismissal), decided[0] if decided else None)
    decided_on = max((d.decided_on for d in decided if d.decided_on is not None), default=None)
    return deadlines.CaseFacts(
        proceeding=Proceeding(case.proceeding), reg30_notice_on=case.reg30_notice_on,
        officer_response_on=case.officer_response_on, documents_to_chair_on=case.documents_to_chair_on,
        hearing_start=case.hearing_start, hearing_end=case.hearing_end, reg51_notice_on=case.reg51_notice_on,
        outcome_decided_on=decided_on, outcome_notified_on=case.outcome_notified_on,
        outcome=Outcome(first.outcome) if first is not None and first.outcome else None,
        chair_specified_on=case.chair_specified_on, reg30_notice_method=_method(case.reg30_notice_method),
        reg30_deemed_served_on=case.reg30_deemed_served_on, reg51_notice_method=_method(case.reg51_notice_method),
        reg51_deemed_served_on=case.reg51_deemed_served_on, outcomes_rule_set=_outcomes_rule_set(case),
    )


def working_days_until(today: dt.date, dues: Iterable[dt.date]) -> dict[dt.date, int]:
    """`deadlines.working_days_between(today, due)` for many dates, visiting each day of the span once
    (a list of many cases asks for hundreds of dates; counting each one day by day was the slow part)."""
    wanted = set(dues)
    if not wanted:
        return {}
    lo, hi = min(*wanted, today), max(*wanted, today)
    if (hi - lo).days > _MAX_SPAN_DAYS:
        return {d: deadlines.working_days_between(today, d) for d in wanted}
    running: dict[dt.date, int] = {}
    n, day = 0, lo
    while day <= hi:
        n += deadlines.is_working_day(day)
        running[day] = n
        day += dt.timedelta(days=1)
    return {d: running[d] - running[today] for d in wanted}


class _Limits:
    """The statutory time limits of several cases, working days counted in one pass."""

    def __init__(self, cases: Sequence[Case], today: dt.date) -> None:
        self._raw = {c.id: deadlines.statutory_deadlines(_facts(c)) for c in cases}
        self._days = working_days_until(today, (d.due for ds in self._raw.values() for d in ds if d.due))
        self._cases = {c.id: c for c in cases}

    def of(self, case_id: int) -> tuple[TimeLimit, ...]:
        case = self._cases[case_id]
        status = CaseStatus(case.status)
        recorded = {name: getattr(case, name, None) for name in _DATE_FIELDS}
        out = []
        for d in self._raw[case_id]:
            left = self._days.get(d.due) if d.due is not None else None
            state, kind, short = limit_state(d.key, d.due, left, status, recorded)
            out.append(TimeLimit(d.key, d.name, short or d.name, d.due, left, state, kind, d.regulation,
                                 d.verified, d.counted_from, d.note))
        return tuple(out)


class CaseService(AreaService):
    """The use cases over cases: the list, one case's details, create, edit, close/reopen, undo a create.

    `today` gives the day the time limits are counted to (tests fix it).
    """

    def __init__(self, session: SessionFactory, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(session)
        self.today = today

    # --- reads ---------------------------------------------------------------------------------------
    def list_cases(self) -> list[CaseRow]:
        """Every case by reference, with its officers and its next statutory time limit."""
        with self._session() as s:
            cases = list(s.scalars(select(Case).options(selectinload(Case.officers).selectinload(Officer.outcome))
                                   .order_by(Case.reference)))
            limits = _Limits(cases, self.today())
            rows = []
            for c in cases:
                mine = limits.of(c.id)
                rows.append(CaseRow(c.id, c.reference, tuple(_officer_label(o) for o in c.officers),
                                    Proceeding(c.proceeding), CaseStatus(c.status), next_limit(mine),
                                    sum(t.state is LimitState.OVERDUE for t in mine)))
            return rows

    def get(self, case_id: int) -> CaseDetails:
        """One case: every field, the rule set per question (with why), and its statutory time limits."""
        with self._session() as s:
            case = self._case(s, case_id)
            today = self.today()
            views = rule_set_service.rule_sets(s, case.reference)
            return CaseDetails(
                id=case.id, draft=to_draft(case), regime=Regime(case.regime),
                officers=tuple(_officer_label(o) for o in case.officers),
                rule_sets=tuple(RuleSetLine(v.question, v.rule_set, v.why, v.source, v.verified, v.overridden,
                                            v.override_reason) for v in views),
                limits=_Limits([case], today).of(case.id), today=today)

    # --- writes --------------------------------------------------------------------------------------
    def create(self, draft: CaseDraft, case_id: int | None = None) -> Changes:
        """A new case from a draft; `Changes.value` is its id. `case_id` re-creates a case under the id it
        had (redo after undo), so later edits that name it still find it."""
        draft = self._checked(draft)
        with self._session() as s:
            self._unique(s, draft.reference, None)
            if case_id is not None and s.get(Case, case_id) is not None:
                raise BadInputError("Case", "its number is taken by another case; nothing was created",
                                    code="id_taken")
            record_untracked_state(s)
            case = Case(regime=regime_for(draft.issued_on).value,
                        created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0))
            if case_id is not None:
                case.id = case_id
            _apply(case, draft)
            s.add(case)
            s.flush()
            record_case_state(s, case.id, "case.create")
            return Changes.of(Area.CASES, Area.CASE, case_id=case.id, value=case.id)

    def update(self, case_id: int, draft: CaseDraft) -> Changes:
        """Replace every editable field of a case with the draft's."""
        draft = self._checked(draft)
        with self._session() as s:
            case = self._case(s, case_id)
            self._unique(s, draft.reference, case_id)
            record_untracked_state(s)
            if draft.issued_on != case.issued_on and case.regime == regime_for(case.issued_on).value:
                # The stored rule set follows the date issued, unless an imported case recorded another.
                case.regime = regime_for(draft.issued_on).value
            _apply(case, draft)
            s.flush()
            record_case_state(s, case_id, "case.update")
            return Changes.of(Area.CASES, Area.CASE, case_id=case_id)

    def set_status(self, case_id: int, status: CaseStatus | str) -> Changes:
        """Move a case to `status`: "closed" closes it; any other status reopens a closed case."""
        try:
            new = CaseStatus(status)
        except ValueError:
            raise BadInputError("Status", f"unknown status {str(status)!r}", code="unknown") from None
        with self._session() as s:
            case = self._case(s, case_id)
            record_untracked_state(s)
            was = CaseStatus(case.status)
            case.status = new.value
            s.flush()
            verb = "close" if new is CaseStatus.CLOSED else "reopen" if was is CaseStatus.CLOSED else "status"
            record_case_state(s, case_id, f"case.{verb}")
            return Changes.of(Area.CASES, Area.CASE, case_id=case_id, value=new)

    def delete_empty(self, case_id: int) -> Changes:
        """Delete a case that holds nothing but its own fields (the undo of creating it); refuse otherwise."""
        with self._session() as s:
            case = self._case(s, case_id)
            state = case_state(s, case_id) or {}
            if any(rows for part, rows in state.items() if part != "case"):
                raise BadInputError(f"Case {case.reference}", "it now holds people, allegations, evidence or notes; "
                                    "nothing was deleted", code="not_empty")
            record_untracked_state(s)
            s.delete(case)
            s.flush()
            record_case_state(s, case_id, "case.delete")
            return Changes.of(Area.CASES, Area.CASE, case_id=case_id)

    # --- helpers -------------------------------------------------------------------------------------
    @staticmethod
    def _checked(draft: CaseDraft) -> CaseDraft:
        draft = normalised(draft)
        check_draft(draft)
        return draft

    @staticmethod
    def _case(s: Session, case_id: int) -> Case:
        return fetch(s, Case, case_id, "case", " (it may have been deleted)")

    @staticmethod
    def _unique(s: Session, reference: str, case_id: int | None) -> None:
        other = s.scalar(select(Case.id).where(Case.reference == reference))
        if other is not None and other != case_id:
            raise BadInputError("Reference", f"{reference!r} is already used by another case in this store",
                                code="duplicate")
