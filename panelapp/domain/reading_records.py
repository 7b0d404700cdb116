"""Plain data of reading, searching and the audit log: what the reading, notes, search and audit services
hand to the UI (frozen; never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass

from panelapp.domain.vocabulary import EvidenceKind


@dataclass(frozen=True)
class DetailLine:
    """One labelled line of an item's details ("Device", "Axon Body 3")."""

    label: str
    value: str


@dataclass(frozen=True)
class ReadingItem:
    """What the viewer needs to know about one item before (and beside) its file."""

    id: int
    case_id: int
    case_reference: str
    label: str  # its place in the bundle, e.g. "B3"
    title: str
    kind: EvidenceKind
    media_type: str | None  # None: a typed item with no file (BWV reference, vetting history)
    page_count: int | None
    sha256: str | None
    filename: str | None
    size: int | None
    reference_only: bool  # the file is recorded (name, hash) but its bytes are kept elsewhere
    bytes_present: bool
    details: tuple[DetailLine, ...] = ()  # author, date, exhibit, device, key moments, vetting entries, notes

    @property
    def has_file(self) -> bool:
        """Whether the store holds the file's bytes, so the viewer can show it."""
        return self.media_type is not None and self.bytes_present and not self.reference_only

    @property
    def is_pdf(self) -> bool:
        return self.media_type == "application/pdf"

    @property
    def is_image(self) -> bool:
        return bool(self.media_type and self.media_type.startswith("image/"))

    @property
    def pages(self) -> int:
        """How many pages the viewer offers (at least one: typed items and images have one)."""
        return max(1, self.page_count or 1)


@dataclass(frozen=True)
class PageNote:
    """A private reading note on one page (0-based) of an item. Never exported, never printed."""

    evidence_id: int
    page: int
    text: str


@dataclass(frozen=True)
class SnippetPart:
    text: str
    match: bool = False


@dataclass(frozen=True)
class SearchHit:
    """One page of one item where the query matched, with a short snippet (matches marked)."""

    evidence_id: int
    case_id: int
    case_reference: str
    label: str
    title: str
    page: int  # 0-based
    snippet: tuple[SnippetPart, ...]

    @property
    def snippet_text(self) -> str:
        return "".join(p.text for p in self.snippet)


@dataclass(frozen=True)
class AuditRow:
    """One audit log entry as shown: no content (the log holds ids and hashes only)."""

    seq: int
    at_utc: str
    actor: str
    action: str
    object_type: str
    object_id: str
