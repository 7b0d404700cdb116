"""Importing files into the bundle: choose files and a section, watch the progress, read the results.

`ImportDialog` collects the files (QFileDialog, or paths given by a drop) and the target section.
`ImportRun` runs the import on the database thread through `ops.run_long`, shows a progress dialog
("File 2 of 5: name") whose Cancel stops the batch between files, and ends with `ImportResultsDialog`:
a line per file, imported or refused with the importer's one-line reason.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import SIGNAL, SLOT, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.case_data import ImportResult
from panelapp.domain.changes import Area, Changes
from panelapp.domain.evidence_records import ImportOutcome, ItemSnapshot
from panelapp.ui.ops import Progress, user_message
from panelapp.ui.table_models import RowTableModel
from panelapp.ui.workbench import Workbench

if TYPE_CHECKING:  # the services load on the database thread when a store opens
    from panelapp.services.panel_services import PanelServices

POLL_MS = 100
DEFAULT_IMPORT_SECTION = "E"  # "Other documents", when the user has not chosen a section


class ImportDialog(QDialog):
    """Which files, into which section. `chosen(paths, section, reference_only)` on Import."""

    chosen = Signal(list, str, bool)

    def __init__(self, sections: Sequence[tuple[str, str]], section: str = "", paths: Sequence[str] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import files into the bundle")
        self.setAccessibleName(self.windowTitle())
        self.resize(640, 420)
        self.files = QListWidget()
        self.files.setObjectName("importFiles")
        self.files.setAccessibleName("Files to import")
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_button = QPushButton("&Add files…")
        self.add_button.setAccessibleName("Add files")
        self.remove_button = QPushButton("&Remove from list")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.section_combo = QComboBox()
        self.section_combo.setAccessibleName("Section")
        for letter, title in sections:
            self.section_combo.addItem(f"{letter} — {title}" if title else letter, letter)
        chosen = self.section_combo.findData(section or DEFAULT_IMPORT_SECTION)
        self.section_combo.setCurrentIndex(chosen if chosen >= 0 else self.section_combo.count() - 1)
        self.reference_only = QCheckBox("Keep as a reference only (name, size and SHA-256; not the bytes)")
        self.reference_only.setToolTip("For recordings too large to keep in the store (over 512 MiB)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow("&Section", self.section_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Each file is checked and hashed (SHA-256) as it comes in; refused files are "
                                "listed with the reason at the end."))
        layout.addWidget(self.files, 1)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.reference_only)
        layout.addWidget(self.buttons)
        self.add_paths(paths)

    def add_paths(self, paths: Sequence[str]) -> None:
        present = set(self.paths())
        for path in paths:
            if path not in present:
                self.files.addItem(path)
                present.add(path)
        self.import_button.setEnabled(self.files.count() > 0)

    def paths(self) -> list[str]:
        return [self.files.item(n).text() for n in range(self.files.count())]

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Choose evidence files", "",
                                                "Evidence (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.gif *.bmp "
                                                "*.webp *.mp4 *.mkv *.avi *.mp3 *.wav *.m4a *.txt);;All files (*)")
        self.add_paths(paths)

    def _on_remove_button_clicked(self) -> None:
        for row in sorted((self.files.row(i) for i in self.files.selectedItems()), reverse=True):
            self.files.takeItem(row)
        self.import_button.setEnabled(self.files.count() > 0)

    def _on_buttons_accepted(self) -> None:
        if self.files.count():
            self.chosen.emit(self.paths(), self.section_combo.currentData(), self.reference_only.isChecked())
            self.accept()


def _status(r: ImportResult) -> str:
    if r.ok:
        return "Imported"
    return "Not imported" if ": not imported:" in r.message else "Refused"


def _reason(r: ImportResult) -> str:
    prefix = f"{r.name}: "
    text = r.message[len(prefix):] if r.message.startswith(prefix) else r.message
    for lead in ("refused: ", "not imported: ", "imported as "):
        if text.startswith(lead):
            return ("as " + text[len(lead):]) if lead == "imported as " else text[len(lead):]
    return text


class ImportResultTableModel(RowTableModel[ImportResult]):
    columns = (("File", lambda r: r.name), ("Result", _status), ("Details", _reason))


class ImportResultsDialog(QDialog):
    """A line per file: imported (as which tab) or refused, and why. Read, then close."""

    def __init__(self, outcome: ImportOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import results")
        self.setAccessibleName(self.windowTitle())
        self.resize(820, 360)
        refused = len(outcome.results) - outcome.imported
        summary = f"{outcome.imported} imported, {refused} not imported"
        if outcome.cancelled:
            summary += f"; cancelled — {len(outcome.not_started)} file{'s' * (len(outcome.not_started) != 1)} " \
                       "not started"
        self.summary = QLabel(f"<b>{summary}.</b>")
        self.model = ImportResultTableModel(self)
        self.model.set_rows(outcome.results)
        self.table = QTableView()
        self.table.setObjectName("importResults")
        self.table.setAccessibleName("Import results")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        if outcome.not_started:
            left = QLabel("Not started: " + ", ".join(outcome.not_started))
            left.setWordWrap(True)
            layout.addWidget(left)
        layout.addWidget(self.buttons)
        self.table.setFocus()


class ImportProgressDialog(QProgressDialog):
    """Cancel (the button, Escape, closing) asks the batch to stop after the file in hand; the dialog stays
    up, saying so, until the batch has stopped — a file is never left half-imported."""

    def __init__(self, total: int, parent: QWidget | None = None) -> None:
        super().__init__("Preparing the import…", "Cancel", 0, max(total, 1), parent)
        QObject.disconnect(self, SIGNAL("canceled()"), self, SLOT("cancel()"))  # no hiding on Cancel
        self.finished_work = False
        self.setWindowTitle("Importing files")
        self.setAccessibleName("Import progress")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(0)
        self.setMinimumWidth(480)

    @property
    def cancel_button(self) -> QPushButton | None:
        return self.findChild(QPushButton)

    def reject(self) -> None:
        self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.finished_work:
            super().closeEvent(event)
        else:
            event.ignore()
            self.canceled.emit()


class ImportRun(QObject):
    """One import batch: progress dialog, cancel between files, results dialog. `finished(outcome)`."""

    finished = Signal(object)  # ImportOutcome, or None when it failed as a whole
    failed = Signal(str)

    def __init__(self, bench: Workbench, case_id: int, paths: Sequence[str], section: str = "",
                 reference_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bench = bench
        self.progress = Progress()
        self.outcome: ImportOutcome | None = None
        self.results_dialog: ImportResultsDialog | None = None
        self._abandoned = False
        self._parent = parent
        self._total = len(paths)
        self._case_id = case_id
        self.dialog = ImportProgressDialog(self._total, parent)
        self.dialog.canceled.connect(self._on_dialog_canceled)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        files = [os.fspath(p) for p in paths]
        letter = section or None

        def op(services: PanelServices, progress: Progress) -> Changes:
            return services.evidence.import_files(case_id, files, letter, reference_only=reference_only,
                                                  progress=progress)

        self._op = op

    def start(self) -> bool:
        self.dialog.setValue(0)
        self.dialog.show()
        self._timer.start()
        started = self.bench.ops.run_long(self._op, self.progress, self._on_done, self._on_error)
        if not started:
            self._stop()
        return started

    def abandon(self) -> None:
        """The store is locking: stop after the file in hand, close the dialog, show no results."""
        if self._abandoned or self.outcome is not None:
            return
        self._abandoned = True
        self.progress.cancel()
        self._stop()

    def cancel(self) -> None:
        self.progress.cancel()
        self.dialog.setLabelText("Stopping after the current file…")
        button = self.dialog.cancel_button
        if button is not None:
            button.setEnabled(False)

    def _on_dialog_canceled(self) -> None:
        self.cancel()

    def _on_timer_timeout(self) -> None:
        if self.progress.cancelled:
            return
        p = self.progress
        if p.total:
            self.dialog.setMaximum(p.total)
            self.dialog.setValue(p.done)
            if p.label:
                self.dialog.setLabelText(f"File {min(p.done + 1, p.total)} of {p.total}: {p.label}")

    def _stop(self) -> None:
        self._timer.stop()
        self.dialog.canceled.disconnect(self._on_dialog_canceled)
        self.dialog.finished_work = True
        self.dialog.close()
        self.dialog.deleteLater()

    def _on_done(self, changes: Changes) -> None:
        if self._abandoned:
            return
        self._stop()
        outcome = changes.value
        assert isinstance(outcome, ImportOutcome)
        self.outcome = outcome
        self.results_dialog = ImportResultsDialog(outcome, self._parent)
        self.results_dialog.open()
        self.bench.show_status(f"Import: {outcome.imported} of {len(outcome.results) + len(outcome.not_started)} "
                               "files imported" + (" (cancelled)" if outcome.cancelled else ""))
        self._make_undoable(outcome)
        self.finished.emit(outcome)

    def _make_undoable(self, outcome: ImportOutcome) -> None:
        """Undo takes the imported items out of the bundle (their files stay in the store); redo puts them
        back with the same ids and places."""
        ids = [r.evidence_id for r in outcome.results if r.ok and r.evidence_id is not None]
        if not ids:
            return
        case_id = self._case_id
        held: list[ItemSnapshot] = []

        def undo(services: PanelServices) -> Changes:
            held.clear()
            for item_id in reversed(ids):  # the last first, so each comes back where it was
                held.append(services.evidence.remove_item(item_id).value)
            return Changes.of(Area.EVIDENCE, Area.NOTES, case_id=case_id)

        def redo(services: PanelServices) -> Changes:
            for snapshot in reversed(held):
                services.evidence.restore_item(snapshot)
            return Changes.of(Area.EVIDENCE, Area.NOTES, case_id=case_id)

        self.bench.push_done(f"Import {len(ids)} file{'s' * (len(ids) != 1)}", redo, undo)

    def _on_error(self, exc: BaseException) -> None:
        if self._abandoned:
            return
        self._stop()
        message = f"Import failed: {user_message(exc)}"
        self.bench.show_status(message)
        self.failed.emit(message)
        self.finished.emit(None)
