"""APS scenarios of CLINICAL.md §3 through the public API, with doses computed by hand.

IVIG is never first line in APS: CAPS is indicated; refractory obstetric APS and recurrent thrombosis
despite adequate anticoagulation are `consider`; an unmet precondition is `not-indicated`.
"Monthly" is every 28 days everywhere.
"""

from __future__ import annotations

import pytest

import ivigcalc
from ivigcalc.model.result import Result, Warning

MONTHLY_DAYS = 28
BOXED_WARNINGS = {"thrombosis-risk", "renal-monitoring"}


def codes(result: Result) -> list[str]:
    return [w.code for w in result.warnings]


def warnings_with(result: Result, code: str) -> list[Warning]:
    return [w for w in result.warnings if w.code == code]


def doses_g(result: Result) -> list[list[float]]:
    assert result.regimen is not None
    return [[i.dose_g for i in phase.infusions] for phase in result.regimen.phases]


def doses_g_per_kg(result: Result) -> list[list[float]]:
    assert result.regimen is not None
    return [[i.dose_g_per_kg for i in phase.infusions] for phase in result.regimen.phases]


def reference_ids(result: Result) -> set[str]:
    return {ref.id for ref in result.references}


def assert_every_warning_reference_listed(result: Result) -> None:
    listed = reference_ids(result)
    for warning in result.warnings:
        assert set(warning.references) <= listed, warning.code


def assert_regimen_safety_warnings(result: Result) -> None:
    """Every APS result with a regimen: the class boxed warning, renal monitoring, and IVIG's own
    prothrombotic effect (CLINICAL.md §3 'all', §6)."""
    present = set(codes(result))
    assert present >= BOXED_WARNINGS
    assert "prothrombotic-in-aps" in present
    assert "fda-2013" in reference_ids(result)


def assert_no_regimen(result: Result) -> None:
    assert result.regimen is None
    assert not BOXED_WARNINGS & set(codes(result))  # nothing is given, so no infusion warnings


# ------------------------------------------------------------------------------------------ asymptomatic


def test_asymptomatic_carrier_is_not_indicated() -> None:
    result = ivigcalc.aps(weight=65, scenario="asymptomatic")
    assert result.status.value == "not-indicated"
    assert "without clinical manifestations" in result.status_reason
    assert result.grade is None  # grading is ITP only
    assert_no_regimen(result)
    assert result.cotherapies == ()
    # The source says no treatment; EULAR 2019 gives aspirin to high-risk carriers: shown as a conflict.
    conflict = warnings_with(result, "guideline-conflict")
    assert conflict and "eular-2019" in conflict[0].references
    assert "no-ivig-alone" in codes(result)
    assert_every_warning_reference_listed(result)


# ------------------------------------------------------------------------------------------ obstetric


def test_obstetric_without_precondition_is_not_indicated() -> None:
    result = ivigcalc.aps(weight=65, scenario="obstetric")
    assert result.status.value == "not-indicated"
    assert "aspirin + LMWH" in result.status_reason
    assert_no_regimen(result)
    assert result.grade is None


@pytest.mark.parametrize(
    "precondition",
    [{"failed_standard_therapy": True}, {"anticoagulation_contraindicated": True},
     {"failed_standard_therapy": True, "anticoagulation_contraindicated": True}],
    ids=["failed-standard-therapy", "anticoagulation-contraindicated", "both"],
)
def test_obstetric_with_precondition_is_consider_five_day_by_default(precondition: dict[str, bool]) -> None:
    result = ivigcalc.aps(weight=65, scenario="obstetric", **precondition)
    assert result.status.value == "consider"  # guidelines disagree with the source: never "indicated"
    assert result.grade is None
    assert result.regimen is not None
    assert result.regimen.id == "aps-obstetric-five-day"
    (phase,) = result.regimen.phases
    # 65 kg × 0.4 g/kg = 26 g a day, 5 days; every 28 days, open-ended ("through pregnancy")
    assert doses_g_per_kg(result) == [[0.4] * 5]
    assert doses_g(result) == [[26.0] * 5]
    assert [i.day for i in phase.infusions] == [1, 2, 3, 4, 5]
    assert phase.interval_days == MONTHLY_DAYS
    assert phase.cycles is None
    assert phase.dose_per_cycle_g == 130.0  # 5 × 26 g
    assert result.regimen.total_dose_g is None
    # 0.4 × 5 = 2 g/kg a cycle, 0.4 g/kg a day: within the usual limits
    assert "above-usual-dose" not in codes(result)
    assert "unsourced-protocol" not in codes(result)
    assert [c.name for c in result.cotherapies] == ["Low-dose aspirin + heparin (LMWH)"]
    assert_regimen_safety_warnings(result)
    assert_every_warning_reference_listed(result)


def test_obstetric_caution_cites_acr_2020() -> None:
    result = ivigcalc.aps(weight=65, scenario="obstetric", failed_standard_therapy=True)
    conflicts = warnings_with(result, "guideline-conflict")
    acr = [w for w in conflicts if "acr-2020" in w.references]
    assert acr, "ACR 2020 recommends against IVIG in obstetric APS: must be shown"
    assert "ACR 2020" in acr[0].message
    assert "acr-2020" in reference_ids(result)
    citation = next(ref.citation for ref in result.references if ref.id == "acr-2020")
    assert citation.startswith("ACR 2020")


def test_obstetric_two_day_protocol() -> None:
    result = ivigcalc.aps(weight=65, scenario="obstetric", failed_standard_therapy=True, protocol="two-day")
    assert result.status.value == "consider"
    assert result.regimen is not None and result.regimen.id == "aps-obstetric-two-day"
    (phase,) = result.regimen.phases
    # 65 kg × 1 g/kg = 65 g a day, 2 days (Branch 2000); every 28 days to 36 weeks: open-ended
    assert doses_g_per_kg(result) == [[1.0, 1.0]]
    assert doses_g(result) == [[65.0, 65.0]]
    assert phase.dose_per_cycle_g == 130.0
    assert phase.interval_days == MONTHLY_DAYS
    assert phase.cycles is None
    assert result.regimen.total_dose_g is None
    # 1 g/kg is not above 1 g/kg a day and 2 g/kg is not above 2 g/kg a cycle: no soft-limit warning
    assert "above-usual-dose" not in codes(result)
    assert "branch-2000" in reference_ids(result)
    assert_regimen_safety_warnings(result)


def test_obstetric_source_2_plus_1_is_flagged_unsourced_and_above_usual_dose() -> None:
    result = ivigcalc.aps(
        weight=65, scenario="obstetric", anticoagulation_contraindicated=True, protocol="source-2-plus-1")
    assert result.status.value == "consider"
    assert result.regimen is not None and result.regimen.id == "aps-obstetric-source-2-plus-1"
    (phase,) = result.regimen.phases
    # 65 × 0.4 = 26 g on days 1 and 2; 65 × 1.5 = 97.5 g on day 3; 26 + 26 + 97.5 = 149.5 g a cycle
    assert doses_g_per_kg(result) == [[0.4, 0.4, 1.5]]
    assert doses_g(result) == [[26.0, 26.0, 97.5]]
    assert phase.dose_per_cycle_g == 149.5
    assert phase.cycles is None and phase.interval_days == MONTHLY_DAYS
    assert result.regimen.total_dose_g is None
    assert "unsourced-protocol" in codes(result)
    above = warnings_with(result, "above-usual-dose")
    # 1.5 g/kg > 1 g/kg on one day, and 0.4 + 0.4 + 1.5 = 2.3 g/kg > 2 g/kg in one cycle: both
    messages = " | ".join(w.message for w in above)
    assert len(above) == 2
    assert "1.5 g/kg" in messages and "2.3 g/kg" in messages
    assert_regimen_safety_warnings(result)
    assert_every_warning_reference_listed(result)


def test_obstetric_anticoagulation_contraindicated_says_resume_aspirin_heparin() -> None:
    result = ivigcalc.aps(weight=65, scenario="obstetric", anticoagulation_contraindicated=True)
    assert result.status.value == "consider"
    (cotherapy,) = result.cotherapies
    assert "resume" in cotherapy.detail  # IVIG given while aspirin + heparin cannot be, not instead
    assert doses_g(result) == [[26.0] * 5]  # 65 × 0.4 g/kg


def test_obstetric_is_dosed_as_in_pregnancy_never_adjusted() -> None:
    # female 160 cm 160 kg: AdjBW would be 95.4 kg, but obstetric regimens are given in pregnancy
    result = ivigcalc.aps(weight=160, height=160, sex="female", age=30, scenario="obstetric",
                          failed_standard_therapy=True)
    assert result.dosing_weight.basis.value == "actual"
    assert result.dosing_weight.kg == 160.0
    # 160 kg × 0.4 g/kg = 64 g a day
    assert doses_g(result) == [[64.0] * 5]
    with pytest.raises(ivigcalc.InputError) as error:
        ivigcalc.aps(weight=160, height=160, sex="female", age=30, scenario="obstetric",
                     failed_standard_therapy=True, dosing_weight="adjusted")
    assert error.value.field == "dosing_weight"
    assert "pregnancy" in error.value.message


def test_obstetric_pregnancy_doses_on_pre_pregnancy_weight() -> None:
    result = ivigcalc.aps(
        weight=82, pre_pregnancy_weight=70, pregnant=True, sex="female", height=165,
        scenario="obstetric", failed_standard_therapy=True)
    assert result.dosing_weight.basis.value == "pre-pregnancy"
    assert result.dosing_weight.kg == 70.0
    # 70 kg × 0.4 g/kg = 28 g a day, never the adjusted or current weight
    assert doses_g(result) == [[28.0] * 5]


# ------------------------------------------------------------------------------------------ CAPS


def test_caps_is_indicated_one_course_of_2_g_per_kg() -> None:
    result = ivigcalc.aps(weight=65, scenario="caps")
    assert result.status.value == "indicated"
    assert result.grade is None
    assert result.regimen is not None and result.regimen.id == "aps-caps"
    (phase,) = result.regimen.phases
    # 65 kg × 0.4 g/kg = 26 g a day × 5 days = 130 g; 0.4 × 5 = 2 g/kg, usually one course
    assert doses_g_per_kg(result) == [[0.4] * 5]
    assert sum(doses_g_per_kg(result)[0]) == pytest.approx(2.0)
    assert doses_g(result) == [[26.0] * 5]
    assert phase.cycles == 1
    assert result.regimen.total_dose_g == 130.0
    # 2 g/kg is the usual course, not above it (float noise in the sum must not trip it)
    assert "above-usual-dose" not in codes(result)
    names = [c.name for c in result.cotherapies]
    assert names == ["Anticoagulation", "Corticosteroids", "Plasma exchange"]
    assert {"caps-registry-2018", "australian-criteria"} <= reference_ids(result)
    assert_regimen_safety_warnings(result)
    assert_every_warning_reference_listed(result)


def test_caps_on_adjusted_weight() -> None:
    result = ivigcalc.aps(weight=100, height=175, sex="male", age=50, scenario="caps")
    # IBW = 50 + 2.3 × (175 − 152.4) / 2.54 = 70.4646; 100 > 120% × 70.4646 = 84.56, so adjusted:
    # 70.4646 + 0.4 × (100 − 70.4646) = 82.2787 kg; × 0.4 g/kg = 32.91 g; × 5 days = 164.55 g
    assert result.dosing_weight.basis.value == "adjusted"
    assert result.dosing_weight.kg == pytest.approx(82.27874, abs=1e-5)
    assert doses_g(result) == [[32.91] * 5]
    assert result.regimen is not None and result.regimen.total_dose_g == 164.55


# ------------------------------------------------------------------------------------------ thrombosis


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"inr": 1.9}, "not-indicated"),  # below 2.0: anticoagulation not adequate
        ({"inr": 1.99}, "not-indicated"),
        ({"inr": 2.0}, "consider"),  # exactly 2.0 counts as adequate
        ({"inr": 2.01}, "consider"),
        ({"inr": "2.0"}, "consider"),  # a CLI string
        ({"anticoagulated": True}, "consider"),  # e.g. LMWH: no INR
        ({"anticoagulated": True, "inr": 1.9}, "not-indicated"),  # the INR shows it is not adequate
        ({"anticoagulated": True, "inr": 3.5}, "consider"),
        ({}, "not-indicated"),  # neither: anticoagulate first
    ],
    ids=["inr-1.9", "inr-1.99", "inr-2.0", "inr-2.01", "inr-str-2.0", "anticoagulated",
         "anticoagulated-inr-1.9", "anticoagulated-inr-3.5", "neither"],
)
def test_thrombosis_precondition(kwargs: dict[str, object], status: str) -> None:
    result = ivigcalc.aps(weight=65, scenario="thrombosis", **kwargs)
    assert result.status.value == status
    assert result.grade is None
    if status == "not-indicated":
        assert_no_regimen(result)
        assert "anticoagula" in result.status_reason
    else:
        assert result.regimen is not None
        assert_regimen_safety_warnings(result)


def test_thrombosis_inr_below_target_says_optimise_anticoagulation() -> None:
    result = ivigcalc.aps(weight=65, scenario="thrombosis", inr=1.9)
    assert "INR below 2.0" in result.status_reason
    assert "eular-2019" in result.status_references


def test_thrombosis_standard_protocol_twelve_monthly_cycles() -> None:
    result = ivigcalc.aps(weight=65, scenario="thrombosis", anticoagulated=True)
    assert result.status.value == "consider"
    assert result.regimen is not None and result.regimen.id == "aps-thrombosis-standard"
    (phase,) = result.regimen.phases
    # 65 kg × 0.4 g/kg = 26 g once a cycle; 12 cycles × 26 g = 312 g
    assert doses_g_per_kg(result) == [[0.4]]
    assert doses_g(result) == [[26.0]]
    assert phase.cycles == 12
    assert phase.interval_days == MONTHLY_DAYS
    assert result.regimen.total_dose_g == 312.0
    assert result.regimen.total_dose_g == pytest.approx(12 * 0.4 * 65)  # float noise in 12 × 0.4
    assert "treatment-duration" in codes(result)  # may continue to 24 months (Tenti 2013)
    assert [c.name for c in result.cotherapies] == ["Anticoagulation"]
    assert "tenti-2013" in reference_ids(result)


def test_thrombosis_standard_protocol_other_weight() -> None:
    result = ivigcalc.aps(weight=72.5, scenario="thrombosis", inr=2.4, protocol="standard")
    # 72.5 kg × 0.4 g/kg = 29 g; 12 cycles × 29 g = 348 g
    assert doses_g(result) == [[29.0]]
    assert result.regimen is not None and result.regimen.total_dose_g == 348.0


def test_thrombosis_intensive_protocol_with_hydroxychloroquine() -> None:
    result = ivigcalc.aps(weight=65, scenario="thrombosis", anticoagulated=True, protocol="intensive")
    assert result.status.value == "consider"
    assert result.regimen is not None and result.regimen.id == "aps-thrombosis-intensive"
    induction, maintenance = result.regimen.phases
    # Induction: 65 × 0.4 = 26 g/day × 3 days = 78 g a cycle, 3 cycles = 234 g
    assert [i.dose_g for i in induction.infusions] == [26.0, 26.0, 26.0]
    assert induction.cycles == 3 and induction.interval_days == MONTHLY_DAYS
    assert induction.dose_per_cycle_g == 78.0
    # Maintenance: 26 g once a cycle, 9 cycles = 234 g
    assert [i.dose_g for i in maintenance.infusions] == [26.0]
    assert maintenance.cycles == 9 and maintenance.interval_days == MONTHLY_DAYS
    # Total: 3 × 3 × 0.4 + 9 × 0.4 = 3.6 + 3.6 = 7.2 g/kg; 7.2 × 65 = 468 g
    assert result.regimen.total_dose_g == 468.0
    assert result.regimen.total_dose_g == pytest.approx(7.2 * 65)
    names = [c.name for c in result.cotherapies]
    assert "Anticoagulation" in names and "Hydroxychloroquine" in names
    assert "sciascia-2012" in reference_ids(result)
    assert_regimen_safety_warnings(result)
    assert_every_warning_reference_listed(result)


def test_thrombosis_caution_cites_eular_2019() -> None:
    result = ivigcalc.aps(weight=65, scenario="thrombosis", inr=2.5)
    conflicts = warnings_with(result, "guideline-conflict")
    eular = [w for w in conflicts if "eular-2019" in w.references]
    assert eular, "EULAR 2019 escalates anticoagulation instead: must be shown"
    assert "EULAR 2019" in eular[0].message
    citation = next(ref.citation for ref in result.references if ref.id == "eular-2019")
    assert citation.startswith("EULAR 2019")


# ------------------------------------------------------------------------------------------ all scenarios


ALL_WITH_REGIMEN = [
    {"scenario": "obstetric", "failed_standard_therapy": True},
    {"scenario": "obstetric", "failed_standard_therapy": True, "protocol": "two-day"},
    {"scenario": "obstetric", "failed_standard_therapy": True, "protocol": "source-2-plus-1"},
    {"scenario": "caps"},
    {"scenario": "thrombosis", "anticoagulated": True},
    {"scenario": "thrombosis", "inr": 2.0, "protocol": "intensive"},
]


@pytest.mark.parametrize("kwargs", ALL_WITH_REGIMEN, ids=lambda kw: "-".join(str(v) for v in kw.values()))
def test_every_aps_regimen_carries_safety_warnings_and_null_grade(kwargs: dict[str, object]) -> None:
    result = ivigcalc.aps(weight=80, **kwargs)
    assert result.grade is None
    assert result.regimen is not None
    assert_regimen_safety_warnings(result)
    assert "no-ivig-alone" in codes(result)  # never replaces anticoagulation
    assert_every_warning_reference_listed(result)
    # The JSON contract: grade is null for aps
    assert '"grade":null' in result.model_dump_json()
