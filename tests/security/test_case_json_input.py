"""Case JSON from a file (issue #6 items 8 and 9): no hang, no crash, no duplicate keys, no value echoed.

Each refusal is one line naming the file and the reason; what read_case_file returns is validated.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from panelapp.domain.errors import RefusedError
from panelapp.services import case_exchange
from panelapp.services.case_exchange import MAX_CASE_FILE_BYTES, read_case_file
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

CANARY = "CANARY-7f3a9c"


@pytest.fixture(scope="module")
def demo_document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("doc") / "demo.panel"
    with PanelServices.create(path, PASSPHRASE) as services:
        services.build_demo()
        return services.export_case("DEMO-001")


def _refusal(path: Path) -> str:
    """The one-line message read_case_file gives, within 5 seconds (a hang fails the test, not the suite)."""
    outcome: dict[str, BaseException | object] = {}

    def run() -> None:
        try:
            outcome["value"] = read_case_file(path)
        except BaseException as exc:  # reported below
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), f"read_case_file({path.name}) hung"
    error = outcome.get("error")
    assert isinstance(error, RefusedError), f"expected a refusal, got {error!r} / {outcome.get('value')!r}"
    message = str(error)
    assert "\n" not in message and message.startswith(f"{path.name}: ") and len(message) < 300, message
    return message


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_a_good_file_reads_back_to_the_document(demo_document: dict[str, Any], tmp_path: Path) -> None:
    path = _write(tmp_path, "case.json", case_exchange.dumps(demo_document))
    assert read_case_file(path) == demo_document
    link = tmp_path / "link.json"
    link.symlink_to(path)
    assert read_case_file(link) == demo_document


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    assert "not a regular file" in _refusal(fifo)
    link = tmp_path / "link-to-fifo.json"
    link.symlink_to(fifo)
    assert "not a regular file" in _refusal(link)


def test_devices_directories_and_missing_files_are_refused(tmp_path: Path) -> None:
    device = tmp_path / "null.json"
    device.symlink_to("/dev/zero")  # would never end if read
    assert "not a regular file" in _refusal(device)
    (tmp_path / "folder.json").mkdir()
    assert "a directory" in _refusal(tmp_path / "folder.json")
    assert "no such file" in _refusal(tmp_path / "missing.json")


def test_an_oversize_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(MAX_CASE_FILE_BYTES + 1)  # sparse: no 64 MiB written
    assert "over the 64 MiB limit" in _refusal(path)


@pytest.mark.parametrize(("content", "words"), [
    (b"\xff\xfe{\x00}\x00", "not UTF-8 text"),
    ('{"format": "panelapp-case", "version": 1,', "not valid JSON"),
    ("[" * 200_000, "nested too deeply"),
    ("{\"a\":" * 150_000 + "1" + "}" * 150_000, "nested too deeply"),
    ('{"format": "panelapp-case", "format": "panelapp-case"}', "the key format twice"),
    ('{"version": NaN}', "not valid JSON"),
    ('{"version": ' + "9" * 5000 + "}", "not valid JSON"),
    ("[]", "not a panelapp case file"),
    ('"just text"', "not a panelapp case file"),
])
def test_bad_json_is_refused_in_one_line(tmp_path: Path, content: str | bytes, words: str) -> None:
    assert words in _refusal(_write(tmp_path, "bad.json", content))


def _deep(doc: dict[str, Any], levels: int) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    inner: Any = "x"
    for _ in range(levels):
        inner = [inner]
    doc["officers"][0]["outcome"]["why_not"] = {"no_action": inner}
    return doc


def test_nesting_under_the_recursion_limit_is_still_bounded(demo_document: dict[str, Any], tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.json", json.dumps(_deep(demo_document, 500)))
    assert "nested too deeply (over 64 levels)" in _refusal(path)


def _duplicate(doc: dict[str, Any], how: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    if how == "evidence":
        doc["evidence"][2]["key"] = doc["evidence"][1]["key"]
    elif how == "officer":
        doc["officers"].append(copy.deepcopy(doc["officers"][0]))
        for a in doc["officers"][1]["allegations"]:
            a["key"] = a["key"].replace("O1", "O2")
    elif how == "panel":
        doc["panel"][1]["key"] = doc["panel"][0]["key"]
    elif how == "allegation":
        doc["officers"][0]["allegations"][1]["key"] = doc["officers"][0]["allegations"][0]["key"]
    elif how == "allegation_number":
        doc["officers"][0]["allegations"][1]["number"] = doc["officers"][0]["allegations"][0]["number"]
    elif how == "evidence_link":
        doc["evidence"][2]["allegations"] = ["O1-A1", "O1-A1"]
    return doc


@pytest.mark.parametrize(("how", "words"), [
    ("evidence", "at evidence/2/key: the evidence key E2 is used twice"),
    ("officer", "at officers/1/key: the officer key O1 is used twice"),
    ("panel", "at panel/1/key: the panel key P1 is used twice"),
    ("allegation", "at officers/0/allegations/1/key: the allegation key O1-A1 is used twice"),
    ("allegation_number", "two allegations of one officer have the same number"),
    ("evidence_link", "at evidence/2/allegations: must not list the same item twice"),
])
def test_duplicate_document_keys_are_refused(demo_document: dict[str, Any], tmp_path: Path, empty_store: Path,
                                             how: str, words: str) -> None:
    doc = _duplicate(demo_document, how)
    assert words in _refusal(_write(tmp_path, "dup.json", json.dumps(doc)))
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError, match=words):
            services.import_case(doc)
        assert services.list_cases() == []


def _canary(doc: dict[str, Any], where: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    if where == "enum":
        doc["panel"][0]["role"] = f"{CANARY}-role"
    elif where == "type":
        doc["case"]["reference"] = 987654321
    elif where == "length":
        doc["case"]["reference"] = CANARY * 10
    elif where == "pattern":
        doc["evidence"][0]["key"] = f"E-{CANARY}"
    elif where == "format":
        doc["case"]["hearing_start"] = f"{CANARY} 2025"
    elif where == "extra_field":
        doc["case"][f"{CANARY} secret field"] = "x"
    elif where == "why_not":
        doc["officers"][0]["outcome"]["why_not"] = {CANARY: "x"}
    elif where == "maximum":
        doc["evidence"][0]["position"] = 987654321987654321987
    elif where == "datetime":
        doc["evidence"][5]["started_at"] = "2024-99-99T99:99"
    elif where == "surrogate":
        doc["officers"][0]["name"] = f"{CANARY}\ud800"
    return doc


@pytest.mark.parametrize(("where", "place_and_rule"), [
    ("enum", "at panel/0/role: must be one of the allowed values"),
    ("type", "at case/reference: must be text"),
    ("length", "at case/reference: must be at most 64 characters long"),
    ("pattern", "at evidence/0/key: must match the pattern ^E[0-9]+$"),
    ("format", "at case/hearing_start: must be a date written YYYY-MM-DD"),
    ("extra_field", "at case: has a field this format does not define"),
    ("why_not", "at officers/0/outcome/why_not: has a field name that is not allowed here"),
    ("maximum", "at evidence/0/position: must be at most 9007199254740991"),
    ("datetime", "at evidence/5/started_at: must be a real date and time"),
    ("surrogate", "some text is not valid Unicode"),
])
def test_refusals_name_the_place_and_the_rule_never_the_value(demo_document: dict[str, Any], tmp_path: Path,
                                                              empty_store: Path, where: str,
                                                              place_and_rule: str) -> None:
    doc = _canary(demo_document, where)
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError) as refused:
            services.import_case(doc)
        assert services.list_cases() == []
    message = str(refused.value)
    assert place_and_rule in message, message
    for secret in (CANARY, "987654321", "99:99"):
        assert secret not in message, message
    text = json.dumps(doc, ensure_ascii=where != "surrogate")
    if where != "surrogate":
        assert place_and_rule in _refusal(_write(tmp_path, "canary.json", text))


def test_duplicate_json_keys_never_echo_free_text(tmp_path: Path) -> None:
    message = _refusal(_write(tmp_path, "dup.json", f'{{"{CANARY} x": 1, "{CANARY} x": 2}}'))
    assert "an object has the same key twice" in message and CANARY not in message


@pytest.mark.parametrize(("text", "words"), [
    ("Ann\u202ee", "some text contains a text-direction override"),
    ("Ann\x07e", "some text contains control characters"),
])
def test_a_case_file_follows_the_text_rule_every_form_applies(demo_store, empty_store, text, words) -> None:
    """The JSON import refuses what the forms refuse (domain/text_rules), naming no value."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        doc = services.export_case("DEMO-001")
    doc["officers"][0]["name"] = text
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError, match=words) as caught:
            services.import_case(doc)
        assert text not in str(caught.value)
        assert services.list_cases() == []


@pytest.mark.parametrize(("place", "value"), [
    (("officers", 0, "name"), "Owen\nHartley"),
    (("case", "reference"), "DEMO-9\tX"),
    (("evidence", 0, "title"), "Line1\rLine2"),
])
def test_one_line_fields_of_a_case_file_hold_one_line(demo_store, empty_store, place, value) -> None:
    """Hostile review F4: the forms refuse a line break in a name; so does the JSON import, naming the place."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        doc = services.export_case("DEMO-001")
    target = doc
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    where = "/".join(str(p) for p in place)
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        with pytest.raises(RefusedError, match=f"at {where}: must be one line"):
            services.import_case(doc)
        assert services.list_cases() == []
