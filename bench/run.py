"""make bench: the numbers quoted in the README, measured on this machine (no assertions)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from panelapp.models import keys
from panelapp.models.store import Store
from panelapp.services.evidence_import import Placement
from panelapp.services.panel_services import PanelServices


def timed(fn, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        salt = os.urandom(16)
        print(f"Argon2id key derivation (production, {keys.DEFAULT_KDF}): "
              f"{timed(lambda: keys.derive_key('bench passphrase', salt)):.3f} s")
        store = d / "bench.panel"
        with PanelServices.create(store, "pw", kdf=keys.TEST_ONLY_KDF) as s:
            print(f"build demo case: {timed(s.build_demo, 1):.3f} s")
            big = d / "video.mp4"
            big.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(200 * 1024 * 1024))
            t = time.perf_counter()
            [r] = s.import_files("DEMO-001", [big], Placement(section="C"))
            elapsed = time.perf_counter() - t
            print(f"import 200 MiB file into the store: {elapsed:.2f} s ({200 / elapsed:.0f} MiB/s) ok={r.ok}")
            print(f"verify (every page, audit chain, every attachment hash): {timed(s.verify, 1):.2f} s")
            print(f"list evidence: {timed(lambda: s.list_evidence(1), 5) * 1000:.1f} ms")
            print(f"export case JSON: {timed(lambda: s.export_case('DEMO-001'), 5) * 1000:.1f} ms")
            dest = d / "backup.panel"
            print(f"verified backup of a {store.stat().st_size / 2**20:.0f} MiB store: "
                  f"{timed(lambda: s.backup(dest) and dest.unlink(), 1):.2f} s")
        print(f"open store (cheap test KDF, so this is SQLCipher + checks): "
              f"{timed(lambda: Store.open(store, 'pw', kdf=keys.TEST_ONLY_KDF).close(), 5) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
