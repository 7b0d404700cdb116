"""The hearing bundle built to memory from made-up evidence, and read back page by page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pikepdf
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from panelapp.domain.errors import RefusedError
from panelapp.reports import bundle
from panelapp.reports import styles as S
from panelapp.reports.data import BundleData, BundleItem, KeyMomentLine, VettingLine
from tests.reports.pdfcheck import (
    assert_fonts_embedded_and_subset,
    full_text,
    lang,
    metadata_text,
    page_texts,
    qpdf_check,
    reader,
)

pytestmark = pytest.mark.pdf
D = dt.date
SHA = "ab" * 32


def evidence_pdf(marker: str, pages: int, *, rotate: int = 0, crop: bool = False) -> bytes:
    S.register_fonts()
    out = io.BytesIO()
    c = Canvas(out, invariant=1, initialFontName=S.FONT)
    for n in range(1, pages + 1):
        c.setFont(S.FONT, 14)
        c.drawString(72, 60, f"{marker} page {n} bottom line")  # content near the foot: must stay uncovered
        c.drawString(72, 760, f"{marker} page {n} of {pages}")
        c.showPage()
    c.save()
    if not rotate and not crop:
        return out.getvalue()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
        for page in pdf.pages:
            if rotate:
                page.obj.Rotate = rotate
            if crop:
                page.obj.CropBox = pikepdf.Array([20, 30, 560, 800])
        fixed = io.BytesIO()
        pdf.save(fixed, deterministic_id=True)
    return fixed.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 220, 240)).save(out, format="PNG")
    return out.getvalue()


PDFS = {1: evidence_pdf("EVIDENCE-A1", 3), 3: evidence_pdf("EVIDENCE-B1", 2, rotate=90),
        7: evidence_pdf("EVIDENCE-C2", 1, crop=True)}


def item(key: int, tab: str, source: str, title: str, **kw: object) -> BundleItem:
    return BundleItem(key=key, section=tab[0], tab=tab, kind=kw.pop("kind", "Document"), title=title,  # type: ignore[arg-type]
                      dated=D(2024, 9, 14), source=source, **kw)  # type: ignore[arg-type]


DATA = BundleData(
    reference="NM-2025-0042", force="Northmoor Constabulary", officers=("PC Zoë Ó Súilleabháin",),
    proceeding="Misconduct hearing", hearing_start=D(2025, 6, 9), hearing_end=D(2025, 6, 11), venue="HQ",
    section_titles={"A": "Notices", "B": "Statements", "C": "Records"},
    items=(
        item(1, "A1", "pdf", "Regulation 30 notice", page_count=3),
        item(2, "A2", "typed", "BWV — PC Brook's camera", kind="Body-worn video", exhibit_ref="BWV-1",
             device="Axon Body 3", wearer="PC Brook", started="21:12:05", sha256=SHA,
             key_moments=(KeyMomentLine("00:03:18", "Two downward arm movements."),)),
        item(3, "B1", "pdf", "Statement of Σωκράτης Παπαδόπουλος", page_count=2, kind="Witness statement"),
        item(4, "B2", "image", "Photograph of the injury", kind="Photo"),
        item(5, "B3", "placeholder", "Custody CCTV (reference only)", filename="custody-cctv.mp4", sha256=SHA,
             size=734_003_200),
        item(6, "C1", "typed", "Vetting history", kind="Vetting record", vetting=(
            VettingLine("RV", "Granted", D(2016, 1, 20), D(2026, 1, 20), "Vetting Unit", "On joining."),)),
        item(7, "C2", "pdf", "Use of force extract", page_count=1),
    ),
)


def build(data: BundleData = DATA) -> tuple[bytes, bundle.BundlePlan]:
    layout = bundle.plan(data, images=lambda key: png())
    return bundle.build_bytes(data, layout, lambda key: io.BytesIO(PDFS[key])), layout


@pytest.fixture(scope="module")
def built() -> tuple[bytes, bundle.BundlePlan]:
    return build()


def front_count(pdf: bytes) -> int:
    return sum(1 for label in reader(pdf).page_labels if re.fullmatch(r"[ivxlcdm]+", label))


def test_page_labels_on_every_page_as_labels_and_stamps(built: tuple[bytes, bundle.BundlePlan]) -> None:
    pdf, layout = built
    labels = reader(pdf).page_labels
    front = front_count(pdf)
    assert labels[:front] == ["i", "ii"][:front] and front >= 2
    assert labels[front:] == layout.labels() == ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2"]
    for label, text in zip(labels, page_texts(pdf), strict=True):
        assert re.search(rf"(?<![\w-]){label}(?!\w)", text), (label, text)


def test_index_ranges_match_the_real_pages(built: tuple[bytes, bundle.BundlePlan]) -> None:
    pdf, _ = built
    labels, texts = reader(pdf).page_labels, page_texts(pdf)
    index = "\n".join(texts[1:front_count(pdf)])
    for marker in ("EVIDENCE-A1", "EVIDENCE-B1", "EVIDENCE-C2"):
        pages = [labels[i] for i, t in enumerate(texts) if marker in t]
        expected = pages[0] if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"
        assert expected in index, (marker, expected)
    for title in ("BWV — PC Brook's camera", "Vetting history", "Photograph of the injury"):
        [page] = [labels[i] for i, t in enumerate(texts) if title in t and i >= front_count(pdf)]
        assert re.search(rf"\b{page}\b", index)
    assert "A1–A3" in index and "B1–B2" in index and "C2" in index


def test_index_links_and_bookmarks_land_on_each_items_first_page(built: tuple[bytes, bundle.BundlePlan]) -> None:
    pdf, layout = built
    r = reader(pdf)
    labels = r.page_labels
    first_pages = {p.first for p in layout.items}
    targets = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page_index = {page.obj.objgen: i for i, page in enumerate(doc.pages)}
        for page in doc.pages[:front_count(pdf)]:
            for annot in page.obj.get("/Annots", []):
                assert "/A" not in annot
                targets.add(labels[page_index[annot.Dest[0].objgen]])
    assert targets == first_pages

    sections = [o for o in r.outline if not isinstance(o, list)]
    assert [s.title for s in sections] == ["Index", "Section A: Notices", "Section B: Statements",
                                          "Section C: Records"]
    children = [c for o in r.outline if isinstance(o, list) for c in o]
    assert len(children) == len(layout.items)
    for child, planned in zip(children, layout.items, strict=True):
        assert planned.item.title in child.title
        assert labels[r.get_destination_page_number(child)] == planned.first


def test_imported_pages_get_a_band_for_the_stamp_and_keep_their_content(built: tuple[bytes, bundle.BundlePlan]
                                                                        ) -> None:
    pdf, _ = built
    band = round(bundle.BAND, 3)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        labels = reader(pdf).page_labels
        boxes = {labels[i]: [round(float(v), 3) for v in p.mediabox] for i, p in enumerate(doc.pages)}
        crop = [round(float(v), 3) for v in doc.pages[labels.index("C2")].obj.CropBox]
    # upright: the band goes under the page; rotated 90°: its visual foot is the right edge
    assert boxes["A1"] == boxes["A3"] == pytest.approx([0, -band, 595.276, 841.89], abs=0.01)
    assert boxes["B1"] == pytest.approx([0, 0, 595.276 + band, 841.89], abs=0.01)
    assert crop == pytest.approx([20, 30 - band, 560, 800], abs=0.01)  # a cropped page grows its visible box
    assert boxes["A4"] == [0, 0, 595.276, 841.89]  # our own pages keep A4: they leave room for the stamp
    text = full_text(pdf)
    assert "EVIDENCE-A1 page 1 bottom line" in text and "EVIDENCE-B1 page 2 of 2" in text


def test_typed_items_and_placeholders_render_their_facts(built: tuple[bytes, bundle.BundlePlan]) -> None:
    text = full_text(built[0])
    assert "00:03:18" in text and "Two downward arm movements." in text and "Axon Body 3" in text
    assert "custody-cctv.mp4" in text and SHA in text and "734,003,200 bytes" in text
    assert "Vetting history" in text and "On joining." in text
    assert "Σωκράτης Παπαδόπουλος" in text and "Zoë Ó Súilleabháin" in text


def test_bundle_is_valid_deterministic_embedded_and_nameless_in_metadata(built: tuple[bytes, bundle.BundlePlan]
                                                                         ) -> None:
    pdf, _ = built
    assert build()[0] == pdf
    qpdf_check(pdf)
    assert_fonts_embedded_and_subset(pdf)
    meta = metadata_text(pdf)
    assert "NM-2025-0042" in meta and "Hearing bundle" in meta and "Súilleabháin" not in meta
    assert lang(pdf) == "en-GB"


def test_a_stored_pdf_with_other_page_count_is_refused() -> None:
    wrong = dataclasses.replace(DATA, items=(dataclasses.replace(DATA.items[0], page_count=4),))
    with pytest.raises(RefusedError, match="A1: the stored PDF has 3 pages"):
        build(wrong)


def test_an_unreadable_pdf_is_refused_with_its_tab() -> None:
    layout = bundle.plan(DATA, images=lambda key: png())
    with pytest.raises(RefusedError, match="bundle item A1: its PDF cannot be read"):
        bundle.build_bytes(DATA, layout, lambda key: io.BytesIO(b"%PDF-1.4 not really"))


def test_an_image_that_cannot_be_decoded_becomes_a_placeholder_page() -> None:
    data = dataclasses.replace(DATA, items=(item(4, "B1", "image", "Photograph", filename="photo.png", sha256=SHA),))
    layout = bundle.plan(data, images=lambda key: b"\x89PNG\r\n\x1a\n broken")
    pdf = bundle.build_bytes(data, layout, lambda key: io.BytesIO(b""))
    text = full_text(pdf)
    assert "This image cannot be printed" in text and "photo.png" in text and SHA in text
    assert reader(pdf).page_labels[-1] == "B1"


def test_typed_text_longer_than_a_page_runs_on_over_pages() -> None:
    """A typed statement's text (up to 200,000 characters) and a long vetting note used to stop the whole
    bundle: a table row taller than a page cannot be laid out. They now run on, and the plan counts the pages."""
    sentence = "The officer said he did not recall the exchange at the custody desk. "
    statement = (sentence * 40 + "\n") * 12 + "Signed: R. Dale."
    data = dataclasses.replace(DATA, items=(
        item(1, "B1", "typed", "Statement of Mr Dale (typed)", kind="Witness statement", notes=statement),
        item(2, "B2", "typed", "One line of 8,000 characters", notes="word " * 1600 + "Last-word-of-the-line."),
        item(3, "C1", "typed", "Vetting history", kind="Vetting record", vetting=(
            VettingLine("MV", "Granted", D(2020, 1, 1), None, "FVU", "Why: " + sentence * 80 + "End-of-reasons."),)),
        item(4, "C2", "placeholder", "Interview recording", filename="interview.mp4", sha256=SHA, notes=statement)))
    pdf, layout = build(data)
    pages = {p.item.key: p.pages for p in layout.items}
    assert pages[1] >= 5 and pages[2] >= 2 and pages[3] >= 2 and pages[4] >= 5
    labels = [f"{p.item.section}{p.start + n}" for p in layout.items for n in range(p.pages)]
    assert reader(pdf).page_labels[-len(labels):] == labels  # after the index's pages (i, ii)
    text = " ".join(full_text(pdf).split())
    assert text.count("Signed: R. Dale.") == 2 and "Last-word-of-the-line." in text and "End-of-reasons." in text


def _jpeg_turned(orientation: int) -> bytes:
    """A 400×200 JPEG, blue at its left, whose EXIF says how it is to be turned (6: a quarter turn clockwise)."""
    im = Image.new("RGB", (400, 200), "red")
    im.paste((0, 0, 255), (0, 0, 100, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    im.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_a_phone_photo_is_printed_upright() -> None:
    data = dataclasses.replace(DATA, items=(item(1, "D1", "image", "Photograph of the landing"),))
    pdf = bundle.build_bytes(data, bundle.plan(data, images=lambda key: _jpeg_turned(6)), lambda key: io.BytesIO())
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        [picture] = [pikepdf.PdfImage(x) for page in doc.pages for x in page.get_images().values()]
        assert (picture.width, picture.height) == (200, 400)  # turned as its EXIF says: standing, not lying
        assert picture.as_pil_image().convert("RGB").getpixel((100, 20))[2] > 200  # the blue side is now the top


def test_an_image_and_its_stand_in_are_one_page_whatever_the_heading() -> None:
    """The Bundle tab counts an image as its stand-in's pages (nothing is decoded to list a case): both must be
    one page with the longest title, author, file name and exhibit reference the store takes."""
    photo = item(1, "D1", "image", ("WWWWWWWWWWW " * 50)[:500].strip(), author=("MMMM " * 100)[:500].strip(),
                 filename="W" * 250 + ".png", sha256=SHA, size=123_456, exhibit_ref="W" * 64, notes="Noted. " * 900)
    data = dataclasses.replace(DATA, items=(photo,))
    for images in (None, lambda key: png(), lambda key: _jpeg_turned(6), lambda key: b"not an image"):
        layout = bundle.plan(data, images=images)
        assert [p.pages for p in layout.items] == [1]
        pdf = bundle.build_bytes(data, layout, lambda key: io.BytesIO())
        assert reader(pdf).page_labels[-1] == "D1" and "D2" not in reader(pdf).page_labels


def test_vetting_notes_follow_the_table_at_full_width() -> None:
    """A long note in the table's narrow last column was laid out again at every page (minutes at 200,000
    characters); it now follows the table, after the entry's number."""
    vetting = item(1, "C1", "typed", "Vetting history", kind="Vetting record", vetting=(
        VettingLine("MV", "Granted", D(2020, 1, 1), None, "FVU", "ok\n" * 3000 + "Last line of the note."),
        VettingLine("RV", "Withdrawn", D(2022, 1, 1), None, "FVU", "")))
    pdf, layout = build(dataclasses.replace(DATA, items=(vetting,)))
    text = " ".join(full_text(pdf).split())
    assert "Notes on entry 1" in text and "Notes on entry 2" not in text and "Last line of the note." in text
    assert text.index("Withdrawn") < text.index("Notes on entry 1")  # after the whole table
    assert layout.items[0].pages > 10
