"""Working days (England & Wales) and statutory time limits against ../shared/DOMAIN.md §6."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain.deadlines import (
    CaseFacts,
    add_working_days,
    deemed_service,
    is_working_day,
    statutory_deadlines,
    working_days_between,
)
from panelapp.domain.vocabulary import Outcome, Proceeding, Regime, ServiceMethod

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("d", "working"),
    [
        (date(2022, 6, 2), False),  # spring bank holiday moved for the Jubilee
        (date(2022, 6, 3), False),  # Platinum Jubilee (one-off)
        (date(2022, 9, 19), False),  # State Funeral (one-off)
        (date(2023, 5, 8), False),  # Coronation (one-off)
        (date(2023, 5, 29), False),  # spring bank holiday
        (date(2021, 12, 27), False),  # Christmas Day substitute (25th a Saturday)
        (date(2021, 12, 28), False),  # Boxing Day substitute
        (date(2020, 12, 28), False),  # Boxing Day substitute (26th a Saturday)
        (date(2022, 1, 3), False),  # New Year substitute
        (date(2024, 3, 29), False),  # Good Friday
        (date(2024, 4, 1), False),  # Easter Monday
        (date(2024, 3, 28), True),
        (date(2023, 5, 9), True),
        (date(2024, 8, 3), False),  # a Saturday
    ],
)
def test_bank_holidays_and_weekends(d, working):
    assert is_working_day(d) is working


def test_christmas_counting():
    # Friday 23 Dec 2022: Sat, Sun, Mon 26 (Boxing Day), Tue 27 (Christmas substitute) are not working days.
    assert add_working_days(date(2022, 12, 23), 1) == date(2022, 12, 28)
    # Outcome report: hearing ends Friday 19 Dec 2025; 5 WD counted from the first WD after → Tue 30 Dec.
    assert add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 30)


def test_easter_and_one_off_counting():
    assert add_working_days(date(2024, 3, 28), 1) == date(2024, 4, 2)  # over Good Friday to Easter Monday
    assert add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)  # over the Coronation
    assert add_working_days(date(2022, 6, 1), 1) == date(2022, 6, 6)  # over both Jubilee days
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)  # over the State Funeral


def test_user_added_non_working_days():
    extra = {date(2024, 7, 2)}
    assert add_working_days(date(2024, 7, 1), 1, extra) == date(2024, 7, 3)
    assert not is_working_day(date(2024, 7, 2), extra)
    assert working_days_between(date(2024, 7, 1), date(2024, 7, 5), extra) == 3


def test_working_days_between():
    assert working_days_between(date(2024, 1, 1), date(2024, 1, 8)) == 5
    assert working_days_between(date(2024, 1, 8), date(2024, 1, 1)) == -5
    assert working_days_between(date(2024, 1, 5), date(2024, 1, 5)) == 0


days = st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31))


@given(days, st.integers(min_value=1, max_value=60))
def test_add_working_days_never_lands_on_a_non_working_day(d, n):
    result = add_working_days(d, n)
    assert is_working_day(result)
    assert result > d
    assert working_days_between(d, result) == n


@given(days, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_add_working_days_is_monotonic(d, n, m):
    lo, hi = sorted((n, m))
    assert add_working_days(d, lo) <= add_working_days(d, hi)
    if lo < hi:
        assert add_working_days(d, lo) < add_working_days(d, hi)


def _by_key(deadlines):
    return {d.key: d for d in deadlines}


def test_hearing_deadlines():
    facts = CaseFacts(
        Proceeding.HEARING,
        reg30_notice_on=date(2025, 6, 2),
        documents_to_chair_on=date(2025, 7, 1),
        hearing_start=date(2025, 12, 15),
        hearing_end=date(2025, 12, 19),
        outcome_decided_on=date(2025, 12, 19),
        outcome=Outcome.DISMISSAL_WITHOUT_NOTICE,
        outcome_notified_on=date(2026, 1, 5),
        published_on=date(2026, 1, 7),
    )
    d = _by_key(statutory_deadlines(facts))
    assert d["officer_response"].due == date(2025, 6, 23)
    assert d["officer_response"].regulation == "reg 31(1)–(3)"
    assert d["witness_lists"].due == date(2025, 6, 26)  # 3 WD after the response's due date
    assert d["pre_hearing"].due == date(2025, 7, 22)
    assert d["public_notice"].due == date(2025, 12, 8) and not d["public_notice"].verified
    assert d["outcome_report"].due == date(2025, 12, 30) and d["outcome_report"].verified
    assert d["barred_list"].due == date(2025, 12, 30)
    assert d["documents_to_chair"].due == date(2025, 7, 7) and d["documents_to_chair"].verified
    assert d["pat_appeal"].due == date(2026, 1, 19) and d["pat_appeal"].verified is False
    assert d["publication_takedown"].due == date(2026, 2, 4)
    assert "meeting_appeal" not in d


@pytest.mark.parametrize("proceeding", [Proceeding.MEETING, Proceeding.HEARING])
def test_documents_reach_the_chair_10_wd_after_the_response_reg32_6(proceeding):
    """Reg 32(6): "Before the end of 10 working days beginning with the first working day after the date on
    which the officer concerned has complied with regulation 31(2)" — for "the person conducting or chairing the
    misconduct proceedings", so a meeting as much as a hearing (before: hearings only, unverified)."""
    facts = CaseFacts(proceeding, reg30_notice_on=date(2025, 6, 2), officer_response_on=date(2025, 7, 1))
    d = _by_key(statutory_deadlines(facts))["documents_to_chair"]
    assert d.due == date(2025, 7, 15) and d.verified and d.regulation == "reg 32(6)"


def test_witness_lists_reach_the_chair_10_wd_after_the_exchange_reg32_2():
    """Reg 32(2): "before the end of 10 working days beginning with the first working day after the parties
    supplied the lists or notice under regulation 31(4)" — listed once that exchange date is recorded."""
    assert "witness_lists_to_chair" not in _by_key(statutory_deadlines(CaseFacts(Proceeding.HEARING)))
    facts = CaseFacts(Proceeding.HEARING, witness_lists_supplied_on=date(2025, 8, 22))  # Fri; 25 Aug bank holiday
    d = _by_key(statutory_deadlines(facts))["witness_lists_to_chair"]
    assert d.due == date(2025, 9, 8) and d.verified and d.regulation == "reg 32(2)"


@pytest.mark.parametrize(
    ("proceeding", "regulation"),
    [(Proceeding.MEETING, "reg 43(1)"), (Proceeding.HEARING, "reg 43(1)"),
     (Proceeding.ACCELERATED_HEARING, "reg 63(1)")],
)
def test_outcome_report_5_wd_after_the_proceedings_end_reg43_1_and_reg63_1(proceeding, regulation):
    """Reg 43(1) / 63(1): "before the end of a period of 5 working days beginning with the first working day
    after the completion of" the meeting, hearing or accelerated hearing."""
    d = _by_key(statutory_deadlines(CaseFacts(proceeding, hearing_end=date(2025, 12, 19))))["outcome_report"]
    assert d.due == date(2025, 12, 30) and d.verified and d.regulation == regulation


def test_meeting_appeal_7_wd_after_the_report_is_given_reg45_3_a():
    """Reg 45(3)(a): "before the end of 7 working days beginning with the first working day after the report is
    given to the officer under regulation 43"."""
    d = _by_key(statutory_deadlines(CaseFacts(Proceeding.MEETING, outcome_notified_on=date(2025, 3, 3))))
    assert d["meeting_appeal"].due == date(2025, 3, 12) and d["meeting_appeal"].verified
    assert "senior" in d["meeting_appeal"].note


def test_response_date_known_moves_witness_lists():
    facts = CaseFacts(Proceeding.HEARING, reg30_notice_on=date(2025, 6, 2), officer_response_on=date(2025, 6, 10))
    assert _by_key(statutory_deadlines(facts))["witness_lists"].due == date(2025, 6, 13)


def test_meeting_deadlines_and_waiting_ones():
    d = _by_key(statutory_deadlines(CaseFacts(Proceeding.MEETING, outcome_notified_on=date(2024, 12, 20))))
    assert d["meeting_appeal"].due == date(2025, 1, 3)  # 23, 24, 27, 30, 31 Dec, 2, 3 Jan
    assert d["outcome_report"].waiting and d["outcome_report"].due is None
    assert "pat_appeal" not in d and "barred_list" not in d and "pre_hearing" not in d


def test_accelerated_hearing_window():
    d = _by_key(statutory_deadlines(CaseFacts(Proceeding.ACCELERATED_HEARING, reg51_notice_on=date(2025, 6, 2))))
    assert d["amh_earliest"].due == date(2025, 6, 16)
    assert d["amh_latest"].due == date(2025, 6, 23)
    assert "officer_response" not in d


@given(days)
def test_takedown_is_calendar_days(published):
    d = _by_key(statutory_deadlines(CaseFacts(Proceeding.HEARING, published_on=published)))
    assert d["publication_takedown"].due == published + timedelta(days=28)


def test_every_deadline_carries_its_citation_and_verified_flag():
    for d in statutory_deadlines(CaseFacts(Proceeding.HEARING, reg30_notice_on=date(2025, 6, 2))):
        assert d.source == d.regulation and d.regulation.strip() and isinstance(d.verified, bool)


@pytest.mark.parametrize(
    ("specified", "latest"),
    [
        (date(2025, 7, 14), date(2025, 7, 21)),  # Mon: 5 WD beginning Tue 15 → Mon 21
        (date(2025, 8, 22), date(2025, 9, 1)),  # Fri before the August bank holiday (25 Aug)
        (date(2025, 12, 23), date(2026, 1, 2)),  # over Christmas, Boxing Day and New Year
    ],
)
def test_alternative_pre_hearing_date_counts_from_the_day_the_chair_specified_reg33_3_b(specified, latest):
    """Reg 33(3)(b): "before the end of 5 working days beginning with the first working day after the day
    specified by the chair" — not from the notice, which may be weeks earlier."""
    facts = CaseFacts(Proceeding.HEARING, hearing_notice_on=date(2025, 6, 2), chair_specified_on=specified)
    d = _by_key(statutory_deadlines(facts))["pre_hearing_alternative"]
    assert d.due == latest and d.verified and d.regulation == "reg 33(3)(b)"


def test_pre_hearing_counts_from_documents_to_the_chair_reg33_1_a():
    facts = CaseFacts(Proceeding.HEARING, documents_to_chair_on=date(2025, 7, 1))
    d = _by_key(statutory_deadlines(facts))["pre_hearing"]
    assert d.due == date(2025, 7, 22) and d.verified


def test_emailed_notice_from_28_may_2025_waits_for_the_deemed_date_si_2025_558_reg8():
    """Reg 9 as amended: clocks run from the deemed date of service. The rule was not read, so the app
    does not guess it: the response deadline waits until the deemed date is recorded."""
    facts = CaseFacts(Proceeding.HEARING, reg30_notice_on=date(2025, 6, 2), reg30_notice_method=ServiceMethod.EMAIL)
    d = _by_key(statutory_deadlines(facts))["officer_response"]
    assert d.waiting and "deemed date" in d.note
    facts = CaseFacts(Proceeding.HEARING, reg30_notice_on=date(2025, 6, 2), reg30_notice_method=ServiceMethod.EMAIL,
                      reg30_deemed_served_on=date(2025, 6, 3))
    assert _by_key(statutory_deadlines(facts))["officer_response"].due == date(2025, 6, 24)


def test_deemed_service_rows():
    assert deemed_service(date(2025, 6, 2), "hand").served_on == date(2025, 6, 2)
    assert deemed_service(date(2025, 6, 2), None).served_on == date(2025, 6, 2)
    early = deemed_service(date(2025, 5, 1), "email")
    assert early.served_on is None and "not available" in early.note
    assert deemed_service(date(2025, 5, 1), "email", date(2025, 5, 2)).served_on == date(2025, 5, 2)


@pytest.mark.parametrize(
    ("rule_set", "served"),
    [(Regime.R2020, False), (Regime.R2024, False), (Regime.R2012, False), (Regime.R2025, None), (None, None)],
)
def test_email_service_belongs_to_the_2025_rules_not_the_date_sent_si_2025_558_reg64_1(rule_set, served):
    """SI 2025/558 reg 8 (email service, reg 9) is in Part 3, and reg 64(1): "the amendments made by Part 3 ... do
    not have effect in relation to— (a) a pre-commencement allegation". An email sent after 28 May 2025 in a case
    under the old outcome rules is not service under reg 9 as amended; under the 2025 rules (or while the rule
    set is unknown) the deemed date still waits to be recorded, since reg 8's own rule was not read."""
    d = deemed_service(date(2025, 6, 2), "email", rule_set=rule_set)
    assert d.served_on is None
    if served is False:
        assert "reg 64(1)" in d.note and d.source == "SI 2025/558 reg 64(1)" and d.verified
    else:
        assert "record the deemed date" in d.note
    facts = CaseFacts(Proceeding.HEARING, reg30_notice_on=date(2025, 6, 2), reg30_notice_method=ServiceMethod.EMAIL,
                      outcomes_rule_set=rule_set)
    note = _by_key(statutory_deadlines(facts))["officer_response"].note
    assert ("reg 64(1)" in note) is (served is False)


def test_recorded_deemed_date_still_wins_whatever_the_rule_set():
    d = deemed_service(date(2025, 6, 2), "email", date(2025, 6, 3), rule_set=Regime.R2020)
    assert d.served_on == date(2025, 6, 3)


def test_accelerated_hearing_window_counts_from_the_served_reg51_notice_reg52_1():
    facts = CaseFacts(Proceeding.ACCELERATED_HEARING, reg51_notice_on=date(2025, 6, 2),
                      reg51_notice_method=ServiceMethod.EMAIL, reg51_deemed_served_on=date(2025, 6, 3))
    d = _by_key(statutory_deadlines(facts))
    assert d["amh_earliest"].due == date(2025, 6, 17) and d["amh_latest"].due == date(2025, 6, 24)
