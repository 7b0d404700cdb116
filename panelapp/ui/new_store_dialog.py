"""NewStoreDialog: where to create the store and its passphrase, typed twice, with a strength meter.

The dialog only collects and checks; the window creates the store on the database thread. A passphrase
is accepted from zxcvbn score 3 ("safely unguessable: moderate protection from an offline slow-hash
scenario", see `panelapp.domain.passphrase_strength`): a copied store file can be attacked offline.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QStandardPaths, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.passphrase_strength import MIN_SCORE, PassphraseStrength, passphrase_strength

SUFFIX = ".panel"
UNRECOVERABLE_WARNING = (
    "A lost passphrase cannot be recovered. No one — not even panelapp's developers — can open this store "
    "without it, and there is no reset. Write it down and keep it somewhere safe, away from this computer."
)
# Red, orange, amber, green, deep green: colour-blind users also get the word ("weak", "strong").
_SCORE_COLOURS = ("#c62828", "#ef6c00", "#f9a825", "#2e7d32", "#1b5e20")


def with_suffix(text: str) -> str:
    """The store path the user means: `~` expanded, `.panel` added when the name has no such suffix;
    "" when the text names no file (empty, or only a folder such as "/tmp/" or "..")."""
    text = text.strip()
    if not text or text.endswith(("/", os.sep)):
        return ""
    path = Path(os.path.expanduser(text))
    if path.name in ("", ".", "..") or path.is_dir():
        return ""
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    return str(path)


class StrengthMeterWidget(QWidget):
    """Four segments filled by the zxcvbn score (0 fills none), coloured from red to green."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._score = 0
        self._active = False
        self.setAccessibleName("Passphrase strength")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def score(self) -> int:
        return self._score

    def set_score(self, score: int, active: bool = True) -> None:
        self._score, self._active = score, active
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        gap, segments = 4.0, 4
        width = (self.width() - gap * (segments - 1)) / segments
        empty = self.palette().color(QPalette.ColorRole.Mid)
        empty.setAlpha(90)
        for i in range(segments):
            filled = self._active and i < self._score
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(_SCORE_COLOURS[self._score]) if filled else empty)
            painter.drawRoundedRect(QRectF(i * (width + gap), 0, width, self.height()), 3, 3)
        painter.end()


class NewStoreDialog(QDialog):
    """Ask where the new store goes and its passphrase (twice). OK only when all three are right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New store")
        self.setModal(True)
        self.setMinimumWidth(560)

        intro = QLabel("A store is one encrypted file holding your cases and their evidence. "
                       "Choose where to keep it and a passphrase to lock it.")
        intro.setWordWrap(True)

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("newStorePath")
        self.path_edit.setAccessibleName("Store file")
        self.path_edit.setPlaceholderText("e.g. ~/Documents/hearings-2025.panel")
        self.choose_button = QPushButton("&Choose…")
        self.choose_button.setAccessibleName("Choose where to save the store")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)

        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("newPassphrase")
        self.passphrase_edit.setAccessibleName("Passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("repeatPassphrase")
        self.repeat_edit.setAccessibleName("Repeat the passphrase")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_check = QCheckBox("S&how passphrase")
        self.show_check.setAccessibleName("Show the passphrase")
        self.show_check.toggled.connect(self._on_show_check_toggled)

        self.meter = StrengthMeterWidget()
        self.strength_label = QLabel()
        self.strength_label.setObjectName("strengthLabel")
        self.strength_label.setWordWrap(True)
        self.strength_label.setAccessibleName("Passphrase strength")
        strength_box = QVBoxLayout()
        strength_box.setSpacing(4)
        strength_box.addWidget(self.meter)
        strength_box.addWidget(self.strength_label)

        self.warning_label = QLabel(UNRECOVERABLE_WARNING)
        self.warning_label.setObjectName("lostPassphraseWarning")
        self.warning_label.setWordWrap(True)
        warning = QFrame()
        warning.setObjectName("warningFrame")
        warning.setFrameShape(QFrame.Shape.StyledPanel)
        warning.setStyleSheet("#warningFrame { background: #fff8e1; border: 1px solid #e0c068; border-radius: 4px; }"
                              "#lostPassphraseWarning { color: #4e3b00; }")
        warning_layout = QVBoxLayout(warning)
        warning_layout.setContentsMargins(10, 8, 10, 8)
        warning_layout.addWidget(self.warning_label)

        self.error_label = QLabel()
        self.error_label.setObjectName("newStoreError")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("What is still missing")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create store")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.path_edit)  # a row holding a layout gets no buddy by itself
        form.addRow(file_label, path_row)
        form.addRow("&Passphrase:", self.passphrase_edit)
        form.addRow("&Repeat:", self.repeat_edit)
        form.addRow("", self.show_check)
        form.addRow("Strength:", strength_box)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        QWidget.setTabOrder(self.path_edit, self.choose_button)
        QWidget.setTabOrder(self.choose_button, self.passphrase_edit)
        QWidget.setTabOrder(self.passphrase_edit, self.repeat_edit)
        QWidget.setTabOrder(self.repeat_edit, self.show_check)
        for edit in (self.path_edit, self.passphrase_edit, self.repeat_edit):
            edit.textChanged.connect(self._validate)
        self._strength = passphrase_strength("")
        self._validate()
        self.path_edit.setFocus()

    # --- what the window reads ------------------------------------------------------------------------
    def path(self) -> str:
        return with_suffix(self.path_edit.text())

    def passphrase(self) -> str:
        return self.passphrase_edit.text()

    @property
    def strength(self) -> PassphraseStrength:
        return self._strength

    # --- checking -------------------------------------------------------------------------------------
    def problem(self) -> tuple[str, bool]:
        """The first thing that stops the store being created, and whether it is an error (red) rather
        than a field not filled in yet. ("", False) when everything is right."""
        path = self.path()
        if not path and self.path_edit.text().strip():
            return "File: give the store a file name, not only a folder.", True
        if not path:
            return "File: choose where to save the new store.", False
        target = Path(path)
        if os.path.lexists(target):
            return f"File: {target.name} already exists; choose a new name (an existing store is never replaced).", True
        if not target.parent.is_dir():
            return f"File: the folder {target.parent} does not exist.", True
        passphrase, repeat = self.passphrase_edit.text(), self.repeat_edit.text()
        if not passphrase:
            return "Passphrase: type a passphrase for the new store.", False
        if not self._strength.acceptable:
            return f"Passphrase: too easy to guess ({self._strength.label}); it must be at least strong.", True
        if not repeat:
            return "Repeat: type the passphrase again.", False
        if unicodedata.normalize("NFC", repeat) != unicodedata.normalize("NFC", passphrase):
            return "Repeat: does not match the passphrase.", True
        return "", False

    def _validate(self) -> None:
        context = tuple(w for w in re.split(r"[^A-Za-z0-9]+", Path(self.path()).stem) if len(w) > 2)
        self._strength = passphrase_strength(self.passphrase_edit.text(), context)
        typed = bool(self.passphrase_edit.text())
        self.meter.set_score(self._strength.score, typed)
        if typed:
            verdict = self._strength.label.capitalize()
            if self._strength.acceptable:
                verdict += "."
            else:
                verdict += f": needs to be strong ({MIN_SCORE} of 4 bars) or better."
            advice = self._strength.advice
            self.strength_label.setText(f"{verdict} {advice}".strip())
        else:
            self.strength_label.setText("Several uncommon words make a passphrase both strong and memorable.")
        self.meter.setAccessibleDescription(self.strength_label.text())
        message, is_error = self.problem()
        if message:
            self.error_label.setText(message)
        else:
            target = Path(self.path())
            self.error_label.setText(f"Ready: creates {target.name} in {target.parent}.")
        # Not filled in yet (or ready): a quiet line; wrong: red.
        self.error_label.setStyleSheet("color: #b00020;" if is_error else "color: palette(placeholder-text);")
        self.ok_button.setEnabled(not message)

    def accept(self) -> None:
        message, _ = self.problem()
        if message:  # a file may have appeared since the last keystroke
            self._validate()
            return
        super().accept()

    # --- slots ----------------------------------------------------------------------------------------
    def _on_show_check_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.passphrase_edit.setEchoMode(mode)
        self.repeat_edit.setEchoMode(mode)

    def _on_choose_button_clicked(self) -> None:
        start = self.path() or str(Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or os.path.expanduser("~")) / f"hearings{SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(
            self, "New store", start, f"panelapp stores (*{SUFFIX})",
            options=QFileDialog.Option.DontConfirmOverwrite)  # an existing file is refused here, not replaced
        if path:
            self.path_edit.setText(with_suffix(path))
            self.passphrase_edit.setFocus()
