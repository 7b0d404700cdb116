"""Schema 0009 (issue #11): the text index gets a prefix index for four-letter prefixes, in blocks that fit a
page. A 0008 store migrates, finds exactly what it found (words, phrases, prefixes of every length, a case
filter) with either index, keeps the text the audit log hashed, and verifies; a new store has 0009's index;
going back to 0008 gives the index 0008 had."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from panelapp.models.store import Store, _alembic_config, _migrating, head_revision
from panelapp.services.panel_services import PanelServices
from panelapp.services.search_service import SearchService
from tests.conftest import PASSPHRASE
from tests.reading_helpers import import_multi_page_pdf

pytestmark = pytest.mark.db

SEARCHES = ("laceration", "custody Penrose", '"PC Hartley"', '"left eye"*', '"small lacer"*', "hand*", "handc*",
            "handcuff*", "lace*", "lacer*", "note*", "notebook", "Quayside OR north", "jett*")


def _index(store: Store) -> tuple[str, dict[str, object]]:
    with store.engine.connect() as conn:
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'attachment_text'")).scalar_one()
        config = dict(conn.execute(text("SELECT k, v FROM attachment_text_config")).all())
    return sql, config


def _texts(store: Store) -> dict[int, str]:
    with store.engine.connect() as conn:
        return dict(conn.execute(text("SELECT rowid, content FROM attachment_text")).all())


def _found(search: SearchService, case_id: int) -> dict[str, object]:
    return {f"{q} {c} {n}": search.search(q, n, case_id=c) for q in SEARCHES for c in (None, case_id) for n in (50, 3)}


def test_a_0008_store_finds_the_same_as_0009_migrates_and_verifies(demo_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(demo_store, PASSPHRASE) as services:  # a new store: made with 0009's index
        import_multi_page_pdf(services, tmp_path)
        case_id = services.case_id("DEMO-001")
        found = _found(services.search, case_id)
        texts = _texts(services.store)
        sql, config = _index(services.store)
    assert "prefix = '4'" in sql and config["pgsz"] == 3960
    assert all(found[f"{q} None 50"] for q in SEARCHES)  # every search finds something, so "the same" means it
    with Store.open(demo_store, PASSPHRASE) as store:
        with _migrating(store.engine, store.path) as conn:
            command.downgrade(_alembic_config(conn), "0008")
        assert store.revision == "0008"  # the index as 0008 made it, whole
        sql, config = _index(store)
        assert "prefix" not in sql and "pgsz" not in config
        with store.engine.connect() as conn:  # raises unless the index agrees with the text it was built from
            conn.execute(text("INSERT INTO attachment_text (attachment_text, rank) VALUES ('integrity-check', 1)"))
        assert _found(SearchService(store.session), case_id) == found
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert services.store.migrated_from == "0008" and services.store.revision == head_revision() == "0012"
        assert _found(services.search, case_id) == found
        assert _texts(services.store) == texts  # the text the audit log hashed is untouched
        sql, config = _index(services.store)
        assert "prefix = '4'" in sql and config["pgsz"] == 3960
        report = services.verify()
        assert report.ok, report.problems
        with services.store.session() as s:  # 0009 changed no state: no entry re-records one
            migrated = s.scalar(text("SELECT count(*) FROM audit_log WHERE action LIKE '%state-migrated'"))
        assert migrated == 0
