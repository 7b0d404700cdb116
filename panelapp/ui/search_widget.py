"""Search across the store (the FTS5 index): a query field, hits per page with snippets; a hit opens the item
at its page in the reader. The search runs on the database thread."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.changes import Area
from panelapp.domain.reading_records import SearchHit
from panelapp.ui.ops import user_message
from panelapp.ui.table_models import RowTableModel
from panelapp.ui.workbench import AreaWidget, Workbench

SNIPPET_COLUMN = 3
SNIPPET_HTML_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_HITS = 200
_Index = QModelIndex | QPersistentModelIndex


def snippet_html(hit: SearchHit) -> str:
    return "".join(f"<b>{html.escape(p.text)}</b>" if p.match else html.escape(p.text) for p in hit.snippet)


class SearchHitTableModel(RowTableModel[SearchHit]):
    """Hits as rows: case, item, page (1-based as shown), snippet (plain; rich text in SNIPPET_HTML_ROLE)."""

    columns = (
        ("Case", lambda h: h.case_reference),
        ("Item", lambda h: f"{h.label} {h.title}"),
        ("Page", lambda h: str(h.page + 1)),
        ("Snippet", lambda h: h.snippet_text),
    )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SNIPPET_HTML_ROLE and index.isValid() and index.column() == SNIPPET_COLUMN \
                and 0 <= index.row() < self.rowCount():
            return snippet_html(self.row(index.row()))
        return super().data(index, role)


class SnippetDelegate(QStyledItemDelegate):
    """Draws the snippet column as rich text, so the matched words show in bold."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        markup = index.data(SNIPPET_HTML_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        document = QTextDocument()
        document.setDefaultFont(options.font)
        document.setDocumentMargin(2)
        document.setHtml(markup)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(options.state & QStyle.StateFlag.State_Selected)
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        rect = options.rect
        painter.save()
        painter.translate(rect.left(), rect.top() + max(0.0, (rect.height() - document.size().height()) / 2))
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + 8))


class SearchWidget(AreaWidget):
    """The Search area: type, Enter, pick a hit (Enter or double-click) to read it at its page."""

    areas = frozenset({Area.EVIDENCE})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self._query: str | None = None  # the last query searched for (re-run when evidence changes)
        self._token = 0
        self.query_edit = QLineEdit()
        self.query_edit.setAccessibleName("Search the store")
        self.query_edit.setPlaceholderText('Words to find in every file of every case — "a phrase", prefix*, '
                                           "one OR other")
        self.query_edit.setClearButtonEnabled(True)
        self.search_button = QPushButton("Search")
        self.search_button.setAccessibleName("Search")
        self.case_only_check = QCheckBox("Li&mit to the current case")
        self.case_only_check.setAccessibleName("Limit to the current case")
        self.status_label = QLabel("Type words and press Enter. A result opens the item at its page.")
        self.status_label.setAccessibleName("Search result summary")
        self.status_label.setWordWrap(True)
        self.model = SearchHitTableModel(self)
        self.results_view = QTableView()
        self.results_view.setAccessibleName("Search results")
        self.results_view.setModel(self.model)
        self.results_view.setItemDelegateForColumn(SNIPPET_COLUMN, SnippetDelegate(self.results_view))
        self.results_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.setTabKeyNavigation(False)
        self.results_view.setWordWrap(False)
        self.results_view.verticalHeader().hide()
        self.results_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.results_view.horizontalHeader()
        for column, width in ((0, 90), (1, 240), (2, 50)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(True)

        row = QHBoxLayout()
        row.addWidget(self.query_edit, 1)
        row.addWidget(self.search_button)
        row.addWidget(self.case_only_check)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        layout.addWidget(self.results_view, 1)
        self.setFocusProxy(self.query_edit)

        self.query_edit.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.case_only_check.toggled.connect(self._on_case_only_check_toggled)
        self.results_view.activated.connect(self._on_results_view_activated)
        self.query_edit.installEventFilter(self)  # Down (and Page Down) go from the box to the results

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.query_edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier and self.model.rowCount() > 0:
            self.results_view.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.results_view.currentIndex().isValid():
                self.results_view.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # --- searching -------------------------------------------------------------------------------------
    def search(self) -> None:
        """Search for what the query field holds (on the database thread)."""
        query = self.query_edit.text()
        if not query.strip():
            self.status_label.setText("Type a word to search for.")
            return
        self._run(query)

    def _run(self, query: str) -> None:
        self._token += 1
        token = self._token
        case_id = self.bench.case_id if self.case_only_check.isChecked() else None
        if self.case_only_check.isChecked() and case_id is None:
            self.status_label.setText("Choose a case first, or search every case.")
            return
        self.status_label.setText("Searching…")

        def done(hits: tuple[SearchHit, ...]) -> None:
            if token != self._token:
                return
            self._query = query
            self.model.set_rows(hits)
            if hits:
                self.results_view.selectRow(0)
            items = len({h.evidence_id for h in hits})
            more = " (the first ones; add words to narrow it down)" if len(hits) >= MAX_HITS else ""
            self.status_label.setText(
                f"{len(hits)} page{'s' * (len(hits) != 1)} in {items} item{'s' * (items != 1)}{more}. "
                "Enter or double-click opens one." if hits else "Nothing found.")

        def failed(exc: BaseException) -> None:
            if token == self._token:
                self.model.clear()
                self.status_label.setText(user_message(exc))

        if not self.bench.ops.run_query(lambda s: s.search.search(query, MAX_HITS, case_id=case_id), done, failed):
            self.status_label.setText("No store is open.")

    def _on_case_only_check_toggled(self, _checked: bool) -> None:
        if self._query is not None:
            self._run(self._query)

    # --- opening a hit ---------------------------------------------------------------------------------
    def _on_results_view_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_hit(self.model.row(index.row()))

    def open_hit(self, hit: SearchHit) -> None:
        if self.bench.case_id != hit.case_id:
            self.bench.set_case(hit.case_id)
        self.bench.open_evidence(hit.evidence_id, hit.page)

    # --- the area's life -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Evidence changed (or the case did): run the last search again."""
        if self._query is not None:
            self._run(self._query)

    def _on_bench_case_changed(self, _case_id: int | None) -> None:
        if self.case_only_check.isChecked():
            self.refresh()

    def _on_ops_changed(self, changes: Any) -> None:
        if changes.touches(*self.areas):
            self.refresh()  # hits span every case: any case's evidence may change them

    def clear(self) -> None:
        self._token += 1
        self._query = None
        self.query_edit.clear()
        self.model.clear()
        self.status_label.setText("Type words and press Enter. A result opens the item at its page.")
