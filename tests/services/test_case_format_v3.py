"""Case JSON version 3 (issue #9): the decision round-trips through export-case/import-case with its versions
(draft, final, reopened) and the bundle's section titles; deliberation (private notes, votes) never leaves."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from panelapp.domain.errors import BadInputError, RefusedError
from panelapp.services import case_exchange
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.decision_case import build_mixed_case, complete_decision, record_findings
from tests.services.test_case_exchange import as_version_2

pytestmark = pytest.mark.db
CANARY = "CANARY-deliberation-3f9a"


def _other(doc: dict[str, Any], reference: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    doc["case"]["reference"] = reference
    return doc


@pytest.fixture
def exported(empty_store: Path, tmp_path: Path) -> tuple[dict[str, Any], Any]:
    """MIX-1 with a final decision that was reopened and made final again, a titled section, a private note
    and a vote; returned as exported, with the decision record it had."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
        record_findings(services, case)
        complete_decision(services, case)
        member = next(iter(case.members.values()))
        services.decisions.add_note(member, f"{CANARY} private note", f"outcome:{case.officer_id}")
        services.decisions.set_vote(member, f"allegation:{case.allegations[0]}", "gross_misconduct")
        services.decisions.mark_final(case.officer_id)
        services.decisions.reopen(case.officer_id, "The adviser's log needed its date")
        services.decisions.mark_final(case.officer_id)
        services.evidence.set_section_title(case.case_id, "B", "Statements of the officers")
        decision = services.decisions.decision(case.case_id, case.officer_id)
        return services.export_case("MIX-1"), decision


def test_the_decision_and_its_versions_round_trip_and_stay_final(exported, empty_store: Path) -> None:
    document, before = exported
    jsonschema.validate(document, case_exchange.schema(), cls=jsonschema.Draft202012Validator)
    versions = document["officers"][0]["decision_versions"]
    assert [(v["number"], v["status"]) for v in versions] == [(1, "final"), (2, "draft"), (3, "final")]
    assert versions[1]["note"] == "The adviser's log needed its date"
    cited = versions[2]["content"]["findings"][0]["citations"][0]
    assert cited["evidence"].startswith("E") and "evidence_id" not in cited
    assert document["bundle_sections"] == [{"letter": "B", "position": 2, "title": "Statements of the officers"}]

    with PanelServices.open(empty_store, PASSPHRASE) as services:
        services.import_case(_other(document, "MIX-2"))
        case_id = services.case_id("MIX-2")
        after = services.decisions.decision(case_id)
        assert [(v.number, v.status, v.override_reason, v.note) for v in after.versions] == [
            (v.number, v.status, v.override_reason, v.note) for v in before.versions]
        assert after.outcome == before.outcome and after.why_not == before.why_not
        assert [f.details for f in after.findings] == [f.details for f in before.findings]
        # Ids differ between the two cases, so fingerprints do; within the store, the final version is still
        # the decision as it stands, and it is still final (read-only until reopened).
        assert after.versions[-1].fingerprint == after.fingerprint != before.fingerprint
        with pytest.raises(BadInputError, match="it is final"):
            services.decisions.set_why_not(after.officer_id, "written_warning", "changed")
        again = services.export_case("MIX-2")
        assert again == _other(document, "MIX-2")
        assert services.decisions.deliberation(case_id).notes == ()
        assert services.verify().ok


def test_deliberation_never_leaves_the_store(exported) -> None:
    document, _ = exported
    text = json.dumps(document)
    assert CANARY not in text and "gross_misconduct\"}" not in text
    assert "votes" not in text and "private_notes" not in text


def test_an_older_document_has_no_versions_and_no_section_titles(exported, empty_store: Path) -> None:
    document, _ = exported
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        services.import_case(as_version_2(_other(document, "MIX-2")))
        again = services.export_case("MIX-2")
    assert again["bundle_sections"] == [] and again["officers"][0]["decision_versions"] == []


@pytest.mark.parametrize(("how", "words"), [
    ("numbering", "decision_versions/1/number: versions must be numbered 1, 2, 3"),
    ("citation", "a citation names evidence that is not in the file"),
    ("letters", "bundle_sections/1: a second title for section B"),
    ("status", "decision_versions/0/status: must be one of the allowed values"),
    ("created", "decision_versions/0/created_at: must be a real date and time"),
])
def test_bad_version_3_parts_are_refused_and_nothing_written(exported, empty_store: Path, how: str,
                                                             words: str) -> None:
    doc = _other(exported[0], "MIX-9")
    versions = doc["officers"][0]["decision_versions"]
    if how == "numbering":
        versions[1]["number"] = 5
    elif how == "citation":
        versions[0]["content"]["findings"][0]["citations"][0]["evidence"] = "E99"
    elif how == "letters":
        doc["bundle_sections"].append({"letter": "B", "position": 3, "title": "Again"})
    elif how == "status":
        versions[0]["status"] = "approved"
    else:
        versions[0]["created_at"] = "2025-02-30T10:00:00"
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError, match=words):
            services.import_case(doc)
        assert [c.reference for c in services.list_cases()] == ["MIX-1"]


def test_a_final_version_that_is_not_the_decision_in_the_file_stands_as_a_draft(exported, empty_store: Path
                                                                                ) -> None:
    """Hostile review F5: a file whose final version says one outcome while its decision holds another would
    have printed a *final* notice of the other; it is imported, and the decision is a draft again."""
    doc = _other(exported[0], "MIX-3")
    doc["officers"][0]["decision_versions"][-1]["content"]["outcome"]["outcome"] = "no_action"
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        services.import_case(doc)
        decision = services.decisions.decision(services.case_id("MIX-3"))
        assert [v.status for v in decision.versions] == ["final", "draft", "final", "draft"]
        assert decision.versions[-1].note.startswith("Imported: the final version in the case file was not")
        assert services.verify().ok


def test_a_file_with_more_versions_than_a_decision_plausibly_has_is_refused(exported, empty_store: Path) -> None:
    doc = _other(exported[0], "MIX-4")
    first = doc["officers"][0]["decision_versions"][0]
    doc["officers"][0]["decision_versions"] = [dict(first, number=i + 1) for i in range(1001)]
    refused = pytest.raises(RefusedError, match="decision_versions")
    with PanelServices.open(empty_store, PASSPHRASE) as services, refused:
        services.import_case(doc)
