"""Test helpers for reading, search and notes: a multi-page PDF with known words on known pages."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from panelapp.services.panel_services import PanelServices

# The word on each page (0-based index) of the test PDF; "quokka" is on page 3 only (the fourth page).
PAGE_WORDS = ("harbour", "lantern", "meridian", "quokka", "teal")


def multi_page_pdf(words: tuple[str, ...] = PAGE_WORDS) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    for number, word in enumerate(words, start=1):
        pdf.setFont("Helvetica", 14)
        pdf.drawString(72, 770, f"Reading test page {number}")
        pdf.drawString(72, 700, f"The notebook mentions the {word} near the jetty.")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def import_multi_page_pdf(services: PanelServices, tmp_path: Path, name: str = "reading-test.pdf") -> int:
    """Import the test PDF into DEMO-001 through the real import; returns its evidence id."""
    path = tmp_path / name
    path.write_bytes(multi_page_pdf())
    [result] = services.import_files("DEMO-001", [path])
    assert result.ok, result.message
    assert result.evidence_id is not None
    return result.evidence_id
