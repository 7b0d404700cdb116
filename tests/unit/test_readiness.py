"""A drafted decision is ready only when every stage is there and the outcome is allowed."""

from dataclasses import replace

import pytest

from panelapp.domain.readiness import AllegationDecision, DecisionDraft, Seriousness, check_decision
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

READY = DecisionDraft(
    regime=Regime.R2024,
    proceeding=P.HEARING,
    allegations=(
        AllegationDecision(1, L.GROSS_MISCONDUCT, "Proved on the BWV [BWV-1 00:03:12].", (1, 9)),
        AllegationDecision(2, L.MISCONDUCT, "Proved in part [B4].", (2,)),
        AllegationDecision(3, L.NOT_PROVED, "The witness was not reliable [B7]."),
    ),
    seriousness=FULL_SERIOUSNESS,
    outcome=O.DISMISSAL_WITHOUT_NOTICE,
    outcome_reasons="Dishonesty of this kind is incompatible with office.",
    why_not={O.FINAL_WRITTEN_WARNING: "Would not maintain public confidence.",
             O.REDUCTION_IN_RANK: "Dishonesty is not cured by lower rank."},
    barred_list_noted=True,
    lqp_advice="Advised that dismissal is within range.",
    lqp_advice_followed=True,
)


def codes(draft):
    return [p.code for p in check_decision(draft)]


def test_complete_draft_is_ready():
    assert check_decision(READY) == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"allegations": ()}, "no-allegations"),
        ({"allegations": (AllegationDecision(1, None),)}, "finding-missing"),
        ({"allegations": (AllegationDecision(1, L.GROSS_MISCONDUCT, "", (1,)),)}, "finding-reasons"),
        ({"allegations": (AllegationDecision(1, L.GROSS_MISCONDUCT, "x"),)}, "standards-missing"),
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
def test_each_missing_stage_is_named(change, code):
    assert code in codes(replace(READY, **change))


def test_missing_why_not_names_the_lesser_outcome():
    problems = check_decision(replace(READY, why_not={O.FINAL_WRITTEN_WARNING: "x"}))
    assert [str(p) for p in problems] == ["The decision does not say why reduction in rank is not enough."]


def test_2025_gross_misconduct_without_dismissal_needs_exceptional_circumstances():
    draft = replace(READY, regime=Regime.R2025, outcome=O.FINAL_WRITTEN_WARNING, why_not={},
                    barred_list_noted=False, local_policing_body_copy_noted=True)
    assert codes(draft) == ["exceptional-circumstances"]
    assert check_decision(replace(draft, exceptional_circumstances="Severe illness found causative.")) == []


def test_2024_gross_misconduct_not_dismissed_needs_local_policing_body_copy():
    draft = replace(READY, outcome=O.REDUCTION_IN_RANK, why_not={O.FINAL_WRITTEN_WARNING: "x"},
                    barred_list_noted=False)
    assert codes(draft) == ["local-policing-body"]
    assert codes(replace(draft, regime=Regime.R2020, lqp_advice=None)) == []


def test_former_officer_finding_needs_barred_list_note():
    draft = replace(READY, former_officer=True, outcome=O.WOULD_HAVE_BEEN_DISMISSED, why_not={},
                    barred_list_noted=False)
    assert codes(draft) == ["barred-list"]


def test_nothing_proved_needs_no_seriousness_stage():
    draft = DecisionDraft(Regime.R2020, P.MEETING, (AllegationDecision(1, L.NOT_PROVED, "No evidence."),),
                          outcome=O.NO_ACTION, outcome_reasons="Nothing proved.")
    assert check_decision(draft) == []


def test_fww_length_checked():
    draft = DecisionDraft(Regime.R2020, P.MEETING, (AllegationDecision(1, L.MISCONDUCT, "Proved.", (6,)),),
                          seriousness=FULL_SERIOUSNESS, outcome=O.FINAL_WRITTEN_WARNING,
                          outcome_reasons="r", why_not={O.WRITTEN_WARNING: "too lenient"}, warning_months=72)
    assert codes(draft) == ["warning-length"]
