"""Dialogs of the People area: an officer, a warning, a panel member.

A dialog writes nothing itself: OK checks the input with the domain's own checks (the service runs the
same ones) and emits `submitted(details)`; the caller pushes the undoable change and calls `finish()` when
the store took it, or `show_error(text)` and the dialog stays open with what the user typed. Dialogs are
opened with `open()` (window-modal, never a nested event loop).

Dates are typed (day first: "1/3/2021", "1 Mar 2021", "2021-03-01"); an empty line is "not recorded".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain import legal_tables as T
from panelapp.domain.citation_text import shown_source
from panelapp.domain.errors import BadInputError
from panelapp.domain.people_records import (
    MAX_CAREER_BREAK_DAYS,
    NAME_CHARS,
    RANK_CHARS,
    UNIT_CHARS,
    WARRANT_CHARS,
    OfficerDetails,
    PanelMemberDetails,
    WarningDetails,
    check_officer,
    check_panel_member,
    check_warning,
)
from panelapp.domain.rules import warning_last_day
from panelapp.domain.vocabulary import OfficerCategory, PanelRole, WarningKind
from panelapp.ui.form_fields import DateField, combo, line, select, show_day


class FormDialog(QDialog):
    """A form with an error line and OK/Cancel. Subclasses build rows and implement `collect()`."""

    submitted = Signal(object)  # the checked details

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setModal(True)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setAccessibleName("Problem")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.busy = False

    def add_row(self, label: str, widget: QWidget) -> Any:
        self.form.addRow(label, widget)
        if self.form.rowCount() == 1:
            widget.setFocus()  # typing starts in the first field, not on OK (a space would press it)
        return widget

    def collect(self) -> Any:
        """The checked details from the fields (raises BadInputError)."""
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(True)
        self.error_label.setText(text)
        self.error_label.show()

    def finish(self) -> None:
        """The store took the change: close."""
        self.busy = False
        self.accept()

    def reject(self) -> None:
        """Cancel / Escape; not while the store is taking the change (its answer closes the dialog)."""
        if not self.busy:
            super().reject()

    def abandon(self) -> None:
        """Close whatever the state (the store was locked: its answer will never come)."""
        self.busy = False
        super().reject()

    def _on_buttons_accepted(self) -> None:
        if self.busy:
            return
        try:
            details = self.collect()
        except BadInputError as exc:
            self.show_error(str(exc))
            return
        self.busy = True
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
        self.error_label.hide()
        self.submitted.emit(details)


class OfficerDialog(FormDialog):
    """Add or edit the officer concerned: who they are, their category and status, their representative."""

    def __init__(self, details: OfficerDetails | None = None, parent: QWidget | None = None, *,
                 title: str = "Add officer", today: Callable[[], date] = date.today) -> None:
        super().__init__(title, parent)
        self._today = today
        self.name = self.add_row("&Name", line("Name", NAME_CHARS))
        self.rank = self.add_row("&Rank", line("Rank", RANK_CHARS))
        self.rank.setPlaceholderText("e.g. PC, DS, Inspector")
        self.warrant = self.add_row("&Warrant no.", line("Warrant number", WARRANT_CHARS))
        self.unit = self.add_row("&Unit", line("Unit", UNIT_CHARS))
        self.category = self.add_row("Ca&tegory", combo("Officer category", [(c.label, c) for c in OfficerCategory]))
        self.category.setToolTip("Senior and chief officers have different panels (Conduct Regs reg 28)")
        self.former = self.add_row("", QCheckBox("&Former officer (left the force)"))
        self.former.setAccessibleName("Former officer")
        self.representative = self.add_row("Re&presentative", QPlainTextEdit())
        self.representative.setAccessibleName("Representative")
        self.representative.setTabChangesFocus(True)
        self.representative.setPlaceholderText("Police Federation friend, solicitor or counsel")
        self.representative.setFixedHeight(self.representative.fontMetrics().lineSpacing() * 3 + 12)
        self.service_start = self.add_row("&Service start", DateField("Service start"))
        self.date_of_birth = self.add_row("Date of &birth", DateField("Date of birth"))
        self.reduced = self.add_row("", QCheckBox("Ever re&duced in rank"))
        self.reduced.setAccessibleName("Ever reduced in rank")
        self.reduced.setToolTip("No reduction in rank for an officer ever reduced before (reg 42, 62(7))")
        self.reduced_note = self.add_row("Reduction n&ote", line("Reduction in rank note", 2000))
        if details is not None:
            self.name.setText(details.name)
            self.rank.setText(details.rank)
            self.warrant.setText(details.warrant_number)
            self.unit.setText(details.unit)
            select(self.category, details.category)
            self.former.setChecked(details.former_officer)
            self.representative.setPlainText(details.representative)
            self.service_start.set_value(details.service_start)
            self.date_of_birth.set_value(details.date_of_birth)
            self.reduced.setChecked(details.ever_reduced_in_rank)
            self.reduced_note.setText(details.reduction_in_rank_note)
        self.resize(520, self.sizeHint().height())

    def collect(self) -> OfficerDetails:
        return check_officer(OfficerDetails(
            name=self.name.text(), rank=self.rank.text(), warrant_number=self.warrant.text(), unit=self.unit.text(),
            category=self.category.currentData(), former_officer=self.former.isChecked(),
            representative=self.representative.toPlainText(), service_start=self.service_start.value(),
            date_of_birth=self.date_of_birth.value(), ever_reduced_in_rank=self.reduced.isChecked(),
            reduction_in_rank_note=self.reduced_note.text()), self._today())


class WarningDialog(FormDialog):
    """Add or edit a warning; shows, as the user types, until when it is in force and whether it is today."""

    def __init__(self, details: WarningDetails | None = None, parent: QWidget | None = None, *,
                 title: str = "Add warning", today: Callable[[], date] = date.today) -> None:
        super().__init__(title, parent)
        self._today = today
        self.kind = self.add_row("&Kind", combo("Warning kind", [(k.label, k) for k in WarningKind]))
        self.given_on = self.add_row("&Given on", DateField("Given on", required=True))
        self.given_on.setToolTip("The day the officer was notified of the warning: its period begins that day")
        self.period = self.add_row("&Period", QSpinBox())
        self.period.setAccessibleName("Period in months")
        self.period.setRange(0, 60)
        self.period.setSuffix(" months")
        self.period.setSpecialValueText("the usual period")
        self.career_break = self.add_row("&Career break", QSpinBox())
        self.career_break.setAccessibleName("Career break in days")
        self.career_break.setRange(0, MAX_CAREER_BREAK_DAYS)
        self.career_break.setSuffix(" days")
        self.career_break.setToolTip(f"Time on a career break does not count ({T.CAREER_BREAK_SOURCE})")
        self.preview = self.add_row("In force", QLabel())
        self.preview.setObjectName("warningPreview")
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("When the warning is in force")
        self.preview.setMinimumHeight(self.preview.fontMetrics().lineSpacing() * 3)
        self.preview.setMinimumWidth(360)
        if details is not None:
            select(self.kind, details.kind)
            self.given_on.set_value(details.given_on)
            self.period.setValue(details.period_months or 0)
            self.career_break.setValue(details.career_break_days)
        for signal in (self.kind.currentIndexChanged, self.given_on.textChanged, self.period.valueChanged,
                       self.career_break.valueChanged):
            signal.connect(self._update_preview)
        self._update_preview()
        self.resize(480, self.sizeHint().height())

    def _details(self) -> WarningDetails:
        return WarningDetails(self.kind.currentData(), self.given_on.value(),  # None until typed: checked
                              self.period.value() or None, self.career_break.value())

    def collect(self) -> WarningDetails:
        return check_warning(self._details(), self._today())

    def _update_preview(self, *_: object) -> None:
        kind = WarningKind(self.kind.currentData())
        row = T.WARNINGS[kind.value]
        usual = f"usual period {row.default_months} months" + (
            f", up to {row.max_months}" if row.max_months != row.min_months else "")
        try:
            d = self._details()
            if d.given_on is None:
                raise BadInputError("Given on", "is required")
            last = warning_last_day(d.kind, d.given_on, d.period_months, d.career_break_days)
        except (BadInputError, ValueError) as exc:
            self.preview.setText(f"{usual.capitalize()}. Cannot work it out: {exc}.")
            return
        state = "in force today" if d.given_on <= self._today() <= last else "not in force today"
        expires = date.fromordinal(last.toordinal() + 1)
        self.preview.setText(f"to {show_day(last)} inclusive (expires {show_day(expires)}) — {state}. "
                             f"{usual.capitalize()} ({shown_source(row.source)}).")


class PanelMemberDialog(FormDialog):
    """Add or edit a panel member: a name and a role (the rules say which roles this panel needs)."""

    def __init__(self, details: PanelMemberDetails | None = None, parent: QWidget | None = None, *,
                 title: str = "Add panel member", needed: tuple[PanelRole, ...] = (),
                 suggested: PanelRole | None = None) -> None:
        super().__init__(title, parent)
        roles = [*dict.fromkeys(needed), *(r for r in PanelRole if r not in needed)]
        self.name = self.add_row("&Name", line("Name", NAME_CHARS))
        self.role = self.add_row("&Role", combo("Role", [
            (r.label + ("" if r in needed or not needed else " (not needed by this panel's rules)"), r)
            for r in roles]))
        if details is not None:
            self.name.setText(details.name)
            select(self.role, details.role)
        elif suggested is not None:
            select(self.role, suggested)
        self.resize(480, self.sizeHint().height())

    def collect(self) -> PanelMemberDetails:
        return check_panel_member(PanelMemberDetails(self.name.text(), self.role.currentData()))
