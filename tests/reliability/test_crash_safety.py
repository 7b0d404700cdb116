"""Crash safety (issue #6): a writer SIGKILLed at random moments, again and again.

After every kill: exactly one passphrase opens the store; `verify` is clean; every acknowledged commit
is there; nothing the killed process was writing survives the next open. CI runs a short loop;
`make soak` runs PANELAPP_SOAK_CYCLES (500) and prints the counts.
"""

from __future__ import annotations

import collections
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from panelapp.domain.errors import CannotUnlockError
from panelapp.models import keys
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.reliability.writer import PASSPHRASES

pytestmark = pytest.mark.db
CYCLES = int(os.environ.get("PANELAPP_SOAK_CYCLES", "30"))
ROOT = Path(__file__).resolve().parents[2]


def _openers(store: Path) -> list[int]:
    """Which of the two passphrases open the store (indexes)."""
    ok = []
    for i, p in enumerate(PASSPHRASES):
        try:
            PanelServices.open(store, p, kdf=keys.TEST_ONLY_KDF).close()
            ok.append(i)
        except CannotUnlockError:
            pass
    return ok


def _leftovers(store: Path, work: Path) -> list[str]:
    found = [p.name for p in store.parent.iterdir() if p.name.startswith(f".{store.name}.")]
    found += [p.name for p in (work / "backups").iterdir() if p.name.startswith(".")]
    pending = Path(os.environ["XDG_STATE_HOME"]) / "panelapp" / "pending"
    found += [f"pending/{p.name}" for p in pending.iterdir()] if pending.exists() else []
    return found


def test_sigkill_at_random_moments_loses_no_acknowledged_commit(demo_store: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "backups").mkdir(parents=True)
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        template = services.export_case("DEMO-001")
        services.change_passphrase(PASSPHRASES[0], kdf=keys.TEST_ONLY_KDF)
    (work / "case-template.json").write_text(json.dumps(template))
    rng = random.Random(20261121)
    acked: dict[str, set[str]] = collections.defaultdict(set)
    passphrase = 0
    counts: collections.Counter[str] = collections.Counter()
    for cycle in range(CYCLES):
        proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", str(demo_store), str(work),
                                 str(cycle)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.4, 2.0))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL, err.decode()[-2000:]
        for line in out.decode().splitlines():
            _, kind, what = line.split(" ", 2)
            counts[kind] += 1
            if kind == "passwd":
                passphrase = int(what)
            else:
                acked[kind].add(what)
        if _leftovers(demo_store, work):
            counts["cycles that left temporary files"] += 1
        openers = _openers(demo_store)
        assert len(openers) == 1, f"cycle {cycle}: passphrases that open it: {openers}"
        if openers[0] != passphrase:  # killed after the swap, before its ACK: the new one is in force
            counts["passwd unacknowledged but done"] += 1
            passphrase = openers[0]
        with PanelServices.open(demo_store, PASSPHRASES[passphrase], kdf=keys.TEST_ONLY_KDF) as services:
            report = services.verify()
            assert report.ok, (cycle, report.problems)
            refs = {c.reference for c in services.list_cases()}
            titles = {e.title for e in services.list_evidence(services.case_id("DEMO-001"))}
        assert acked["case"] <= refs, f"cycle {cycle}: acknowledged cases lost"
        assert {Path(n).stem for n in acked["import"]} <= titles, f"cycle {cycle}: acknowledged imports lost"
        assert all((work / "backups" / b).exists() for b in acked["backup"])
        assert _leftovers(demo_store, work) == [], f"cycle {cycle}"
        counts["cycles"] += 1
    print(f"\ncrash soak: {dict(counts)}")
    assert counts["cycles"] == CYCLES and counts["import"] > 0
