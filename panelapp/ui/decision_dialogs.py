"""Small dialogs of the decision screens: pick a citation from the bundle, mark final, reopen.

Each is built, filled and accepted by its screen (tests do the same without `exec()`); the screen pushes the
write when the dialog is accepted.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.decision_records import CitableItem, CitationInput, ReadinessItem


class CitationDialog(QDialog):
    """Choose a bundle item and a page in it (or a time in a recording); an optional short note."""

    def __init__(self, items: Sequence[CitableItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a citation")
        self._items = list(items)
        self.item_combo = QComboBox()
        self.item_combo.setAccessibleName("Bundle item")
        for item in self._items:
            self.item_combo.addItem(f"{item.label} — {item.title}", item.evidence_id)
        self.page_spin = QSpinBox()
        self.page_spin.setAccessibleName("Page within the item")
        self.time_edit = QTimeEdit()
        self.time_edit.setDisplayFormat("HH:mm:ss")
        self.time_edit.setAccessibleName("Time in the recording")
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Citation note")
        self.note_edit.setPlaceholderText("Optional: what it shows, e.g. “two blows after handcuffing”")
        self.how = QLabel()
        self.how.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Item:", self.item_combo)
        form.addRow("&Page:", self.page_spin)
        form.addRow("&Time:", self.time_edit)
        form.addRow("&Note:", self.note_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.how)
        layout.addWidget(buttons)
        self.item_combo.currentIndexChanged.connect(self._on_item_combo_current_index_changed)
        self._on_item_combo_current_index_changed(self.item_combo.currentIndex())

    def _item(self) -> CitableItem | None:
        i = self.item_combo.currentIndex()
        return self._items[i] if 0 <= i < len(self._items) else None

    def _on_item_combo_current_index_changed(self, _index: int) -> None:
        item = self._item()
        self.ok_button.setEnabled(item is not None)
        paged = item is not None and item.pages is not None
        media = item is not None and item.media
        self.page_spin.setEnabled(paged)
        self.page_spin.setRange(1, item.pages if item is not None and item.pages else 1)
        self.time_edit.setEnabled(media)
        if item is None:
            self.how.setText("The bundle has no items to cite yet.")
        elif paged:
            self.how.setText(f"Cite a page of {item.label} (it has {item.pages}).")
        elif media:
            self.how.setText(f"Cite a moment in the recording {item.label}.")
        else:
            self.how.setText(f"{item.label} is cited as a whole.")

    def select(self, evidence_id: int, page: int | None = None, at_seconds: int | None = None) -> None:
        """Choose an item (and page or time), as a user would."""
        self.item_combo.setCurrentIndex(self.item_combo.findData(evidence_id))
        if page is not None:
            self.page_spin.setValue(page)
        if at_seconds is not None:
            self.time_edit.setTime(QTime(0, 0).addSecs(at_seconds))

    def citation(self) -> CitationInput | None:
        item = self._item()
        if item is None:
            return None
        page = self.page_spin.value() if item.pages is not None else None
        at = QTime(0, 0).secsTo(self.time_edit.time()) if item.media else None
        return CitationInput(item.evidence_id, page, at, self.note_edit.text().strip())


class MarkFinalDialog(QDialog):
    """Mark the decision final: shows what still blocks it; an override needs a reason (kept and audited)."""

    def __init__(self, blocking: Sequence[ReadinessItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark the decision final")
        self.blocking = list(blocking)
        layout = QVBoxLayout(self)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleName("Override reason")
        self.reason_edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.blocking:
            intro = QLabel(f"<b>The readiness check still finds {len(self.blocking)} blocking "
                           f"problem{'s' if len(self.blocking) != 1 else ''}.</b> A decision that misses a stage "
                           "is open to challenge. To mark it final anyway, give the reason for overriding the "
                           "check: it is kept with this version and recorded in the audit log.")
            intro.setWordWrap(True)
            problems = QListWidget()
            problems.setAccessibleName("Blocking problems")
            problems.addItems([p.message for p in self.blocking])
            layout.addWidget(intro)
            layout.addWidget(problems)
            label = QLabel("&Reason for overriding the check:")
            label.setBuddy(self.reason_edit)
            layout.addWidget(label)
            layout.addWidget(self.reason_edit)
            self.ok_button.setText("Override and mark final")
            self.ok_button.setEnabled(False)
            self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)
        else:
            intro = QLabel("Nothing blocks this decision. Marking it final records this version; it is then "
                           "read-only until reopened (the reopening is audited).")
            intro.setWordWrap(True)
            layout.addWidget(intro)
            self.reason_edit.hide()
            self.ok_button.setText("Mark final")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_reason_edit_text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.reason_edit.toPlainText().strip()))

    def override_reason(self) -> str | None:
        return self.reason_edit.toPlainText().strip() or None if self.blocking else None


class ReopenDialog(QDialog):
    """Reopen a final decision: the reason is required and audited; a new draft version is recorded."""

    def __init__(self, version: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reopen the decision")
        intro = QLabel(f"Version {version} is final. Reopening records a new draft version and the reason in the "
                       "audit log; mark it final again when the changes are made.")
        intro.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleName("Reason for reopening")
        self.reason_edit.setTabChangesFocus(True)
        label = QLabel("&Reason for reopening:")
        label.setBuddy(self.reason_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Reopen")
        self.ok_button.setEnabled(False)
        self.reason_edit.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.reason_edit.toPlainText().strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(buttons)

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()
