"""Right-to-left names in every document we write: letters in visual order on the page, Arabic joined, the
logical text back from a reader; and a Latin-only document untouched by the shaping machinery."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase import pdfmetrics

from panelapp.reports import bundle, outcome_notice, public_notice
from panelapp.reports import styles as S
from panelapp.reports.data import PanelLine
from panelapp.reports.parts import visual
from panelapp.reports.text_document import TextDocument
from panelapp.reports.text_document import render as render_text
from tests.reports.pdfcheck import assert_fonts_embedded_and_subset, fonts, full_text, qpdf_check
from tests.reports.test_bundle import DATA, PDFS, png
from tests.reports.test_notices import notice, public

pytestmark = pytest.mark.pdf
ARABIC = "محمد عبد الله"
HEBREW = "דוד כהן"
RTL = ("\u0590", "\u08ff"), ("\ufb1d", "\ufeff")


def _rtl(ch: str) -> bool:
    return any(lo <= ch <= hi for lo, hi in RTL)


def visual_lines(pdf: bytes) -> list[str]:
    """Every line's right-to-left letters as drawn, left to right by position on the page (PDFium)."""
    lines: dict[tuple[int, int], list[tuple[float, str]]] = {}
    doc = pdfium.PdfDocument(pdf)
    try:
        for number in range(len(doc)):
            text = doc[number].get_textpage()
            for i in range(text.count_chars()):
                ch = text.get_text_range(i, 1)
                if ch and _rtl(ch):
                    left, bottom, _, _ = text.get_charbox(i, loose=True)
                    lines.setdefault((number, round(bottom)), []).append((left, ch))
    finally:
        doc.close()
    return ["".join(ch for _, ch in sorted(chars)) for chars in lines.values()]


def drawn_left_to_right(name: str) -> str:
    """How a right-to-left name's letters sit on the page from left to right: its logical order reversed."""
    return "".join(reversed(name.replace(" ", "")))


def documents() -> Iterator[tuple[str, bytes]]:
    panel = (PanelLine("Chair (chief officer or delegate)", ARABIC), PanelLine("Independent member", HEBREW))
    yield "outcome notice", outcome_notice.render(notice(panel=panel, officer_name=ARABIC))
    yield "public notice", public_notice.render(public(officer=f"PC {ARABIC} and {HEBREW}", anonymity_order=False))
    data = dataclasses.replace(DATA, officers=(f"PC {ARABIC}", f"DC {HEBREW}"))
    yield "bundle", bundle.build_bytes(data, bundle.plan(data, images=lambda key: png()),
                                       lambda key: io.BytesIO(PDFS[key]))
    yield "typed document", render_text(TextDocument(title=f"Statement of {ARABIC}", paragraphs=(
        f"This is the statement of {HEBREW} made on 1 May 2025",)))


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return dict(documents())


@pytest.mark.parametrize("kind", ["outcome notice", "public notice", "bundle", "typed document"])
def test_right_to_left_names_are_drawn_in_visual_order_and_arabic_joined(rendered: dict[str, bytes],
                                                                          kind: str) -> None:
    pdf = rendered[kind]
    lines = visual_lines(pdf)
    for name in (ARABIC, HEBREW):
        assert any(drawn_left_to_right(name) in line for line in lines), (kind, name, lines)
    text = full_text(pdf)
    # Shaped: Arabic letters take their joining forms (initial, medial, final), which is what a reader
    # gets back; compatibility normalisation (NFKC) gives the letters as typed, in logical order.
    forms = {unicodedata.name(ch).rsplit(" ", 2)[-2] for ch in text if "\ufe70" <= ch <= "\ufeff"}
    assert {"INITIAL", "MEDIAL", "FINAL"} <= forms, forms
    assert ARABIC in unicodedata.normalize("NFKC", text) and HEBREW in text
    assert_fonts_embedded_and_subset(pdf)
    qpdf_check(pdf)


def test_bidi_orders_words_for_a_left_to_right_line_and_keeps_letters_for_the_shaper() -> None:
    assert visual(HEBREW) == "כהן דוד"
    assert visual(ARABIC) == "الله عبد محمد"
    assert visual(f"Witness: {HEBREW} (B2)") == "Witness: כהן דוד (B2)"
    assert visual("محمد\u200cرضا") == "محمد\u200cرضا"  # a Persian name's joiner stays inside its word
    assert visual("Zoë Ó Súilleabháin, Nguyễn Thị Minh") == "Zoë Ó Súilleabháin, Nguyễn Thị Minh"


@contextmanager
def shaping_unavailable() -> Iterator[None]:
    """As if HarfBuzz were not installed: the house fonts refuse to shape."""
    S.register_fonts()
    faces = [pdfmetrics.getFont(name) for name in (*S.FONT_FILES, *S.SHAPED_FONTS)]
    for face in faces:
        face.shapable = False
    try:
        yield
    finally:
        for face in faces:
            face.shapable = True


def test_a_latin_only_document_does_not_go_through_the_shaper() -> None:
    """Shaping also kerns Latin text: a Latin-only document must keep the bytes it had before shaping came."""
    latin = notice(panel=(PanelLine("Chair (chief officer or delegate)", "Ann Smith"),))
    built = outcome_notice.render(latin), public_notice.render(public())
    with shaping_unavailable():
        assert (outcome_notice.render(latin), public_notice.render(public())) == built
    shaped = outcome_notice.render(notice(officer_name=ARABIC))
    with shaping_unavailable():
        assert outcome_notice.render(notice(officer_name=ARABIC)) != shaped  # the check above can tell


def test_only_the_right_to_left_words_are_shaped_latin_beside_them_keeps_plain_letters() -> None:
    """HarfBuzz, as ReportLab calls it, would draw "st" as "ﬆ" and "ffi" as "ﬃ" (discretionary and common
    ligatures): Latin words in the same paragraph as a right-to-left name stay in the house face."""
    pdf = outcome_notice.render(notice(findings=(dataclasses.replace(
        notice().findings[0], particulars=f"The officer struck {ARABIC} at the office in Suffolk."),)))
    text = full_text(pdf)
    assert "The officer struck" in text and "at the office in Suffolk." in text
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in text)


def test_bold_text_uses_the_bold_shaped_face(rendered: dict[str, bytes]) -> None:
    def faces(kind: str) -> set[str]:
        return {str(f["/BaseFont"])[8:] for f in fonts(rendered[kind])}

    assert "DejaVuSans-Shaped" in faces("outcome notice")  # the panel's names, in regular table cells
    assert "DejaVuSans-Bold-Shaped" in faces("bundle")  # the officers' names on the cover, in bold
