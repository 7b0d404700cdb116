"""The case overview: the current case's hearing, which rules apply and why, the dates that decide them,
and its statutory time limits (overdue ones flagged in words and colour). Edit case… and Close/Reopen
are undoable; everything else is read here and edited in the case dialog.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.case_records import CaseDetails, CaseDraft, public_stand_ins, reopened_status
from panelapp.domain.changes import Area
from panelapp.domain.citation_text import shown_source
from panelapp.domain.errors import BadInputError, NotFoundError
from panelapp.domain.vocabulary import CaseStatus, ServiceMethod
from panelapp.ui.case_dialogs import CaseDialog
from panelapp.ui.ops import user_message
from panelapp.ui.table_models import WARNING_COLOUR, TimeLimitTableModel, day
from panelapp.ui.workbench import AreaWidget, Workbench

NOT_SET = "not set"
_EMPTY = ("No case selected.\n\nChoose a case in the list on the left, or create one with "
          "Case ▸ New case… (Ctrl+Shift+N).")
_LIMIT_WIDTHS = {TimeLimitTableModel.DUE: 130, TimeLimitTableModel.LEFT: 240, TimeLimitTableModel.STATE: 140,
                 TimeLimitTableModel.CITATION: 180}


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _notice(on: object, method: ServiceMethod | None, deemed: object) -> str:
    if on is None:
        return NOT_SET
    parts = [day(on)]  # type: ignore[arg-type]
    if method is not None:
        parts.append(f"by {method.label.lower()}")
    if deemed is not None:
        parts.append(f"deemed served {day(deemed)}")  # type: ignore[arg-type]
    return ", ".join(parts)


def _not_named(text: str) -> str:
    """Who the published notice keeps out beyond the witnesses, panel and representatives, and as what."""
    try:
        people = public_stand_ins(text)
    except BadInputError as exc:  # changed outside panelapp: the notice will refuse to print until it is mended
        return str(exc)
    if not people:
        return "Nobody listed"
    return "; ".join(f"{name} as {shown}" for name, shown in people)


def _hearing_dates(d: CaseDraft) -> str:
    if d.hearing_start is None:
        return "not listed yet"
    if d.hearing_end is None or d.hearing_end == d.hearing_start:
        return day(d.hearing_start, weekday=True)
    return f"{day(d.hearing_start, weekday=True)} to {day(d.hearing_end, weekday=True)}"


class CaseOverviewWidget(AreaWidget):
    """Read-mostly overview of `bench.case_id`; an empty state when no case is chosen."""

    areas = frozenset({Area.CASE, Area.ALLEGATIONS, Area.PEOPLE, Area.DECISION})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self.details: CaseDetails | None = None
        self.dialog: CaseDialog | None = None
        self._request = 0

        self.empty_label = QLabel(_EMPTY)
        self.empty_label.setObjectName("overviewEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self.title = QLabel()
        self.title.setObjectName("overviewTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = _value_label()
        self.alert = QLabel()
        self.alert.setObjectName("overviewAlert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet(f"color: {WARNING_COLOUR.name()}; font-weight: bold;")
        self.edit_button = QPushButton("E&dit case…")
        self.edit_button.setAccessibleName("Edit case")
        self.edit_button.setToolTip("Edit every detail of the case, including the dates that decide its rules")
        self.close_button = QPushButton("Close case")
        self.close_button.setAccessibleName("Close case")

        self.values: dict[str, QLabel] = {}
        hearing = self._form("Hearing", ["Dates", "Venue", "Held", "Anonymity order", "Not named in public",
                                         "Officer(s)", "Presenting", "Force"])
        self.values["Not named in public"].setToolTip(
            "People the published notice must not name, and what it shows instead (Edit case). Witnesses, the "
            "panel, the representatives and the presenting officer are kept out without being listed.")
        dates = self._form("Dates that decide the rules", [
            "Date issued", "Reg 30 notice", "Reg 51 notice", "IOPC direction", "IOPC involvement",
            "Severity assessed", "Officer's response", "Documents to chair", "Chair specified date",
            "Outcome notified"])
        self.rules_box = QGroupBox("Which rules apply, and why")
        self.rules_layout = QVBoxLayout(self.rules_box)
        self.rules_label = QLabel()
        self.rules_label.setObjectName("overviewRules")
        self.rules_label.setWordWrap(True)
        self.rules_label.setTextFormat(Qt.TextFormat.RichText)
        self.rules_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rules_layout.addWidget(self.rules_label)

        self.limits_model = TimeLimitTableModel(self)
        self.limits_view = QTableView()
        self.limits_view.setObjectName("timeLimits")
        self.limits_view.setAccessibleName("Statutory time limits")
        self.limits_view.setModel(self.limits_model)
        self.limits_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.limits_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.limits_view.setTabKeyNavigation(False)
        self.limits_view.setWordWrap(False)
        self.limits_view.verticalHeader().setVisible(False)
        self.limits_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.limits_view.horizontalHeader()
        header.setSectionResizeMode(TimeLimitTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in _LIMIT_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        limits_box = QGroupBox("Statutory time limits (working days: England && Wales bank holidays excluded)")
        QVBoxLayout(limits_box).addWidget(self.limits_view)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(hearing)
        left.addWidget(dates)
        left.addStretch(1)
        columns.addLayout(left, 2)
        right = QVBoxLayout()
        right.addWidget(self.rules_box)
        right.addStretch(1)
        columns.addLayout(right, 3)
        content = QWidget()
        body = QVBoxLayout(content)
        body.addLayout(head)
        body.addWidget(self.alert)
        body.addLayout(columns)
        body.addWidget(limits_box)
        body.addStretch(1)
        self.page = QScrollArea()
        self.page.setWidgetResizable(True)
        self.page.setFrameShape(QFrame.Shape.NoFrame)
        self.page.setWidget(content)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_label)
        self.pages.addWidget(self.page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.setFocusProxy(self.edit_button)
        self.edit_button.clicked.connect(self.edit_case)
        self.close_button.clicked.connect(self.toggle_closed)
        self._show_empty(_EMPTY)

    def _form(self, title: str, names: list[str]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in names:
            label = _value_label()
            label.setAccessibleName(name)
            self.values[name] = label
            form.addRow(f"{name}:", label)
        return box

    # --- AreaWidget ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._request += 1
        token, case_id = self._request, self.bench.case_id
        if case_id is None:
            self._show_empty(_EMPTY)
            return
        self.bench.ops.run_query(lambda s: s.cases.get(case_id), lambda d: self._on_details_read(token, d),
                                 lambda exc: self._on_details_failed(token, exc))

    def clear(self) -> None:
        self._request += 1
        if self.dialog is not None:
            self.dialog.reject()
        self._show_empty(_EMPTY)

    def _show_empty(self, text: str) -> None:
        self.details = None
        self.limits_model.clear()
        for label in (self.title, self.subtitle, self.alert, self.rules_label, *self.values.values()):
            label.clear()
        self.empty_label.setText(text)
        self.pages.setCurrentWidget(self.empty_label)
        self.edit_button.setEnabled(False)
        self.close_button.setEnabled(False)

    def _on_details_failed(self, token: int, exc: BaseException) -> None:
        if token != self._request:
            return
        if isinstance(exc, NotFoundError):
            self._show_empty("That case is no longer in this store.")
        else:
            self._show_empty(user_message(exc))

    def _on_details_read(self, token: int, details: CaseDetails) -> None:
        if token != self._request or details.id != self.bench.case_id:
            return
        if self.details is None or self.details.id != details.id:
            self.page.verticalScrollBar().setValue(0)  # another case: start at its top
        self.details = details
        d = details.draft
        self.title.setText(d.reference)
        self.subtitle.setText(f"{d.proceeding.label} · {d.status.label}")
        overdue = [t for t in details.limits if t.overdue]
        self.alert.setText("⚠ Overdue: " + "; ".join(f"{t.short_name} (due {day(t.due)})" for t in overdue)
                           if overdue else "")
        self.alert.setVisible(bool(overdue))
        v = self.values
        v["Dates"].setText(_hearing_dates(d))
        v["Venue"].setText(d.venue or NOT_SET)
        v["Held"].setText("In public" if d.public else "In private")
        v["Anonymity order"].setText(f"Yes: the officer is “{d.pseudonym}” in public documents"
                                     if d.anonymity_order else "None")
        v["Not named in public"].setText(_not_named(d.not_named_in_public))
        v["Officer(s)"].setText("; ".join(details.officers) or "none added yet (People tab)")
        v["Presenting"].setText(d.presenting or NOT_SET)
        v["Force"].setText(d.force)
        v["Date issued"].setText(day(d.issued_on))
        v["Reg 30 notice"].setText(_notice(d.reg30_notice_on, d.reg30_notice_method, d.reg30_deemed_served_on))
        v["Reg 51 notice"].setText(_notice(d.reg51_notice_on, d.reg51_notice_method, d.reg51_deemed_served_on))
        v["IOPC direction"].setText("Yes (re-investigation or s.28A)" if d.iopc_direction else "None")
        v["IOPC involvement"].setText(d.iopc_involvement.label)
        for name, value in (("Severity assessed", d.severity_assessed_on),
                            ("Officer's response", d.officer_response_on),
                            ("Documents to chair", d.documents_to_chair_on),
                            ("Chair specified date", d.chair_specified_on),
                            ("Outcome notified", d.outcome_notified_on)):
            v[name].setText(day(value) or NOT_SET)
        self.rules_label.setText(self._rules_html(details))
        self.limits_model.set_rows(details.limits)
        self._fit_limits()
        self.edit_button.setEnabled(True)
        self.close_button.setEnabled(True)
        self.close_button.setText("Reope&n case" if details.closed else "Close case")
        self.close_button.setAccessibleName("Reopen case" if details.closed else "Close case")
        self.pages.setCurrentWidget(self.page)

    @staticmethod
    def _rules_html(details: CaseDetails) -> str:
        parts = []
        for r in details.rule_sets:
            name = r.rule_set.label if r.rule_set else "not yet decided"
            check = "verified" if r.verified else "unverified"
            override = (f"<br><b>Overridden</b>: {html.escape(r.override_reason)}"
                        if r.overridden and r.override_reason else "")
            parts.append(f"<p><b>{html.escape(r.question.label)}</b>: {html.escape(name)}<br>"
                         f"{html.escape(r.why)}{override}<br>"
                         f"<i>Source: {html.escape(shown_source(r.source))} · {check}</i></p>")
        return "".join(parts) or "<p>No rule sets could be derived.</p>"

    def _fit_limits(self) -> None:
        """The table shows every row; the page scrolls, not the table."""
        view = self.limits_view
        rows = self.limits_model.rowCount()
        height = view.horizontalHeader().sizeHint().height() + rows * view.verticalHeader().defaultSectionSize()
        view.setFixedHeight(height + 2 * view.frameWidth() + 2)

    # --- edits --------------------------------------------------------------------------------------
    def edit_case(self) -> None:
        """Open the case dialog; saving pushes one undoable edit of every field."""
        details = self.details
        if details is None or not self.bench.ops.is_open:
            return
        if self.dialog is not None:
            self.dialog.raise_()
            return
        self.dialog = CaseDialog(details.draft, self, title="Edit case")
        self.dialog.submitted.connect(lambda after: self._save(details.id, details.draft, after))
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()

    def _save(self, case_id: int, before: CaseDraft, after: CaseDraft) -> None:
        dialog = self.dialog
        if after == before:
            if dialog is not None:
                dialog.finish()
            return

        def done(_changes: object) -> None:
            self.bench.show_status("Case details saved. Ctrl+Z undoes it.")
            if dialog is not None:
                dialog.finish()

        def failed(exc: BaseException) -> None:
            if dialog is not None:
                dialog.show_error(user_message(exc))

        self.bench.push("Edit case", lambda s: s.cases.update(case_id, after),
                        lambda s: s.cases.update(case_id, before), on_done=done, on_error=failed)

    def _on_dialog_finished(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def toggle_closed(self) -> None:
        """Close the case, or reopen a closed one (to the stage its dates show); undoable."""
        details = self.details
        if details is None:
            return
        case_id, was = details.id, details.status
        if details.closed:
            new = reopened_status(details.draft)
            text, message = "Reopen case", f"Reopened {details.reference} ({new.label.lower()})."
        else:
            new, text, message = CaseStatus.CLOSED, "Close case", f"Closed {details.reference}."
        self.bench.push(text, lambda s: s.cases.set_status(case_id, new), lambda s: s.cases.set_status(case_id, was),
                        on_done=lambda _ch: self.bench.show_status(f"{message} Ctrl+Z undoes it."))
