"""Every kind of bad store gets its exit code, a one-line message, and stays byte-identical."""

import os
import shutil
import sqlite3

import pytest

from panelapp.cli import main
from panelapp.models.store_files import PAGE_SIZE
from tests.conftest import PASSPHRASE, file_state

pytestmark = pytest.mark.db


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err + out
    return code, out, err


@pytest.fixture
def with_passphrase(monkeypatch):
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)


def _make(kind, path, demo_store):
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        data = demo_store.read_bytes()
        path.write_bytes(data[: len(data) // 2 + 1000])
    elif kind == "truncated_on_a_page_boundary":
        data = demo_store.read_bytes()
        path.write_bytes(data[: (len(data) // PAGE_SIZE // 2) * PAGE_SIZE])
    elif kind == "random_bytes":
        path.write_bytes(os.urandom(10_000))
    elif kind == "random_whole_pages":
        path.write_bytes(os.urandom(8 * PAGE_SIZE))
    elif kind == "plain_sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE cases (reference TEXT)")
        conn.commit()
        conn.close()
    elif kind == "text":
        path.write_text("Reference,Officer\nDEMO-001,PC Example\n" * 300)
    elif kind == "flipped_key_page":
        data = bytearray(demo_store.read_bytes())
        data[100] ^= 0x01
        path.write_bytes(bytes(data))


# random whole pages cannot be told from a store with a wrong key: SQLCipher sees only an HMAC failure.
@pytest.mark.parametrize(("kind", "code", "words"), [
    ("empty", 4, "empty"),
    ("truncated", 4, "truncated"),
    ("truncated_on_a_page_boundary", 4, "damaged"),
    ("random_bytes", 4, "not a panelapp store"),
    ("random_whole_pages", 3, "wrong passphrase, or"),
    ("plain_sqlite", 4, "plain (unencrypted) SQLite"),
    ("text", 4, "text file"),
    ("flipped_key_page", 3, "restore from a backup"),
])
@pytest.mark.parametrize("command", ["cases", "verify"])
def test_bad_store(kind, code, words, command, tmp_path, demo_store, capsys, with_passphrase):
    path = tmp_path / "bad.panel"
    _make(kind, path, demo_store)
    before = file_state(path)
    got, _out, err = _run(capsys, command, str(path))
    assert got == code, err
    assert err.count("\n") == 1 and err.startswith("panelapp: error: ") and words in err
    assert file_state(path) == before


def test_a_flipped_byte_in_any_page_is_found_and_never_written(tmp_path, demo_store, capsys, with_passphrase):
    """For every page: verify never says ok; cases refuses the damaged store (it checks every page on
    open); the file is untouched."""
    pages = demo_store.stat().st_size // PAGE_SIZE
    seen = set()
    for page in range(pages):
        path = tmp_path / f"p{page}.panel"
        shutil.copyfile(demo_store, path)
        data = bytearray(path.read_bytes())
        data[page * PAGE_SIZE + 2000] ^= 0x01
        path.write_bytes(bytes(data))
        before = file_state(path)
        verify_code, out, err = _run(capsys, "verify", str(path))
        cases_code, _, cases_err = _run(capsys, "cases", str(path))
        assert verify_code in (1, 3, 4), (page, out, err)
        assert cases_code in (3, 4), (page, cases_err)
        if verify_code == 1:
            assert "DAMAGE" in out
        assert (verify_code == 3) == (page == 0), "only the key page reads as a wrong passphrase"
        assert file_state(path) == before, page
        seen.add((verify_code, cases_code))
        path.unlink()
    assert (1, 4) in seen and (4, 4) in seen, seen


def test_directory_and_missing_file(tmp_path, capsys, with_passphrase):
    code, _, err = _run(capsys, "cases", str(tmp_path))
    assert code == 4 and "directory" in err
    code, _, err = _run(capsys, "cases", str(tmp_path / "nope.panel"))
    assert code == 4 and "no such file" in err
