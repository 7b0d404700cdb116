"""EvidenceService: the bundle: sections, items, order, typed details, links to allegations, citations.

Sections are letters (A, B, C…) in letter order, as the printed bundle has them; a section may carry a
title of the case's own (`BundleSection`), else the default title shows. Items are numbered densely
within their section (B1, B2, …): every move renumbers both sections it touches. Every write records the
case's state in the audit log in the same unit of work.
"""

from __future__ import annotations

import os
import string
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from panelapp.domain import text_rules
from panelapp.domain.changes import Area, Changes
from panelapp.domain.errors import BadInputError, NotFoundError
from panelapp.domain.evidence_records import (
    DEFAULT_SECTION,
    AllegationLink,
    AnyDetails,
    BundleTree,
    DocumentDetails,
    EvidenceDetails,
    ImportOutcome,
    ItemNode,
    ItemSnapshot,
    KeyMomentRecord,
    MediaDetails,
    ProgressReporter,
    SectionNode,
    StatementDetails,
    VettingDetails,
    VettingRecord,
    hms,
)
from panelapp.domain.vocabulary import EvidenceKind
from panelapp.models.schema import (
    Allegation,
    BundleSection,
    Case,
    Citation,
    EvidenceItem,
    KeyMoment,
    Officer,
    PageNote,
    PrivateNote,
    VettingEntry,
    evidence_allegations,
)
from panelapp.reports.wording import SECTION_TITLES
from panelapp.services import bundle_rows
from panelapp.services.audit_state import record_case_state, record_untracked_state
from panelapp.services.evidence_details import to_details, write_details
from panelapp.services.evidence_import import EvidenceImportService, Placement
from panelapp.services.evidence_labels import PageCounter, Placed, placed_items, placements
from panelapp.services.service_base import AreaService, SessionFactory

LETTERS = string.ascii_uppercase
MAX_SECTION_TITLE = 200
# Columns a removed item is put back with (besides id, case, section, position and its children).
_RESTORED = ("kind", "title", "author", "dated", "exhibit_ref", "device", "wearer", "started_at", "ended_at",
             "media_sha256", "notes", "attachment_id")


def default_title(letter: str) -> str:
    return SECTION_TITLES.get(letter, "")


def _letter(value: str) -> str:
    letter = value.strip().upper()
    if len(letter) != 1 or letter not in LETTERS:
        raise BadInputError("Section", f"{value!r} is not a section letter (A to Z)", code="invalid")
    return letter


class EvidenceService(AreaService):
    """The use cases over the bundle."""

    def __init__(self, session: SessionFactory) -> None:
        super().__init__(session)
        self._imports = EvidenceImportService(session)
        self._pages = PageCounter()

    # --- reads ----------------------------------------------------------------------------------------
    def tree(self, case_id: int) -> BundleTree:
        """Sections (letter order) with their items (position order); empty default sections A–E included."""
        with self._session() as s:
            bundle = bundle_rows.load(s, case_id)
            labels = _allegation_labels(s, case_id)
            linked: dict[int, list[str]] = {}
            for evidence_id, allegation_id in s.execute(
                    select(evidence_allegations.c.evidence_id, evidence_allegations.c.allegation_id)
                    .join(EvidenceItem, EvidenceItem.id == evidence_allegations.c.evidence_id)
                    .where(EvidenceItem.case_id == case_id)):
                if allegation_id in labels:
                    linked.setdefault(evidence_id, []).append(labels[allegation_id])
            placed = placed_items(bundle.data, self._pages)
            titled = bundle.sections
            by_section: dict[str, list[ItemNode]] = {}
            for r in bundle.rows:
                by_section.setdefault(r.section, []).append(
                    _node(r, linked.get(r.id, ()), bundle.moments, bundle.vetting, placed.get(r.id)))
            letters = sorted(set(SECTION_TITLES) | set(titled) | set(by_section))
            sections = []
            for n, letter in enumerate(letters, start=1):
                title = titled.get(letter) or default_title(letter)
                sections.append(SectionNode(letter, title, n, tuple(by_section.get(letter, ())),
                                            titled=bool(titled.get(letter))))
            return BundleTree(case_id, tuple(sections))

    def details(self, item_id: int) -> EvidenceDetails:
        with self._session() as s:
            return to_details(_item(s, item_id))

    def allegation_links(self, item_id: int) -> tuple[AllegationLink, ...]:
        """The case's allegations, each marked whether this item is linked to it."""
        with self._session() as s:
            item = _item(s, item_id)
            linked = {a.id for a in item.allegations}
            labels = _allegation_labels(s, item.case_id)
            rows = s.scalars(select(Allegation).join(Officer).where(Officer.case_id == item.case_id)
                             .order_by(Officer.position, Allegation.number))
            return tuple(AllegationLink(a.id, labels[a.id], a.particulars, a.id in linked) for a in rows)

    def citation(self, item_id: int, page: int | None = None, at_seconds: int | None = None) -> str:
        """A pinpoint reference as the printed bundle shows it.

        A page is cited by its stamped section page label: `[B4]` (the item's first page) or, with
        `page` (1-based within the item), that page's label: `[B6]`. A moment in a recording is cited by
        its exhibit reference and time, which do not move when the bundle is re-ordered:
        `[BWV-2 00:03:12]`; an item without an exhibit reference by its first page label: `[C1 00:03:12]`.
        """
        with self._session() as s:
            item = _item(s, item_id)
            placed = placements(s, item.case_id, self._pages)[item.id]
            label = f"{item.section}{item.position}"
            if at_seconds is not None:
                if at_seconds < 0:
                    raise BadInputError("Time", "cannot be negative", code="invalid")
                return f"[{item.exhibit_ref or placed.first} {hms(at_seconds)}]"
            if page is None:
                return f"[{placed.first}]"
            if not 1 <= page <= placed.pages:
                raise BadInputError("Page", f"item {label} has {placed.pages} page{'s' * (placed.pages != 1)}",
                                    code="out_of_range")
            return f"[{placed.page(page)}]"

    # --- sections -------------------------------------------------------------------------------------
    def add_section(self, case_id: int, title: str = "") -> Changes:
        """A new section after the last letter in use; `value` is its letter."""
        title = _section_title(title)
        with self._session() as s:
            record_untracked_state(s)
            _case(s, case_id)
            used = set(SECTION_TITLES) | set(s.scalars(select(BundleSection.letter).where(
                BundleSection.case_id == case_id))) | set(s.scalars(select(EvidenceItem.section).where(
                    EvidenceItem.case_id == case_id)))
            after = max((LETTERS.index(u) for u in used if u in LETTERS), default=-1) + 1
            if after >= len(LETTERS):
                raise BadInputError("Section", "the bundle already has sections up to Z", code="full")
            letter = LETTERS[after]
            s.add(BundleSection(case_id=case_id, letter=letter, title=title, position=after + 1))
            s.flush()
            record_case_state(s, case_id, "evidence.section-add")
        return Changes.of(Area.EVIDENCE, case_id=case_id, value=letter)

    def remove_section(self, case_id: int, letter: str) -> Changes:
        """Forget an empty section's title (the undo of `add_section`); refused while it holds items."""
        letter = _letter(letter)
        with self._session() as s:
            record_untracked_state(s)
            _case(s, case_id)
            if s.scalar(select(func.count()).select_from(EvidenceItem).where(
                    EvidenceItem.case_id == case_id, EvidenceItem.section == letter)):
                raise BadInputError(f"Section {letter}", "still holds items; move them out first", code="not_empty")
            s.execute(delete(BundleSection).where(BundleSection.case_id == case_id, BundleSection.letter == letter))
            record_case_state(s, case_id, "evidence.section-remove")
        return Changes.of(Area.EVIDENCE, case_id=case_id, value=letter)

    def set_section_title(self, case_id: int, letter: str, title: str) -> Changes:
        """`value` is the title before (empty when the default showed)."""
        letter, title = _letter(letter), _section_title(title)
        with self._session() as s:
            record_untracked_state(s)
            _case(s, case_id)
            row = s.scalar(select(BundleSection).where(BundleSection.case_id == case_id,
                                                       BundleSection.letter == letter))
            before = row.title if row is not None else ""
            if row is None:
                s.add(BundleSection(case_id=case_id, letter=letter, title=title, position=LETTERS.index(letter) + 1))
            else:
                row.title = title
            s.flush()
            record_case_state(s, case_id, "evidence.section-title")
        return Changes.of(Area.EVIDENCE, case_id=case_id, value=before)

    # --- order ----------------------------------------------------------------------------------------
    def move_item(self, item_id: int, section: str, position: int) -> Changes:
        """Put the item at `position` (1-based, clamped) in `section`; both sections renumbered densely.

        `value` is where it was, `(section, position)`: moving it back there undoes the move.
        """
        section = _letter(section)
        with self._session() as s:
            record_untracked_state(s)
            item = _item(s, item_id)
            source = _section_items(s, item.case_id, item.section)
            before = (item.section, source.index(item) + 1)
            source.remove(item)
            target = source if section == item.section else _section_items(s, item.case_id, section)
            target.insert(min(max(position, 1), len(target) + 1) - 1, item)
            item.section = section
            for rows in (source, target):
                for n, row in enumerate(rows, start=1):
                    row.position = n
            s.flush()
            record_case_state(s, item.case_id, "evidence.move")
            return Changes.of(Area.EVIDENCE, case_id=item.case_id, value=before)

    # --- typed details --------------------------------------------------------------------------------
    def update_statement(self, item_id: int, details: StatementDetails) -> Changes:
        return self._update(item_id, details, "evidence.statement")

    def update_media(self, item_id: int, details: MediaDetails) -> Changes:
        """Device, wearer, start/end times, the recording's hash and the key moments table."""
        return self._update(item_id, details, "evidence.media")

    def update_vetting(self, item_id: int, details: VettingDetails) -> Changes:
        """The vetting history: clearances granted or refused, reviews, withdrawals, expiries, appeals."""
        return self._update(item_id, details, "evidence.vetting")

    def update_document(self, item_id: int, details: DocumentDetails) -> Changes:
        """Title, date, author, exhibit reference, note (and kind) of any item."""
        return self._update(item_id, details, "evidence.document")

    def _update(self, item_id: int, details: AnyDetails, action: str) -> Changes:
        """`value` is the item's details before, in the same shape (what an undo writes back)."""
        with self._session() as s:
            record_untracked_state(s)
            item = _item(s, item_id)
            was = to_details(item)
            before: AnyDetails = (was.media() if isinstance(details, MediaDetails)
                                  else was.vetting_details() if isinstance(details, VettingDetails)
                                  else was.statement() if isinstance(details, StatementDetails)
                                  else was.document())
            write_details(s, item, details)
            record_case_state(s, item.case_id, action)
            return Changes.of(Area.EVIDENCE, case_id=item.case_id, value=before)

    def add_typed_item(self, case_id: int, details: AnyDetails, section: str | None = None) -> Changes:
        """An item without a file (a typed statement, a BWV/CCTV reference, a vetting history) at the end of
        `section` (by default the usual one for its kind). `value` is the new item's id."""
        letter = _letter(section) if section else DEFAULT_SECTION.get(details.kind, "E")
        with self._session() as s:
            record_untracked_state(s)
            _case(s, case_id)
            position = len(_section_items(s, case_id, letter)) + 1
            item = EvidenceItem(case_id=case_id, kind=details.kind.value, title="", section=letter,
                                position=position)
            s.add(item)
            write_details(s, item, details)
            record_case_state(s, case_id, "evidence.add")
            return Changes.of(Area.EVIDENCE, case_id=case_id, value=item.id)

    def link_allegations(self, item_id: int, allegation_ids: Iterable[int]) -> Changes:
        """Link the item to exactly these allegations of its case; `value` is the ids linked before."""
        wanted = sorted(set(allegation_ids))
        with self._session() as s:
            record_untracked_state(s)
            item = _item(s, item_id)
            before = tuple(sorted(a.id for a in item.allegations))
            found = list(s.scalars(select(Allegation).join(Officer).where(
                Officer.case_id == item.case_id, Allegation.id.in_(wanted))))
            if len(found) != len(wanted):
                raise BadInputError("Allegations", "one of them is not an allegation of this case", code="invalid")
            item.allegations = found
            s.flush()
            record_case_state(s, item.case_id, "evidence.link")
            return Changes.of(Area.EVIDENCE, Area.ALLEGATIONS, case_id=item.case_id, value=before)

    # --- removing and putting back --------------------------------------------------------------------
    def remove_item(self, item_id: int) -> Changes:
        """Take an item out of the bundle; `value` is an `ItemSnapshot` that `restore_item` puts back.

        Refused while a finding cites it. Its file stays in the store (so an undo can bring it back, and a
        re-import of the same file finds it); its page notes go with it and come back with an undo.
        """
        with self._session() as s:
            record_untracked_state(s)
            item = _item(s, item_id)
            label = f"{item.section}{item.position}"
            if s.scalar(select(func.count()).select_from(Citation).where(Citation.evidence_id == item_id)):
                raise BadInputError(f"Item {label}", "a finding cites it; remove that citation first", code="cited")
            notes = tuple({"page": n.page, "text": n.text, "created_at": n.created_at, "updated_at": n.updated_at}
                          for n in s.scalars(select(PageNote).where(PageNote.evidence_id == item_id)
                                             .order_by(PageNote.id)))
            snapshot = ItemSnapshot(
                id=item.id, case_id=item.case_id, section=item.section,
                position=_section_items(s, item.case_id, item.section).index(item) + 1,
                columns={c: getattr(item, c) for c in _RESTORED},
                key_moments=tuple(KeyMomentRecord(m.at_seconds, m.note) for m in item.key_moments),
                vetting=to_details(item).vetting,
                allegation_ids=tuple(sorted(a.id for a in item.allegations)), page_notes=notes,
                private_note_ids=tuple(s.scalars(select(PrivateNote.id).where(PrivateNote.evidence_id == item_id))))
            case_id, section = item.case_id, item.section
            s.delete(item)
            s.flush()
            _renumber(_section_items(s, case_id, section))
            s.flush()
            record_case_state(s, case_id, "evidence.remove")
            return Changes.of(Area.EVIDENCE, Area.NOTES, case_id=case_id, value=snapshot)

    def restore_item(self, snapshot: ItemSnapshot) -> Changes:
        """Put a removed item back as it was: same id, place, details, links and page notes."""
        with self._session() as s:
            record_untracked_state(s)
            _case(s, snapshot.case_id)
            if s.get(EvidenceItem, snapshot.id) is not None:
                raise BadInputError("Item", "its number is in use again; it cannot be put back", code="conflict")
            rows = _section_items(s, snapshot.case_id, snapshot.section)
            item = EvidenceItem(id=snapshot.id, case_id=snapshot.case_id, section=snapshot.section, position=0,
                                **snapshot.columns)
            item.key_moments = [KeyMoment(at_seconds=m.at_seconds, note=m.note) for m in snapshot.key_moments]
            item.vetting = [_vetting_row(v) for v in snapshot.vetting]
            # Only this case's allegations: an id may have been reused by another case's since the removal.
            item.allegations = list(s.scalars(select(Allegation).join(Officer).where(
                Allegation.id.in_(snapshot.allegation_ids), Officer.case_id == snapshot.case_id)))
            s.add(item)
            rows.insert(min(max(snapshot.position, 1), len(rows) + 1) - 1, item)
            _renumber(rows)
            s.flush()
            if snapshot.page_notes:
                s.execute(insert(PageNote), [{"evidence_id": item.id, **n} for n in snapshot.page_notes])
            if snapshot.private_note_ids:
                s.execute(update(PrivateNote).where(PrivateNote.id.in_(snapshot.private_note_ids),
                                                    PrivateNote.evidence_id.is_(None)).values(evidence_id=item.id))
            record_case_state(s, snapshot.case_id, "evidence.restore")
            return Changes.of(Area.EVIDENCE, Area.NOTES, case_id=snapshot.case_id, value=item.id)

    # --- import ---------------------------------------------------------------------------------------
    def import_files(self, case_id: int, paths: Sequence[str | os.PathLike[str]], section: str | None = None,
                     *, reference_only: bool = False, progress: ProgressReporter | None = None) -> Changes:
        """Import files through the importer (hashed on the way in, bounded parsers, one unit of work per
        file) into `section` (by default E, "Other documents"). Reports each file to `progress` and stops
        between files when it says so. `value` is an `ImportOutcome` with a result per file tried."""
        letter = _letter(section) if section else "E"
        with self._session() as s:
            reference = _case(s, case_id).reference
        outcome: ImportOutcome = self._imports.import_batch(
            reference, paths, Placement(section=letter, reference_only=reference_only), progress)
        return Changes.of(Area.EVIDENCE, case_id=case_id, value=outcome)


# --- helpers ------------------------------------------------------------------------------------------
def _case(s: Session, case_id: int) -> Case:
    case = s.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"no case number {case_id} in this store")
    return case


def _item(s: Session, item_id: int) -> EvidenceItem:
    item = s.get(EvidenceItem, item_id)
    if item is None:
        raise NotFoundError(f"no evidence item number {item_id} in this store (it may have been removed)")
    return item


def _section_items(s: Session, case_id: int, letter: str) -> list[EvidenceItem]:
    return list(s.scalars(select(EvidenceItem).where(EvidenceItem.case_id == case_id, EvidenceItem.section == letter)
                          .order_by(EvidenceItem.position, EvidenceItem.id)))


def _renumber(rows: list[EvidenceItem]) -> None:
    for n, row in enumerate(rows, start=1):
        row.position = n


def _section_title(title: str) -> str:
    return text_rules.one_line("Section title", title, MAX_SECTION_TITLE)


def _vetting_row(v: VettingRecord) -> VettingEntry:
    return VettingEntry(level=v.level.value, decision=v.decision.value, decided_on=v.decided_on,
                        review_due_on=v.review_due_on, reviewer=v.reviewer, notes=v.notes)


def _allegation_labels(s: Session, case_id: int) -> dict[int, str]:
    rows = s.execute(select(Allegation.id, Allegation.number, Officer.position).join(Officer)
                     .where(Officer.case_id == case_id)).all()
    several = len({r.position for r in rows}) > 1
    return {r.id: f"{r.position}.{r.number}" if several else str(r.number) for r in rows}


def _node(r: Any, allegations: Iterable[str], moments: dict[int, int], vetting: dict[int, int],
          placed: Placed | None) -> ItemNode:
    """An item's row from `bundle_rows` (its columns and its attachment's) as a node of the bundle tree."""
    attached = r.attachment_id is not None
    kind = EvidenceKind(r.kind) if r.kind in EvidenceKind._value2member_map_ else EvidenceKind.OTHER
    return ItemNode(
        id=r.id, section=r.section, position=r.position, kind=kind, title=r.title, dated=r.dated, author=r.author,
        exhibit_ref=r.exhibit_ref, pages=r.page_count if attached else None,
        has_file=bool(attached and r.bytes_present and not r.reference_only),
        reference_only=bool(attached and r.reference_only),
        allegations=tuple(sorted(allegations, key=lambda t: tuple(int(p) for p in t.split(".")))),
        key_moments=moments.get(r.id, 0), vetting_entries=vetting.get(r.id, 0),
        bundle_pages=placed.range if placed is not None else "")
