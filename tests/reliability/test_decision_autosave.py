"""Autosave of the decision (issue #9): a drafting process killed with SIGKILL mid-edit loses at most the
field being typed. Every field whose commit was acknowledged is in the reopened store, and the audit log's
record of the case still matches its rows."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from panelapp.domain.decision_records import FindingDetails
from panelapp.domain.vocabulary import FactsFinding, FindingLevel, Outcome
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE
from tests.decision_case import build_mixed_case
from tests.reliability.decision_writer import FIELDS, value

pytestmark = pytest.mark.db
ROOT = Path(__file__).resolve().parents[2]
CYCLES = 4


def _stored(services: PanelServices, case_id: int) -> dict[str, str]:
    d = services.decisions.decision(case_id)
    first = d.findings[0].details
    return {"finding-reasons": first.reasons if first else "", "culpability": d.seriousness.culpability,
            "outcome-reasons": d.outcome.reasons, "why-not": d.why_not.get(Outcome.FINAL_WRITTEN_WARNING, "")}


def test_a_kill_mid_edit_loses_at_most_the_field_being_typed(empty_store: Path, tmp_path: Path) -> None:
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        case = build_mixed_case(services, tmp_path)
        services.decisions.set_finding(case.allegations[0], FindingDetails(FactsFinding.PROVED,
                                                                           FindingLevel.GROSS_MISCONDUCT, (4,)))
    rng = random.Random(9)
    with PanelServices.open(empty_store, PASSPHRASE) as services:
        known = _stored(services, case.case_id)  # each field as the store holds it
    step = 0
    for cycle in range(CYCLES):
        proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.decision_writer", str(empty_store),
                                 str(step)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        wanted, acked = rng.randint(3, 12), []
        while len(acked) < wanted:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "the writer stopped"
            acked.append(int(line.split()[1]))
        proc.send_signal(signal.SIGKILL)  # mid-edit: typing the next field, or inside its commit
        proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        for s in acked:
            known[FIELDS[s % len(FIELDS)]] = value(FIELDS[s % len(FIELDS)], s)
        in_flight = max(acked) + 1  # being typed or committed when the kill came: may or may not be there
        with PanelServices.open(empty_store, PASSPHRASE) as services:
            assert services.verify().ok, f"cycle {cycle}"
            stored = _stored(services, case.case_id)
        for field in FIELDS:
            allowed = {known[field]}
            if FIELDS[in_flight % len(FIELDS)] == field:
                allowed.add(value(field, in_flight))
            assert stored[field] in allowed, (cycle, field, stored[field])
        known = stored
        step = in_flight + 1
