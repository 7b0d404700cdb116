"""Fuzzing the two doors into a store (issue #6): case JSON, and evidence files.

Mutated inputs are either taken whole or refused with one line; never another exception, never a hang
past a limit, never a partial row. Bounded example counts keep this file well under 20 seconds.
"""

from __future__ import annotations

import contextlib
import copy
import io
import itertools
import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image
from sqlalchemy import text

from panelapp.domain.errors import RefusedError
from panelapp.reports.text_document import TextDocument, render
from panelapp.services.case_exchange import read_case_file
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db

TABLES = ("cases", "officers", "allegations", "findings", "citations", "outcomes", "seriousness", "panel_members",
          "evidence_items", "key_moments", "vetting_entries", "evidence_allegations", "lqp_advice", "attachments",
          "attachment_chunks", "attachment_text", "audit_log")
SECONDS_PER_INPUT = 10
FUZZ = settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _counts(services: PanelServices) -> dict[str, int]:
    with services.store.session() as s:
        return {t: s.scalar(text(f"SELECT count(*) FROM {t}")) for t in TABLES}


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Fail (rather than hang the suite) if one input takes longer than `seconds`."""
    def expired(*_: object) -> None:
        raise TimeoutError(f"one input took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- case JSON ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("doc") / "demo.panel"
    with PanelServices.create(path, PASSPHRASE) as services:
        services.build_demo()
        return services.export_case("DEMO-001")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


REPLACEMENTS = st.sampled_from([None, 0, -1, 1, 2**63, 1.5, "", "x", "E1", "O1-A1", "2025-02-30", "\u0000",
                                "9" * 80, [], {}, True, [None], {"key": "E1"}])


@st.composite
def mutated_documents(draw: st.DrawFn, base: dict[str, Any]) -> str:
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(doc, path), path[-1]
        how = draw(st.sampled_from(["delete", "replace", "duplicate", "swap_keys"]))
        if how == "delete":
            del parent[last]
        elif how == "replace":
            parent[last] = draw(REPLACEMENTS)
        elif how == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif how == "swap_keys" and isinstance(parent, dict):
            other = draw(st.sampled_from(sorted(parent, key=str)))
            parent[last], parent[other] = parent[other], parent[last]
    rendered = json.dumps(doc)
    if draw(st.booleans()) and '"key": ' in rendered:  # a key written twice in one object
        rendered = rendered.replace('"key": ', '"key": "E2", "key": ', 1)
    return rendered


def test_mutated_case_files_are_imported_whole_or_refused_cleanly(demo_document: dict[str, Any],
                                                                  empty_store: Path, tmp_path: Path) -> None:
    references = (f"FUZZ-{n}" for n in itertools.count())
    outcomes = {"imported": 0, "refused": 0}
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        base = copy.deepcopy(demo_document)

        @FUZZ
        @given(data=st.data())
        def run(data: st.DataObject) -> None:
            base["case"]["reference"] = next(references)
            document = data.draw(mutated_documents(base))
            path = tmp_path / "case.json"
            path.write_text(document, "utf-8")
            before = _counts(services)
            try:
                with _time_limit(SECONDS_PER_INPUT):
                    services.import_case(read_case_file(path))
            except RefusedError as exc:
                assert "\n" not in str(exc) and len(str(exc)) < 300, str(exc)
                assert _counts(services) == before, "a refused case left rows behind"
                outcomes["refused"] += 1
                return
            after = _counts(services)
            assert after["cases"] == before["cases"] + 1
            assert after["audit_log"] > before["audit_log"]
            outcomes["imported"] += 1

        run()
        report = services.verify()
    assert report.ok, report.problems
    assert outcomes["refused"] and outcomes["imported"], outcomes


def test_mutated_documents_handed_over_directly_are_refused_cleanly(demo_document: dict[str, Any],
                                                                    empty_store: Path) -> None:
    """The same, without the file: `import_case(document)` must also hold for callers that parsed it."""
    references = (f"DIRECT-{n}" for n in itertools.count())
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        base = copy.deepcopy(demo_document)

        @settings(FUZZ, max_examples=60)
        @given(data=st.data())
        def run(data: st.DataObject) -> None:
            base["case"]["reference"] = next(references)
            document = json.loads(data.draw(mutated_documents(base)))
            before = _counts(services)
            try:
                services.import_case(document)
            except RefusedError:
                assert _counts(services) == before
            else:
                assert _counts(services)["cases"] == before["cases"] + 1

        run()
        assert services.verify().ok


# --- evidence files -----------------------------------------------------------------------------------
def _image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 30, 30)).save(out, kind)
    return out.getvalue()


SEEDS = {
    "statement.pdf": render(TextDocument(title="Statement", paragraphs=("The van was parked at 21:10.",))),
    "photo.png": _image("PNG"),
    "photo.jpg": _image("JPEG"),
}


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "truncate", "insert", "overwrite"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "truncate":
            del data[at:]
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif how == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at:at + len(chunk)] = chunk
    return name, bytes(data)


def test_mutated_pdfs_and_images_are_imported_whole_or_refused_cleanly(demo_store: Path, tmp_path: Path) -> None:
    outcomes = {"imported": 0, "refused": 0}
    folder = tmp_path / "in"
    folder.mkdir()
    with PanelServices.open(demo_store, PASSPHRASE) as services:

        @FUZZ
        @given(file=mutated_files())
        @example(file=("statement.pdf", SEEDS["statement.pdf"].replace(b"/ASCII85Decode", b"/@SCII85Decode")))
        def run(file: tuple[str, bytes]) -> None:
            name, data = file
            path = folder / name
            path.write_bytes(data)
            before = _counts(services)
            started = time.monotonic()
            with _time_limit(SECONDS_PER_INPUT):
                [result] = services.import_files("DEMO-001", [path])
            assert time.monotonic() - started < SECONDS_PER_INPUT
            assert "\n" not in result.message and result.message.startswith(f"{name}: ")
            after = _counts(services)
            if result.ok:
                assert after["evidence_items"] == before["evidence_items"] + 1
                assert after["attachments"] - before["attachments"] in (0, 1)
                outcomes["imported"] += 1
            else:
                assert result.message.startswith(f"{name}: refused: "), result.message
                assert after == before, "a refused file left rows behind"
                outcomes["refused"] += 1

        run()
        report = services.verify()
    assert report.ok, report.problems
    assert outcomes["refused"] and outcomes["imported"], outcomes
