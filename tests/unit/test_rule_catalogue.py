"""`panelapp rules`: every enforced rule, with its source and whether it was read, for a legal adviser."""

import pytest

from panelapp.domain import legal_tables
from panelapp.domain.rule_catalogue import format_rule_table, rule_rows
from panelapp.domain.vocabulary import Regime

pytestmark = pytest.mark.unit


def test_every_row_has_a_source_and_a_flag():
    rows = rule_rows()
    assert rows and all(r.source.strip() and isinstance(r.verified, bool) for r in rows)
    tables = {r.table for r in rows}
    assert tables == {"rule sets", "outcomes", "restrictions", "panels", "chair delegation", "warnings",
                      "time limits", "deemed service", "readiness"}


def test_catalogue_covers_every_table_row():
    rows = rule_rows()
    assert sum(r.table == "restrictions" for r in rows) == len(legal_tables.RESTRICTIONS)
    assert sum(r.table == "panels" for r in rows) == len(legal_tables.PANELS)
    assert sum(r.table == "time limits" for r in rows) == len(legal_tables.DEADLINES)
    assert sum(r.table == "rule sets" for r in rows) == (len(legal_tables.RULE_SET_TRIGGERS)
                                                         + len(legal_tables.FORMER_OFFICER_DEFAULT_PROCEEDING))
    assert sum(r.table == "readiness" for r in rows) == len(legal_tables.READINESS_RULES)
    assert sum(r.table == "chair delegation" for r in rows) == len(legal_tables.CHAIR_DELEGATES) + 1


def test_outcomes_deliberately_absent_are_listed_with_their_rule():
    """The 2025 refusal of "no action" after misconduct (SI 2025/558 reg 6(2)(d)-(e)) is audited like any row."""
    text = format_rule_table(rule_rows("2025"))
    assert "NOT No action" in text and "reg 6(2)(d)-(e)" in text
    assert "NOT No action" not in format_rule_table(rule_rows("2024"))


def test_readiness_rules_show_what_was_read():
    rows = {r.rule.split("]")[0].strip("["): r for r in rule_rows() if r.table == "readiness"}
    assert rows["gm-not-dismissed"].verified and "SI 2024/521 reg 5(2)" in rows["gm-not-dismissed"].source
    assert rows["indictable-only"].verified and "reg 6(2)(c)" in rows["indictable-only"].source
    assert not rows["exceptional-circumstances"].verified


@pytest.mark.parametrize("regime", list(Regime))
def test_filter_by_rule_set_keeps_rows_for_all_and_its_own(regime):
    rows = rule_rows(regime)
    assert all(not r.regimes or regime in r.regimes for r in rows)
    assert len(rows) < len(rule_rows())


def test_2012_rows_say_outcome_checking_is_not_available():
    text = format_rule_table(rule_rows("2012"))
    assert "Outcome checking is not available" in text
    assert "Dismissal without notice" not in text.split("== RESTRICTIONS ==")[0]


def test_format_marks_unverified_rows_and_counts_them():
    text = format_rule_table(rule_rows())
    assert "[UNVERIFIED]" in text and "[verified]" in text
    assert "SI 2025/558 reg 64(1) [verified]" in text
    assert "reg 55" in text
    last = text.strip().splitlines()[-1]
    total = len(rule_rows())
    assert last.startswith(f"{total} rules; {sum(r.verified for r in rule_rows())} verified")
