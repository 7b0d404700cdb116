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

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from panelapp.reports import styles as S

PageHook = Callable[[Canvas, Any], None]


# Hebrew, Arabic (with presentation forms), Syriac, Thaana, N'Ko: written right to left.
_RTL_RUN = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+(?:\s+[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+)*")


def visual(value: str) -> str:
    """Runs of right-to-left script in visual order, so a name such as "דוד לוי" reads correctly on the page.

    ReportLab lays text out left to right; without a bidi library this reverses each right-to-left run
    (letters and the words within it). Arabic letters keep their isolated forms (no shaping).
    """
    return _RTL_RUN.sub(lambda m: m.group(0)[::-1], value)


def esc(value: str) -> str:
    """Escaped for Paragraph markup, right-to-left runs in visual order."""
    return escape(visual(value))


def text(value: str) -> str:
    """Plain text as Paragraph markup: escaped, line breaks kept."""
    return "<br/>".join(esc(line) for line in value.strip().splitlines()) or "—"


def para(value: str, style: Any) -> Paragraph:
    return Paragraph(text(value), style)


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


def facts_table(rows: Iterable[tuple[str, str]], label_width: float = 42 * mm) -> Table:
    """Label/value pairs, labels in small capitals-like grey: the "who, what, when" of a document."""
    st = S.styles()
    data = [[Paragraph(esc(k), st.label), para(v, st.cell)] for k, v in rows]
    table = Table(data, colWidths=[label_width, S.CONTENT_WIDTH - label_width], hAlign="LEFT")
    table.setStyle(TableStyle([*_GRID, ("LINEBELOW", (0, 0), (-1, -2), 0.25, S.RULE)]))
    return table


def grid_table(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float],
               repeat_header: bool = True, plain_columns: Sequence[int] = ()) -> Table:
    """A ruled table with a shaded header row; cells may be text or flowables.

    Text in `plain_columns` is drawn as one line without wrapping (much faster for long indexes).
    """
    st = S.styles()

    def cell(column: int, value: Any) -> Any:
        return para(value, st.cell) if isinstance(value, str) and column not in plain_columns else value

    data = [[Paragraph(esc(h), st.cell_bold) for h in header],
            *[[cell(i, v) for i, v in enumerate(r)] for r in rows]]
    table = Table(data, colWidths=list(widths), repeatRows=1 if repeat_header else 0, hAlign="LEFT")
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
