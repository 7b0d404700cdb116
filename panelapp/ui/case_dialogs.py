"""The case dialog: create a case or edit every field of one, including the dates that decide its rules.

Dates are typed into a line edit (with a calendar beside it) rather than a `QDateEdit`: a `QDateEdit`
always holds some date, and most of a case's dates are legitimately *not set yet* (no reg 51 notice, no
hearing listed). An empty line is "not set"; "10/02/2025", "10 Feb 2025" and "2025-02-10" are all read
as 10 February 2025 (day first, as in England and Wales).

The dialog does not write anything itself: OK emits `submitted(draft)` with a checked `CaseDraft`; the
caller pushes the undoable change and calls `finish()` when the store took it, or `show_error(text)`
(e.g. a reference already in use) and the dialog stays open with what the user typed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.case_records import (
    MAX_FORCE,
    MAX_PSEUDONYM,
    MAX_REFERENCE,
    CaseDraft,
    check_draft,
    normalised,
)
from panelapp.domain.errors import BadInputError
from panelapp.domain.vocabulary import CaseStatus, IopcInvolvement, Proceeding, ServiceMethod
from panelapp.ui.form_fields import DateField, combo, line, select


def _method(combo: QComboBox) -> ServiceMethod | None:
    """Qt hands item data back as plain text: the enum again (None for "not recorded")."""
    value = combo.currentData()
    return ServiceMethod(value) if value else None


class CaseDialog(QDialog):
    """New case / Edit case: every field of a case, checked as the user types."""

    submitted = Signal(object)  # CaseDraft, checked

    def __init__(self, draft: CaseDraft | None = None, parent: QWidget | None = None, *,
                 title: str = "New case") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self._fields: dict[str, QWidget] = {}

        self.reference = self._add("Reference", line("Reference", MAX_REFERENCE))
        self.force = self._add("Force", line("Force", MAX_FORCE))
        self.proceeding = self._add("Proceeding", combo("Proceeding", [(p.label, p) for p in Proceeding]))
        self.status = self._add("Status", combo("Status", [(s.label, s) for s in CaseStatus]))
        self.issued_on = self._add("Date issued", DateField("Date issued"))
        self.iopc_involvement = self._add("IOPC involvement",
                                          combo("IOPC involvement", [(i.label, i) for i in IopcInvolvement]))
        self.severity_assessed_on = self._add("Severity assessed", DateField("Severity assessed"))
        self.presenting = self._add("Presenting", line("Presenting"))

        self.hearing_start = self._add("Hearing start", DateField("Hearing start"))
        self.hearing_end = self._add("Hearing end", DateField("Hearing end"))
        self.venue = self._add("Venue", line("Venue"))
        self.public = self._add("Held", combo("Held in public or private",
                                               [("In public", True), ("In private", False)]))
        self.anonymity_order = self._add("Anonymity order", QCheckBox("An anonymity order is made"))
        self.pseudonym = self._add("Pseudonym", line("Pseudonym", MAX_PSEUDONYM))
        self.pseudonym.setPlaceholderText("e.g. Officer A")
        self.not_named = self._add("Not named in public", QPlainTextEdit())
        self.not_named.setAccessibleName("Not named in public")
        self.not_named.setPlaceholderText("One person per line, e.g.\nJane Smith = Complainant A\nMark Doe")
        self.not_named.setToolTip(
            "People the published notice must not name, such as a complainant named in the particulars: each is "
            "shown as written after “=”, or as [Person A], [Person B]… Witnesses, the panel, the representatives "
            "and (under an anonymity order) the officers are kept out without being listed.")
        self.not_named.setTabChangesFocus(True)
        self.not_named.setFixedHeight(self.not_named.fontMetrics().lineSpacing() * 4 + 14)

        methods = [("not recorded", None), *((m.label, m) for m in ServiceMethod)]
        self.reg30_notice_on = self._add("Reg 30 notice date", DateField("Reg 30 notice date"))
        self.reg30_notice_method = self._add("Reg 30 notice method", combo("Reg 30 notice method", methods))
        self.reg30_deemed_served_on = self._add("Reg 30 deemed service", DateField("Reg 30 deemed service"))
        self.reg51_notice_on = self._add("Reg 51 notice date", DateField("Reg 51 notice date"))
        self.reg51_notice_method = self._add("Reg 51 notice method", combo("Reg 51 notice method", methods))
        self.reg51_deemed_served_on = self._add("Reg 51 deemed service", DateField("Reg 51 deemed service"))
        self.iopc_direction = self._add("IOPC direction", QCheckBox("IOPC re-investigation or s.28A direction"))
        self.chair_specified_on = self._add("Chair specified date", DateField("Chair specified date"))
        self.officer_response_on = self._add("Officer's response", DateField("Officer's response"))
        self.documents_to_chair_on = self._add("Documents to chair", DateField("Documents to chair"))
        self.outcome_notified_on = self._add("Outcome notified", DateField("Outcome notified"))

        self.message = QLabel()
        self.message.setObjectName("caseDialogMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem with the case details")
        self._problem_style = "color: #b3261e; font-weight: bold;"
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create case" if draft is None else "Save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self._layout()
        self.anonymity_order.toggled.connect(self.pseudonym.setEnabled)
        for widget in self._fields.values():
            signal = (widget.changed if isinstance(widget, DateField) else widget.textChanged
                      if isinstance(widget, QLineEdit | QPlainTextEdit) else widget.currentIndexChanged
                      if isinstance(widget, QComboBox) else widget.toggled)  # type: ignore[attr-defined]
            signal.connect(self._on_field_changed)
        self.set_draft(draft or CaseDraft(reference="", force="", proceeding=Proceeding.HEARING,
                                          issued_on=date.today()))
        self._busy = False
        self._on_field_changed()
        self.reference.setFocus()

    # --- building ---------------------------------------------------------------------------------
    def _add(self, label: str, widget: Any) -> Any:
        self._fields[label] = widget
        return widget

    def _group(self, title: str, labels: list[str], note: str = "") -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if note:
            text = QLabel(note)
            text.setWordWrap(True)
            form.addRow(text)
        for label in labels:
            widget = self._fields[label]
            caption = QLabel(f"{label}:")
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        return box

    def _layout(self) -> None:
        case = self._group("Case", ["Reference", "Force", "Proceeding", "Status", "Date issued", "IOPC involvement",
                                    "Severity assessed", "Presenting"])
        hearing = self._group("Hearing", ["Hearing start", "Hearing end", "Venue", "Held", "Anonymity order",
                                          "Pseudonym", "Not named in public"])
        dates = self._group(
            "Dates that decide the rules and start the clocks",
            ["Reg 30 notice date", "Reg 30 notice method", "Reg 30 deemed service", "Reg 51 notice date",
             "Reg 51 notice method", "Reg 51 deemed service", "IOPC direction", "Chair specified date",
             "Officer's response", "Documents to chair", "Outcome notified"],
            note="The notice dates and any IOPC direction decide which rules apply to the panel and the "
                 "former-officer schedule; each time limit runs from its date. Leave a date empty until it "
                 "has happened.")
        left = QVBoxLayout()
        left.addWidget(case)
        left.addWidget(hearing)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(dates)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(columns)
        outer.addWidget(self.message)
        outer.addWidget(self.buttons)
        self.resize(980, 600)

    # --- values -------------------------------------------------------------------------------------
    def set_draft(self, d: CaseDraft) -> None:
        self.reference.setText(d.reference)
        self.force.setText(d.force)
        select(self.proceeding, d.proceeding)
        select(self.status, d.status)
        self.issued_on.set_value(d.issued_on)
        select(self.iopc_involvement, d.iopc_involvement)
        self.severity_assessed_on.set_value(d.severity_assessed_on)
        self.presenting.setText(d.presenting)
        self.hearing_start.set_value(d.hearing_start)
        self.hearing_end.set_value(d.hearing_end)
        self.venue.setText(d.venue)
        select(self.public, d.public)
        self.anonymity_order.setChecked(d.anonymity_order)
        self.pseudonym.setText(d.pseudonym)
        self.pseudonym.setEnabled(d.anonymity_order)
        self.not_named.setPlainText(d.not_named_in_public)
        for which in ("reg30", "reg51"):
            getattr(self, f"{which}_notice_on").set_value(getattr(d, f"{which}_notice_on"))
            select(getattr(self, f"{which}_notice_method"), getattr(d, f"{which}_notice_method"))
            getattr(self, f"{which}_deemed_served_on").set_value(getattr(d, f"{which}_deemed_served_on"))
        self.iopc_direction.setChecked(d.iopc_direction)
        for name in ("chair_specified_on", "officer_response_on", "documents_to_chair_on", "outcome_notified_on"):
            getattr(self, name).set_value(getattr(d, name))

    def draft(self) -> CaseDraft:
        """The checked draft; BadInputError (naming the field as labelled here) for the first problem."""
        issued = self.issued_on.value()
        if issued is None:
            raise BadInputError("Date issued", "required", code="required")
        d = CaseDraft(
            reference=self.reference.text(), force=self.force.text(),
            proceeding=Proceeding(self.proceeding.currentData()), issued_on=issued,
            status=CaseStatus(self.status.currentData()), hearing_start=self.hearing_start.value(),
            hearing_end=self.hearing_end.value(), venue=self.venue.text(), public=bool(self.public.currentData()),
            anonymity_order=self.anonymity_order.isChecked(), pseudonym=self.pseudonym.text(),
            presenting=self.presenting.text(), not_named_in_public=self.not_named.toPlainText(),
            iopc_involvement=IopcInvolvement(self.iopc_involvement.currentData()),
            severity_assessed_on=self.severity_assessed_on.value(),
            reg30_notice_on=self.reg30_notice_on.value(), reg30_notice_method=_method(self.reg30_notice_method),
            reg30_deemed_served_on=self.reg30_deemed_served_on.value(),
            reg51_notice_on=self.reg51_notice_on.value(), reg51_notice_method=_method(self.reg51_notice_method),
            reg51_deemed_served_on=self.reg51_deemed_served_on.value(),
            iopc_direction=self.iopc_direction.isChecked(), chair_specified_on=self.chair_specified_on.value(),
            officer_response_on=self.officer_response_on.value(),
            documents_to_chair_on=self.documents_to_chair_on.value(),
            outcome_notified_on=self.outcome_notified_on.value(),
        )
        d = normalised(d)
        check_draft(d)
        return d

    def problem(self) -> BadInputError | None:
        try:
            self.draft()
        except BadInputError as exc:
            return exc
        return None

    # --- feedback ------------------------------------------------------------------------------------
    def _mark(self, field: str | None) -> None:
        for label, widget in self._fields.items():
            target = widget.edit if isinstance(widget, DateField) else widget
            target.setStyleSheet("border: 2px solid #b3261e;" if label == field else "")

    def _on_field_changed(self, *_args: object) -> None:
        if getattr(self, "_busy", False):
            return
        problem = self.problem()
        self._say(str(problem) if problem else "")
        self._mark(problem.field if problem else None)
        self.ok_button.setEnabled(problem is None)

    def _say(self, text: str, *, problem: bool = True) -> None:
        self.message.setStyleSheet(self._problem_style if problem else "")
        self.message.setText(text)

    def show_error(self, text: str) -> None:
        """The store refused the draft (e.g. a reference in use): say so in one line, keep the dialog open."""
        self._busy = False
        self._say(text)
        field = next((f for f in self._fields if text.startswith(f"{f}:")), None)
        self._mark(field)
        self.ok_button.setEnabled(True)
        if field is not None:
            self._fields[field].setFocus()

    def accept(self) -> None:
        """OK: hand the checked draft to whoever writes it (`submitted`); the dialog waits for `finish`."""
        problem = self.problem()
        if problem is not None:
            self.show_error(str(problem))
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        self._say("Saving…", problem=False)
        self.submitted.emit(self.draft())

    def finish(self) -> None:
        """The store took the draft: close the dialog."""
        self._busy = False
        super().accept()
