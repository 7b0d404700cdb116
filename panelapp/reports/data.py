"""Plain input data for every document: what a service loads from the store and a report renders.

Nothing here knows about the store or about ReportLab. Every text is final wording (labels resolved,
citations already turned into bundle labels), so a report only lays it out.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MARKING = "OFFICIAL-SENSITIVE"
PUBLIC_MARKING = "OFFICIAL"


@dataclass(frozen=True)
class PanelLine:
    role: str  # the role's label, e.g. "Independent member"
    name: str


@dataclass(frozen=True)
class FindingNotice:
    """One allegation as the officer reads it: what was alleged and what the panel found, and why."""

    number: int
    particulars: str
    standards: tuple[str, ...]  # "4 — Use of Force"
    alleged_level: str
    facts: str  # "Proved", "Not proved"
    level: str  # "Gross misconduct"
    standards_breached: tuple[str, ...]
    reasons: str
    citations: tuple[str, ...] = ()  # resolved: "B4", "C1 (BWV-1 at 00:03:18)"


@dataclass(frozen=True)
class OutcomeNotice:
    label: str
    reasons: str
    duration: str = ""  # "2 years" for a final written warning
    expires_on: date | None = None
    exceptional_circumstances: str = ""
    why_not: tuple[tuple[str, str], ...] = ()  # (less severe outcome, why it is not enough)


@dataclass(frozen=True)
class AppealRoute:
    body: str  # where the appeal goes
    regulation: str
    deadline: date | None
    counted_from: date | None
    grounds: str = ""
    verified: bool = True


@dataclass(frozen=True)
class OutcomeNoticeData:
    """The regulation 43 report and notice of appeal rights, for one officer."""

    reference: str
    force: str
    officer_name: str
    officer_rank: str
    warrant_number: str
    unit: str
    former_officer: bool
    proceeding: str
    rules: str
    hearing_start: date | None
    hearing_end: date | None
    venue: str
    held_in_public: bool
    panel: tuple[PanelLine, ...]
    findings: tuple[FindingNotice, ...]
    seriousness: tuple[tuple[str, str], ...]  # (stage heading, text), in the guidance's order
    outcome: OutcomeNotice | None
    appeal: AppealRoute | None
    barred_list: str = ""
    local_policing_body: str = ""
    lqp_advice: str = ""
    decided_on: date | None = None
    issued_on: date | None = None
    signatory: PanelLine | None = None
    representative: str = ""
    draft: bool = False
    marking: str = MARKING


@dataclass(frozen=True)
class PublicFinding:
    number: int
    summary: str
    standards: tuple[str, ...]
    finding: str


@dataclass(frozen=True)
class PublicNoticeData:
    """What a force publishes (DOMAIN §8): no personal data beyond what publication allows."""

    reference: str
    force: str
    officer: str  # rank and name, or the pseudonym under an anonymity order
    anonymity_order: bool
    former_officer: bool
    proceeding: str
    hearing_start: date | None
    hearing_end: date | None
    venue: str
    held_in_public: bool
    panel_roles: tuple[str, ...]
    findings: tuple[PublicFinding, ...]
    outcome: str
    outcome_detail: str = ""
    barred_list: str = ""
    published_on: date | None = None
    take_down_on: date | None = None
    draft: bool = False
    marking: str = PUBLIC_MARKING


def fingerprint(data: Any) -> str:
    """A SHA-256 over the document's data: the same decision prints the same value, any change another.

    Shown shortened in the footer as the decision version; the `draft` flag is left out, so a draft and
    the final notice of the same decision carry the same fingerprint.
    """
    content = {k: v for k, v in dataclasses.asdict(data).items() if k != "draft"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def short_fingerprint(digest: str) -> str:
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4)).upper()


# --- the hearing bundle -----------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyMomentLine:
    at: str  # "00:03:18"
    note: str


@dataclass(frozen=True)
class VettingLine:
    level: str
    decision: str
    decided_on: date | None
    review_due_on: date | None
    reviewer: str
    notes: str


@dataclass(frozen=True)
class BundleItem:
    """One tab of the bundle. `source` says how its pages come about:

    - "pdf": the stored PDF (its bytes are handed to the builder separately, by `key`);
    - "image": the stored image placed on a page;
    - "typed": rendered from the fields below (BWV/CCTV references, vetting history, typed notes);
    - "placeholder": a reference-only or unreadable file: a page naming it and its SHA-256.
    """

    key: int
    section: str
    tab: str  # "B3"
    kind: str  # label, e.g. "Witness statement"
    title: str
    dated: date | None
    source: str
    page_count: int = 1  # for "pdf": the stored count, checked when merging
    author: str = ""
    exhibit_ref: str = ""
    filename: str = ""
    sha256: str = ""
    size: int | None = None
    device: str = ""
    wearer: str = ""
    started: str = ""
    ended: str = ""
    notes: str = ""
    key_moments: tuple[KeyMomentLine, ...] = ()
    vetting: tuple[VettingLine, ...] = ()


@dataclass(frozen=True)
class BundleData:
    reference: str
    force: str
    officers: tuple[str, ...]
    proceeding: str
    hearing_start: date | None
    hearing_end: date | None
    venue: str
    section_titles: dict[str, str] = field(default_factory=dict)
    items: tuple[BundleItem, ...] = ()
    marking: str = MARKING
