"""The page an open store shows: the cases on the left, the case's areas as tabs.

The main window builds it when a store is first opened, not for the first screen: these views and what
they import (the domain's records and rules, the PDF viewer) are most of what the window would otherwise
load before it is shown (issue #11: import what the first screen needs).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget

from panelapp.ui.allegations_widget import AllegationsWidget
from panelapp.ui.audit_widget import AuditWidget
from panelapp.ui.bundle_widget import BundleWidget
from panelapp.ui.case_list_widget import CaseListWidget
from panelapp.ui.case_overview_widget import CaseOverviewWidget
from panelapp.ui.deliberation_widget import DeliberationWidget
from panelapp.ui.findings_widget import FindingsWidget
from panelapp.ui.outcome_widget import OutcomeWidget
from panelapp.ui.people_widget import PeopleWidget
from panelapp.ui.search_widget import SearchWidget
from panelapp.ui.viewer_widget import ViewerWidget
from panelapp.ui.workbench import AreaWidget, Workbench


class Workspace(QSplitter):
    """The case list and the area tabs; `titles` name the tabs in order (overview, people, allegations,
    bundle, reader, findings, outcome, deliberation, search, audit), as the window's Go menu does."""

    def __init__(self, bench: Workbench, titles: Sequence[str]) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.case_list = CaseListWidget(bench)
        self.overview = CaseOverviewWidget(bench)
        self.people = PeopleWidget(bench)
        self.allegations = AllegationsWidget(bench)
        self.bundle = BundleWidget(bench)
        self.viewer = ViewerWidget(bench)
        self.findings = FindingsWidget(bench)
        self.outcome = OutcomeWidget(bench)
        self.deliberation = DeliberationWidget(bench)
        self.search = SearchWidget(bench)
        self.audit = AuditWidget(bench)
        self.tab_areas: list[AreaWidget] = [self.overview, self.people, self.allegations, self.bundle, self.viewer,
                                            self.findings, self.outcome, self.deliberation, self.search, self.audit]
        self.tabs = QTabWidget()
        self.tabs.setObjectName("areaTabs")
        self.tabs.setDocumentMode(True)
        for widget, title in zip(self.tab_areas, titles, strict=True):
            self.tabs.addTab(widget, title)
        self.addWidget(self.case_list)
        self.addWidget(self.tabs)
        self.setStretchFactor(1, 3)
        self.setSizes([360, 900])
