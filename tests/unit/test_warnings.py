"""Warning periods: reg 62(4)-(5) of the Conduct Regs and the corresponding-date rule (Dodds v Walker)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain.rules import (
    Warning,
    WarningKind,
    fww_in_force_on,
    unconnected_incidents,
    warning_expiry,
    warning_is_live,
    warning_last_day,
    ww_in_force_on,
)
from panelapp.domain.vocabulary import FindingLevel as L

pytestmark = pytest.mark.unit
FWW, WW = WarningKind.FINAL_WRITTEN, WarningKind.WRITTEN


@pytest.mark.parametrize(
    ("kind", "notified", "months", "last_day"),
    [
        (FWW, date(2024, 2, 29), None, date(2026, 2, 28)),  # no 29 Feb 2026: runs to the month's end
        (WW, date(2023, 10, 31), None, date(2025, 4, 30)),  # no 31 Apr 2025: runs to 30 Apr
        (WW, date(2024, 1, 10), None, date(2025, 7, 9)),  # corresponding date 10 Jul: ends the day before
        (FWW, date(2024, 1, 1), 60, date(2028, 12, 31)),
        (FWW, date(2023, 8, 31), 30, date(2026, 2, 28)),
    ],
)
def test_period_beginning_with_the_day_notified_reg62_4_corresponding_date(kind, notified, months, last_day):
    """Reg 62(4): "2 years beginning with the day on which it was notified"; months follow Dodds v Walker."""
    assert warning_last_day(kind, notified, months) == last_day
    assert warning_is_live(kind, notified, last_day, months)
    assert not warning_is_live(kind, notified, last_day + timedelta(days=1), months)
    assert warning_expiry(kind, notified, months) == last_day + timedelta(days=1)


def test_month_end_warnings_are_in_force_through_their_last_day():
    """The two examples of ../shared/DOMAIN.md §1: today's code lets both lapse a day early."""
    assert warning_is_live("final_written_warning", date(2024, 2, 29), date(2026, 2, 28))
    assert warning_is_live("written_warning", date(2023, 10, 31), date(2025, 4, 30))


def test_career_break_extends_the_period_day_for_day_reg62_5():
    assert warning_last_day(WW, date(2024, 1, 10), career_break_days=30) == date(2025, 8, 8)
    with pytest.raises(ValueError, match="negative"):
        warning_last_day(WW, date(2024, 1, 10), career_break_days=-1)


def test_final_written_warning_length_is_two_to_five_years_reg62_4():
    with pytest.raises(ValueError, match="24–60 months"):
        warning_expiry("final_written_warning", date(2024, 1, 1), 61)
    with pytest.raises(ValueError, match="24–60 months"):
        warning_expiry("final_written_warning", date(2024, 1, 1), 23)


def test_not_live_before_notified():
    assert not warning_is_live("written_warning", date(2024, 1, 10), date(2024, 1, 9))


notified = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


@given(notified, st.integers(min_value=24, max_value=60), st.integers(min_value=0, max_value=400))
def test_expiry_is_monotonic_in_date_length_and_break(d, months, brk):
    last = warning_last_day(FWW, d, months, brk)
    assert last >= d
    assert warning_last_day(FWW, d + timedelta(days=1), months, brk) >= last
    if months < 60:
        assert warning_last_day(FWW, d, months + 1, brk) > last
    assert warning_last_day(FWW, d, months, brk + 1) == last + timedelta(days=1)


@given(notified)
def test_period_is_never_shorter_than_calendar_months_minus_one_day(d):
    last = warning_last_day(FWW, d)
    assert (last - d).days >= 2 * 365 - 1


def test_fww_in_force_is_derived_from_the_recorded_warnings_at_the_severity_assessment_date_reg42_5():
    warnings = (Warning(FWW, date(2023, 3, 1)), Warning(WW, date(2020, 1, 1)))
    assert fww_in_force_on(warnings, date(2025, 2, 28))
    assert not fww_in_force_on(warnings, date(2025, 3, 1))
    assert not ww_in_force_on(warnings, date(2025, 2, 28))
    assert not fww_in_force_on((), date(2025, 1, 1))


@pytest.mark.parametrize(
    ("findings", "unconnected"),
    [
        ([(L.MISCONDUCT, "A")], False),  # one allegation: never "more than one incident"
        ([(L.MISCONDUCT, "A"), (L.MISCONDUCT, "A")], False),  # grouped as one incident
        ([(L.MISCONDUCT, "A"), (L.MISCONDUCT, "B")], True),
        ([(L.MISCONDUCT, "A"), (L.MISCONDUCT, None)], False),  # not grouped yet: not established
        ([(L.MISCONDUCT, "A"), (L.NOT_PROVED, "B")], False),  # only incidents found to be misconduct count
        ([(L.MISCONDUCT, "A"), (L.PRACTICE_REQUIRING_IMPROVEMENT, "B")], False),
    ],
)
def test_unconnected_incidents_derived_from_findings_reg42_6(findings, unconnected):
    """Reg 42(6): misconduct "arising from more than one incident" that are "not closely factually connected"."""
    assert unconnected_incidents(findings) is unconnected
