"""What the reader loads for one item on the database thread, and how a typed item's details read.

`load_item` reads an item's details, its private page notes, the label stamped on its first page in the
printed bundle and (for a PDF or an image) its bytes, in one call on the database thread.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from panelapp.domain.errors import KnownError
from panelapp.domain.reading_records import PageNote, ReadingItem

if TYPE_CHECKING:  # the services load on the database thread when a store opens
    from panelapp.services.panel_services import PanelServices


@dataclass(frozen=True)
class LoadedItem:
    """What one read on the database thread brings back: details, notes and (for a file) its bytes."""

    item: ReadingItem
    notes: tuple[PageNote, ...]
    data: bytes | None = None
    refused: str | None = None  # why the file's bytes cannot be shown (one line)
    first_stamp: str | None = None  # the label stamped on the item's first page in the printed bundle ("B4")


def load_item(evidence_id: int, with_bytes: bool) -> Callable[[PanelServices], LoadedItem]:
    def op(services: PanelServices) -> LoadedItem:
        item = services.reading.item(evidence_id)
        notes = services.notes.notes(evidence_id)
        try:
            first: str | None = services.evidence.citation(evidence_id).strip("[]")
        except KnownError:
            first = None
        if not (with_bytes and item.has_file and (item.is_pdf or item.is_image)):
            return LoadedItem(item, notes, first_stamp=first)
        try:
            return LoadedItem(item, notes, services.reading.bytes_of(evidence_id), first_stamp=first)
        except KnownError as exc:
            return LoadedItem(item, notes, None, str(exc), first_stamp=first)
    return op


def page_stamp(first: str | None, page: int) -> str | None:
    """The bundle label stamped on `page` (0-based) of an item whose first page is stamped `first`: pages
    are numbered within the section, so "B4" → page 2 is "B6" (as `reports.bundle` stamps them)."""
    found = re.fullmatch(r"([A-Za-z]+)(\d+)", first or "")
    return f"{found.group(1)}{int(found.group(2)) + page}" if found else None


def details_html(item: ReadingItem, problem: str | None = None) -> str:
    e = html.escape
    parts = [f"<p>{e(item.kind.label)} · {e(item.case_reference)}</p>"]
    if problem:
        parts.append(f"<p><b>The file cannot be shown:</b> {e(problem)}</p>")
    elif item.has_file and not (item.is_pdf or item.is_image):
        parts.append(f"<p>No preview for this kind of file ({e(item.media_type or '')}): "
                     f"{e(item.filename or '')}<br>SHA-256 <code>{e(item.sha256 or '')}</code></p>")
    elif item.media_type is not None and not item.has_file:
        parts.append(f"<p><b>Reference only.</b> The file is not kept in the store: {e(item.filename or '')}"
                     f"<br>SHA-256 <code>{e(item.sha256 or '')}</code></p>")
    elif item.media_type is None and item.sha256:
        parts.append("<p><b>Reference only.</b> The recording is held outside the store; its SHA-256 is "
                     "recorded below.</p>")
    if item.details:
        rows = "".join(f"<tr><td><b>{e(d.label)}</b>&nbsp;&nbsp;</td><td>{e(d.value)}</td></tr>"
                       for d in item.details)
        parts.append(f"<table cellspacing='4'>{rows}</table>")
    return "".join(parts)
