"""The pages of the hearing bundle that we write ourselves (ReportLab): cover and index, typed items
(BWV/CCTV references with key moments, vetting history, notes), placeholders for files that are not
reproduced, images placed on a page, and the sheet of margin stamps.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from PIL import Image as PILImage
from PIL import ImageOps
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepInFrame, PageBreak, Spacer, TableStyle

from panelapp.reports import styles as S
from panelapp.reports.data import BundleData, BundleItem
from panelapp.reports.parts import (
    Furniture,
    build_document,
    date_range,
    esc,
    facts_table,
    grid_table,
    long_date,
    para,
    paragraph,
    paras,
)

_ORIENTATION = 0x0112  # the EXIF tag
LINK_SCHEME = "panelapp-bundle:"  # index links, turned into in-document destinations after merging
STAMP_WIDTH = 60 * mm
STAMP_HEIGHT = 12 * mm
STAMP_RIGHT_INSET = 8 * mm
STAMP_BASELINE = 4.2 * mm
STAMP_SIZE = 10.5


def _furniture(data: BundleData) -> Furniture:
    return Furniture(marking=data.marking, left_header=data.force,
                     right_header=f"Hearing bundle · {data.reference}", page_numbers=False)


def _build(data: BundleData, story: list[Flowable], title: str) -> bytes:
    return build_document(story, _furniture(data), title=title, subject=f"Hearing bundle {data.reference}",
                          keywords=(data.reference,), author=data.force)


def page_range(first: str, last: str) -> str:
    return first if first == last else f"{first}–{last}"


def front_matter(data: BundleData, ranges: Sequence[tuple[BundleItem, str]]) -> bytes:
    """Cover and index. `ranges` pairs every item with its page range ("B1–B12"), in bundle order."""
    st = S.styles()
    sections = len(dict.fromkeys(i.section for i in data.items))
    story: list[Flowable] = [
        Spacer(1, 30 * mm), paragraph("Hearing bundle", st.cover_title), para(data.force, st.cover_line),
        Spacer(1, 14 * mm), para("Misconduct proceedings concerning", st.cover_note),
        *[para(officer, st.cover_name) for officer in data.officers],
        Spacer(1, 10 * mm), para(data.proceeding, st.cover_line),
        para(date_range(data.hearing_start, data.hearing_end), st.cover_line),
        *([para(data.venue, st.cover_line)] if data.venue else []),
        Spacer(1, 10 * mm), para(f"Case reference {data.reference}", st.cover_line),
        Spacer(1, 28 * mm),
        para(f"{len(data.items)} items in {sections} sections · index on page ii", st.cover_note),
        para(f"Protective marking: {data.marking}", st.cover_note),
        PageBreak(), paragraph("Index", st.title),
        paragraph("Page references are to the bundle labels stamped at the foot of each page.", st.subtitle),
    ]
    rows: list[list[object]] = []
    section_rows: list[int] = []
    section = None
    for item, pages in ranges:
        if item.section != section:
            section = item.section
            section_rows.append(len(rows) + 1)
            heading = data.section_titles.get(section, "")
            rows.append([paragraph(f"Section {esc(section)}" + (f": {esc(heading)}" if heading else ""),
                                   st.cell_bold), "", "", ""])
        link = quoteattr(LINK_SCHEME + item.tab)
        title = esc(item.title) + (f"<br/><font size=7.5 color='#505a5f'>{esc(item.kind)}"
                                      + (f" · {esc(item.exhibit_ref)}" if item.exhibit_ref else "") + "</font>")
        tab = item.tab[len(item.section):] if item.tab.startswith(item.section) else item.tab
        rows.append([tab, paragraph(f"<a href={link} color='#1d3557'>{title}</a>", st.cell),
                     long_date(item.dated, "undated"), pages])
    widths = (12 * mm, S.CONTENT_WIDTH - 76 * mm, 38 * mm, 26 * mm)
    table = grid_table(("Tab", "Title", "Date", "Pages"), rows, widths, plain_columns=(0, 2, 3))
    table.setStyle(TableStyle([cmd for r in section_rows for cmd in (
        ("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), S.SHADE))]))
    story.append(table)
    return _build(data, story, f"Hearing bundle {data.reference}")


def _item_heading(item: BundleItem) -> list[Flowable]:
    st = S.styles()
    tab = item.tab[len(item.section):] if item.tab.startswith(item.section) else item.tab
    where = f"Section {item.section}, tab {tab} · {item.kind}" + (f" · exhibit {item.exhibit_ref}"
                                                                  if item.exhibit_ref else "")
    return [paragraph(esc(item.title), st.title), paragraph(esc(where), st.subtitle)]


def _notes(item: BundleItem) -> list[Flowable]:
    """An item's notes (a typed statement's whole text) under a heading, a paragraph per line."""
    if not item.notes.strip():
        return []
    return [paragraph("Notes", S.styles().h2), *paras(item.notes, S.styles().body)]


def typed_item(data: BundleData, item: BundleItem) -> bytes:
    """A BWV/CCTV reference, a vetting history or a typed note, as pages."""
    st = S.styles()
    story = _item_heading(item)
    rows = [(k, v) for k, v in (
        ("Author / source", item.author), ("Date", long_date(item.dated, "")), ("Device", item.device),
        ("Camera wearer", item.wearer), ("Recording starts", item.started), ("Recording ends", item.ended),
        ("File", item.filename), ("Size", f"{item.size:,} bytes" if item.size is not None else ""),
        ("Media SHA-256", item.sha256)) if v]
    if rows:
        story.append(facts_table(rows))
    story += _notes(item)
    if item.key_moments:
        story += [paragraph("Key moments", st.h1),
                  grid_table(("Time", "What can be seen or heard"), [(m.at, m.note) for m in item.key_moments],
                             (24 * mm, S.CONTENT_WIDTH - 24 * mm))]
    if item.vetting:
        # An entry's notes (up to 200,000 characters) follow the table at full width: in a narrow column they
        # were laid out again at every page they ran over (minutes for a long note).
        story += [paragraph("Vetting history", st.h1), grid_table(
            ("Entry", "Level", "Decision", "Decided", "Review due", "By"),
            [(str(n), v.level, v.decision, long_date(v.decided_on, "—"), long_date(v.review_due_on, "—"),
              v.reviewer) for n, v in enumerate(item.vetting, start=1)],
            (14 * mm, 16 * mm, 24 * mm, 27 * mm, 27 * mm, S.CONTENT_WIDTH - 108 * mm))]
        for n, v in enumerate(item.vetting, start=1):
            if v.notes.strip():
                story += [paragraph(f"Notes on entry {n}", st.h2), *paras(v.notes, st.body)]
    if len(story) == 2:
        story.append(para("No further details are recorded for this item.", st.body))
    return _build(data, story, f"{item.tab} {data.reference}")


def placeholder(data: BundleData, item: BundleItem, reason: str) -> bytes:
    """One page standing for a file that is not reproduced (reference only, not stored, not printable)."""
    st = S.styles()
    rows = [("File", item.filename or "not recorded"), ("SHA-256", item.sha256 or "not recorded")]
    if item.size is not None:
        rows.append(("Size", f"{item.size:,} bytes"))
    if item.author:
        rows.append(("Author / source", item.author))
    story = [*_item_heading(item), para(reason, st.body), Spacer(1, 2 * mm), facts_table(rows)]
    if item.source == "image":  # one page, as the image's own page is (see `image_item`): no notes, and shrunk
        return _build(data, [_one_page(story)], f"{item.tab} {data.reference}")
    return _build(data, [*story, *_notes(item)], f"{item.tab} {data.reference}")


def _one_page(story: list[Flowable]) -> Flowable:
    """`story` shrunk, if it must be, to fit one page."""
    return KeepInFrame(S.CONTENT_WIDTH, S.PAGE[1] - S.MARGIN_TOP - S.MARGIN_BOTTOM, story, mode="shrink")


def image_item(data: BundleData, item: BundleItem, image: bytes) -> bytes:
    """The image scaled to fit one page under its heading, turned upright as its EXIF orientation says (a phone
    photo is stored sideways with a note of which way up it was taken)."""
    with PILImage.open(io.BytesIO(image)) as im:
        upright = ImageOps.exif_transpose(im) if im.getexif().get(_ORIENTATION, 1) != 1 else im
        width, height = upright.size
        if upright is im and im.format in ("JPEG", "PNG"):
            source = io.BytesIO(image)  # embedded as they are
        else:
            source = io.BytesIO()
            upright.convert("RGBA" if "A" in upright.getbands() else "RGB").save(source, format="PNG")
            source.seek(0)
    heading = _item_heading(item)
    # Always one page, whatever the title's length: the bundle's page labels are counted without decoding
    # images (`bundle.plan` without them), so an image must never run on to a second page.
    below = S.PAGE[1] - S.MARGIN_TOP - S.MARGIN_BOTTOM - _height(heading) - 6 * mm
    box_w, box_h = S.CONTENT_WIDTH, max(below, 20 * mm)
    scale = min(box_w / width, box_h / height)
    flowable = Image(source, width=width * scale, height=height * scale)
    return _build(data, [_one_page([*heading, flowable])], f"{item.tab} {data.reference}")


def _height(flowables: Sequence[Flowable]) -> float:
    """The height `flowables` take at the page's width, with the space around each."""
    return float(sum(f.wrap(S.CONTENT_WIDTH, S.PAGE[1])[1] + f.getSpaceBefore() + f.getSpaceAfter()
                     for f in flowables))


@dataclass(frozen=True)
class StampFont:
    """The bold face subset to the characters of every label, and each label encoded for it."""

    pdf: bytes  # a one-page PDF whose only font is the subset
    codes: dict[str, bytes]  # label -> bytes to show with that font
    widths: dict[str, float]  # label -> width at STAMP_SIZE


def stamp_font(labels: Sequence[str]) -> StampFont:
    """Embed the glyphs the margin stamps need once, so each page's stamp is a few bytes of text."""
    S.register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(STAMP_WIDTH, STAMP_HEIGHT), invariant=1, initialFontName=S.FONT_BOLD)
    font = pdfmetrics.getFont(S.FONT_BOLD)
    c.setFont(S.FONT_BOLD, STAMP_SIZE)
    c.drawString(0, 0, "".join(sorted(set("".join(labels)))))
    codes: dict[str, bytes] = {}
    for label in dict.fromkeys(labels):
        parts = font.splitString(label, c._doc)
        if len(parts) != 1 or parts[0][0] != 0:  # pragma: no cover - labels are short ASCII-like strings
            raise ValueError(f"bundle label {label!r} needs more than one font subset")
        codes[label] = parts[0][1]
    c.showPage()
    c.save()
    widths = {label: pdfmetrics.stringWidth(label, S.FONT_BOLD, STAMP_SIZE) for label in codes}
    return StampFont(buffer.getvalue(), codes, widths)


def stamp_text(font_name: str, code: bytes, width: float) -> bytes:
    """Content drawing one label right-aligned in the stamp's box (origin at the box's lower left)."""
    x = STAMP_WIDTH - STAMP_RIGHT_INSET - width
    r, g, b = S.ACCENT.rgb()
    return (f"BT {font_name} {STAMP_SIZE} Tf {r:.3f} {g:.3f} {b:.3f} rg {x:.2f} {STAMP_BASELINE:.2f} Td "
            f"<{code.hex()}> Tj ET").encode("ascii")
