"""A whole case as versioned JSON (docs/case-format.md) and back; the round trip is exact.

Exported: everything that describes the case, and for each attached file its name, size, type and
SHA-256 — never the bytes. Never exported: private notes and votes (deliberation stays in the store).
Objects refer to each other by document keys ("O1", "O1-A2", "E3", "P1"), not by database ids.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any

import jsonschema
from sqlalchemy import Date, DateTime, select
from sqlalchemy.orm import Session

from panelapp.domain.audit_chain import content_hash
from panelapp.domain.errors import NotFoundError, RefusedError
from panelapp.domain.rules import regime_for
from panelapp.models.audit import append_entry
from panelapp.models.schema import (
    Allegation,
    Attachment,
    Base,
    Case,
    Citation,
    EvidenceItem,
    Finding,
    KeyMoment,
    LqpAdvice,
    Officer,
    OfficerWarning,
    OutcomeDecision,
    PanelMember,
    Seriousness,
    VettingEntry,
)

FORMAT = "panelapp-case"
VERSION = 1

CASE_FIELDS = ("reference", "force", "issued_on", "regime", "proceeding", "status", "hearing_start", "hearing_end",
               "venue", "public", "anonymity_order", "pseudonym", "iopc_involvement", "severity_assessed_on",
               "reg30_notice_on", "officer_response_on", "documents_to_chair_on", "outcome_notified_on",
               "presenting")
PANEL_FIELDS = ("name", "role")
OFFICER_FIELDS = ("name", "rank", "warrant_number", "unit", "service_start", "date_of_birth", "former_officer",
                  "ever_reduced_in_rank", "reduction_in_rank_note", "representative")
WARNING_FIELDS = ("kind", "given_on", "period_months", "career_break_days")
ALLEGATION_FIELDS = ("number", "particulars", "standards", "alleged_level")
FINDING_FIELDS = ("facts", "standards_breached", "level", "reasons")
CITATION_FIELDS = ("page", "at_seconds", "note")
SERIOUSNESS_FIELDS = ("culpability", "harm", "aggravating", "mitigating", "personal_mitigation", "purpose")
OUTCOME_FIELDS = ("outcome", "reasons", "why_not", "warning_months", "unconnected_incidents",
                  "exceptional_circumstances", "barred_list_noted", "local_policing_body_copy_noted", "decided_on")
EVIDENCE_FIELDS = ("kind", "title", "author", "dated", "exhibit_ref", "section", "position", "device", "wearer",
                   "started_at", "ended_at", "media_sha256", "notes")
MOMENT_FIELDS = ("at_seconds", "note")
VETTING_FIELDS = ("level", "decision", "decided_on", "review_due_on", "reviewer", "notes")
ATTACHMENT_FIELDS = ("sha256", "size", "filename", "media_type", "reference_only", "page_count")
LQP_FIELDS = ("given_on", "subject", "advice", "followed", "reasons_if_not")


def schema() -> dict[str, Any]:
    text = resources.files("panelapp.services").joinpath("case_format.schema.json").read_text("utf-8")
    return json.loads(text)


def _out(obj: Base, names: tuple[str, ...]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        result[name] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return result


def _in(cls: type[Base], data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    columns = cls.__table__.columns  # type: ignore[attr-defined]
    kwargs: dict[str, Any] = {}
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and isinstance(columns[name].type, DateTime):
            value = dt.datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(columns[name].type, Date):
            value = dt.date.fromisoformat(value)
        kwargs[name] = value
    return kwargs


def export_case(session: Session, reference: str) -> dict[str, Any]:
    case = session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        raise NotFoundError(f"no case {reference!r} in this store")
    ev_key = {item.id: f"E{i}" for i, item in enumerate(case.evidence, 1)}
    al_key: dict[int, str] = {}
    officers = []
    for oi, officer in enumerate(case.officers, 1):
        allegations = []
        for al in officer.allegations:
            al_key[al.id] = f"O{oi}-A{al.number}"
            finding = None
            if al.finding is not None:
                finding = _out(al.finding, FINDING_FIELDS) | {"citations": [
                    {"evidence": ev_key[c.evidence_id], **_out(c, CITATION_FIELDS)} for c in al.finding.citations]}
            allegations.append({"key": al_key[al.id], **_out(al, ALLEGATION_FIELDS), "finding": finding})
        officers.append({
            "key": f"O{oi}", **_out(officer, OFFICER_FIELDS),
            "warnings": [_out(w, WARNING_FIELDS) for w in officer.warnings],
            "allegations": allegations,
            "seriousness": _out(officer.seriousness, SERIOUSNESS_FIELDS) if officer.seriousness else None,
            "outcome": _out(officer.outcome, OUTCOME_FIELDS) if officer.outcome else None,
        })
    evidence = []
    for item in case.evidence:
        evidence.append({
            "key": ev_key[item.id], **_out(item, EVIDENCE_FIELDS),
            "allegations": sorted(al_key[a.id] for a in item.allegations),
            "key_moments": [_out(m, MOMENT_FIELDS) for m in item.key_moments],
            "vetting": [_out(v, VETTING_FIELDS) for v in item.vetting],
            "attachment": _out(item.attachment, ATTACHMENT_FIELDS) if item.attachment else None,
        })
    return {
        "format": FORMAT,
        "version": VERSION,
        "case": _out(case, CASE_FIELDS),
        "panel": [{"key": f"P{i}", **_out(m, PANEL_FIELDS)} for i, m in enumerate(case.panel, 1)],
        "officers": officers,
        "evidence": evidence,
        "lqp_advice": [_out(a, LQP_FIELDS) for a in case.lqp_advice],
    }


def dumps(document: dict[str, Any]) -> str:
    """The canonical text of a case document (stable key order, so equal cases give equal files)."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def validate(document: Any) -> None:
    """Refuse a document that is not a case file of a version this app reads, naming the first fault."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise RefusedError("not a panelapp case file (the \"format\" field is not \"panelapp-case\")")
    if document.get("version") != VERSION:
        raise RefusedError(f"case file version {document.get('version')!r} is not supported (this app reads {VERSION})")
    try:
        jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator,
                            format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top level)"
        raise RefusedError(f"invalid case file at {where}: {exc.message}") from exc
    case = document["case"]
    if case["regime"] != regime_for(dt.date.fromisoformat(case["issued_on"])).value:
        raise RefusedError("invalid case file: the regime does not match the date proceedings were issued")


def import_case(session: Session, document: dict[str, Any]) -> Case:
    """Create a case from a validated document, in the caller's transaction."""
    validate(document)
    data = document["case"]
    if session.scalar(select(Case.id).where(Case.reference == data["reference"])) is not None:
        raise RefusedError(f"a case {data['reference']!r} already exists in this store; nothing was imported")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    case = Case(**_in(Case, data, CASE_FIELDS), created_at=now)
    case.panel = [PanelMember(position=i, **_in(PanelMember, m, PANEL_FIELDS))
                  for i, m in enumerate(document["panel"], 1)]
    allegations: dict[str, Allegation] = {}
    pending_findings: list[tuple[Allegation, dict[str, Any]]] = []
    for oi, o in enumerate(document["officers"], 1):
        officer = Officer(position=oi, **_in(Officer, o, OFFICER_FIELDS))
        officer.warnings = [OfficerWarning(**_in(OfficerWarning, w, WARNING_FIELDS)) for w in o["warnings"]]
        for a in o["allegations"]:
            if a["key"] in allegations:
                raise RefusedError(f"invalid case file: allegation key {a['key']} appears twice")
            allegation = Allegation(**_in(Allegation, a, ALLEGATION_FIELDS))
            allegations[a["key"]] = allegation
            officer.allegations.append(allegation)
            if a["finding"] is not None:
                pending_findings.append((allegation, a["finding"]))
        if o["seriousness"] is not None:
            officer.seriousness = Seriousness(**_in(Seriousness, o["seriousness"], SERIOUSNESS_FIELDS))
        if o["outcome"] is not None:
            officer.outcome = OutcomeDecision(**_in(OutcomeDecision, o["outcome"], OUTCOME_FIELDS))
        case.officers.append(officer)
    evidence: dict[str, EvidenceItem] = {}
    for e in document["evidence"]:
        item = EvidenceItem(**_in(EvidenceItem, e, EVIDENCE_FIELDS))
        try:
            item.allegations = [allegations[k] for k in e["allegations"]]
        except KeyError as exc:
            raise RefusedError(f"invalid case file: evidence {e['key']} names unknown allegation {exc}") from exc
        item.key_moments = [KeyMoment(**_in(KeyMoment, m, MOMENT_FIELDS)) for m in e["key_moments"]]
        item.vetting = [VettingEntry(**_in(VettingEntry, v, VETTING_FIELDS)) for v in e["vetting"]]
        if e["attachment"] is not None:
            item.attachment = _attachment_for(session, e["attachment"], now)
        evidence[e["key"]] = item
        case.evidence.append(item)
    for allegation, f in pending_findings:
        finding = Finding(**_in(Finding, f, FINDING_FIELDS))
        for c in f["citations"]:
            if c["evidence"] not in evidence:
                raise RefusedError(f"invalid case file: a citation names unknown evidence {c['evidence']}")
            finding.citations.append(Citation(**_in(Citation, c, CITATION_FIELDS)))
            finding.citations[-1].evidence = evidence[c["evidence"]]  # type: ignore[attr-defined]
        allegation.finding = finding
    case.lqp_advice = [LqpAdvice(**_in(LqpAdvice, a, LQP_FIELDS)) for a in document["lqp_advice"]]
    session.add(case)
    session.flush()
    append_entry(session, action="case.import", object_type="case", object_id=case.id,
                 content=content_hash(document))
    return case


def _attachment_for(session: Session, data: dict[str, Any], now: dt.datetime) -> Attachment:
    """The store's attachment with this hash, or a record of it awaiting its bytes."""
    existing = session.scalar(select(Attachment).where(Attachment.sha256 == data["sha256"]))
    if existing is not None:
        return existing
    return Attachment(**_in(Attachment, data, ATTACHMENT_FIELDS), bytes_present=False, created_at=now)
