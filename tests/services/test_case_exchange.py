"""Case JSON: exact round trip, schema-valid, deliberation never exported, bad documents refused."""

import copy
import datetime as dt
import json

import jsonschema
import pytest
from sqlalchemy import text

from panelapp.domain.errors import RefusedError
from panelapp.models.schema import PrivateNote, Vote
from panelapp.services import case_exchange, case_format_versions
from panelapp.services.audit_state import record_case_state
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db


@pytest.fixture
def demo_document(demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        return services.export_case("DEMO-001")


def test_round_trip_is_exact(demo_document, empty_store, tmp_path):
    with PanelServices.open(empty_store, PASSPHRASE) as other:
        assert other.import_case(copy.deepcopy(demo_document)) == "DEMO-001"
        again = other.export_case("DEMO-001")
        path = tmp_path / "again.json"
        other.export_case_to("DEMO-001", path)
    assert again == demo_document
    assert path.read_text("utf-8") == case_exchange.dumps(demo_document)
    assert path.stat().st_mode & 0o777 == 0o600


def test_export_is_schema_valid_and_complete(demo_document):
    jsonschema.validate(demo_document, case_exchange.schema(), cls=jsonschema.Draft202012Validator)
    assert demo_document["format"] == "panelapp-case" and demo_document["version"] == 4
    officer = demo_document["officers"][0]
    assert [a["key"] for a in officer["allegations"]] == ["O1-A1", "O1-A2", "O1-A3"]
    assert [a["finding"]["level"] for a in officer["allegations"]] == ["gross_misconduct", "misconduct", "not_proved"]
    bwv = next(e for e in demo_document["evidence"] if e["exhibit_ref"] == "BWV-1")
    assert [m["at_seconds"] for m in bwv["key_moments"]] == [95, 170, 192, 198]
    citation = officer["allegations"][0]["finding"]["citations"][0]
    assert citation == {"evidence": bwv["key"], "page": None, "at_seconds": 198, "note": "two blows after handcuffing"}
    statement = next(e for e in demo_document["evidence"] if e["kind"] == "witness_statement")
    assert set(statement["attachment"]) == {"sha256", "size", "filename", "media_type", "reference_only", "page_count"}
    assert "data" not in json.dumps(demo_document).lower().replace("metadata", "")


def test_private_notes_and_votes_are_never_exported(demo_store):
    secret_note, secret_vote = "Member thinks the witness is lying", "dismiss-4417-secret"
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        with services.store.session() as s:
            now = dt.datetime(2025, 6, 11, 12, 0)
            s.add(PrivateNote(case_id=1, member_id=2, text=secret_note, created_at=now))
            s.add(Vote(case_id=1, member_id=2, subject="outcome:O1", choice=secret_vote))
            s.flush()
            record_case_state(s, 1, "test.deliberation")  # as the app would (an export refuses tampering)
        exported = case_exchange.dumps(services.export_case("DEMO-001"))
    assert secret_note not in exported and secret_vote not in exported


def test_import_into_a_store_with_the_bytes_links_them(demo_document, demo_store):
    doc = copy.deepcopy(demo_document)
    doc["case"]["reference"] = "DEMO-002"
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        services.import_case(doc)
        with services.store.session() as s:
            assert s.scalar(text("SELECT count(*) FROM attachments")) == 7, "no duplicate attachment rows"
        evidence = services.list_evidence(services.case_id("DEMO-002"))
    assert sum(e.bytes_present for e in evidence) == 7


def as_version_3(doc):
    """The version-3 form of a version-4 document: the list of people not named in public left out."""
    doc = copy.deepcopy(doc)
    if doc["version"] <= 3:
        return doc
    doc["version"] = 3
    del doc["case"]["not_named_in_public"]
    return doc


def as_version_2(doc):
    """The version-2 form of a version-3 or -4 document: decision versions and section titles left out."""
    doc = as_version_3(doc)
    if doc["version"] == 2:
        return doc
    doc["version"] = 2
    del doc["bundle_sections"]
    for officer in doc["officers"]:
        del officer["decision_versions"]
    return doc


def as_version_1(doc):
    """The version-1 form of a version-2, -3 or -4 document: the fields versions 2 to 4 added left out."""
    doc = as_version_2(doc)
    doc["version"] = 1
    del doc["rule_set_overrides"]
    for name in case_format_versions.ADDED_IN_V2["case"]:
        del doc["case"][name]
    for officer in doc["officers"]:
        del officer["officer_category"]
        for allegation in officer["allegations"]:
            for name in case_format_versions.ADDED_IN_V2["allegation"]:
                del allegation[name]
            if allegation["finding"] is not None:
                for name in case_format_versions.ADDED_IN_V2["finding"]:
                    del allegation["finding"][name]
        if officer["outcome"] is not None:
            for name in case_format_versions.ADDED_IN_V2["outcome"]:
                del officer["outcome"][name]
    return doc


def _broken(doc, how):
    doc = copy.deepcopy(doc)
    if how == "version":
        doc["version"] = 5
    elif how == "format":
        doc["format"] = "something-else"
    elif how == "regime":
        doc = as_version_1(doc)
        doc["case"]["regime"] = "2020"
    elif how == "date":
        doc["case"]["issued_on"] = "10/02/2025"
    elif how == "citation":
        doc["officers"][0]["allegations"][0]["finding"]["citations"][0]["evidence"] = "E99"
    elif how == "allegation_link":
        doc["evidence"][2]["allegations"] = ["O9-A9"]
    elif how == "extra_field":
        doc["case"]["surprise"] = 1
    elif how == "outcome":
        doc["officers"][0]["outcome"]["outcome"] = "dismissal_with_notice"
    return doc


@pytest.mark.parametrize(("how", "words"), [
    ("version", r"version 5 is not supported \(this app reads versions 1, 2, 3 and 4\)"),
    ("format", "not a panelapp case file"),
    ("regime", "regime does not match"),
    ("date", "case/issued_on"),
    ("citation", "unknown evidence E99"),
    ("allegation_link", "unknown allegation"),
    ("extra_field", "case"),
    ("outcome", "at officers/0/outcome/outcome: must be one of the allowed values$"),
])
def test_bad_documents_are_refused_and_nothing_written(demo_document, empty_store, how, words):
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError, match=words):
            services.import_case(_broken(demo_document, how))
        assert services.list_cases() == []
        with services.store.session() as s:
            assert s.scalar(text("SELECT count(*) FROM audit_log")) == 0


def test_an_existing_reference_is_refused(demo_document, demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError, match="already exists"):
            services.import_case(demo_document)
        assert len(services.list_cases()) == 1
