"""A decision-drafting writer for the autosave crash test: commits fields as the decision screens do (one
service call per committed field) and prints an ACK line after each returns; between commits it "types" the
next value, which is not yet in the store. The parent SIGKILLs it. Test-only: cheap KDF.

usage: python -m tests.reliability.decision_writer STORE START
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

from panelapp.domain.decision_records import OutcomeDetails
from panelapp.domain.vocabulary import Outcome
from panelapp.models import keys
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

FIELDS = ("finding-reasons", "culpability", "outcome-reasons", "why-not")


def value(field: str, step: int) -> str:
    return f"{field} as committed at step {step}"


def commit(services: PanelServices, case_id: int, field: str, text: str) -> None:
    """One committed field, exactly as the widgets' undo commands call the service."""
    d = services.decisions.decision(case_id)
    officer = d.officer_id
    assert officer is not None
    if field == "finding-reasons":
        first = d.findings[0]
        assert first.details is not None
        services.decisions.set_finding(first.allegation_id, dataclasses.replace(first.details, reasons=text))
    elif field == "culpability":
        services.decisions.set_seriousness(officer, dataclasses.replace(d.seriousness, culpability=text))
    elif field == "outcome-reasons":
        services.decisions.set_outcome(officer, OutcomeDetails(Outcome.DISMISSAL_WITHOUT_NOTICE, text))
    else:
        services.decisions.set_why_not(officer, Outcome.FINAL_WRITTEN_WARNING, text)


def main() -> None:
    keys.DEFAULT_KDF = keys.TEST_ONLY_KDF
    store, start = Path(sys.argv[1]), int(sys.argv[2])
    with PanelServices.open(store, PASSPHRASE) as services:
        case_id = services.case_id("MIX-1")
        for step in range(start, start + 100_000):
            field = FIELDS[step % len(FIELDS)]
            typing = ""
            for ch in value(field, step):  # the field being typed: only in memory until committed
                typing += ch
            time.sleep(0.002)
            commit(services, case_id, field, typing)
            sys.stdout.write(f"ACK {step}\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
