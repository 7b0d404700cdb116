"""Findings of the hostile review of the desktop app (issue #8), each reproduced through the services."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from panelapp.domain.document_kinds import DocumentKind
from panelapp.domain.errors import BadInputError
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db


@pytest.fixture
def services(demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as s:
        yield s


def test_printing_a_document_does_not_make_verify_report_tampering(services):
    case_id = services.case_id("DEMO-001")
    rendered = services.documents.render(case_id, DocumentKind.OUTCOME_NOTICE, draft=True)
    services.documents.record_print(rendered, 3)
    assert services.verify().ok


def test_removing_an_officer_and_undoing_it_keeps_the_decision_versions(services):
    case_id = services.case_id("DEMO-001")
    [officer] = services.people.officers(case_id)
    before = services.decisions.decision(case_id).versions
    assert before and before[-1].status == "final"
    removed = services.people.remove_officer(officer.id).value
    services.people.restore(removed)
    after = services.decisions.decision(case_id).versions
    assert [(v.number, v.status, v.fingerprint) for v in after] == [(v.number, v.status, v.fingerprint)
                                                                     for v in before]
    assert services.verify().ok


@pytest.mark.parametrize("field, value", [("issued_on", date(9999, 12, 1)), ("reg30_notice_on", date(1, 1, 1))])
def test_a_date_typed_out_of_range_is_refused_not_stored(services, field, value):
    """A year 9999 notice date overflowed the working-day count and hid every case from the list."""
    case_id = services.case_id("DEMO-001")
    draft = services.cases.get(case_id).draft
    with pytest.raises(BadInputError, match="must be between 1900 and 2099"):
        services.cases.update(case_id, dataclasses.replace(draft, **{field: value}))
    assert services.cases.list_cases()
