"""Permitted outcomes, panels and provenance, against the text of the Conduct Regs (SI 2020/4).

Each expectation cites the paragraph it was written from; ../shared/DOMAIN.md §4 gives the table.
"""

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
    OfficerCategory,
    OutcomeCheckingUnavailableError,
    chair_delegate_problems,
    panel_problems,
    panel_roles,
    permitted_outcomes,
    regime_for,
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
    Regime as G,
)

pytestmark = pytest.mark.unit

FLAGS = ("fww_in_force", "unconnected_incidents", "former_officer", "reduced_in_rank")
CHECKED = (G.R2020, G.R2024, G.R2025)
GATE = (O.REDUCTION_IN_RANK, O.DISMISSAL_WITHOUT_NOTICE)


def expected(regime, proceeding, level, fww_in_force, unconnected_incidents, former_officer, reduced_in_rank):
    """The Regulations transcribed as plainly as possible, independent of the implementation's tables."""
    below_gm = level is not L.GROSS_MISCONDUCT
    if former_officer:  # Sch 1 para 1 (no meetings, no RPRP), para 39 (reg 62), reg 42(5)/(6)
        if proceeding is P.MEETING:
            return set()
        if proceeding is P.ACCELERATED_HEARING:
            return {O.WOULD_HAVE_BEEN_DISMISSED, O.NO_ACTION} if not below_gm else {
                O.NO_ACTION, O.CASE_DISMISSED, O.CASE_RETURNED}
        if level is L.GROSS_MISCONDUCT or (level is L.MISCONDUCT and (fww_in_force or unconnected_incidents)):
            return {O.WOULD_HAVE_BEEN_DISMISSED, O.NO_ACTION}
        return {O.NO_ACTION}
    if proceeding is P.ACCELERATED_HEARING and below_gm:  # reg 62(8)
        return {O.CASE_DISMISSED, O.CASE_RETURNED}
    if level is L.NOT_PROVED:
        return {O.NO_ACTION}
    if level in (L.NO_BREACH, L.PRACTICE_REQUIRING_IMPROVEMENT):  # reg 42(1)(b)
        return {O.NO_ACTION, O.REFLECTIVE_PRACTICE}
    out = set()
    if level is L.MISCONDUCT:
        out = {O.WRITTEN_WARNING, O.FINAL_WRITTEN_WARNING}  # reg 42(2), (3)(a)(i)-(ii)
        if regime is not G.R2025:  # reg 42(1) "may"; from 2025 the proceedings decide "what" action (SI 2025/558 reg 6)
            out.add(O.NO_ACTION)
        if proceeding is P.HEARING and (fww_in_force or unconnected_incidents):  # reg 42(3)(a), (5), (6)
            out |= set(GATE)
    if level is L.GROSS_MISCONDUCT:
        if proceeding is P.MEETING:
            return set()
        out = {O.FINAL_WRITTEN_WARNING, *GATE}  # reg 42(3)(b), 62(1)
    if fww_in_force:
        out.discard(O.FINAL_WRITTEN_WARNING)
    if reduced_in_rank:
        out.discard(O.REDUCTION_IN_RANK)
    return out


ALL_COMBINATIONS = list(itertools.product(CHECKED, P, L, *([(False, True)] * len(FLAGS))))


def allowed_set(result):
    return {o for o, v in result.items() if v.permitted}


def test_every_combination_matches_the_regulations():
    for regime, proceeding, level, *flags in ALL_COMBINATIONS:
        kwargs = dict(zip(FLAGS, flags, strict=True))
        result = permitted_outcomes(regime=regime, proceeding=proceeding, level=level, **kwargs)
        assert set(result) == set(O), "every Outcome is a key"
        assert allowed_set(result) == expected(regime, proceeding, level, **kwargs), (regime, proceeding, level,
                                                                                      kwargs)
        assert result.allowed == [o for o in result.allowed if o in allowed_set(result)]
        for o, v in result.items():
            assert v.source.strip() and isinstance(v.verified, bool), (o, v)
            if not v.permitted:
                assert v.reason.endswith(".") and "reg" in v.reason.lower(), (o, v.reason)
                assert ". " not in v.reason, v.reason  # one sentence
            else:
                assert v.reason is None


@pytest.mark.parametrize(
    ("level", "flags", "allowed"),
    [
        (L.GROSS_MISCONDUCT, {}, {O.WOULD_HAVE_BEEN_DISMISSED, O.NO_ACTION}),
        (L.MISCONDUCT, {}, {O.NO_ACTION}),
        (L.MISCONDUCT, {"fww_in_force": True}, {O.WOULD_HAVE_BEEN_DISMISSED, O.NO_ACTION}),
        (L.MISCONDUCT, {"unconnected_incidents": True}, {O.WOULD_HAVE_BEEN_DISMISSED, O.NO_ACTION}),
    ],
)
def test_former_officer_may_be_found_would_have_been_dismissed_sch1_and_reg42_5_6(level, flags, allowed):
    """Sch 1 para 39(1): the panel "may" impose disciplinary action for gross misconduct (a finding that the
    officer would have been dismissed) — it is not forced; on misconduct the finding is open only where reg
    42(5) or (6) would have opened dismissal to a serving officer."""
    for regime in CHECKED:
        result = permitted_outcomes(regime=regime, proceeding=P.HEARING, level=level, former_officer=True, **flags)
        assert allowed_set(result) == allowed


def test_former_officer_is_not_dealt_with_at_a_meeting_sch1_para1():
    """Sch 1 para 1(a)(ii): the definition of "misconduct meeting" is omitted for former officers."""
    result = permitted_outcomes(regime="2025", proceeding="meeting", level="misconduct", former_officer=True)
    assert allowed_set(result) == set()
    assert "not dealt with at a misconduct meeting" in result[O.NO_ACTION].reason


def test_former_officer_amh_misconduct_records_finding_no_further_action_sch1_para39_1_b():
    result = permitted_outcomes(regime="2020", proceeding="accelerated_hearing", level="misconduct",
                                former_officer=True)
    assert result[O.NO_ACTION].permitted and result[O.NO_ACTION].verified
    assert not result[O.WOULD_HAVE_BEEN_DISMISSED].permitted


@pytest.mark.parametrize("regime", [G.R2020, G.R2024])
@pytest.mark.parametrize("proceeding", [P.MEETING, P.HEARING])
def test_no_action_after_misconduct_reg42_1_may(regime, proceeding):
    """Reg 42(1) as made: the panel "may ... impose" disciplinary action, so no action is open and verified."""
    v = permitted_outcomes(regime=regime, proceeding=proceeding, level=L.MISCONDUCT)[O.NO_ACTION]
    assert v.permitted and v.verified and "42(1)" in v.source


@pytest.mark.parametrize("proceeding", [P.MEETING, P.HEARING])
def test_no_action_after_misconduct_is_refused_under_2025_rules_si_2025_558_reg6_2_d_e(proceeding):
    """SI 2025/558 reg 6(2)(d)-(e): in the definitions of "misconduct hearing" and "misconduct meeting", for the
    second "whether" substitute ", if it amounts to misconduct [or gross misconduct], what" — the proceedings
    decide what disciplinary action follows, no longer whether any does. Reg 15 (the amendment of reg 42(1))
    was not read, so the refusal is flagged unverified and says so."""
    v = permitted_outcomes(regime="2025", proceeding=proceeding, level="misconduct")[O.NO_ACTION]
    assert not v.permitted and not v.verified
    assert "6(2)(d)-(e)" in v.reason and "reg 15 not read" in v.reason
    assert "reg 15" in v.source and "[U" in v.source


def test_no_action_after_misconduct_stays_open_for_a_former_officer_under_2025_rules_sch1_para39_1_b():
    """Sch 1 para 39(1)(b): for a former officer the panel may "record a finding of misconduct but take no
    further action" — the 2025 definitions change does not remove that."""
    v = permitted_outcomes(regime="2025", proceeding="accelerated_hearing", level="misconduct",
                           former_officer=True)[O.NO_ACTION]
    assert v.permitted


@pytest.mark.parametrize(
    ("proceeding", "level", "outcome"),
    [(P.MEETING, L.MISCONDUCT, O.WRITTEN_WARNING), (P.HEARING, L.GROSS_MISCONDUCT, O.DISMISSAL_WITHOUT_NOTICE),
     (P.ACCELERATED_HEARING, L.GROSS_MISCONDUCT, O.FINAL_WRITTEN_WARNING),
     (P.HEARING, L.PRACTICE_REQUIRING_IMPROVEMENT, O.REFLECTIVE_PRACTICE)],
)
def test_reg42_and_reg62_rows_are_verified_as_made_but_not_as_amended_by_si_2025_558_regs15_17(
        proceeding, level, outcome):
    """Reg 42 / 62 as made were read, so the 2020 and 2024 rule sets are verified; SI 2025/558 regs 15 and 17
    ("Amendments to regulation 42", "Amendments to regulation 62") were not, so the same rows under the 2025
    rules are kept but flagged unverified."""
    for regime in (G.R2020, G.R2024):
        v = permitted_outcomes(regime=regime, proceeding=proceeding, level=level)[outcome]
        assert v.permitted and v.verified, regime
    v = permitted_outcomes(regime=G.R2025, proceeding=proceeding, level=level)[outcome]
    assert v.permitted and not v.verified and "SI 2025/558 regs 15, 17" in v.source


def test_reg62_bars_are_unverified_under_the_2025_rules_si_2025_558_reg17_unread():
    """Reg 62(3) and (7) bar a final written warning / reduction (read as made); reg 17 amended reg 62."""
    for regime, verified in ((G.R2024, True), (G.R2025, False)):
        r = permitted_outcomes(regime=regime, proceeding="accelerated_hearing", level="gross_misconduct",
                               fww_in_force=True, reduced_in_rank=True)
        assert not r[O.FINAL_WRITTEN_WARNING].permitted and r[O.FINAL_WRITTEN_WARNING].verified is verified
        assert not r[O.REDUCTION_IN_RANK].permitted and r[O.REDUCTION_IN_RANK].verified is verified


@pytest.mark.parametrize("proceeding", [P.MEETING, P.HEARING])
def test_reflective_practice_after_no_breach_reg42_1_b(proceeding):
    """Reg 42(1)(b): where the conduct "amounts to neither gross misconduct nor misconduct" the panel may
    direct the reflective practice review process — a "no breach" finding is within those words."""
    v = permitted_outcomes(regime="2024", proceeding=proceeding, level=L.NO_BREACH)[O.REFLECTIVE_PRACTICE]
    assert v.permitted and v.verified


@pytest.mark.parametrize("level", [L.NOT_PROVED, L.NO_BREACH, L.PRACTICE_REQUIRING_IMPROVEMENT, L.MISCONDUCT])
def test_amh_less_than_gross_misconduct_dismisses_or_returns_reg62_8(level):
    result = permitted_outcomes(regime="2025", proceeding="accelerated_hearing", level=level)
    assert allowed_set(result) == {O.CASE_DISMISSED, O.CASE_RETURNED}
    assert "62(8)" in result[O.NO_ACTION].reason


def test_amh_gross_misconduct_must_impose_action_reg62_1_and_bars_reg62_3_7():
    r = permitted_outcomes(regime="2020", proceeding="accelerated_hearing", level="gross_misconduct",
                           fww_in_force=True, reduced_in_rank=True)
    assert allowed_set(r) == {O.DISMISSAL_WITHOUT_NOTICE}
    assert "62(3)" in r[O.FINAL_WRITTEN_WARNING].reason and r[O.FINAL_WRITTEN_WARNING].verified
    assert "62(7)" in r[O.REDUCTION_IN_RANK].reason and r[O.REDUCTION_IN_RANK].verified


def test_2012_rules_are_never_checked_with_the_2020_tables():
    with pytest.raises(OutcomeCheckingUnavailableError, match="2012"):
        permitted_outcomes(regime="2012", proceeding="hearing", level="misconduct")


def test_string_values_are_accepted_and_reasons_cite_the_regulation():
    result = permitted_outcomes(regime="2024", proceeding="meeting", level="misconduct")
    assert result[O.DISMISSAL_WITHOUT_NOTICE].reason == (
        "A misconduct meeting can never dismiss an officer (Conduct Regs reg 42(2))."
    )


def test_there_is_no_dismissal_with_notice():
    assert not any("with_notice" in o.value and "without" not in o.value for o in O)


def test_optional_refinements_are_flagged_unverified():
    r = permitted_outcomes(regime="2020", proceeding="hearing", level="misconduct", ww_in_force=True)
    assert not r[O.WRITTEN_WARNING].permitted and not r[O.WRITTEN_WARNING].verified
    r = permitted_outcomes(regime="2020", proceeding="hearing", level="gross_misconduct", lowest_rank=True)
    assert not r[O.REDUCTION_IN_RANK].permitted and not r[O.REDUCTION_IN_RANK].verified


flags = st.fixed_dictionaries({f: st.booleans() for f in FLAGS})


@given(st.sampled_from(CHECKED), st.sampled_from(L), flags)
def test_meeting_never_reduces_or_dismisses(regime, level, f):
    r = permitted_outcomes(regime=regime, proceeding=P.MEETING, level=level, **f)
    assert not r[O.REDUCTION_IN_RANK].permitted and not r[O.DISMISSAL_WITHOUT_NOTICE].permitted
    assert not r[O.WOULD_HAVE_BEEN_DISMISSED].permitted


@given(st.sampled_from(CHECKED), st.sampled_from(P), st.sampled_from(L), flags)
def test_would_have_been_dismissed_only_for_former_officers_and_never_forced(regime, proceeding, level, f):
    r = permitted_outcomes(regime=regime, proceeding=proceeding, level=level, **f)
    if not f["former_officer"]:
        assert not r[O.WOULD_HAVE_BEEN_DISMISSED].permitted
    elif r[O.WOULD_HAVE_BEEN_DISMISSED].permitted:
        assert r[O.NO_ACTION].permitted  # "may": otherwise no disciplinary action follows


@given(st.sampled_from(CHECKED), st.sampled_from(P), st.sampled_from(L), flags)
def test_fww_never_permitted_when_one_in_force(regime, proceeding, level, f):
    f = {**f, "fww_in_force": True}
    assert not permitted_outcomes(regime=regime, proceeding=proceeding, level=level, **f)[
        O.FINAL_WRITTEN_WARNING].permitted


@given(st.sampled_from(CHECKED), flags, st.sampled_from(["fww_in_force", "unconnected_incidents"]))
def test_misconduct_at_hearing_sets_only_grow_with_the_gate_facts(regime, f, flag):
    """Reg 42(5)/(6) open reduction/dismissal and remove nothing else, save the separate rule that a final
    written warning is never given when one is in force."""
    before = permitted_outcomes(regime=regime, proceeding=P.HEARING, level=L.MISCONDUCT, **{**f, flag: False})
    after = permitted_outcomes(regime=regime, proceeding=P.HEARING, level=L.MISCONDUCT, **{**f, flag: True})
    lost = {o for o in O if before[o].permitted and not after[o].permitted}
    assert lost <= ({O.FINAL_WRITTEN_WARNING} if flag == "fww_in_force" else set())


@pytest.mark.parametrize(
    ("issued", "regime"),
    [(date(2020, 2, 1), G.R2020), (date(2024, 5, 6), G.R2020), (date(2024, 5, 7), G.R2024),
     (date(2025, 5, 27), G.R2024), (date(2025, 5, 28), G.R2025), (date(2030, 1, 1), G.R2025)],
)
def test_deprecated_regime_for_still_answers_for_existing_callers(issued, regime):
    assert regime_for(issued) is regime


@given(st.dates())
def test_regime_table_is_total(d):
    assert regime_for(d) in G


def test_panel_roles_follow_the_panel_rule_set_and_carry_provenance():
    assert panel_roles("2020", "hearing") == [R.LEGALLY_QUALIFIED_CHAIR, R.POLICE_MEMBER, R.INDEPENDENT_MEMBER]
    roles = panel_roles("2024", "hearing")
    assert roles.count(R.INDEPENDENT_MEMBER) == 2 and R.LEGALLY_QUALIFIED_PERSON in roles
    assert roles.source and roles.verified is False  # two independent members read only in the Explanatory Note
    meeting = panel_roles("2025", "meeting")
    assert meeting == [R.MEETING_CHAIR] and meeting.verified and "28(1)(a)" in meeting.source


def test_accelerated_hearing_is_conducted_under_reg55_not_reg58():
    roles = panel_roles("2025", "accelerated_hearing")
    assert roles == [R.CHIEF_OFFICER_CHAIR]
    assert "reg 55" in roles.source and "58" not in roles.source and roles.verified


@pytest.mark.parametrize(
    ("officer", "proceeding", "chair"),
    [(OfficerCategory.SENIOR_OFFICER, P.HEARING, R.SENIOR_OFFICER_CHAIR),
     (OfficerCategory.SENIOR_OFFICER, P.MEETING, R.SENIOR_OFFICER_CHAIR),
     (OfficerCategory.CHIEF_OFFICER, P.HEARING, R.HM_INSPECTOR_CHAIR)],
)
def test_senior_and_chief_officer_panels_reg28_2(officer, proceeding, chair):
    """Reg 28(2): for a senior officer any misconduct proceedings are "conducted by a panel of three"."""
    roles = panel_roles("2024", proceeding, officer)
    assert roles[0] is chair and len([r for r in roles if r is not R.LEGALLY_QUALIFIED_PERSON]) == 3
    assert R.CHIEF_OFFICER_CHAIR not in roles


@pytest.mark.parametrize("officer", ["senior_officer", "chief_officer"])
def test_senior_officer_accelerated_hearing_is_not_modelled_and_names_reg55(officer):
    """Who conducts an accelerated hearing is set by reg 55, which was not read (SI 2024/521 reg 3(1)(b) shows
    only that a chief officer conducting one "under regulation 55" may delegate): say so, pass nothing."""
    roles = panel_roles("2025", "accelerated_hearing", officer)
    assert not roles.modelled and roles == [] and not roles.verified
    assert "reg 55" in roles.source and officer.replace("_", " ") in roles.source
    assert panel_problems("2025", "accelerated_hearing", [R.CHIEF_OFFICER_CHAIR], officer) == [roles.source]


@pytest.mark.parametrize(
    ("delegate", "kwargs", "problem"),
    [
        ("senior_officer", {}, None),
        ("former_senior_officer", {"last_served_as_senior_on": date(2020, 6, 1), "delegated_on": date(2025, 6, 1)},
         None),  # exactly five years: "no more than five years before"
        ("former_senior_officer", {"last_served_as_senior_on": date(2020, 5, 31), "delegated_on": date(2025, 6, 1)},
         "more than five years"),
        ("former_senior_officer", {}, "Record when"),
        ("police_staff", {}, None),
        ("police_staff", {"operational_policing": True}, "operational policing"),
        ("senior_officer", {"certified_the_case": True}, "certified the case under reg 49"),
    ],
)
def test_chief_officer_may_delegate_the_chair_only_as_reg2_4b_4c_allow(delegate, kwargs, problem):
    """Reg 2(4B) as inserted by SI 2024/521 reg 3(1)(b): "(a) a senior officer; (b) a former senior officer, who
    last served as a senior officer no more than five years before the date on which the responsibility ... is
    to be delegated ...; or (c) unless the case ... substantially involves operational policing matters, a police
    staff member ..."; (4C)(a): never the senior officer who "certified the case under regulation 49"."""
    problems = chair_delegate_problems(delegate, panel_regime="2024", **kwargs)
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0] and "reg 2(4" in problems[0]


def test_chair_delegation_does_not_exist_before_si_2024_521():
    assert "SI 2024/521" in chair_delegate_problems("senior_officer", panel_regime="2020")[0]


def test_panel_problems_name_what_is_lacking():
    assert panel_problems("2024", "hearing", [R.CHIEF_OFFICER_CHAIR, R.INDEPENDENT_MEMBER,
                                              R.INDEPENDENT_MEMBER, R.LEGALLY_QUALIFIED_PERSON]) == []
    text = " ".join(panel_problems("2024", "hearing", [R.LEGALLY_QUALIFIED_CHAIR, R.INDEPENDENT_MEMBER]))
    assert "chair (chief officer or delegate)" in text
    assert "independent member" in text
    assert "legally qualified person" in text
    assert "legally qualified chair has no place" in text


def test_every_table_row_names_a_source_and_verified_rows_cite_a_paragraph():
    rows = [*legal_tables.OUTCOMES, *legal_tables.RESTRICTIONS, *legal_tables.PANELS,
            *legal_tables.WARNINGS.values(), *legal_tables.RULE_SET_TRIGGERS, *legal_tables.DEEMED_SERVICE]
    for row in rows:
        assert row.source.strip(), row
        assert isinstance(row.verified, bool)
        if row.verified:
            assert "[S" not in row.source and "[U" not in row.source, row
    for d in legal_tables.DEADLINES:
        assert d.regulation.strip() and isinstance(d.verified, bool)
    keys = [(r.regimes, r.proceeding, r.level, r.former_officer, r.outcome) for r in legal_tables.OUTCOMES]
    assert len(keys) == len(set(keys)), "no outcome row is listed twice"
    for regime, p, lv, former, o in itertools.product(CHECKED, P, L, (False, True), O):
        hits = [r for r in legal_tables.OUTCOMES if regime in r.regimes and (r.proceeding, r.level,
                r.former_officer, r.outcome) == (p, lv, former, o)]
        assert len(hits) <= 1, (regime, p, lv, former, o)
