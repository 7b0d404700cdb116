"""make bench: the numbers quoted in the README and docs/PERFORMANCE.md, measured on this machine.

Prints what it measures as it goes (stderr) and, at the end, one JSON object (stdout) with every figure;
writes docs/PERFORMANCE.md from it. No assertions: benchmarks are not run in CI. The force-scale store
(bench/synthetic.py) is built once and cached under var/bench/; `PANELAPP_BENCH_SCALE=0.1` builds a tenth.
"""

from __future__ import annotations

import os as _os
import sys as _sys

if _os.environ.get("PANELAPP_BENCH_CODE"):  # measure another copy of the package (the baseline, say)
    _sys.path.insert(0, _os.environ["PANELAPP_BENCH_CODE"])
    _sys.meta_path[:] = [f for f in _sys.meta_path if "editable" not in repr(f).lower()]

import copy
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from panelapp.models import keys
from panelapp.models.schema import Allegation, Case, Citation, Finding
from panelapp.models.store import Store
from panelapp.reports import styles
from panelapp.services import documents
from panelapp.services.audit_state import record_case_state
from panelapp.services.evidence_import import Placement
from panelapp.services.panel_services import PanelServices

sys.path.insert(0, str(Path(__file__).parent))
import gui_bench
import report
import scale

RESULTS: dict[str, Any] = {}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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
            officer["decision_versions"] = []  # they cite the demo's evidence
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
        RESULTS.update(bundle_seconds=built, concat_seconds=concat, bundle_vs_concat_ratio=ratio)
        say(f"bundle of fifty 20-page PDFs ({pages} pages): {built:.3f} s; bare pikepdf concatenation "
              f"{concat:.3f} s; bundle_vs_concat_ratio = {ratio:.2f} (median of 7 alternating runs; target <= 3)")
    # memory, each in a fresh process so neither inherits the other's heap
    bare = _child_peak("concat", d, store)
    bundle = _child_peak("bundle", d, store)
    RESULTS.update(bundle_peak_rss_mib=bundle, concat_peak_rss_mib=bare)
    say(f"bundle memory: peak RSS grew {bundle:.1f} MiB streaming the bundle to a file; a bare pikepdf "
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
            record_case_state(session, case.id, "bench.allegations-copied")  # or printing refuses it as altered
        with s.store.session() as session:
            run: Callable[[], bytes] = lambda: documents.outcome_notice_pdf(session, "DEMO-001")  # noqa: E731
            pdf = run()
            seconds = timed(run, 5)
        RESULTS["notice_seconds"] = seconds
        say(f"notice_seconds (ten allegations, {len(pikepdf.open(io.BytesIO(pdf)).pages)} pages, from the store): "
              f"{seconds:.3f} s (target < 0.5)")


def bench_small(d: Path) -> None:
    """The demo store with one 200 MiB file: import, verify, list, export, backup, open."""
    salt = os.urandom(16)
    RESULTS["argon2id_seconds"] = timed(lambda: keys.derive_key("bench passphrase", salt))
    say(f"Argon2id key derivation (production, {keys.DEFAULT_KDF}): {RESULTS['argon2id_seconds']:.3f} s")
    store = d / "bench.panel"
    with PanelServices.create(store, "pw", kdf=keys.TEST_ONLY_KDF) as s:
        say(f"build demo case: {timed(s.build_demo, 1):.3f} s")
        big = d / "video.mp4"
        big.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(200 * 1024 * 1024))
        t = time.perf_counter()
        [r] = s.import_files("DEMO-001", [big], Placement(section="C"))
        elapsed = time.perf_counter() - t
        RESULTS["import_200mib_mib_per_s"] = 200 / elapsed
        say(f"import 200 MiB file into the store: {elapsed:.2f} s ({200 / elapsed:.0f} MiB/s) ok={r.ok}")
        say(f"verify (every page, audit chain, every attachment hash): {timed(s.verify, 1):.2f} s")
        say(f"list evidence: {timed(lambda: s.list_evidence(1), 5) * 1000:.1f} ms")
        say(f"export case JSON: {timed(lambda: s.export_case('DEMO-001'), 5) * 1000:.1f} ms")
        dest = d / "backup.panel"
        say(f"verified backup of a {store.stat().st_size / 2**20:.0f} MiB store: "
            f"{timed(lambda: s.backup(dest) and dest.unlink(), 1):.2f} s")
    say(f"open store (cheap test KDF, so this is SQLCipher + checks): "
        f"{timed(lambda: Store.open(store, 'pw', kdf=keys.TEST_ONLY_KDF).close(), 5) * 1000:.1f} ms")


def bench_gui() -> None:
    """Cold start against a bare PySide6 window, and the bundle tree filled and painted (fresh processes)."""
    pairs = [(gui_bench.run_startup("app"), gui_bench.run_startup("bare")) for _ in range(5)]
    RESULTS.update(startup_seconds=statistics.median(a for a, _ in pairs),
                   startup_bare_seconds=statistics.median(b for _, b in pairs),
                   startup_ratio=statistics.median(a / b for a, b in pairs))
    say(f"cold start to window shown {RESULTS['startup_seconds']:.2f} s, bare PySide6 window "
        f"{RESULTS['startup_bare_seconds']:.2f} s: startup_ratio {RESULTS['startup_ratio']:.2f}")
    paint = {n: statistics.median(gui_bench.run_paint(n) for _ in range(3)) for n in (1_000, 5_000, 20_000)}
    RESULTS.update(largest_case_paint_ms=paint[20_000], paint_ms_by_rows={str(k): v for k, v in paint.items()})
    say(f"bundle tree filled and painted: {', '.join(f'{n} rows {ms:.0f} ms' for n, ms in paint.items())}")


def bench_scale(d: Path) -> None:
    b = scale.ScaleBench(d)
    RESULTS.update(b.results)
    only = os.environ.get("PANELAPP_BENCH_STEPS", "").split()  # e.g. "verify search": just those
    for step in (b.store_size, b.unlock, b.verify, b.search, b.backup, b.cold_read, b.big_insert, b.largest_case,
                 b.import_throughput):
        if only and step.__name__ not in only:
            continue
        try:
            step()
        except Exception as exc:  # one figure failing must not lose the others
            say(f"{step.__name__}: failed: {type(exc).__name__}: {exc}")
            RESULTS.setdefault("failed", []).append(step.__name__)
    RESULTS.update(b.results)
    RESULTS.update(scale.pdf_text_engines(d))
    if "pdf_text_ms_pdfium" in RESULTS:
        say(f"PDF text, one ten-page PDF: pypdf {RESULTS['pdf_text_ms_pypdf']:.1f} ms, PDFium "
            f"{RESULTS['pdf_text_ms_pdfium']:.1f} ms; same words {RESULTS['pdf_text_same_words']}")


def main() -> None:
    only = set(sys.argv[1:])  # e.g. "scale gui": run only those parts (the JSON then holds only theirs)
    parts = {"small": bench_small, "gui": bench_gui, "scale": bench_scale, "notice": bench_notice,
             "bundle": bench_bundle}
    scale.synthetic.ROOT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as state:
        os.environ["XDG_STATE_HOME"] = state  # anchors of the bench's copies stay out of the user's state folder
        for name, part in parts.items():
            if only and name not in only:
                continue
            with tempfile.TemporaryDirectory(dir=scale.synthetic.ROOT if name == "scale" else None) as tmp:
                try:
                    part(Path(tmp)) if name != "gui" else part()  # type: ignore[operator]
                except Exception as exc:  # one part failing (another issue's work in progress) must not lose the rest
                    say(f"{name}: failed: {type(exc).__name__}: {exc}")
                    RESULTS.setdefault("failed", []).append(name)
    RESULTS.update(report.machine())
    print(json.dumps(RESULTS, indent=1, sort_keys=True))
    if not only:
        report.write(RESULTS)


if __name__ == "__main__" and sys.argv[1:2] == ["--memory"]:
    _memory_child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
elif __name__ == "__main__":
    main()
