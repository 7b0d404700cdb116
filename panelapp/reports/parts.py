"""Reusable pieces of every document: page furniture (marking, header, footer, "Page x of y",
fingerprint, DRAFT watermark), text helpers, tables and the signature block.

Page furniture is a small callable per page. The header and watermark are drawn when a page begins, so
text extraction reads marking → body; the footer is drawn when the whole document is known (the page
total), so it reads last.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from bidi import get_display
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from panelapp.reports import styles as S

PageHook = Callable[[Canvas, Any], None]


# Hebrew, Arabic (with presentation forms), Syriac, Thaana, N'Ko: written right to left.
_HAS_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_TOKEN = re.compile(r"\S+")  # ReportLab lays out, and HarfBuzz shapes, one word (between spaces) at a time


def has_rtl(value: str) -> bool:
    return _HAS_RTL.search(value) is not None


def _for_the_shaper(word: str) -> str:
    # HarfBuzz lays a right-to-left word out reversed, mirroring its brackets (python-bidi does not mirror
    # them): hand it the word reversed, so it draws the word as bidi placed it, with its Arabic letters in
    # logical order to be joined.
    return word[::-1] if has_rtl(word) else word


def visual(value: str) -> str:
    """Text for a left-to-right line with right-to-left runs in visual order, as the Unicode bidirectional
    algorithm (python-bidi; the paragraph is left to right, as our documents are English) orders them.

    Each word holding right-to-left letters is given back in the order HarfBuzz (the `shaping` of
    `paragraph`) expects, since it shapes a word itself: joins its Arabic letters and lays it out right to
    left. So "محمد عبد الله" comes back as "الله عبد محمد" and reads محمد … الله from the right on the
    page. Text without right-to-left letters comes back unchanged.
    """
    if not has_rtl(value):
        return value
    return _TOKEN.sub(lambda m: _for_the_shaper(m.group(0)), get_display(value, base_dir="L"))


_RTL_WORD = r"\S*[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]\S*"
# A run of words with right-to-left letters: one font run, so readers see it as one piece and turn it back
# into logical order (pypdf, poppler do).
_SHAPED_RUN = re.compile(rf"{_RTL_WORD}(?:\s+{_RTL_WORD})*")
_SHAPED_FACE = "panelapp-shaped-face"  # stands for the shaped face matching the paragraph's style


def esc(value: str) -> str:
    """Escaped for Paragraph markup, right-to-left runs in visual order and their words in the shaped face
    (only those words: see `styles`). Build such a paragraph with `paragraph` or `para`."""
    shown = escape(visual(value))
    if not has_rtl(shown):
        return shown
    return _SHAPED_RUN.sub(lambda m: f'<font face="{_SHAPED_FACE}">{m.group(0)}</font>', shown)


def text(value: str) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept."""
    return "<br/>".join(esc(line) for line in value.strip().splitlines()) or "—"


_SHAPING: dict[str, ParagraphStyle] = {}


def shaping(style: ParagraphStyle) -> ParagraphStyle:
    """The style with HarfBuzz shaping on, for a paragraph with right-to-left words in the shaped face."""
    key = f"{style.name}@{id(style)}"
    if key not in _SHAPING:
        _SHAPING[key] = ParagraphStyle(f"{style.name}-shaping", parent=style, shaping=1)
    return _SHAPING[key]


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of markup built with `esc`/`text`: words in right-to-left scripts are shaped (Arabic
    letters joined) in the bold or regular shaped face that matches the style; nothing else is."""
    if _SHAPED_FACE not in markup:
        return Paragraph(markup, style)
    face = S.SHAPED_FACE.get(style.fontName, S.FONT_SHAPED)
    return Paragraph(markup.replace(_SHAPED_FACE, face), shaping(style))


def para(value: str, style: ParagraphStyle) -> Paragraph:
    return paragraph(text(value), style)


def paras(value: str, style: ParagraphStyle) -> list[Paragraph]:
    """Plain text as one paragraph per line: a text of any length then runs on over as many pages as it needs
    (a table cell cannot: a row taller than a page stops the whole document)."""
    return [paragraph(esc(line), style) for line in value.strip().splitlines() if line.strip()] or [
        paragraph("—", style)]


def cell_text(value: str, style: ParagraphStyle) -> Paragraph | list[Paragraph]:
    """A table cell's text: one paragraph, or one per line when it has several. A row that breaks across pages
    then splits between paragraphs; one paragraph of many lines is laid out again at every page it breaks
    over, which grew with the square of its length (20,000 characters of short lines: 33 s)."""
    lines = value.strip().splitlines()
    if len(lines) <= 1:
        return para(value, style)
    return [paragraph(esc(line) or "&nbsp;", style) for line in lines]


def long_date(d: date | None, missing: str = "not recorded") -> str:
    return f"{d.day} {d:%B %Y}" if d else missing


def date_range(start: date | None, end: date | None) -> str:
    if start and end and start != end:
        return f"{long_date(start)} to {long_date(end)}"
    return long_date(start or end)


@dataclass(frozen=True)
class Furniture:
    """What every page of a document carries."""

    marking: str
    left_header: str  # the force
    right_header: str  # document and reference
    footer_note: str = ""  # e.g. the decision fingerprint
    draft: bool = False
    page_numbers: bool = True  # off in the bundle, whose pages carry their bundle label instead


def _draw_header(c: Canvas, f: Furniture) -> None:
    width, height = S.PAGE
    c.saveState()
    if f.draft:
        c.setFont(S.FONT_BOLD, 120)
        c.setFillColor(S.WATERMARK)
        c.translate(width / 2, height / 2)
        c.rotate(52)
        c.drawCentredString(0, -40, "DRAFT")
        c.rotate(-52)
        c.translate(-width / 2, -height / 2)
    c.setFillColor(S.MARKING)
    c.setFont(S.FONT_BOLD, 8.5)
    c.drawCentredString(width / 2, height - 11 * mm, f.marking)
    c.setFillColor(S.MUTED)
    c.setFont(S.FONT, 7.5)
    c.drawString(S.MARGIN_X, height - 17 * mm, f.left_header)
    c.drawRightString(width - S.MARGIN_X, height - 17 * mm, f.right_header)
    c.setStrokeColor(S.RULE)
    c.setLineWidth(0.5)
    c.line(S.MARGIN_X, height - 19 * mm, width - S.MARGIN_X, height - 19 * mm)
    c.restoreState()


def _draw_footer(c: Canvas, f: Furniture, page: int, total: int) -> None:
    width = S.PAGE[0]
    c.saveState()
    c.setStrokeColor(S.RULE)
    c.setLineWidth(0.5)
    c.line(S.MARGIN_X, 16 * mm, width - S.MARGIN_X, 16 * mm)
    c.setFillColor(S.MUTED)
    c.setFont(S.FONT, 7.5)
    if f.footer_note:
        c.drawString(S.MARGIN_X, 11.5 * mm, f.footer_note)
    if f.page_numbers:
        c.drawRightString(width - S.MARGIN_X, 11.5 * mm, f"Page {page} of {total}")
    c.setFillColor(S.MARKING)
    c.setFont(S.FONT_BOLD, 8.5)
    c.drawCentredString(width / 2, 6.5 * mm, f.marking)
    c.restoreState()


class _PageTotalCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Holds each finished page back until the document ends, then adds the footer with the total."""

    furniture: Furniture

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            _draw_footer(self, self.furniture, self._pageNumber, total)
            Canvas.showPage(self)
        Canvas.save(self)


def _canvas_for(furniture: Furniture) -> type[Canvas]:
    return type("PageTotalCanvas", (_PageTotalCanvas,), {"furniture": furniture})


def build_document(story: list[Flowable], furniture: Furniture, *, title: str, subject: str,
                   keywords: Sequence[str] = (), author: str = "") -> bytes:
    """Lay out `story` on A4 with the house furniture; deterministic bytes, metadata without names."""
    S.register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=S.PAGE, leftMargin=S.MARGIN_X, rightMargin=S.MARGIN_X, topMargin=S.MARGIN_TOP,
        bottomMargin=S.MARGIN_BOTTOM, title=title, subject=subject, author=author, creator=S.PRODUCER,
        producer=S.PRODUCER, keywords=list(keywords), invariant=1, lang=S.LANGUAGE, displayDocTitle=1,
        initialFontName=S.FONT, initialFontSize=9.5,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=lambda c, _d: _draw_header(c, furniture))])
    doc.build(story, canvasmaker=_canvas_for(furniture))
    return buffer.getvalue()


# --- tables -----------------------------------------------------------------------------------------
_GRID = [
    ("FONTNAME", (0, 0), (-1, -1), S.FONT),  # else Table asks for Helvetica, which is not embedded
    ("FONTSIZE", (0, 0), (-1, -1), 8.8),
    ("LEADING", (0, 0), (-1, -1), 12),
    ("TEXTCOLOR", (0, 0), (-1, -1), S.INK),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


# A row of free text may be taller than a page (particulars, reasons, notes: up to 20,000 characters and more):
# ReportLab then stops the whole document unless the row may break. It breaks only at a page's end, and only
# where each part keeps at least this much (about three lines), so a short row still moves whole.
_ROW_BREAK_MIN = 40  # points


def facts_table(rows: Iterable[tuple[str, str]], label_width: float = 42 * mm) -> Table:
    """Label/value pairs, labels in small capitals-like grey: the "who, what, when" of a document."""
    st = S.styles()
    data = [[paragraph(esc(k), st.label), cell_text(v, st.cell)] for k, v in rows]
    table = Table(data, colWidths=[label_width, S.CONTENT_WIDTH - label_width], hAlign="LEFT",
                  splitInRow=_ROW_BREAK_MIN)
    table.setStyle(TableStyle([*_GRID, ("LINEBELOW", (0, 0), (-1, -2), 0.25, S.RULE)]))
    return table


def grid_table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
               repeat_header: bool = True, plain_columns: Sequence[int] = ()) -> Table:
    """A ruled table with a shaded header row; cells may be text or flowables.

    Text in `plain_columns` is drawn as one line without wrapping (much faster for long indexes).
    """
    st = S.styles()

    def cell(column: int, value: Any) -> Any:
        return cell_text(value, st.cell) if isinstance(value, str) and column not in plain_columns else value

    data = [[paragraph(esc(h), st.cell_bold) for h in header],
            *[[cell(i, v) for i, v in enumerate(r)] for r in rows]]
    table = Table(data, colWidths=list(widths), repeatRows=1 if repeat_header else 0, hAlign="LEFT",
                  splitInRow=_ROW_BREAK_MIN)
    table.setStyle(TableStyle([
        *_GRID,
        ("BACKGROUND", (0, 0), (-1, 0), S.SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, S.ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, S.RULE),
    ]))
    return table


def signature_block(signatory_role: str, signatory_name: str, signed_on: date | None) -> Flowable:
    """Name, role and date under a line for the signature; kept on one page."""
    st = S.styles()
    line = Table([[""]], colWidths=[70 * mm], rowHeights=[14 * mm], hAlign="LEFT")
    line.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), S.FONT), ("LINEBELOW", (0, 0), (-1, -1), 0.6, S.INK)]))
    return KeepTogether([
        Spacer(1, 6 * mm),
        Paragraph("Signed on behalf of the panel", st.label),
        line,
        Spacer(1, 1.5 * mm),
        para(signatory_name, st.cell_bold),
        para(signatory_role, st.cell),
        para(f"Date: {long_date(signed_on)}", st.cell),
    ])
