"""The dialog for one entry of the legally qualified person's advice log."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.deliberation_records import AdviceDetails
from panelapp.domain.errors import BadInputError
from panelapp.ui.form_fields import DateField

_FOLLOWED = (("Not recorded yet", None), ("Followed", True), ("Not followed", False))


class AdviceDialog(QDialog):
    """What the adviser advised, when, on what, and whether the panel followed it (and if not, why)."""

    def __init__(self, details: AdviceDetails | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Advice of the legally qualified person" if details is None else "Edit the advice")
        d = details or AdviceDetails("")
        self.subject_edit = QLineEdit(d.subject)
        self.subject_edit.setAccessibleName("Subject of the advice")
        self.subject_edit.setPlaceholderText("e.g. Outcome; Admissibility of the CCTV")
        self.given_edit = DateField("Date the advice was given", value=d.given_on)
        self.advice_edit = QPlainTextEdit(d.advice)
        self.advice_edit.setAccessibleName("The advice")
        self.advice_edit.setTabChangesFocus(True)
        self.followed_combo = QComboBox()
        self.followed_combo.setAccessibleName("Did the panel follow the advice?")
        for text, value in _FOLLOWED:
            self.followed_combo.addItem(text, value)
        self.followed_combo.setCurrentIndex([v for _, v in _FOLLOWED].index(d.followed))
        self.reasons_edit = QPlainTextEdit(d.reasons_if_not)
        self.reasons_edit.setAccessibleName("Why the panel did not follow the advice")
        self.reasons_edit.setTabChangesFocus(True)
        self.followed_combo.currentIndexChanged.connect(self._on_followed_combo_current_index_changed)
        form = QFormLayout()
        form.addRow("&Subject:", self.subject_edit)
        form.addRow("&Given on:", self.given_edit)
        form.addRow("&Advice:", self.advice_edit)
        form.addRow("&Followed?", self.followed_combo)
        form.addRow("&Why not:", self.reasons_edit)
        note = QLabel("The panel must have regard to the adviser's advice; the outcome notice states it and whether "
                      "it was followed.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.advice_edit.textChanged.connect(self._on_advice_edit_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._on_advice_edit_text_changed()
        self._on_followed_combo_current_index_changed(self.followed_combo.currentIndex())

    def _on_advice_edit_text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.advice_edit.toPlainText().strip()))

    def _on_followed_combo_current_index_changed(self, _index: int) -> None:
        self.reasons_edit.setEnabled(self.followed_combo.currentData() is False)

    def accept(self) -> None:
        try:
            self.given_edit.value()
        except BadInputError as exc:  # a date that is not one: said here, the dialog stays open
            self.message.setText(str(exc))
            self.given_edit.setFocus()
            return
        super().accept()

    def details(self) -> AdviceDetails:
        given = self.given_edit.value()
        followed = self.followed_combo.currentData()
        return AdviceDetails(self.advice_edit.toPlainText().strip(), self.subject_edit.text().strip(), given,
                             followed, self.reasons_edit.toPlainText().strip() if followed is False else "")
