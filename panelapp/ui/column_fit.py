"""Table columns that fit the table's width: each as wide as its text, the widest capped so all of them fit.

At 1280×800 the allegations' particulars and the panel's last column were cut off (sized to the longest
text, the table scrolled sideways, and the column that mattered got what was left). Here a column keeps its
text's width while there is room; when there is not, the widest columns are cut down to one common width
(their text elided; the cell's tooltip has it whole), and a stretching column (the particulars, a table's
last column) keeps its share. Refitted when the table is resized.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

PADDING = 8  # beside the text, so neighbouring columns do not run together
NARROWEST = 48  # a cut column keeps at least this much (a few letters and the ellipsis)


def capped(widths: list[int], budget: int, floor: int = NARROWEST) -> list[int]:
    """The widths, the widest cut to one common cap so they add up to at most `budget` (never below
    `floor`): the narrow columns keep their whole text."""
    if sum(widths) <= budget:
        return list(widths)
    rest, count = budget, len(widths)
    for width in sorted(widths):
        cap = rest // count
        if width > cap:
            return [min(w, max(cap, floor)) for w in widths]
        rest -= width
        count -= 1
    return list(widths)


class ColumnFitter(QObject):
    """Keeps `view`'s columns within its width. `share`: the part of the width a stretching column keeps
    at least (when its text needs it)."""

    def __init__(self, view: QTableView, widest: int = 260, share: float = 0.3) -> None:
        super().__init__(view)
        self.view = view
        self.widest = widest
        self.share = share
        self._natural: list[int] = []
        view.viewport().installEventFilter(self)

    @classmethod
    def of(cls, view: QTableView, widest: int = 260, share: float = 0.3) -> ColumnFitter:
        """The view's fitter (made on first use)."""
        fitter = view.findChild(ColumnFitter)
        if fitter is None:
            fitter = cls(view, widest, share)
        fitter.widest, fitter.share = widest, share
        return fitter

    def fit(self) -> None:
        """Measure the text again (after new rows) and fit."""
        header = self.view.horizontalHeader()
        modes = [header.sectionResizeMode(c) for c in range(header.count())]
        for column in range(header.count()):
            if modes[column] == QHeaderView.ResizeMode.Stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.view.resizeColumnsToContents()  # the tables are short: a few rows each
        self._natural = [header.sectionSize(c) + PADDING for c in range(header.count())]
        for column, mode in enumerate(modes):
            if mode == QHeaderView.ResizeMode.Stretch:
                header.setSectionResizeMode(column, mode)
        self.apply()

    def _stretching(self, column: int) -> bool:
        header = self.view.horizontalHeader()
        return header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch or (
            column == header.count() - 1 and header.stretchLastSection())

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        available = self.view.viewport().width()
        if available <= 0 or len(self._natural) != header.count():
            return
        sized = [c for c in range(header.count()) if not self._stretching(c)]
        # a stretching column never gets narrower than the header's default section (Qt keeps that much)
        kept = sum(max(min(self._natural[c], int(available * self.share)), header.defaultSectionSize())
                   for c in range(header.count()) if self._stretching(c))
        widths = capped([min(self._natural[c], self.widest) for c in sized], available - kept)
        for column, width in zip(sized, widths, strict=True):
            header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self.apply()
        return False
