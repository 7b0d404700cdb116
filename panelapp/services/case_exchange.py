"""A whole case as versioned JSON (docs/case-format.md) and back; the round trip is exact.

Writes version 4; reads versions 1, 2, 3 and 4 (`case_format_versions.READABLE` is the one place that says so:
an older document is checked against its own schema, then given the fields later versions added at their
defaults).

Exported: everything that describes the case (with each officer's decision versions, whose citations name
evidence by key), and for each attached file its name, size, type and SHA-256 — never the bytes. Never
exported: private notes, votes and page notes (deliberation stays in the store).
Objects refer to each other by document keys ("O1", "O1-A2", "E3", "P1"), not by database ids.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

import jsonschema
from sqlalchemy import Date, DateTime, select
from sqlalchemy.orm import Session

from panelapp.domain.audit_chain import content_hash
from panelapp.domain.errors import NotFoundError, RefusedError
from panelapp.domain.names import printable_name
from panelapp.domain.text_rules import text_problem
from panelapp.models.schema import (
    Allegation,
    Attachment,
    Base,
    BundleSection,
    Case,
    Citation,
    DecisionVersion,
    EvidenceItem,
    Finding,
    KeyMoment,
    LqpAdvice,
    Officer,
    OfficerWarning,
    OutcomeDecision,
    PanelMember,
    RuleSetOverrideRow,
    Seriousness,
    VettingEntry,
)
from panelapp.services.audit_state import (
    record_attachment_state,
    record_case_state,
    record_untracked_state,
    refuse_if_altered,
)
from panelapp.services.case_format_versions import (
    FORMAT,
    VERSION,
    check_v1,
    check_v2,
    check_v3,
    check_v4,
    check_version,
    schema,
    upgraded,
)
from panelapp.services.decision_service import demote_unsupported_final

MiB = 1024 * 1024
MAX_CASE_FILE_BYTES = 64 * MiB
MAX_DEPTH = 64  # the format itself nests 8 deep
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}|[A-Z][0-9]{1,6}(-A[0-9]{1,6})?")
_SURROGATE = re.compile("[\ud800-\udfff]")

CASE_FIELDS = ("reference", "force", "issued_on", "regime", "proceeding", "status", "hearing_start", "hearing_end",
               "venue", "public", "anonymity_order", "pseudonym", "iopc_involvement", "severity_assessed_on",
               "reg30_notice_on", "officer_response_on", "documents_to_chair_on", "outcome_notified_on",
               "presenting", "reg51_notice_on", "iopc_direction", "reg30_notice_method", "reg51_notice_method",
               "reg30_deemed_served_on", "reg51_deemed_served_on", "chair_specified_on", "not_named_in_public")
PANEL_FIELDS = ("name", "role")
OFFICER_FIELDS = ("name", "rank", "warrant_number", "unit", "service_start", "date_of_birth", "former_officer",
                  "ever_reduced_in_rank", "reduction_in_rank_note", "representative", "officer_category")
WARNING_FIELDS = ("kind", "given_on", "period_months", "career_break_days")
ALLEGATION_FIELDS = ("number", "particulars", "standards", "alleged_level", "came_to_attention_on",
                     "related_to_earlier_on", "incident")
FINDING_FIELDS = ("facts", "standards_breached", "level", "reasons", "facts_reasons", "breach_reasons")
CITATION_FIELDS = ("page", "at_seconds", "note")
SERIOUSNESS_FIELDS = ("culpability", "harm", "aggravating", "mitigating", "personal_mitigation", "purpose")
OUTCOME_FIELDS = ("outcome", "reasons", "why_not", "warning_months", "unconnected_incidents",
                  "exceptional_circumstances", "barred_list_noted", "local_policing_body_copy_noted", "decided_on",
                  "gm_not_dismissed_reasons", "aa_views_on_reduction")
EVIDENCE_FIELDS = ("kind", "title", "author", "dated", "exhibit_ref", "section", "position", "device", "wearer",
                   "started_at", "ended_at", "media_sha256", "notes")
MOMENT_FIELDS = ("at_seconds", "note")
VETTING_FIELDS = ("level", "decision", "decided_on", "review_due_on", "reviewer", "notes")
ATTACHMENT_FIELDS = ("sha256", "size", "filename", "media_type", "reference_only", "page_count")
LQP_FIELDS = ("given_on", "subject", "advice", "followed", "reasons_if_not")
OVERRIDE_FIELDS = ("question", "rule_set", "reason", "recorded_at")
SECTION_FIELDS = ("letter", "title", "position")
VERSION_FIELDS = ("number", "status", "override_reason", "note", "created_at")

def _out(obj: Base, names: tuple[str, ...]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        result[name] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return result


def _in(cls: type[Base], data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    columns = cls.__table__.columns
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
    refuse_if_altered(session, case.id)  # an export never carries (and so launders) a change made outside panelapp
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
            "decision_versions": [_version_out(v, ev_key) for v in session.scalars(
                select(DecisionVersion).where(DecisionVersion.officer_id == officer.id)
                .order_by(DecisionVersion.number))],
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
        "rule_set_overrides": [_out(o, OVERRIDE_FIELDS) for o in case.rule_set_overrides],
        "bundle_sections": [_out(b, SECTION_FIELDS) for b in session.scalars(
            select(BundleSection).where(BundleSection.case_id == case.id).order_by(BundleSection.letter))],
    }


def _version_out(version: DecisionVersion, ev_key: Mapping[int, str]) -> dict[str, Any]:
    """A decision version with its citations naming evidence by the file's keys, not this store's ids."""
    content = json.loads(json.dumps(version.content))
    for finding in content.get("findings", []):
        finding["citations"] = [{**{k: v for k, v in c.items() if k != "evidence_id"},
                                 "evidence": ev_key.get(c.get("evidence_id"))} for c in finding["citations"]]
    return {**_out(version, VERSION_FIELDS), "content": content}


def _version_in(data: dict[str, Any], evidence: Mapping[str, EvidenceItem]) -> DecisionVersion:
    """A version read back with this store's evidence ids; its fingerprint is of the content as stored here
    (a fingerprint names a decision within one store: ids differ between stores)."""
    content = json.loads(json.dumps(data["content"]))
    for finding in content["findings"]:
        finding["citations"] = [{**{k: v for k, v in c.items() if k != "evidence"},
                                 "evidence_id": evidence[c["evidence"]].id if c["evidence"] is not None else None}
                                for c in finding["citations"]]
    return DecisionVersion(**_in(DecisionVersion, data, VERSION_FIELDS), content=content,
                           fingerprint=content_hash(content))


def dumps(document: dict[str, Any]) -> str:
    """The canonical text of a case document (stable key order, so equal cases give equal files)."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- reading and checking a case file --------------------------------------------------------------
class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__("duplicate key")
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _field(name: Any) -> str | None:
    """A document key fit to name in a message: only what a field name looks like, never free text."""
    return name if isinstance(name, str) and _FIELD_NAME.fullmatch(name) else None


def _place(path: Iterable[Any]) -> str:
    parts = [str(p) if isinstance(p, int) or _FIELD_NAME.fullmatch(str(p)) else "…" for p in path]
    return "/".join(parts) or "(top level)"


def _shape_problem(document: Any) -> str | None:
    """Nesting deeper than MAX_DEPTH, text that is not Unicode (lone surrogates), non-finite numbers.

    Iterative, so no document can exhaust the stack here.
    """
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"nested too deeply (over {MAX_DEPTH} levels)"
        if isinstance(node, dict):
            for key, value in node.items():
                if _SURROGATE.search(key):
                    return "a field name is not valid Unicode text"
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)
        elif isinstance(node, str) and _SURROGATE.search(node):
            return "some text is not valid Unicode (an unpaired surrogate)"
        elif isinstance(node, str) and (problem := text_problem(node.replace("\r", ""), one_line=False)):
            return f"some text {problem[1]} (the rule every form applies)"
        elif isinstance(node, float) and not math.isfinite(node):
            return "a number is not finite"
    return None


def read_case_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read, parse and validate a case file; every refusal is one line naming the file and the reason.

    Never blocks on a pipe or device (the file type is checked before and after opening without
    waiting), never reads more than MAX_CASE_FILE_BYTES, never recurses without bound.
    """
    path = Path(path)
    shown = printable_name(os.fsdecode(path.name) or str(path), 80) or "(no name)"

    def refused(reason: str) -> RefusedError:
        return RefusedError(f"{shown}: {reason}; nothing was imported")

    try:
        st = os.stat(path)  # follows a link: a link to a regular file is read, to anything else refused
    except FileNotFoundError as exc:
        raise refused("no such file") from exc
    except OSError as exc:
        raise refused(f"cannot read ({exc.strerror})") from exc
    if stat.S_ISDIR(st.st_mode):
        raise refused("a directory, not a case file")
    if not stat.S_ISREG(st.st_mode):
        raise refused("not a regular file (a pipe, device or socket)")
    if st.st_size > MAX_CASE_FILE_BYTES:
        raise refused(f"over the {MAX_CASE_FILE_BYTES // MiB} MiB limit for a case file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise refused(f"cannot read ({exc.strerror})") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a pipe between the two looks
            raise refused("not a regular file (a pipe, device or socket)")
        blocks: list[bytes] = []
        size = 0
        while size <= MAX_CASE_FILE_BYTES and (block := os.read(fd, MiB)):
            blocks.append(block)
            size += len(block)
    except OSError as exc:
        raise refused(f"cannot read ({exc.strerror})") from exc
    finally:
        os.close(fd)
    if size > MAX_CASE_FILE_BYTES:
        raise refused(f"over the {MAX_CASE_FILE_BYTES // MiB} MiB limit for a case file")
    data = b"".join(blocks)
    del blocks
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise refused(f"not UTF-8 text (byte {exc.start} is not valid UTF-8)") from exc
    try:
        document: dict[str, Any] = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except RecursionError:
        raise refused(f"nested too deeply (over {MAX_DEPTH} levels)") from None
    except _DuplicateKeyError as exc:
        name = _field(exc.key)
        raise refused(f"an object has the key {name} twice" if name else "an object has the same key twice") from exc
    except json.JSONDecodeError as exc:
        raise refused(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    except ValueError as exc:  # a number too long to read, NaN or Infinity
        raise refused("not valid JSON (a number this format cannot hold)") from exc
    try:
        validate(document)
    except RefusedError as exc:
        raise refused(str(exc)) from exc
    return document


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "null": "null", "object": "an object", "array": "a list"}
_FORMAT_WORDS = {"date": "a date written YYYY-MM-DD", "date-time": "a date and time"}


def _rule(error: jsonschema.ValidationError) -> str:
    """The rule an instance broke, in words, from the schema alone: never the offending value."""
    kind, rule = error.validator, cast(Any, error.validator_value)
    if kind == "propertyNames" or "propertyNames" in error.schema_path:
        return "has a field name that is not allowed here"
    if kind == "type":
        types = [rule] if isinstance(rule, str) else list(rule)
        return "must be " + " or ".join(_TYPE_WORDS.get(t, t) for t in types)
    if kind == "enum":
        return "must be one of the allowed values"
    if kind == "const":
        return "must be the value this format fixes"
    if kind == "required" and isinstance(error.instance, dict):
        missing = [p for p in rule if p not in error.instance]
        return f"is missing the required field {missing[0]}" if missing else "is missing a required field"
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = set(cast(Mapping[str, Any], error.schema).get("properties", {}))
        extra = sorted(filter(None, (_field(k) for k in error.instance if k not in known)))
        return "has a field this format does not define" + (f" ({', '.join(extra)})" if extra else "")
    words = {
        "minLength": f"must be at least {rule} character(s) long",
        "maxLength": f"must be at most {rule} characters long",
        "minimum": f"must be at least {rule}",
        "maximum": f"must be at most {rule}",
        "exclusiveMinimum": f"must be more than {rule}",
        "exclusiveMaximum": f"must be less than {rule}",
        "pattern": f"must match the pattern {rule}",
        "format": f"must be {_FORMAT_WORDS.get(str(rule), f'a valid {rule}')}",
        "minItems": f"must have at least {rule} item(s)",
        "maxItems": f"must have at most {rule} item(s)",
        "uniqueItems": "must not list the same item twice",
        "oneOf": "does not match any of the allowed forms",
        "anyOf": "does not match any of the allowed forms",
    }
    return words.get(str(kind), f"breaks the schema rule {kind}")


def _check_references(document: dict[str, Any]) -> None:
    """What a schema cannot say: keys are unique, every reference points at something in the document."""
    def unique(where: str, keys: list[tuple[str, str]]) -> set[str]:
        seen: set[str] = set()
        for place, key in keys:
            if key in seen:
                raise RefusedError(f"invalid case file at {place}: the {where} key {key} is used twice")
            seen.add(key)
        return seen

    unique("panel", [(f"panel/{i}/key", m["key"]) for i, m in enumerate(document["panel"])])
    unique("officer", [(f"officers/{i}/key", o["key"]) for i, o in enumerate(document["officers"])])
    allegations = unique("allegation", [
        (f"officers/{i}/allegations/{j}/key", a["key"])
        for i, o in enumerate(document["officers"]) for j, a in enumerate(o["allegations"])])
    evidence = unique("evidence", [(f"evidence/{i}/key", e["key"]) for i, e in enumerate(document["evidence"])])
    for i, o in enumerate(document["officers"]):
        numbers: set[int] = set()
        for j, a in enumerate(o["allegations"]):
            if a["number"] in numbers:
                raise RefusedError(f"invalid case file at officers/{i}/allegations/{j}/number: "
                                   "two allegations of one officer have the same number")
            numbers.add(a["number"])
            for k, c in enumerate((a["finding"] or {}).get("citations", [])):
                if c["evidence"] not in evidence:
                    raise RefusedError(f"invalid case file at officers/{i}/allegations/{j}/finding/citations/{k}: "
                                       f"a citation names unknown evidence {c['evidence']}")
    for i, e in enumerate(document["evidence"]):
        for key in e["allegations"]:
            if key not in allegations:
                raise RefusedError(f"invalid case file at evidence/{i}/allegations: "
                                   f"evidence {e['key']} names unknown allegation {key}")
        for name in ("started_at", "ended_at"):
            if e[name] is not None:
                try:
                    dt.datetime.fromisoformat(e[name])
                except ValueError:
                    raise RefusedError(f"invalid case file at evidence/{i}/{name}: "
                                       "must be a real date and time") from None


def validate(document: Any) -> dict[str, Any]:
    """Refuse a document that is not a case file of a version this app reads, naming the first fault by its
    place and the rule it breaks (never the offending value). Returns it as a current-version document."""
    version = check_version(document)
    problem = _shape_problem(document)
    if problem:
        raise RefusedError(f"invalid case file: {problem}")
    try:
        jsonschema.validate(document, schema(version), cls=jsonschema.Draft202012Validator,
                            format_checker=jsonschema.FormatChecker())
    except jsonschema.ValidationError as exc:
        raise RefusedError(f"invalid case file at {_place(exc.absolute_path)}: {_rule(exc)}") from None
    _check_references(document)
    if version == 1:
        check_v1(document)
    upgraded_document = upgraded(document, version)
    check_v2(upgraded_document)
    check_v3(upgraded_document)
    check_v4(upgraded_document)
    return upgraded_document


def import_case(session: Session, document: dict[str, Any]) -> Case:
    """Create a case from a validated document, in the caller's transaction.

    Appends the case's state (and each new attachment record's) to the audit log.
    """
    document = validate(document)
    data = document["case"]
    if session.scalar(select(Case.id).where(Case.reference == data["reference"])) is not None:
        raise RefusedError(f"a case {data['reference']!r} already exists in this store; nothing was imported")
    record_untracked_state(session)
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
    attachments: dict[str, Attachment] = {}
    for e in document["evidence"]:
        item = EvidenceItem(**_in(EvidenceItem, e, EVIDENCE_FIELDS))
        item.allegations = [allegations[k] for k in e["allegations"]]
        item.key_moments = [KeyMoment(**_in(KeyMoment, m, MOMENT_FIELDS)) for m in e["key_moments"]]
        item.vetting = [VettingEntry(**_in(VettingEntry, v, VETTING_FIELDS)) for v in e["vetting"]]
        if e["attachment"] is not None:
            sha = e["attachment"]["sha256"]
            if sha not in attachments:  # one record per file, however many items show it
                attachments[sha] = _attachment_for(session, e["attachment"], now)
            item.attachment = attachments[sha]
        evidence[e["key"]] = item
        case.evidence.append(item)
    for allegation, f in pending_findings:
        finding = Finding(**_in(Finding, f, FINDING_FIELDS))
        for c in f["citations"]:
            citation = Citation(**_in(Citation, c, CITATION_FIELDS))
            citation.evidence = evidence[c["evidence"]]
            finding.citations.append(citation)
        allegation.finding = finding
    case.lqp_advice = [LqpAdvice(**_in(LqpAdvice, a, LQP_FIELDS)) for a in document["lqp_advice"]]
    case.rule_set_overrides = [RuleSetOverrideRow(**_in(RuleSetOverrideRow, o, OVERRIDE_FIELDS))
                               for o in document["rule_set_overrides"]]
    new_attachments = [a for a in attachments.values() if a.id is None]
    session.add(case)
    session.flush()
    for officer, o in zip(case.officers, document["officers"], strict=True):
        for v in o["decision_versions"]:
            version = _version_in(v, evidence)
            version.officer_id = officer.id
            session.add(version)
    session.add_all(BundleSection(case_id=case.id, **_in(BundleSection, b, SECTION_FIELDS))
                    for b in document["bundle_sections"])
    session.flush()
    for officer in case.officers:
        demote_unsupported_final(session, officer)
    for attachment in new_attachments:
        record_attachment_state(session, attachment.id, "attachment.recorded")
    record_case_state(session, case.id, "case.import")
    return case


def _attachment_for(session: Session, data: dict[str, Any], now: dt.datetime) -> Attachment:
    """The store's attachment with this hash, or a record of it awaiting its bytes."""
    existing = session.scalar(select(Attachment).where(Attachment.sha256 == data["sha256"]))
    if existing is not None:
        return existing
    return Attachment(**_in(Attachment, data, ATTACHMENT_FIELDS), bytes_present=False, created_at=now)
