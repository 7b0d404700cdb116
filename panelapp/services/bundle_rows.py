"""A case's bundle as plain rows: the tabs the printed bundle has, read with a handful of queries.

The printed bundle (`documents`) builds its tabs from the ORM case it loads anyway; the bundle tree and
the page labels it shows (`evidence_labels`) need the same tabs for every item of a case on every refresh,
where building ORM objects cost ten times the queries (2,100 items: 225 ms, twice over). Both build a tab
with `bundle_item`, from ORM objects or from rows with the same column names, so they cannot drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from panelapp.domain.errors import NotFoundError
from panelapp.domain.vocabulary import EvidenceKind, Proceeding, VettingDecision
from panelapp.models.schema import Attachment, BundleSection, Case, EvidenceItem, KeyMoment, Officer, VettingEntry
from panelapp.reports.data import BundleData, BundleItem, KeyMomentLine, VettingLine
from panelapp.reports.wording import SECTION_TITLES, clock, hms

E, A = EvidenceItem, Attachment
# An item's columns and its attachment's, in bundle order (none of the names clash, so a row reads as both).
_ITEMS = select(
    E.id, E.section, E.position, E.kind, E.title, E.dated, E.author, E.exhibit_ref, E.notes, E.media_sha256,
    E.device, E.wearer, E.started_at, E.ended_at, E.attachment_id, A.filename, A.sha256, A.size, A.page_count,
    A.bytes_present, A.reference_only, A.media_type,
).outerjoin(A, E.attachment_id == A.id)
_MOMENTS = select(KeyMoment.evidence_id, KeyMoment.at_seconds, KeyMoment.note).join(E)
_VETTING = select(VettingEntry.evidence_id, VettingEntry.level, VettingEntry.decision, VettingEntry.decided_on,
                  VettingEntry.review_due_on, VettingEntry.reviewer, VettingEntry.notes).join(E)


def bundle_item(e: Any, a: Any, moments: Iterable[Any], vetting: Iterable[Any]) -> BundleItem:
    """An evidence item `e` as a bundle tab: its stored PDF or image, or a typed page, or a placeholder.

    `a` is its attachment (None without one); `moments` and `vetting` its key moments and vetting entries in
    their order. Each is an ORM object or a row with the same column names.
    """
    kind = EvidenceKind(e.kind).label if e.kind in EvidenceKind._value2member_map_ else e.kind
    fields: dict[str, Any] = {
        "key": e.id, "section": e.section, "tab": f"{e.section}{e.position}", "kind": kind, "title": e.title,
        "dated": e.dated, "author": e.author, "exhibit_ref": e.exhibit_ref, "notes": e.notes,
        "sha256": e.media_sha256, "device": e.device, "wearer": e.wearer, "started": clock(e.started_at),
        "ended": clock(e.ended_at),
        "key_moments": tuple(KeyMomentLine(hms(m.at_seconds), m.note) for m in moments),
        "vetting": tuple(VettingLine(v.level, VettingDecision(v.decision).label if v.decision in
                                     VettingDecision._value2member_map_ else v.decision,
                                     v.decided_on, v.review_due_on, v.reviewer, v.notes) for v in vetting),
    }
    if a is None:
        return BundleItem(**fields, source="typed")
    fields.update(filename=a.filename, sha256=a.sha256, size=a.size, page_count=a.page_count or 1)
    stored = a.bytes_present and not a.reference_only
    if stored and a.media_type == "application/pdf" and a.page_count:
        source = "pdf"
    elif stored and a.media_type.startswith("image/"):
        source = "image"
    elif fields["key_moments"] or fields["vetting"] or e.device:
        source = "typed"  # e.g. a BWV file kept by reference: its details and key moments are the pages
    else:
        source = "placeholder"
    return BundleItem(**fields, source=source)


def bundle_data(case: Any, officers: Iterable[Any], sections: Iterable[Any], items: Iterable[BundleItem]
                ) -> BundleData:
    """The bundle of `case` with its officers and sections (letter and title, in order), each an ORM object or
    a row with the same column names, and its tabs."""
    return BundleData(
        reference=case.reference, force=case.force,
        officers=tuple(f"{o.rank} {o.name}".strip() for o in officers),
        proceeding=Proceeding(case.proceeding).label, hearing_start=case.hearing_start,
        hearing_end=case.hearing_end, venue=case.venue,
        section_titles={**SECTION_TITLES, **{t.letter: t.title for t in sections if t.title}},
        items=tuple(items),
    )


@dataclass(frozen=True)
class BundleRows:
    """A case's bundle: `data` as the printed bundle has it, and each item's row (`rows`, in the same order),
    with the number of key moments and vetting entries of each item (by id), and every section the case has
    a row for (letter: title, which may be empty)."""

    data: BundleData
    rows: tuple[Any, ...]  # Row objects
    moments: dict[int, int]
    vetting: dict[int, int]
    sections: dict[str, str]


def load(session: Session, case_id: int) -> BundleRows:
    """The case's bundle read as rows (`NotFoundError` if there is no such case)."""
    case = session.execute(select(Case.reference, Case.force, Case.proceeding, Case.hearing_start,
                                  Case.hearing_end, Case.venue).where(Case.id == case_id)).one_or_none()
    if case is None:
        raise NotFoundError(f"no case number {case_id} in this store")
    officers = session.execute(select(Officer.rank, Officer.name).where(Officer.case_id == case_id)
                               .order_by(Officer.position, Officer.id))
    sections = session.execute(select(BundleSection.letter, BundleSection.title)
                               .where(BundleSection.case_id == case_id)
                               .order_by(BundleSection.position, BundleSection.letter)).all()
    rows = tuple(session.execute(_ITEMS.where(E.case_id == case_id).order_by(E.section, E.position, E.id)))
    moments: defaultdict[int, list[Any]] = defaultdict(list)
    for m in session.execute(_MOMENTS.where(E.case_id == case_id)
                             .order_by(KeyMoment.evidence_id, KeyMoment.at_seconds, KeyMoment.id)):
        moments[m.evidence_id].append(m)
    vetting: defaultdict[int, list[Any]] = defaultdict(list)
    for v in session.execute(_VETTING.where(E.case_id == case_id)
                             .order_by(VettingEntry.evidence_id, VettingEntry.decided_on, VettingEntry.id)):
        vetting[v.evidence_id].append(v)
    items = (bundle_item(r, r if r.attachment_id is not None else None, moments[r.id], vetting[r.id]) for r in rows)
    return BundleRows(bundle_data(case, officers, sections, items), rows, {k: len(v) for k, v in moments.items()},
                      {k: len(v) for k, v in vetting.items()}, {t.letter: t.title or "" for t in sections})
