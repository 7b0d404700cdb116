"""Preview a notice or the bundle from memory (QtPdf over a QBuffer, never a temporary file), then save
those exact bytes where the user chooses, or print them through the system print dialog (at most 600 dpi, in
short steps with progress and cancel: `print_job`). Both audited."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.changes import Changes
from panelapp.domain.document_kinds import DocumentKind, RenderedDocument
from panelapp.ui.ops import user_message
from panelapp.ui.print_job import PrintJob
from panelapp.ui.table_models import WARNING_COLOUR
from panelapp.ui.workbench import Workbench


class DocumentDialog(QDialog):
    """Builds `kind` for the current case on the database thread and shows it; Save as… and Print…."""

    def __init__(self, bench: Workbench, case_id: int, kind: DocumentKind, *, draft: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.kind = kind
        self.rendered: RenderedDocument | None = None
        self.saved_sha256: str | None = None
        self._closed = False
        self.print_job: PrintJob | None = None
        self.print_progress: QProgressDialog | None = None
        self._printing: RenderedDocument | None = None  # what the running print job prints
        self._bytes = QByteArray()
        self._buffer = QBuffer(self)
        self.document = QPdfDocument(self)
        self.setWindowTitle(kind.label + (" (draft)" if draft and kind is not DocumentKind.BUNDLE else ""))
        self.resize(900, 760)

        self.view = QPdfView(self)
        self.view.setAccessibleName("Document preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.warning = QLabel()
        self.warning.setObjectName("documentWarning")
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("Check before this document leaves the app")
        self.warning.setStyleSheet(f"color: {WARNING_COLOUR.name()}; font-weight: bold;")
        self.warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning.hide()
        self.status = QLabel("Building the document…")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton("&Save as…")
        self.print_button = QPushButton("&Print…")
        for button in (self.save_button, self.print_button):
            button.setEnabled(False)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

        bench.ops.run_query(lambda s: s.documents.render(case_id, kind, draft=draft), self._on_rendered,
                            self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        if not self._closed:
            self.status.setText(user_message(exc))

    def _on_rendered(self, rendered: RenderedDocument) -> None:
        if self._closed:  # closed before the document was built: nothing to show
            return
        self.rendered = rendered
        self._bytes = QByteArray(rendered.pdf)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        pages = self.document.pageCount()
        self.status.setText(f"{pages} page{'s' * (pages != 1)} · SHA-256 {rendered.sha256[:16]}…")
        self.warning.setText("\n".join(f"⚠ {w}" for w in rendered.warnings))
        self.warning.setVisible(bool(rendered.warnings))
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)

    # --- save -----------------------------------------------------------------------------------------
    def _on_save_button_clicked(self) -> None:
        if self.rendered is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Save as", self.rendered.suggested_name, "PDF (*.pdf)")
        if path:
            self.save_to(path)

    def save_to(self, path: str) -> None:
        rendered = self.rendered
        if rendered is None:
            return
        self.save_button.setEnabled(False)
        self.bench.ops.run_change(lambda s: s.documents.save(rendered, path), self._on_saved, self._on_save_failed)

    def _on_saved(self, changes: Changes) -> None:
        self.saved_sha256 = str(changes.value)
        self.save_button.setEnabled(True)
        self.status.setText(f"Saved (SHA-256 {self.saved_sha256[:16]}…); the audit log records it.")

    def _on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(user_message(exc))

    # --- print ----------------------------------------------------------------------------------------
    def _on_print_button_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> PrintJob | None:
        """Start printing every page onto `printer` in short steps (see `print_job`), with a progress dialog
        that can cancel; the audit log records a print that finished."""
        rendered = self.rendered
        if rendered is None or self.print_job is not None:
            return None
        job = PrintJob(rendered.pdf, printer, self)
        self._printing = rendered
        progress = QProgressDialog("Sending the pages to the printer…", "Cancel", 0, self.document.pageCount(), self)
        progress.setWindowTitle("Printing")
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(job.cancel)
        job.progressed.connect(self._on_print_job_progressed)
        job.finished.connect(self._on_print_job_finished)
        self.print_job, self.print_progress = job, progress
        self.print_button.setEnabled(False)
        progress.show()
        job.start()
        return job

    def _on_print_job_progressed(self, done: int, total: int) -> None:
        if self.print_progress is not None:
            self.print_progress.setMaximum(total)
            self.print_progress.setValue(done)
            self.print_progress.setLabelText(f"Sent page {done} of {total} to the printer…")

    def _on_print_job_finished(self, sent: int, cancelled: bool, problem: str) -> None:
        rendered, self._printing = self._printing, None
        if self.print_progress is not None:
            self.print_progress.close()
        self.print_job = self.print_progress = None
        if rendered is not None and not problem and not cancelled:
            self.bench.ops.run_change(lambda s: s.documents.record_print(rendered, sent))
        if self._closed:
            return
        self.print_button.setEnabled(True)
        if problem:
            self.status.setText(problem)
        elif cancelled:
            self.status.setText(f"Printing cancelled after {sent} page{'s' * (sent != 1)}.")
        else:
            self.status.setText(f"Sent {sent} page{'s' * (sent != 1)} to the printer; the audit log records it.")

    def done(self, result: int) -> None:
        self._closed = True
        if self.print_job is not None:  # closed (or locked) while printing: the printer's job is withdrawn
            self.print_job.cancel()
        self.document.close()
        self._buffer.close()
        self._bytes = QByteArray()
        self.rendered = None
        super().done(result)
