"""make bench: the numbers quoted in the README, measured on this machine (no assertions)."""

from __future__ import annotations

import copy
import io
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

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


class PeakRss:
    """Samples this process's resident memory every few milliseconds while a block runs."""

    def __enter__(self) -> PeakRss:
        self.base = self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _rss() -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _sample(self) -> None:
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, self._rss())

    @property
    def grew_mib(self) -> float:
        return (self.peak - self.base) / 2**20


def _evidence_pdf(path: Path, n: int, pages: int = 20) -> None:
    styles.register_fonts()
    c = Canvas(str(path), invariant=1, initialFontName=styles.FONT)
    for p in range(1, pages + 1):
        c.setFont(styles.FONT, 11)
        for line in range(40):
            c.drawString(60, 780 - line * 18, f"Exhibit {n} page {p} line {line}: fictional bench text for the bundle.")
        c.showPage()
    c.save()


def _concat(paths: list[Path]) -> bytes:
    out = pikepdf.new()
    sources = [pikepdf.open(p) for p in paths]
    for src in sources:
        out.pages.extend(src.pages)
    buffer = io.BytesIO()
    out.save(buffer)
    for src in sources:
        src.close()
    return buffer.getvalue()


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
            with PeakRss() as bare:  # pikepdf's own need for these pages, for comparison
                _concat(files)
            sink = d / "bundle-out.pdf"  # fictional bench data: memory while streaming the bundle to a file
            with PeakRss() as mem50, sink.open("wb") as out:
                documents.write_bundle(session, "BENCH-BUNDLE", out)
            concat = timed(lambda: _concat(files), 5)
            built = timed(lambda: documents.bundle_pdf(session, "BENCH-BUNDLE"), 5)
            pages = len(pikepdf.open(io.BytesIO(documents.bundle_pdf(session, "BENCH-BUNDLE"))).pages)
        print(f"bundle of fifty 20-page PDFs ({pages} pages): {built:.3f} s; bare pikepdf concatenation "
              f"{concat:.3f} s; bundle_vs_concat_ratio = {built / concat:.2f} (target <= 3)")
        print(f"bundle memory: peak RSS grew {mem50.grew_mib:.1f} MiB streaming {sink.stat().st_size / 2**20:.1f} MiB "
              f"to a file; a bare pikepdf concatenation grew {bare.grew_mib:.1f} MiB "
              f"(inputs {sum(f.stat().st_size for f in files) / 2**20:.1f} MiB)")


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


if __name__ == "__main__":
    main()
    with tempfile.TemporaryDirectory() as tmp:
        bench_notice(Path(tmp))
        bench_bundle(Path(tmp))
