"""Notices follow the rule set derived per question, not the case's single issue date (issue #7 item 2):
SI 2025/558 reg 64(1) keys the 2025 outcome rules on when each allegation came to attention."""

from __future__ import annotations

import pytest

from panelapp.domain.vocabulary import Regime
from panelapp.services import documents
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db


@pytest.mark.parametrize(("came_to_attention", "expected"), [
    ("2024-09-15", Regime.R2020),  # the demo's own dates: pre-commencement, old outcome rules
    ("2025-06-10", Regime.R2025),  # on/after 28 May 2025: the amended reg 42/62
    ("2019-11-01", Regime.R2012),  # before 1 Feb 2020: the 2012 Regulations (SI 2020/2 reg 2(2))
])
def test_the_notice_states_the_outcome_rules_derived_from_the_allegations(demo_store, came_to_attention, expected):
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        doc = services.export_case("DEMO-001")
        doc["case"]["reference"] = "DATES-1"
        for officer in doc["officers"]:
            for allegation in officer["allegations"]:
                allegation["came_to_attention_on"] = came_to_attention
        services.import_case(doc)
        with services.store.session() as s:
            data = documents.outcome_notice_data(s, "DATES-1", draft=True)
    assert data.rules == expected.label
