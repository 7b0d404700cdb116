"""Plain data the services hand to the UI, the CLI and the reports (never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class CaseSummary:
    id: int
    reference: str
    officers: tuple[str, ...]
    proceeding: str
    status: str
    regime: str
    issued_on: date
    hearing_start: date | None = None


@dataclass(frozen=True)
class EvidenceSummary:
    id: int
    section: str
    position: int
    kind: str
    title: str
    exhibit_ref: str
    dated: date | None
    author: str
    media_type: str | None
    page_count: int | None
    sha256: str | None
    reference_only: bool
    bytes_present: bool
    key_moments: int = 0
    vetting_entries: int = 0

    @property
    def label(self) -> str:
        """The item's place in the bundle, e.g. "B3"."""
        return f"{self.section}{self.position}"


@dataclass(frozen=True)
class ImportResult:
    """What happened to one file of an import batch: a one-line message either way."""

    name: str
    ok: bool
    message: str
    evidence_id: int | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class VerifyReport:
    problems: tuple[str, ...]
    audit_entries: int
    audit_head: str
    attachments_checked: int
    attachments_without_bytes: int
    notes: tuple[str, ...] = field(default_factory=tuple)
    objects_checked: int = 0  # cases and attachments compared with their latest audit state entry

    @property
    def ok(self) -> bool:
        return not self.problems
