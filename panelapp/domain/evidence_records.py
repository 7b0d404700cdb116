"""The bundle as plain data: sections and items for the tree, typed details for the editors.

Reads (`BundleTree`, `EvidenceDetails`, `AllegationLink`) come out of `EvidenceService`; writes take the
typed details (`StatementDetails`, `MediaDetails`, `VettingDetails`, `DocumentDetails`) so an undo command
can hold the before and after as plain values. No Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from panelapp.domain.case_data import ImportResult
from panelapp.domain.vocabulary import EvidenceKind, VettingDecision, VettingLevel

STATEMENT_KINDS = frozenset({EvidenceKind.WITNESS_STATEMENT, EvidenceKind.OFFICER_RESPONSE})
MEDIA_KINDS = frozenset({EvidenceKind.BODY_WORN_VIDEO, EvidenceKind.CCTV, EvidenceKind.AUDIO})
VETTING_KINDS = frozenset({EvidenceKind.VETTING_RECORD})

# Where a new item goes when the user does not say: the usual layout of a hearing bundle.
DEFAULT_SECTION: dict[EvidenceKind, str] = {
    EvidenceKind.OFFICER_RESPONSE: "A",
    EvidenceKind.WITNESS_STATEMENT: "B",
    EvidenceKind.BODY_WORN_VIDEO: "C",
    EvidenceKind.CCTV: "C",
    EvidenceKind.AUDIO: "C",
    EvidenceKind.VETTING_RECORD: "D",
}


def hms(seconds: int) -> str:
    """00:03:12 — a media time as the bundle prints it."""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def parse_hms(text: str) -> int:
    """Seconds from "hh:mm:ss", "mm:ss" or "ss"; ValueError when it is not a time."""
    parts = text.strip().split(":")
    if not 1 <= len(parts) <= 3 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(f"not a time: {text!r}")
    numbers = [int(p) for p in parts]
    if any(n >= 60 for n in numbers[1:]):
        raise ValueError(f"minutes and seconds run to 59: {text!r}")
    seconds = 0
    for n in numbers:
        seconds = seconds * 60 + n
    return seconds


@dataclass(frozen=True)
class ItemNode:
    """One item as the bundle tree shows it. `label` is its tab ("B3"); `pages` its stored page count."""

    id: int
    section: str
    position: int
    kind: EvidenceKind
    title: str
    dated: date | None
    author: str
    exhibit_ref: str
    pages: int | None
    has_file: bool  # a stored file the reader can open (not a typed item, not a reference only)
    reference_only: bool
    allegations: tuple[str, ...] = ()  # labels of the linked allegations: "1", "2" (or "2.1" with two officers)
    key_moments: int = 0
    vetting_entries: int = 0
    bundle_pages: str = ""  # the section page labels it will be stamped with: "B4" or "B4–B6"

    @property
    def label(self) -> str:
        return f"{self.section}{self.position}"


@dataclass(frozen=True)
class SectionNode:
    letter: str
    title: str
    position: int
    items: tuple[ItemNode, ...] = ()
    titled: bool = False  # the title was set for this case (else the default title shows)


@dataclass(frozen=True)
class BundleTree:
    case_id: int
    sections: tuple[SectionNode, ...] = ()

    def item(self, item_id: int) -> ItemNode | None:
        return next((i for s in self.sections for i in s.items if i.id == item_id), None)

    def section(self, letter: str) -> SectionNode | None:
        return next((s for s in self.sections if s.letter == letter), None)


@dataclass(frozen=True)
class KeyMomentRecord:
    at_seconds: int
    note: str


@dataclass(frozen=True)
class VettingRecord:
    """One clearance decision: a grant, refusal, review, withdrawal, expiry or appeal result."""

    level: VettingLevel
    decision: VettingDecision
    decided_on: date
    review_due_on: date | None = None
    reviewer: str = ""
    notes: str = ""


@dataclass(frozen=True)
class ItemHeader:
    """What every item has. `notes` holds a typed statement's text, or a note on a file."""

    kind: EvidenceKind
    title: str
    author: str = ""
    dated: date | None = None
    exhibit_ref: str = ""
    notes: str = ""


@dataclass(frozen=True)
class StatementDetails(ItemHeader):
    pass


@dataclass(frozen=True)
class DocumentDetails(ItemHeader):
    pass


@dataclass(frozen=True)
class MediaDetails(ItemHeader):
    """A BWV/CCTV (or audio) reference: the recording device, who wore it, when, its hash, key moments."""

    device: str = ""
    wearer: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    media_sha256: str = ""
    key_moments: tuple[KeyMomentRecord, ...] = ()


@dataclass(frozen=True)
class VettingDetails(ItemHeader):
    entries: tuple[VettingRecord, ...] = ()


AnyDetails = StatementDetails | DocumentDetails | MediaDetails | VettingDetails


@dataclass(frozen=True)
class EvidenceDetails:
    """Everything an editor shows of one item, and its file (if any) for information."""

    id: int
    case_id: int
    label: str
    kind: EvidenceKind
    title: str
    author: str
    dated: date | None
    exhibit_ref: str
    notes: str
    device: str
    wearer: str
    started_at: datetime | None
    ended_at: datetime | None
    media_sha256: str
    key_moments: tuple[KeyMomentRecord, ...]
    vetting: tuple[VettingRecord, ...]
    filename: str = ""
    file_sha256: str = ""
    pages: int | None = None
    has_file: bool = False

    def header(self) -> dict[str, object]:
        return {"kind": self.kind, "title": self.title, "author": self.author, "dated": self.dated,
                "exhibit_ref": self.exhibit_ref, "notes": self.notes}

    def statement(self) -> StatementDetails:
        return StatementDetails(**self.header())  # type: ignore[arg-type]

    def document(self) -> DocumentDetails:
        return DocumentDetails(**self.header())  # type: ignore[arg-type]

    def media(self) -> MediaDetails:
        return MediaDetails(**self.header(), device=self.device, wearer=self.wearer,  # type: ignore[arg-type]
                            started_at=self.started_at, ended_at=self.ended_at, media_sha256=self.media_sha256,
                            key_moments=self.key_moments)

    def vetting_details(self) -> VettingDetails:
        return VettingDetails(**self.header(), entries=self.vetting)  # type: ignore[arg-type]

    def editable(self) -> AnyDetails:
        """The details in the shape its kind is edited in."""
        if self.kind in MEDIA_KINDS:
            return self.media()
        if self.kind in VETTING_KINDS:
            return self.vetting_details()
        if self.kind in STATEMENT_KINDS:
            return self.statement()
        return self.document()


@dataclass(frozen=True)
class AllegationLink:
    id: int
    label: str  # "1" (or "2.1": officer 2, allegation 1, when the case has several officers)
    particulars: str
    linked: bool


@dataclass(frozen=True)
class ItemSnapshot:
    """A removed item as plain data, enough to put it back as it was (same id, place, links, notes)."""

    id: int
    case_id: int
    section: str
    position: int
    columns: dict[str, object]
    key_moments: tuple[KeyMomentRecord, ...] = ()
    vetting: tuple[VettingRecord, ...] = ()
    allegation_ids: tuple[int, ...] = ()
    page_notes: tuple[dict[str, object], ...] = ()
    private_note_ids: tuple[int, ...] = ()


class ProgressReporter(Protocol):
    """What long work reports into (the UI's `Progress`): how far, and whether to stop.

    `check()` raises (a `KnownError`) when the user asked to stop; it is called between units of work.
    """

    def report(self, done: int, total: int, label: str = "") -> None: ...

    def check(self) -> None: ...


@dataclass(frozen=True)
class ImportOutcome:
    """A batch's per-file results; `cancelled` when the user stopped it (files finished before stay)."""

    results: tuple[ImportResult, ...]
    cancelled: bool = False
    not_started: tuple[str, ...] = field(default=())

    @property
    def imported(self) -> int:
        return sum(1 for r in self.results if r.ok)
