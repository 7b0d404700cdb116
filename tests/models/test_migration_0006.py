"""Schema 0006 (issue #9): a private note's subject. A 0005 store whose members wrote notes migrates, keeps
every note (about the case as a whole), and still verifies: the note rows are hashed in the case state, and
the new column is hashed only when set, so the log's earlier hashes still match."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from panelapp.domain.errors import BadInputError
from panelapp.models.store import Store, _alembic_config, _migrating, head_revision
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.decision_case import build_mixed_case

pytestmark = pytest.mark.db


def test_a_0005_store_with_private_notes_migrates_keeps_them_and_verifies(empty_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
        member = next(iter(case.members.values()))
        services.decisions.add_note(member, "Written before notes had subjects.")
    with Store.open(empty_store, PASSPHRASE) as store, _migrating(store.engine, store.path) as conn:
        command.downgrade(_alembic_config(conn), "0005")
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        assert services.store.migrated_from == "0005" and services.store.revision == head_revision() == "0012"
        notes = services.decisions.deliberation(case.case_id).notes
        assert [(n.subject, n.text) for n in notes] == [("", "Written before notes had subjects.")]
        report = services.verify()
        assert report.ok, report.problems
        services.decisions.add_note(member, "About the outcome.", f"outcome:{case.officer_id}")
        assert services.verify().ok


def test_changing_a_note_subject_outside_the_app_is_caught_by_verify(empty_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
        member = next(iter(case.members.values()))
        services.decisions.add_note(member, "About allegation 1.", f"allegation:{case.allegations[0]}")
        with services.store.session() as s:
            s.execute(text("UPDATE private_notes SET subject = ''"))
        report = services.verify()
        assert not report.ok and any(f"case {case.case_id}" in p for p in report.problems)


def test_a_note_about_something_not_in_the_case_is_refused(empty_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
        member = next(iter(case.members.values()))
        with pytest.raises(BadInputError, match="nothing in this case called 'allegation:999999'"):
            services.decisions.add_note(member, "Lost.", "allegation:999999")
        assert services.decisions.deliberation(case.case_id).notes == ()
