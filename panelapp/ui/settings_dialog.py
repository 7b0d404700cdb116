"""SettingsDialog: the idle-lock minutes and the display name for the audit log.

Both are about the user and this computer, never about cases (SECURITY.md: nothing about cases in
QSettings). The window applies them on accept (idle lock at once, display name to the open store).
"""

from __future__ import annotations

import getpass
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from panelapp.ui.settings import MAX_IDLE_MINUTES, AppSettings

NAME_LIMIT = 100


def os_account() -> str:
    """The operating-system account the audit log records (from the account database where there is one)."""
    try:
        import pwd  # POSIX only

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError, AttributeError):
        try:
            return getpass.getuser()
        except (KeyError, OSError, ImportError):
            return "unknown"


class SettingsDialog(QDialog):
    """Edit `settings.idle_minutes` and `settings.display_name`; written only on accept."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        self.setMinimumWidth(540)
        self._account = os_account()

        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("idleMinutes")
        self.idle_spin.setAccessibleName("Lock after minutes without use (0 turns it off)")
        self.idle_spin.setRange(0, MAX_IDLE_MINUTES)
        self.idle_spin.setMinimumWidth(110)
        self.idle_spin.setSuffix(" min")
        self.idle_spin.setSpecialValueText("Off")
        self.idle_spin.setValue(settings.idle_minutes)
        idle_hint = QLabel("The open store locks itself after this long without keyboard or mouse input. "
                           "0 turns the idle lock off (Ctrl+L still locks at any time).")
        idle_hint.setWordWrap(True)

        self.name_edit = QLineEdit(settings.display_name)
        self.name_edit.setObjectName("displayName")
        self.name_edit.setAccessibleName("Display name for the audit log")
        self.name_edit.setMaxLength(NAME_LIMIT)
        self.name_edit.setPlaceholderText("e.g. Jane Smith (optional)")
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        name_hint = QLabel(f"Recorded in each store's audit log beside your operating-system account "
                           f"({self._account}), so the log shows who made each change. "
                           "Your own name only: nothing about cases belongs here.")
        name_hint.setWordWrap(True)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("actorPreview")
        self._on_name_edit_text_changed(self.name_edit.text())

        for hint in (idle_hint, name_hint, self.preview_label):
            hint.setStyleSheet("color: palette(placeholder-text);")

        idle_label = QLabel("&Idle lock:")
        idle_label.setBuddy(self.idle_spin)
        name_label = QLabel("&Display name:")
        name_label.setBuddy(self.name_edit)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        idle_box = QVBoxLayout()
        idle_box.setSpacing(4)
        idle_box.addWidget(self.idle_spin, 0, Qt.AlignmentFlag.AlignLeft)
        idle_box.addWidget(idle_hint)
        name_box = QVBoxLayout()
        name_box.setSpacing(4)
        for w in (self.name_edit, name_hint, self.preview_label):
            name_box.addWidget(w)
        form.addRow(idle_label, idle_box)
        form.addRow(name_label, name_box)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.idle_spin.setFocus()
        self.idle_spin.selectAll()

    def _on_name_edit_text_changed(self, text: str) -> None:
        name = text.strip()
        shown = f"{self._account} ({name})" if name and name != self._account else self._account
        self.preview_label.setText(f"The audit log will record: {shown}")

    def accept(self) -> None:
        self.settings.idle_minutes = self.idle_spin.value()
        self.settings.display_name = self.name_edit.text()
        self.settings.sync()
        super().accept()
