"""A three-allegation hearing built through the services, for the decision tests (issue #9).

MIX-1: PC 5120 Ria Calder (fictional), a misconduct hearing under the SI 2024/521 panel rules (reg 30 notice
in February 2025) and the 2020 outcome rules (the allegations came to attention in autumn 2024). Two PDFs in
the bundle: a two-page witness statement (A1) and a one-page log (A2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from panelapp.domain.allegation_records import AllegationDetails
from panelapp.domain.case_records import CaseDraft
from panelapp.domain.decision_records import CitationInput, FindingDetails, OutcomeDetails
from panelapp.domain.deliberation_records import AdviceDetails
from panelapp.domain.people_records import OfficerDetails, PanelMemberDetails
from panelapp.domain.readiness import Seriousness
from panelapp.domain.vocabulary import CaseStatus, FactsFinding, FindingLevel, Outcome, PanelRole, Proceeding
from panelapp.reports.text_document import TextDocument, render
from panelapp.services.panel_services import PanelServices

REFERENCE = "MIX-1"
D = dt.date


@dataclass(frozen=True)
class MixedCase:
    case_id: int
    officer_id: int
    allegations: tuple[int, int, int]
    members: dict[PanelRole | str, int]
    statement: int  # evidence id of A1 (two pages)
    log: int  # evidence id of A2 (one page)


def _pdf(path: Path, title: str, paragraphs: tuple[str, ...]) -> Path:
    path.write_bytes(render(TextDocument(title=title, heading_lines=("MIX-1 (fictional)",), paragraphs=paragraphs)))
    return path


def build_mixed_case(services: PanelServices, folder: Path) -> MixedCase:
    changes = services.cases.create(CaseDraft(
        reference=REFERENCE, force="Westvale Police (fictional)", proceeding=Proceeding.HEARING,
        issued_on=D(2025, 2, 3), status=CaseStatus.HEARD, hearing_start=D(2025, 6, 2), hearing_end=D(2025, 6, 3),
        severity_assessed_on=D(2024, 12, 2), reg30_notice_on=D(2025, 2, 3)))
    case_id = changes.value
    officer_id = services.people.add_officer(case_id, OfficerDetails("Ria Calder", "PC", "5120")).value
    members = {}
    for name, role in (("ACC Tom Hale (fictional)", PanelRole.CHIEF_OFFICER_CHAIR),
                       ("Ms Ana Voss (fictional)", PanelRole.INDEPENDENT_MEMBER),
                       ("Mr Olu Peck (fictional)", PanelRole.LEGALLY_QUALIFIED_PERSON)):
        members[role] = services.people.add_panel_member(case_id, PanelMemberDetails(name, role)).value
    members["second_independent"] = services.people.add_panel_member(
        case_id, PanelMemberDetails("Dr Lee Marr (fictional)", PanelRole.INDEPENDENT_MEMBER)).value
    allegations = []
    for text, standards, level in (
            ("Pushed Mr Dale against a wall without cause.", (4,), FindingLevel.GROSS_MISCONDUCT),
            ("Swore at Mr Dale.", (2,), FindingLevel.MISCONDUCT),
            ("Did not record the stop.", (6,), FindingLevel.MISCONDUCT)):
        allegations.append(services.allegations.add(officer_id, AllegationDetails(
            text, standards, level, came_to_attention_on=D(2024, 10, 1))).value)
    long = " ".join(["The witness describes the stop in detail."] * 60)
    paths = [_pdf(folder / "statement.pdf", "Statement of Mr Dale", (long, long, long)),
             _pdf(folder / "log.pdf", "Stop log", ("No stop recorded for 5120 on 1 October 2024.",))]
    results = services.import_files(REFERENCE, paths)
    assert all(r.ok for r in results), [r.message for r in results]
    statement, log = (r.evidence_id for r in results)
    assert statement is not None and log is not None
    return MixedCase(case_id, officer_id, tuple(allegations), members, statement, log)  # type: ignore[arg-type]


FINDINGS = (
    FindingDetails(FactsFinding.PROVED, FindingLevel.GROSS_MISCONDUCT, (4,),
                   "Mr Dale's account is detailed and consistent with the log.",
                   "Pushing a compliant man against a wall was not necessary or proportionate.",
                   "The push was deliberate and without any policing purpose: gross misconduct."),
    FindingDetails(FactsFinding.PROVED, FindingLevel.MISCONDUCT, (2,),
                   "The officer admitted swearing at Mr Dale in her response.",
                   "Swearing at a member of the public falls below the standard of courtesy expected.",
                   "A single outburst, serious enough to justify disciplinary action: misconduct."),
    FindingDetails(FactsFinding.NOT_PROVED, FindingLevel.NOT_PROVED, (),
                   "The log may have failed; the panel cannot find it more likely than not that she did not record it.",
                   "", "Not proved on the balance of probabilities."),
)
SERIOUSNESS = Seriousness(
    culpability="Deliberate use of force without any lawful purpose against a compliant person.",
    harm="Bruising to Mr Dale and real harm to public confidence in the police.",
    aggravating="Mr Dale was compliant; the officer then swore at him.",
    mitigating="An isolated incident in a long career; early admission of the language used.",
    personal_mitigation="Twelve years' service and good references; limited weight given the seriousness.",
    purpose="Public confidence and the standards of the service require a severe outcome for unjustified force.",
)
ADVICE = AdviceDetails("Consider each lesser outcome in turn and say why it is not enough.", "Outcome",
                       D(2025, 6, 3), True)


def record_findings(services: PanelServices, case: MixedCase) -> None:
    for aid, details in zip(case.allegations, FINDINGS, strict=True):
        services.decisions.set_finding(aid, details)
    services.decisions.set_citations(case.allegations[0], [CitationInput(case.statement, page=2, note="the push")])
    services.decisions.set_citations(case.allegations[1], [CitationInput(case.statement, page=1)])
    services.decisions.set_citations(case.allegations[2], [CitationInput(case.log, page=1)])


def complete_decision(services: PanelServices, case: MixedCase) -> None:
    """Everything dismissal needs after the findings: the stages, reasons, why a final written warning is not
    enough, the barred-list note and the adviser's advice."""
    services.decisions.set_seriousness(case.officer_id, SERIOUSNESS)
    services.decisions.set_outcome(case.officer_id, OutcomeDetails(
        Outcome.DISMISSAL_WITHOUT_NOTICE, "Deliberate force on a compliant man is incompatible with continued "
        "service; nothing less maintains public confidence.", barred_list_noted=True, decided_on=D(2025, 6, 3)))
    services.decisions.set_why_not(case.officer_id, Outcome.FINAL_WRITTEN_WARNING,
                                   "A final written warning would not reflect deliberate force on a compliant man.")
    services.decisions.add_advice(case.case_id, ADVICE)
