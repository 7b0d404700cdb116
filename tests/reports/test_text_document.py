"""A text document renders to a PDF whose text, order and metadata a reader would see."""

import io

import pypdf
import pytest

from panelapp.reports.text_document import TextDocument, render

pytestmark = pytest.mark.pdf

DOC = TextDocument(
    title="Witness statement of Amira Castell",
    heading_lines=("Statement of: Amira Castell", "Date: 22 September 2024"),
    paragraphs=("I was waiting at the bus stop opposite the Anchor.", "I heard shouting & swearing <loudly>."),
    footer="DEMO-001 — fictional",
    meta_author="Amira Castell",
    signature=("Signed: Amira Castell",),
)


def test_text_order_and_escaping():
    reader = pypdf.PdfReader(io.BytesIO(render(DOC)))
    text = reader.pages[0].extract_text()
    order = [text.index(s) for s in ("Witness statement of Amira Castell", "Date: 22 September 2024",
                                     "bus stop opposite", "shouting & swearing <loudly>.", "Signed: Amira Castell")]
    assert order == sorted(order)
    assert "Page 1" in text and "DEMO-001 — fictional" in text
    assert reader.metadata.title == DOC.title


def test_long_documents_paginate_with_page_numbers():
    long = TextDocument(title="Long", paragraphs=tuple(f"Paragraph {i} " + "text " * 80 for i in range(40)))
    reader = pypdf.PdfReader(io.BytesIO(render(long)))
    assert len(reader.pages) > 2
    assert "Page 3" in reader.pages[2].extract_text()


def test_output_is_deterministic():
    assert render(DOC) == render(DOC)
