"""SearchService: full-text search across the store (the FTS5 index), with snippets.

The index holds each attached file's extracted text, pages separated by "\\n\\f" (`evidence_import`).
What the user types is never handed to FTS5's query syntax: every word becomes a quoted string, so `"`,
`AND(` or `NEAR` are searched for as words, not parsed as operators. A phrase in double quotes stays a
phrase, a trailing `*` asks for a prefix, and `OR` between two words means either.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from panelapp.domain.errors import BadInputError
from panelapp.domain.reading_records import SearchHit, SnippetPart
from panelapp.models.schema import CASES, EVIDENCE, FTS_TABLE
from panelapp.services.service_base import AreaService

MAX_QUERY_CHARS = 500
MAX_TERMS = 20
PAGES_PER_ITEM = 10  # hits shown per item: its first pages with a match
_OPEN, _CLOSE = "\x02", "\x03"  # match markers from FTS5's highlight(); control characters no PDF text keeps
_PAGE_BREAK = "\f"
_BEFORE, _AFTER = 40, 160  # snippet length around the first match on a page, in characters
_MARKED = re.compile(f"({_OPEN}[^{_OPEN}{_CLOSE}]*{_CLOSE})")
_TOKEN = re.compile(r'"([^"]*)"(\*?)|(\S+)')

# Ranked items first (no text read), then each item's text with its matches marked, one at a time: the
# marked text of a long document can run to megabytes, and a sort over every match would hold them all.
_RANKED = f"""
SELECT e.id, e.case_id, c.reference, e.section, e.position, e.title, {FTS_TABLE}.rowid
FROM {FTS_TABLE}
JOIN {EVIDENCE} AS e ON e.attachment_id = {FTS_TABLE}.rowid
JOIN {CASES} AS c ON c.id = e.case_id
WHERE {FTS_TABLE} MATCH :query {{case_filter}}
ORDER BY bm25({FTS_TABLE}), c.reference, e.section, e.position
LIMIT :limit
"""
_MARKED_TEXT = text(f"SELECT highlight({FTS_TABLE}, 0, :open, :close) FROM {FTS_TABLE} "
                    f"WHERE {FTS_TABLE} MATCH :query AND rowid = :rowid")


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _has_word(term: str) -> bool:
    return any(ch.isalnum() for ch in term)


def fts_query(query: str) -> str:
    """The user's words as a safe FTS5 query (every term quoted). Raises `BadInputError` when there is
    nothing to search for."""
    if len(query) > MAX_QUERY_CHARS:
        raise BadInputError("search", f"too long ({len(query)} characters; the limit is {MAX_QUERY_CHARS})",
                            code="too_long")
    parts: list[str] = []
    pending_or = False
    query = "".join(ch if ch.isprintable() else " " for ch in query)  # NUL ends an FTS5 string early
    for match in _TOKEN.finditer(query):
        phrase, phrase_star, word = match.groups()
        if word == "OR":
            pending_or = bool(parts)
            continue
        star = phrase_star if phrase is not None else ""
        term = phrase if phrase is not None else word
        if term is not None and phrase is None and term.endswith("*"):
            term, star = term.rstrip("*"), "*"
        term = (term or "").replace('"', " ")
        if not _has_word(term):
            continue
        if len(parts) >= MAX_TERMS:
            raise BadInputError("search", f"too many words (the limit is {MAX_TERMS})", code="too_many")
        if pending_or:
            parts.append("OR")
        parts.append(_quoted(term) + (" *" if star else ""))
        pending_or = False
    if not parts:
        raise BadInputError("search", "type a word to search for", code="empty")
    return " ".join(parts)


def _snippet(page_text: str) -> tuple[SnippetPart, ...]:
    """A short piece of the page around its first match, whitespace collapsed, matches marked."""
    first = page_text.index(_OPEN)
    start, end = max(0, first - _BEFORE), min(len(page_text), first + _AFTER)
    if start > 0:  # start and end at a word boundary
        space = page_text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    if end < len(page_text):
        space = page_text.rfind(" ", first, end)
        end = space if space > first else end
    piece = " ".join(page_text[start:end].split())
    if piece.count(_OPEN) > piece.count(_CLOSE):  # a match cut off at the end: close it
        piece += _CLOSE
    parts = [SnippetPart("…")] if start > 0 else []
    for chunk in _MARKED.split(piece):
        if chunk.startswith(_OPEN) and chunk.endswith(_CLOSE):
            parts.append(SnippetPart(chunk[1:-1], True))
        elif chunk.replace(_OPEN, "").replace(_CLOSE, ""):
            parts.append(SnippetPart(chunk.replace(_OPEN, "").replace(_CLOSE, "")))
    if end < len(page_text):
        parts.append(SnippetPart("…"))
    return tuple(parts)


class SearchService(AreaService):
    """The use cases over full-text search across the store (the FTS5 index), with snippets."""

    def search(self, query: str, limit: int = 50, *, case_id: int | None = None) -> tuple[SearchHit, ...]:
        """Pages of items matching `query` (best items first; within an item, page order), at most `limit`.

        Every word must occur in the item (not necessarily on one page); a hit is each page holding one of
        them, up to `PAGES_PER_ITEM` per item. `case_id` keeps to one case. Bad queries raise
        `BadInputError` (one line), never a database error.
        """
        match = fts_query(query)
        ranked = text(_RANKED.format(case_filter="AND e.case_id = :case_id" if case_id is not None else ""))
        hits: list[SearchHit] = []
        with self._session() as s:
            try:
                rows = s.execute(ranked, {"query": match, "limit": max(1, limit), "case_id": case_id}).all()
                for evidence_id, row_case, reference, section, position, title, rowid in rows:
                    marked = s.scalar(_MARKED_TEXT, {"open": _OPEN, "close": _CLOSE, "query": match,
                                                     "rowid": rowid}) or ""
                    label = f"{section}{position}"
                    pages = [(n, page) for n, page in enumerate(marked.split(_PAGE_BREAK)) if _OPEN in page]
                    del marked
                    for number, page_text in pages[:min(PAGES_PER_ITEM, limit - len(hits))]:
                        hits.append(SearchHit(evidence_id, row_case, reference, label, title, number,
                                              _snippet(page_text)))
                    if len(hits) >= limit:
                        break
            except OperationalError as exc:  # a query FTS5 still refuses: say so, never a traceback
                raise BadInputError("search", "cannot search for that; try plain words", code="syntax") from exc
        return tuple(hits)
