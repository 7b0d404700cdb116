"""The start screen: recent stores (paths only), New store…, Open store…, Open demo.

Nothing about cases is shown or remembered here: the recent list holds file paths from `AppSettings`
(SECURITY.md: QSettings, recent files). A store that is no longer where it was is shown greyed as
"not found" and can be removed from the list (the file itself is never touched).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QPainter, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from panelapp.ui.settings import AppSettings

DEMO_NOTE = ("The demo store holds one fictional case (DEMO-001): no real person or event. "
             "Its passphrase is “demo-passphrase”.")
PATH_ROLE = Qt.ItemDataRole.UserRole
FOUND_ROLE = Qt.ItemDataRole.UserRole + 1


def _scaled(label: QLabel, factor: float, *, bold: bool = False) -> QLabel:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)
    return label


class RecentStoreDelegate(QStyledItemDelegate):
    """Draws a recent store as its file name (bold) over its folder (muted); a missing one greyed."""

    _PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(200, 2 * line + 2 * self._PAD + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        path = Path(str(index.data(PATH_ROLE)))
        found = bool(index.data(FOUND_ROLE))
        name, folder = (path.name if found else f"{path.name} — not found"), str(path.parent)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        if selected:
            main = muted = palette.color(QPalette.ColorRole.HighlightedText)
        else:
            main = palette.color(QPalette.ColorRole.Text if found else QPalette.ColorRole.PlaceholderText)
            muted = palette.color(QPalette.ColorRole.PlaceholderText)
        rect: QRect = option.rect.adjusted(self._PAD + 2, self._PAD, -self._PAD, -self._PAD)
        font = option.font
        line = QFontMetrics(font).lineSpacing()
        painter.save()
        bold = type(font)(font)
        bold.setBold(found)
        bold.setItalic(not found)
        painter.setFont(bold)
        painter.setPen(main)
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideMiddle, rect.width()))
        painter.setFont(font)
        painter.setPen(muted)
        bottom = QRect(rect.left(), rect.top() + line, rect.width(), line)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(font).elidedText(folder, Qt.TextElideMode.ElideMiddle, rect.width()))
        painter.restore()


class WelcomeWidget(QWidget):
    """Shown when the app starts without a store. Emits what the user chose; the window does it."""

    new_store_requested = Signal()
    open_store_requested = Signal(str)  # a path, or "" to choose one
    open_demo_requested = Signal()

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings

        title = _scaled(QLabel("panelapp"), 2.0, bold=True)
        tagline = QLabel("Case files for police misconduct hearing panels. "
                         "Everything stays in one encrypted file on this computer; nothing needs a network.")
        tagline.setWordWrap(True)

        self.new_button = QPushButton("&New store…")
        self.new_button.setToolTip("Create an empty encrypted store (Ctrl+N)")
        self.new_button.clicked.connect(self.new_store_requested)
        self.open_button = QPushButton("&Open store…")
        self.open_button.setToolTip("Choose a store file to unlock (Ctrl+O)")
        self.open_button.clicked.connect(lambda: self.open_store_requested.emit(""))
        self.demo_button = QPushButton("Open &demo")
        self.demo_button.setToolTip("Open the fictional demo store")
        self.demo_button.clicked.connect(self.open_demo_requested)
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMinimumHeight(36)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.demo_label = QLabel(DEMO_NOTE)
        self.demo_label.setObjectName("demoNote")
        self.demo_label.setWordWrap(True)
        self.demo_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        actions = QVBoxLayout()
        actions.setSpacing(10)
        actions.addWidget(_scaled(QLabel("Start"), 1.15, bold=True))
        actions.addWidget(self.new_button)
        actions.addWidget(self.open_button)
        actions.addSpacing(14)
        actions.addWidget(self.demo_button)
        actions.addWidget(self.demo_label)
        actions.addStretch(1)

        recent_title = _scaled(QLabel("&Recent stores"), 1.15, bold=True)
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentStores")
        self.recent_list.setAccessibleName("Recent stores")
        self.recent_list.setAccessibleDescription("Enter unlocks the selected store; Delete removes it from the list")
        self.recent_list.setAlternatingRowColors(False)
        self.recent_list.setItemDelegate(RecentStoreDelegate(self.recent_list))
        self.recent_list.setMinimumHeight(220)
        self.recent_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.recent_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.recent_list.itemActivated.connect(self._on_recent_list_item_activated)
        self.recent_list.currentItemChanged.connect(self._on_recent_list_current_item_changed)
        self.recent_list.installEventFilter(self)
        recent_title.setBuddy(self.recent_list)
        self.empty_label = QLabel("No recent stores yet. Create a new store, open one you have, or try the demo.")
        self.empty_label.setObjectName("noRecentStores")
        self.empty_label.setWordWrap(True)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.unlock_recent_button = QPushButton("&Unlock…")
        self.unlock_recent_button.setToolTip("Unlock the selected store (Enter)")
        self.unlock_recent_button.clicked.connect(self._open_current)
        self.remove_button = QPushButton("Re&move from list")
        self.remove_button.setToolTip("Forget this path (Delete); the file itself is not touched")
        self.remove_button.clicked.connect(self._remove_current)
        self.message_label = QLabel()
        self.message_label.setObjectName("welcomeMessage")
        self.message_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.unlock_recent_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        recent = QVBoxLayout()
        recent.setSpacing(8)
        recent.addWidget(recent_title)
        recent.addWidget(self.recent_list, 1)
        recent.addWidget(self.empty_label)
        recent.addLayout(row)
        recent.addWidget(self.message_label)
        recent.addStretch(0)  # takes the room only while the list is hidden (no recent stores)

        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        columns.addLayout(actions, 2)
        columns.addWidget(divider)
        columns.addLayout(recent, 3)

        panel = QWidget()
        panel.setObjectName("welcomePanel")
        panel.setFixedWidth(780)
        inner = QVBoxLayout(panel)
        inner.setSpacing(6)
        inner.addWidget(title)
        inner.addWidget(tagline)
        inner.addSpacing(24)
        inner.addLayout(columns)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(panel)
        centred.addStretch(1)
        outer.addLayout(centred, 4)
        outer.addStretch(2)

        QWidget.setTabOrder(self.new_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.demo_button)
        QWidget.setTabOrder(self.demo_button, self.recent_list)
        QWidget.setTabOrder(self.recent_list, self.unlock_recent_button)
        QWidget.setTabOrder(self.unlock_recent_button, self.remove_button)
        remove_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.recent_list)
        remove_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_shortcut.activated.connect(self._remove_current)
        self.refresh()

    # --- the recent list ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the recent stores (paths only) and whether each file is still there."""
        current = self.current_path()
        self.recent_list.clear()
        self.message_label.clear()
        for path in self.settings.recent_stores:
            p = Path(path)
            found = p.is_file()  # a stat, no read: cheap enough for a handful of paths
            name = p.name if found else f"{p.name} — not found"
            item = QListWidgetItem(f"{name}\n{p.parent}")
            item.setData(PATH_ROLE, path)
            item.setData(FOUND_ROLE, found)
            item.setToolTip(path if found else f"{path}\nnot found: moved, renamed, or on a drive not connected")
            self.recent_list.addItem(item)
            if path == current:
                self.recent_list.setCurrentItem(item)
        has_any = self.recent_list.count() > 0
        self.recent_list.setVisible(has_any)
        self.empty_label.setVisible(not has_any)
        self.unlock_recent_button.setVisible(has_any)
        self.remove_button.setVisible(has_any)
        if has_any and self.recent_list.currentItem() is None:
            self.recent_list.setCurrentRow(0)
        self._update_buttons()

    def current_path(self) -> str | None:
        item = self.recent_list.currentItem()
        return str(item.data(PATH_ROLE)) if item is not None else None

    def _update_buttons(self) -> None:
        item = self.recent_list.currentItem()
        self.unlock_recent_button.setEnabled(item is not None and bool(item.data(FOUND_ROLE)))
        self.remove_button.setEnabled(item is not None)

    def _open_current(self) -> None:
        item = self.recent_list.currentItem()
        if item is None:
            return
        path = str(item.data(PATH_ROLE))
        if not Path(path).is_file():
            self.refresh()
            self.message_label.setText(f"{Path(path).name} was not found where it was; "
                                       "remove it from the list, or open it where it is now.")
            return
        self.open_store_requested.emit(path)

    def _remove_current(self) -> None:
        path = self.current_path()
        if path is None:
            return
        row = self.recent_list.currentRow()
        self.settings.forget_store(path)
        self.refresh()
        if self.recent_list.count():
            self.recent_list.setCurrentRow(min(row, self.recent_list.count() - 1))
            self.recent_list.setFocus()
        else:
            self.new_button.setFocus()
        self.message_label.setText(f"{Path(path).name} was removed from the list (the file was not touched).")

    def _on_recent_list_item_activated(self, _item: QListWidgetItem) -> None:
        self._open_current()

    def _on_recent_list_current_item_changed(self, *_items: object) -> None:
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on the list opens the store even on styles where it does not "activate" an item.
        if (watched is self.recent_list and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._open_current()
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)
        focus = self.recent_list if self.recent_list.count() else self.new_button
        focus.setFocus()
