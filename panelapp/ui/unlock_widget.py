"""The unlock view: choose a store, type the passphrase, unlock (key derivation off the GUI thread).

Qt cannot ask the keyboard whether Caps Lock is on, so the form infers it from what is typed: a letter
that comes out upper-case without Shift (or lower-case with Shift) means Caps Lock is on; the opposite
means it is off. The warning shows only while the evidence says "on".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class UnlockWidget(QWidget):
    """Shown at start and after Lock. Emits the path and passphrase; the window does the unlocking."""

    unlock_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("panelapp")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = [QLabel("Case files for police misconduct hearing panels."),
                 QLabel("Everything stays in one encrypted file on this computer.")]
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("storePath")
        self.path_edit.setPlaceholderText("Choose a store file (.panel)")
        self.path_edit.setAccessibleName("Store file")
        self.choose_button = QPushButton("C&hoose…")
        self.choose_button.setAccessibleName("Choose a store file")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName("Passphrase")
        self.passphrase_edit.returnPressed.connect(self._on_unlock_button_clicked)
        self.passphrase_edit.installEventFilter(self)
        self._caps_lock: bool | None = None  # None: no evidence either way yet
        self.caps_lock_label = QLabel("⚠ Caps Lock is on")
        self.caps_lock_label.setObjectName("capsLockWarning")
        self.caps_lock_label.setAccessibleName("Caps Lock is on")
        self.caps_lock_label.setStyleSheet("color: #8a5a00; font-weight: bold;")
        keep_room = self.caps_lock_label.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)  # the form does not jump when the hint comes and goes
        self.caps_lock_label.setSizePolicy(keep_room)
        self.caps_lock_label.setVisible(False)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.error_label = QLabel()
        self.error_label.setObjectName("unlockError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setVisible(False)
        self.busy_label = QLabel("Unlocking… deriving the key from the passphrase")
        self.busy_label.setVisible(False)

        form = QFormLayout()
        path_label = QLabel("S&tore:")
        path_label.setBuddy(self.path_edit)
        passphrase_label = QLabel("&Passphrase:")
        passphrase_label.setBuddy(self.passphrase_edit)
        form.addRow(path_label, path_row)
        form.addRow(passphrase_label, self.passphrase_edit)
        form.addRow("", self.caps_lock_label)
        panel = QWidget()
        panel.setFixedWidth(540)
        inner = QVBoxLayout(panel)
        inner.addWidget(title)
        for line in intro:
            inner.addWidget(line)
        inner.addSpacing(8)
        inner.addLayout(form)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        inner.addWidget(self.busy_label)
        inner.addWidget(self.busy_bar)
        inner.addWidget(self.error_label)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centred = QHBoxLayout()  # stretches, not an alignment flag, so wrapped labels get their full height
        centred.addStretch(1)
        centred.addWidget(panel)
        centred.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)

    def set_store_path(self, path: str) -> None:
        self.path_edit.setText(path)

    def set_busy(self, busy: bool) -> None:
        for w in (self.path_edit, self.choose_button, self.passphrase_edit, self.unlock_button):
            w.setEnabled(not busy)
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        if busy:
            self.error_label.clear()

    def show_error(self, message: str) -> None:
        self.set_busy(False)
        self.error_label.setText(message)
        self.passphrase_edit.setFocus()

    def reset(self) -> None:
        """Back to a clean unlock form: no passphrase, no error, no stale Caps Lock evidence."""
        self.passphrase_edit.clear()
        self.error_label.clear()
        self._set_caps_lock(None)
        self.set_busy(False)
        self.passphrase_edit.setFocus()

    @property
    def caps_lock_on(self) -> bool | None:
        """What the typing so far says about Caps Lock: True, False, or None (no evidence)."""
        return self._caps_lock

    def _set_caps_lock(self, on: bool | None) -> None:
        self._caps_lock = on
        self.caps_lock_label.setVisible(on is True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.passphrase_edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self._read_caps_lock(event)
        return super().eventFilter(watched, event)

    def _read_caps_lock(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_CapsLock:
            if self._caps_lock is not None:
                self._set_caps_lock(not self._caps_lock)
            return
        mods = event.modifiers()
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.MetaModifier):
            return
        text = event.text()
        if len(text) != 1 or text.upper() == text.lower():  # not a letter with two cases: no evidence
            return
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        self._set_caps_lock(text.isupper() != shift)

    def _on_choose_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open store", "", "panelapp stores (*.panel);;All files (*)")
        if path:
            self.path_edit.setText(path)

    def _on_unlock_button_clicked(self) -> None:
        path, passphrase = self.path_edit.text().strip(), self.passphrase_edit.text()
        if not path:
            self.show_error("Choose a store file first.")
            return
        if not passphrase:
            self.show_error("Type the store's passphrase.")
            return
        self.passphrase_edit.clear()  # the passphrase does not stay in a widget
        self.set_busy(True)
        self.unlock_requested.emit(path, passphrase)
