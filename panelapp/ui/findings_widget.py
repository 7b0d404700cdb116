"""Findings: per allegation, the facts, the Standards breached, the level, the reasons and the citations.

The officer's allegations on the left (number, particulars, the finding's status) with the readiness
checklist under them, the editor beside them. Every committed field is saved at once through an undoable command
(`bench.push`): a crash loses at most the field being typed. A final decision is read-only until reopened
(Outcome tab). Activating a checklist item goes to its field, on this tab or another.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.changes import Area, Changes
from panelapp.domain.decision_records import CitationInput, DecisionRecord, FindingDetails, FindingRecord
from panelapp.domain.vocabulary import FactsFinding, FindingLevel
from panelapp.ui.decision_checklist import ReadinessWidget, route_field
from panelapp.ui.decision_dialogs import CitationDialog
from panelapp.ui.decision_models import AllegationListModel
from panelapp.ui.finding_editor import FindingEditor
from panelapp.ui.ops import ServiceCall, user_message
from panelapp.ui.table_models import ID_ROLE
from panelapp.ui.workbench import AreaWidget, Workbench


def decision_banner(record: DecisionRecord | None) -> str:
    """"Draft (version 2)…" / "Final (version 1)…": shared by the findings and outcome screens."""
    if record is None or record.officer_id is None:
        return ""
    latest = record.latest
    if latest is None:
        return "<b>Draft</b>: not yet marked final. Changes are saved as you go."
    if latest.final:
        override = " (marked final over the readiness check: see Versions)" if latest.override_reason else ""
        return (f"<b>Final (version {latest.number})</b>{override}: read-only. Reopen it on the Outcome tab "
                "to change anything.")
    return f"<b>Draft (version {latest.number})</b>, reopened. Changes are saved as you go."


class FindingsWidget(AreaWidget):
    """The findings on each allegation of the chosen officer, with the readiness checklist beside them."""

    areas = frozenset({Area.DECISION, Area.ALLEGATIONS, Area.EVIDENCE, Area.PEOPLE, Area.CASE})

    def __init__(self, bench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__(bench, parent)
        self.record: DecisionRecord | None = None
        self._officer_id: int | None = None
        self._allegation_id: int | None = None
        self._details: dict[int, FindingDetails | None] = {}  # as saved or being saved (ahead of the store)
        self._pending: dict[int, tuple[FactsFinding | None, FindingLevel | None]] = {}
        self._writes = 0  # writes of this screen in flight: a read that started before one must not undo it
        self._request = 0
        self.dialog: CitationDialog | None = None

        self.officer_combo = QComboBox()
        self.officer_combo.setAccessibleName("Officer concerned")
        self.officer_combo.activated.connect(self._on_officer_combo_activated)
        self.officer_label = QLabel("&Officer:")
        self.officer_label.setBuddy(self.officer_combo)
        self.banner = QLabel()
        self.banner.setObjectName("decisionBanner")
        self.banner.setWordWrap(True)

        self.model = AllegationListModel(self)
        self.list_view = QListView()
        self.list_view.setObjectName("allegationList")
        self.list_view.setAccessibleName("Allegations and their findings")
        self.list_view.setModel(self.model)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setWordWrap(True)
        self.list_view.setSpacing(2)
        self.list_view.selectionModel().currentChanged.connect(self._on_list_view_current_changed)

        self.editor = FindingEditor()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.editor)
        self.scroll_area.setWidgetResizable(True)
        self.checklist = ReadinessWidget()
        self.checklist.field_requested.connect(self.request_field)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Allegations</b>"))
        left_layout.addWidget(self.list_view, 1)
        side = QSplitter(Qt.Orientation.Vertical)  # the checklist beside the editor, under the allegations
        side.addWidget(left)
        side.addWidget(self.checklist)
        side.setSizes([260, 380])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.scroll_area)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 650])
        top = QHBoxLayout()
        top.addWidget(self.officer_label)
        top.addWidget(self.officer_combo)
        top.addWidget(self.banner, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.list_view)

        e = self.editor
        e.facts_chosen.connect(self._on_editor_facts_chosen)
        e.level_chosen.connect(self._on_editor_level_chosen)
        e.standards_changed.connect(self._on_editor_standards_changed)
        e.text_committed.connect(self._on_editor_text_committed)
        e.incident_committed.connect(self._on_editor_incident_committed)
        e.add_citation_requested.connect(self.add_citation)
        e.remove_citation_requested.connect(self._on_editor_remove_citation_requested)
        e.citation_opened.connect(self._on_editor_citation_opened)
        self._show_empty()

    # --- loading ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        case_id = self.bench.case_id
        if case_id is None:
            self.clear()
            return
        self._request += 1
        request, officer_id = self._request, self._officer_id

        def loaded(record: DecisionRecord) -> None:
            if request == self._request and self.bench.case_id == case_id:
                self._show(record)

        def failed(exc: BaseException) -> None:
            if request == self._request and officer_id is not None:
                self._officer_id = None  # the officer was removed: show the case's first
                self.refresh()
            else:
                self.bench.show_status(user_message(exc))

        self.bench.ops.run_query(lambda s: s.decisions.decision(case_id, officer_id), loaded, failed)

    def _show(self, record: DecisionRecord) -> None:
        if self._writes:
            return  # a write of ours is on its way: its own change brings a fresh read
        self.record = record
        self._officer_id = record.officer_id
        self._details = {f.allegation_id: f.details for f in record.findings}
        self.officer_combo.clear()
        for choice in record.officers:
            self.officer_combo.addItem(choice.label, choice.id)
        self.officer_combo.setCurrentIndex(max(0, self.officer_combo.findData(record.officer_id)))
        several = len(record.officers) > 1
        self.officer_combo.setVisible(several)
        self.officer_label.setVisible(several)
        self.banner.setText(decision_banner(record) if record.officer_id is not None else
                            "This case has no officer yet: add the officer concerned on the People tab.")
        self.model.set_rows(record.findings)
        self.checklist.set_report(record.blocking, record.warnings)
        ids = [f.allegation_id for f in record.findings]
        if self._allegation_id not in ids:
            self._allegation_id = ids[0] if ids else None
        self._select(self._allegation_id)
        self._show_editor()

    def _show_editor(self) -> None:
        f = self.current_finding()
        pending = self._pending.get(f.allegation_id, (None, None)) if f else (None, None)
        self.editor.show_finding(f, final=bool(self.record and self.record.final), pending_facts=pending[0],
                                 pending_level=pending[1])

    def _show_empty(self) -> None:
        self.editor.show_finding(None, final=True)

    def _select(self, allegation_id: int | None) -> None:
        ids = [f.allegation_id for f in self.model.rows]
        if allegation_id in ids:
            index = self.model.index(ids.index(allegation_id), 0)
            self.list_view.selectionModel().blockSignals(True)
            self.list_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list_view.selectionModel().blockSignals(False)

    def current_finding(self) -> FindingRecord | None:
        return next((f for f in self.model.rows if f.allegation_id == self._allegation_id), None)

    def _on_bench_case_changed(self, case_id: int | None) -> None:
        self.editor.commit_all()  # what was typed belongs to the case it was typed in
        self.editor.discard_all()
        self._officer_id = self._allegation_id = None
        self._pending = {}
        super()._on_bench_case_changed(case_id)

    def clear(self) -> None:
        self._request += 1
        self.editor.commit_all()  # on lock: saved before the store closes
        self._writes = 0  # after a lock their results never arrive
        self.editor.discard_all()
        self.record = None
        self._details, self._pending = {}, {}
        self.model.set_rows([])
        self.officer_combo.clear()
        self.banner.clear()
        self.checklist.clear()
        self._show_empty()

    def view_state(self) -> dict[str, object]:
        return {"officer_id": self._officer_id, "allegation_id": self._allegation_id}

    def restore_view_state(self, state: dict[str, object]) -> None:
        officer, allegation = state.get("officer_id"), state.get("allegation_id")
        self._officer_id = officer if isinstance(officer, int) else None
        self._allegation_id = allegation if isinstance(allegation, int) else None
        self.refresh()

    # --- choosing -----------------------------------------------------------------------------------
    def _on_officer_combo_activated(self, index: int) -> None:
        officer_id = self.officer_combo.itemData(index)
        if officer_id != self._officer_id:
            self.editor.commit_all()
            self._officer_id, self._allegation_id = officer_id, None
            self.refresh()

    def _on_list_view_current_changed(self, current: object, _previous: object) -> None:
        allegation_id = self.list_view.currentIndex().data(ID_ROLE)
        if allegation_id is None or allegation_id == self._allegation_id:
            return
        self.editor.commit_all()  # saved against the allegation it was typed for
        self._allegation_id = allegation_id
        self._show_editor()

    def select_allegation(self, allegation_id: int) -> None:
        if allegation_id != self._allegation_id:
            self.editor.commit_all()
            self._allegation_id = allegation_id
            self._select(allegation_id)
            self._show_editor()

    # --- checklist links ------------------------------------------------------------------------------
    def request_field(self, key: str) -> None:
        if not route_field(self, key):
            self.bench.show_status("That item is about the case's details (Overview tab).")

    def handles_field(self, key: str) -> bool:
        if not key.startswith("finding:") or self.record is None:
            return False
        return any(f"finding:{f.allegation_id}:" in key for f in self.record.findings)

    def focus_field(self, key: str) -> None:
        _, allegation, part = key.split(":", 2)
        self.select_allegation(int(allegation))
        widget = self.editor.widget_for(part)
        self.scroll_area.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- writes -------------------------------------------------------------------------------------
    def _push(self, text: str, redo: ServiceCall, undo: ServiceCall) -> None:
        self._writes += 1
        pushed = self.bench.push(text, redo, undo, on_done=self._on_write_done, on_error=self._on_write_failed)
        if not pushed:
            self._writes -= 1

    def _on_write_done(self, _changes: Changes) -> None:
        self._writes = max(0, self._writes - 1)

    def _on_write_failed(self, exc: BaseException) -> None:
        self._writes = max(0, self._writes - 1)
        self.bench.show_status(user_message(exc))
        self.editor.discard_all()
        self.refresh()

    def _save(self, text: str, after: FindingDetails | None) -> None:
        f = self.current_finding()
        if f is None or (self.record and self.record.final):
            return
        aid, before = f.allegation_id, self._details.get(f.allegation_id)
        if after == before:
            return
        self._details[aid] = after
        self._pending.pop(aid, None)
        self._push(f"Finding on allegation {f.number}: {text}",
                   lambda s: s.decisions.set_finding(aid, after), lambda s: s.decisions.set_finding(aid, before))

    def _choose(self, facts: FactsFinding | None, level: FindingLevel | None, what: str) -> None:
        f = self.current_finding()
        if f is None:
            return
        base = self._details.get(f.allegation_id)
        if base is not None:
            self._save(what, dataclasses.replace(base, facts=facts or base.facts, level=level or base.level))
            return
        held = self._pending.get(f.allegation_id, (None, None))
        facts, level = facts or held[0], level or held[1]
        if facts is FactsFinding.NOT_PROVED and level is None:
            level = FindingLevel.NOT_PROVED
        if facts is not None and level is not None:
            self._save(what, FindingDetails(facts, level))
        else:
            self._pending[f.allegation_id] = (facts, level)
            self._show_editor()

    def _on_editor_facts_chosen(self, facts: FactsFinding) -> None:
        # Facts not proved means the level is "not proved" too; proved facts keep the level chosen (if it no
        # longer fits, the checklist says so until the panel chooses another).
        level = FindingLevel.NOT_PROVED if facts is FactsFinding.NOT_PROVED else None
        self._choose(facts, level, f"facts {facts.label.lower()}")

    def _on_editor_level_chosen(self, level: FindingLevel) -> None:
        self._choose(None, level, f"level {level.label.lower()}")

    def _on_editor_standards_changed(self, standards: tuple[int, ...]) -> None:
        base = self._details.get(self._allegation_id) if self._allegation_id else None
        if base is not None:
            self._save("Standards breached", dataclasses.replace(base, standards_breached=standards))

    def _on_editor_text_committed(self, part: str, text: str) -> None:
        base = self._details.get(self._allegation_id) if self._allegation_id else None
        if base is not None:
            label = {"facts_reasons": "reasons for the facts", "breach_reasons": "reasons for the breach"}.get(
                part, "reasons")
            self._save(label, _with_text(base, part, text.strip()))

    def _on_editor_incident_committed(self, text: str) -> None:
        f = self.current_finding()
        if f is None or (self.record and self.record.final):
            return
        aid, before, after = f.allegation_id, f.incident, text.strip() or None
        if after != before:
            self._push(f"Incident of allegation {f.number}", lambda s: s.decisions.set_incident(aid, after),
                       lambda s: s.decisions.set_incident(aid, before))

    # --- citations ----------------------------------------------------------------------------------
    def add_citation(self) -> CitationDialog | None:
        """Open the citation picker (the bundle's items); the citation is saved when it is accepted."""
        if self.record is None or self.current_finding() is None:
            return None
        self.dialog = CitationDialog(self.record.items, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.open()
        return self.dialog

    def _on_dialog_accepted(self) -> None:
        dialog, f = self.dialog, self.current_finding()
        self.dialog = None
        if dialog is None or f is None:
            return
        citation = dialog.citation()
        if citation is not None:
            before = tuple(c.input for c in f.citations)
            self._set_citations(f, before, (*before, citation), "Add a citation")

    def _on_editor_remove_citation_requested(self, row: int) -> None:
        f = self.current_finding()
        if f is None or not 0 <= row < len(f.citations):
            return
        before = tuple(c.input for c in f.citations)
        self._set_citations(f, before, before[:row] + before[row + 1:], f"Remove citation {f.citations[row].label}")

    def _set_citations(self, f: FindingRecord, before: tuple[CitationInput, ...], after: tuple[CitationInput, ...],
                       text: str) -> None:
        aid = f.allegation_id
        self._push(f"{text} (allegation {f.number})", lambda s: s.decisions.set_citations(aid, after),
                   lambda s: s.decisions.set_citations(aid, before))

    def _on_editor_citation_opened(self, row: int) -> None:
        f = self.current_finding()
        if f is not None and 0 <= row < len(f.citations):
            c = f.citations[row]
            self.bench.open_evidence(c.evidence_id, (c.page or 1) - 1)


def _with_text(d: FindingDetails, part: str, text: str) -> FindingDetails:
    if part == "facts_reasons":
        return dataclasses.replace(d, facts_reasons=text)
    if part == "breach_reasons":
        return dataclasses.replace(d, breach_reasons=text)
    return dataclasses.replace(d, reasons=text)
