"""Which rules apply, per question, from the dates the store records; overrides with a recorded reason.

Issue #7 item 2; DOMAIN.md §4 "Which rules apply is not one date".
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from panelapp.domain.errors import UsageError
from panelapp.domain.vocabulary import Regime, RuleQuestion
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db

Q = RuleQuestion


def _by_question(services: PanelServices, reference: str = "DEMO-001") -> dict[RuleQuestion, Any]:
    return {v.question: v for v in services.rule_sets(reference)}


def _audit_count(services: PanelServices) -> int:
    with services.store.session() as s:
        return int(s.scalar(text("SELECT count(*) FROM audit_log")))


def test_demo_outcomes_follow_each_allegations_date_not_the_hearing_si_2025_558_reg_64_1(demo_store: Path) -> None:
    """DEMO-001 sat in June 2025, but its allegations came to attention in 2024: the old outcome rules
    (SI 2025/558 reg 64(1)); the reg 30 notice of 10 Feb 2025 decides the panel (SI 2024/521) and the
    former-officer schedule (reg 64(3))."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        views = services.rule_sets("DEMO-001")
    assert [v.question for v in views] == [Q.OUTCOMES, Q.PANEL, Q.FORMER_OFFICER_SCHEDULE]
    got = {v.question: v for v in views}
    assert got[Q.OUTCOMES].rule_set is Regime.R2020
    assert "Allegation 1 came to attention on 15 Sep 2024" in got[Q.OUTCOMES].why
    assert got[Q.OUTCOMES].source.startswith("SI 2025/558 reg 64(1)") and got[Q.OUTCOMES].verified
    assert got[Q.PANEL].rule_set is Regime.R2024 and "10 Feb 2025" in got[Q.PANEL].why
    assert got[Q.FORMER_OFFICER_SCHEDULE].rule_set is Regime.R2020
    assert "reg 64(3)" in got[Q.FORMER_OFFICER_SCHEDULE].source
    assert not any(v.overridden or v.override_reason for v in views)
    assert not any(v.outcome_checking_unavailable for v in views)


def test_an_override_is_recorded_with_its_reason_audited_and_verifies(demo_store: Path) -> None:
    """An IOPC re-investigation direction (Police Reform Act 2002 s.13B; SI 2025/558 reg 64(2))."""
    reason = "IOPC directed a re-investigation under s.13B on 3 June 2025"
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        view = services.override_rule_set("DEMO-001", "outcomes", "2025", reason)
        assert view.rule_set is Regime.R2025 and view.overridden and view.override_reason == reason
        assert not view.verified and view.source == "recorded override"
        assert "derived: Conduct Regs 2020 as made" in view.why, "the derived reasons stay visible"
        with services.store.session() as s:
            last = s.execute(text("SELECT action, object_type, object_id FROM audit_log ORDER BY seq DESC LIMIT 1")
                             ).one()
        assert tuple(last) == ("case.rule-set-override", "case", "1")
        assert services.verify().ok
        services.override_rule_set("DEMO-001", "outcomes", "2020", "  Withdrawn: the direction was revoked  ")
        got = _by_question(services)
        assert got[Q.OUTCOMES].rule_set is Regime.R2020
        assert got[Q.OUTCOMES].override_reason == "Withdrawn: the direction was revoked"
        with services.store.session() as s:
            assert s.scalar(text("SELECT count(*) FROM rule_set_overrides")) == 1, "one override per question"
        assert services.verify().ok
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert _by_question(services)[Q.OUTCOMES].overridden, "kept in the store"
        exported = services.export_case("DEMO-001")["rule_set_overrides"]
    assert [(o["question"], o["rule_set"], o["reason"]) for o in exported] == [
        ("outcomes", "2020", "Withdrawn: the direction was revoked")]


@pytest.mark.parametrize(("question", "rule_set", "reason", "words"), [
    ("outcomes", "2025", "", "needs a reason"),
    ("outcomes", "2025", " \t\n ", "needs a reason"),
    ("sanctions", "2025", "because", "unknown question"),
    ("panel", "2019", "because", "unknown rule set"),
    ("panel", "2025", "x" * 2001, "over 2000 characters"),
])
def test_a_bad_override_is_refused_in_one_line_and_nothing_is_written(
        demo_store: Path, question: str, rule_set: str, reason: str, words: str) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        before = _audit_count(services)
        with pytest.raises(UsageError, match=words) as caught:
            services.override_rule_set("DEMO-001", question, rule_set, reason)
        assert "\n" not in str(caught.value) and "nothing was recorded" in str(caught.value)
        assert question not in str(caught.value) or question == "panel", "the value given is not echoed"
        assert _audit_count(services) == before
        assert not any(v.overridden for v in services.rule_sets("DEMO-001"))


def _case_from_2019(demo_document: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(demo_document)
    doc["case"]["reference"] = "OLD-2012"
    for a in doc["officers"][0]["allegations"]:
        a["came_to_attention_on"] = "2019-11-04"
    return doc


def test_a_matter_from_before_1_feb_2020_is_a_2012_case_and_outcomes_are_not_checked(demo_store: Path) -> None:
    """SI 2020/4 reg 3, SI 2020/2 reg 2(2): a conduct matter that came to attention before 1 Feb 2020 stays
    under the Police (Conduct) Regulations 2012; the app says so and never applies the 2020 tables."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        services.import_case(_case_from_2019(services.export_case("DEMO-001")))
        got = _by_question(services, "OLD-2012")
    assert {q: v.rule_set for q, v in got.items()} == {
        Q.OUTCOMES: Regime.R2012, Q.PANEL: Regime.R2012, Q.FORMER_OFFICER_SCHEDULE: Regime.R2012}
    assert "before 1 Feb 2020" in got[Q.OUTCOMES].why
    assert got[Q.OUTCOMES].outcome_checking_unavailable


def test_allegations_under_different_outcome_rules_wait_for_an_override(demo_store: Path) -> None:
    """One allegation before 28 May 2025, one after (SI 2025/558 reg 64(1)): undecided until the panel records
    which applies and why."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        doc = copy.deepcopy(services.export_case("DEMO-001"))
        doc["case"]["reference"] = "MIXED-1"
        doc["officers"][0]["allegations"][2]["came_to_attention_on"] = "2025-06-02"
        services.import_case(doc)
        assert _by_question(services, "MIXED-1")[Q.OUTCOMES].rule_set is None
        services.override_rule_set("MIXED-1", "outcomes", "2025", "Allegation 3 is the matter the hearing decides")
        assert _by_question(services, "MIXED-1")[Q.OUTCOMES].rule_set is Regime.R2025
        assert services.verify().ok
