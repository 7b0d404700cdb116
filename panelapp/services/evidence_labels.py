"""Where each item lands in the printed bundle: its section page labels ("B4"–"B6"), as stamped.

The bundle numbers pages within each section (`reports/bundle.py`), so an item's first page label depends
on the page counts of the items before it. A stored PDF's count is on record; a typed item (a BWV
reference, a vetting history) is rendered by the bundle to count its pages. Those counts are cached by
a hash of what decides them (not the text itself), so a refresh renders only what changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from panelapp.reports import bundle
from panelapp.reports.data import BundleData, BundleItem
from panelapp.services import bundle_rows


@dataclass(frozen=True)
class Placed:
    section: str
    start: int  # the section page number of the item's first page
    pages: int

    @property
    def first(self) -> str:
        return f"{self.section}{self.start}"

    @property
    def last(self) -> str:
        return f"{self.section}{self.start + self.pages - 1}"

    def page(self, page: int) -> str:
        """The label of the item's page `page` (1-based)."""
        return f"{self.section}{self.start + page - 1}"

    @property
    def range(self) -> str:
        return self.first if self.pages == 1 else f"{self.first}–{self.last}"


_PLACE = frozenset({"key", "tab"})  # which item and its tab number, not what its pages show


class PageCounter:
    """Page counts of rendered (non-PDF) items, by a hash of their content; bounded."""

    LIMIT = 4096

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def pages(self, data: BundleData, item: BundleItem) -> int:
        if item.source == "pdf":
            return item.page_count
        # The page's heading says "Section D, tab 10": a longer tab number may wrap it. Digits are all as wide,
        # so the count holds for any tab of the same section with as many digits (moving within a section).
        neutral = [v for k, v in vars(item).items() if k not in _PLACE]
        key = hashlib.sha256(repr((neutral, len(item.tab), data.reference, data.force)).encode()).hexdigest()
        count = self._counts.get(key)
        if count is None:
            alone = dataclasses.replace(data, items=(dataclasses.replace(item, key=0),))
            count = bundle.plan(alone).items[0].pages
            if len(self._counts) >= self.LIMIT:
                self._counts.clear()
            self._counts[key] = count
        return count


def placements(session: Session, case_id: int, counter: PageCounter) -> dict[int, Placed]:
    """Every item of the case (by evidence id) with its first section page and page count."""
    return placed_items(bundle_rows.load(session, case_id).data, counter)


def placed_items(data: BundleData, counter: PageCounter) -> dict[int, Placed]:
    """Every tab of `data` (by key) with its first section page and page count."""
    placed: dict[int, Placed] = {}
    next_page: dict[str, int] = {}
    for item in data.items:
        pages = counter.pages(data, item)
        start = next_page.get(item.section, 1)
        next_page[item.section] = start + pages
        placed[item.key] = Placed(item.section, start, pages)
    return placed
