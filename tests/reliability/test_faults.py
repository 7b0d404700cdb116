"""Faults (issue #6 items 5–7): leftovers of killed writers, the passwd lock race, and the machine
refusing — a read-only file system, a full disk, a file-size limit. Each says what it is in one line,
leaves the store as it was, and the store still opens."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from panelapp.cli import main
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, *args: str) -> subprocess.Popen[bytes]:
    prelude = "from panelapp.models import keys; keys.DEFAULT_KDF = keys.TEST_ONLY_KDF\n"
    return subprocess.Popen([sys.executable, "-c", prelude + textwrap.dedent(code), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err, err
    return code, out, err


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PANELAPP_NEW_PASSPHRASE", "a new passphrase")


# --- 5. what a killed passwd or backup leaves is swept on the next open, safely -----------------------
KILL_MID_WRITE = """
    import os, signal, sys
    from pathlib import Path
    from panelapp.models.store import Store
    from panelapp.models.store_files import TempFile
    from panelapp.models import keys
    store = Store.open(sys.argv[1], sys.argv[2])
    target = Path(sys.argv[3])
    tmp = TempFile(target, sys.argv[4])   # exactly what rekey / backup create
    pragma = keys.key_pragma(os.urandom(32), os.urandom(16))
    store._write_verified_copy(tmp.path, pragma)   # a full copy written, then the power goes
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_killed_rekey_and_backup_leave_nothing_after_the_next_open(demo_store: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "backups"
    elsewhere.mkdir()
    for target, purpose in ((demo_store, "rekey"), (elsewhere / "b.panel", "partial")):
        proc = _python(KILL_MID_WRITE, str(demo_store), PASSPHRASE, str(target), purpose)
        proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
        left = [p.name for p in target.parent.iterdir() if p.name.startswith(f".{target.name}.{purpose}-")]
        assert len(left) == 1, "a full copy was left behind (was: 13 of 22 killed passwd runs, 2.1 GB in all)"
        PanelServices.open(demo_store, PASSPHRASE).close()
        assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []


def test_a_temporary_file_still_being_written_is_never_swept(demo_store: Path, tmp_path: Path) -> None:
    """Another process's backup in progress (its temporary file locked) survives our open."""
    holder = _python("""
        import sys, time
        from pathlib import Path
        from panelapp.models.store_files import TempFile
        tmp = TempFile(Path(sys.argv[1]), "partial")
        print(tmp.path, flush=True)
        time.sleep(30)
    """, str(tmp_path / "other.panel"))
    try:
        assert holder.stdout is not None
        live = Path(holder.stdout.readline().decode().strip())
        assert live.exists()
        PanelServices.open(demo_store, PASSPHRASE).close()
        assert live.exists(), "a live writer's file was removed"
    finally:
        holder.kill()
        holder.wait()
    PanelServices.open(demo_store, PASSPHRASE).close()
    assert not live.exists(), "once its writer is gone it is swept"


# --- 6. passwd holds the lock across the swap ---------------------------------------------------------
POLLER = """
    import sys, time
    from pathlib import Path
    from panelapp.domain.errors import KnownError
    from panelapp.models.store_files import FileLock
    path, end = Path(sys.argv[1]), time.monotonic() + float(sys.argv[2])
    got = 0
    while time.monotonic() < end:
        try:
            FileLock(path).release()
            got += 1
        except KnownError:
            pass
    print(got)
"""


def test_passwd_keeps_the_lock_while_another_process_polls(demo_store: Path, capsys, env) -> None:
    """passwd either changes the passphrase and records it (exit 0), or is refused "in use" at open and
    changes nothing (exit 5) — never both (was: switched, then exit 5 with no rekey entry, 5 of 6 trials)."""
    poller = _python(POLLER, str(demo_store), "8")
    current, changed, refused = PASSPHRASE, 0, 0
    try:
        time.sleep(0.5)
        for i in range(12):
            new = f"passphrase number {i}"
            os.environ["PANELAPP_PASSPHRASE"], os.environ["PANELAPP_NEW_PASSPHRASE"] = current, new
            code, _, err = _cli(capsys, "passwd", demo_store)
            assert code in (0, 5), err
            if code == 0:
                current, changed = new, changed + 1
            else:
                refused += 1
    finally:
        out, _ = poller.communicate(timeout=60)
    assert int(out) > 0, "the poller took the lock between runs"
    with PanelServices.open(demo_store, current) as services, services.store.session() as s:
        from sqlalchemy import text

        rekeys = s.scalar(text("SELECT count(*) FROM audit_log WHERE action = 'store.rekey'"))
    assert changed > 0 and rekeys == changed, (changed, refused, rekeys)


# --- 7. the machine refuses: read-only, disk full, file-size limit ------------------------------------
@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root and mount for a real read-only or full file system")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_read_only_file_system_is_named_not_a_wrong_passphrase(demo_store, tmp_path, capsys, env) -> None:
    with _tmpfs(tmp_path / "ro", "20m") as mnt:
        store = mnt / "s.panel"
        shutil.copyfile(demo_store, store)
        before = store.read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        for command in (["cases", store], ["verify", store], ["backup", store, tmp_path / "b.panel"]):
            code, _, err = _cli(capsys, *command)
            assert code == 6, err  # was 3: "wrong passphrase … restore from a backup"
            assert "read-only" in err and "passphrase" not in err and err.count("\n") == 1
        assert store.read_bytes() == before
        subprocess.run(["mount", "-o", "remount,rw", str(mnt)], check=True)
        with PanelServices.open(store, PASSPHRASE) as services:
            assert services.verify().ok


def test_a_full_disk_is_named_per_file_and_the_store_survives(demo_store, tmp_path, capsys, env) -> None:
    with _tmpfs(tmp_path / "full", "2m") as mnt:
        store = mnt / "s.panel"
        shutil.copyfile(demo_store, store)
        big = tmp_path / "big.bin"
        big.write_bytes(os.urandom(3 * 1024 * 1024))
        small = tmp_path / "small.txt"
        small.write_text("fits\n")
        code, _out, err = _cli(capsys, "import", store, "DEMO-001", big, small)
        assert code in (1, 6), err
        assert "big.bin: " in err and "disk" in err and "full" in err, err  # was: "internal error", no lines
        with PanelServices.open(store, PASSPHRASE) as services:
            assert services.verify().ok
            titles = {e.title for e in services.list_evidence(services.case_id("DEMO-001"))}
        assert "big" not in titles


def test_a_file_size_limit_is_named(demo_store, tmp_path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(2 * 1024 * 1024))
    limit = demo_store.stat().st_size + 256 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    code = ("import sys; from panelapp.models import keys; keys.DEFAULT_KDF = keys.TEST_ONLY_KDF; "
            "from panelapp.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "import", str(demo_store), "DEMO-001", str(big)],
                          cwd=ROOT, capture_output=True, timeout=120, preexec_fn=cap,
                          env={**os.environ, "PANELAPP_PASSPHRASE": PASSPHRASE})
    err = done.stderr.decode()
    assert done.returncode in (1, 6) and "Traceback" not in err, err
    assert "passphrase" not in err and ("file-size limit" in err or "disk" in err), err
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert services.verify().ok
        titles = {e.title for e in services.list_evidence(services.case_id("DEMO-001"))}
    assert "big" not in titles
