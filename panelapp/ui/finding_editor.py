"""The editor of one allegation's finding: facts, level, standards breached, three reasons, citations, incident.

It only shows and reports: each committed edit is a signal (`facts_chosen`, `text_committed(part, text)`…),
and `FindingsWidget` turns it into an undoable write. A finding exists once the facts and the level are
both chosen; until then the other fields wait (and say so).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.allegation_records import standards_label
from panelapp.domain.decision_records import FindingRecord
from panelapp.domain.vocabulary import STANDARDS, FactsFinding, FindingLevel
from panelapp.ui.decision_fields import CommitLineEdit, CommitTextEdit
from panelapp.ui.decision_models import CitationListModel

FACTS_ORDER = (FactsFinding.PROVED, FactsFinding.PARTLY_PROVED, FactsFinding.NOT_PROVED)
LEVEL_ORDER = (FindingLevel.GROSS_MISCONDUCT, FindingLevel.MISCONDUCT, FindingLevel.PRACTICE_REQUIRING_IMPROVEMENT,
               FindingLevel.NO_BREACH, FindingLevel.NOT_PROVED)
TEXT_PARTS = (("facts_reasons", "Reasons for the finding of fact",
               "What the panel found happened, on the balance of probabilities, and why (cite the evidence). "
               "Blank: the overall reasons stand for it."),
              ("breach_reasons", "Reasons for the finding of breach",
               "Which Standards the proved conduct breached, and why. Blank: the overall reasons stand for it."),
              ("reasons", "Overall reasons for the level",
               "Why the breach is (gross) misconduct, practice requiring improvement, or no breach."))


class FindingEditor(QWidget):
    facts_chosen = Signal(object)  # FactsFinding
    level_chosen = Signal(object)  # FindingLevel
    standards_changed = Signal(object)  # tuple[int, ...]
    text_committed = Signal(str, str)  # part, text
    incident_committed = Signal(str)
    add_citation_requested = Signal()
    remove_citation_requested = Signal(int)  # row
    citation_opened = Signal(int)  # row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setObjectName("findingHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.alleged = QLabel()
        self.alleged.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("findingHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #8a4b00;")

        self.facts_group, self.facts_buttons = self._radios("Finding of fact", FACTS_ORDER, self.facts_chosen)
        self.level_group, self.level_buttons = self._radios("Le&vel found", LEVEL_ORDER, self.level_chosen)

        self.standards_box = QGroupBox("&Which Standards were breached (Schedule 2; bold: alleged)")
        grid = QGridLayout(self.standards_box)
        self.standard_checks: dict[int, QCheckBox] = {}
        for i, (n, (title, text)) in enumerate(sorted(STANDARDS.items())):
            check = QCheckBox(f"{n} {title}")
            check.setToolTip(f"{text} (description paraphrased)")
            check.setAccessibleName(f"Standard {n}: {title}")
            check.toggled.connect(self._on_standard_check_toggled)
            grid.addWidget(check, i % 5, i // 5)
            self.standard_checks[n] = check

        self.texts: dict[str, CommitTextEdit] = {}
        text_boxes = []
        for part, title, placeholder in TEXT_PARTS:
            edit = CommitTextEdit(title, lines=4)
            edit.setPlaceholderText(placeholder)
            edit.committed.connect(lambda text, part=part: self.text_committed.emit(part, text))
            self.texts[part] = edit
            label = QLabel(f"{title}:")
            label.setBuddy(edit)
            text_boxes.append((label, edit))

        self.citation_model = CitationListModel(self)
        self.citation_view = QListView()
        self.citation_view.setObjectName("citationList")
        self.citation_view.setAccessibleName("Citations")
        self.citation_view.setModel(self.citation_model)
        self.citation_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.citation_view.setMaximumHeight(96)
        self.citation_view.activated.connect(lambda index: self.citation_opened.emit(index.row()))
        self.add_citation_button = QPushButton("&New citation…")
        self.add_citation_button.setAccessibleName("Add a citation from the bundle")
        self.add_citation_button.clicked.connect(self.add_citation_requested)
        self.remove_citation_button = QPushButton("Remove citation")
        self.remove_citation_button.setAccessibleName("Remove the selected citation")
        self.remove_citation_button.clicked.connect(self._on_remove_citation_button_clicked)
        citations_box = QGroupBox("Citations (pinpoint references to the bundle; they follow the item when it moves)")
        c_layout = QVBoxLayout(citations_box)
        c_layout.addWidget(self.citation_view)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_citation_button)
        buttons.addWidget(self.remove_citation_button)
        buttons.addStretch(1)
        c_layout.addLayout(buttons)

        self.incident_edit = CommitLineEdit("Incident")
        self.incident_edit.setPlaceholderText("e.g. “Quayside Road arrest”: allegations of one incident share a label")
        self.incident_edit.committed.connect(self.incident_committed)
        incident_label = QLabel("Inci&dent (reg 42(6)):")
        incident_label.setBuddy(self.incident_edit)
        incident_row = QHBoxLayout()
        incident_row.addWidget(incident_label)
        incident_row.addWidget(self.incident_edit, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.alleged)
        radios = QHBoxLayout()
        radios.addWidget(self.facts_group)
        radios.addWidget(self.level_group, 1)
        layout.addLayout(radios)
        layout.addWidget(self.hint)
        layout.addWidget(self.standards_box)
        for label, edit in text_boxes:
            layout.addWidget(label)
            layout.addWidget(edit)
        layout.addWidget(citations_box)
        layout.addLayout(incident_row)
        layout.addStretch(1)
        self._loading = False
        self._has_finding = False
        self._final = False

    def _radios(self, title: str, values: tuple[FactsFinding, ...] | tuple[FindingLevel, ...],
                signal: SignalInstance) -> tuple[QGroupBox, dict[object, QRadioButton]]:
        box = QGroupBox(title)
        group = QButtonGroup(box)
        group.setExclusive(True)
        column = QVBoxLayout(box)
        buttons: dict[object, QRadioButton] = {}
        for value in values:
            button = QRadioButton(value.label)
            button.setAccessibleName(f"{title.replace('&', '')}: {value.label}")
            group.addButton(button)
            column.addWidget(button)
            button.clicked.connect(lambda _checked=False, value=value: self._emit(signal, value))
            buttons[value] = button
        return box, buttons

    def _emit(self, signal: SignalInstance, value: object) -> None:
        if not self._loading:
            signal.emit(value)

    # --- showing -------------------------------------------------------------------------------------
    def show_finding(self, f: FindingRecord | None, *, final: bool, pending_facts: FactsFinding | None = None,
                     pending_level: FindingLevel | None = None) -> None:
        """Show an allegation's finding (None: nothing to show); `final` makes every field read-only."""
        self._loading = True
        self._final = final
        d = f.details if f is not None else None
        self._has_finding = d is not None
        if f is None:
            self.heading.setText("<i>No allegation selected.</i>")
            self.alleged.clear()
        else:
            self.heading.setText(f"<b>Allegation {f.number}</b>: {_escape(f.particulars)}")
            self.alleged.setText(f"Alleged: {f.alleged_level.label.lower()}; "
                                 f"Standards {standards_label(f.alleged_standards) or 'none named'}.")
        facts = d.facts if d else pending_facts
        level = d.level if d else pending_level
        for value, button in self.facts_buttons.items():
            _set_checked(button, value is facts)
        for value, button in self.level_buttons.items():
            _set_checked(button, value is level)
        alleged = set(f.alleged_standards) if f else set()
        for n, check in self.standard_checks.items():
            check.blockSignals(True)
            check.setChecked(bool(d and n in d.standards_breached))
            check.blockSignals(False)
            font = check.font()
            font.setBold(n in alleged)
            check.setFont(font)
        for part, edit in self.texts.items():
            edit.set_value(getattr(d, part) if d else "")
        self.citation_model.set_rows(f.citations if f else ())
        self.incident_edit.set_value(f.incident or "" if f else "")
        if f is not None and d is None:
            missing = "the level" if facts is not None else "the finding of fact" if level is not None else (
                "the finding of fact and the level")
            self.hint.setText(f"Choose {missing}: the finding is saved once both are chosen; the reasons, "
                              "Standards and citations follow.")
            self.hint.show()
        else:
            self.hint.hide()
        self._apply_enabled(f is not None)
        self._loading = False

    def _apply_enabled(self, shown: bool) -> None:
        editable = shown and not self._final
        for button in (*self.facts_buttons.values(), *self.level_buttons.values()):
            button.setEnabled(editable)
        rest = editable and self._has_finding
        for check in self.standard_checks.values():
            check.setEnabled(rest)
        for edit in self.texts.values():
            edit.setReadOnly(not rest)
            edit.setEnabled(shown and self._has_finding)
        self.add_citation_button.setEnabled(rest)
        self.remove_citation_button.setEnabled(rest and self.citation_model.rowCount() > 0)
        self.incident_edit.setReadOnly(not editable)
        self.incident_edit.setEnabled(shown)

    def commit_all(self) -> None:
        for edit in self.texts.values():
            edit.commit()
        self.incident_edit.commit()

    def discard_all(self) -> None:
        for edit in self.texts.values():
            edit.discard()
        self.incident_edit.discard()

    def standards(self) -> tuple[int, ...]:
        return tuple(n for n, check in self.standard_checks.items() if check.isChecked())

    def widget_for(self, part: str) -> QWidget:
        """The input a readiness item about `part` of the finding should focus."""
        if part == "facts":
            return next((b for b in self.facts_buttons.values() if b.isChecked()), self.facts_buttons[FACTS_ORDER[0]])
        if part == "level":
            return next((b for b in self.level_buttons.values() if b.isChecked()), self.level_buttons[LEVEL_ORDER[0]])
        if part == "standards":
            return next((c for c in self.standard_checks.values() if c.isChecked()), self.standard_checks[1])
        if part in self.texts:
            return self.texts[part]
        if part == "citations":
            return self.add_citation_button if self.citation_model.rowCount() == 0 else self.citation_view
        return self.incident_edit

    def _on_standard_check_toggled(self, _checked: bool) -> None:
        if not self._loading:
            self.standards_changed.emit(self.standards())

    def _on_remove_citation_button_clicked(self) -> None:
        index = self.citation_view.currentIndex()
        row = index.row() if index.isValid() else self.citation_model.rowCount() - 1
        if row >= 0:
            self.remove_citation_requested.emit(row)


def _set_checked(button: QRadioButton, checked: bool) -> None:
    group = button.group()
    if group is not None and not checked and button.isChecked():
        group.setExclusive(False)  # an exclusive group cannot uncheck its checked button
        button.setChecked(False)
        group.setExclusive(True)
    elif checked:
        button.setChecked(True)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
