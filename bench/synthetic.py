"""The synthetic force-scale store: 200 cases, 20,000 evidence items, from a fixed seed (fictional data).

The mix (issue #11): 2,000 ten-page PDFs, 6,000 short PDFs, 8,000 text files, 2,000 images and 2,000
reference-only videos. Case 1 is the largest (about 10.5 % of the items, 2,100 at full scale); the rest share
the remainder. `PANELAPP_BENCH_SCALE` (e.g. 0.1) scales the item count, never the mix.

The store is built once through the app's own import (the same code a user runs) and cached under
`var/bench/`, keyed by a hash of this file and the scale: it is rebuilt when either changes. A cached store
of an older schema is migrated in place the way the app migrates one (opening it), its backup removed.
Files are generated per case into a temporary folder and removed once imported.
"""

# ruff: noqa: S311 - seeded pseudo-random data on purpose (the same store every time), never secrets

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from panelapp.domain.case_records import CaseDraft
from panelapp.domain.vocabulary import EvidenceKind, Proceeding
from panelapp.models import keys
from panelapp.services.evidence_import import Placement
from panelapp.services.panel_services import PanelServices

SEED = 20261121
PASSPHRASE = "bench passphrase"
ROOT = Path(__file__).resolve().parent.parent / "var" / "bench"
CASES = 200
ITEMS = 20_000
LARGEST_SHARE = 0.105
# kind: (share of the items, section, extension)
MIX = {
    "pdf10": (0.10, "B", ".pdf"),
    "pdf_short": (0.30, "D", ".pdf"),
    "text": (0.40, "E", ".txt"),
    "image": (0.10, "D", ".png"),
    "video": (0.10, "C", ".mp4"),
}
_SYLLABLES = ("ka", "lo", "mi", "ren", "tas", "vo", "shi", "dun", "pel", "gar", "nu", "bri", "ost", "ule", "fen",
              "hal", "quo", "zir", "mar", "tel", "son", "wyn", "ach", "ber")
_COMMON = ("the", "officer", "said", "that", "he", "she", "was", "at", "on", "and", "in", "to", "of", "a",
           "statement", "incident", "vehicle", "custody", "camera", "time", "street", "report", "witness",
           "complainant", "arrest", "force", "sergeant", "constable", "notebook", "radio")


def scale() -> float:
    return float(os.environ.get("PANELAPP_BENCH_SCALE", "1"))


def cache_key() -> str:
    """Changes whenever the generator or the scale changes (so the store is rebuilt)."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(f"{scale()}|{SEED}".encode())
    return h.hexdigest()[:16]


def store_path() -> Path:
    return ROOT / f"scale-{scale():g}-{cache_key()}.panel"


@dataclass(frozen=True)
class Spec:
    """One file to generate: its kind, name and the seed its content comes from."""

    kind: str
    name: str
    seed: int


class Words:
    """A fixed vocabulary with a Zipf-like spread: a few common words, a long tail of rare ones."""

    def __init__(self, rng: random.Random, size: int = 20_000) -> None:
        rare = set()
        while len(rare) < size:
            rare.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.words = list(_COMMON) + sorted(rare)
        self.weights = [1.0 / (n + 1) ** 0.9 for n in range(len(self.words))]

    def line(self, rng: random.Random, n: int) -> str:
        return " ".join(rng.choices(self.words, self.weights, k=n))


_WORDS: Words | None = None


def words() -> Words:
    global _WORDS
    if _WORDS is None:
        _WORDS = Words(random.Random(SEED))
    return _WORDS


def plan() -> list[list[Spec]]:
    """Every case's files, deterministic from the seed: list index = case number - 1."""
    rng = random.Random(SEED + 1)
    total = max(int(ITEMS * scale()), 50)
    specs: list[Spec] = []
    for kind, (share, _, ext) in MIX.items():
        specs += [Spec(kind, f"{kind}-{n:05d}{ext}", rng.randrange(1 << 30)) for n in range(int(total * share))]
    rng.shuffle(specs)
    largest = int(len(specs) * LARGEST_SHARE)
    cases: list[list[Spec]] = [specs[:largest]] + [[] for _ in range(CASES - 1)]
    for n, spec in enumerate(specs[largest:]):
        cases[1 + n % (CASES - 1)].append(spec)
    return cases


def write_file(spec: Spec, folder: Path) -> Path:
    """Generate one file (content fixed by its seed)."""
    rng = random.Random(spec.seed)
    path = folder / spec.name
    if spec.kind in ("pdf10", "pdf_short"):
        pages = 10 if spec.kind == "pdf10" else rng.randint(1, 2)
        _pdf(path, rng, pages)
    elif spec.kind == "text":
        path.write_text("\n".join(words().line(rng, rng.randint(6, 14)) for _ in range(rng.randint(10, 60))) + "\n",
                        encoding="utf-8")
    elif spec.kind == "image":
        im = Image.frombytes("RGB", (96, 72), rng.randbytes(96 * 72 * 3))
        out = io.BytesIO()
        im.save(out, "PNG")
        path.write_bytes(out.getvalue())
    else:  # a video kept by reference: a header, then noise (never stored, only hashed)
        path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + rng.randbytes(rng.randint(32, 256) * 1024))
    return path


def _pdf(path: Path, rng: random.Random, pages: int) -> None:
    c = Canvas(str(path), invariant=1, pageCompression=1)
    w = words()
    for _ in range(pages):
        c.setFont("Helvetica", 10)
        for line in range(40):
            c.drawString(50, 790 - line * 19, w.line(rng, 11))
        c.showPage()
    c.save()


def sample(n: int, seed: int) -> list[Spec]:
    """`n` files in the store's mix that the store does not hold (for timing imports)."""
    rng = random.Random(seed)
    out: list[Spec] = []
    for kind, (share, _, ext) in MIX.items():
        out += [Spec(kind, f"sample-{seed}-{kind}-{i:04d}{ext}", rng.randrange(1 << 30) + (1 << 31))
                for i in range(max(1, round(n * share)))]
    rng.shuffle(out)
    return out


def placement(kind: str) -> Placement:
    section = MIX[kind][1]
    if kind == "video":
        return Placement(kind=EvidenceKind.BODY_WORN_VIDEO, section=section, reference_only=True)
    return Placement(section=section)


def import_specs(services: PanelServices, reference: str, specs: list[Spec], folder: Path) -> tuple[int, int]:
    """Generate and import `specs` into a case, grouped by section; returns (items, bytes read)."""
    done = size = 0
    for kind in MIX:
        paths = [write_file(s, folder) for s in specs if s.kind == kind]
        if not paths:
            continue
        size += sum(p.stat().st_size for p in paths)
        results = services.import_files(reference, paths, placement(kind))
        bad = [r.message for r in results if not r.ok]
        assert not bad, bad[:3]
        done += len(results)
        for p in paths:
            p.unlink()
    return done, size


def new_case(services: PanelServices, reference: str) -> None:
    """An empty case (fictional force) through the case service, as the New case dialog makes one."""
    services.cases.create(CaseDraft(reference=reference, force="Fictional Constabulary",
                                    proceeding=Proceeding.HEARING, issued_on=dt.date(2026, 3, 2)))


def reference(n: int) -> str:
    return f"PSD-{n:04d}"


def build(path: Path, log: io.TextIOBase | None = None) -> dict[str, float]:
    """Build the store at `path` (under a temporary name first). Returns what the build measured."""
    out = log or sys.stderr
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    cases = plan()
    items = imported_bytes = 0
    t0 = time.perf_counter()
    import_seconds = 0.0
    with PanelServices.create(tmp, PASSPHRASE, kdf=keys.DEFAULT_KDF) as s, \
            tempfile.TemporaryDirectory(dir=ROOT) as folder:
        s.build_demo()
        for n, specs in enumerate(cases, start=1):
            new_case(s, reference(n))
            t = time.perf_counter()
            done, size = import_specs(s, reference(n), specs, Path(folder))
            import_seconds += time.perf_counter() - t  # includes generating the files (small)
            items += done
            imported_bytes += size
            if n % 20 == 0 or n == 1:
                print(f"  built case {n}/{len(cases)}: {items} items, {time.perf_counter() - t0:.0f} s",
                      file=out, flush=True)
    tmp.rename(path)
    stats = {"items": items, "bytes": imported_bytes, "seconds": time.perf_counter() - t0,
             "import_seconds": import_seconds}
    path.with_suffix(".json").write_text(json.dumps(stats))
    return stats


def ensure_store() -> tuple[Path, dict[str, float]]:
    """The cached store for this generator and scale, built if missing (older ones removed)."""
    ROOT.mkdir(parents=True, exist_ok=True)
    path = Path(os.environ.get("PANELAPP_BENCH_STORE") or store_path())  # another cached store (the baseline's)
    if not path.exists():
        for old in ROOT.glob(f"scale-{scale():g}-*"):  # this scale's older stores (never a build under way)
            if old.suffix in (".panel", ".json"):
                old.unlink()
        print(f"building the synthetic store {path.name} (scale {scale():g}) ...", file=sys.stderr, flush=True)
        build(path)
    with PanelServices.open(path, PASSPHRASE, kdf=keys.DEFAULT_KDF) as s:  # migrates an older schema
        backup = s.store.migration_backup
        if s.store.migrated_from is not None:
            print(f"migrated the cached store from schema {s.store.migrated_from}", file=sys.stderr, flush=True)
    if backup is not None:
        backup.unlink()
    return path, json.loads(path.with_suffix(".json").read_text())


def iter_sample_files(specs: list[Spec], folder: Path) -> Iterator[tuple[Spec, Path]]:
    for spec in specs:
        yield spec, write_file(spec, folder)
