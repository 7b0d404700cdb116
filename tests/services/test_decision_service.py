"""DecisionService over a real encrypted store: findings, outcome, readiness, versions, deliberation."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from panelapp.domain.decision_records import CitationInput, FindingDetails, OutcomeDetails
from panelapp.domain.deliberation_records import AdviceDetails
from panelapp.domain.errors import BadInputError, NotFoundError, RefusedError
from panelapp.domain.vocabulary import FactsFinding, FindingLevel, Outcome, PanelRole
from panelapp.models.schema import AuditEntry
from panelapp.services import documents
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.decision_case import (
    FINDINGS,
    REFERENCE,
    SERIOUSNESS,
    MixedCase,
    build_mixed_case,
    complete_decision,
    record_findings,
)

pytestmark = pytest.mark.db
CANARY = "CANARY-deliberation-91c2"


@pytest.fixture
def services(empty_store: Path):
    with PanelServices.open(empty_store, PASSPHRASE) as s:
        yield s


@pytest.fixture
def case(services: PanelServices, tmp_path: Path) -> MixedCase:
    return build_mixed_case(services, tmp_path)


def _actions(services: PanelServices) -> list[str]:
    with services.store.session() as s:
        return list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def test_a_new_case_lists_what_is_missing_each_with_its_field(services, case):
    d = services.decisions.decision(case.case_id)
    assert d.officer_id == case.officer_id and [f.number for f in d.findings] == [1, 2, 3]
    assert all(f.details is None and f.status == "No finding yet" for f in d.findings)
    fields = {(b.code, b.field) for b in d.blocking}
    a1 = case.allegations[0]
    assert ("facts-missing", f"finding:{a1}:facts") in fields and ("finding-missing", f"finding:{a1}:level") in fields
    assert ("outcome-missing", "outcome:outcome") in fields and ("lqp-advice", "advice") in fields
    assert d.options[0].outcome is Outcome.NO_ACTION and len(d.options) == len(Outcome)
    assert not d.versions and not d.final


def test_mixed_findings_with_citations_are_recorded_audited_and_labelled(services, case):
    record_findings(services, case)
    d = services.decisions.decision(case.case_id)
    assert [f.status for f in d.findings] == ["Gross misconduct", "Misconduct", "Not proved"]
    assert d.findings[0].details == FINDINGS[0]
    # labelled as the printed bundle stamps its pages (the notice prints the same): the statement is A1–A3
    assert [(c.label, c.note) for c in d.findings[0].citations] == [("A2", "the push")]
    assert d.findings[2].citations[0].label == "A4"
    assert d.most_serious is FindingLevel.GROSS_MISCONDUCT and d.seriousness_required
    assert {o.outcome for o in d.options if o.permitted} == {Outcome.FINAL_WRITTEN_WARNING,
                                                            Outcome.DISMISSAL_WITHOUT_NOTICE}
    rir = d.option(Outcome.REDUCTION_IN_RANK)
    assert rir is not None and not rir.permitted and rir.reason and rir.source
    assert {"decision.finding-set", "decision.citations-set"} <= set(_actions(services))
    assert services.verify().ok


def test_citations_follow_the_item_when_the_bundle_is_reordered(services, case):
    record_findings(services, case)
    with services.store.session() as s:  # as the bundle's move would: the statement becomes A2
        from panelapp.models.schema import EvidenceItem

        a, b = s.get(EvidenceItem, case.statement), s.get(EvidenceItem, case.log)
        a.position, b.position = 99, 1
        s.flush()
        a.position = 2
    labels = [c.label for f in services.decisions.decision(case.case_id).findings for c in f.citations]
    assert labels == ["A3", "A2", "A1"]  # the log is now A1; the statement's pages are A2–A4


@pytest.mark.parametrize("details, words", [
    (FindingDetails(FactsFinding.PROVED, FindingLevel.MISCONDUCT, (11,)), "Standards breached: 11 is not one"),
    (FindingDetails(FactsFinding.PROVED, FindingLevel.MISCONDUCT, (2, 2)), "listed twice"),
    (FindingDetails(FactsFinding.PROVED, None), "Level: choose"),  # type: ignore[arg-type]
    (FindingDetails("guilty", FindingLevel.MISCONDUCT), "Finding of fact: 'guilty' is not one"),  # type: ignore[arg-type]
])
def test_bad_findings_are_refused_in_one_line_and_nothing_written(services, case, details, words):
    before = _actions(services)
    with pytest.raises(BadInputError, match=words) as caught:
        services.decisions.set_finding(case.allegations[0], details)
    assert "\n" not in str(caught.value)
    assert _actions(services) == before


def test_bad_citations_are_refused(services, case, demo_store):
    with pytest.raises(BadInputError, match="record the finding of fact and the level first"):
        services.decisions.set_citations(case.allegations[0], [CitationInput(case.statement, page=1)])
    services.decisions.set_finding(case.allegations[0], FINDINGS[0])
    with pytest.raises(BadInputError, match="Page: the item has 1 page, not 3"):
        services.decisions.set_citations(case.allegations[0], [CitationInput(case.log, page=3)])
    with pytest.raises(BadInputError, match="no item 9999 in this case"):
        services.decisions.set_citations(case.allegations[0], [CitationInput(9999, page=1)])
    with pytest.raises(BadInputError, match="a page or a time, not both"):
        services.decisions.set_citations(case.allegations[0], [CitationInput(case.log, page=1, at_seconds=3)])
    with pytest.raises(BadInputError, match="Incident: is longer than 100"):
        services.decisions.set_incident(case.allegations[0], "x" * 101)
    with pytest.raises(NotFoundError):
        services.decisions.set_finding(424242, FINDINGS[0])


def test_a_forbidden_outcome_is_refused_naming_the_reason_and_its_citation(services, case):
    record_findings(services, case)
    before = services.decisions.decision(case.case_id)
    rir = before.option(Outcome.REDUCTION_IN_RANK)
    assert rir is not None
    with pytest.raises(BadInputError) as caught:
        services.decisions.set_outcome(case.officer_id, OutcomeDetails(Outcome.REDUCTION_IN_RANK))
    message = str(caught.value)
    assert message.startswith("Outcome: Reduction in rank is not permitted: ")
    assert rir.source in message and (rir.reason or "").rstrip(".") in message and "\n" not in message
    assert services.decisions.decision(case.case_id).outcome.outcome is None
    # undo may put back an earlier state that the findings have since closed: readiness blocks it instead
    services.decisions.set_outcome(case.officer_id, OutcomeDetails(Outcome.REDUCTION_IN_RANK), restoring=True)
    assert "outcome-not-permitted" in {b.code for b in services.decisions.decision(case.case_id).blocking}


def test_a_permitted_outcome_with_a_missing_stage_blocks_with_the_fields_to_fill(services, case):
    record_findings(services, case)
    services.decisions.set_outcome(case.officer_id, OutcomeDetails(Outcome.DISMISSAL_WITHOUT_NOTICE, "Too short."))
    d = services.decisions.decision(case.case_id)
    fields = {b.code: b.field for b in d.blocking}
    assert fields["seriousness-culpability"] == "seriousness:culpability"
    assert fields["why-not-lesser"] == "why_not:final_written_warning"
    assert fields["barred-list"] == "outcome:barred_list_noted"
    assert d.why_not_needed == (Outcome.FINAL_WRITTEN_WARNING,) and d.barred_list_applies
    assert {w.field for w in d.warnings if w.code == "reasons-short"} == {"outcome:reasons"}


def test_complete_mark_final_refuse_edits_reopen_and_versions(services, case):
    record_findings(services, case)
    complete_decision(services, case)
    d = services.decisions.decision(case.case_id)
    assert d.ready, [b.message for b in d.blocking]
    assert services.decisions.mark_final(case.officer_id).value == 1
    final = services.decisions.decision(case.case_id)
    assert final.final and final.latest is not None and final.latest.fingerprint == d.fingerprint
    with pytest.raises(BadInputError, match=r"^Decision: it is final \(version 1\); reopen it to change anything$"):
        services.decisions.set_seriousness(case.officer_id, SERIOUSNESS)
    for write in (lambda: services.decisions.set_finding(case.allegations[2], None),
                  lambda: services.decisions.set_why_not(case.officer_id, Outcome.FINAL_WRITTEN_WARNING, ""),
                  lambda: services.decisions.set_incident(case.allegations[0], "one"),
                  lambda: services.decisions.add_note(case.members[PanelRole.CHIEF_OFFICER_CHAIR], "late thought"),
                  lambda: services.decisions.mark_final(case.officer_id),
                  lambda: services.allegations.remove(case.allegations[2])):
        with pytest.raises(BadInputError, match="final"):
            write()
    with pytest.raises(BadInputError, match="Reason for reopening: is required"):
        services.decisions.reopen(case.officer_id, "  ")
    assert services.decisions.reopen(case.officer_id, "The chair found a typing error.").value == 2
    again = services.decisions.decision(case.case_id)
    assert not again.final and [(v.number, v.status) for v in again.versions] == [(1, "final"), (2, "draft")]
    assert again.versions[1].note == "The chair found a typing error."
    assert again.versions[1].fingerprint == d.fingerprint
    services.decisions.set_incident(case.allegations[0], "Stop on 1 Oct")
    assert services.decisions.decision(case.case_id).fingerprint != d.fingerprint
    assert {"decision.marked-final", "decision.reopened"} <= set(_actions(services))
    assert services.verify().ok


def test_mark_final_over_blocking_problems_needs_a_reason_that_is_kept(services, case):
    record_findings(services, case)
    with pytest.raises(BadInputError, match=r"^Mark final: the decision is not ready: .+ more\); give a reason"):
        services.decisions.mark_final(case.officer_id)
    with pytest.raises(BadInputError, match="not marked final"):
        _final_notice(services)
    services.decisions.mark_final(case.officer_id, override_reason="Advised the stages are in the oral decision.")
    d = services.decisions.decision(case.case_id)
    assert d.final and d.latest is not None and d.latest.override_reason.startswith("Advised the stages")
    assert _actions(services)[-1] == "decision.marked-final-override"
    assert _final_notice(services).startswith(b"%PDF")  # the panel's recorded override stands
    assert services.verify().ok


def _final_notice(services: PanelServices) -> bytes:
    with services.store.session() as s:
        try:
            return documents.outcome_notice_pdf(s, REFERENCE)
        except RefusedError as exc:
            raise BadInputError("Notice", str(exc)) from None


def test_a_final_notice_needs_the_decision_marked_final(services, case):
    record_findings(services, case)
    complete_decision(services, case)
    with pytest.raises(BadInputError, match="not marked final"):
        _final_notice(services)
    services.decisions.mark_final(case.officer_id)
    assert _final_notice(services).startswith(b"%PDF")


def test_deliberation_notes_votes_and_advice(services, case):
    chair, adviser = case.members[PanelRole.CHIEF_OFFICER_CHAIR], case.members[PanelRole.LEGALLY_QUALIFIED_PERSON]
    note = services.decisions.add_note(chair, "I found Mr Dale's account careful.").value
    services.decisions.update_note(note, "I found Mr Dale's account careful and consistent.")
    subject = f"allegation:{case.allegations[0]}"
    services.decisions.set_vote(chair, subject, FindingLevel.GROSS_MISCONDUCT.value)
    services.decisions.set_vote(chair, subject, FindingLevel.MISCONDUCT.value)
    services.decisions.set_vote(chair, f"outcome:{case.officer_id}", Outcome.FINAL_WRITTEN_WARNING.value)
    with pytest.raises(BadInputError, match="advises and does not vote"):
        services.decisions.set_vote(adviser, subject, FindingLevel.MISCONDUCT.value)
    with pytest.raises(BadInputError, match="'sacked' is not a choice"):
        services.decisions.set_vote(chair, subject, "sacked")
    advice = services.decisions.add_advice(case.case_id, AdviceDetails("Consider each lesser outcome.")).value
    services.decisions.update_advice(advice, AdviceDetails("Consider each lesser outcome.", followed=False,
                                                           reasons_if_not="The panel considered them together."))
    d = services.decisions.deliberation(case.case_id)
    assert [n.text for n in d.notes] == ["I found Mr Dale's account careful and consistent."]
    vote = d.vote(chair, subject)
    assert vote is not None and vote.choice_label(d.subjects) == "Misconduct" and len(d.votes) == 2
    assert d.advice[0].followed_label == "Not followed"
    assert [m.votes for m in d.members] == [True, True, False, True]
    removed = services.decisions.remove_note(note).value
    assert removed[1].endswith("consistent.") and not services.decisions.deliberation(case.case_id).notes
    services.decisions.set_vote(chair, subject, None)
    assert len(services.decisions.deliberation(case.case_id).votes) == 1
    assert services.verify().ok


def _decision_without_ids(services: PanelServices, case_id: int) -> dict[str, object]:
    d = services.decisions.decision(case_id)
    # not the labels: a case file carries no file bytes, so the imported bundle's page stamps differ
    findings = [(f.number, f.details, f.incident, [(c.page, c.at_seconds, c.note) for c in f.citations])
                for f in d.findings]
    return {"findings": findings, "seriousness": d.seriousness, "outcome": d.outcome, "why_not": dict(d.why_not),
            "fingerprint": d.fingerprint, "blocking": [b.code for b in d.blocking]}


def test_the_decision_round_trips_through_export_and_import_without_deliberation(services, case, tmp_path):
    record_findings(services, case)
    complete_decision(services, case)
    chair = case.members[PanelRole.CHIEF_OFFICER_CHAIR]
    services.decisions.add_note(chair, f"{CANARY} note text")
    services.decisions.set_vote(chair, f"outcome:{case.officer_id}", Outcome.FINAL_WRITTEN_WARNING.value)
    document = services.export_case(REFERENCE)
    text = json.dumps(document)
    assert CANARY not in text and f"outcome:{case.officer_id}" not in text  # neither the note nor the vote
    assert not {"votes", "notes", "private_notes"} & set(document)
    before = _decision_without_ids(services, case.case_id)
    other_path = tmp_path / "other.panel"
    with PanelServices.create(other_path, PASSPHRASE) as other:
        assert other.import_case(copy.deepcopy(document)) == REFERENCE
        imported = other.case_id(REFERENCE)
        after = _decision_without_ids(other, imported)
        assert after == before
        assert not other.decisions.deliberation(imported).notes and not other.decisions.deliberation(imported).votes
        assert other.verify().ok


def test_the_demo_decision_is_final_and_ready(demo_store):
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        d = services.decisions.decision(services.case_id("DEMO-001"))
        assert d.final and d.ready and d.latest is not None and d.latest.fingerprint == d.fingerprint
        assert [c.label for c in d.findings[0].citations] == ["C1, BWV-1 00:03:18", "B2", "E1"]
        assert dataclasses.replace(d.outcome).outcome is Outcome.DISMISSAL_WITHOUT_NOTICE
