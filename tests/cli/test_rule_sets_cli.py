"""`panelapp rule-sets` and `panelapp override-rules` (issue #7 item 2): which rules apply, and why."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from panelapp.cli import main
from panelapp.services.panel_services import PanelServices
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.db

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("PANELAPP_PASSPHRASE", PASSPHRASE)

    def _run(*argv: Any) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert all(line.startswith("panelapp: ") for line in err.splitlines()), err
        return code, out, err

    return _run


def test_rule_sets_prints_one_line_per_question_with_source_and_flag(run: Run, demo_store: Path) -> None:
    """SI 2025/558 reg 64(1) (outcomes by the allegation's date), reg 64(3) (schedule by the reg 30 notice)."""
    code, out, err = run("rule-sets", demo_store, "DEMO-001")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Outcomes", "Panel", "Former-officer schedule"]
    assert lines[0].startswith("Outcomes: Conduct Regs 2020 as made — Allegation 1 came to attention on 15 Sep 2024")
    assert lines[0].endswith("[SI 2025/558 reg 64(1); verified]")
    assert lines[1].startswith("Panel: Conduct Regs 2020 as amended by SI 2024/521 — The reg 30 notice was given on "
                               "10 Feb 2025")
    assert "unverified]" in lines[1], "the SI 2024/521 transitional rule is not verified, and says so"
    assert lines[2].endswith("[SI 2025/558 reg 64(3); verified]")


def test_override_rules_records_and_shows_the_reason(run: Run, demo_store: Path) -> None:
    reason = "IOPC directed a re-investigation under s.13B on 3 June 2025"
    code, out, _ = run("override-rules", demo_store, "DEMO-001", "--question", "outcomes", "--rule-set", "2025",
                       "--reason", reason)
    assert code == 0
    assert out.splitlines()[0] == ("override recorded for DEMO-001: Outcomes → Conduct Regs 2020 as amended by "
                                   "SI 2025/558")
    assert f"override: outcomes → Conduct Regs 2020 as amended by SI 2025/558; reason: {reason}" in out
    code, out, _ = run("rule-sets", demo_store, "DEMO-001")
    assert out.startswith("Outcomes: Conduct Regs 2020 as amended by SI 2025/558 — Overridden to ")
    assert "[recorded override; unverified]" in out and f"reason: {reason}" in out
    assert run("verify", demo_store)[0] == 0


@pytest.mark.parametrize(("args", "words"), [
    (("--question", "outcomes", "--rule-set", "2025", "--reason", "  "), "needs a reason"),
    (("--question", "sanctions", "--rule-set", "2025", "--reason", "x"), "invalid choice"),
    (("--question", "panel", "--rule-set", "1999", "--reason", "x"), "invalid choice"),
    (("--question", "panel", "--rule-set", "2025"), "required: --reason"),
])
def test_override_rules_refuses_bad_input_in_one_line_with_code_2(run: Run, demo_store: Path, args: tuple[str, ...],
                                                                  words: str) -> None:
    code, out, err = run("override-rules", demo_store, "DEMO-001", *args)
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and words in err
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        assert not any(v.overridden for v in services.rule_sets("DEMO-001"))


def test_a_2012_case_says_plainly_that_outcomes_are_not_checked(run: Run, demo_store: Path, tmp_path: Path) -> None:
    """A matter that came to attention before 1 Feb 2020 is under the 2012 Regulations (SI 2020/4 reg 3): the
    app never applies the 2020 tables to it."""
    with PanelServices.open(demo_store, PASSPHRASE) as services:
        doc = copy.deepcopy(services.export_case("DEMO-001"))
    doc["case"]["reference"] = "OLD-2012"
    for allegation in doc["officers"][0]["allegations"]:
        allegation["came_to_attention_on"] = "2019-08-30"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc), "utf-8")
    assert run("import-case", demo_store, path)[0] == 0
    code, out, _ = run("rule-sets", demo_store, "OLD-2012")
    assert code == 0
    assert out.startswith("Outcomes: Police (Conduct) Regulations 2012 — Allegation 1 came to attention on "
                          "30 Aug 2019")
    assert out.splitlines()[-1].startswith("outcome checking is not available: the case is under the Police "
                                           "(Conduct) Regulations 2012")


def test_rule_sets_of_an_unknown_case(run: Run, demo_store: Path) -> None:
    code, out, err = run("rule-sets", demo_store, "NOPE-1")
    assert code == 2 and out == "" and "no case" in err
