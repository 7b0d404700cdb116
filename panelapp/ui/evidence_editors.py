"""Typed editors for bundle items: witness statements, BWV/CCTV references, vetting histories, documents.

One dialog adapts to the item's shape (`EvidenceDetails.editable()`): the header every item has, plus the
recording's details and key moments, or the vetting entries. Save does not close the dialog: it emits
`submitted(details)`; the owner writes them (undoably) and closes the dialog on success or shows the
store's one-line refusal in it. The allegation links have their own small dialog.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.errors import BadInputError
from panelapp.domain.evidence_records import (
    MEDIA_KINDS,
    STATEMENT_KINDS,
    VETTING_KINDS,
    AllegationLink,
    AnyDetails,
    DocumentDetails,
    EvidenceDetails,
    KeyMomentRecord,
    MediaDetails,
    StatementDetails,
    VettingDetails,
    hms,
)
from panelapp.domain.vocabulary import EvidenceKind
from panelapp.ui.evidence_tables import KeyMomentsTable, OptionalDateTimeEdit, VettingTable
from panelapp.ui.form_fields import DateField

_SHAPES: dict[type, tuple[frozenset[EvidenceKind] | None, str]] = {
    StatementDetails: (STATEMENT_KINDS, "statement"),
    MediaDetails: (MEDIA_KINDS, "BWV/CCTV reference"),
    VettingDetails: (VETTING_KINDS, "vetting history"),
    DocumentDetails: (None, "item"),
}


def blank(kind: EvidenceKind) -> AnyDetails:
    """Empty details of the shape a new item of `kind` is edited in."""
    if kind in MEDIA_KINDS:
        return MediaDetails(kind=kind, title="")
    if kind in VETTING_KINDS:
        return VettingDetails(kind=kind, title="")
    if kind in STATEMENT_KINDS:
        return StatementDetails(kind=kind, title="")
    return DocumentDetails(kind=kind, title="")


def _line(text: str, name: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    return edit


class EvidenceEditorDialog(QDialog):
    """Edit (or create) one item's details. `label` names it in the title ("B3"), or "" for a new item."""

    submitted = Signal(object)  # the details as entered (StatementDetails, MediaDetails, …)

    def __init__(self, details: AnyDetails, label: str = "", existing: EvidenceDetails | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shape = type(details)
        kinds, noun = _SHAPES[self.shape]
        self.setWindowTitle(f"Edit {label}" if label else f"New {noun}")
        self.setObjectName("evidenceEditor")
        self.setAccessibleName(self.windowTitle())
        self.resize(760, 620 if self.shape in (MediaDetails, VettingDetails) else 480)

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind")
        for kind in (k for k in EvidenceKind if kinds is None or k in kinds):
            self.kind_combo.addItem(kind.label, kind)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(details.kind), 0))
        self.title_edit = _line(details.title, "Title")
        self.exhibit_edit = _line(details.exhibit_ref, "Exhibit reference")
        self.exhibit_edit.setPlaceholderText("e.g. BWV-2, VET-1")
        self.author_edit = _line(details.author, "Made by" if self.shape is StatementDetails else "Author")
        self.dated_edit = DateField("Dated", value=details.dated)
        self.notes_edit = QPlainTextEdit(details.notes)
        self.notes_edit.setTabChangesFocus(True)
        text_name = "Statement text" if self.shape is StatementDetails else "Notes"
        self.notes_edit.setAccessibleName(text_name)

        form = QFormLayout()
        form.addRow("&Kind", self.kind_combo)
        form.addRow("&Title", self.title_edit)
        form.addRow("E&xhibit ref", self.exhibit_edit)
        form.addRow("&Made by" if self.shape is StatementDetails else "&Author", self.author_edit)
        form.addRow("&Dated", self.dated_edit)
        if existing is not None and existing.filename:
            file_label = QLabel(f"{existing.filename}\nSHA-256 {existing.file_sha256}")
            file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            file_label.setWordWrap(True)
            form.addRow("File", file_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)

        self.moments: KeyMomentsTable | None = None
        self.vetting: VettingTable | None = None
        if isinstance(details, MediaDetails):
            layout.addWidget(self._media_box(details))
        elif isinstance(details, VettingDetails):
            self.vetting = VettingTable(details.entries)
            box = QGroupBox("Vetting history (a row per clearance decision, review, withdrawal or appeal)")
            QVBoxLayout(box).addWidget(self.vetting)
            layout.addWidget(box, 1)
        notes_label = QLabel(f"&{text_name}")
        notes_label.setBuddy(self.notes_edit)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes_edit, 1 if self.shape in (StatementDetails, DocumentDetails) else 0)
        if self.shape not in (StatementDetails, DocumentDetails):
            self.notes_edit.setMaximumHeight(80)

        self.error_label = QLabel()
        self.error_label.setObjectName("editorError")
        self.error_label.setStyleSheet("color: #a00;")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName("Problem")
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.title_edit.setFocus()

    def _media_box(self, details: MediaDetails) -> QGroupBox:
        box = QGroupBox("Recording")
        form = QFormLayout(box)
        self.device_edit = _line(details.device, "Device")
        self.device_edit.setPlaceholderText("make, model and serial number")
        self.wearer_edit = _line(details.wearer, "Wearer")
        self.started_edit = OptionalDateTimeEdit(details.started_at)
        self.started_edit.setAccessibleName("Recording starts")
        self.ended_edit = OptionalDateTimeEdit(details.ended_at)
        self.ended_edit.setAccessibleName("Recording ends")
        self.sha_edit = _line(details.media_sha256, "Media SHA-256")
        self.sha_edit.setPlaceholderText("64 hexadecimal characters, from the disclosure schedule")
        self.moments = KeyMomentsTable(details.key_moments)
        form.addRow("De&vice", self.device_edit)
        form.addRow("&Wearer", self.wearer_edit)
        form.addRow("&Starts", self.started_edit)
        form.addRow("&Ends", self.ended_edit)
        form.addRow("SHA-&256", self.sha_edit)
        form.addRow("Key moments", self.moments)
        return box

    def details(self) -> AnyDetails:
        """What the form says, in the item's shape; BadInputError when a time or date cannot be read."""
        header: dict[str, Any] = {"kind": EvidenceKind(self.kind_combo.currentData()), "title": self.title_edit.text(),
                  "author": self.author_edit.text(), "dated": self.dated_edit.value(),
                  "exhibit_ref": self.exhibit_edit.text(), "notes": self.notes_edit.toPlainText()}
        if self.shape is MediaDetails:
            assert self.moments is not None
            return MediaDetails(**header, device=self.device_edit.text(), wearer=self.wearer_edit.text(),
                                started_at=self.started_edit.value(), ended_at=self.ended_edit.value(),
                                media_sha256=self.sha_edit.text(), key_moments=self.moments.moments())
        if self.shape is VettingDetails:
            assert self.vetting is not None
            return VettingDetails(**header, entries=self.vetting.entries())
        return self.shape(**header)

    def submit(self) -> None:
        try:
            details = self.details()
        except BadInputError as exc:
            self.show_error(str(exc))
            return
        self.error_label.clear()
        self.buttons.setEnabled(False)
        self.submitted.emit(details)

    def show_error(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.error_label.setText(message)


class CitationDialog(QDialog):
    """Cite the whole item or one of its key moments: Enter (or double-click) copies the highlighted one.

    `chosen(at_seconds)` carries the moment's time in seconds, or -1 for the whole item.
    """

    chosen = Signal(int)

    def __init__(self, label: str, moments: tuple[KeyMomentRecord, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Cite {label}")
        self.setAccessibleName(self.windowTitle())
        self.resize(560, 300)
        self.list = QListWidget()
        self.list.setObjectName("citationChoices")
        self.list.setAccessibleName("What to cite")
        whole = QListWidgetItem(f"The whole item ({label})")
        whole.setData(Qt.ItemDataRole.UserRole, -1)
        self.list.addItem(whole)
        for m in moments:
            row = QListWidgetItem(f"At {hms(m.at_seconds)} — {m.note}")
            row.setData(Qt.ItemDataRole.UserRole, m.at_seconds)
            self.list.addItem(row)
        self.list.setCurrentRow(1 if moments else 0)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = self.buttons.addButton("&Copy citation", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)
        self.list.setFocus()

    def _on_list_item_activated(self, _item: QListWidgetItem) -> None:
        self._choose()

    def _choose(self) -> None:
        row = self.list.currentItem()
        if row is not None:
            self.chosen.emit(int(row.data(Qt.ItemDataRole.UserRole)))
        self.accept()


class AllegationLinksDialog(QDialog):
    """Tick the allegations an item bears on; Save emits `submitted(list of allegation ids)`."""

    submitted = Signal(list)

    def __init__(self, label: str, links: tuple[AllegationLink, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Allegations {label} bears on")
        self.setAccessibleName(self.windowTitle())
        self.resize(620, 360)
        self.list = QListWidget()
        self.list.setObjectName("allegationLinks")
        self.list.setAccessibleName("Allegations")
        for link in links:
            row = QListWidgetItem(f"{link.label}. {link.particulars}")
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if link.linked else Qt.CheckState.Unchecked)
            row.setData(Qt.ItemDataRole.UserRole, link.id)
            self.list.addItem(row)
        if not links:
            self.list.addItem(QListWidgetItem("The case has no allegations yet."))
        self.list.setCurrentRow(0)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #a00;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Space ticks or unticks the highlighted allegation."))
        layout.addWidget(self.list)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def checked_ids(self) -> list[int]:
        out = []
        for n in range(self.list.count()):
            row = self.list.item(n)
            if row.checkState() == Qt.CheckState.Checked and row.data(Qt.ItemDataRole.UserRole) is not None:
                out.append(int(row.data(Qt.ItemDataRole.UserRole)))
        return out

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        self.submitted.emit(self.checked_ids())

    def show_error(self, message: str) -> None:
        self.buttons.setEnabled(True)
        self.error_label.setText(message)
