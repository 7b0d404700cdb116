"""make bench: the numbers quoted in the README, measured on this machine (no assertions)."""

from __future__ import annotations

import copy
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pikepdf
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from panelapp.models import keys
from panelapp.models.schema import Allegation, Case, Citation, Finding
from panelapp.models.store import Store
from panelapp.reports import styles
from panelapp.services import documents
from panelapp.services.evidence_import import Placement
from panelapp.services.panel_services import PanelServices


def timed(fn, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def _evidence_pdf(path: Path, n: int, pages: int = 20) -> None:
    styles.register_fonts()
    c = Canvas(str(path), invariant=1, initialFontName=styles.FONT)
    for p in range(1, pages + 1):
        c.setFont(styles.FONT, 11)
        for line in range(40):
            c.drawString(60, 780 - line * 18, f"Exhibit {n} page {p} line {line}: fictional bench text for the bundle.")
        c.showPage()
    c.save()


def _concat(paths: list[Path], out: BinaryIO | None = None) -> None:
    """The baseline: a bare pikepdf concatenation of the same files, saved to `out` (or memory)."""
    merged = pikepdf.new()
    sources = [pikepdf.open(p) for p in paths]
    for src in sources:
        merged.pages.extend(src.pages)
    merged.save(out if out is not None else io.BytesIO())
    for src in sources:
        src.close()


def bench_bundle(d: Path) -> None:
    """bundle_vs_concat_ratio: fifty 20-page PDFs bundled from the store vs bare pikepdf concatenation."""
    files = []
    for n in range(50):
        files.append(d / f"exhibit-{n:02d}.pdf")
        _evidence_pdf(files[-1], n)
    store = d / "bundle.panel"
    with PanelServices.create(store, "pw", kdf=keys.TEST_ONLY_KDF) as s:
        s.build_demo()
        case = copy.deepcopy(s.export_case("DEMO-001"))
        case["case"]["reference"] = "BENCH-BUNDLE"
        case["evidence"] = []
        for officer in case["officers"]:
            for allegation in officer["allegations"]:
                if allegation.get("finding"):
                    allegation["finding"]["citations"] = []
        s.import_case(case)
        results = s.import_files("BENCH-BUNDLE", files, Placement(section="B"))
        assert all(r.ok for r in results), [r.message for r in results if not r.ok]
        with s.store.session() as session:
            pages = len(pikepdf.open(io.BytesIO(documents.bundle_pdf(session, "BENCH-BUNDLE"))).pages)
            pairs = []  # alternate the two so a busy machine slows both alike
            for _ in range(7):
                concat = timed(lambda: _concat(files), 1)
                built = timed(lambda: documents.bundle_pdf(session, "BENCH-BUNDLE"), 1)
                pairs.append((concat, built))
        concat, built = (statistics.median(p[i] for p in pairs) for i in (0, 1))
        ratio = statistics.median(b / c for c, b in pairs)
        print(f"bundle of fifty 20-page PDFs ({pages} pages): {built:.3f} s; bare pikepdf concatenation "
              f"{concat:.3f} s; bundle_vs_concat_ratio = {ratio:.2f} (median of 7 alternating runs; target <= 3)")
    # memory, each in a fresh process so neither inherits the other's heap
    bare = _child_peak("concat", d, store)
    bundle = _child_peak("bundle", d, store)
    print(f"bundle memory: peak RSS grew {bundle:.1f} MiB streaming the bundle to a file; a bare pikepdf "
          f"concatenation of the same files grew {bare:.1f} MiB (inputs "
          f"{sum(f.stat().st_size for f in files) / 2**20:.1f} MiB)")


def _child_peak(mode: str, d: Path, store: Path) -> float:
    out = subprocess.run([sys.executable, __file__, "--memory", mode, str(d), str(store)], check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip())


def _memory_child(mode: str, d: Path, store: Path) -> None:
    """Print how far this process's peak RSS rose (MiB) while concatenating or bundling."""
    files = sorted(d.glob("exhibit-*.pdf"))
    with PanelServices.open(store, "pw", kdf=keys.TEST_ONLY_KDF) as s, s.store.session() as session:
        styles.register_fonts()
        base = peak = _rss()
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.002):
                peak = max(peak, _rss())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        with (d / f"memory-{mode}.pdf").open("wb") as out:  # fictional bench data
            if mode == "concat":
                _concat(files, out)
            else:
                documents.write_bundle(session, "BENCH-BUNDLE", out)
        done.set()
        sampler.join()
        print((max(peak, _rss()) - base) / 2**20)


def _rss() -> int:
    """Resident memory now (Linux)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def bench_notice(d: Path) -> None:
    """notice_seconds: the outcome notice for an officer with ten allegations, from the store."""
    store = d / "notice.panel"
    with PanelServices.create(store, "pw", kdf=keys.TEST_ONLY_KDF) as s:
        s.build_demo()
        with s.store.session() as session:
            case = session.scalar(select(Case).where(Case.reference == "DEMO-001"))
            officer = case.officers[0]
            model = officer.allegations[0]
            for number in range(4, 11):
                copy_of = Allegation(number=number, particulars=f"{model.particulars} (bench copy {number})",
                                     standards=list(model.standards), alleged_level=model.alleged_level)
                f = model.finding
                copy_of.finding = Finding(
                    facts=f.facts, standards_breached=list(f.standards_breached), level=f.level, reasons=f.reasons,
                    citations=[Citation(evidence_id=c.evidence_id, page=c.page, at_seconds=c.at_seconds, note=c.note)
                               for c in f.citations])
                officer.allegations.append(copy_of)
        with s.store.session() as session:
            run: Callable[[], bytes] = lambda: documents.outcome_notice_pdf(session, "DEMO-001")  # noqa: E731
            pdf = run()
            seconds = timed(run, 5)
        print(f"notice_seconds (ten allegations, {len(pikepdf.open(io.BytesIO(pdf)).pages)} pages, from the store): "
              f"{seconds:.3f} s (target < 0.5)")


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


if __name__ == "__main__" and sys.argv[1:2] == ["--memory"]:
    _memory_child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
elif __name__ == "__main__":
    main()
    with tempfile.TemporaryDirectory() as tmp:
        bench_notice(Path(tmp))
        bench_bundle(Path(tmp))
