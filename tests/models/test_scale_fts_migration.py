"""Schema 0007: a store whose text index kept its own copy of the text (0006) migrates to one copy, compressed,
and still finds what it found; verify stays clean; the text the audit log hashed is unchanged."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from panelapp.models.schema import unpack_text
from panelapp.models.store import Store, _alembic_config, _migrating
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

SEARCHES = ("Anchor", "custody Penrose", '"PC Hartley"', "handcuff*", "Quayside OR north")


def _tables(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def _texts(store: Store) -> dict[int, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(text("SELECT rowid, content FROM attachment_text")).all())


def test_a_0006_store_with_indexed_text_migrates_and_search_still_finds_it(demo_store: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        found = {q: services.search.search(q) for q in SEARCHES}
        texts = _texts(services.store)
        assert all(found.values()) and len(texts) == 7
    with Store.open(demo_store, PASSPHRASE) as store:
        with _migrating(store.engine, store.path) as conn:
            command.downgrade(_alembic_config(conn), "0006")
        assert store.revision == "0006"  # as 0006 kept it: the index with its own copy of the text
        assert "attachment_text_content" in _tables(store) and "attachment_texts" not in _tables(store)
        assert _texts(store) == texts
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert services.store.migrated_from == "0006"
        backup = services.store.migration_backup
        assert {q: services.search.search(q) for q in SEARCHES} == found
        assert _texts(services.store) == texts
        tables = _tables(services.store)
        assert {"attachment_texts", "attachment_text_source", "attachment_text"} <= tables
        assert "attachment_text_content" not in tables  # the index keeps no copy of the text
        with services.store.engine.connect() as conn:
            packed = dict(conn.exec_driver_sql("SELECT id, packed FROM attachment_texts").all())
        assert {k: unpack_text(v) for k, v in packed.items()} == texts
        assert sum(map(len, packed.values())) < sum(len(t.encode()) for t in texts.values())  # compressed
        report = services.verify()
        assert report.ok, report.problems
    assert backup is not None and backup.exists()
