"""ReadingService: an item's bytes and details for the viewer (from the store, in memory)."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from panelapp.domain.errors import NotFoundError, RefusedError
from panelapp.domain.reading_records import DetailLine, ReadingItem
from panelapp.domain.vocabulary import EvidenceKind, VettingDecision
from panelapp.models.schema import Case, EvidenceItem
from panelapp.services.service_base import AreaService
from panelapp.services.stored_files import StoredFileReader

MiB = 1024 * 1024
# The viewer holds the whole file in memory (QtPdf reads from a QBuffer; never a temporary file), twice for
# a moment while it is handed over. 256 MiB covers scanned bundles of several thousand pages; anything
# larger is refused with a message instead of exhausting a laptop's memory.
MAX_READ_BYTES = 256 * MiB
_READ_BLOCK = 1 * MiB


def _label(e: EvidenceItem) -> str:
    return f"{e.section}{e.position}"


def _date(d: dt.date | None) -> str:
    return d.strftime("%d %b %Y") if d else ""


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _time(t: dt.datetime | None) -> str:
    return t.strftime("%d %b %Y %H:%M:%S") if t else ""


def _word(enum: type[VettingDecision], value: str) -> str:
    try:
        return enum(value).label
    except ValueError:  # a value from a newer version: show it as stored
        return value


def _details(e: EvidenceItem) -> tuple[DetailLine, ...]:
    """The item's typed details as labelled lines (empty values left out)."""
    lines = [DetailLine("Author", e.author), DetailLine("Dated", _date(e.dated)),
             DetailLine("Exhibit", e.exhibit_ref), DetailLine("Device", e.device), DetailLine("Wearer", e.wearer),
             DetailLine("Started", _time(e.started_at)), DetailLine("Ended", _time(e.ended_at)),
             DetailLine("Media SHA-256", e.media_sha256)]
    lines += [DetailLine(f"Key moment {_clock(m.at_seconds)}", m.note) for m in e.key_moments]
    for v in e.vetting:
        due = f"; review due {_date(v.review_due_on)}" if v.review_due_on else ""
        by = f"; {v.reviewer}" if v.reviewer else ""
        text = f"{_word(VettingDecision, v.decision)}{due}{by}" + (f" — {v.notes}" if v.notes else "")
        lines.append(DetailLine(f"{v.level} {_date(v.decided_on)}", text))
    lines.append(DetailLine("Notes", e.notes))
    return tuple(line for line in lines if line.value)


def to_domain(e: EvidenceItem, case_reference: str) -> ReadingItem:
    a = e.attachment
    return ReadingItem(
        id=e.id, case_id=e.case_id, case_reference=case_reference, label=_label(e), title=e.title,
        kind=EvidenceKind(e.kind), media_type=a.media_type if a else None, page_count=a.page_count if a else None,
        sha256=a.sha256 if a else (e.media_sha256 or None), filename=a.filename if a else None,
        size=a.size if a else None, reference_only=bool(a and a.reference_only),
        bytes_present=bool(a and a.bytes_present), details=_details(e))


def _evidence(session: Session, evidence_id: int) -> EvidenceItem:
    item = session.scalar(select(EvidenceItem).options(
        selectinload(EvidenceItem.attachment), selectinload(EvidenceItem.key_moments),
        selectinload(EvidenceItem.vetting)).where(EvidenceItem.id == evidence_id))
    if item is None:
        raise NotFoundError(f"item {evidence_id} is not in this store (deleted?)")
    return item


class ReadingService(AreaService):
    """The use cases of reading an item: its file's bytes (checked against its hash), pages, details."""

    def item(self, evidence_id: int) -> ReadingItem:
        """The item's details: label, title, kind, media type, pages, SHA-256, whether only a reference."""
        with self._session() as s:
            e = _evidence(s, evidence_id)
            reference = s.scalar(select(Case.reference).where(Case.id == e.case_id)) or ""
            return to_domain(e, reference)

    def bytes_of(self, evidence_id: int, *, limit: int = MAX_READ_BYTES) -> bytes:
        """The original file as imported, read from the store and checked against its SHA-256 on the way.

        Refused (`RefusedError`, one line naming the item) when the item has no file, only a reference to
        one, bytes that are missing or do not match the hash recorded at import, or more than `limit` bytes.
        """
        with self._session() as s:
            e = _evidence(s, evidence_id)
            a, label = e.attachment, _label(e)
            if a is None:
                raise RefusedError(f"{label}: this item has no file to show (its details are typed in)")
            if a.reference_only or not a.bytes_present:
                raise RefusedError(f"{label}: the file is kept as a reference only; its bytes are not in the store")
            if a.size > limit:
                raise RefusedError(f"{label}: {a.size / MiB:.0f} MiB is over the {limit // MiB} MiB limit for "
                                   "reading in the app")
            reader = StoredFileReader(s, a.id, cache_chunks=1)
            digest, parts, total = hashlib.sha256(), [], 0
            while total <= limit and (block := reader.read(_READ_BLOCK)):
                digest.update(block)
                parts.append(block)
                total += len(block)
            if total != a.size or digest.hexdigest() != a.sha256:
                raise RefusedError(f"{label}: the stored file does not match the SHA-256 recorded at import; "
                                   "run Verify in the Audit view")
            return b"".join(parts)
