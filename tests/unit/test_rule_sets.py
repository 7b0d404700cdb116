"""Which rule set answers which question: SI 2025/558 reg 64, SI 2024/521, and the 2012 Regulations."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain.rule_sets import (
    AllegationDates,
    CaseDates,
    RuleSetOverride,
    allegation_outcome_rule_set,
    derive_rule_sets,
    describe,
    former_officer_default_proceeding,
    outcome_checking_available,
)
from panelapp.domain.vocabulary import Proceeding as P
from panelapp.domain.vocabulary import Regime as G
from panelapp.domain.vocabulary import RuleQuestion as Q

pytestmark = pytest.mark.unit

D = date


def case(*came, reg30=None, reg51=None, **kw):
    return CaseDates(tuple(AllegationDates(i + 1, d) for i, d in enumerate(came)), reg30, reg51, **kw)


@pytest.mark.parametrize(
    ("came", "rule_set"),
    [(D(2025, 5, 27), G.R2020), (D(2025, 5, 28), G.R2025), (D(2020, 2, 1), G.R2020), (D(2020, 1, 31), G.R2012)],
)
def test_outcomes_follow_the_allegation_date_si_2025_558_reg64_1(came, rule_set):
    """Reg 64(1): Part 3 does not have effect for a pre-commencement allegation, whatever the notice date."""
    d = derive_rule_sets(case(came, reg30=D(2025, 9, 1)))[Q.OUTCOMES]
    assert d.rule_set is rule_set
    assert d.why and d.source


def test_proceedings_issued_after_28_may_2025_on_an_old_allegation_keep_the_old_outcome_rules():
    """Today's regime_for(issue date) would apply the presumption of dismissal here; reg 64(1) does not."""
    d = derive_rule_sets(case(D(2024, 11, 4), reg30=D(2025, 7, 1)))
    assert d[Q.OUTCOMES].rule_set is G.R2020 and d[Q.OUTCOMES].verified
    assert d[Q.PANEL].rule_set in (G.R2024, G.R2025)


def test_related_later_allegation_keeps_the_old_rules_reg64_1_b():
    a = AllegationDates(2, D(2025, 6, 10), related_to_earlier_on=D(2025, 3, 1))
    assert allegation_outcome_rule_set(a).rule_set is G.R2020


def test_iopc_direction_applies_2025_rules_regardless_reg64_2():
    d = derive_rule_sets(case(D(2024, 1, 5), reg30=D(2025, 1, 1), iopc_direction=True))
    assert d[Q.OUTCOMES].rule_set is G.R2025 and d[Q.FORMER_OFFICER_SCHEDULE].rule_set is G.R2025


@pytest.mark.parametrize(
    ("reg30", "reg51", "rule_set"),
    [(D(2025, 5, 27), None, G.R2020), (D(2025, 5, 28), None, G.R2025), (None, D(2025, 5, 1), G.R2020),
     (None, D(2025, 6, 1), G.R2025)],
)
def test_former_officer_schedule_follows_the_reg30_or_reg51_notice_reg64_3(reg30, reg51, rule_set):
    d = derive_rule_sets(case(D(2025, 1, 1), reg30=reg30, reg51=reg51))[Q.FORMER_OFFICER_SCHEDULE]
    assert d.rule_set is rule_set and d.verified


@pytest.mark.parametrize(("reg30", "rule_set"), [(D(2024, 5, 6), G.R2020), (D(2024, 5, 7), G.R2024)])
def test_panel_follows_the_notice_date_unverified_si_2024_521(reg30, rule_set):
    d = derive_rule_sets(case(D(2023, 1, 1), reg30=reg30))[Q.PANEL]
    assert d.rule_set is rule_set and not d.verified  # the SI's transitional provision was not read


def test_2012_case_is_recognised_and_outcome_checking_is_not_available():
    d = derive_rule_sets(case(D(2019, 12, 2), D(2021, 3, 3), reg30=D(2024, 6, 1)))
    assert {x.rule_set for x in d.values()} == {G.R2012}
    assert not outcome_checking_available(d[Q.OUTCOMES].rule_set)
    assert "before 1 Feb 2020" in d[Q.OUTCOMES].why


def test_missing_dates_leave_the_question_undecided_and_say_what_to_record():
    d = derive_rule_sets(case(None))
    assert not d[Q.OUTCOMES].decided and "came to attention" in d[Q.OUTCOMES].why
    assert not d[Q.PANEL].decided and "notice" in d[Q.PANEL].why


def test_mixed_allegations_need_a_recorded_decision():
    d = derive_rule_sets(case(D(2025, 1, 1), D(2025, 7, 1), reg30=D(2025, 8, 1)))[Q.OUTCOMES]
    assert not d.decided and "different outcome rules" in d.why


def test_override_with_reason_wins_and_keeps_the_derivation():
    o = RuleSetOverride(Q.OUTCOMES, G.R2025, "IOPC directed re-investigation under s.13B on 3 June 2025")
    d = derive_rule_sets(case(D(2025, 1, 1), reg30=D(2025, 8, 1), overrides=(o,)))[Q.OUTCOMES]
    assert d.rule_set is G.R2025 and d.overridden and not d.verified
    assert "s.13B" in d.why and "derived" in d.why


def test_override_without_a_reason_is_refused():
    with pytest.raises(ValueError, match="reason"):
        RuleSetOverride(Q.PANEL, G.R2020, "  ")


def test_describe_shows_each_question_with_its_source_and_flag():
    lines = describe(derive_rule_sets(case(D(2025, 7, 1), reg30=D(2025, 9, 1))))
    assert len(lines) == 3 and all("[" in line and ("verified" in line) for line in lines)


dates = st.dates(min_value=D(2018, 1, 1), max_value=D(2030, 12, 31))


@given(dates, dates)
def test_outcome_rule_set_only_moves_forward_with_the_date(a, b):
    order = [G.R2012, G.R2020, G.R2025]
    lo, hi = sorted((a, b))
    x = allegation_outcome_rule_set(AllegationDates(1, lo)).rule_set
    y = allegation_outcome_rule_set(AllegationDates(1, hi)).rule_set
    assert order.index(x) <= order.index(y)


@given(dates)
def test_related_allegation_never_gets_newer_rules_than_its_own_date(d):
    own = allegation_outcome_rule_set(AllegationDates(1, d)).rule_set
    related = allegation_outcome_rule_set(AllegationDates(1, d, d - timedelta(days=30))).rule_set
    order = [G.R2012, G.R2020, G.R2025]
    assert order.index(related) <= order.index(own)


def test_former_officer_default_is_an_accelerated_hearing_under_the_2025_schedule():
    new = derive_rule_sets(case(D(2025, 1, 1), reg30=D(2025, 6, 1)))[Q.FORMER_OFFICER_SCHEDULE]
    old = derive_rule_sets(case(D(2025, 1, 1), reg30=D(2025, 5, 1)))[Q.FORMER_OFFICER_SCHEDULE]
    assert former_officer_default_proceeding(new).proceeding is P.ACCELERATED_HEARING
    assert former_officer_default_proceeding(old).proceeding is P.HEARING
    undecided = derive_rule_sets(case(D(2025, 1, 1)))[Q.FORMER_OFFICER_SCHEDULE]
    assert former_officer_default_proceeding(undecided).proceeding is None
