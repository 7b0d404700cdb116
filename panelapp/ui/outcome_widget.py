"""Outcome: the stages of seriousness, the outcome the rules allow, its statements, and the decision's versions.

Every outcome is listed: those the rules forbid are disabled with the reason and the citation printed under
them; those resting on an unverified rule are marked. What the chosen outcome needs appears with it: the
warning's length, why each lesser outcome is not enough, the exceptional circumstances where dismissal is
presumed, the reasons for not dismissing after gross misconduct, the appropriate authority's views on a
reduction in rank, the barred-list consequence of a dismissal. Fields save when committed (undoable); the
readiness checklist sits beside them. Mark final… and Reopen… record audited versions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain import legal_tables as T
from panelapp.domain.changes import Area, Changes
from panelapp.domain.citation_text import shown_source
from panelapp.domain.decision_records import (
    BARRED_LIST_TEXT,
    MAX_WARNING_MONTHS,
    OUTCOME_PROMPT,
    DecisionRecord,
    OutcomeDetails,
)
from panelapp.domain.readiness import Seriousness
from panelapp.domain.vocabulary import Outcome
from panelapp.ui.decision_checklist import ReadinessWidget, route_field
from panelapp.ui.decision_dialogs import MarkFinalDialog, ReopenDialog
from panelapp.ui.decision_fields import CommitTextEdit
from panelapp.ui.decision_models import VersionTableModel
from panelapp.ui.findings_widget import decision_banner
from panelapp.ui.ops import user_message
from panelapp.ui.outcome_picker import OutcomePicker
from panelapp.ui.outcome_sections import PROMPT_STYLE, SeriousnessSection, WhyNotSection
from panelapp.ui.workbench import AreaWidget, Workbench

_FWW = T.WARNINGS["final_written_warning"]
_TEXT_FIELDS = (("reasons", "Reasons for the outcome"),
                ("exceptional_circumstances", "Exceptional circumstances"),
                ("gm_not_dismissed_reasons", "Why gross misconduct does not end in dismissal"),
                ("aa_views_on_reduction", "The appropriate authority's views on reduction in rank"))


class OutcomeWidget(AreaWidget):
    """One officer's seriousness, outcome and versions, with the readiness checklist beside them."""

    areas = frozenset({Area.DECISION, Area.ALLEGATIONS, Area.PEOPLE, Area.CASE})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self.record: DecisionRecord | None = None
        self._officer_id: int | None = None
        self._seriousness = Seriousness()
        self._outcome = OutcomeDetails()
        self._why_not: dict[Outcome, str] = {}
        self._writes = 0
        self._request = 0
        self._loading = False
        self.dialog: MarkFinalDialog | ReopenDialog | None = None

        self.officer_combo = QComboBox()
        self.officer_combo.setAccessibleName("Officer concerned")
        self.officer_combo.activated.connect(self._on_officer_combo_activated)
        self.officer_label = QLabel("&Officer:")
        self.officer_label.setBuddy(self.officer_combo)
        self.banner = QLabel()
        self.banner.setObjectName("decisionBanner")
        self.banner.setWordWrap(True)
        self.rules_label = QLabel()
        self.rules_label.setObjectName("outcomeRules")
        self.rules_label.setWordWrap(True)

        self.seriousness = SeriousnessSection()
        self.seriousness.committed.connect(self._on_seriousness_committed)

        self.picker = OutcomePicker()
        self.picker.outcome_chosen.connect(self._on_picker_outcome_chosen)
        prompt = QLabel(OUTCOME_PROMPT.prompt)
        prompt.setWordWrap(True)
        prompt.setStyleSheet(PROMPT_STYLE)
        self.picker_note = QLabel()
        self.picker_note.setWordWrap(True)
        self.months_spin = QSpinBox()
        self.months_spin.setObjectName("warningMonths")
        self.months_spin.setAccessibleName("Length of the final written warning in months")
        self.months_spin.setRange(0, MAX_WARNING_MONTHS)
        self.months_spin.setSpecialValueText("Not set")
        self.months_spin.setSuffix(" months")
        self.months_spin.editingFinished.connect(self._on_months_spin_editing_finished)
        self.months_row = QWidget()
        months = QHBoxLayout(self.months_row)
        months.setContentsMargins(0, 0, 0, 0)
        months_label = QLabel("&Warning length:")
        months_label.setBuddy(self.months_spin)
        months.addWidget(months_label)
        months.addWidget(self.months_spin)
        months.addWidget(QLabel(f"{_FWW.min_months}–{_FWW.max_months} months ({shown_source(_FWW.source)})"), 1)

        self.texts: dict[str, CommitTextEdit] = {}
        self.text_rows: dict[str, QWidget] = {}
        for key, title in _TEXT_FIELDS:
            edit = CommitTextEdit(title, lines=3)
            edit.setObjectName(f"outcome_{key}")
            edit.committed.connect(lambda text, key=key: self._save_outcome(title_for(key), **{key: text.strip()}))
            row = QWidget()
            column = QVBoxLayout(row)
            column.setContentsMargins(0, 0, 0, 0)
            label = QLabel(f"{title}:")
            label.setBuddy(edit)
            column.addWidget(label)
            column.addWidget(edit)
            self.texts[key], self.text_rows[key] = edit, row
        self.why_not = WhyNotSection()
        self.why_not.committed.connect(self._on_why_not_committed)
        self.lpb_check = QCheckBox("A copy of the report goes to the local policing body (noted in the decision)")
        self.lpb_check.clicked.connect(
            lambda checked: self._save_outcome("Local policing body copy", local_policing_body_copy_noted=checked))
        self.barred_box = QGroupBox("Barred list")
        barred = QVBoxLayout(self.barred_box)
        barred_text = QLabel(BARRED_LIST_TEXT)
        barred_text.setWordWrap(True)
        self.barred_check = QCheckBox("The decision notes the barred-list report")
        self.barred_check.clicked.connect(
            lambda checked: self._save_outcome("Barred-list note", barred_list_noted=checked))
        barred.addWidget(barred_text)
        barred.addWidget(self.barred_check)
        self.decided_check = QCheckBox("Decision &date:")
        self.decided_edit = QDateEdit()
        self.decided_edit.setCalendarPopup(True)
        self.decided_edit.setDisplayFormat("d MMM yyyy")
        self.decided_edit.setAccessibleName("Date of the decision")
        self.decided_check.clicked.connect(self._on_decided_changed)
        self.decided_edit.editingFinished.connect(self._on_decided_changed)

        outcome_box = QGroupBox("Outcome (stage 3)")
        o = QVBoxLayout(outcome_box)
        o.addWidget(prompt)
        o.addWidget(self.picker_note)
        o.addWidget(self.picker)
        o.addWidget(self.months_row)
        o.addWidget(self.text_rows["reasons"])
        o.addWidget(self.why_not)
        o.addWidget(self.text_rows["exceptional_circumstances"])
        o.addWidget(self.text_rows["gm_not_dismissed_reasons"])
        o.addWidget(self.lpb_check)
        o.addWidget(self.text_rows["aa_views_on_reduction"])
        o.addWidget(self.barred_box)
        dated = QHBoxLayout()
        dated.addWidget(self.decided_check)
        dated.addWidget(self.decided_edit)
        dated.addStretch(1)
        o.addLayout(dated)

        self.mark_final_button = QPushButton("&Mark final…")
        self.mark_final_button.setAccessibleName("Mark the decision final")
        self.mark_final_button.clicked.connect(self.mark_final)
        self.reopen_button = QPushButton("Reope&n…")
        self.reopen_button.setAccessibleName("Reopen the final decision")
        self.reopen_button.clicked.connect(self.reopen)
        self.version_model = VersionTableModel(self)
        self.version_view = QTableView()
        self.version_view.setObjectName("versionTable")
        self.version_view.setAccessibleName("Decision versions")
        self.version_view.setModel(self.version_model)
        self.version_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.version_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.version_view.verticalHeader().setVisible(False)
        self.version_view.horizontalHeader().setStretchLastSection(True)
        self.version_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.version_view.setMaximumHeight(140)
        versions_box = QGroupBox("Versions")
        v = QVBoxLayout(versions_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_final_button)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        v.addLayout(buttons)
        v.addWidget(self.version_view)

        content = QWidget()
        c = QVBoxLayout(content)
        c.addWidget(self.rules_label)
        c.addWidget(self.seriousness)
        c.addWidget(outcome_box)
        c.addWidget(versions_box)
        c.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(content)
        self.scroll_area.setWidgetResizable(True)
        self.checklist = ReadinessWidget()
        self.checklist.field_requested.connect(self.request_field)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.scroll_area)
        self.splitter.addWidget(self.checklist)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([760, 240])
        top = QHBoxLayout()
        top.addWidget(self.officer_label)
        top.addWidget(self.officer_combo)
        top.addWidget(self.banner, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.seriousness.edits["culpability"])
        self._apply(None)

    # --- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        case_id = self.bench.case_id
        if case_id is None:
            self.clear()
            return
        self._request += 1
        request, officer_id = self._request, self._officer_id

        def loaded(record: DecisionRecord) -> None:
            if request == self._request and self.bench.case_id == case_id and not self._writes:
                self._apply(record)

        def failed(exc: BaseException) -> None:
            if request == self._request and officer_id is not None:
                self._officer_id = None
                self.refresh()
            else:
                self.bench.show_status(user_message(exc))

        self.bench.ops.run_query(lambda s: s.decisions.decision(case_id, officer_id), loaded, failed)

    def _apply(self, record: DecisionRecord | None) -> None:
        self._loading = True
        self.record = record
        has_officer = record is not None and record.officer_id is not None
        editable = has_officer and record is not None and not record.final
        if record is not None:
            self._officer_id = record.officer_id
            self._seriousness, self._outcome, self._why_not = (record.seriousness, record.outcome,
                                                               dict(record.why_not))
        else:
            self._seriousness, self._outcome, self._why_not = Seriousness(), OutcomeDetails(), {}
        self.officer_combo.clear()
        for choice in record.officers if record else ():
            self.officer_combo.addItem(choice.label, choice.id)
        self.officer_combo.setCurrentIndex(max(0, self.officer_combo.findData(self._officer_id)))
        several = record is not None and len(record.officers) > 1
        self.officer_combo.setVisible(several)
        self.officer_label.setVisible(several)
        self.banner.setText(decision_banner(record) if has_officer else
                            "This case has no officer yet: add the officer concerned on the People tab."
                            if record else "")
        self.rules_label.setText(_rules_text(record) if record else "")
        self.seriousness.set_value(self._seriousness, required=bool(record and record.seriousness_required),
                                   editable=editable)
        chosen = self._outcome.outcome
        self.picker.set_options(record.options if record else (), chosen, editable=editable,
                                unchecked_note=record.options_note if record else "")
        self.picker_note.setText(record.options_note if record and record.options_note else "")
        self.picker_note.setVisible(bool(record and record.options_note))
        self._apply_statements(record, editable)
        if record is not None:
            self.checklist.set_report(record.blocking, record.warnings)
        else:
            self.checklist.clear()
        self.version_model.set_rows(record.versions if record else ())
        self.mark_final_button.setEnabled(editable)
        self.reopen_button.setEnabled(bool(has_officer and record and record.final))
        self._loading = False

    def _apply_statements(self, record: DecisionRecord | None, editable: bool) -> None:
        o = self._outcome
        chosen = o.outcome
        self.months_row.setVisible(chosen is Outcome.FINAL_WRITTEN_WARNING)
        self.months_spin.setValue(o.warning_months or 0)
        self.months_spin.setReadOnly(not editable)
        for key, edit in self.texts.items():
            edit.set_value(getattr(o, key))
            edit.setReadOnly(not editable)
        presumption = bool(record and record.presumption_of_dismissal)
        self.text_rows["exceptional_circumstances"].setVisible(presumption)
        gm_report = bool(record and record.gm_not_dismissed_report and chosen is not None
                         and chosen not in (Outcome.DISMISSAL_WITHOUT_NOTICE, Outcome.WOULD_HAVE_BEEN_DISMISSED))
        self.text_rows["gm_not_dismissed_reasons"].setVisible(gm_report)
        self.lpb_check.setVisible(gm_report)
        self.lpb_check.setChecked(o.local_policing_body_copy_noted)
        self.lpb_check.setEnabled(editable)
        self.text_rows["aa_views_on_reduction"].setVisible(chosen is Outcome.REDUCTION_IN_RANK)
        self.barred_box.setVisible(bool(record and record.barred_list_applies))
        self.barred_check.setChecked(o.barred_list_noted)
        self.barred_check.setEnabled(editable)
        self.why_not.set_values(record.why_not_needed if record else (), self._why_not, editable=editable,
                                chosen=chosen)
        self.why_not.setVisible(chosen is not None)
        self.decided_check.setChecked(o.decided_on is not None)
        self.decided_check.setEnabled(editable)
        self.decided_edit.setEnabled(editable and o.decided_on is not None)
        if o.decided_on is not None:
            self.decided_edit.setDate(QDate(o.decided_on.year, o.decided_on.month, o.decided_on.day))

    def _on_bench_case_changed(self, case_id: int | None) -> None:
        self.commit_all()  # what was typed belongs to the case it was typed in
        self._discard_all()
        self._officer_id = None
        super()._on_bench_case_changed(case_id)

    def _discard_all(self) -> None:
        self.seriousness.discard_all()
        self.why_not.discard_all()
        for edit in self.texts.values():
            edit.discard()

    def clear(self) -> None:
        self._request += 1
        self.commit_all()  # on lock: saved before the store closes
        self._writes = 0  # after a lock their results never arrive
        self._discard_all()
        self._apply(None)

    def view_state(self) -> dict[str, object]:
        return {"officer_id": self._officer_id}

    def restore_view_state(self, state: dict[str, object]) -> None:
        officer = state.get("officer_id")
        self._officer_id = officer if isinstance(officer, int) else None
        self.refresh()

    def commit_all(self) -> None:
        self.seriousness.commit_all()
        self.why_not.commit_all()
        for edit in self.texts.values():
            edit.commit()

    def _on_officer_combo_activated(self, index: int) -> None:
        officer_id = self.officer_combo.itemData(index)
        if officer_id != self._officer_id:
            self.commit_all()
            self._officer_id = officer_id
            self.refresh()

    # --- checklist links ----------------------------------------------------------------------------
    def request_field(self, key: str) -> None:
        if not route_field(self, key):
            self.bench.show_status("That item is about the case's details (Overview tab).")

    def handles_field(self, key: str) -> bool:
        return key.startswith(("seriousness:", "outcome:", "why_not:"))

    def focus_field(self, key: str) -> None:
        kind, _, part = key.partition(":")
        widget: QWidget
        if kind == "seriousness":
            widget = self.seriousness.edits.get(part, self.seriousness.edits["culpability"])
        elif kind == "why_not":
            widget = self.why_not.edits.get(Outcome(part), self.picker.focus_widget())
        else:
            widget = {"warning_months": self.months_spin, "barred_list_noted": self.barred_check,
                      "local_policing_body_copy_noted": self.lpb_check}.get(part) or self.texts.get(part) \
                or self.picker.focus_widget()
        self.scroll_area.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- writes -------------------------------------------------------------------------------------
    def _push(self, text: str, redo: Callable[[Any], Changes], undo: Callable[[Any], Changes]) -> None:
        self._writes += 1
        if not self.bench.push(text, redo, undo, on_done=self._on_write_done, on_error=self._on_write_failed):
            self._writes -= 1

    def _on_write_done(self, _changes: Changes) -> None:
        self._writes = max(0, self._writes - 1)

    def _on_write_failed(self, exc: BaseException) -> None:
        self._writes = max(0, self._writes - 1)
        self.bench.show_status(user_message(exc))
        self._discard_all()
        self.refresh()

    def _editable(self) -> int | None:
        """The officer whose decision may be written now (None while loading, final or without officer)."""
        if self._loading or self.record is None or self.record.final:
            return None
        return self._officer_id

    def _on_seriousness_committed(self, key: str, text: str) -> None:
        officer = self._editable()
        if officer is None:
            return
        before, after = self._seriousness, dataclasses.replace(self._seriousness, **{key: text.strip()})
        if after != before:
            self._seriousness = after
            self._push(f"Seriousness: {key.replace('_', ' ')}", lambda s: s.decisions.set_seriousness(officer, after),
                       lambda s: s.decisions.set_seriousness(officer, before))

    def _save_outcome(self, text: str, **changes: Any) -> None:
        officer = self._editable()
        if officer is None:
            return
        before, after = self._outcome, dataclasses.replace(self._outcome, **changes)
        if after != before:
            self._outcome = after
            self._push(f"Outcome: {text}", lambda s: s.decisions.set_outcome(officer, after),
                       lambda s: s.decisions.set_outcome(officer, before, restoring=True))

    def _on_picker_outcome_chosen(self, outcome: Outcome) -> None:
        self._save_outcome(outcome.label.lower(), outcome=outcome)

    def _on_months_spin_editing_finished(self) -> None:
        value = self.months_spin.value() or None
        self._save_outcome("warning length", warning_months=value)

    def _on_decided_changed(self) -> None:
        if self._loading:
            return
        self.decided_edit.setEnabled(self.decided_check.isChecked())
        d = self.decided_edit.date()
        on = date(d.year(), d.month(), d.day()) if self.decided_check.isChecked() else None
        self._save_outcome("decision date", decided_on=on)

    def _on_why_not_committed(self, outcome: Outcome, text: str) -> None:
        officer = self._editable()
        if officer is None:
            return
        before, after = self._why_not.get(outcome, ""), text.strip()
        if after != before:
            self._why_not[outcome] = after
            self._push(f"Why not {outcome.label.lower()}", lambda s: s.decisions.set_why_not(officer, outcome, after),
                       lambda s: s.decisions.set_why_not(officer, outcome, before))

    # --- versions -----------------------------------------------------------------------------------
    def mark_final(self) -> MarkFinalDialog | None:
        """Commit what is being typed, then ask: the blocking problems are shown; an override needs a reason."""
        officer = self._editable()
        if officer is None or self.record is None:
            return None
        self.commit_all()
        dialog = MarkFinalDialog(self.record.blocking, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            reason = dialog.override_reason()
            self._push("Mark the decision final", lambda s: s.decisions.mark_final(officer, reason),
                       lambda s: s.decisions.reopen(officer, "Marking final was undone (Edit ▸ Undo)."))

        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()
        return dialog

    def reopen(self) -> ReopenDialog | None:
        record = self.record
        if record is None or record.officer_id is None or not record.final or record.latest is None:
            return None
        officer, override = record.officer_id, record.latest.override_reason or None
        dialog = ReopenDialog(record.latest.number, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            reason = dialog.reason()
            self._push("Reopen the decision", lambda s: s.decisions.reopen(officer, reason),
                       lambda s: s.decisions.mark_final(officer, override))

        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()
        return dialog


def title_for(key: str) -> str:
    return dict(_TEXT_FIELDS)[key].lower()


def _rules_text(record: DecisionRecord) -> str:
    return (f"<b>Outcome rules:</b> {record.rule_set.label}. <small>{record.rule_set_note}</small><br>"
            f"<b>Most serious finding so far:</b> {record.most_serious.label.lower()} "
            f"({record.proceeding.label.lower()}{', former officer' if record.former_officer else ''}).")
