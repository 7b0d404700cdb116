"""Shared fixtures: real encrypted stores in tmp_path.

Stores made by tests use the cheap TEST_ONLY_KDF (patched in as the default) so the suite stays fast;
tests marked `real_kdf` keep the production Argon2id parameters.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Connection

from panelapp.models import keys
from panelapp.models.store import _make_engine
from panelapp.services.panel_services import PanelServices

PASSPHRASE = "correct horse battery staple"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# No per-example deadline: timing belongs in `make bench`, and a loaded 2-core CI must not flake.
settings.register_profile("panelapp", deadline=None, print_blob=True)
settings.load_profile("panelapp")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_kdf: keep the production Argon2id parameters")


@pytest.fixture(autouse=True)
def fast_kdf(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("real_kdf") is None:
        monkeypatch.setattr(keys, "DEFAULT_KDF", keys.TEST_ONLY_KDF)


@pytest.fixture(autouse=True)
def _no_stray_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PANELAPP_PASSPHRASE", raising=False)
    monkeypatch.delenv("PANELAPP_NEW_PASSPHRASE", raising=False)
    monkeypatch.setenv("PANELAPP_ACTOR", "mallory")  # must be ignored: the actor comes from the OS account


@pytest.fixture(autouse=True)
def _private_state_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Anchors and the temporary-file registry go to a folder of this test's own, never ~/.local/state."""
    path = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(path))
    return path


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.panel"
    # session-scoped, so `_private_state_dir` does not cover it: its anchor goes to a folder of its own
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("template-state")))
        with PanelServices.create(path, PASSPHRASE, kdf=keys.TEST_ONLY_KDF) as services:
            services.build_demo()
    return path


@pytest.fixture
def demo_store(tmp_path: Path, _demo_template: Path) -> Path:
    """A closed store holding DEMO-001 (a private copy for this test)."""
    path = tmp_path / "demo.panel"
    shutil.copyfile(_demo_template, path)
    os.chmod(path, 0o600)
    return path


@pytest.fixture
def empty_store(tmp_path: Path) -> Path:
    path = tmp_path / "empty.panel"
    PanelServices.create(path, PASSPHRASE).close()
    return path


def file_state(path: Path) -> tuple[bytes, list[str]]:
    """The bytes of a file and the names beside it: what "byte-identical, nothing written" compares."""
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


@contextlib.contextmanager
def keyed_connection(path: Path) -> Iterator[Connection]:
    """A keyed connection to a store as it is on disk: not migrated (an older schema stays older), no service."""
    engine = _make_engine(path, keys.key_pragma(keys.derive_key(PASSPHRASE, path.read_bytes()[:keys.SALT_BYTES])))
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def change_outside(path: Path, *sql: str) -> None:
    """Change the store outside panelapp: a keyed connection, no service, no audit entry."""
    with PanelServices.open(path, PASSPHRASE) as services, services.store.engine.begin() as conn:
        for statement in sql:
            conn.exec_driver_sql(statement)
