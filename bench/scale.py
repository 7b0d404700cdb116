"""The force-scale figures (issue #11), measured on a copy of the cached synthetic store.

Every figure is the median of several runs; every ratio pairs its two sides in the same run, alternating,
so a busy machine slows both alike.
"""

# ruff: noqa: S311 - seeded pseudo-random data on purpose (the same store every time), never secrets

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import gui_bench
import pypdf
import synthetic
from plain_store import PlainStore, export_plain
from sqlalchemy import select

from panelapp.models import keys
from panelapp.models.schema import Attachment
from panelapp.models.store import Store
from panelapp.services.evidence_import import Placement
from panelapp.services.panel_services import PanelServices
from panelapp.services.stored_files import StoredFileReader

MiB = 1 << 20


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _evict(path: Path) -> None:
    """Drop the file's pages from the operating system's cache (a cold read really reads the disk)."""
    for p in (path, Path(f"{path}-wal")):
        if p.exists():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _pairs(a: Callable[[], float], b: Callable[[], float], runs: int) -> tuple[float, float, float]:
    """Run a and b alternately; medians of each and of the ratio a/b."""
    got = [(a(), b()) for _ in range(runs)]
    return (statistics.median(x for x, _ in got), statistics.median(y for _, y in got),
            statistics.median(x / y for x, y in got))


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


class ScaleBench:
    """A working copy of the cached store (encrypted) and its plaintext twin, for one bench run."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.source, self.build = synthetic.ensure_store()
        self.store = work / "work.panel"
        shutil.copyfile(self.source, self.store)
        os.chmod(self.store, 0o600)
        salt = self.store.read_bytes()[:keys.SALT_BYTES]
        self.key = keys.derive_key(synthetic.PASSPHRASE, salt, keys.DEFAULT_KDF)
        self.plain = work / "plain.panel"
        export_plain(self.store, self.key, self.plain)
        self.results: dict[str, object] = {"scale": synthetic.scale(), "items": self.build["items"]}

    def open(self) -> PanelServices:
        return PanelServices.open(self.store, synthetic.PASSPHRASE, kdf=keys.DEFAULT_KDF)

    # --- figures ------------------------------------------------------------------------------------
    def store_size(self) -> None:
        with self.open() as s, s.store.session() as session:
            stored = sum(session.scalars(select(Attachment.size).where(Attachment.bytes_present)))
            texts = _table_bytes(session)
        size = self.store.stat().st_size
        self.results.update(store_size_ratio=size / stored, store_mib=size / MiB, stored_mib=stored / MiB,
                            store_tables_mib=texts)
        log(f"store: {size / MiB:.0f} MiB for {stored / MiB:.0f} MiB stored: store_size_ratio {size / stored:.2f}")

    def unlock(self, runs: int = 3) -> None:
        salt = self.store.read_bytes()[:keys.SALT_BYTES]
        whole, kdf = [], []
        for _ in range(runs):
            kdf.append(_timed(lambda: keys.derive_key(synthetic.PASSPHRASE, salt, keys.DEFAULT_KDF)))
            whole.append(_timed(lambda: Store.open(self.store, synthetic.PASSPHRASE, kdf=keys.DEFAULT_KDF).close()))
        without = statistics.median(w - k for w, k in zip(whole, kdf, strict=True))
        self.results.update(unlock_seconds=statistics.median(whole), unlock_without_kdf_seconds=without)
        log(f"unlock {statistics.median(whole):.2f} s (without the key derivation "
            f"{self.results['unlock_without_kdf_seconds']:.2f} s)")

    def verify(self, runs: int = 3) -> None:
        with self.open() as s:
            report = s.verify()
            assert report.ok, report.problems[:5]

            def hash_file() -> float:
                def read() -> None:
                    digest = hashlib.sha256()
                    with open(self.store, "rb") as f:
                        while block := f.read(MiB):
                            digest.update(block)
                return _timed(read)

            v, h, ratio = _pairs(lambda: _timed(s.verify), hash_file, runs)
        self.results.update(verify_seconds=v, hash_file_seconds=h, verify_vs_hash_ratio=ratio)
        log(f"verify {v:.2f} s; read and hash the file {h:.2f} s: verify_vs_hash_ratio {ratio:.2f}")

    def search(self, rounds: int = 3) -> None:
        rng = random.Random(5)
        vocab = synthetic.words().words
        queries = ([rng.choice(vocab[:30]) for _ in range(10)] + [rng.choice(vocab[30:400]) for _ in range(20)]
                   + [rng.choice(vocab[400:]) for _ in range(20)]
                   + [f"{rng.choice(vocab[30:400])} {rng.choice(vocab[30:400])}" for _ in range(10)]
                   + [f'"{rng.choice(vocab[:30])} {rng.choice(vocab[:30])}"' for _ in range(5)]
                   + [rng.choice(vocab[30:400])[:4] + "*" for _ in range(5)])
        p95s, medians = [], []
        with self.open() as s:
            for _ in range(rounds):
                times = sorted(_timed(lambda q=q: s.search.search(q, 50)) * 1000 for q in queries)
                p95s.append(times[int(len(times) * 0.95) - 1])
                medians.append(statistics.median(times))
        self.results.update(search_p95_ms=statistics.median(p95s), search_median_ms=statistics.median(medians))
        log(f"search top-50 over {len(queries)} queries: p95 {statistics.median(p95s):.1f} ms, "
            f"median {statistics.median(medians):.1f} ms")

    def backup(self, runs: int = 3) -> None:
        plain = PlainStore.open_plain(self.plain)
        try:
            with self.open() as s:
                def run(store: Store, name: str) -> float:
                    dest = self.work / name
                    t = _timed(lambda: store.backup(dest))
                    dest.unlink()
                    return t

                e, p, ratio = _pairs(lambda: run(s.store, "b-enc.panel"), lambda: run(plain, "b-plain.panel"), runs)
        finally:
            plain.close()
        self.results.update(backup_seconds=e, backup_plain_seconds=p, backup_ratio=ratio)
        log(f"backup {e:.2f} s, plain {p:.2f} s: backup_ratio {ratio:.2f}")

    def cold_read(self, runs: int = 3) -> None:
        """Every stored attachment read whole through the app's reader, the OS cache emptied first."""
        def read_all(store: Store) -> float:
            store.engine.dispose()
            _evict(store.path)
            t = time.perf_counter()
            with store.session() as session:
                for attachment_id in session.scalars(select(Attachment.id).where(Attachment.bytes_present)):
                    StoredFileReader(session, attachment_id).read_all()
            return time.perf_counter() - t

        plain = PlainStore.open_plain(self.plain)
        try:
            with self.open() as s:
                e, p, ratio = _pairs(lambda: read_all(s.store), lambda: read_all(plain), runs)
        finally:
            plain.close()
        self.results.update(cold_read_seconds=e, cold_read_plain_seconds=p, cold_read_ratio=ratio)
        log(f"cold read of every blob {e:.2f} s, plain {p:.2f} s: cold_read_ratio {ratio:.2f}")

    def big_insert(self, runs: int = 5) -> None:
        big = self.work / "big-32mib.bin"
        big.write_bytes(random.Random(3).randbytes(32 * MiB))
        enc = PanelServices(Store.create(self.work / "insert-enc.panel", "pw", kdf=keys.TEST_ONLY_KDF))
        plain = PanelServices(PlainStore.create(self.work / "insert-plain.panel", "pw", kdf=keys.TEST_ONLY_KDF))
        try:
            for s in (enc, plain):
                synthetic.new_case(s, "BIG-1")

            def insert(s: PanelServices) -> float:
                t = time.perf_counter()
                [r] = s.import_files("BIG-1", [big], Placement(section="E"))
                elapsed = time.perf_counter() - t
                assert r.ok, r.message
                s.evidence.remove_item(r.evidence_id)  # the bytes stay (by hash); a new file each run:
                big.write_bytes(os.urandom(32 * MiB))
                return elapsed

            e, p, ratio = _pairs(lambda: insert(enc), lambda: insert(plain), runs)
        finally:
            enc.close()
            plain.close()
        self.results.update(big_insert_seconds=e, big_insert_plain_seconds=p, big_insert_ratio=ratio)
        log(f"insert one 32 MiB file {e:.3f} s, plain {p:.3f} s: big_insert_ratio {ratio:.2f}")

    def import_throughput(self, runs: int = 3, n: int = 200) -> None:
        """A mixed batch of new files into a new case of (a copy of) the big store, and into its largest case."""
        rates, mib_rates, largest = [], [], []
        for run in range(runs):
            with tempfile.TemporaryDirectory(dir=self.work) as folder, self.open() as s:
                specs = synthetic.sample(n, 100 + run)
                synthetic.new_case(s, f"NEW-{run}")
                files = {k: [synthetic.write_file(x, Path(folder)) for x in specs if x.kind == k]
                         for k in synthetic.MIX}
                size = sum(p.stat().st_size for paths in files.values() for p in paths)
                t = time.perf_counter()
                count = sum(len(s.import_files(f"NEW-{run}", paths, synthetic.placement(k)))
                            for k, paths in files.items())
                elapsed = time.perf_counter() - t
                rates.append(count / elapsed)
                mib_rates.append(size / MiB / elapsed)
                extra = [synthetic.write_file(x, Path(folder)) for x in synthetic.sample(40, 900 + run)
                         if x.kind in ("pdf_short", "text")]
                t = time.perf_counter()
                done = len(s.import_files(synthetic.reference(1), extra, Placement(section="E")))
                largest.append(done / (time.perf_counter() - t))
        self.results.update(import_items_per_s=statistics.median(rates), import_mib_per_s=statistics.median(mib_rates),
                            import_items_per_s_largest_case=statistics.median(largest),
                            build_items_per_s=self.build["items"] / self.build["import_seconds"])
        log(f"import {statistics.median(rates):.1f} items/s, {statistics.median(mib_rates):.2f} MiB/s "
            f"(into the largest case: {statistics.median(largest):.1f} items/s; whole build "
            f"{self.results['build_items_per_s']:.1f} items/s)")

    def largest_case(self, runs: int = 3) -> None:
        """The service side of listing the largest case: its bundle tree read from the store."""
        with self.open() as s:
            case_id = s.case_id(synthetic.reference(1))
            times = [_timed(lambda: s.evidence.tree(case_id)) * 1000 for _ in range(runs)]
            items = sum(len(sec.items) for sec in s.evidence.tree(case_id).sections)
        shown = statistics.median(gui_bench.run_case(self.store, synthetic.reference(1)) for _ in range(3))
        self.results.update(largest_case_items=items, largest_case_tree_ms=statistics.median(times),
                            largest_case_shown_ms=shown)
        log(f"largest case ({items} items): bundle tree read in {statistics.median(times):.0f} ms; read, filled "
            f"and painted in the real model and view {shown:.0f} ms")


def _table_bytes(session: object) -> dict[str, float]:
    """MiB per table (dbstat, when the SQLite build has it)."""
    try:
        rows = session.execute(  # type: ignore[attr-defined]
            __import__("sqlalchemy").text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")).all()
    except Exception:
        return {}
    return {name: round(size / MiB, 1) for name, size in sorted(rows, key=lambda r: -r[1])[:8]}


def pdf_text_engines(folder: Path, n: int = 30) -> dict[str, object]:
    """pypdf against PDFium on the same generated PDFs: time per 10-page PDF and whether the words agree."""
    specs = [synthetic.Spec("pdf10", f"cmp-{i}.pdf", 7000 + i) for i in range(n)]
    paths = [synthetic.write_file(spec, folder) for spec in specs]
    datas = [p.read_bytes() for p in paths]

    def with_pypdf(data: bytes) -> str:
        return "\n\f".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages)

    try:
        from panelapp.services.evidence_import import pdf_text  # type: ignore[attr-defined]
    except ImportError:  # the code before PDFium (the baseline run)
        return {}

    def with_pdfium(data: bytes) -> str:
        return str(pdf_text(io.BytesIO(data)))

    a_times, b_times, agree = [], [], 0
    for data in datas:
        t = time.perf_counter()
        a = with_pypdf(data)
        a_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        b = with_pdfium(data)
        b_times.append(time.perf_counter() - t)
        agree += a.split() == b.split()
    return {"pdf_text_ms_pypdf": statistics.median(a_times) * 1000,
            "pdf_text_ms_pdfium": statistics.median(b_times) * 1000,
            "pdf_text_same_words": f"{agree}/{len(datas)}"}
