"""Schema 0003 (issue #7 item 2): the dates that decide which rules apply, and rule-set overrides.

An older store (schema 0002, with DEMO-001 and its audit log) opens, is backed up, migrates, keeps its
data, and still verifies: its case states are re-recorded in the new shape, and only where they matched
the log before (the migration blesses nothing).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc
from alembic import command
from sqlalchemy import select, text

from panelapp.models.audit import append_entry
from panelapp.models.schema import Base, Case, RuleSetOverrideRow
from panelapp.models.store import Store, _alembic_config, _migrating, head_revision
from panelapp.services.audit_state import _ADDED_TO_CASE_STATE, case_state, case_state_as_of
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE, keyed_connection

pytestmark = pytest.mark.db

_STATE_PART = {"private_notes": "private_notes",
               "cases": "case", "officers": "officers", "allegations": "allegations", "findings": "findings",
               "outcomes": "outcomes"}


def _take_back_to_0002(path: Path) -> None:
    """Make `path` (a head store) what panelapp at schema 0002 would have left: each case's latest state
    entry in the 0002 shape, then the schema taken back to 0002 (dropping the 0003 columns and table)."""
    with Store.open(path, PASSPHRASE) as store:
        with store.session() as s:
            for case_id in s.scalars(select(Case.id)):
                state = case_state(s, case_id)
                assert state is not None
                append_entry(s, action="case.update", object_type="case", object_id=case_id,
                             content=case_state_as_of(state, "0002"))
        with _migrating(store.engine, store.path) as conn:
            command.downgrade(_alembic_config(conn), "0002")
        assert store.revision == "0002"


def _without_0003_fields(document: dict[str, Any]) -> dict[str, Any]:
    """A case document with every field schema 0003 added at its default (what a migrated case holds)."""
    case = document["case"]
    for name in ("reg51_notice_on", "reg30_notice_method", "reg51_notice_method", "reg30_deemed_served_on",
                 "reg51_deemed_served_on", "chair_specified_on"):
        case[name] = None
    case["iopc_direction"] = False
    document["rule_set_overrides"] = []
    document["bundle_sections"] = []  # schema 0004's table
    for officer in document["officers"]:
        officer["officer_category"] = "other"
        officer["decision_versions"] = []  # schema 0005's table
        for allegation in officer["allegations"]:
            allegation.update(came_to_attention_on=None, related_to_earlier_on=None, incident=None)
            if allegation["finding"] is not None:
                allegation["finding"].update(facts_reasons="", breach_reasons="")
        if officer["outcome"] is not None:
            officer["outcome"].update(gm_not_dismissed_reasons="", aa_views_on_reduction="")
    return document


def test_0003_adds_exactly_what_the_case_state_knows_was_added(tmp_path: Path) -> None:
    """The state projection used after a migration names exactly the columns and tables 0003 added."""
    path = tmp_path / "old.panel"
    Store.create(path, PASSPHRASE, revision="0002").close()
    with keyed_connection(path) as conn:
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        added_columns: dict[str, tuple[str, ...]] = {}
        for name, table in Base.metadata.tables.items():
            if name not in tables:
                continue
            have = {r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{name}")')}
            extra = tuple(c.name for c in table.columns if c.name not in have)
            if extra:
                added_columns[_STATE_PART[name]] = extra
    columns, parts = _ADDED_TO_CASE_STATE["0003"]
    later = [_ADDED_TO_CASE_STATE[r] for r in ("0004", "0005", "0006", "0012")]
    # 0006's private_notes.subject is part of a hashed row, hashed only when set (audit_state._hashable);
    # 0012's cases.not_named_in_public is hashed only when set too (audit_state._CASE_COLUMNS_WHEN_SET).
    assert added_columns == {**columns, "case": (*columns["case"], "not_named_in_public"),
                             "private_notes": ("subject",)} and all(cols == {} for cols, _ in later)
    assert set(Base.metadata.tables) - tables == {*parts, *(p for _, ps in later for p in ps)} == {
        "rule_set_overrides", "bundle_sections", "page_notes", "decision_versions"}


def test_a_0002_store_with_a_case_is_backed_up_migrated_and_keeps_its_data(demo_store: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        before = services.export_case("DEMO-001")
        evidence_before = services.list_evidence(services.case_id("DEMO-001"))
    _take_back_to_0002(demo_store)
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert services.store.migrated_from == "0002" and services.store.revision == head_revision() == "0012"
        assert services.migration_note is not None and "migrated from schema 0002" in services.migration_note
        backup = services.store.migration_backup
        after = services.export_case("DEMO-001")
        assert services.list_evidence(services.case_id("DEMO-001")) == evidence_before
    assert after == _without_0003_fields(before)
    assert backup is not None and backup.exists() and backup.stat().st_mode & 0o777 == 0o600
    with keyed_connection(backup) as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"
        assert conn.exec_driver_sql("SELECT count(*) FROM evidence_items").scalar() == len(evidence_before)


def test_a_migrated_store_verifies_and_records_each_state_once(demo_store: Path) -> None:
    """New columns change every case's state hash: the migration re-records them, so verify stays ok."""
    _take_back_to_0002(demo_store)
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        report = services.verify()
        assert report.ok, report.problems
        assert report.objects_checked == 8  # DEMO-001 and its seven attached files
        with services.store.session() as s:
            migrated = s.execute(text("SELECT action, count(*) FROM audit_log WHERE action LIKE '%state-migrated' "
                                      "GROUP BY action ORDER BY action")).all()
    assert [tuple(r) for r in migrated] == [("case.state-migrated", 1)]  # a file's state is as it was
    with PanelServices.open(demo_store, PASSPHRASE) as services:  # no second migration, no new entries
        assert services.store.migrated_from is None
        assert services.verify().ok


def test_tampering_after_the_migration_is_still_found(demo_store: Path) -> None:
    _take_back_to_0002(demo_store)
    PanelServices.open(demo_store, PASSPHRASE).close()
    with Store.open(demo_store, PASSPHRASE) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE allegations SET came_to_attention_on = '2025-06-01' WHERE number = 1")
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        report = services.verify()
    assert report.problems == ("case 1: its content does not match the audit log (rows missing or changed "
                               "outside panelapp)",)


def test_tampering_before_the_migration_is_not_blessed_by_it(demo_store: Path) -> None:
    _take_back_to_0002(demo_store)
    with keyed_connection(demo_store) as conn:
        conn.exec_driver_sql("UPDATE cases SET venue = 'elsewhere'")
        conn.commit()
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        report = services.verify()
        with services.store.session() as s:
            actions = list(s.scalars(text("SELECT action FROM audit_log WHERE action = 'case.state-migrated'")))
    assert actions == []
    assert report.problems == ("case 1: its content does not match the audit log (rows missing or changed "
                               "outside panelapp)",)


def test_an_override_needs_a_reason_even_written_outside_panelapp(demo_store: Path) -> None:
    """The database itself refuses a rule-set override with a blank reason, and a second one per question."""
    with Store.open(demo_store, PASSPHRASE) as store:
        for reason in ("", "  \t\n"):
            with pytest.raises(sqlalchemy.exc.IntegrityError, match="CHECK"), store.session() as s:
                s.add(RuleSetOverrideRow(case_id=1, question="outcomes", rule_set="2025", reason=reason,
                                         recorded_at=dt.datetime(2025, 6, 3, 10, 0)))
        with store.session() as s:
            s.add(RuleSetOverrideRow(case_id=1, question="outcomes", rule_set="2025", reason="IOPC s.13B",
                                     recorded_at=dt.datetime(2025, 6, 3, 10, 0)))
        with pytest.raises(sqlalchemy.exc.IntegrityError, match="UNIQUE"), store.session() as s:
            s.add(RuleSetOverrideRow(case_id=1, question="outcomes", rule_set="2020", reason="again",
                                     recorded_at=dt.datetime(2025, 6, 3, 10, 0)))

