"""One rule for text a person types or a file gives, in every form and every service (issue #8 review: the
case, people, evidence and decision forms each had their own, so a control character or an unpaired
surrogate was refused in one and stored by another).

- one line: no control characters (C0/C1, DEL), no line or paragraph separators;
- several lines: the same, except line feeds and tabs (CR LF and CR become LF);
- never an unpaired surrogate (not text: it cannot be written as UTF-8, so it breaks exports and PDFs);
- never a direction override or isolate (U+202A–U+202E, U+2066–U+2069): they reorder what a printed notice
  shows without changing what it says ("Trojan source"). Left-to-right and right-to-left marks and zero-width
  joiners stay: names in Arabic, Hebrew or Persian need them.
Leading and trailing white space is removed; the length limit counts what is kept.
"""

from __future__ import annotations

import unicodedata

from panelapp.domain.errors import BadInputError

DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def lf_line_ends(text: str) -> str:
    """CR LF and lone CR made LF (what a pasted Windows or old-Mac text brings)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Text taken from a file for search (PDF pages, plain-text files): lines end in "\n"; other control characters
# become spaces (so search's page break "\f" and its match markers cannot come from a file). PDFium also marks
# hyphenation and unmapped glyphs with U+0002, U+FFFE.
_INDEXED_CONTROLS = {c: " " for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF)}


def searchable(text: str) -> str:
    """A file's text as the search index keeps it (one page of it)."""
    return lf_line_ends(text).translate(_INDEXED_CONTROLS)


def plain_file_text(head: bytes, max_chars: int) -> str:
    """The searchable text of a plain-text file from its first bytes (`head`, at most 4 × `max_chars`): UTF-8,
    a byte-order mark dropped, bytes that are not UTF-8 (a cut character at the end among them) read as U+FFFD;
    one page, at most `max_chars` characters."""
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return searchable(text)[:max_chars]


def text_problem(value: str, *, one_line: bool) -> tuple[str, str] | None:
    """(reason code, reason) for the first character the rule refuses, or None."""
    for ch in value:
        category = unicodedata.category(ch)
        if category == "Cs":
            return "surrogate", "is not valid text (an unpaired surrogate)"
        if ch in DIRECTION_CONTROLS:
            return "direction", "contains a text-direction override (U+202A–U+202E or U+2066–U+2069)"
        if not one_line and ch in "\n\t":
            continue
        if category == "Cc" or category in ("Zl", "Zp"):
            return "control", ("must be one line without control characters" if one_line
                               else "contains control characters")
    return None


def _checked(field_name: str, value: object, limit: int, *, required: bool, one_line: bool) -> str:
    if not isinstance(value, str):
        raise BadInputError(field_name, "must be text", code="type")
    text = value.strip()
    if not one_line:
        text = lf_line_ends(text)
    if required and not text:
        raise BadInputError(field_name, "is required", code="required")
    if len(text) > limit:
        raise BadInputError(field_name, f"is longer than {limit:,} characters (this has {len(text):,})",
                            code="too_long")
    problem = text_problem(text, one_line=one_line)
    if problem is not None:
        raise BadInputError(field_name, problem[1], code=problem[0])
    return text


def one_line(field_name: str, value: object, limit: int, *, required: bool = False) -> str:
    """`value` stripped, if it is one line of at most `limit` characters the rule allows."""
    return _checked(field_name, value, limit, required=required, one_line=True)


def many_lines(field_name: str, value: object, limit: int, *, required: bool = False) -> str:
    """`value` stripped with line ends made LF, if it is at most `limit` characters the rule allows."""
    return _checked(field_name, value, limit, required=required, one_line=False)


def letter_label(n: int) -> str:
    """A, B, … Z, AA, AB, …: the nth (from 0) person of a kind, in the order the bundle first names them."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out
