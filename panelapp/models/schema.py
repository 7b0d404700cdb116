"""Typed declarative models of the case file. Table names are constants; enum values are stored as text.

Blobs live in their own table (`attachment_chunks`), apart from metadata, so listing and scanning never
decrypt file bytes.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

STORE_META = "store_meta"
CASES = "cases"
OFFICERS = "officers"
WARNINGS = "officer_warnings"
PANEL_MEMBERS = "panel_members"
ALLEGATIONS = "allegations"
EVIDENCE = "evidence_items"
KEY_MOMENTS = "key_moments"
VETTING = "vetting_entries"
EVIDENCE_ALLEGATIONS = "evidence_allegations"
ATTACHMENTS = "attachments"
CHUNKS = "attachment_chunks"
FINDINGS = "findings"
CITATIONS = "citations"
SERIOUSNESS = "seriousness"
OUTCOMES = "outcomes"
PRIVATE_NOTES = "private_notes"
VOTES = "votes"
LQP_ADVICE = "lqp_advice"
RULE_SET_OVERRIDES = "rule_set_overrides"
BUNDLE_SECTIONS = "bundle_sections"
PAGE_NOTES = "page_notes"
DECISION_VERSIONS = "decision_versions"
AUDIT_LOG = "audit_log"
FTS_TABLE = "attachment_text"  # FTS5 index (migrations 0002, 0007, 0009: prefix index), not a mapped table
# Schema 0007: the index keeps no copy of the text. Each attachment's extracted text is kept once, compressed,
# in FTS_TEXTS (id = attachments.id; not mapped, like the index); the index reads it through the view
# FTS_SOURCE (external content), which inflates it with the SQL function TEXT_FUNCTION that every connection
# registers (models/store.py).
FTS_TEXTS = "attachment_texts"
FTS_SOURCE = "attachment_text_source"
TEXT_FUNCTION = "panelapp_text"
MAX_TEXT_BYTES = 4 * 5_000_000 + 4  # UTF-8 of the longest text kept (evidence_import.MAX_TEXT_CHARS)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[int]: JSON}


# The highest evidence number a decision version cites, whatever shape its content has (content panelapp did
# not write is skipped, and only a whole number a store could have reached counts).
_CITATION = "CASE WHEN c.type = 'object' THEN c.value ELSE '{}' END"
HIGHEST_CITED_EVIDENCE = f"""
SELECT max(json_extract({_CITATION}, '$.evidence_id'))
FROM decision_versions AS v,
     json_each(CASE WHEN json_valid(v.content) AND json_type(v.content, '$.findings') = 'array'
               THEN v.content ELSE '{{}}' END, '$.findings') AS f,
     json_each(CASE WHEN f.type = 'object' AND json_type(f.value, '$.citations') = 'array'
               THEN f.value ELSE '{{}}' END, '$.citations') AS c
WHERE json_type({_CITATION}, '$.evidence_id') = 'integer'
  AND json_extract({_CITATION}, '$.evidence_id') BETWEEN 1 AND 2147483647
"""


def _fk(target: str) -> ForeignKey:
    return ForeignKey(target, ondelete="CASCADE")


class StoreMeta(Base):
    __tablename__ = STORE_META
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Case(Base):
    __tablename__ = CASES
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    force: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    regime: Mapped[str] = mapped_column(String(8))
    proceeding: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), default="preparing")
    hearing_start: Mapped[date | None] = mapped_column(Date)
    hearing_end: Mapped[date | None] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    anonymity_order: Mapped[bool] = mapped_column(Boolean, default=False)
    pseudonym: Mapped[str | None] = mapped_column(String(100))
    iopc_involvement: Mapped[str] = mapped_column(String(32), default="none")
    severity_assessed_on: Mapped[date | None] = mapped_column(Date)
    reg30_notice_on: Mapped[date | None] = mapped_column(Date)
    # Schema 0003 (issue #7 item 2): what decides which rules apply, and how each notice was served.
    reg51_notice_on: Mapped[date | None] = mapped_column(Date)
    iopc_direction: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # s.13B / s.28A
    reg30_notice_method: Mapped[str | None] = mapped_column(String(16))  # ServiceMethod
    reg51_notice_method: Mapped[str | None] = mapped_column(String(16))
    reg30_deemed_served_on: Mapped[date | None] = mapped_column(Date)
    reg51_deemed_served_on: Mapped[date | None] = mapped_column(Date)
    chair_specified_on: Mapped[date | None] = mapped_column(Date)
    officer_response_on: Mapped[date | None] = mapped_column(Date)
    documents_to_chair_on: Mapped[date | None] = mapped_column(Date)
    outcome_notified_on: Mapped[date | None] = mapped_column(Date)
    presenting: Mapped[str] = mapped_column(Text, default="")
    # Schema 0012: the people the published notice must not name, one per line (case_records.not_named_entries).
    not_named_in_public: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    officers: Mapped[list[Officer]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Officer.position")
    panel: Mapped[list[PanelMember]] = relationship(
        cascade="all, delete-orphan", order_by="PanelMember.position")
    evidence: Mapped[list[EvidenceItem]] = relationship(
        back_populates="case", cascade="all, delete-orphan",
        order_by="(EvidenceItem.section, EvidenceItem.position)")
    lqp_advice: Mapped[list[LqpAdvice]] = relationship(cascade="all, delete-orphan", order_by="LqpAdvice.id")
    notes: Mapped[list[PrivateNote]] = relationship(cascade="all, delete-orphan")
    votes: Mapped[list[Vote]] = relationship(cascade="all, delete-orphan")
    rule_set_overrides: Mapped[list[RuleSetOverrideRow]] = relationship(
        cascade="all, delete-orphan", order_by="RuleSetOverrideRow.question")
    sections: Mapped[list[BundleSection]] = relationship(
        cascade="all, delete-orphan", order_by="(BundleSection.position, BundleSection.letter)")


class Officer(Base):
    __tablename__ = OFFICERS
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk(f"{CASES}.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(200))
    rank: Mapped[str] = mapped_column(String(100))
    warrant_number: Mapped[str] = mapped_column(String(50), default="")
    unit: Mapped[str] = mapped_column(String(200), default="")
    service_start: Mapped[date | None] = mapped_column(Date)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    former_officer: Mapped[bool] = mapped_column(Boolean, default=False)
    ever_reduced_in_rank: Mapped[bool] = mapped_column(Boolean, default=False)
    reduction_in_rank_note: Mapped[str] = mapped_column(Text, default="")
    representative: Mapped[str] = mapped_column(Text, default="")
    officer_category: Mapped[str] = mapped_column(String(32), default="other", server_default="other")

    case: Mapped[Case] = relationship(back_populates="officers")
    warnings: Mapped[list[OfficerWarning]] = relationship(
        cascade="all, delete-orphan", order_by="OfficerWarning.given_on")
    allegations: Mapped[list[Allegation]] = relationship(
        back_populates="officer", cascade="all, delete-orphan", order_by="Allegation.number")
    seriousness: Mapped[Seriousness | None] = relationship(cascade="all, delete-orphan")
    outcome: Mapped[OutcomeDecision | None] = relationship(cascade="all, delete-orphan")
    decision_versions: Mapped[list[DecisionVersion]] = relationship(
        cascade="all, delete-orphan", order_by="DecisionVersion.number")


class OfficerWarning(Base):
    __tablename__ = WARNINGS
    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(_fk(f"{OFFICERS}.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    given_on: Mapped[date] = mapped_column(Date)
    period_months: Mapped[int | None] = mapped_column(Integer)
    career_break_days: Mapped[int] = mapped_column(Integer, default=0)


class PanelMember(Base):
    __tablename__ = PANEL_MEMBERS
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk(f"{CASES}.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))


evidence_allegations = Table(
    EVIDENCE_ALLEGATIONS,
    Base.metadata,
    Column("evidence_id", ForeignKey(f"{EVIDENCE}.id", ondelete="CASCADE"), primary_key=True),
    Column("allegation_id", ForeignKey(f"{ALLEGATIONS}.id", ondelete="CASCADE"), primary_key=True),
)


class Allegation(Base):
    __tablename__ = ALLEGATIONS
    __table_args__ = (UniqueConstraint("officer_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(_fk(f"{OFFICERS}.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    particulars: Mapped[str] = mapped_column(Text)
    standards: Mapped[list[int]] = mapped_column(default=list)
    alleged_level: Mapped[str] = mapped_column(String(40))
    came_to_attention_on: Mapped[date | None] = mapped_column(Date)
    # The date of an earlier related allegation still handled under the old rules (SI 2025/558 reg 64(1)(b)).
    related_to_earlier_on: Mapped[date | None] = mapped_column(Date)
    incident: Mapped[str | None] = mapped_column(String(100))  # the panel's grouping label (reg 42(6))

    officer: Mapped[Officer] = relationship(back_populates="allegations")
    finding: Mapped[Finding | None] = relationship(cascade="all, delete-orphan")


class Attachment(Base):
    """Original file: bytes in `attachment_chunks` (unless kept as a reference only), hashed on the way in."""

    __tablename__ = ATTACHMENTS
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(100))
    reference_only: Mapped[bool] = mapped_column(Boolean, default=False)
    bytes_present: Mapped[bool] = mapped_column(Boolean, default=True)
    page_count: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)


def pack_text(text: str) -> bytes:
    """Extracted text as kept in FTS_TEXTS: UTF-8, zlib-compressed."""
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_text(packed: bytes | None) -> str | None:
    """The text back (TEXT_FUNCTION); inflating stops past the longest text ever kept."""
    if packed is None:
        return None
    inflater = zlib.decompressobj()
    data = inflater.decompress(packed, MAX_TEXT_BYTES)
    if inflater.unconsumed_tail:
        raise ValueError("kept text longer than any text the store keeps")
    return data.decode("utf-8")


class AttachmentChunk(Base):
    __tablename__ = CHUNKS
    attachment_id: Mapped[int] = mapped_column(_fk(f"{ATTACHMENTS}.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class EvidenceItem(Base):
    __tablename__ = EVIDENCE
    # A removed item's number is never given to another (schema 0011): a decision version cites items by id.
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk(f"{CASES}.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text, default="")
    dated: Mapped[date | None] = mapped_column(Date)
    exhibit_ref: Mapped[str] = mapped_column(String(64), default="")
    section: Mapped[str] = mapped_column(String(8), default="A")
    position: Mapped[int] = mapped_column(Integer, default=1)
    device: Mapped[str] = mapped_column(String(200), default="")
    wearer: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    media_sha256: Mapped[str] = mapped_column(String(64), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey(f"{ATTACHMENTS}.id"), index=True)

    case: Mapped[Case] = relationship(back_populates="evidence")
    attachment: Mapped[Attachment | None] = relationship()
    key_moments: Mapped[list[KeyMoment]] = relationship(
        cascade="all, delete-orphan", order_by="(KeyMoment.at_seconds, KeyMoment.id)")
    vetting: Mapped[list[VettingEntry]] = relationship(
        cascade="all, delete-orphan", order_by="(VettingEntry.decided_on, VettingEntry.id)")
    allegations: Mapped[list[Allegation]] = relationship(secondary=evidence_allegations)


class KeyMoment(Base):
    __tablename__ = KEY_MOMENTS
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(_fk(f"{EVIDENCE}.id"), index=True)
    at_seconds: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)


class VettingEntry(Base):
    __tablename__ = VETTING
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(_fk(f"{EVIDENCE}.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    decision: Mapped[str] = mapped_column(String(32))
    decided_on: Mapped[date] = mapped_column(Date)
    review_due_on: Mapped[date | None] = mapped_column(Date)
    reviewer: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Finding(Base):
    __tablename__ = FINDINGS
    id: Mapped[int] = mapped_column(primary_key=True)
    allegation_id: Mapped[int] = mapped_column(_fk(f"{ALLEGATIONS}.id"), unique=True)
    facts: Mapped[str] = mapped_column(String(32))
    standards_breached: Mapped[list[int]] = mapped_column(default=list)
    level: Mapped[str] = mapped_column(String(40))
    reasons: Mapped[str] = mapped_column(Text, default="")
    facts_reasons: Mapped[str] = mapped_column(Text, default="", server_default="")
    breach_reasons: Mapped[str] = mapped_column(Text, default="", server_default="")
    citations: Mapped[list[Citation]] = relationship(cascade="all, delete-orphan", order_by="Citation.id")


class Citation(Base):
    """A pinpoint reference to evidence: the item plus a page within it or a media timestamp.

    Stored against the item, not a bundle page, so it survives re-ordering of the bundle.
    """

    __tablename__ = CITATIONS
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(_fk(f"{FINDINGS}.id"), index=True)
    evidence_id: Mapped[int] = mapped_column(_fk(f"{EVIDENCE}.id"), index=True)
    page: Mapped[int | None] = mapped_column(Integer)
    at_seconds: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    evidence: Mapped[EvidenceItem] = relationship()


class Seriousness(Base):
    __tablename__ = SERIOUSNESS
    officer_id: Mapped[int] = mapped_column(_fk(f"{OFFICERS}.id"), primary_key=True)
    culpability: Mapped[str] = mapped_column(Text, default="")
    harm: Mapped[str] = mapped_column(Text, default="")
    aggravating: Mapped[str] = mapped_column(Text, default="")
    mitigating: Mapped[str] = mapped_column(Text, default="")
    personal_mitigation: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[str] = mapped_column(Text, default="")


class OutcomeDecision(Base):
    __tablename__ = OUTCOMES
    officer_id: Mapped[int] = mapped_column(_fk(f"{OFFICERS}.id"), primary_key=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    reasons: Mapped[str] = mapped_column(Text, default="")
    why_not: Mapped[dict[str, Any]] = mapped_column(default=dict)
    warning_months: Mapped[int | None] = mapped_column(Integer)
    unconnected_incidents: Mapped[bool] = mapped_column(Boolean, default=False)
    exceptional_circumstances: Mapped[str] = mapped_column(Text, default="")
    barred_list_noted: Mapped[bool] = mapped_column(Boolean, default=False)
    local_policing_body_copy_noted: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_on: Mapped[date | None] = mapped_column(Date)
    gm_not_dismissed_reasons: Mapped[str] = mapped_column(Text, default="", server_default="")
    aa_views_on_reduction: Mapped[str] = mapped_column(Text, default="", server_default="")


class PrivateNote(Base):
    """A panel member's private note. Never exported, never printed."""

    __tablename__ = PRIVATE_NOTES
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk(f"{CASES}.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey(f"{PANEL_MEMBERS}.id", ondelete="SET NULL"))
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey(f"{EVIDENCE}.id", ondelete="SET NULL"))
    # "" (the case as a whole), `allegation:<id>` or `outcome:<officer id>`, as a vote's subject (schema 0006).
    subject: Mapped[str] = mapped_column(String(100), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Vote(Base):
    """How a member voted on a finding or outcome. Never exported, never printed."""

    __tablename__ = VOTES
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk(f"{CASES}.id"), index=True)
    member_id: Mapped[int] = mapped_column(_fk(f"{PANEL_MEMBERS}.id"))
    subject: Mapped[str] = mapped_column(String(100))
    choice: Mapped[str] = mapped_column(String(100))


class LqpAdvice(Base):
    __tablename__ = LQP_ADVICE
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk(f"{CASES}.id"), index=True)
    given_on: Mapped[date | None] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(200), default="")
    advice: Mapped[str] = mapped_column(Text)
    followed: Mapped[bool | None] = mapped_column(Boolean)
    reasons_if_not: Mapped[str] = mapped_column(Text, default="")


class RuleSetOverrideRow(Base):
    """A recorded decision to apply a rule set to one question of a case, whatever the dates say.

    One per question; the reason is required (the database refuses a blank one).
    """

    __tablename__ = RULE_SET_OVERRIDES
    __table_args__ = (
        UniqueConstraint("case_id", "question"),
        CheckConstraint("length(trim(reason, ' ' || char(9, 10, 13))) > 0", name="reason_given"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk(f"{CASES}.id"), index=True)
    question: Mapped[str] = mapped_column(String(32))  # RuleQuestion
    rule_set: Mapped[str] = mapped_column(String(8))  # Regime
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class BundleSection(Base):
    """A titled section of a case's bundle (schema 0004). Items name their section by `letter`; a letter
    with no row here is shown under a default title."""

    __tablename__ = BUNDLE_SECTIONS
    __table_args__ = (UniqueConstraint("case_id", "letter"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(_fk(f"{CASES}.id"), index=True)
    letter: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=1)


class PageNote(Base):
    """A private reading note on one page of an item (schema 0004). Never exported, never printed."""

    __tablename__ = PAGE_NOTES
    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(_fk(f"{EVIDENCE}.id"), index=True)
    page: Mapped[int] = mapped_column(Integer, default=0)  # 0-based page within the item
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class DecisionVersion(Base):
    """A numbered version of one officer's decision (schema 0005): a snapshot of its findings, seriousness
    and outcome (deliberation never included). The latest version's status says whether the decision is
    final (read-only until reopened) or a draft. Marking final without a passed readiness check needs an
    override reason."""

    __tablename__ = DECISION_VERSIONS
    __table_args__ = (UniqueConstraint("officer_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(_fk(f"{OFFICERS}.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # "draft" | "final"
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the canonical content
    override_reason: Mapped[str] = mapped_column(Text, default="")  # final despite blocking problems: why
    note: Mapped[str] = mapped_column(Text, default="")  # e.g. why it was reopened
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """Append-only, hash-chained; triggers refuse UPDATE and DELETE. Holds ids and hashes, never content."""

    __tablename__ = AUDIT_LOG
    # One object's entries, newest first, without reading the whole log (schema 0008).
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id", "seq"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at_utc: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)
