"""Parts of the outcome screen: the stages of seriousness with the guidance beside each field, and the
"why not a lesser outcome" fields (one per lesser outcome the rules allow)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from panelapp.domain.decision_records import GUIDANCE_SOURCE, SERIOUSNESS_PROMPTS
from panelapp.domain.readiness import Seriousness
from panelapp.domain.vocabulary import Outcome
from panelapp.ui.decision_fields import CommitTextEdit

PROMPT_STYLE = "color: #444; background: #f4f1e8; border-left: 3px solid #c9b98f; padding: 4px;"


class SeriousnessSection(QGroupBox):
    """Stages 1, 2 and 4: each field with the guidance's prompt beside it; `committed(attribute, text)`."""

    committed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Seriousness, purpose and personal mitigation (College of Policing stages)", parent)
        grid = QGridLayout(self)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.note = QLabel()
        self.note.setWordWrap(True)
        grid.addWidget(self.note, 0, 0, 1, 2)
        self.edits: dict[str, CommitTextEdit] = {}
        for i, p in enumerate(SERIOUSNESS_PROMPTS):
            edit = CommitTextEdit(p.label, lines=3)
            edit.committed.connect(lambda text, key=p.key: self.committed.emit(key, text))
            label = QLabel(f"<b>{p.label}</b> <small>({p.stage})</small>")
            label.setBuddy(edit)
            prompt = QLabel(p.prompt)
            prompt.setObjectName(f"prompt_{p.key}")
            prompt.setWordWrap(True)
            prompt.setStyleSheet(PROMPT_STYLE)
            prompt.setToolTip(GUIDANCE_SOURCE)
            edit.setToolTip(f"Guidance: {p.prompt}")
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(edit)
            grid.addLayout(column, 1 + i, 0)
            grid.addWidget(prompt, 1 + i, 1)
            self.edits[p.key] = edit
        source = QLabel(f"<small>Guidance: {GUIDANCE_SOURCE}.</small>")
        source.setWordWrap(True)
        grid.addWidget(source, 1 + len(SERIOUSNESS_PROMPTS), 0, 1, 2)

    def set_value(self, s: Seriousness, *, required: bool, editable: bool) -> None:
        for key, edit in self.edits.items():
            edit.set_value(getattr(s, key))
            edit.setReadOnly(not editable)
        self.note.setText(
            "A finding of misconduct or gross misconduct: every stage must be addressed before the decision can "
            "issue." if required else
            "No finding of misconduct or gross misconduct so far: these stages are needed only where one is found.")

    def commit_all(self) -> None:
        for edit in self.edits.values():
            edit.commit()

    def discard_all(self) -> None:
        for edit in self.edits.values():
            edit.discard()


class WhyNotSection(QGroupBox):
    """"Why not a lesser outcome": a field per lesser outcome the rules allow; `committed(outcome, text)`."""

    committed = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Why not a lesser outcome (stage 3: start at the least severe)", parent)
        self._layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self._layout.addWidget(self.note)
        self.edits: dict[Outcome, CommitTextEdit] = {}
        self._labels: list[QLabel] = []

    def set_values(self, needed: Sequence[Outcome], texts: dict[Outcome, str], *, editable: bool,
                   chosen: Outcome | None) -> None:
        if list(self.edits) != list(needed):
            self._rebuild(needed)
        for outcome, edit in self.edits.items():
            edit.set_value(texts.get(outcome, ""))
            edit.setReadOnly(not editable)
        if chosen is None:
            self.note.setText("Choose an outcome first.")
        elif needed:
            self.note.setText(f"For each less severe outcome the rules allow, say why it is not enough "
                              f"instead of {chosen.label.lower()}.")
        else:
            self.note.setText(f"No less severe outcome is open under the rules: nothing to explain away before "
                              f"{chosen.label.lower()}.")

    def _rebuild(self, needed: Sequence[Outcome]) -> None:
        for edit in self.edits.values():
            edit.commit()
            edit.deleteLater()
        for label in self._labels:
            label.deleteLater()
        self.edits, self._labels = {}, []
        for outcome in needed:
            edit = CommitTextEdit(f"Why not {outcome.label.lower()}", lines=3)
            edit.setObjectName(f"whyNot_{outcome.value}")
            edit.committed.connect(lambda text, o=outcome: self.committed.emit(o, text))
            label = QLabel(f"Why not <b>{outcome.label.lower()}</b>:")
            label.setBuddy(edit)
            self._layout.addWidget(label)
            self._layout.addWidget(edit)
            self.edits[outcome] = edit
            self._labels.append(label)

    def commit_all(self) -> None:
        for edit in self.edits.values():
            edit.commit()

    def discard_all(self) -> None:
        for edit in self.edits.values():
            edit.discard()
