"""Remove and put back: what a removal deletes, captured as plain rows, and its exact inverse.

A removal captures every row it is about to delete (the object and what hangs off it: an officer's
warnings, allegations, findings, citations, seriousness, outcome and evidence links), then deletes the top
row and lets the database's ON DELETE CASCADE / SET NULL do the rest. Undo inserts the captured rows back
with **the same ids**, so every later undo/redo step that names those ids still finds them (the undo stack
never re-links). If an id was taken meanwhile (a write outside the undo stack, e.g. the command line), the
restore is refused rather than guess; an evidence item deleted meanwhile drops only its links/citations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from panelapp.domain.errors import NotFoundError, RefusedError
from panelapp.domain.people_records import RemovedRecords
from panelapp.models.schema import (
    Allegation,
    Base,
    Case,
    Citation,
    DecisionVersion,
    EvidenceItem,
    Finding,
    Officer,
    OfficerWarning,
    OutcomeDecision,
    PanelMember,
    PrivateNote,
    Seriousness,
    Vote,
    evidence_allegations,
)


def _t(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


def _rows(session: Session, table: Table, column: str, ids: Sequence[int]) -> tuple[dict[str, Any], ...]:
    if not ids:
        return ()
    query = select(table).where(table.c[column].in_(ids)).order_by(*table.primary_key.columns)
    return tuple(dict(r._mapping) for r in session.execute(query))


def _ids(rows: Iterable[dict[str, Any]], column: str = "id") -> list[int]:
    return [int(r[column]) for r in rows]


def _allegation_subtree(session: Session, allegation_ids: list[int]) -> list[tuple[str, tuple[dict[str, Any], ...]]]:
    findings = _rows(session, _t(Finding), "allegation_id", allegation_ids)
    citations = _rows(session, _t(Citation), "finding_id", _ids(findings))
    links = _rows(session, evidence_allegations, "allegation_id", allegation_ids)
    return [(_t(Finding).name, findings), (_t(Citation).name, citations), (evidence_allegations.name, links)]


def capture_officer(session: Session, officer_id: int) -> RemovedRecords:
    officers = _rows(session, _t(Officer), "id", [officer_id])
    if not officers:
        raise NotFoundError(f"no officer with id {officer_id} in this store")
    allegations = _rows(session, _t(Allegation), "officer_id", [officer_id])
    tables = [
        (_t(Officer).name, officers),
        (_t(OfficerWarning).name, _rows(session, _t(OfficerWarning), "officer_id", [officer_id])),
        (_t(Allegation).name, allegations),
        *_allegation_subtree(session, _ids(allegations)),
        (_t(Seriousness).name, _rows(session, _t(Seriousness), "officer_id", [officer_id])),
        (_t(OutcomeDecision).name, _rows(session, _t(OutcomeDecision), "officer_id", [officer_id])),
        (_t(DecisionVersion).name, _rows(session, _t(DecisionVersion), "officer_id", [officer_id])),
        *_about(session, int(officers[0]["case_id"]),
                [f"outcome:{officer_id}", *(f"allegation:{i}" for i in _ids(allegations))]),
    ]
    return RemovedRecords(int(officers[0]["case_id"]), "officer", officer_id, tuple(t for t in tables if t[1]))


def capture_warning(session: Session, warning_id: int, case_id: int) -> RemovedRecords:
    rows = _rows(session, _t(OfficerWarning), "id", [warning_id])
    if not rows:
        raise NotFoundError(f"no warning with id {warning_id} in this store")
    return RemovedRecords(case_id, "warning", warning_id, ((_t(OfficerWarning).name, rows),))


def capture_panel_member(session: Session, member_id: int) -> RemovedRecords:
    members = _rows(session, _t(PanelMember), "id", [member_id])
    if not members:
        raise NotFoundError(f"no panel member with id {member_id} in this store")
    votes = _rows(session, _t(Vote), "member_id", [member_id])
    notes = session.scalars(select(PrivateNote.id).where(PrivateNote.member_id == member_id).order_by(PrivateNote.id))
    note_ids = tuple(int(i) for i in notes)
    tables = tuple(t for t in ((_t(PanelMember).name, members), (_t(Vote).name, votes)) if t[1])
    relinks = ((_t(PrivateNote).name, "member_id", member_id, note_ids),) if note_ids else ()
    return RemovedRecords(int(members[0]["case_id"]), "panel member", member_id, tables, relinks)


def capture_allegation(session: Session, allegation_id: int, case_id: int) -> RemovedRecords:
    rows = _rows(session, _t(Allegation), "id", [allegation_id])
    if not rows:
        raise NotFoundError(f"no allegation with id {allegation_id} in this store")
    tables = ((_t(Allegation).name, rows), *_allegation_subtree(session, [allegation_id]),
              *_about(session, case_id, [f"allegation:{allegation_id}"]))
    return RemovedRecords(case_id, "allegation", allegation_id, tuple(t for t in tables if t[1]))


def _about(session: Session, case_id: int, subjects: list[str]) -> list[tuple[str, tuple[dict[str, Any], ...]]]:
    """Votes and private notes about these subjects (`allegation:<id>`, `outcome:<officer id>`): they name
    the object by id only, so they go with it (and come back with it) rather than attach to a later object
    that reuses the id."""
    found = []
    for model in (Vote, PrivateNote):
        table = _t(model)
        query = select(table).where(table.c.case_id == case_id, table.c.subject.in_(subjects)) \
            .order_by(table.c.id)
        found.append((table.name, tuple(dict(r._mapping) for r in session.execute(query))))
    return found


def delete_top(session: Session, removed: RemovedRecords) -> None:
    """Delete the captured object's top row; the database cascades to the rest (foreign_keys=ON)."""
    name, rows = removed.tables[0]
    table = Base.metadata.tables[name]
    session.execute(delete(table).where(table.c.id == removed.top_id))
    assert rows[0]["id"] == removed.top_id
    for name, captured in removed.tables[1:]:  # rows tied by a subject, not a foreign key: deleted by id
        if name in (_t(Vote).name, _t(PrivateNote).name):
            about = Base.metadata.tables[name]
            session.execute(delete(about).where(about.c.id.in_([r["id"] for r in captured])))


def _existing_evidence(session: Session, rows: Iterable[dict[str, Any]]) -> set[int]:
    wanted = {int(r["evidence_id"]) for r in rows if r["evidence_id"] is not None}
    if not wanted:
        return set()
    return set(session.scalars(select(EvidenceItem.id).where(EvidenceItem.id.in_(wanted))))


def _taken(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> bool:
    keys = list(table.primary_key.columns)
    condition = or_(*(and_(*(c == r[c.name] for c in keys)) for r in rows))
    return session.scalar(select(func.count()).select_from(table).where(condition)) != 0


def restore(session: Session, removed: RemovedRecords) -> int:
    """Insert the captured rows back, ids unchanged; returns the top object's id.

    Refused (nothing written) when the case or the parent is gone, or an id was taken meanwhile. An
    allegation whose number was taken meanwhile comes back with the officer's next free number.
    """
    if session.get(Case, removed.case_id) is None:
        raise NotFoundError(f"cannot put the {removed.what} back: its case is no longer in this store")
    for position, (name, captured) in enumerate(removed.tables):
        table = Base.metadata.tables[name]
        rows = [dict(r) for r in captured]
        if "evidence_id" in table.c:  # links and citations to items deleted meanwhile cannot come back
            present = _existing_evidence(session, rows)
            rows = [r for r in rows if r["evidence_id"] is None or int(r["evidence_id"]) in present]
        if table is _t(Vote) or table is _t(PrivateNote):  # a member removed meanwhile takes their votes along
            members = set(session.scalars(select(PanelMember.id).where(PanelMember.case_id == removed.case_id)))
            rows = [r for r in rows if r["member_id"] is None or r["member_id"] in members]
        if not rows:
            continue
        if _taken(session, table, rows):
            raise RefusedError(f"cannot put the {removed.what} back: the store changed meanwhile (a record it "
                               "needs was reused); nothing was restored")
        if position == 0:
            _check_parent(session, removed, rows[0])
            if table is _t(Allegation):
                _free_number(session, rows[0])
        session.execute(insert(table), rows)
    for name, column, value, ids in removed.relinks:
        table = Base.metadata.tables[name]
        session.execute(update(table).where(table.c.id.in_(ids), table.c[column].is_(None)).values({column: value}))
    session.flush()
    return removed.top_id


def _check_parent(session: Session, removed: RemovedRecords, row: dict[str, Any]) -> None:
    if "officer_id" in row and session.get(Officer, row["officer_id"]) is None:
        raise NotFoundError(f"cannot put the {removed.what} back: its officer is no longer in this store")


def _free_number(session: Session, row: dict[str, Any]) -> None:
    numbers = set(session.scalars(select(Allegation.number).where(Allegation.officer_id == row["officer_id"])))
    if row["number"] in numbers:
        row["number"] = max(numbers) + 1
