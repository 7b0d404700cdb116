"""What the reader shows of one item: a PDF (QtPdf over a QBuffer), an image, typed details, or a message.

Everything is rendered from bytes in memory (SECURITY.md: never a temporary file). The PDF's bytes live in
the `QBuffer` (its own `QByteArray`) for as long as the `QPdfDocument` reads from it; `clear()` drops the
document, the buffer and the bytes.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QModelIndex, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QTextBrowser, QWidget

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.1, 8.0


class ZoomMode:
    FIT_WIDTH = "fit width"
    FIT_PAGE = "fit page"
    CUSTOM = "custom"


class ItemDisplayWidget(QStackedWidget):
    """A stack of the four ways to show an item; one page of it is visible at a time."""

    page_changed = Signal(int)  # 0-based, whenever the shown page changes
    page_step_requested = Signal(int)  # -1 / +1 from PgUp / PgDn in the document
    zoom_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = QLabel()
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setAccessibleName("Reader message")

        self.document = QPdfDocument(self)
        self.search_model = QPdfSearchModel(self)
        self.search_model.setDocument(self.document)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setAccessibleName("Document page")
        self.pdf_view.setDocument(self.document)
        self.pdf_view.setSearchModel(self.search_model)
        self.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pdf_view.pageNavigator().currentPageChanged.connect(self.page_changed)
        self.pdf_view.zoomFactorChanged.connect(lambda _f: self.zoom_changed.emit())
        self.pdf_view.zoomModeChanged.connect(lambda _m: self.zoom_changed.emit())

        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_area = QScrollArea()
        self.image_area.setWidget(self.image_label)
        self.image_area.setWidgetResizable(True)
        self.image_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_area.setAccessibleName("Image")
        self.image_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.details_browser = QTextBrowser()
        self.details_browser.setAccessibleName("Item details")
        self.details_browser.setOpenLinks(False)

        for widget in (self.message_label, self.pdf_view, self.image_area, self.details_browser):
            self.addWidget(widget)
        for view in (self.pdf_view, self.image_area):
            view.installEventFilter(self)

        self._buffer: QBuffer | None = None
        self._bytes: QByteArray | None = None
        self._image: QImage | None = None
        self._image_mode = ZoomMode.FIT_WIDTH
        self._image_factor = 1.0

    # --- what is shown ----------------------------------------------------------------------------------
    @property
    def showing_pdf(self) -> bool:
        return self.currentWidget() is self.pdf_view and self._buffer is not None

    @property
    def showing_image(self) -> bool:
        return self.currentWidget() is self.image_area and self._image is not None

    def show_message(self, text: str) -> None:
        self._drop_file()
        self.message_label.setText(text)
        self.setCurrentWidget(self.message_label)

    def show_details(self, html: str) -> None:
        self._drop_file()
        self.details_browser.setHtml(html)
        self.setCurrentWidget(self.details_browser)

    def show_pdf(self, data: bytes) -> int:
        """Load a PDF from `data` (kept in memory as long as it is shown). Returns its page count (0: failed)."""
        self._drop_file()
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.document.pageCount() < 1:
            self._drop_file()
            return 0
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.setCurrentWidget(self.pdf_view)
        self.pdf_view.pageNavigator().jump(0, QPointF(), 0)
        return int(self.document.pageCount())

    def show_image(self, data: bytes) -> bool:
        self._drop_file()
        image = QImage.fromData(data)
        if image.isNull():
            return False
        self._image = image
        self._image_mode, self._image_factor = ZoomMode.FIT_WIDTH, 1.0
        self.setCurrentWidget(self.image_area)
        self._render_image()
        return True

    def clear(self) -> None:
        self.show_message("")
        self.details_browser.clear()

    def _drop_file(self) -> None:
        """Forget the document, its buffer and bytes, and any image."""
        self.search_model.setSearchString("")
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._buffer = None
        self._bytes = None
        self._image = None
        self.image_label.clear()

    # --- pages --------------------------------------------------------------------------------------------
    @property
    def page(self) -> int:
        return int(self.pdf_view.pageNavigator().currentPage()) if self.showing_pdf else 0

    def go_to_page(self, page: int, location: QPointF | None = None) -> None:
        if self.showing_pdf and 0 <= page < self.document.pageCount():
            self.pdf_view.pageNavigator().jump(page, location or QPointF(), 0)

    # --- zoom ---------------------------------------------------------------------------------------------
    def zoom_mode(self) -> str:
        if self.showing_image:
            return self._image_mode
        mode = self.pdf_view.zoomMode()
        if mode == QPdfView.ZoomMode.FitToWidth:
            return ZoomMode.FIT_WIDTH
        if mode == QPdfView.ZoomMode.FitInView:
            return ZoomMode.FIT_PAGE
        return ZoomMode.CUSTOM

    def zoom_factor(self) -> float:
        if self.showing_image:
            return self._shown_image_scale()
        if self.pdf_view.zoomMode() != QPdfView.ZoomMode.Custom:
            return self._pdf_fit_scale()
        return float(self.pdf_view.zoomFactor())

    def set_zoom_mode(self, mode: str) -> None:
        if self.showing_image:
            self._image_mode = mode
            self._render_image()
            self.zoom_changed.emit()
        elif mode == ZoomMode.FIT_PAGE:
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)
        elif mode == ZoomMode.FIT_WIDTH:
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def zoom_by(self, factor: float) -> None:
        target = min(ZOOM_MAX, max(ZOOM_MIN, self.zoom_factor() * factor))
        if self.showing_image:
            self._image_mode, self._image_factor = ZoomMode.CUSTOM, target
            self._render_image()
            self.zoom_changed.emit()
        elif self.showing_pdf:
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.pdf_view.setZoomFactor(target)

    def _pdf_fit_scale(self) -> float:
        """The zoom factor a fit mode gives the current page (QPdfView keeps its own factor at 1 then)."""
        size = self.document.pagePointSize(self.page)
        viewport = self.pdf_view.viewport().size()
        if size.width() <= 0 or size.height() <= 0:
            return 1.0
        dpi = self.logicalDpiX() / 72.0
        scale = viewport.width() / (size.width() * dpi)
        if self.pdf_view.zoomMode() == QPdfView.ZoomMode.FitInView:
            scale = min(scale, viewport.height() / (size.height() * dpi))
        return max(ZOOM_MIN, scale)

    def _shown_image_scale(self) -> float:
        if self._image is None or self._image.width() == 0:
            return 1.0
        if self._image_mode == ZoomMode.CUSTOM:
            return self._image_factor
        viewport = self.image_area.viewport().size()
        scale = viewport.width() / self._image.width()
        if self._image_mode == ZoomMode.FIT_PAGE:
            scale = min(scale, viewport.height() / max(1, self._image.height()))
        return max(ZOOM_MIN, min(scale, ZOOM_MAX))

    def _render_image(self) -> None:
        if self._image is None:
            return
        scale = self._shown_image_scale()
        size = self._image.size() * scale
        self.image_label.setPixmap(QPixmap.fromImage(self._image).scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.showing_image and self._image_mode != ZoomMode.CUSTOM:
            self._render_image()

    # --- find in the document ----------------------------------------------------------------------------
    def search_for(self, text: str) -> None:
        if self.search_model.searchString() != text:
            self.search_model.setSearchString(text if self.showing_pdf else "")

    def result_count(self) -> int:
        return int(self.search_model.rowCount(QModelIndex()))

    def show_result(self, index: int) -> None:
        """Jump to search result `index` and highlight it."""
        link = self.search_model.resultAtIndex(index)
        if link.isValid():
            self.pdf_view.setCurrentSearchResultIndex(index)
            self.pdf_view.pageNavigator().jump(link.page(), link.location(), 0)

    # --- keys ---------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """PgUp / PgDn in the document turn the page (the scroll area would only scroll)."""
        if watched in (self.pdf_view, self.image_area) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.modifiers() == Qt.KeyboardModifier.NoModifier and event.key() in (
                    Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self.page_step_requested.emit(-1 if event.key() == Qt.Key.Key_PageUp else 1)
                return True
        return super().eventFilter(watched, event)
