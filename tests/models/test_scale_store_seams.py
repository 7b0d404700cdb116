"""The bench's plaintext store (bench/plain_store.py) is unreachable from the app and the CLI."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import panelapp
from panelapp.domain.errors import NotAStoreError
from panelapp.models import keys
from panelapp.models.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _all_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(panelapp.__path__, "panelapp.")
            if ".migrations" not in m.name and not m.name.endswith("__main__")]


def test_every_store_the_package_makes_keys_its_connections() -> None:
    for name in _all_modules():
        importlib.import_module(name)
    assert Store.__dict__["_key_pragma"].__func__ is keys.key_pragma
    subclasses = [c for c in Store.__subclasses__() if c.__module__.startswith("panelapp")]
    assert subclasses == []


def test_no_module_of_the_package_names_the_bench() -> None:
    for path in (ROOT / "panelapp").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "plain_store" not in source and "PlainStore" not in source, path
        assert "import bench" not in source and "from bench" not in source, path


def test_a_plaintext_database_is_refused_unopened(tmp_path: Path) -> None:
    import sqlcipher3.dbapi2 as sqlcipher

    path = tmp_path / "plain.panel"
    conn = sqlcipher.connect(str(path))
    conn.execute("CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO store_meta VALUES ('app', 'panelapp')")
    conn.commit()
    conn.close()
    with pytest.raises(NotAStoreError, match="plain \\(unencrypted\\) SQLite database"):
        Store.open(path, "anything")
