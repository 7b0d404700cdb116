"""Case JSON version 2 (issue #7 item 2): the dates that decide which rules apply, and overrides.

Writes version 2, reads 1 and 2; a version-1 document gets the new fields empty. Refusals name the place
and the rule, never the value.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sqlalchemy import text

from panelapp.domain.errors import RefusedError
from panelapp.domain.vocabulary import (
    OfficerCategory,
    Outcome,
    PanelRole,
    Regime,
    RuleQuestion,
    ServiceMethod,
)
from panelapp.services import case_exchange, case_format_versions
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.services.test_case_exchange import as_version_1, as_version_2

pytestmark = pytest.mark.db

SECRET = "Witness Zebedee Quarrington-Smythe"


@pytest.fixture
def document(demo_store: Path) -> dict[str, Any]:
    """DEMO-001 as version 2, with every field version 2 added set to something other than its default."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        services.override_rule_set("DEMO-001", "panel", "2020", "The reg 30 notice was first given on 1 May 2024")
        services.override_rule_set("DEMO-001", "outcomes", "2025", "IOPC s.13B re-investigation direction")
        doc = services.export_case("DEMO-001")
    doc["case"].update(reg51_notice_on="2025-02-11", iopc_direction=True, reg30_notice_method="hand",
                       reg51_notice_method="email", reg30_deemed_served_on="2025-02-10",
                       reg51_deemed_served_on="2025-02-13", chair_specified_on="2025-04-01")
    officer = doc["officers"][0]
    officer["officer_category"] = "senior_officer"
    officer["allegations"][0]["related_to_earlier_on"] = "2024-09-01"
    officer["allegations"][0]["finding"].update(facts_reasons="BWV at 03:18", breach_reasons="Not necessary")
    officer["outcome"].update(gm_not_dismissed_reasons="n/a", aa_views_on_reduction="Operational impact: low")
    return as_version_2(doc)


def test_version_2_round_trips_exactly_with_every_new_field(document: dict[str, Any], empty_store: Path) -> None:
    assert document["version"] == 2
    assert [o["question"] for o in document["rule_set_overrides"]] == ["outcomes", "panel"]
    jsonschema.validate(document, case_exchange.schema(2), cls=jsonschema.Draft202012Validator)
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        services.import_case(copy.deepcopy(document))
        again = services.export_case("DEMO-001")
        assert again["version"] == 4 and again["bundle_sections"] == [] and again["case"]["not_named_in_public"] == ""
        assert as_version_2(again) == document
        assert services.verify().ok
        assert {v.question: v.rule_set for v in services.rule_sets("DEMO-001")}[RuleQuestion.OUTCOMES] is Regime.R2025


def test_a_version_1_document_is_read_with_the_new_fields_empty(document: dict[str, Any], empty_store: Path) -> None:
    v1 = as_version_1(document)
    jsonschema.validate(v1, case_exchange.schema(1), cls=jsonschema.Draft202012Validator)
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        services.import_case(copy.deepcopy(v1))
        again = services.export_case("DEMO-001")
        views = services.rule_sets("DEMO-001")
    assert again["version"] == 4 and again["rule_set_overrides"] == []
    assert as_version_1(again) == v1, "nothing version 1 holds is lost"
    case, officer = again["case"], again["officers"][0]
    assert [case[k] for k in case_format_versions.ADDED_IN_V2["case"]] == [None, False, None, None, None, None, None]
    assert officer["officer_category"] == "other"
    assert {a["came_to_attention_on"] for a in officer["allegations"]} == {None}
    assert officer["allegations"][0]["finding"]["facts_reasons"] == ""
    assert officer["outcome"]["aa_views_on_reduction"] == ""
    outcomes = next(v for v in views if v.question is RuleQuestion.OUTCOMES)
    assert outcomes.rule_set is None and "record the date it came to attention" in outcomes.why


def test_version_1_still_checks_its_regime_and_version_2_derives_it(document: dict[str, Any], empty_store: Path
                                                                    ) -> None:
    """Version 1 stored one rule set per case by the date issued; version 2 derives it per question, so
    `case.regime` is kept for older readers and no longer checked against `issued_on`."""
    v1 = as_version_1(document)
    v1["case"]["regime"] = "2025"
    v2 = copy.deepcopy(document)
    v2["case"]["regime"] = "2025"
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError, match="regime does not match the date proceedings were issued"):
            services.import_case(v1)
        assert services.import_case(v2) == "DEMO-001"


def _broken(doc: dict[str, Any], how: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    allegation = doc["officers"][0]["allegations"][0]
    if how == "v2_field_in_v1":
        doc = as_version_1(doc)
        doc["officers"][0]["allegations"][0]["came_to_attention_on"] = "2024-09-15"
    elif how == "blank_reason":
        doc["rule_set_overrides"][0]["reason"] = "   "
    elif how == "missing_overrides":
        del doc["rule_set_overrides"]
    elif how == "same_question_twice":
        doc["rule_set_overrides"][1]["question"] = "outcomes"
        doc["rule_set_overrides"][1]["reason"] = SECRET
    elif how == "unknown_question":
        doc["rule_set_overrides"][0]["question"] = SECRET
    elif how == "earlier_after_later":
        allegation["related_to_earlier_on"] = "2024-12-01"
    elif how == "bad_recorded_at":
        doc["rule_set_overrides"][0]["recorded_at"] = "2025-13-45T10:00:00"
    elif how == "bad_method":
        doc["case"]["reg30_notice_method"] = SECRET
    elif how == "incident_too_long":
        allegation["incident"] = SECRET * 10
    elif how == "category":
        doc["officers"][0]["officer_category"] = "chief_constable"
    return doc


@pytest.mark.parametrize(("how", "words"), [
    ("v2_field_in_v1", "at officers/0/allegations/0: has a field this format does not define "
                       r"\(came_to_attention_on\)"),
    ("blank_reason", "at rule_set_overrides/0/reason: must match the pattern"),
    ("missing_overrides", "at \\(top level\\): is missing the required field rule_set_overrides"),
    ("same_question_twice", "at rule_set_overrides/1: a second override of the outcomes rule set"),
    ("unknown_question", "at rule_set_overrides/0/question: must be one of the allowed values"),
    ("earlier_after_later", "at officers/0/allegations/0/related_to_earlier_on: the earlier related allegation "
                            "must have come to attention first"),
    ("bad_recorded_at", "at rule_set_overrides/0/recorded_at: must be a real date and time"),
    ("bad_method", "at case/reg30_notice_method: must be one of the allowed values"),
    ("incident_too_long", "at officers/0/allegations/0/incident: must be at most 100 characters long"),
    ("category", "at officers/0/officer_category: must be one of the allowed values"),
])
def test_bad_version_2_documents_are_refused_without_echoing_and_nothing_written(
        document: dict[str, Any], empty_store: Path, how: str, words: str) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError, match=words) as caught:
            services.import_case(_broken(document, how))
        assert SECRET not in str(caught.value) and "\n" not in str(caught.value)
        assert services.list_cases() == []
        with services.store.session() as s:
            assert s.scalar(text("SELECT count(*) FROM audit_log")) == 0


def test_the_schema_allows_every_value_the_app_stores() -> None:
    """Version 2's enums are the vocabulary's (version 1's stay as they were published)."""
    v2 = case_exchange.schema(2)["properties"]
    officer = v2["officers"]["items"]["properties"]
    outcome = officer["outcome"]["oneOf"][1]["properties"]
    overrides = v2["rule_set_overrides"]["items"]["properties"]
    assert set(v2["panel"]["items"]["properties"]["role"]["enum"]) == {r.value for r in PanelRole}
    assert set(outcome["outcome"]["enum"]) - {None} == {o.value for o in Outcome}
    assert set(officer["officer_category"]["enum"]) == {c.value for c in OfficerCategory}
    assert set(v2["case"]["properties"]["reg30_notice_method"]["enum"]) - {None} == {m.value for m in ServiceMethod}
    assert set(overrides["question"]["enum"]) == {q.value for q in RuleQuestion}
    assert set(overrides["rule_set"]["enum"]) == {r.value for r in Regime}
    assert case_exchange.schema(1)["properties"]["version"] == {"const": 1}
