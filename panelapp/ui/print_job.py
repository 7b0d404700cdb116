"""Print a PDF held in memory, a slice of a page at a time, with progress and cancel; the window keeps working.

QtPdf cannot paint a page as vectors onto a QPainter, so each page goes to the printer as an image. At the
1,200 dpi a high-resolution QPrinter asks for, the demo's 13-page bundle took 31 s and 60 MB of spool in
one blocking loop; at 600 dpi 6 s and 18 MB, at 300 dpi 1.5 s and 5 MB (measured here, PDF output). Most
of it (about 0.7 s a page at 600 dpi) is the print engine compressing each page's image, not PDFium
drawing it (0.1 s). A thread does not help: PySide holds the interpreter lock through both calls, so the
window's own Python code waits just the same. So pages print at the printer's resolution capped at
`MAX_PRINT_DPI`, and the work is cut into short steps on the GUI thread, between which the window handles
its events: render a page, then hand it to the printer in horizontal bands (`BANDS`, placed on whole device
pixels, so they abut exactly), each step a tenth of a second or so.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPoint, QRect, QSize, QTimer, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

MAX_PRINT_DPI = 600  # crisp text on an office laser printer; 1,200 only made the spool over three times bigger
BANDS = 8  # slices a page is handed to the printer in (one step each)


class PrintJob(QObject):
    """One print run. `progressed(done, total)` after each page; `finished(pages, cancelled, problem)` once."""

    progressed = Signal(int, int)
    finished = Signal(int, bool, str)  # pages sent, whether cancelled, a one-line problem ("" when none)

    def __init__(self, pdf: bytes, printer: QPrinter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self._data = QByteArray(pdf)
        self._buffer = QBuffer(self)
        self._document = QPdfDocument(self)
        self._painter = QPainter()
        self._cancelled = False
        self._page = 0
        self._band = 0
        self._image: QImage | None = None
        self.total = 0
        self.result: tuple[int, bool, str] | None = None  # what `finished` carries, once the run ended

    @property
    def running(self) -> bool:
        return self.result is None and self._painter.isActive()

    def start(self) -> None:
        """Begin the run; the pages follow in steps from the event loop."""
        self.printer.setResolution(min(self.printer.resolution(), MAX_PRINT_DPI))  # before begin()
        self._buffer.setData(self._data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._document.load(self._buffer)
        self.total = self._document.pageCount()
        if self.total <= 0:
            self._finish("The document could not be read for printing.")
        elif not self._painter.begin(self.printer):
            self._finish("The printer could not be started.")
        else:
            QTimer.singleShot(0, self._step)

    def cancel(self) -> None:
        """Stop now: the printer's job is aborted (what was sent may already be on its way)."""
        if self.result is None and not self._cancelled:
            self._cancelled = True
            if self._painter.isActive():
                self.printer.abort()
            self._finish("")

    def _step(self) -> None:
        if self.result is not None:
            return
        if self._image is None:
            self._image = self._render(self._page)
            self._band = 0
        else:
            self._send_band()
        if self.result is None:
            QTimer.singleShot(0, self._step)

    def _render(self, page: int) -> QImage:
        if page:
            self.printer.newPage()
        target = self._painter.viewport()
        size_pt = self._document.pagePointSize(page)
        scale = min(target.width() / size_pt.width(), target.height() / size_pt.height())
        return self._document.render(page, QSize(int(size_pt.width() * scale), int(size_pt.height() * scale)))

    def _send_band(self) -> None:
        image = self._image
        assert image is not None
        height = -(-image.height() // BANDS)
        top = self._band * height
        self._painter.drawImage(QPoint(0, top), image, QRect(0, top, image.width(), min(height, image.height() - top)))
        self._band += 1
        if self._band * height >= image.height():
            self._image = None
            self._page += 1
            self.progressed.emit(self._page, self.total)
            if self._page == self.total:
                self._finish("")

    def _finish(self, problem: str) -> None:
        if self._painter.isActive():
            self._painter.end()
        self._image = None
        self._document.close()
        self._buffer.close()
        self.result = (self._page, self._cancelled, problem)
        self.finished.emit(*self.result)
