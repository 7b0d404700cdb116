"""A plain typed document (a statement, a notice, a record) as PDF bytes."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Spacer
from reportlab.platypus.doctemplate import BaseDocTemplate

from panelapp.reports import styles as S
from panelapp.reports.parts import esc, paragraph


@dataclass(frozen=True)
class TextDocument:
    title: str
    heading_lines: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    footer: str = ""
    meta_author: str = ""
    signature: tuple[str, ...] = field(default_factory=tuple)


# The house Unicode font, embedded: any name typed into a statement prints and extracts as typed.
TITLE = ParagraphStyle("DocTitle", fontName=S.FONT_BOLD, fontSize=15, leading=19, alignment=1, spaceAfter=4 * mm)
META = ParagraphStyle("DocMeta", fontName=S.FONT, fontSize=9.5, leading=12)
BODY = ParagraphStyle("DocBody", fontName=S.FONT, fontSize=10.5, leading=15, spaceAfter=3 * mm)


def _footer(text: str) -> Callable[[Canvas, BaseDocTemplate], None]:
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(S.FONT, 8)
        canvas.drawString(20 * mm, 12 * mm, text)
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def render(document: TextDocument) -> bytes:
    S.register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm, bottomMargin=22 * mm,
        title=document.title, author=document.meta_author, invariant=1, lang=S.LANGUAGE,
        initialFontName=S.FONT, creator=S.PRODUCER, producer=S.PRODUCER,
    )
    story = [paragraph(esc(document.title), TITLE)]
    story += [paragraph(esc(line), META) for line in document.heading_lines]
    story.append(Spacer(1, 5 * mm))
    story += [paragraph(esc(p), BODY) for p in document.paragraphs]
    if document.signature:
        story.append(Spacer(1, 8 * mm))
        story += [paragraph(esc(line), META) for line in document.signature]
    callback = _footer(document.footer)
    doc.build(story, onFirstPage=callback, onLaterPages=callback)
    return buffer.getvalue()
