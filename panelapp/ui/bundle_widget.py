"""The bundle: sections and items as a tree; reorder, import, edit, link and cite.

Every change is one undoable service call (`bench.push`); the tree is refilled from the store when the
`Changes` come back. Keyboard: Ctrl+Up/Down move an item within its section, Ctrl+Shift+Up/Down move it
to the end of the section before / the start of the section after; F2 edits (a section's title in
place, an item in its editor); Enter opens a file in the reader (or edits a typed item); Delete removes
(after asking); Ctrl+Shift+C copies a citation; Ctrl+I imports; Ctrl+K links allegations; the context
menu (Menu key, Shift+F10) has everything. Files dropped from the file manager are imported into the
section they land on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QMessageBox,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.changes import Area, Changes
from panelapp.domain.evidence_records import BundleTree, ItemNode, KeyMomentRecord, SectionNode
from panelapp.domain.vocabulary import EvidenceKind
from panelapp.ui.bundle_editing import BundleEditing
from panelapp.ui.bundle_tree_model import BundleTreeModel
from panelapp.ui.evidence_editors import CitationDialog
from panelapp.ui.import_dialog import ImportDialog, ImportRun
from panelapp.ui.ops import user_message
from panelapp.ui.workbench import AreaWidget, Workbench


class BundleWidget(AreaWidget):
    areas = frozenset({Area.EVIDENCE, Area.ALLEGATIONS})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self.model = BundleTreeModel(self)
        self.view = QTreeView()
        self.view.setObjectName("bundleTree")
        self.view.setAccessibleName("Bundle")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # F2 is ours (see edit_current)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setStretchLastSection(False)
        for column, width in enumerate((70, 130, 340, 95, 120, 100, 90)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.editing = BundleEditing(self)
        self.import_dialog: ImportDialog | None = None
        self.import_run: ImportRun | None = None
        self.confirm_box: QMessageBox | None = None
        self.cite_dialog: CitationDialog | None = None
        self._select_id: int | None = None  # select this item once the tree comes back
        self._select_letter: str | None = None
        self._edit_letter: str | None = None  # then rename this (new) section in place
        self._collapsed: set[str] = set()
        self._loading = 0

        self.toolbar = QToolBar("Bundle")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.view)

        self.model.move_requested.connect(self._on_model_move_requested)
        self.model.files_dropped.connect(self._on_model_files_dropped)
        self.model.title_edited.connect(self._on_model_title_edited)
        self.view.activated.connect(self._on_view_activated)
        self.view.customContextMenuRequested.connect(self._on_view_custom_context_menu_requested)
        self.view.collapsed.connect(self._on_view_collapsed)
        self.view.expanded.connect(self._on_view_expanded)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self._update_actions()

    # --- actions ----------------------------------------------------------------------------------------
    def _act(self, text: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey | None = None,
             tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.import_action = self._act("&Import files…", self.import_files, "Ctrl+I",
                                       "Import files into the bundle (Ctrl+I); you can also drop files on it")
        self.new_statement_action = self._act("New &statement", lambda: self.editing.new_item(
            EvidenceKind.WITNESS_STATEMENT), tip="A witness statement typed in (no file)")
        self.new_media_action = self._act("New B&WV/CCTV reference", lambda: self.editing.new_item(
            EvidenceKind.BODY_WORN_VIDEO), tip="A recording kept by reference: device, wearer, times, key moments")
        self.new_vetting_action = self._act("New &vetting history", lambda: self.editing.new_item(
            EvidenceKind.VETTING_RECORD), tip="Clearances, reviews, withdrawals and appeals")
        self.new_section_action = self._act("New s&ection", self.new_section, "Ctrl+Alt+N")
        for action in (self.import_action, self.new_statement_action, self.new_media_action,
                       self.new_vetting_action, self.new_section_action):
            self.toolbar.addAction(action)
        self.edit_action = self._act("&Edit…", self.edit_current, "F2")
        self.open_action = self._act("&Open in the reader", self.open_current)
        self.link_action = self._act("&Link to allegations…", self.link_current, "Ctrl+K")
        self.cite_action = self._act("&Copy citation", self.copy_citation, "Ctrl+Shift+C")
        self.up_action = self._act("Move &up", lambda: self.move_current(-1), "Ctrl+Up")
        self.down_action = self._act("Move &down", lambda: self.move_current(1), "Ctrl+Down")
        self.section_up_action = self._act("Move to the section &before", lambda: self.move_across(-1),
                                           "Ctrl+Shift+Up")
        self.section_down_action = self._act("Move to the section &after", lambda: self.move_across(1),
                                             "Ctrl+Shift+Down")
        self.remove_action = self._act("&Remove…", self.remove_current, QKeySequence.StandardKey.Delete)
        self.toolbar.addSeparator()
        for action in (self.edit_action, self.link_action, self.cite_action):
            self.toolbar.addAction(action)

    def _update_actions(self) -> None:
        has_case = self.bench.case_id is not None
        item, section = self.current_item(), self.current_section()
        for action in (self.import_action, self.new_statement_action, self.new_media_action,
                       self.new_vetting_action, self.new_section_action):
            action.setEnabled(has_case)
        for action in (self.link_action, self.cite_action, self.up_action, self.down_action,
                       self.section_up_action, self.section_down_action, self.remove_action):
            action.setEnabled(item is not None)
        self.edit_action.setEnabled(section is not None)
        self.open_action.setEnabled(item is not None and item.has_file)

    # --- loading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        case_id = self.bench.case_id
        if case_id is None:
            self.clear()
            return
        self._loading += 1
        if not self.bench.ops.run_query(lambda s: s.evidence.tree(case_id), self._on_tree_loaded,
                                        self._on_tree_failed):
            self._loading -= 1

    def _on_tree_failed(self, exc: BaseException) -> None:
        self._loading -= 1
        self.bench.ops.failed.emit(f"The bundle could not be read: {user_message(exc)}")

    def _on_tree_loaded(self, tree: BundleTree) -> None:
        self._loading -= 1
        if tree.case_id != self.bench.case_id:
            return  # the user moved to another case meanwhile
        current = self.current_item()
        select_id = self._select_id if self._select_id is not None else (current.id if current else None)
        section = self.current_section()
        select_letter = self._select_letter or (section.letter if section and current is None else None)
        self._select_id = self._select_letter = None
        self.model.set_tree(tree)
        for row, node in enumerate(tree.sections):
            index = self.model.index(row, 0)
            self.view.setFirstColumnSpanned(row, QModelIndex(), True)
            self.view.setExpanded(index, node.letter not in self._collapsed)
        target = self.model.index_of_item(select_id) if select_id is not None else QModelIndex()
        if not target.isValid() and select_letter:
            target = self.model.index_of_section(select_letter)
        if target.isValid():
            self.view.selectionModel().setCurrentIndex(
                target, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(target)
        if self._edit_letter is not None:
            index = self.model.index_of_section(self._edit_letter)
            self._edit_letter = None
            if index.isValid():
                self.view.setCurrentIndex(index)
                self.view.edit(index)
        self._update_actions()

    @property
    def loading(self) -> bool:
        return self._loading > 0

    def clear(self) -> None:
        self.model.clear()
        self.editing.close_all()
        for dialog in (self.import_dialog, self.confirm_box, self.cite_dialog):
            if dialog is not None:
                dialog.close()
        if self.import_run is not None:
            self.import_run.abandon()
            if self.import_run.results_dialog is not None:
                self.import_run.results_dialog.close()
        self._update_actions()

    def view_state(self) -> dict[str, object]:
        item, section = self.current_item(), self.current_section()
        return {"item_id": item.id if item else None, "section": section.letter if section else None,
                "collapsed": sorted(self._collapsed)}

    def restore_view_state(self, state: dict[str, object]) -> None:
        item_id, letter, collapsed = state.get("item_id"), state.get("section"), state.get("collapsed")
        self._select_id = item_id if isinstance(item_id, int) else None
        self._select_letter = letter if isinstance(letter, str) else None
        if isinstance(collapsed, list):
            self._collapsed = {str(c) for c in collapsed}

    # --- what is selected -------------------------------------------------------------------------------
    def current_item(self) -> ItemNode | None:
        return self.model.item_at(self.view.currentIndex())

    def current_section(self) -> SectionNode | None:
        return self.model.section_at(self.view.currentIndex())

    def select_item(self, item_id: int) -> None:
        index = self.model.index_of_item(item_id)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _on_view_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()

    def _on_view_collapsed(self, index: QModelIndex) -> None:
        section = self.model.section_at(index)
        if section is not None:
            self._collapsed.add(section.letter)

    def _on_view_expanded(self, index: QModelIndex) -> None:
        section = self.model.section_at(index)
        if section is not None:
            self._collapsed.discard(section.letter)

    # --- moving -----------------------------------------------------------------------------------------
    def request_move(self, item_id: int, letter: str, position: int) -> bool:
        """Move an item (one undoable step); positions are 1-based within the section."""
        tree = self.model.tree
        item, target = tree.item(item_id), tree.section(letter)
        if item is None:
            return False
        source = tree.section(item.section)
        assert source is not None
        old = (item.section, [i.id for i in source.items].index(item_id) + 1)
        size = len(target.items) if target is not None else 0
        position = min(max(position, 1), size + (0 if letter == item.section else 1))
        if (letter, position) == old:
            return False
        self._select_id = item_id
        return self.bench.push(
            f"Move {item.label} to {letter}{position}",
            redo=lambda s: s.evidence.move_item(item_id, letter, position),
            undo=lambda s: s.evidence.move_item(item_id, *old))

    def move_current(self, delta: int) -> None:
        item = self.current_item()
        section = self.current_section()
        if item is None or section is None:
            return
        row = [i.id for i in section.items].index(item.id)
        if 0 <= row + delta < len(section.items):
            self.request_move(item.id, section.letter, row + delta + 1)

    def move_across(self, direction: int) -> None:
        """To the end of the section before (-1) or the start of the section after (+1)."""
        item = self.current_item()
        if item is None:
            return
        letters = [s.letter for s in self.model.tree.sections]
        n = letters.index(item.section) + direction
        if not 0 <= n < len(letters):
            self.bench.show_status("There is no section " + ("before" if direction < 0 else "after") + " this one.")
            return
        target = self.model.tree.sections[n]
        self.request_move(item.id, target.letter, len(target.items) + 1 if direction < 0 else 1)

    def _on_model_move_requested(self, item_id: int, letter: str, position: int) -> None:
        self.request_move(item_id, letter, position)

    # --- sections ---------------------------------------------------------------------------------------
    def new_section(self) -> None:
        case_id = self.bench.case_id
        if case_id is None:
            return

        def edit_it(changes: Changes) -> None:
            self._edit_letter = str(changes.value)

        self.bench.push("New section", redo=lambda s: s.evidence.add_section(case_id),
                        undo_from=lambda ch: lambda s: s.evidence.remove_section(case_id, str(ch.value)),
                        on_done=edit_it)

    def _on_model_title_edited(self, letter: str, title: str) -> None:
        case_id, section = self.bench.case_id, self.model.tree.section(letter)
        if case_id is None or section is None:
            return
        before = section.title if section.titled else ""
        self._select_letter = letter
        self.bench.push(f"Rename section {letter}",
                        redo=lambda s: s.evidence.set_section_title(case_id, letter, title),
                        undo=lambda s: s.evidence.set_section_title(case_id, letter, before))

    # --- opening, editing, removing ------------------------------------------------------------------------
    def _on_view_activated(self, index: QModelIndex) -> None:
        item = self.model.item_at(index)
        if item is None:
            return
        if item.has_file:
            self.bench.open_evidence(item.id, 0)
        else:
            self.editing.edit_item(item)

    def open_current(self) -> None:
        item = self.current_item()
        if item is not None and item.has_file:
            self.bench.open_evidence(item.id, 0)

    def edit_current(self) -> None:
        index = self.view.currentIndex()
        item = self.model.item_at(index)
        if item is not None:
            self.editing.edit_item(item)
        elif index.isValid():
            self.view.edit(self.model.index(index.row(), 0))

    def link_current(self) -> None:
        item = self.current_item()
        if item is not None:
            self.editing.link_item(item)

    def remove_current(self) -> None:
        item = self.current_item()
        if item is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Remove from the bundle",
                          f"Remove {item.label} “{item.title}” from the bundle?\n\nIts file stays in the store; "
                          "Undo (Ctrl+Z) puts it back.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAccessibleName("Remove from the bundle")
        item_id, label = item.id, item.label
        box.accepted.connect(lambda: self._remove(item_id, label))
        self.confirm_box = box
        box.open()

    def _remove(self, item_id: int, label: str) -> None:
        self.bench.push(f"Remove {label}", redo=lambda s: s.evidence.remove_item(item_id),
                        undo_from=lambda ch: lambda s: s.evidence.restore_item(ch.value))

    # --- citations ----------------------------------------------------------------------------------------
    def copy_citation(self, at_seconds: int | None = None) -> None:
        """The item's citation; for a recording with key moments, a choice of them first (or `at_seconds`)."""
        item = self.current_item()
        if item is None:
            return
        if at_seconds is None and item.key_moments:
            self.editing.load(lambda s: s.evidence.details(item.id), lambda d: self._cite_menu(item, d.key_moments))
            return
        self.cite(item.id, at_seconds=at_seconds)

    def cite(self, item_id: int, page: int | None = None, at_seconds: int | None = None) -> None:
        def copy(text: str) -> None:
            self.bench.clipboard.copy(text)
            self.bench.show_status(f"Copied {text}")

        self.bench.ops.run_query(lambda s: s.evidence.citation(item_id, page, at_seconds), copy)

    def _cite_menu(self, item: ItemNode, moments: tuple[KeyMomentRecord, ...]) -> None:
        dialog = CitationDialog(item.label, moments, self)
        item_id = item.id
        dialog.chosen.connect(lambda at: self.cite(item_id, None, None if at < 0 else at))
        self.cite_dialog = dialog
        dialog.open()

    # --- import -------------------------------------------------------------------------------------------
    def import_files(self, paths: Sequence[str] = (), section: str = "") -> ImportDialog | None:
        if self.bench.case_id is None:
            return None
        current = self.current_section()
        sections = [(s.letter, s.title) for s in self.model.tree.sections]
        dialog = ImportDialog(sections, section or (current.letter if current else ""), paths, self)
        dialog.chosen.connect(self.start_import)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def start_import(self, paths: Sequence[str], section: str = "", reference_only: bool = False) -> ImportRun | None:
        case_id = self.bench.case_id
        if case_id is None or not paths:
            return None
        run = ImportRun(self.bench, case_id, list(paths), section, reference_only, self)
        self.import_run = run
        run.start()
        return run

    def _on_model_files_dropped(self, paths: list[str], letter: str) -> None:
        if self.bench.case_id is None:
            self.bench.show_status("Choose a case before importing files.")
            return
        sections = self.model.tree.sections
        self.start_import(paths, letter or (sections[-1].letter if sections else ""))  # below the tree: the end

    # --- context menu ---------------------------------------------------------------------------------------
    def _on_view_custom_context_menu_requested(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.open_action, self.edit_action, self.link_action, self.cite_action, None,
                       self.up_action, self.down_action, self.section_up_action, self.section_down_action, None,
                       self.remove_action, None, self.import_action, self.new_statement_action,
                       self.new_media_action, self.new_vetting_action, self.new_section_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.popup(self.view.viewport().mapToGlobal(pos))

