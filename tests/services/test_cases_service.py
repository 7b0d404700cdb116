"""CaseService over a real encrypted store: the list, one case's details, create / edit / close / reopen,
the undo of a create, bad input refused with nothing written, and `verify` clean after every write."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from panelapp.domain import deadlines
from panelapp.domain.case_records import CaseDraft, LimitKind, LimitState, check_draft, days_phrase
from panelapp.domain.changes import Area
from panelapp.domain.errors import BadInputError, NotFoundError
from panelapp.domain.vocabulary import CaseStatus, Proceeding, Regime, RuleQuestion, ServiceMethod
from panelapp.services.cases_service import working_days_until
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db

TODAY = date(2025, 6, 20)  # a Friday, after DEMO-001's hearing (9–11 June 2025)


@pytest.fixture
def services(demo_store: Path) -> Iterator[PanelServices]:
    with PanelServices.open(demo_store, PASSPHRASE) as s:
        s.cases.today = lambda: TODAY
        yield s


def _draft(**kw: object) -> CaseDraft:
    base = CaseDraft(reference="PC-2025-17", force="Northmoor Constabulary (fictional)",
                     proceeding=Proceeding.HEARING, issued_on=date(2025, 6, 2))
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


def _audit_count(services: PanelServices) -> int:
    with services.store.session() as s:
        return int(s.scalar(text("SELECT count(*) FROM audit_log")))


def test_the_list_shows_each_case_with_its_next_time_limit(services: PanelServices) -> None:
    [row] = services.cases.list_cases()
    assert row.reference == "DEMO-001" and row.officers == ("PC Owen Hartley",)
    assert row.proceeding is Proceeding.HEARING and row.status is CaseStatus.HEARD
    # Heard on 9–11 June 2025: the outcome report (reg 43(1)) is due 5 working days after the hearing ends.
    limit = row.next_limit
    assert limit is not None and limit.key == "outcome_report" and limit.due == date(2025, 6, 18)
    assert limit.working_days_left == -2 and limit.overdue and row.overdue and row.overdue_count == 1
    assert limit.summary == "Outcome report (reg 43) · OVERDUE by 2 working days"


def test_details_carry_every_field_the_rule_sets_and_the_limits(services: PanelServices) -> None:
    case_id = services.case_id("DEMO-001")
    d = services.cases.get(case_id)
    assert d.reference == "DEMO-001" and d.regime is Regime.R2024 and d.today == TODAY
    assert d.draft.hearing_start == date(2025, 6, 9) and d.draft.hearing_end == date(2025, 6, 11)
    assert d.draft.reg30_notice_on == date(2025, 2, 10) and d.draft.reg30_notice_method is ServiceMethod.HAND
    assert d.draft.venue.startswith("Northmoor Police Headquarters") and d.draft.public
    got = {r.question: r for r in d.rule_sets}
    assert got[RuleQuestion.PANEL].rule_set is Regime.R2024 and "10 Feb 2025" in got[RuleQuestion.PANEL].why
    assert got[RuleQuestion.OUTCOMES].rule_set is Regime.R2020 and got[RuleQuestion.OUTCOMES].verified
    limits = {t.key: t for t in d.limits}
    assert limits["officer_response"].state is LimitState.PAST_STAGE  # the case is heard: that stage is over
    assert limits["outcome_report"].state is LimitState.OVERDUE
    assert limits["barred_list"].state is LimitState.LATER  # runs once the case is decided
    assert limits["pat_appeal"].state is LimitState.LATER and limits["pat_appeal"].kind is LimitKind.WINDOW
    for t in d.limits:
        if t.due is not None:
            assert t.working_days_left == deadlines.working_days_between(TODAY, t.due)


def test_a_preparing_case_counts_its_response_clock_from_the_notice(services: PanelServices) -> None:
    """Reg 31(1): 15 working days after the reg 30 notice (handed over on 2 June 2025)."""
    ch = services.cases.create(_draft(reg30_notice_on=date(2025, 6, 2), reg30_notice_method=ServiceMethod.HAND))
    limits = {t.key: t for t in services.cases.get(ch.value).limits}
    response = limits["officer_response"]
    assert response.due == date(2025, 6, 23) and response.state is LimitState.RUNNING
    assert response.working_days_left == 1 and response.citation == "reg 31(1)–(3)"
    row = next(r for r in services.cases.list_cases() if r.id == ch.value)
    assert row.next_limit is not None and row.next_limit.key == "officer_response" and not row.overdue

    before = services.cases.get(ch.value).draft
    services.cases.update(ch.value, dataclasses.replace(before, officer_response_on=date(2025, 6, 16)))
    limits = {t.key: t for t in services.cases.get(ch.value).limits}
    assert limits["officer_response"].state is LimitState.MET
    assert limits["witness_lists"].due == date(2025, 6, 19)  # reg 31(4): 3 WD after the response
    assert limits["witness_lists"].state is LimitState.OVERDUE
    assert services.verify().ok


def test_create_edit_close_reopen_and_undo_a_create_each_audited(services: PanelServices) -> None:
    n = _audit_count(services)
    ch = services.cases.create(_draft(venue="Room 4"))
    assert ch.touches(Area.CASES) and ch.case_id == ch.value
    case_id = ch.value
    d = services.cases.get(case_id)
    assert d.status is CaseStatus.PREPARING and d.regime is Regime.R2025  # issued 2 June 2025
    assert _audit_count(services) == n + 1

    services.cases.update(case_id, dataclasses.replace(d.draft, venue="Room 5", anonymity_order=True,
                                                       pseudonym=" Officer A "))
    d = services.cases.get(case_id)
    assert d.draft.venue == "Room 5" and d.draft.pseudonym == "Officer A"

    assert services.cases.set_status(case_id, "closed").value is CaseStatus.CLOSED
    assert services.cases.get(case_id).closed
    row = next(r for r in services.cases.list_cases() if r.id == case_id)
    assert row.closed and row.next_limit is None  # a closed case asks nothing of anyone
    services.cases.set_status(case_id, CaseStatus.PREPARING)
    assert services.cases.get(case_id).status is CaseStatus.PREPARING
    assert _audit_count(services) == n + 4
    assert services.verify().ok

    services.cases.delete_empty(case_id)
    assert [r.reference for r in services.cases.list_cases()] == ["DEMO-001"]
    with pytest.raises(NotFoundError):
        services.cases.get(case_id)
    assert services.verify().ok, "a deleted case is recorded as deleted, not missing"

    again = services.cases.create(_draft(), case_id=case_id)  # redo: the same id, so later edits still find it
    assert again.value == case_id
    assert services.verify().ok


def test_changing_the_date_issued_rederives_the_stored_rule_set(services: PanelServices) -> None:
    case_id = services.cases.create(_draft(issued_on=date(2024, 1, 8))).value
    assert services.cases.get(case_id).regime is Regime.R2020
    services.cases.update(case_id, _draft(issued_on=date(2025, 6, 2)))
    assert services.cases.get(case_id).regime is Regime.R2025


def test_the_dates_typed_decide_the_rule_sets(services: PanelServices) -> None:
    """The dialog is where the reg 30 notice date is entered: the panel question follows it."""
    case_id = services.cases.create(_draft()).value
    panel = {r.question: r for r in services.cases.get(case_id).rule_sets}[RuleQuestion.PANEL]
    assert panel.rule_set is None and "Record the reg 30" in panel.why
    services.cases.update(case_id, _draft(reg30_notice_on=date(2024, 3, 1)))
    panel = {r.question: r for r in services.cases.get(case_id).rule_sets}[RuleQuestion.PANEL]
    assert panel.rule_set is Regime.R2020 and "01 Mar 2024" in panel.why


@pytest.mark.parametrize(("draft", "field", "words"), [
    (_draft(reference="  "), "Reference", "required"),
    (_draft(reference="X" * 65), "Reference", "is longer than 64 characters (this has 65)"),
    (_draft(reference="A\nB"), "Reference", "one line"),
    (_draft(force=""), "Force", "required"),
    (_draft(hearing_start=date(2025, 7, 2), hearing_end=date(2025, 7, 1)), "Hearing end", "before the hearing start"),
    (_draft(hearing_end=date(2025, 7, 1)), "Hearing end", "set the hearing start first"),
    (_draft(anonymity_order=True, pseudonym=" "), "Pseudonym", "required"),
    (_draft(reg30_notice_on=date(2025, 6, 2), reg30_deemed_served_on=date(2025, 6, 1)), "Reg 30 deemed service",
     "before the Reg 30 notice date"),
    (_draft(reg51_notice_method=ServiceMethod.EMAIL), "Reg 51 notice method", "set the Reg 51 notice date first"),
    (_draft(reg30_notice_on=date(2025, 6, 2), officer_response_on=date(2025, 5, 1)), "Officer's response",
     "before the reg 30 notice date"),
])
def test_bad_input_names_the_field_and_writes_nothing(services: PanelServices, draft: CaseDraft, field: str,
                                                      words: str) -> None:
    n = _audit_count(services)
    with pytest.raises(BadInputError) as raised:
        services.cases.create(draft)
    assert raised.value.field == field and words in raised.value.reason
    assert "\n" not in str(raised.value) and str(raised.value).startswith(f"{field}: ")
    assert _audit_count(services) == n and len(services.cases.list_cases()) == 1


def test_a_reference_must_be_unique(services: PanelServices) -> None:
    with pytest.raises(BadInputError, match="Reference: 'DEMO-001' is already used"):
        services.cases.create(_draft(reference=" DEMO-001 "))
    case_id = services.cases.create(_draft()).value
    with pytest.raises(BadInputError, match="already used"):
        services.cases.update(case_id, _draft(reference="DEMO-001"))
    services.cases.update(case_id, _draft(venue="its own reference is fine"))


def test_undoing_a_create_refuses_once_the_case_holds_more(services: PanelServices) -> None:
    demo = services.case_id("DEMO-001")
    n = _audit_count(services)
    with pytest.raises(BadInputError, match="Case DEMO-001: it now holds people"):
        services.cases.delete_empty(demo)
    assert _audit_count(services) == n and services.cases.get(demo).reference == "DEMO-001"
    with pytest.raises(BadInputError, match="unknown status"):
        services.cases.set_status(demo, "archived")
    with pytest.raises(NotFoundError):
        services.cases.update(9999, _draft())


def test_check_draft_accepts_a_full_case() -> None:
    check_draft(_draft(hearing_start=date(2025, 7, 1), hearing_end=date(2025, 7, 3), anonymity_order=True,
                       pseudonym="Officer A", reg30_notice_on=date(2025, 6, 2), reg30_notice_method=ServiceMethod.POST,
                       reg30_deemed_served_on=date(2025, 6, 4), officer_response_on=date(2025, 6, 20)))
    assert days_phrase(1) == "1 working day left" and days_phrase(0) == "due today"
    assert days_phrase(-3) == "OVERDUE by 3 working days" and days_phrase(None) == "no date yet"


@given(st.dates(date(2019, 1, 1), date(2027, 12, 31)),
       st.lists(st.integers(-400, 400), min_size=1, max_size=6))
def test_counting_many_dates_at_once_agrees_with_the_rules_engine(today: date, offsets: list[int]) -> None:
    dues = [today + timedelta(days=o) for o in offsets]
    assert working_days_until(today, dues) == {d: deadlines.working_days_between(today, d) for d in dues}


def test_an_accelerated_hearing_has_a_window_not_two_deadlines(services: PanelServices) -> None:
    """Reg 52(1): held 10 to 15 working days after the reg 51 notice; the earliest day is never "overdue"."""
    case_id = services.cases.create(_draft(proceeding=Proceeding.ACCELERATED_HEARING,
                                           reg51_notice_on=date(2025, 6, 16))).value
    limits = {t.key: t for t in services.cases.get(case_id).limits}
    assert limits["amh_earliest"].state is LimitState.NOT_YET and limits["amh_earliest"].kind is LimitKind.NOT_BEFORE
    assert limits["amh_latest"].state is LimitState.RUNNING
    row = next(r for r in services.cases.list_cases() if r.id == case_id)
    assert row.next_limit is not None and row.next_limit.key == "amh_latest"
    services.cases.today = lambda: date(2025, 7, 10)
    limits = {t.key: t for t in services.cases.get(case_id).limits}
    assert limits["amh_earliest"].state is LimitState.CLOSED and limits["amh_latest"].state is LimitState.OVERDUE
