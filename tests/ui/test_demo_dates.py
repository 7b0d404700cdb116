"""The app's demo case reads as just heard whatever today is: its hearing and decision move to the week
before, the dates that decide the law stay (the tests' demo, built without a day, keeps June 2025)."""

from __future__ import annotations

import datetime as dt

import pytest

from panelapp.domain.vocabulary import Regime, RuleQuestion
from panelapp.services.demo_case import build_demo_case
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = [pytest.mark.db]


@pytest.mark.parametrize("today", [dt.date(2026, 11, 23), dt.date(2027, 3, 3)])  # a Monday, a Wednesday
def test_the_demo_built_today_is_just_heard(tmp_path, today):
    with PanelServices.create(tmp_path / "demo.panel", PASSPHRASE) as services:
        with services.store.session() as s:
            build_demo_case(s, today)
        services.cases.today = lambda: today
        case_id = services.case_id("DEMO-001")
        [row] = services.cases.list_cases()
        details = services.cases.get(case_id)
        assert services.verify().ok
    start, end = details.draft.hearing_start, details.draft.hearing_end
    assert (start.weekday(), end.weekday(), (end - start).days) == (0, 2, 2) and 0 < (today - end).days <= 7
    limit = row.next_limit
    assert limit is not None and limit.key == "outcome_report" and not limit.overdue
    assert 0 <= limit.working_days_left <= 5, limit.summary
    assert details.draft.reg30_notice_on == dt.date(2025, 2, 10)  # the dates that decide the law stay
    rules = {r.question: r.rule_set for r in details.rule_sets}
    assert rules[RuleQuestion.PANEL] is Regime.R2024 and rules[RuleQuestion.OUTCOMES] is Regime.R2020


def test_the_demo_without_a_day_keeps_june_2025(demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        details = services.cases.get(services.case_id("DEMO-001"))
    assert (details.draft.hearing_start, details.draft.hearing_end) == (dt.date(2025, 6, 9), dt.date(2025, 6, 11))
