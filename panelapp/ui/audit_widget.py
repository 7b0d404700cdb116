"""The audit log, read-only (newest first, loaded a page at a time as the user scrolls), and *Verify*: the
whole store checked on the database thread (pages, structure, the hash chain, every file's SHA-256, every
case against its last recorded state)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.case_data import VerifyReport
from panelapp.domain.changes import Area, Changes
from panelapp.domain.reading_records import AuditRow
from panelapp.ui.audit_words import action_words, local_time
from panelapp.ui.ops import user_message
from panelapp.ui.workbench import AreaWidget, Workbench

PAGE_ROWS = 200
_Index = QModelIndex | QPersistentModelIndex


def _utc(at_utc: str) -> str:
    """"2026-03-01T09:15:02.123456+00:00" → "2026-03-01 09:15:02 UTC"."""
    return at_utc[:19].replace("T", " ") + " UTC"


class AuditTableModel(QAbstractTableModel):
    """The log, newest first. Holds the rows loaded so far and the total; `fetchMore` asks `request_more`
    (given the oldest seq loaded) for the next page, which arrives later through `append_rows`."""

    columns: Sequence[tuple[str, Callable[[AuditRow], str]]] = (
        ("Seq", lambda r: str(r.seq)),
        ("Time", lambda r: local_time(r.at_utc)),
        ("Actor", lambda r: r.actor),
        ("Action", lambda r: action_words(r.action)),
        ("Object", lambda r: r.object_type if r.object_id in ("", "-") else f"{r.object_type} {r.object_id}"),
    )
    tooltips: ClassVar[dict[int, Callable[[AuditRow], str]]] = {  # what the log itself holds, where the view words it
        1: lambda r: f"{_utc(r.at_utc)} (shown in this computer's time zone)",
        3: lambda r: f"Recorded as “{r.action}”",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []
        self._total = 0
        self._fetching = False
        self.request_more: Callable[[int], None] | None = None

    @property
    def total(self) -> int:
        return self._total

    def reset(self, total: int, rows: Sequence[AuditRow]) -> None:
        self.beginResetModel()
        self._rows, self._total, self._fetching = list(rows), total, False
        self.endResetModel()

    def append_rows(self, rows: Sequence[AuditRow]) -> None:
        self._fetching = False
        oldest = self._rows[-1].seq if self._rows else None
        rows = [r for r in rows if oldest is None or r.seq < oldest]
        if not rows:
            self._total = len(self._rows)  # nothing older: the log is shorter than it was counted
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row(self, index: int) -> AuditRow:
        return self._rows[index]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in self.tooltips:
            return self.tooltips[index.column()](self._rows[index.row()])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()][1](self._rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt API
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total \
            and self.request_more is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt API
        if self.canFetchMore(parent) and self._rows and self.request_more is not None:
            self._fetching = True
            self.request_more(self._rows[-1].seq)


def report_text(report: VerifyReport) -> str:
    """What Verify found, as lines for the user."""
    counts = (f"{report.audit_entries} audit entries chained; {report.attachments_checked} stored file(s) match "
              f"their SHA-256; {report.objects_checked} case(s) and file(s) match their last recorded state.")
    lines = ([f"Verified: no problems found. {counts}"] if report.ok
             else [f"{len(report.problems)} problem(s) found:", *(f"• {p}" for p in report.problems), "", counts])
    lines += [f"Note: {n}" for n in report.notes]
    lines.append(f"Audit chain head: {report.audit_head}")
    return "\n".join(lines)


class AuditWidget(AreaWidget):
    """The Audit area: the log (read-only) and the Verify action."""

    areas = frozenset({Area.AUDIT})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self._stale = True
        self._token = 0
        self.model = AuditTableModel(self)
        self.model.request_more = self._load_more
        self.log_view = QTableView()
        self.log_view.setAccessibleName("Audit log")
        self.log_view.setModel(self.model)
        self.log_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_view.setTabKeyNavigation(False)
        self.log_view.verticalHeader().hide()
        self.log_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.log_view.horizontalHeader()
        for column, width in ((0, 60), (1, 150), (2, 180), (3, 220)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.count_label = QLabel("")
        self.count_label.setAccessibleName("Audit log size")
        self.verify_button = QPushButton("&Verify store")
        self.verify_button.setAccessibleName("Verify store")
        self.verify_button.setToolTip("Check every page, the audit chain, every file's SHA-256 and every case "
                                      "against the audit log")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setAccessibleName("Verifying")
        self.busy_bar.hide()
        self.result_view = QPlainTextEdit()
        self.result_view.setReadOnly(True)
        self.result_view.setAccessibleName("Verify result")
        self.result_view.setPlaceholderText("Verify checks the whole store and lists any problem here.")

        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.busy_bar)
        top.addWidget(self.verify_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.log_view)
        splitter.addWidget(self.result_view)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([560, 110])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.log_view)
        self.verify_button.clicked.connect(self.verify)

    # --- the log ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the newest page of the log (now if shown, else when next shown)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._token += 1
        token = self._token

        def done(result: tuple[int, tuple[AuditRow, ...]]) -> None:
            if token == self._token:
                total, rows = result
                self.model.reset(total, rows)
                self.count_label.setText(f"{total} entr{'ies' if total != 1 else 'y'}, newest first. "
                                         "The log holds ids and hashes only, never case content.")

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self.count_label.setText(user_message(exc))

        self.bench.ops.run_query(lambda s: (s.audit.count(), s.audit.entries(limit=PAGE_ROWS)), done, failed)

    def _load_more(self, before_seq: int) -> None:
        token = self._token

        def done(rows: tuple[AuditRow, ...]) -> None:
            if token == self._token:
                self.model.append_rows(rows)

        if not self.bench.ops.run_query(lambda s: s.audit.entries(before_seq=before_seq, limit=PAGE_ROWS), done):
            self.model.append_rows(())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.bench.ops.is_open:
            self.refresh()

    def _on_ops_changed(self, changes: Changes) -> None:
        if changes.touches(*self.areas):  # the log is the whole store's, whichever case changed
            self.refresh()

    def _on_bench_case_changed(self, _case_id: int | None) -> None:
        """The log is not per case: nothing to reload."""

    # --- verify -------------------------------------------------------------------------------------------
    def verify(self) -> None:
        """Verify the whole store on the database thread; the result replaces the text below the log."""
        if not self.verify_button.isEnabled():
            return
        token = self._token

        def finish(text: str) -> None:
            self.busy_bar.hide()
            self.verify_button.setEnabled(True)
            if token == self._token:
                self.result_view.setPlainText(text)

        if self.bench.ops.run_query(lambda s: s.verify(), lambda r: finish(report_text(r)),
                                    lambda exc: finish(f"Verify could not finish: {user_message(exc)}")):
            self.verify_button.setEnabled(False)
            self.busy_bar.show()
            self.result_view.setPlainText("Verifying the whole store…")

    def clear(self) -> None:
        self._token += 1
        self._stale = True
        self.model.reset(0, ())
        self.count_label.setText("")
        self.result_view.clear()
        self.busy_bar.hide()
        self.verify_button.setEnabled(True)
