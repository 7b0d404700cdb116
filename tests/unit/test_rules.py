"""Permitted outcomes, regimes, panels and warnings against ../shared/DOMAIN.md §1 and §4."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain import legal_tables
from panelapp.domain.rules import (
    FindingLevel as L,
)
from panelapp.domain.rules import (
    Outcome as O,
)
from panelapp.domain.rules import (
    PanelRole as R,
)
from panelapp.domain.rules import (
    Proceeding as P,
)
from panelapp.domain.rules import (
    Regime,
    panel_problems,
    panel_roles,
    permitted_outcomes,
    regime_for,
    warning_expiry,
    warning_is_live,
)

pytestmark = pytest.mark.unit

FLAGS = ("fww_in_force", "unconnected_incidents", "former_officer", "reduced_in_rank")


def expected(regime, proceeding, level, fww_in_force, unconnected_incidents, former_officer, reduced_in_rank):
    """DOMAIN.md §4 transcribed as plainly as possible, independent of the implementation's tables."""
    if former_officer:
        return {O.WOULD_HAVE_BEEN_DISMISSED} if level == L.GROSS_MISCONDUCT else {O.NO_ACTION}
    if level in (L.NOT_PROVED, L.NO_BREACH):
        return {O.NO_ACTION}
    if level == L.PRACTICE_REQUIRING_IMPROVEMENT:
        return {O.NO_ACTION} if proceeding == P.ACCELERATED_HEARING else {O.NO_ACTION, O.REFLECTIVE_PRACTICE}
    out = set()
    if level == L.MISCONDUCT:
        if proceeding == P.ACCELERATED_HEARING:
            return {O.NO_ACTION}
        out = {O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING}
        if proceeding == P.HEARING and (fww_in_force or unconnected_incidents):
            out |= {O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE}
    if level == L.GROSS_MISCONDUCT:
        if proceeding == P.MEETING:
            return set()
        out = {O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE}
    if fww_in_force:
        out.discard(O.FINAL_WRITTEN_WARNING)
    if reduced_in_rank:
        out.discard(O.REDUCTION_IN_RANK)
    return out


ALL_COMBINATIONS = list(itertools.product(Regime, P, L, *([(False, True)] * len(FLAGS))))


def test_every_combination_matches_domain_table():
    assert len(ALL_COMBINATIONS) == 3 * 3 * 5 * 16
    for regime, proceeding, level, *flags in ALL_COMBINATIONS:
        kwargs = dict(zip(FLAGS, flags, strict=True))
        result = permitted_outcomes(regime=regime, proceeding=proceeding, level=level, **kwargs)
        assert set(result) == set(O), "every Outcome is a key"
        got = {o for o, reason in result.items() if reason is None}
        assert got == expected(regime, proceeding, level, **kwargs), (regime, proceeding, level, kwargs)
        for o, reason in result.items():
            if reason is not None:
                assert reason.endswith(".") and "reg" in reason.lower(), (o, reason)
                assert ". " not in reason, reason  # one sentence


@pytest.mark.parametrize(
    ("proceeding", "level", "flags", "allowed"),
    [
        (P.MEETING, L.MISCONDUCT, {}, {O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING}),
        (P.MEETING, L.MISCONDUCT, {"fww_in_force": True}, {O.WRITTEN_WARNING}),
        (P.MEETING, L.GROSS_MISCONDUCT, {}, set()),
        (P.HEARING, L.MISCONDUCT, {}, {O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING}),
        (P.HEARING, L.MISCONDUCT, {"unconnected_incidents": True},
         {O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE}),
        (P.HEARING, L.MISCONDUCT, {"fww_in_force": True},
         {O.WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE}),
        (P.HEARING, L.GROSS_MISCONDUCT, {"reduced_in_rank": True},
         {O.FINAL_WRITTEN_WARNING, O.DISMISSAL_WITHOUT_NOTICE}),
        (P.ACCELERATED_HEARING, L.GROSS_MISCONDUCT, {},
         {O.FINAL_WRITTEN_WARNING, O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE}),
        (P.ACCELERATED_HEARING, L.MISCONDUCT, {}, {O.NO_ACTION}),
        (P.HEARING, L.PRACTICE_REQUIRING_IMPROVEMENT, {}, {O.NO_ACTION, O.REFLECTIVE_PRACTICE}),
        (P.HEARING, L.GROSS_MISCONDUCT, {"former_officer": True}, {O.WOULD_HAVE_BEEN_DISMISSED}),
        (P.HEARING, L.MISCONDUCT, {"former_officer": True}, {O.NO_ACTION}),
    ],
)
def test_spot_rows(proceeding, level, flags, allowed):
    for regime in Regime:
        result = permitted_outcomes(regime=regime, proceeding=proceeding, level=level, **flags)
        assert {o for o, r in result.items() if r is None} == allowed


def test_string_values_are_accepted_and_reasons_cite_the_regulation():
    result = permitted_outcomes(regime="2024", proceeding="meeting", level="misconduct")
    assert result[O.DISMISSAL_WITHOUT_NOTICE] == (
        "A misconduct meeting can never dismiss an officer (Conduct Regs reg 42)."
    )
    assert "reg 62(7)" in permitted_outcomes(
        regime="2025", proceeding="hearing", level="gross_misconduct", reduced_in_rank=True
    )[O.REDUCTION_IN_RANK]


def test_there_is_no_dismissal_with_notice():
    assert not any("with_notice" in o.value and "without" not in o.value for o in O)


def test_optional_refinements_bar_written_warning_and_constable_reduction():
    r = permitted_outcomes(regime="2020", proceeding="hearing", level="misconduct", ww_in_force=True)
    assert r[O.WRITTEN_WARNING] is not None and "unverified" in r[O.WRITTEN_WARNING]
    r = permitted_outcomes(regime="2020", proceeding="hearing", level="gross_misconduct", lowest_rank=True)
    assert r[O.REDUCTION_IN_RANK] is not None


flags = st.fixed_dictionaries({f: st.booleans() for f in FLAGS})


@given(st.sampled_from(Regime), st.sampled_from(L), flags)
def test_meeting_never_reduces_or_dismisses(regime, level, f):
    r = permitted_outcomes(regime=regime, proceeding=P.MEETING, level=level, **f)
    assert r[O.REDUCTION_IN_RANK] is not None
    assert r[O.DISMISSAL_WITHOUT_NOTICE] is not None


@given(st.sampled_from(Regime), st.sampled_from(P), st.sampled_from(L), flags)
def test_former_officer_only_would_have_been_dismissed_or_no_action(regime, proceeding, level, f):
    f = {**f, "former_officer": True}
    allowed = {o for o, r in permitted_outcomes(regime=regime, proceeding=proceeding, level=level, **f).items()
               if r is None}
    assert allowed == ({O.WOULD_HAVE_BEEN_DISMISSED} if level == L.GROSS_MISCONDUCT else {O.NO_ACTION})


@given(st.sampled_from(Regime), st.sampled_from(P), st.sampled_from(L), flags)
def test_fww_never_permitted_when_one_in_force(regime, proceeding, level, f):
    f = {**f, "fww_in_force": True}
    assert permitted_outcomes(regime=regime, proceeding=proceeding, level=level, **f)[
        O.FINAL_WRITTEN_WARNING] is not None


@given(st.sampled_from(Regime), flags, st.sampled_from(["fww_in_force", "unconnected_incidents"]))
def test_misconduct_at_hearing_sets_only_grow_with_the_gate_flags(regime, f, flag):
    """Setting a gate flag opens reduction/dismissal and removes nothing else; the one exception is the
    separate rule that a final written warning is never given when one is in force."""
    before = permitted_outcomes(regime=regime, proceeding=P.HEARING, level=L.MISCONDUCT, **{**f, flag: False})
    after = permitted_outcomes(regime=regime, proceeding=P.HEARING, level=L.MISCONDUCT, **{**f, flag: True})
    lost = {o for o in O if before[o] is None and after[o] is not None}
    assert lost <= ({O.FINAL_WRITTEN_WARNING} if flag == "fww_in_force" else set())
    if flag == "unconnected_incidents":
        assert lost == set()


@pytest.mark.parametrize(
    ("issued", "regime"),
    [(date(2020, 2, 1), Regime.R2020), (date(2024, 5, 6), Regime.R2020), (date(2024, 5, 7), Regime.R2024),
     (date(2025, 5, 27), Regime.R2024), (date(2025, 5, 28), Regime.R2025), (date(2030, 1, 1), Regime.R2025)],
)
def test_regime_boundaries(issued, regime):
    assert regime_for(issued) is regime


@given(st.dates())
def test_regime_table_is_total(d):
    assert regime_for(d) in Regime


def test_panel_roles_follow_the_regime():
    assert panel_roles("2020", "hearing") == [R.LEGALLY_QUALIFIED_CHAIR, R.POLICE_MEMBER, R.INDEPENDENT_MEMBER]
    assert panel_roles("2024", "hearing").count(R.INDEPENDENT_MEMBER) == 2
    assert R.LEGALLY_QUALIFIED_PERSON in panel_roles("2025", "hearing")
    assert panel_roles("2025", "meeting") == [R.MEETING_CHAIR]
    assert panel_roles("2020", "accelerated_hearing") == [R.CHIEF_OFFICER_CHAIR]


def test_panel_problems_name_what_is_lacking():
    assert panel_problems("2024", "hearing", [R.CHIEF_OFFICER_CHAIR, R.INDEPENDENT_MEMBER,
                                              R.INDEPENDENT_MEMBER, R.LEGALLY_QUALIFIED_PERSON]) == []
    problems = panel_problems("2024", "hearing", [R.LEGALLY_QUALIFIED_CHAIR, R.INDEPENDENT_MEMBER])
    text = " ".join(problems)
    assert "chair (chief officer or delegate)" in text
    assert "independent member" in text
    assert "legally qualified person" in text
    assert "legally qualified chair has no place" in text


def test_warning_periods_and_liveness():
    assert warning_expiry("written_warning", date(2024, 1, 10)) == date(2025, 7, 10)
    assert warning_expiry("final_written_warning", date(2024, 2, 29)) == date(2026, 2, 28)
    assert warning_expiry("final_written_warning", date(2024, 1, 1), 60) == date(2029, 1, 1)
    assert warning_expiry("written_warning", date(2024, 1, 10), career_break_days=30) == date(2025, 8, 9)
    with pytest.raises(ValueError, match="24–60 months"):
        warning_expiry("final_written_warning", date(2024, 1, 1), 61)
    assert warning_is_live("written_warning", date(2024, 1, 10), date(2025, 7, 9))
    assert not warning_is_live("written_warning", date(2024, 1, 10), date(2025, 7, 10))
    assert not warning_is_live("written_warning", date(2024, 1, 10), date(2024, 1, 9))


def test_every_table_row_names_a_source():
    rows = [*legal_tables.REGIMES, *legal_tables.AVAILABILITY, *legal_tables.RESTRICTIONS,
            *legal_tables.PANELS, *legal_tables.WARNINGS.values(), *legal_tables.DEADLINES]
    for row in rows:
        assert row.__dict__.get("source", getattr(row, "regulation", "")).strip(), row
        assert isinstance(row.verified, bool)
    pairs = {(r.proceeding, r.level) for r in legal_tables.AVAILABILITY}
    assert pairs == set(itertools.product(P, L)), "availability table covers every proceeding × level once"
    assert len(legal_tables.AVAILABILITY) == len(pairs)
