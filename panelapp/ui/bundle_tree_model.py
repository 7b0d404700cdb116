"""The bundle as a two-level Qt item model: sections (A, B, …) and their items, over a `BundleTree`.

A section's items reach the view in batches of `BATCH` (`canFetchMore`/`fetchMore`): the view lays out only
the rows it has, so a bundle of 20,000 items fills and paints as fast as one of a few hundred. The next batch
comes when the view shows a section's last row so far (painting asks for its data), when it expands a
section, or at once when an item beyond them is looked up (`index_of_item`).

The model never writes. A drop asks for a move (`move_requested`) or an import (`files_dropped`); a
section title typed in place asks for a rename (`title_edited`). The view's owner turns each request
into one undoable service call and the model is refilled from the store when the change comes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont

from panelapp.domain.evidence_records import BundleTree, ItemNode, SectionNode

ITEM_MIME = "application/x-panelapp-evidence-item"
URI_MIME = "text/uri-list"
_Index = QModelIndex | QPersistentModelIndex
_SECTION = 0  # internalId of a section row; an item's is its section's row + 1
BATCH = 200  # items of a section handed to the view at a time
COLUMNS = ("Tab", "Kind", "Title", "Dated", "Contents", "Pages", "Allegations")  # as the printed index


def _dated(node: ItemNode) -> str:
    return node.dated.strftime("%d %b %Y") if node.dated else ""


def _contents(node: ItemNode) -> str:
    if node.pages:
        return f"{node.pages} page{'s' * (node.pages != 1)}"
    if node.key_moments:
        return f"{node.key_moments} key moment{'s' * (node.key_moments != 1)}"
    if node.vetting_entries:
        return f"{node.vetting_entries} vetting entr{'ies' if node.vetting_entries != 1 else 'y'}"
    return "file kept by reference" if node.reference_only else ""


_ITEM_TEXT = (
    lambda n: n.label,
    lambda n: n.kind.label,
    lambda n: n.title,
    _dated,
    _contents,
    lambda n: n.bundle_pages,
    lambda n: ", ".join(n.allegations),
)


# Flags computed once (the view asks for every row it lays out; combining enums in Python each time is slow).
# An item never has children: saying so spares the view a hasChildren() call per row.
_OUTSIDE_FLAGS = Qt.ItemFlag.ItemIsDropEnabled
_SECTION_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled
_TITLE_FLAGS = _SECTION_FLAGS | Qt.ItemFlag.ItemIsEditable
_ITEM_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
               | Qt.ItemFlag.ItemNeverHasChildren)


class BundleTreeModel(QAbstractItemModel):
    """Sections → items. Item ids travel in drags as `ITEM_MIME`; files from outside as `text/uri-list`."""

    move_requested = Signal(int, str, int)  # item id, section letter, 1-based position
    files_dropped = Signal(list, str)  # local paths, section letter ("" when dropped outside a section)
    title_edited = Signal(str, str)  # section letter, new title

    ItemIdRole = Qt.ItemDataRole.UserRole + 1
    LetterRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tree = BundleTree(0)
        self._where: dict[int, tuple[int, int]] = {}  # item id -> (section row, item row)
        self._shown: list[int] = []  # per section: how many of its items the view has been given
        self._fetching: set[int] = set()  # sections whose next batch is already on its way
        self._inserting = False  # views react to rowsAboutToBeInserted by asking for more: not now

    # --- contents -------------------------------------------------------------------------------------
    @property
    def tree(self) -> BundleTree:
        return self._tree

    def set_tree(self, tree: BundleTree) -> None:
        self.beginResetModel()
        self._tree = tree
        self._where = {item.id: (s, r) for s, section in enumerate(tree.sections)
                       for r, item in enumerate(section.items)}
        self._shown = [min(len(section.items), BATCH) for section in tree.sections]
        self._fetching.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.set_tree(BundleTree(0))

    def section_at(self, index: _Index) -> SectionNode | None:
        if not index.isValid():
            return None
        if index.internalId() == _SECTION:
            return self._tree.sections[index.row()]
        return self._tree.sections[index.internalId() - 1]

    def item_at(self, index: _Index) -> ItemNode | None:
        if not index.isValid() or index.internalId() == _SECTION:
            return None
        return self._tree.sections[index.internalId() - 1].items[index.row()]

    def index_of_item(self, item_id: int, column: int = 0) -> QModelIndex:
        where = self._where.get(item_id)
        if where is None:
            return QModelIndex()
        section, row = where
        if row >= self._shown[section]:  # not given to the view yet: give it every batch up to this item
            self._show(section, row + 1)
        return self.createIndex(row, column, section + 1)

    def index_of_section(self, letter: str) -> QModelIndex:
        for s, section in enumerate(self._tree.sections):
            if section.letter == letter:
                return self.createIndex(s, 0, _SECTION)
        return QModelIndex()

    # --- structure ------------------------------------------------------------------------------------
    # The view calls these for every row it lays out (20,000 for a force's largest bundle): each answers
    # from Python lists without calling back into Qt (`hasIndex` would call rowCount and columnCount again).
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt API
        if row < 0 or not 0 <= column < len(COLUMNS):
            return QModelIndex()
        sections = self._tree.sections
        if not parent.isValid():
            return self.createIndex(row, column, _SECTION) if row < len(sections) else QModelIndex()
        if parent.internalId() == _SECTION and parent.column() == 0 and row < self._shown[parent.row()]:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _SECTION:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _SECTION)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        if not parent.isValid():
            return len(self._tree.sections)
        if parent.column() == 0 and parent.internalId() == _SECTION:
            return self._shown[parent.row()]
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return len(COLUMNS)

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt API
        if not parent.isValid():
            return bool(self._tree.sections)
        return parent.internalId() == _SECTION and parent.column() == 0 and bool(
            self._tree.sections[parent.row()].items)

    def canFetchMore(self, parent: _Index) -> bool:
        return (not self._inserting and parent.isValid() and parent.internalId() == _SECTION
                and parent.column() == 0 and self._shown[parent.row()] < len(self._tree.sections[parent.row()].items))

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent):
            self._show(parent.row(), self._shown[parent.row()] + BATCH)

    def _show(self, section: int, count: int) -> None:
        """Give the view the section's items up to `count` (at most all of them)."""
        self._fetching.discard(section)
        shown, count = self._shown[section], min(count, len(self._tree.sections[section].items))
        if count <= shown or self._inserting:
            return
        self._inserting = True
        try:
            self.beginInsertRows(self.createIndex(section, 0, _SECTION), shown, count - 1)
            self._shown[section] = count
            self.endInsertRows()
        finally:
            self._inserting = False

    def _fetch_later(self, section: int) -> None:
        """The view is showing a section's last row so far: the next batch, once this paint is over."""
        if section in self._fetching:
            return
        self._fetching.add(section)
        tree = self._tree
        QTimer.singleShot(0, self, lambda: self._show(section, self._shown[section] + BATCH)
                          if self._tree is tree and section in self._fetching else None)

    # --- data -----------------------------------------------------------------------------------------
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item_at(index)
        if item is None:
            section = self._tree.sections[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return f"{section.letter}   {section.title or '(untitled section)'}"
            if role == Qt.ItemDataRole.EditRole and index.column() == 0:
                return section.title
            if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
                return f"Section {section.letter}: F2 renames it"
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
                return f"Section {section.letter}, {section.title}, {len(section.items)} items"
            if role == self.LetterRole:
                return section.letter
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = index.internalId() - 1  # the item's section
            shown = self._shown[row]
            if index.row() == shown - 1 and shown < len(self._tree.sections[row].items):
                self._fetch_later(row)
            return _ITEM_TEXT[index.column()](item)
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
            return f"{item.label}, {item.kind.label}, {item.title}"
        if role == self.ItemIdRole:
            return item.id
        if role == self.LetterRole:
            return item.section
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _OUTSIDE_FLAGS  # files may land outside any section
        if index.internalId() == _SECTION:
            return _TITLE_FLAGS if index.column() == 0 else _SECTION_FLAGS
        return _ITEM_FLAGS

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.internalId() != _SECTION \
                or index.column() != 0:
            return False
        section = self._tree.sections[index.row()]
        title = str(value).strip()
        if title != section.title:
            self.title_edited.emit(section.letter, title)
        return True  # shown as it was until the store says otherwise

    # --- drag and drop --------------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ITEM_MIME, URI_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = sorted({i.id for i in (self.item_at(x) for x in indexes) if i is not None})
        if ids:
            data.setData(ITEM_MIME, QByteArray(str(ids[0]).encode("ascii")))
        return data

    @staticmethod
    def local_paths(data: QMimeData) -> list[str]:
        return [u.toLocalFile() for u in data.urls() if u.isLocalFile() and u.toLocalFile()]

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        if data.hasFormat(ITEM_MIME):
            return action == Qt.DropAction.MoveAction and self._drop_section(parent) is not None
        return data.hasUrls() and bool(self.local_paths(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        section = self._drop_section(parent)
        if data.hasFormat(ITEM_MIME):
            assert section is not None
            item = self._tree.item(int(bytes(data.data(ITEM_MIME).data()).decode("ascii")))
            if item is None:
                return False
            if row < 0:  # onto a section: at its end; onto an item: in its place
                row = len(section.items) if parent.internalId() == _SECTION else parent.row()
            if item.section == section.letter:
                old = [i.id for i in section.items].index(item.id)
                if old < row:
                    row -= 1  # the row counted the item itself, which leaves its place first
                if old == row:
                    return False
            self.move_requested.emit(item.id, section.letter, row + 1)
            return True
        self.files_dropped.emit(self.local_paths(data), section.letter if section else "")
        return True

    def _drop_section(self, parent: _Index) -> SectionNode | None:
        """Items land in a section; a drop onto an item means its section (Qt asks for the item's parent)."""
        return self.section_at(parent)
