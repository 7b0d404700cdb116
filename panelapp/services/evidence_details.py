"""Checking and writing an item's typed details (statements, BWV/CCTV references, vetting, documents).

Every check raises `BadInputError(field, reason)` before anything is written; the service writes only
what passed. Plain values in, ORM rows changed in the caller's unit of work.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy.orm import Session

from panelapp.domain import text_rules
from panelapp.domain.errors import BadInputError
from panelapp.domain.evidence_records import (
    MEDIA_KINDS,
    STATEMENT_KINDS,
    VETTING_KINDS,
    AnyDetails,
    EvidenceDetails,
    ItemHeader,
    KeyMomentRecord,
    MediaDetails,
    StatementDetails,
    VettingDetails,
    VettingRecord,
    hms,
)
from panelapp.domain.vocabulary import EvidenceKind, VettingDecision, VettingLevel
from panelapp.models.schema import EvidenceItem, KeyMoment, VettingEntry

MAX_TITLE = 500
MAX_TEXT = 200_000
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _line(value: str, field: str, limit: int, *, required: bool = False) -> str:
    return text_rules.one_line(field, value, limit, required=required)


def _text(value: str, field: str) -> str:
    return text_rules.many_lines(field, value, MAX_TEXT)


def check_header(details: ItemHeader) -> ItemHeader:
    if not isinstance(details.kind, EvidenceKind):
        raise BadInputError("Kind", "is not a kind of evidence", code="invalid")
    return ItemHeader(
        kind=details.kind, title=_line(details.title, "Title", MAX_TITLE, required=True),
        author=_line(details.author, "Author", 500), dated=details.dated,
        exhibit_ref=_line(details.exhibit_ref, "Exhibit reference", 64), notes=_text(details.notes, "Text"))


def check_kind(details: AnyDetails) -> None:
    """Each shape of details belongs to its kinds (a document's may be any kind: only the header is written)."""
    kinds = {MediaDetails: MEDIA_KINDS, VettingDetails: VETTING_KINDS, StatementDetails: STATEMENT_KINDS}
    allowed = kinds.get(type(details))
    if allowed is not None and details.kind not in allowed:
        names = ", ".join(sorted(k.label.lower() for k in allowed))
        raise BadInputError("Kind", f"{details.kind.label.lower()} cannot hold these details (only {names})",
                            code="wrong_kind")


def _duration(started: datetime | None, ended: datetime | None) -> int | None:
    if started is None or ended is None:
        return None
    return int((ended - started).total_seconds())


def check_media(details: MediaDetails) -> tuple[str, str, str, tuple[KeyMomentRecord, ...]]:
    device = _line(details.device, "Device", 200)
    wearer = _line(details.wearer, "Wearer", 200)
    sha = details.media_sha256.strip().lower()
    if sha and not _SHA256.fullmatch(sha):
        raise BadInputError("Media SHA-256", "must be 64 hexadecimal characters (or left empty)", code="invalid")
    length = _duration(details.started_at, details.ended_at)
    if length is not None and length < 0:
        raise BadInputError("End time", "is before the start time", code="order")
    moments = []
    for n, m in enumerate(details.key_moments, start=1):
        field = f"Key moment {n}"
        if m.at_seconds < 0:
            raise BadInputError(field, "time cannot be negative", code="invalid")
        if length is not None and m.at_seconds > length:
            raise BadInputError(field, f"{hms(m.at_seconds)} is after the recording ends ({hms(length)} long)",
                                code="out_of_range")
        moments.append(KeyMomentRecord(m.at_seconds, _line(m.note, f"{field} note", 2000, required=True)))
    return device, wearer, sha, tuple(sorted(moments, key=lambda k: k.at_seconds))


def check_vetting(details: VettingDetails) -> tuple[VettingRecord, ...]:
    out = []
    for n, e in enumerate(details.entries, start=1):
        field = f"Vetting entry {n}"
        if not isinstance(e.level, VettingLevel) or not isinstance(e.decision, VettingDecision):
            raise BadInputError(field, "needs a level and a decision", code="required")
        if e.review_due_on is not None and e.review_due_on < e.decided_on:
            raise BadInputError(field, "the review is due before the decision was made", code="order")
        out.append(VettingRecord(e.level, e.decision, e.decided_on, e.review_due_on,
                                 _line(e.reviewer, f"{field} reviewer", 200), _text(e.notes, f"{field} notes")))
    return tuple(sorted(out, key=lambda v: v.decided_on))


def write_header(row: EvidenceItem, header: ItemHeader) -> None:
    row.kind, row.title, row.author, row.dated = header.kind.value, header.title, header.author, header.dated
    row.exhibit_ref, row.notes = header.exhibit_ref, header.notes


def write_details(session: Session, row: EvidenceItem, details: AnyDetails) -> None:
    """Check everything first, then change the row (and its key moments or vetting entries)."""
    check_kind(details)
    header = check_header(details)
    if isinstance(details, MediaDetails):
        device, wearer, sha, moments = check_media(details)
        write_header(row, header)
        row.device, row.wearer, row.media_sha256 = device, wearer, sha
        row.started_at, row.ended_at = details.started_at, details.ended_at
        row.key_moments = [KeyMoment(at_seconds=m.at_seconds, note=m.note) for m in moments]
    elif isinstance(details, VettingDetails):
        entries = check_vetting(details)
        write_header(row, header)
        row.vetting = [VettingEntry(level=e.level.value, decision=e.decision.value, decided_on=e.decided_on,
                                    review_due_on=e.review_due_on, reviewer=e.reviewer, notes=e.notes)
                       for e in entries]
    else:
        write_header(row, header)
    session.flush()


def _enum(kind: type[EvidenceKind], value: str) -> EvidenceKind:
    return kind(value) if value in kind._value2member_map_ else EvidenceKind.OTHER


def to_details(row: EvidenceItem) -> EvidenceDetails:
    a = row.attachment
    stored = bool(a and a.bytes_present and not a.reference_only)
    return EvidenceDetails(
        id=row.id, case_id=row.case_id, label=f"{row.section}{row.position}", kind=_enum(EvidenceKind, row.kind),
        title=row.title, author=row.author, dated=row.dated, exhibit_ref=row.exhibit_ref, notes=row.notes,
        device=row.device, wearer=row.wearer, started_at=row.started_at, ended_at=row.ended_at,
        media_sha256=row.media_sha256,
        key_moments=tuple(KeyMomentRecord(m.at_seconds, m.note) for m in row.key_moments),
        vetting=tuple(VettingRecord(VettingLevel(v.level), VettingDecision(v.decision), v.decided_on,
                                    v.review_due_on, v.reviewer, v.notes) for v in row.vetting
                      if v.level in VettingLevel._value2member_map_
                      and v.decision in VettingDecision._value2member_map_),
        filename=a.filename if a else "", file_sha256=a.sha256 if a else "", pages=a.page_count if a else None,
        has_file=stored,
    )

