"""Schema 0011 (hostile review F6b): a removed item's number is never given to another item.

SQLite gave a new row the highest id in use plus one, so a decision version that cited the highest-numbered
item, removed later, named whatever item came next. The table now has AUTOINCREMENT; a store made before is
rebuilt with every row and every row that refers to an item kept, and its sequence starts above every number a
version still cites.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.orm import Session

from panelapp.domain.decision_records import CitationInput
from panelapp.domain.errors import DamagedStoreError
from panelapp.domain.evidence_records import DocumentDetails
from panelapp.domain.vocabulary import EvidenceKind
from panelapp.models import store as store_module
from panelapp.models.store import Store, _alembic_config, _migrating, head_revision
from panelapp.services.integrity_service import _numbering_problems
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE, keyed_connection
from tests.decision_case import FINDINGS, build_mixed_case

pytestmark = pytest.mark.db

_REFERRING = ("evidence_items", "key_moments", "vetting_entries", "citations", "evidence_allegations", "page_notes",
              "private_notes")


def _document(title: str) -> DocumentDetails:
    return DocumentDetails(kind=EvidenceKind.DOCUMENT, title=title)


def _rows(store: Store) -> dict[str, list[tuple[object, ...]]]:
    with store.engine.connect() as conn:
        return {t: sorted(map(tuple, conn.execute(text(f"SELECT * FROM {t}")))) for t in _REFERRING}


def _table_sql(store: Store) -> str:
    with store.engine.connect() as conn:
        return str(conn.execute(text("SELECT sql FROM sqlite_schema WHERE name = 'evidence_items'")).scalar_one())


def _cited_then_removed(services: PanelServices, tmp_path: Path) -> tuple[int, int]:
    """A final version cites the case's newest item; the decision is reopened, the citation taken out and the
    item removed. Returns (the removed item's id, the case id)."""
    case = build_mixed_case(services, tmp_path)
    newest = services.evidence.add_typed_item(case.case_id, _document("Custody record"), "A").value
    services.decisions.set_finding(case.allegations[0], FINDINGS[0])
    services.decisions.set_citations(case.allegations[0], [CitationInput(newest)])
    services.decisions.mark_final(case.officer_id, "Checking the versions in a test")
    services.decisions.reopen(case.officer_id, "The custody record was exhibited in error")
    services.decisions.set_citations(case.allegations[0], [])
    services.evidence.remove_item(newest)
    return newest, case.case_id


def test_a_new_store_never_gives_a_removed_items_number_to_another(empty_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        assert "AUTOINCREMENT" in _table_sql(services.store)
        case = build_mixed_case(services, tmp_path)
        newest = services.evidence.add_typed_item(case.case_id, _document("Custody record"), "A").value
        removed = services.evidence.remove_item(newest).value
        later = services.evidence.add_typed_item(case.case_id, _document("Duty roster"), "A").value
        assert later > newest
        services.evidence.restore_item(removed)  # the undo still puts it back, with its own number
        items = {i.id: i.title for s in services.evidence.tree(case.case_id).sections for i in s.items}
        assert (items[newest], items[later]) == ("Custody record", "Duty roster")
        assert services.verify().ok


def test_a_0010_store_is_rebuilt_with_every_row_and_starts_above_cited_numbers(empty_store: Path,
                                                                                tmp_path: Path) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        removed, case_id = _cited_then_removed(services, tmp_path)
    with Store.open(empty_store, PASSPHRASE) as store:
        with _migrating(store.engine, store.path) as conn:
            command.downgrade(_alembic_config(conn), "0010")
        assert "AUTOINCREMENT" not in _table_sql(store)
        with store.engine.connect() as conn:  # as 0010 numbered: the highest in use plus one
            assert conn.execute(text("SELECT max(id) FROM evidence_items")).scalar_one() < removed
        before = _rows(store)
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        assert services.store.migrated_from == "0010" and services.store.revision == head_revision() == "0012"
        assert "AUTOINCREMENT" in _table_sql(services.store)
        assert _rows(services.store) == before  # every item, and every row that refers to one, as it was
        with services.store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1  # on again after migrating
            assert conn.execute(text("PRAGMA foreign_key_check")).first() is None
        assert services.verify().ok
        later = services.evidence.add_typed_item(case_id, _document("Duty roster"), "A").value
        assert later > removed  # not the number the final version cites
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        assert services.verify().ok


def test_the_rebuild_refuses_to_run_with_foreign_keys_on(empty_store: Path, tmp_path: Path) -> None:
    """With keys on, dropping the old table would delete every key moment, citation and link of every item."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        build_mixed_case(services, tmp_path)
    with Store.open(empty_store, PASSPHRASE) as store:
        with store.engine.begin() as conn:  # 0012's downgrade drops its column in place: keys on or off
            command.downgrade(_alembic_config(conn), "0011")
        before = _rows(store)
        with store.engine.begin() as conn, pytest.raises(RuntimeError, match="must run with foreign keys off"):
            command.downgrade(_alembic_config(conn), "0010")
        assert _rows(store) == before and store.revision == "0011"


def test_evidence_numbering_put_back_below_a_cited_number_is_found(empty_store: Path, tmp_path: Path) -> None:
    """An older page of `sqlite_sequence` spliced in (or an edit from outside) would let the number a final
    version cites be given again: verify says so, without naming anyone."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        removed, _ = _cited_then_removed(services, tmp_path)
        with services.store.engine.connect() as conn:
            in_use = conn.execute(text("SELECT max(id) FROM evidence_items")).scalar_one()
        assert in_use < removed and services.verify().ok
        with services.store.engine.begin() as conn:
            conn.execute(text("UPDATE sqlite_sequence SET seq = :n WHERE name = 'evidence_items'"), {"n": in_use})
        report = services.verify()
        assert not report.ok
        assert report.problems == (f"evidence numbering: the highest number handed out is recorded as {in_use}, "
                                   f"below {removed} (in use or cited by a decision version); a removed item's "
                                   "number could be given to a new item",)
        with services.store.engine.begin() as conn:
            conn.execute(text("DELETE FROM sqlite_sequence WHERE name = 'evidence_items'"))
        assert "recorded as 0, below" in services.verify().problems[0]


@pytest.mark.parametrize(("seq", "problem"), [
    ("'50'", "the record of the highest number handed out is not a whole number"),
    ("'abc'", "the record of the highest number handed out is not a whole number"),
    ("X'00'", "the record of the highest number handed out is not a whole number"),
    ("1e30", "the record of the highest number handed out is not a whole number"),
    ("9223372036854775807", "far beyond the"),
])
def test_a_numbering_record_changed_outside_is_reported_not_a_crash(empty_store: Path, tmp_path: Path, seq: str,
                                                                    problem: str) -> None:
    """Review (this session): text in the record made `verify` stop with an internal error and no report; the
    largest number passed, and then no item could be added ("disk full")."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        _cited_then_removed(services, tmp_path)
        with services.store.engine.begin() as conn:
            conn.execute(text(f"UPDATE sqlite_sequence SET seq = {seq} WHERE name = 'evidence_items'"))
        report = services.verify()
    assert not report.ok and len(report.problems) == 1
    assert report.problems[0].startswith("evidence numbering: ") and problem in report.problems[0]


def _at_0010(store_path: Path) -> None:
    with Store.open(store_path, PASSPHRASE) as store, _migrating(store.engine, store.path) as conn:
        command.downgrade(_alembic_config(conn), "0010")


def _outside(store_path: Path, *sql: str) -> None:
    """Rows written by something other than panelapp, foreign keys not enforced (as an older tool might)."""
    with keyed_connection(store_path) as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        for statement in sql:
            conn.exec_driver_sql(statement)
        conn.commit()


def _tables(store_path: Path) -> set[str]:
    with keyed_connection(store_path) as conn:
        return set(conn.exec_driver_sql("SELECT name FROM sqlite_schema WHERE type = 'table'").scalars())


def _schema_at(store_path: Path) -> tuple[str, str]:
    with keyed_connection(store_path) as conn:
        return (conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one(),
                conn.exec_driver_sql("SELECT sql FROM sqlite_schema WHERE name = 'evidence_items'").scalar_one())


def test_a_migration_that_fails_changes_nothing_and_the_next_open_migrates(
        empty_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole migration is one transaction, its CREATE TABLE included (the driver would have committed that
    on its own): a failure at the end leaves the store at 0010 as it was, with no half-built table."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        build_mixed_case(services, tmp_path)
    _at_0010(empty_store)
    tables = _tables(empty_store)
    calls = []

    def found_late(conn: object) -> set[tuple[object, ...]]:  # the check after the work finds a new dangling row
        calls.append(conn)
        return set() if len(calls) == 1 else {("page_notes", 1, "evidence_items", 0)}

    with monkeypatch.context() as patched, pytest.raises(
            DamagedStoreError, match=r"left a row referring to one that is missing\); nothing was written"):
        patched.setattr(store_module, "_dangling", found_late)
        Store.open(empty_store, PASSPHRASE)
    assert _tables(empty_store) == tables  # no _alembic_tmp_evidence_items left behind
    revision, sql = _schema_at(empty_store)
    assert revision == "0010" and "AUTOINCREMENT" not in sql
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        assert services.store.revision == head_revision() and services.verify().ok
    backups = sorted(p.name for p in empty_store.parent.glob(f"{empty_store.stem}.before-schema-{head_revision()}-*"))
    assert len(backups) == 2  # one copy per attempt, under two names even within one second


def test_a_dangling_row_the_store_already_had_does_not_stop_the_migration(empty_store: Path,
                                                                          tmp_path: Path) -> None:
    """Only what the migration itself leaves dangling is refused; an older one is for verify to report."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        build_mixed_case(services, tmp_path)
    _at_0010(empty_store)
    _outside(empty_store, "INSERT INTO page_notes (evidence_id, page, text, created_at, updated_at) "
                          "VALUES (999999, 0, 'orphan', '2026-01-01 00:00:00', '2026-01-01 00:00:00')")
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        assert services.store.revision == head_revision()
        assert any(p.startswith("foreign key: page_notes row") for p in services.verify().problems)


@pytest.mark.parametrize("content", [
    '{"findings": ["x"]}', '{"findings": [{"citations": "abc"}]}', '{"findings": {"citations": []}}',
    '{"findings": [{"citations": ["s", 5, null, {"evidence_id": "12"}, {"evidence_id": 1e30}]}]}',
    '{"findings": [{"citations": [{"evidence_id": 9223372036854775807}, {"evidence_id": -4}]}]}',
    '[]', '"a string"', 'not json at all',
])
def test_version_content_of_any_shape_is_skipped_when_numbering_starts(empty_store: Path, tmp_path: Path,
                                                                       content: str) -> None:
    """Content panelapp did not write (an older writer, an edit from outside; even content that is not JSON)
    neither stops the migration nor starts the numbering somewhere no insert can follow; the case is left for
    verify to report, and verify still reads to the end."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
        services.decisions.mark_final(case.officer_id, "Checking the versions in a test")
    _at_0010(empty_store)
    _outside(empty_store, f"UPDATE decision_versions SET content = '{content}'")
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with services.store.engine.connect() as conn:
            seq, in_use = conn.execute(text(
                "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'evidence_items'), "
                "(SELECT max(id) FROM evidence_items)")).one()
        assert seq == in_use  # the next item is numbered on from the items, not from what the content says
        problems = services.verify().problems
        assert problems and not any("read to the end" in p or "numbering" in p for p in problems), problems


def test_an_item_already_dangling_does_not_stop_the_rebuild(empty_store: Path, tmp_path: Path) -> None:
    """The rebuilt table may list its two keys in another order (it did, by the process's hash seed): the same
    dangling item must not look like one the migration made."""
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        build_mixed_case(services, tmp_path)
    _at_0010(empty_store)
    _outside(empty_store, "INSERT INTO evidence_items (case_id, kind, title, author, exhibit_ref, section, position, "
                          "device, wearer, media_sha256, notes) VALUES (999, 'document', 'orphan', '', '', 'A', 9, "
                          "'', '', '', '')")
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        assert services.store.revision == head_revision()
        assert any(p.startswith("foreign key: evidence_items row") for p in services.verify().problems)


def test_a_store_before_0011_has_no_numbering_to_check(empty_store: Path) -> None:
    """verify on a store it cannot migrate (one found damaged is opened read-only): the numbering check finds
    no record and says nothing, rather than failing and cutting the other checks short."""
    _at_0010(empty_store)
    with keyed_connection(empty_store) as conn, Session(conn) as session:
        assert _numbering_problems(session) == []
