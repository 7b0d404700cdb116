"""The hearing bundle: cover, linked index, every item's pages, bookmarks and a label on every page.

Labels follow court practice: pages are numbered within each section ("B1", "B2", …), so a pinpoint
reference names the section page and survives re-ordering elsewhere in the bundle; cover and index are
"i", "ii", … The labels are both the PDF's page labels (what a viewer shows) and a stamp in the margin.

Stored PDFs are read with pikepdf from readers the caller opens per item, so a store can hand out its
chunks lazily; each is copied to the output (`pdf_writer`) and closed before the next is opened, so
memory stays flat however large the bundle: nothing is written to disk but the caller's `out`. Images
are rendered when planning (to count their pages) and again when their turn comes, rather than held.
Imported pages are never drawn over: each gets a band added at its (visual) foot for the stamp, so the
evidence itself keeps its exact size and position.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf
from PIL import Image

from panelapp.domain.errors import RefusedError
from panelapp.reports import bundle_pages as P
from panelapp.reports import styles as S
from panelapp.reports.data import BundleData, BundleItem
from panelapp.reports.pdf_writer import ObjectCopier, StreamingPdfWriter, pdf_string

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
    """Where every item lands, and the pages we render ourselves (typed items and placeholders; images are
    rendered again by `later` when the bundle is written, so their bytes are not held meanwhile)."""

    items: tuple[PlannedItem, ...]
    rendered: dict[int, bytes]
    later: dict[int, Callable[[], bytes]] = field(default_factory=dict)

    def pages_of(self, key: int) -> bytes | None:
        """The PDF we render for an item, or None for a stored PDF."""
        if key in self.later:
            return self.later[key]()
        return self.rendered.get(key)

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


def _image_pages(data: BundleData, item: BundleItem, images: Callable[[int], bytes]) -> bytes:
    try:
        return P.image_item(data, item, images(item.key))
    except (OSError, ValueError, Image.DecompressionBombError):  # not decodable here: say so
        return P.placeholder(data, item, UNPRINTABLE_IMAGE)


def plan(data: BundleData, images: Callable[[int], bytes] | None = None) -> BundlePlan:
    """Lay the bundle out: page counts per item and section page numbers. Renders typed pages once;
    images are rendered to count their pages, and again (one at a time) when the bundle is written."""
    rendered: dict[int, bytes] = {}
    later: dict[int, Callable[[], bytes]] = {}
    placed: list[PlannedItem] = []
    next_page: dict[str, int] = {}
    for item in data.items:
        if item.source == "pdf":
            pages = item.page_count
        elif item.source == "image" and images is not None:
            pages = _count_pages(_image_pages(data, item, images))
            later[item.key] = functools.partial(_image_pages, data, item, images)
        else:
            if item.source == "typed":
                rendered[item.key] = P.typed_item(data, item)
            else:  # a placeholder, or an image whose bytes the caller did not supply yet
                rendered[item.key] = P.placeholder(data, item, placeholder_reason(item))
            pages = _count_pages(rendered[item.key])
        start = next_page.get(item.section, 1)
        next_page[item.section] = start + pages
        placed.append(PlannedItem(item, start, pages))
    return BundlePlan(tuple(placed), rendered, later)


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


@dataclass(frozen=True)
class _Target:
    """Where pages go in the output and what every page gets."""

    writer: StreamingPdfWriter
    pages_root: int
    opening: int  # one "q" stream shared by every page
    font: int  # the stamp font, written once
    texts: dict[str, bytes]  # label -> content drawing it


def _copy_pages(target: _Target, source: Pdf, numbers: list[int], labels: list[str], *, pad: bool,
                links: dict[str, int] | None = None) -> None:
    """Write `source`'s pages as output objects `numbers`, each stamped with its label in the margin.

    The page's own content is wrapped in q … Q and the stamp drawn after it; imported pages (`pad`) grow a
    band at their visual foot for it. `links` turns the index's `panelapp-bundle:TAB` links into
    destinations (output page numbers by tab).
    """
    copier = ObjectCopier(target.writer, source)
    font = copier.placeholder(target.font)
    opening = copier.placeholder(target.opening)
    pages = list(source.pages)  # pikepdf's page list pushes inherited attributes (MediaBox, Resources…) down
    for page, number in zip(pages, numbers, strict=True):
        copier.alias(page.obj, number)
    for page, number, label in zip(pages, numbers, labels, strict=True):
        obj = page.obj
        matrix = _pad_and_place(page, pad)
        if Name.Resources not in obj:
            obj.Resources = Dictionary()
        if Name.Font not in obj.Resources:
            obj.Resources.Font = Dictionary()
        obj.Resources.Font[STAMP_FONT] = font
        contents = obj.get(Name.Contents)
        parts = list(contents) if isinstance(contents, Array) else [contents] if contents is not None else []
        cm = " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in matrix)
        closing = source.make_stream(b"\nQ\nq " + cm.encode("ascii") + b" cm " + target.texts[label] + b" Q\n")
        obj.Contents = Array([opening, *parts, closing])
        if links is not None:
            _link_index(copier, obj, links)
        if Name.Parent in obj:
            del obj[Name.Parent]
        body = copier.body(obj)
        target.writer.write_object(number, body[:-2].rstrip() + b" /Parent %d 0 R >>" % target.pages_root)
        copier.flush()


def _link_index(copier: ObjectCopier, page: pikepdf.Object, links: dict[str, int]) -> None:
    """Index entries were written as `panelapp-bundle:TAB` links: point them at the item's first page."""
    for annot in page.get(Name.Annots, Array()):
        action = annot.get(Name.A)
        uri = str(action.get(Name.URI, "")) if action is not None else ""
        if not uri.startswith(P.LINK_SCHEME):
            continue
        target = links.get(uri[len(P.LINK_SCHEME):])
        if target is None:  # pragma: no cover - the index only links tabs it lists
            continue
        del annot[Name.A]
        annot.Dest = Array([copier.placeholder(target), Name.Fit])
        annot.Border = Array([0, 0, 0])


def _open_part(source: BinaryIO | bytes, tab: str) -> Pdf:
    try:
        return Pdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (pikepdf.PdfError, pikepdf.PasswordError) as exc:
        raise RefusedError(f"bundle item {tab}: its PDF cannot be read ({exc.__class__.__name__})") from exc


def _stamp_font(writer: StreamingPdfWriter, labels: list[str]) -> tuple[int, dict[str, bytes]]:
    """The bold face subset to the labels' characters, written once; each label's stamp content."""
    stamps = P.stamp_font(labels)
    with Pdf.open(io.BytesIO(stamps.pdf)) as sheet:
        copier = ObjectCopier(writer, sheet)
        font = copier.ref(next(iter(sheet.pages[0].Resources.Font.values())).objgen)
        copier.flush()
    texts = {label: P.stamp_text(str(STAMP_FONT), code, stamps.widths[label]) for label, code in stamps.codes.items()}
    return font, texts


def build(data: BundleData, layout: BundlePlan, open_pdf: Callable[[int], BinaryIO], out: BinaryIO) -> None:
    """Write the bundle to `out`, one item at a time: each item's PDF is opened with `open_pdf(key)` (a
    seekable reader of a stored PDF item's bytes), copied and closed before the next, so memory does not
    grow with the bundle. `out` is only appended to."""
    ranges = [(p.item, p.range) for p in layout.items]
    front = _open_part(P.front_matter(data, ranges), "index")
    front_count = len(front.pages)
    labels = [_roman(i + 1) for i in range(front_count)] + layout.labels()
    writer = StreamingPdfWriter(out)
    catalog, pages_root, opening = writer.reserve(), writer.reserve(), writer.reserve()
    numbers = [writer.reserve() for _ in labels]
    writer.write_stream(opening, b"<< >>", b"q\n")
    font, texts = _stamp_font(writer, labels)
    target = _Target(writer, pages_root, opening, font, texts)

    starts: dict[str, int] = {}
    sections: list[tuple[str, int]] = []
    at = front_count
    for planned in layout.items:
        starts[planned.item.tab] = at
        if not sections or sections[-1][0] != planned.item.section:
            sections.append((planned.item.section, at))
        at += planned.pages
    with front:
        _copy_pages(target, front, numbers[:front_count], labels[:front_count], pad=False,
                    links={tab: numbers[i] for tab, i in starts.items()})
    for planned in layout.items:
        item, first = planned.item, starts[planned.item.tab]
        rendered = layout.pages_of(item.key)
        reader = open_pdf(item.key) if rendered is None else None
        try:
            with _open_part(rendered if rendered is not None else reader, item.tab) as part:  # type: ignore[arg-type]
                if len(part.pages) != planned.pages:
                    raise RefusedError(f"bundle item {item.tab}: the stored PDF has {len(part.pages)} pages, "
                                       f"the store recorded {planned.pages}")
                _copy_pages(target, part, numbers[first:first + planned.pages],
                            labels[first:first + planned.pages], pad=rendered is None)
        finally:
            if reader is not None:
                reader.close()

    outline = _outline(writer, data, layout, [numbers[starts[p.item.tab]] for p in layout.items], numbers)
    writer.write_object(pages_root, b"<< /Type /Pages /Count %d /Kids [ %s ] >>"
                        % (len(numbers), b" ".join(b"%d 0 R" % n for n in numbers)))
    info = writer.reserve()
    writer.write_object(info, _info(data))
    writer.write_object(catalog, b"<< /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageMode /UseOutlines "
                        b"/PageLabels %s /Lang %s /ViewerPreferences << /DisplayDocTitle true >> >>"
                        % (pages_root, outline, _page_labels(sections), pdf_string(S.LANGUAGE)))
    writer.finish(catalog, info)


def _page_labels(sections: list[tuple[str, int]]) -> bytes:
    """Front matter "i", "ii", …; then each section's pages "B1", "B2", …"""
    nums = [b"0 << /S /r >>"] + [b"%d << /S /D /P %s /St 1 >>" % (first, pdf_string(section))
                                 for section, first in sections]
    return b"<< /Nums [ " + b" ".join(nums) + b" ] >>"


def _outline(writer: StreamingPdfWriter, data: BundleData, layout: BundlePlan, firsts: list[int],
             pages: list[int]) -> int:
    """Bookmarks: the index, then each section (open) with an entry per item. Returns the outline root."""
    tree: list[tuple[str, int, list[tuple[str, int]]]] = [("Index", pages[1] if len(pages) > 1 else pages[0], [])]
    section = None
    for planned, first in zip(layout.items, firsts, strict=True):
        item = planned.item
        if item.section != section:
            section = item.section
            heading = data.section_titles.get(section, "")
            tree.append((f"Section {section}" + (f": {heading}" if heading else ""), first, []))
        tab = item.tab[len(item.section):] if item.tab.startswith(item.section) else item.tab
        tree[-1][2].append((f"{tab}. {item.title} ({planned.range})", first))
    root = writer.reserve()
    tops = [writer.reserve() for _ in tree]
    for i, (title, page, children) in enumerate(tree):
        kids = [writer.reserve() for _ in children]
        for j, (child, child_page) in enumerate(children):
            writer.write_object(kids[j], _outline_item(child, child_page, tops[i], kids, j))
        extra = b" /First %d 0 R /Last %d 0 R /Count %d" % (kids[0], kids[-1], len(kids)) if kids else b""
        writer.write_object(tops[i], _outline_item(title, page, root, tops, i, extra))
    visible = len(tree) + sum(len(children) for _, _, children in tree)
    writer.write_object(root, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>"
                        % (tops[0], tops[-1], visible))
    return root


def _outline_item(title: str, page: int, parent: int, siblings: list[int], index: int, extra: bytes = b"") -> bytes:
    links = b"".join((b" /Prev %d 0 R" % siblings[index - 1] if index else b"",
                      b" /Next %d 0 R" % siblings[index + 1] if index + 1 < len(siblings) else b""))
    return (b"<< /Title %s /Parent %d 0 R /Dest [ %d 0 R /Fit ]%s%s >>"
            % (pdf_string(title), parent, page, links, extra))


def _info(data: BundleData) -> bytes:
    """Title shown instead of a file name; reference, never names."""
    title = pdf_string(f"Hearing bundle {data.reference}")
    producer = pdf_string(S.PRODUCER)
    return (b"<< /Title %s /Subject %s /Keywords %s /Creator %s /Producer %s >>"
            % (title, title, pdf_string(data.reference), producer, producer))


def build_bytes(data: BundleData, layout: BundlePlan, open_pdf: Callable[[int], BinaryIO]) -> bytes:
    out = io.BytesIO()
    build(data, layout, open_pdf, out)
    return out.getvalue()
