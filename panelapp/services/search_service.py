"""SearchService: full-text search across the store (the FTS5 index), with snippets.

The index holds each attached file's extracted text, pages separated by "\\n\\f" (`evidence_import`).
What the user types is never handed to FTS5's query syntax: every word becomes a quoted string, so `"`,
`AND(` or `NEAR` are searched for as words, not parsed as operators. A phrase in double quotes stays a
phrase, a trailing `*` asks for a prefix (of at least `MIN_PREFIX_CHARS` letters), and `OR` between two
words means either.

Four-letter prefixes are answered from the index's own prefix index (schema 0009); any other prefix makes
FTS5 merge the postings of every word starting with it, once for the ranking and once for the snippets (the
items' marked text comes from one pass over the matches, never one query per item).
"""

from __future__ import annotations

import json
import re

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from panelapp.domain.errors import BadInputError
from panelapp.domain.reading_records import SearchHit, SnippetPart
from panelapp.models.schema import CASES, EVIDENCE, FTS_TABLE
from panelapp.services.service_base import AreaService

MAX_QUERY_CHARS = 500
MAX_TERMS = 20
MIN_PREFIX_CHARS = 3  # "a*" would merge the postings of a twentieth of all words: seconds at 20,000 items
INDEXED_PREFIX_CHARS = 4  # the index's prefix index (migration 0009): such a prefix is one lookup
PAGES_PER_ITEM = 10  # hits shown per item: its first pages with a match
_OPEN, _CLOSE = "\x02", "\x03"  # match markers from FTS5's highlight(); control characters no PDF text keeps
_PAGE_BREAK = "\f"
_BEFORE, _AFTER = 40, 160  # snippet length around the first match on a page, in characters
_MARKED = re.compile(f"({_OPEN}[^{_OPEN}{_CLOSE}]*{_CLOSE})")
_TOKEN = re.compile(r'"([^"]*)"(\*?)|(\S+)')

# Ranked items first (no text read), then the marked text of the items shown, one item at a time, each cut
# down to its snippets before the next: the marked text of a long document can run to megabytes, and a sort
# over every match would hold them all.
_RANKED = f"""
SELECT e.id, e.case_id, c.reference, e.section, e.position, e.title, {FTS_TABLE}.rowid
FROM {FTS_TABLE}
JOIN {EVIDENCE} AS e ON e.attachment_id = {FTS_TABLE}.rowid
JOIN {CASES} AS c ON c.id = e.case_id
WHERE {FTS_TABLE} MATCH :query {{case_filter}}
ORDER BY bm25({FTS_TABLE}), c.reference, e.section, e.position
LIMIT :limit
"""
# An item's marked text is one lookup by rowid, unless FTS5 must merge many words' postings for the query (a
# prefix it holds no prefix index for): that merge would then run once per item, so the marked text of several
# items comes from one pass over the matches instead (`+rowid` keeps FTS5 from looking up each rowid itself).
_MARKED_TEXT = text(f"SELECT highlight({FTS_TABLE}, 0, :open, :close) FROM {FTS_TABLE} "
                    f"WHERE {FTS_TABLE} MATCH :query AND rowid = :rowid")
_MARKED_TEXTS = text(f"SELECT {FTS_TABLE}.rowid, highlight({FTS_TABLE}, 0, :open, :close) FROM {FTS_TABLE} "
                     f"WHERE {FTS_TABLE} MATCH :query AND +{FTS_TABLE}.rowid IN (SELECT value FROM json_each(:rowids))")
_WORD_CHARS = re.compile(r"[^\W_]+")


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _has_word(term: str) -> bool:
    return any(ch.isalnum() for ch in term)


def fts_query(query: str) -> str:
    """The user's words as a safe FTS5 query (every term quoted). Raises `BadInputError` when there is
    nothing to search for."""
    return _parsed(query)[0]


def _parsed(query: str) -> tuple[str, bool]:
    """`fts_query`'s query, and whether FTS5 answers it by merging many words' postings (a prefix the prefix
    index does not hold), which it then does for every statement that matches it."""
    merges = False
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
        prefix_chars = len((_WORD_CHARS.findall(term) or [""])[-1]) if star else 0
        if star and prefix_chars < MIN_PREFIX_CHARS:
            raise BadInputError("search", f"type at least {MIN_PREFIX_CHARS} letters before *", code="short_prefix")
        merges = merges or (bool(star) and prefix_chars != INDEXED_PREFIX_CHARS)
        if len(parts) >= MAX_TERMS:
            raise BadInputError("search", f"too many words (the limit is {MAX_TERMS})", code="too_many")
        if pending_or:
            parts.append("OR")
        parts.append(_quoted(term) + (" *" if star else ""))
        pending_or = False
    if not parts:
        raise BadInputError("search", "type a word to search for", code="empty")
    return " ".join(parts), merges


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


Pages = list[tuple[int, tuple[SnippetPart, ...]]]  # (page number, snippet) of an item's pages with a match


def _page_snippets(marked: str) -> Pages:
    """The first `PAGES_PER_ITEM` pages of an item's marked text that hold a match."""
    found: Pages = []
    for number, page in enumerate(marked.split(_PAGE_BREAK)):
        if _OPEN in page:
            found.append((number, _snippet(page)))
            if len(found) >= PAGES_PER_ITEM:
                break
    return found


def _marked_pages(s: Session, match: str, rowids: list[int], one_pass: bool) -> dict[int, Pages]:
    """Each listed item's pages with a match; one item's marked text in memory at a time."""
    marks = {"open": _OPEN, "close": _CLOSE, "query": match}
    if not one_pass:
        return {rowid: _page_snippets(s.scalar(_MARKED_TEXT, {**marks, "rowid": rowid}) or "") for rowid in rowids}
    pages: dict[int, Pages] = {}
    for rowid, marked in s.execute(_MARKED_TEXTS, {**marks, "rowids": json.dumps(sorted(set(rowids)))}):
        pages[rowid] = _page_snippets(marked or "")
        del marked  # before the next item's is read
    return pages


class SearchService(AreaService):
    """The use cases over full-text search across the store (the FTS5 index), with snippets."""

    def search(self, query: str, limit: int = 50, *, case_id: int | None = None) -> tuple[SearchHit, ...]:
        """Pages of items matching `query` (best items first; within an item, page order), at most `limit`.

        Every word must occur in the item (not necessarily on one page); a hit is each page holding one of
        them, up to `PAGES_PER_ITEM` per item. `case_id` keeps to one case. Bad queries raise
        `BadInputError` (one line), never a database error.
        """
        match, merges = _parsed(query)
        ranked = text(_RANKED.format(case_filter="AND e.case_id = :case_id" if case_id is not None else ""))
        hits: list[SearchHit] = []
        with self._session() as s:
            try:
                rows = s.execute(ranked, {"query": match, "limit": max(1, limit), "case_id": case_id}).all()
                # Marked text for as few items as can fill the list (each shows 1 to PAGES_PER_ITEM pages): one
                # at a time, or (one pass for several) first the fewest that could, then as many as could still
                # be needed; usually one or two passes.
                done, batch = 0, max(1, -(-limit // PAGES_PER_ITEM)) if merges else 1
                while done < len(rows) and len(hits) < limit:
                    chunk = rows[done:done + batch]
                    pages = _marked_pages(s, match, [row[-1] for row in chunk], merges)
                    for evidence_id, row_case, reference, section, position, title, rowid in chunk:
                        label = f"{section}{position}"
                        for number, snippet in pages.get(rowid, [])[:limit - len(hits)]:
                            hits.append(SearchHit(evidence_id, row_case, reference, label, title, number, snippet))
                        if len(hits) >= limit:
                            break
                    done += len(chunk)
                    batch = limit - len(hits) if merges else 1
            except OperationalError as exc:  # a query FTS5 still refuses: say so, never a traceback
                raise BadInputError("search", "cannot search for that; try plain words", code="syntax") from exc
        return tuple(hits)
