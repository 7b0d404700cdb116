"""The hearing bundle: cover, linked index, every item's pages, bookmarks and a label on every page.

Labels follow court practice: pages are numbered within each section ("B1", "B2", …), so a pinpoint
reference names the section page and survives re-ordering elsewhere in the bundle; cover and index are
"i", "ii", … The labels are both the PDF's page labels (what a viewer shows) and a stamp in the margin.

Stored PDFs are merged with pikepdf from readers the caller opens per item, so a store can hand out
its chunks lazily; nothing is written to disk. Imported pages are never drawn over: each gets a band
added at its (visual) foot for the stamp, so the evidence itself keeps its exact size and position.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf
from PIL import Image

from panelapp.domain.errors import RefusedError
from panelapp.reports import bundle_pages as P
from panelapp.reports import styles as S
from panelapp.reports.data import BundleData, BundleItem

STAMP_FONT = Name("/PanelappBundleLabel")
BAND = P.STAMP_HEIGHT  # added below an imported page's content for its label


UNPRINTABLE_IMAGE = "This image cannot be printed; the original is identified by its name and SHA-256 hash below."


@dataclass(frozen=True)
class PlannedItem:
    item: BundleItem
    start: int  # the section page number of the item's first page
    pages: int

    @property
    def first(self) -> str:
        return f"{self.item.section}{self.start}"

    @property
    def last(self) -> str:
        return f"{self.item.section}{self.start + self.pages - 1}"

    @property
    def range(self) -> str:
        return P.page_range(self.first, self.last)


@dataclass(frozen=True)
class BundlePlan:
    """Where every item lands, and the pages we render ourselves (typed items and placeholders)."""

    items: tuple[PlannedItem, ...]
    rendered: dict[int, bytes]

    def label(self, key: int, page: int | None = None) -> str:
        """The bundle label of an item's page (its first page when `page` is None)."""
        planned = next(p for p in self.items if p.item.key == key)
        if page is None or not 1 <= page <= planned.pages:
            return planned.first
        return f"{planned.item.section}{planned.start + page - 1}"

    def labels(self) -> list[str]:
        return [f"{p.item.section}{p.start + i}" for p in self.items for i in range(p.pages)]


def _count_pages(pdf_bytes: bytes) -> int:
    with Pdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return len(pdf.pages)


def placeholder_reason(item: BundleItem) -> str:
    if item.size is None and not item.filename:
        return "This item is recorded by reference only; it is not reproduced in the bundle."
    return ("This file is not reproduced in the bundle (a reference-only file, or one that cannot be printed). "
            "The original is identified by its name and SHA-256 hash below.")


def plan(data: BundleData, images: Callable[[int], bytes] | None = None) -> BundlePlan:
    """Lay the bundle out: page counts per item and section page numbers. Renders typed pages once."""
    rendered: dict[int, bytes] = {}
    placed: list[PlannedItem] = []
    next_page: dict[str, int] = {}
    for item in data.items:
        if item.source == "pdf":
            pages = item.page_count
        else:
            if item.source == "typed":
                rendered[item.key] = P.typed_item(data, item)
            elif item.source == "image" and images is not None:
                try:
                    rendered[item.key] = P.image_item(data, item, images(item.key))
                except (OSError, ValueError, Image.DecompressionBombError):  # not decodable here: say so
                    rendered[item.key] = P.placeholder(data, item, UNPRINTABLE_IMAGE)
            else:  # a placeholder, or an image whose bytes the caller did not supply yet
                rendered[item.key] = P.placeholder(data, item, placeholder_reason(item))
            pages = _count_pages(rendered[item.key])
        start = next_page.get(item.section, 1)
        next_page[item.section] = start + pages
        placed.append(PlannedItem(item, start, pages))
    return BundlePlan(tuple(placed), rendered)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _box(value: pikepdf.Object) -> list[float]:
    x0, y0, x1, y1 = (float(v) for v in value)
    return [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]


def _pad_and_place(page: pikepdf.Page, pad: bool) -> tuple[float, ...]:
    """Grow the visible page by a band at its visual foot (when `pad`); the stamp's placement matrix."""
    rotate = int(page.obj.get(Name.Rotate, 0)) % 360
    media = _box(page.obj.MediaBox)
    visible = _box(page.obj.CropBox) if Name.CropBox in page.obj else list(media)
    if pad:
        edge, grow = {0: (1, -BAND), 90: (2, BAND), 180: (3, BAND), 270: (0, -BAND)}.get(rotate, (1, -BAND))
        visible[edge] += grow
        media[edge] = min(media[edge], visible[edge]) if grow < 0 else max(media[edge], visible[edge])
        page.obj.MediaBox = Array(media)
        if Name.CropBox in page.obj:
            page.obj.CropBox = Array(visible)
    x0, y0, x1, y1 = visible
    w = P.STAMP_WIDTH
    return {0: (1, 0, 0, 1, x1 - w, y0), 90: (0, 1, -1, 0, x1, y1 - w), 180: (-1, 0, 0, -1, x0 + w, y1),
            270: (0, -1, 1, 0, x0, y0 + w)}.get(rotate, (1, 0, 0, 1, x1 - w, y0))


def _stamp(page: pikepdf.Page, text: bytes, font: pikepdf.Object, opening: pikepdf.Stream, pad: bool) -> None:
    """The label in the margin, drawn after the page's own content, which is wrapped in q … Q first."""
    matrix = _pad_and_place(page, pad)
    if Name.Resources not in page.obj:
        page.obj.Resources = Dictionary()
    resources = page.obj.Resources
    if Name.Font not in resources:
        resources.Font = Dictionary()
    resources.Font[STAMP_FONT] = font
    page.contents_add(opening, prepend=True)
    cm = " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in matrix)
    page.contents_add(b"\nQ\nq " + cm.encode("ascii") + b" cm " + text + b" Q\n")


def _open_part(source: BinaryIO | bytes, tab: str) -> Pdf:
    try:
        return Pdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (pikepdf.PdfError, pikepdf.PasswordError) as exc:
        raise RefusedError(f"bundle item {tab}: its PDF cannot be read ({exc.__class__.__name__})") from exc


def build(data: BundleData, layout: BundlePlan, open_pdf: Callable[[int], BinaryIO], out: BinaryIO) -> None:
    """Write the bundle to `out`. `open_pdf(key)` gives a seekable reader of a stored PDF item's bytes."""
    ranges = [(p.item, p.range) for p in layout.items]
    front = _open_part(P.front_matter(data, ranges), "index")
    bundle = Pdf.new()
    bundle.pages.extend(front.pages)
    front_count = len(front.pages)
    sources: list[Pdf] = [front]  # stream data is read lazily at save time: keep sources open till then
    starts: dict[str, int] = {}
    sections: list[tuple[str, int]] = []
    for planned in layout.items:
        item = planned.item
        part = _open_part(layout.rendered[item.key] if item.key in layout.rendered else open_pdf(item.key), item.tab)
        sources.append(part)
        if len(part.pages) != planned.pages:
            raise RefusedError(f"bundle item {item.tab}: the stored PDF has {len(part.pages)} pages, "
                               f"the store recorded {planned.pages}")
        starts[item.tab] = len(bundle.pages)
        if not sections or sections[-1][0] != item.section:
            sections.append((item.section, len(bundle.pages)))
        bundle.pages.extend(part.pages)

    labels = [_roman(i + 1) for i in range(front_count)] + layout.labels()
    stamps = P.stamp_font(labels)
    sheet = Pdf.open(io.BytesIO(stamps.pdf))
    sources.append(sheet)
    font = bundle.copy_foreign(next(iter(sheet.pages[0].Resources.Font.values())))
    opening = pikepdf.Stream(bundle, b"q\n")  # one stream object shared by every page
    texts = {label: P.stamp_text(str(STAMP_FONT), code, stamps.widths[label]) for label, code in stamps.codes.items()}
    imported = {i for p in layout.items if p.item.key not in layout.rendered
                for i in range(starts[p.item.tab], starts[p.item.tab] + p.pages)}
    for index, page in enumerate(bundle.pages):
        _stamp(page, texts[labels[index]], font, opening, pad=index in imported)

    _page_labels(bundle, front_count, sections)
    _outline(bundle, data, layout, starts)
    _resolve_index_links(bundle, front_count, starts)
    _finish(bundle, data)
    bundle.save(out, deterministic_id=True)
    for pdf in sources:
        pdf.close()


def _page_labels(bundle: Pdf, front_count: int, sections: list[tuple[str, int]]) -> None:
    nums: list[object] = [0, Dictionary(S=Name.r)]
    for section, first in sections:
        nums += [first, Dictionary(S=Name.D, P=pikepdf.String(section), St=1)]
    if sections and sections[0][1] != front_count:  # pragma: no cover - items always follow the index
        raise AssertionError("bundle items must follow the front matter")
    bundle.Root.PageLabels = Dictionary(Nums=Array(nums))


def _outline(bundle: Pdf, data: BundleData, layout: BundlePlan, starts: dict[str, int]) -> None:
    with bundle.open_outline() as outline:
        outline.root.append(OutlineItem("Index", 1 if len(bundle.pages) > 1 else 0))
        current: OutlineItem | None = None
        section = None
        for planned in layout.items:
            item = planned.item
            if current is None or section != item.section:
                section = item.section
                heading = data.section_titles.get(item.section, "")
                current = OutlineItem(f"Section {item.section}" + (f": {heading}" if heading else ""),
                                      starts[item.tab])
                outline.root.append(current)
            tab = item.tab[len(item.section):] if item.tab.startswith(item.section) else item.tab
            current.children.append(OutlineItem(f"{tab}. {item.title} ({planned.range})", starts[item.tab]))


def _resolve_index_links(bundle: Pdf, front_count: int, starts: dict[str, int]) -> None:
    """Index entries were written as `panelapp-bundle:TAB` links: point them at the item's first page."""
    for page in bundle.pages[:front_count]:
        for annot in page.obj.get(Name.Annots, Array()):
            action = annot.get(Name.A)
            uri = str(action.get(Name.URI, "")) if action is not None else ""
            if not uri.startswith(P.LINK_SCHEME):
                continue
            target = starts.get(uri[len(P.LINK_SCHEME):])
            if target is None:  # pragma: no cover - the index only links tabs it lists
                continue
            del annot[Name.A]
            annot.Dest = Array([bundle.pages[target].obj, Name.Fit])
            annot.Border = Array([0, 0, 0])


def _finish(bundle: Pdf, data: BundleData) -> None:
    """Document language, title shown instead of a file name, bookmarks open; metadata without names."""
    bundle.Root.Lang = pikepdf.String(S.LANGUAGE)
    bundle.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    bundle.Root.PageMode = Name.UseOutlines
    info = bundle.docinfo
    for key in list(info.keys()):
        del info[key]
    info[Name.Title] = f"Hearing bundle {data.reference}"
    info[Name.Subject] = f"Hearing bundle {data.reference}"
    info[Name.Keywords] = data.reference
    info[Name.Creator] = S.PRODUCER
    info[Name.Producer] = S.PRODUCER


def build_bytes(data: BundleData, layout: BundlePlan, open_pdf: Callable[[int], BinaryIO]) -> bytes:
    out = io.BytesIO()
    build(data, layout, open_pdf, out)
    return out.getvalue()
