"""NoteService: private notes per item page (never exported, never printed)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelapp.domain.changes import Area, Changes
from panelapp.domain.errors import BadInputError, NotFoundError
from panelapp.domain.reading_records import PageNote
from panelapp.domain.text_rules import lf_line_ends, text_problem
from panelapp.models.schema import Attachment, EvidenceItem
from panelapp.models.schema import PageNote as PageNoteRow
from panelapp.services.audit_state import record_case_state, record_untracked_state
from panelapp.services.service_base import AreaService

MAX_NOTE_CHARS = 100_000


def to_domain(row: PageNoteRow) -> PageNote:
    return PageNote(evidence_id=row.evidence_id, page=row.page, text=row.text)


def _item(session: Session, evidence_id: int) -> tuple[int, int]:
    """The item's case id and how many pages it has (1 for items without pages)."""
    row = session.execute(select(EvidenceItem.case_id, Attachment.page_count)
                          .outerjoin(Attachment, Attachment.id == EvidenceItem.attachment_id)
                          .where(EvidenceItem.id == evidence_id)).first()
    if row is None:
        raise NotFoundError(f"item {evidence_id} is not in this store (deleted?)")
    return row[0], max(1, row[1] or 1)


class NoteService(AreaService):
    """The use cases over private notes per item page (never exported, never printed)."""

    def notes(self, evidence_id: int) -> tuple[PageNote, ...]:
        """The item's page notes, by page."""
        with self._session() as s:
            rows = s.scalars(select(PageNoteRow).where(PageNoteRow.evidence_id == evidence_id)
                             .order_by(PageNoteRow.page, PageNoteRow.id))
            by_page: dict[int, PageNote] = {}
            for row in rows:
                by_page.setdefault(row.page, to_domain(row))
            return tuple(by_page.values())

    def set_note(self, evidence_id: int, page: int, text: str) -> Changes:
        """Set the note on one page (0-based) of an item; empty text removes it. Audited as the case's state.

        `Changes.value` is the note as stored, or None when removed.
        """
        if len(text) > MAX_NOTE_CHARS:
            raise BadInputError("note", f"too long ({len(text):,} characters; the limit is {MAX_NOTE_CHARS:,})",
                                code="too_long")
        text = lf_line_ends(text)
        problem = text_problem(text, one_line=False)
        if problem is not None:
            raise BadInputError("note", problem[1], code=problem[0])
        kept = text if text.strip() else ""
        with self._session() as s:
            case_id, pages = _item(s, evidence_id)
            if not 0 <= page < pages:
                raise BadInputError("page", f"{page + 1} is not a page of this item (it has {pages})",
                                    code="out_of_range")
            rows = list(s.scalars(select(PageNoteRow).where(PageNoteRow.evidence_id == evidence_id,
                                                            PageNoteRow.page == page).order_by(PageNoteRow.id)))
            current = rows[0].text if rows else ""
            if current == kept and len(rows) <= 1:
                return Changes.of(Area.NOTES, case_id=case_id, value=to_domain(rows[0]) if rows else None)
            record_untracked_state(s)
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            for extra in rows[1:]:  # the schema allows several rows per page; this service keeps one
                s.delete(extra)
            note: PageNote | None = None
            if not kept:
                if rows:
                    s.delete(rows[0])
                s.flush()
                record_case_state(s, case_id, "notes.clear")
            else:
                if rows:
                    row = rows[0]
                    row.text, row.updated_at = kept, now
                else:
                    row = PageNoteRow(evidence_id=evidence_id, page=page, text=kept, created_at=now, updated_at=now)
                    s.add(row)
                s.flush()
                note = to_domain(row)
                record_case_state(s, case_id, "notes.set")
            return Changes.of(Area.NOTES, case_id=case_id, value=note)
