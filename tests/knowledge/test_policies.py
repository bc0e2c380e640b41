"""The policy records: one per policy id, every reference known, the verification status as found."""

from __future__ import annotations

from ivigcalc.knowledge.policies import DEFAULT_POLICY, POLICIES
from ivigcalc.knowledge.references import REFERENCES
from ivigcalc.model.vocabulary import PolicyId


def test_there_is_one_record_per_policy_id_and_the_default_is_ivigcalc() -> None:
    assert set(POLICIES) == set(PolicyId)
    assert all(policy.id is key for key, policy in POLICIES.items())
    assert DEFAULT_POLICY is PolicyId.IVIGCALC


def test_every_policy_cites_known_references_and_says_what_was_checked() -> None:
    for policy in POLICIES.values():
        assert policy.reference_ids and set(policy.reference_ids) <= set(REFERENCES), policy.id
        assert policy.checks, policy.id


def test_nhs_england_is_marked_not_verified_in_its_record_and_label() -> None:
    nhs = POLICIES[PolicyId.NHS_ENGLAND]
    assert nhs.verification == "not verified"
    assert "NOT VERIFIED" in nhs.label and "NOT VERIFIED" in nhs.rule
    assert {check.status for check in nhs.checks if check.field in ("bmi_threshold_kg_per_m2",
                                                                     "ibw_excess_fraction")} == {
        "from the issue text only"}


def test_the_triggers_are_as_the_sources_word_them() -> None:
    ivigcalc, bloodstar, ontario = (POLICIES[p] for p in (
        PolicyId.IVIGCALC, PolicyId.BLOODSTAR_2026, PolicyId.ONTARIO))
    assert (ivigcalc.bmi_threshold_kg_per_m2, ivigcalc.bmi_inclusive) == (30.0, True)
    assert (ontario.bmi_threshold_kg_per_m2, ontario.bmi_inclusive) == (30.0, False)  # "BMI >30"
    assert bloodstar.all_adults and bloodstar.min_height_cm == 152.0  # "< 152 cm"
    assert bloodstar.requires_reason_for_actual and bloodstar.effective_date == "2026-07-01"
    assert ontario.min_weight_kg is not None and dict(ontario.min_weight_kg) == {"male": 50.0, "female": 45.5}
    assert not ontario.exempts_minors and ontario.pregnancy == "pre-pregnancy-in-rule"
    assert POLICIES[PolicyId.IDEAL_BAND].middle_band == "ideal"


def test_every_policy_adjusts_with_factor_0_4() -> None:
    assert {policy.adjustment_factor for policy in POLICIES.values()} == {0.4}
