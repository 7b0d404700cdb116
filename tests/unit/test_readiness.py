"""A drafted decision is ready only when every stage is there and the outcome is allowed.

Blocking problems stop the decision issuing; warnings ask the panel to look again.
"""

from dataclasses import replace
from datetime import date

import pytest

from panelapp.domain.readiness import (
    AllegationDecision,
    DecisionDraft,
    Seriousness,
    Severity,
    check_decision,
)
from panelapp.domain.rules import Warning, WarningKind
from panelapp.domain.vocabulary import FactsFinding as F
from panelapp.domain.vocabulary import FindingLevel as L
from panelapp.domain.vocabulary import Outcome as O
from panelapp.domain.vocabulary import Proceeding as P
from panelapp.domain.vocabulary import Regime

pytestmark = pytest.mark.unit

FULL_SERIOUSNESS = Seriousness(
    culpability="Deliberate; abuse of position.",
    harm="Harm to the complainant and to public confidence.",
    aggravating="Vulnerable victim; concealment.",
    mitigating="None of weight.",
    personal_mitigation="Good record and references; limited weight.",
    purpose="Public confidence and proper standards require a serious outcome.",
)
WHY = "The panel gave this full and careful consideration on the evidence."


def proved(n, level, standards=(9,), incident=None, **kw):
    facts = "Seen on the BWV [BWV-1 00:03:12] and consistent with the log [B4]."
    return AllegationDecision(n, level, WHY, standards, facts=F.PROVED, facts_reasons=facts, breach_reasons=WHY,
                              incident=incident, **kw)


READY = DecisionDraft(
    regime=Regime.R2024,
    proceeding=P.HEARING,
    allegations=(
        proved(1, L.GROSS_MISCONDUCT, (1, 9)),
        proved(2, L.MISCONDUCT, (2,)),
        AllegationDecision(3, L.NOT_PROVED, "The witness was not reliable on the key point [B7].",
                           facts=F.NOT_PROVED, facts_reasons="The only witness was contradicted by the CCTV [C2]."),
    ),
    seriousness=FULL_SERIOUSNESS,
    outcome=O.DISMISSAL_WITHOUT_NOTICE,
    outcome_reasons="Dishonesty of this kind is incompatible with continuing in office.",
    why_not={O.FINAL_WRITTEN_WARNING: "Would not maintain public confidence.",
             O.REDUCTION_IN_RANK: "Dishonesty is not cured by lower rank."},
    barred_list_noted=True,
    lqp_advice="Advised that dismissal is within range.",
    lqp_advice_followed=True,
)


def blocking(draft):
    return [p.code for p in check_decision(draft).blocking]


def warnings(draft):
    return [p.code for p in check_decision(draft).warnings]


def test_complete_draft_is_ready():
    report = check_decision(READY)
    assert report.ready and report.blocking == () and report.warnings == ()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"allegations": ()}, "no-allegations"),
        ({"allegations": (AllegationDecision(1, None),)}, "finding-missing"),
        ({"allegations": (replace(proved(1, L.GROSS_MISCONDUCT), reasons=""),)}, "finding-reasons"),
        ({"allegations": (replace(proved(1, L.GROSS_MISCONDUCT), standards_breached=()),)}, "standards-missing"),
        ({"seriousness": replace(FULL_SERIOUSNESS, harm=" ")}, "seriousness-harm"),
        ({"seriousness": replace(FULL_SERIOUSNESS, culpability="")}, "seriousness-culpability"),
        ({"seriousness": replace(FULL_SERIOUSNESS, aggravating="")}, "seriousness-aggravating"),
        ({"seriousness": replace(FULL_SERIOUSNESS, mitigating="")}, "seriousness-mitigating"),
        ({"seriousness": replace(FULL_SERIOUSNESS, personal_mitigation="")}, "personal-mitigation"),
        ({"seriousness": replace(FULL_SERIOUSNESS, purpose="")}, "purpose"),
        ({"outcome": None}, "outcome-missing"),
        ({"outcome_reasons": ""}, "outcome-reasons"),
        ({"why_not": {O.FINAL_WRITTEN_WARNING: "x"}}, "why-not-lesser"),
        ({"barred_list_noted": False}, "barred-list"),
        ({"lqp_advice": None}, "lqp-advice"),
        ({"lqp_advice_followed": None}, "lqp-followed"),
        ({"lqp_advice_followed": False}, "lqp-not-followed"),
        ({"outcome": O.WRITTEN_WARNING}, "outcome-not-permitted"),
    ],
)
def test_each_missing_stage_blocks(change, code):
    assert code in blocking(replace(READY, **change))


@pytest.mark.parametrize(
    ("allegation", "code"),
    [
        (replace(proved(1, L.MISCONDUCT), facts=None), "facts-missing"),
        (replace(proved(1, L.MISCONDUCT), facts_reasons=""), "facts-reasons"),
        (replace(proved(1, L.MISCONDUCT), facts_reasons="The panel believed the complainant entirely."),
         "facts-evidence"),
        (replace(proved(1, L.MISCONDUCT), breach_reasons=""), "breach-reasons"),
        (replace(proved(1, L.MISCONDUCT), standards_breached=(11,)), "standards-invalid"),
        (replace(proved(1, L.MISCONDUCT), standards_breached=(0, 9)), "standards-invalid"),
        (replace(proved(1, L.MISCONDUCT), facts=F.NOT_PROVED), "finding-inconsistent"),
    ],
)
def test_findings_of_facts_breach_and_level_are_separate_and_each_needs_support(allegation, code):
    draft = replace(READY, allegations=(proved(9, L.GROSS_MISCONDUCT), allegation))
    assert code in blocking(draft)


def test_pinpoint_reference_can_be_recorded_separately():
    a = replace(proved(1, L.GROSS_MISCONDUCT), facts_reasons="Admitted in interview and seen on video.",
                evidence_refs=("B12",))
    assert check_decision(replace(READY, allegations=(a,))).ready


def test_reasons_of_a_few_words_are_a_warning_not_silence():
    report = check_decision(replace(READY, outcome_reasons="Dishonest."))
    assert report.ready and [p.code for p in report.warnings] == ["reasons-short"]
    assert all(p.severity is Severity.WARNING for p in report.warnings)


def test_missing_why_not_names_the_lesser_outcome():
    problems = check_decision(replace(READY, why_not={O.FINAL_WRITTEN_WARNING: "x"})).blocking
    assert [str(p) for p in problems] == ["The decision does not say why reduction in rank is not enough."]


GM_ONLY = (proved(1, L.GROSS_MISCONDUCT, (1,)),)
NOT_DISMISSED = replace(READY, allegations=GM_ONLY, outcome=O.FINAL_WRITTEN_WARNING, why_not={},
                        barred_list_noted=False, warning_months=36, local_policing_body_copy_noted=True,
                        gm_not_dismissed_reasons="Exceptional personal circumstances found on medical evidence.")


def test_2025_gross_misconduct_without_dismissal_needs_exceptional_circumstances():
    draft = replace(NOT_DISMISSED, regime=Regime.R2025)
    assert blocking(draft) == ["exceptional-circumstances"]
    assert check_decision(replace(draft, exceptional_circumstances="Severe illness found causative.")).ready


def test_gross_misconduct_not_dismissed_needs_its_own_reasons_reg43_1_e_not_a_tick():
    assert check_decision(NOT_DISMISSED).ready
    assert blocking(replace(NOT_DISMISSED, gm_not_dismissed_reasons="")) == ["gm-not-dismissed-reasons"]
    assert blocking(replace(NOT_DISMISSED, local_policing_body_copy_noted=False)) == ["local-policing-body"]
    # Before SI 2024/521 (panel rule set 2020) neither applies.
    assert check_decision(replace(NOT_DISMISSED, regime=Regime.R2020, lqp_advice=None, gm_not_dismissed_reasons="",
                                  local_policing_body_copy_noted=False)).ready


def test_outcome_rules_and_panel_rules_can_differ():
    """An allegation from before 28 May 2025 heard by a 2025 panel: no presumption of dismissal, but the
    SI 2024/521 report and LQP rules apply."""
    draft = replace(NOT_DISMISSED, regime=Regime.R2020, panel_regime=Regime.R2025)
    assert check_decision(draft).ready
    assert blocking(replace(draft, lqp_advice=None)) == ["lqp-advice"]


def test_final_written_warning_needs_its_length_reg62_4():
    assert blocking(replace(NOT_DISMISSED, warning_months=None)) == ["warning-length-missing"]
    assert blocking(replace(NOT_DISMISSED, warning_months=72)) == ["warning-length"]


def test_reduction_in_rank_needs_the_appropriate_authoritys_views_reg62_6():
    draft = replace(NOT_DISMISSED, outcome=O.REDUCTION_IN_RANK,
                    why_not={O.FINAL_WRITTEN_WARNING: "A warning would not mark the gravity of this."})
    assert blocking(draft) == ["reduction-aa-views"]
    assert check_decision(replace(draft, aa_views_on_reduction="The force can absorb the loss of a sergeant "
                                  "post; no operational objection.")).ready


MISCONDUCT_ONLY = replace(READY, allegations=(proved(1, L.MISCONDUCT, (6,)),),
                          why_not={O.NO_ACTION: "Action is needed to mark the breach.",
                                   O.WRITTEN_WARNING: "Not enough for repeated failures.",
                                   O.FINAL_WRITTEN_WARNING: "Not enough for repeated failures.",
                                   O.REDUCTION_IN_RANK: "Not enough for repeated failures."})


def test_one_misconduct_allegation_cannot_reach_dismissal_without_a_recorded_warning_reg42_5_6():
    """Today a ticked flag let this through; now the gate is derived from the records."""
    assert "outcome-not-permitted" in blocking(MISCONDUCT_ONLY)


def test_recorded_final_written_warning_at_the_severity_assessment_date_opens_dismissal_reg42_5():
    fww = (Warning(WarningKind.FINAL_WRITTEN, date(2023, 3, 1)),)
    draft = replace(MISCONDUCT_ONLY, warnings=fww, severity_assessment_on=date(2025, 1, 10))
    assert check_decision(draft).ready
    assert "outcome-not-permitted" in blocking(replace(draft, severity_assessment_on=date(2025, 3, 1)))
    assert blocking(replace(draft, severity_assessment_on=None)) == ["severity-date-missing",
                                                                      "outcome-not-permitted"]


def test_two_misconduct_incidents_grouped_apart_open_dismissal_reg42_6():
    two = (proved(1, L.MISCONDUCT, (6,), incident="March"), proved(2, L.MISCONDUCT, (7,), incident="June"))
    assert check_decision(replace(MISCONDUCT_ONLY, allegations=two)).ready
    one = (proved(1, L.MISCONDUCT, (6,), incident="March"), proved(2, L.MISCONDUCT, (7,), incident="March"))
    assert "outcome-not-permitted" in blocking(replace(MISCONDUCT_ONLY, allegations=one))
    ungrouped = (proved(1, L.MISCONDUCT, (6,)), proved(2, L.MISCONDUCT, (7,)))
    assert "incidents-ungrouped" in warnings(replace(MISCONDUCT_ONLY, allegations=ungrouped))


def test_former_officer_finding_needs_barred_list_note_and_reasons():
    draft = replace(READY, former_officer=True, outcome=O.WOULD_HAVE_BEEN_DISMISSED,
                    why_not={O.NO_ACTION: "The conduct would plainly have led to dismissal."},
                    barred_list_noted=False)
    assert blocking(draft) == ["barred-list"]
    assert blocking(replace(draft, barred_list_noted=True, outcome_reasons="")) == ["outcome-reasons"]


def test_former_officer_cannot_be_dealt_with_at_a_meeting():
    draft = replace(MISCONDUCT_ONLY, proceeding=P.MEETING, former_officer=True, outcome=O.NO_ACTION, why_not={})
    assert "outcome-not-permitted" in blocking(draft)


def test_2012_case_says_plainly_that_outcomes_are_not_checked():
    draft = replace(READY, regime=Regime.R2012, panel_regime=Regime.R2012)
    report = check_decision(draft)
    assert report.ready and warnings(draft) == ["outcome-unchecked"]
    assert "2012" in report.warnings[0].message


def test_unverified_rule_behind_the_chosen_outcome_is_a_warning():
    """A written warning under the 2025 rules rests on reg 42(3)(a) as made; SI 2025/558 reg 15 amended reg 42
    and was not read: the decision may issue, with a warning to have the legal adviser confirm it."""
    draft = replace(MISCONDUCT_ONLY, regime=Regime.R2025, outcome=O.WRITTEN_WARNING, why_not={})
    assert check_decision(draft).ready and warnings(draft) == ["outcome-rule-unverified"]


def test_no_action_after_misconduct_does_not_issue_under_2025_rules_si_2025_558_reg6_2_d_e():
    """SI 2025/558 reg 6(2)(d): a misconduct hearing decides, "if it amounts to misconduct or gross misconduct,
    what" disciplinary action is imposed. Before that, reg 42(1) "may" left no action open."""
    draft = replace(MISCONDUCT_ONLY, outcome=O.NO_ACTION, why_not={})
    assert check_decision(replace(draft, regime=Regime.R2024)).ready
    report = check_decision(replace(draft, regime=Regime.R2025))
    assert [p.code for p in report.blocking] == ["outcome-not-permitted"]
    assert "6(2)(d)-(e)" in report.blocking[0].message


GM_CONVICTION = proved(1, L.MISCONDUCT, (1, 9), indictable_only_conviction=True)


def test_indictable_only_conviction_is_gross_misconduct_under_2025_rules_si_2025_558_reg6_2_c():
    """SI 2025/558 reg 6(2)(c): "conduct which has resulted in conviction of an indictable-only offence is to be
    taken to constitute such a breach" (one "as to justify dismissal") — a lesser finding does not issue."""
    draft = replace(MISCONDUCT_ONLY, regime=Regime.R2025, allegations=(GM_CONVICTION,), outcome=O.WRITTEN_WARNING,
                    why_not={})
    report = check_decision(draft)
    assert [p.code for p in report.blocking] == ["indictable-only"]
    assert report.blocking[0].allegation == 1 and "6(2)(c)" in report.blocking[0].message
    # Found gross misconduct, as the definition requires: that rule no longer stands in the way.
    gm = replace(READY, regime=Regime.R2025, allegations=(replace(GM_CONVICTION, level=L.GROSS_MISCONDUCT),))
    assert "indictable-only" not in blocking(gm)


def test_indictable_only_rule_follows_the_outcomes_rule_set_si_2025_558_reg64_1():
    """A Part 3 amendment: no effect for a pre-commencement allegation (reg 64(1)); a former officer's
    definition is rewritten by Sch 1, so there it is a warning to check, not a block."""
    draft = replace(MISCONDUCT_ONLY, allegations=(GM_CONVICTION,), outcome=O.WRITTEN_WARNING, why_not={})
    assert "indictable-only" not in blocking(replace(draft, regime=Regime.R2024))
    former = replace(draft, regime=Regime.R2025, proceeding=P.HEARING, former_officer=True, outcome=O.NO_ACTION)
    assert "indictable-only" not in blocking(former) and "indictable-only-former" in warnings(former)


def test_accelerated_hearing_below_gross_misconduct_may_return_the_case_reg62_8():
    draft = DecisionDraft(Regime.R2025, P.ACCELERATED_HEARING, (proved(1, L.MISCONDUCT, (6,)),),
                          seriousness=FULL_SERIOUSNESS, outcome=O.CASE_RETURNED,
                          outcome_reasons="Misconduct, not gross misconduct: return it to be dealt with under Part 4.")
    assert blocking(draft) == []
    assert "outcome-not-permitted" in blocking(replace(draft, outcome=O.NO_ACTION))


def test_nothing_proved_needs_no_seriousness_stage():
    draft = DecisionDraft(Regime.R2020, P.MEETING, (AllegationDecision(
        1, L.NOT_PROVED, "No evidence supports the allegation at all.", facts=F.NOT_PROVED,
        facts_reasons="The complainant withdrew and nothing else supports it."),),
        outcome=O.NO_ACTION, outcome_reasons="Nothing was proved against the officer.")
    assert check_decision(draft).ready
