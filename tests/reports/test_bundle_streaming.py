"""The bundle is written item by item: each source closed before the next is opened, the output only appended
to, and whatever a source PDF holds (inherited page attributes, encryption, its own links) carried over."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from panelapp.reports import bundle
from panelapp.reports.data import BundleData
from tests.reports.pdfcheck import page_texts, qpdf_check, reader
from tests.reports.test_bundle import DATA, PDFS, evidence_pdf, item, png

pytestmark = pytest.mark.pdf


class AppendOnly(io.RawIOBase):
    """An output that refuses to seek or be read: what a pipe or a socket would allow."""

    def __init__(self) -> None:
        super().__init__()
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: bytes) -> int:  # type: ignore[override]
        self.data += b
        return len(b)


class Readers:
    """Hands out one reader per stored PDF and checks the one before was closed first."""

    def __init__(self, pdfs: dict[int, bytes]) -> None:
        self.pdfs, self.opened = pdfs, []

    def __call__(self, key: int) -> io.BytesIO:
        assert all(r.closed for r in self.opened), "a stored PDF was still open when the next one was opened"
        self.opened.append(io.BytesIO(self.pdfs[key]))
        return self.opened[-1]


def test_each_stored_pdf_is_closed_before_the_next_and_the_output_is_only_appended_to() -> None:
    readers, out = Readers(PDFS), AppendOnly()
    layout = bundle.plan(DATA, images=lambda key: png())
    bundle.build(DATA, layout, readers, out)
    assert len(readers.opened) == 3 and all(r.closed for r in readers.opened)
    pdf = bytes(out.data)
    assert pdf == bundle.build_bytes(DATA, layout, lambda key: io.BytesIO(PDFS[key]))
    qpdf_check(pdf)


def test_images_are_rendered_again_when_written_not_held_by_the_plan() -> None:
    calls: list[int] = []

    def image(key: int) -> bytes:
        calls.append(key)
        return png()

    layout = bundle.plan(DATA, images=image)
    assert 4 not in layout.rendered and calls == [4]
    bundle.build_bytes(DATA, layout, lambda key: io.BytesIO(PDFS[key]))
    assert calls == [4, 4]


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand, objects numbered from 1 in order (object 1 the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _text_stream(text: bytes) -> bytes:
    data = b"BT /F1 12 Tf 72 500 Td (" + text + b") Tj ET"
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _inherited_tree_pdf() -> bytes:
    """Two pages whose size, rotation and font are set on the page tree, not on the pages."""
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 400 600] /Rotate 90 "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _text_stream(b"INHERITED page 1 of 2"), _text_stream(b"INHERITED page 2 of 2")])


def _single(source: str, pdf: bytes, pages: int) -> tuple[bytes, BundleData]:
    data = BundleData(reference="NM-1", force="Northmoor Constabulary", officers=("PC A",), proceeding="Hearing",
                      hearing_start=None, hearing_end=None, venue="", section_titles={},
                      items=(item(1, "A1", source, "Exhibit", page_count=pages),))
    layout = bundle.plan(data)
    return bundle.build_bytes(data, layout, lambda key: io.BytesIO(pdf)), data


def test_page_attributes_inherited_from_the_source_page_tree_are_kept() -> None:
    pdf, _ = _single("pdf", _inherited_tree_pdf(), 2)
    qpdf_check(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        last = doc.pages[-1]
        assert int(last.obj.Rotate) == 90  # its visual foot is the right edge: the band goes there
        assert [round(float(v), 2) for v in last.mediabox] == [0, 0, round(400 + bundle.BAND, 2), 600]
    texts = page_texts(pdf)
    assert "INHERITED page 2 of 2" in texts[-1] and "A2" in texts[-1]


def test_an_encrypted_source_is_copied_decrypted() -> None:
    plain = evidence_pdf("LOCKED", 1)
    locked = io.BytesIO()
    with pikepdf.open(io.BytesIO(plain)) as source:
        source.save(locked, encryption=pikepdf.Encryption(owner="owner-secret", user="", R=6))
    pdf, _ = _single("pdf", locked.getvalue(), 1)
    qpdf_check(pdf)
    assert "LOCKED page 1 of 1" in page_texts(pdf)[-1]


def test_a_sources_own_links_between_its_pages_land_on_the_same_pages_in_the_bundle() -> None:
    with pikepdf.open(io.BytesIO(evidence_pdf("LINKED", 3))) as source:
        source.pages[0].obj.Annots = source.make_indirect(Array([Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 700, 300, 720]),
            Dest=Array([source.pages[2].obj, Name.Fit]))]))
        out = io.BytesIO()
        source.save(out, deterministic_id=True)
    pdf, _ = _single("pdf", out.getvalue(), 3)
    qpdf_check(pdf)
    labels = reader(pdf).page_labels
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        index = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
        [link] = doc.pages[labels.index("A1")].obj.Annots
        assert labels[index[link.Dest[0].objgen]] == "A3"
        assert "/Parent" in doc.pages[-1].obj and doc.pages[-1].obj.Parent.objgen == doc.Root.Pages.objgen
