"""ITP decision table (CLINICAL.md §2, "Decision order"), through the public API `ivigcalc.itp`.

Adults: rule 1, then sepsis, then rules 2-9; children (< 18) and neonates have their own rules.
Every expected dose is computed by hand in the case (dosing weight × g/kg). The standard adult is a
70 kg man of 175 cm, aged 40: Devine IBW 50 + 2.3 × (175 / 2.54 − 60) = 70.46 kg > 70 kg, so the dose is
on actual weight (70 kg) and no `unadjusted-weight` warning muddies the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ivigcalc
from ivigcalc.errors import InputError
from ivigcalc.knowledge.itp_rules import ITP_RULES
from ivigcalc.model.result import Result
from ivigcalc.model.vocabulary import Status

INDICATED, CONSIDER, NOT_INDICATED = Status.INDICATED, Status.CONSIDER, Status.NOT_INDICATED

ADULT = {"weight": 70, "height": 175, "sex": "male", "age": 40}  # dosing weight 70 kg (actual < IBW)
# pregnancy: never adjusted, 70 kg
PREGNANT = {"weight": 70, "height": 165, "sex": "female", "age": 30, "pregnant": True}
CHILD = {"weight": 30, "age": 10}  # children: actual weight, 30 kg
NEONATE = {"weight": 3, "age": 0, "population": "neonate"}  # 3 kg

# Regimens of §2 at the weights above (dose_g = dosing weight × g/kg, to 0.01 g).
ADULT_1_G_PER_KG = [70.0]  # 1 g/kg × 70 kg = 70 g once
SEPSIS_3_DAYS = [28.0, 28.0, 28.0]  # 0.4 g/kg × 70 kg = 28 g/day × 3 days = 84 g
CHILD_1_G_PER_KG = [30.0]  # 1 g/kg × 30 kg = 30 g once (range 0.8-1 g/kg: 24 g to 30 g)
NEONATE_1_G_PER_KG = [3.0]  # 1 g/kg × 3 kg = 3 g once
NEONATE_5_DAYS = [1.2] * 5  # 0.4 g/kg × 3 kg = 1.2 g/day × 5 days = 6 g

R1 = "itp-adult-1-life-threatening-bleeding"
R1_NORMAL = "itp-adult-1-life-threatening-bleeding-normal-count"
R_SEPSIS_DIC = "itp-adult-sepsis-dic"
R_SEPSIS_IND = "itp-adult-sepsis-bleeding-or-procedure"
R_SEPSIS_ACTIVE = "itp-adult-sepsis-active-bleeding"
R_SEPSIS_CONSIDER = "itp-adult-sepsis"
R2 = "itp-adult-2-hiv"
R3 = "itp-adult-3-grade-4-active-bleeding"
R4 = "itp-adult-4-grade-3-active-bleeding"
R4_CONSIDER = "itp-adult-4-grade-3-minor-bleeding-or-risk"
R5 = "itp-adult-5-rapid-rise-or-procedure"
R6 = "itp-adult-6-steroids-contraindicated"
R7 = "itp-adult-7-hcv"
R8 = "itp-adult-8-below-30"
R8_GAP = "itp-adult-8-grade-4-minor-bleeding-or-risk"  # the same decision, with the no-source-row caution
R9_GRADE_2 = "itp-adult-9-grade-2"
R9_GRADE_2_NO_STEROIDS = "itp-adult-9-grade-2-steroids-contraindicated"
R9_ACTIVE = "itp-adult-9-active-bleeding-at-or-above-30"
R9_NORMAL = "itp-adult-9-normal-count"
R9_OBSERVE = "itp-adult-9-observation"

TRANSFUSION, IV_STEROIDS, PREDNISONE, DEXAMETHASONE = (
    "platelet-transfusion", "iv-corticosteroids", "prednisone", "dexamethasone")
STEROIDS = {PREDNISONE, DEXAMETHASONE}
NEONATE_STEROIDS = "corticosteroids (limited)"


def cotherapy_kinds(result: Result) -> set[str]:
    """Co-therapies by kind, whatever their display names say about first line or alternative."""
    kinds = set()
    for cotherapy in result.cotherapies:
        name = cotherapy.name.lower()
        if name.startswith("platelet transfusion"):
            kinds.add(TRANSFUSION)
        elif name.startswith("iv corticosteroid"):
            kinds.add(IV_STEROIDS)
        elif name.startswith("prednisone"):
            kinds.add(PREDNISONE)
        elif name.startswith("dexamethasone"):
            kinds.add(DEXAMETHASONE)
        else:
            kinds.add(name)
    return kinds


def warning_codes(result: Result) -> set[str]:
    return {warning.code for warning in result.warnings}


def assert_well_formed(result: Result) -> None:
    """Invariants of every ITP result (§2 status words, issue 2 warnings and references)."""
    reference_ids = {reference.id for reference in result.references}
    for reference in result.references:
        assert reference.citation.startswith(reference.label), reference.id
    for warning in result.warnings:
        assert set(warning.references) <= reference_ids, warning.code
    for cotherapy in result.cotherapies:
        assert set(cotherapy.references) <= reference_ids, cotherapy.name
    assert set(result.status_references) <= reference_ids
    assert set(result.dosing_weight.references) <= reference_ids
    assert "ctcae-v5" in reference_ids  # the grade is shown
    assert result.status_reason
    if result.status is NOT_INDICATED:
        assert result.regimen is None  # regimen withheld
    else:
        assert result.regimen is not None  # indicated and consider compute the regimen
    if result.regimen is not None:
        assert {"thrombosis-risk", "renal-monitoring"} <= warning_codes(result)
        assert set(result.regimen.references) <= reference_ids
        total = 0.0
        for phase in result.regimen.phases:
            assert phase.cycles is not None  # ITP regimens are finite courses
            total += phase.cycles * sum(infusion.dose_g for infusion in phase.infusions)
        assert result.regimen.total_dose_g == pytest.approx(total)


def daily_doses_g(result: Result) -> list[float] | None:
    if result.regimen is None:
        return None
    return [infusion.dose_g for phase in result.regimen.phases for infusion in phase.infusions]


@dataclass(frozen=True)
class Case:
    id: str
    kwargs: dict[str, object]
    status: Status
    rule: str
    doses_g: list[float] | None
    cotherapies: set[str] = field(default_factory=set)
    warnings: set[str] = field(default_factory=set)  # codes that must appear
    absent: set[str] = field(default_factory=set)  # codes that must not appear


def adult(platelets: float, **kwargs: object) -> dict[str, object]:
    return {**ADULT, "platelets": platelets, **kwargs}


CASES = [
    # ---------- rule 1: life-threatening, below the LLN (150 by default)
    Case("r1-lt-10", adult(10, bleeding="life-threatening"), INDICATED, R1, ADULT_1_G_PER_KG,
         {TRANSFUSION, IV_STEROIDS}, {"no-ivig-alone"}, {"slower-regimen"}),
    Case("r1-lt-100", adult(100, bleeding="life-threatening"), INDICATED, R1, ADULT_1_G_PER_KG,
         {TRANSFUSION, IV_STEROIDS}, {"no-ivig-alone"}),
    Case("r1-lt-149.9", adult(149.9, bleeding="life-threatening"), INDICATED, R1, ADULT_1_G_PER_KG,
         {TRANSFUSION, IV_STEROIDS}, {"no-ivig-alone"}),
    # at or above the LLN the count does not explain the bleeding (ICR 2019): no IVIG, no transfusion
    Case("r1-lt-at-lln-150", adult(150, bleeding="life-threatening"), NOT_INDICATED, R1_NORMAL, None,
         set(), {"bleeding-not-explained"}, {"no-ivig-alone"}),
    Case("r1-lt-350", adult(350, bleeding="life-threatening"), NOT_INDICATED, R1_NORMAL, None,
         set(), {"bleeding-not-explained"}, {"no-ivig-alone"}),
    Case("r1-lt-custom-lln-at", adult(120, bleeding="life-threatening", lln=120), NOT_INDICATED, R1_NORMAL,
         None, set(), {"bleeding-not-explained"}),
    Case("r1-lt-custom-lln-below", adult(119.9, bleeding="life-threatening", lln=120), INDICATED, R1,
         ADULT_1_G_PER_KG, {TRANSFUSION, IV_STEROIDS}, {"no-ivig-alone"}),
    # LLN 90 and neurosurgery (target 100): a count of 95 is normal but below the target; the bleeding is
    # life-threatening, so rule 1 decides: never IVIG alone (platelets now, IV corticosteroids).
    Case("r1-lt-normal-count-below-procedure-target",
         adult(95, bleeding="life-threatening", lln=90, procedure_type="neurosurgery"), INDICATED, R1,
         ADULT_1_G_PER_KG, {TRANSFUSION, IV_STEROIDS}, {"no-ivig-alone"}),
    Case("r1-lt-sepsis-dic-at-lln", adult(150, bleeding="life-threatening", cause="sepsis", dic=True),
         NOT_INDICATED, R1_NORMAL, None, set(), {"bleeding-not-explained"}),
    Case("r1-beats-hiv", adult(10, bleeding="life-threatening", cause="hiv"), INDICATED, R1,
         ADULT_1_G_PER_KG, {TRANSFUSION, IV_STEROIDS}, {"no-ivig-alone"}),
    # "life-threatening bleeding overrides everything for adults, sepsis included" (even DIC)
    Case("r1-beats-sepsis-dic", adult(40, bleeding="life-threatening", cause="sepsis", dic=True),
         INDICATED, R1, ADULT_1_G_PER_KG, {TRANSFUSION, IV_STEROIDS}, {"no-ivig-alone"}),
    # ---------- sepsis (after rule 1)
    Case("sepsis-dic", adult(40, cause="sepsis", dic=True), NOT_INDICATED, R_SEPSIS_DIC, None,
         set(), {"dic-excluded", "guideline-conflict"}),
    Case("sepsis-dic-active", adult(20, bleeding="active", cause="sepsis", dic=True), NOT_INDICATED,
         R_SEPSIS_DIC, None, set(), {"dic-excluded"}),
    Case("sepsis-minor", adult(40, bleeding="minor", cause="sepsis"), INDICATED, R_SEPSIS_IND,
         SEPSIS_3_DAYS, set(), {"guideline-conflict"}, {"dic-excluded"}),
    # sepsis comes before rule 3: grade 4 with active bleeding in sepsis gets the sepsis regimen, with
    # platelet transfusion (pitfall: never withhold it in bleeding)
    Case("sepsis-active-grade-4", adult(20, bleeding="active", cause="sepsis"), INDICATED, R_SEPSIS_ACTIVE,
         SEPSIS_3_DAYS, {TRANSFUSION}, {"guideline-conflict"}),
    Case("sepsis-procedure", adult(40, procedure=True, cause="sepsis"), INDICATED, R_SEPSIS_IND,
         SEPSIS_3_DAYS, set(), {"guideline-conflict"}),
    # the procedure's target gates the sepsis row too: major 80, minor 50 (ICR 2019)
    Case("sepsis-procedure-79.9", adult(79.9, procedure=True, cause="sepsis"), INDICATED, R_SEPSIS_IND,
         SEPSIS_3_DAYS),
    Case("sepsis-procedure-80", adult(80, procedure=True, cause="sepsis"), CONSIDER, R_SEPSIS_CONSIDER,
         SEPSIS_3_DAYS),
    Case("sepsis-minor-procedure-50", adult(50, procedure_type="minor", cause="sepsis"), CONSIDER,
         R_SEPSIS_CONSIDER, SEPSIS_3_DAYS),
    Case("sepsis-minor-procedure-49.9", adult(49.9, procedure_type="minor", cause="sepsis"), INDICATED,
         R_SEPSIS_IND, SEPSIS_3_DAYS),
    Case("sepsis-no-bleeding", adult(40, cause="sepsis"), CONSIDER, R_SEPSIS_CONSIDER, SEPSIS_3_DAYS,
         set(), {"guideline-conflict"}),
    Case("sepsis-no-bleeding-10", adult(10, cause="sepsis"), CONSIDER, R_SEPSIS_CONSIDER, SEPSIS_3_DAYS,
         set(), {"guideline-conflict"}),
    # ---------- rule 2: HIV without significant bleeding
    Case("r2-hiv-none", adult(10, cause="hiv"), NOT_INDICATED, R2, None),
    Case("r2-hiv-minor", adult(10, bleeding="minor", cause="hiv"), NOT_INDICATED, R2, None),
    # Deviation from the literal rule 2 (README): a needed rapid rise goes on to rule 5, since antivirals
    # cannot raise the count in time and the document allows IVIG "if ITP treatment is needed".
    Case("r2-hiv-rapid-rise-goes-on-to-rule-5", adult(10, rapid_rise=True, cause="hiv"), INDICATED, R5,
         ADULT_1_G_PER_KG, STEROIDS, {"unverified-citation"}),
    # the HIV exception needs a procedure below its target: 79.9 < 80 goes on to rule 5, 80 does not
    Case("r2-hiv-procedure-79.9", adult(79.9, procedure=True, cause="hiv"), INDICATED, R5, ADULT_1_G_PER_KG,
         STEROIDS),
    Case("r2-hiv-procedure-80", adult(80, procedure=True, cause="hiv"), NOT_INDICATED, R2, None),
    Case("r2-hiv-before-rule-6", adult(10, steroids_contraindicated=True, cause="hiv"), NOT_INDICATED,
         R2, None),
    Case("r2-hiv-active-goes-on-to-rule-3", adult(20, bleeding="active", cause="hiv"), INDICATED, R3,
         ADULT_1_G_PER_KG, {TRANSFUSION, PREDNISONE, DEXAMETHASONE}),
    # ---------- rule 3: grade 4 + active bleeding
    Case("r3-24.9-active", adult(24.9, bleeding="active"), INDICATED, R3, ADULT_1_G_PER_KG,
         {TRANSFUSION, PREDNISONE, DEXAMETHASONE}, set(), {"no-ivig-alone"}),
    Case("r3-0-active", adult(0, bleeding="active"), INDICATED, R3, ADULT_1_G_PER_KG,
         {TRANSFUSION, PREDNISONE, DEXAMETHASONE}),
    # ---------- rule 4: grade 3 + active bleeding indicated; minor bleeding or a risk: consider
    Case("r4-25-active", adult(25, bleeding="active"), INDICATED, R4, ADULT_1_G_PER_KG,
         {PREDNISONE, DEXAMETHASONE}),
    Case("r4-49.9-active", adult(49.9, bleeding="active"), INDICATED, R4, ADULT_1_G_PER_KG,
         {PREDNISONE, DEXAMETHASONE}),
    # 25 with minor bleeding was 'indicated' while 24.9 was 'consider': now both consider, 25 with the
    # conflict caution (the source document's IVIG + corticosteroids vs ASH 2019)
    Case("r4-25-minor", adult(25, bleeding="minor"), CONSIDER, R4_CONSIDER, ADULT_1_G_PER_KG, STEROIDS,
         {"guideline-conflict"}),
    Case("r4-30-minor", adult(30, bleeding="minor"), CONSIDER, R4_CONSIDER, ADULT_1_G_PER_KG, STEROIDS,
         {"guideline-conflict"}),
    Case("r4-49.9-risk", adult(49.9, bleeding_risk=True), CONSIDER, R4_CONSIDER, ADULT_1_G_PER_KG, STEROIDS,
         {"guideline-conflict"}),
    Case("r4-50-risk", adult(50, bleeding_risk=True), NOT_INDICATED, R9_GRADE_2, None, {PREDNISONE}),
    # rules 6 and 7 come before the grade 3 'consider' row: a stated risk never weakens them
    Case("r4-29.9-risk-steroids-contraindicated", adult(29.9, bleeding_risk=True, steroids_contraindicated=True),
         INDICATED, R6, ADULT_1_G_PER_KG, set()),
    Case("r4-29.9-minor-hcv", adult(29.9, bleeding="minor", cause="hcv"), INDICATED, R7, ADULT_1_G_PER_KG, set()),
    # grade 4 with only minor bleeding or a risk is neither rule 3 (active) nor rule 4 (grade 3): rule 8
    Case("r4-not-grade-4-minor", adult(20, bleeding="minor"), CONSIDER, R8_GAP, ADULT_1_G_PER_KG, STEROIDS,
         {"guideline-conflict"}),
    Case("r4-not-grade-4-risk", adult(24.9, bleeding_risk=True), CONSIDER, R8_GAP, ADULT_1_G_PER_KG, STEROIDS,
         {"guideline-conflict"}),
    # grade 3 below 30 without bleeding or risk: no grade-4 gap to mention (28: grade 3, below 30)
    Case("r8-grade-3-no-gap-caution", adult(28), CONSIDER, R8, ADULT_1_G_PER_KG, STEROIDS, set(),
         {"guideline-conflict"}),
    Case("r4-not-grade-2-risk", adult(50, bleeding_risk=True), NOT_INDICATED, R9_GRADE_2, None,
         {PREDNISONE}, {"guideline-conflict"}),
    # ---------- rule 5: below LLN + rapid rise/procedure
    Case("r5-149.9-rapid", adult(149.9, rapid_rise=True), INDICATED, R5, ADULT_1_G_PER_KG,
         {PREDNISONE, DEXAMETHASONE}),
    # procedures: below the ICR 2019 target only (minor 50, major 80 (the default), neurosurgery 100)
    Case("r5-149.9-procedure-above-major-target", adult(149.9, procedure=True), NOT_INDICATED, R9_OBSERVE, None),
    Case("r5-145-procedure", adult(145, procedure=True), NOT_INDICATED, R9_OBSERVE, None),
    Case("r5-100-procedure", adult(100, procedure=True), NOT_INDICATED, R9_OBSERVE, None),
    Case("r5-80-major", adult(80, procedure=True), NOT_INDICATED, R9_OBSERVE, None),
    Case("r5-79.9-major", adult(79.9, procedure=True), INDICATED, R5, ADULT_1_G_PER_KG, STEROIDS),
    Case("r5-79.9-major-type-implies-procedure", adult(79.9, procedure_type="major"), INDICATED, R5,
         ADULT_1_G_PER_KG, STEROIDS),
    Case("r5-50-minor", adult(50, procedure_type="minor"), NOT_INDICATED, R9_GRADE_2, None, {PREDNISONE}),
    Case("r5-49.9-minor", adult(49.9, procedure_type="minor"), INDICATED, R5, ADULT_1_G_PER_KG, STEROIDS),
    Case("r5-100-neurosurgery", adult(100, procedure_type="neurosurgery"), NOT_INDICATED, R9_OBSERVE, None),
    Case("r5-99.9-neurosurgery", adult(99.9, procedure_type="neurosurgery"), INDICATED, R5, ADULT_1_G_PER_KG,
         STEROIDS),
    Case("r5-grade-2-rapid", adult(60, rapid_rise=True), INDICATED, R5, ADULT_1_G_PER_KG, STEROIDS),
    Case("r5-10-rapid-before-rule-8", adult(10, rapid_rise=True), INDICATED, R5, ADULT_1_G_PER_KG, STEROIDS),
    Case("r5-150-rapid-not-below-lln", adult(150, rapid_rise=True), NOT_INDICATED, R9_NORMAL, None),
    Case("r5-150-procedure-not-below-lln", adult(150, procedure=True), NOT_INDICATED, R9_NORMAL, None),
    Case("r5-custom-lln", adult(130, rapid_rise=True, lln=140), INDICATED, R5, ADULT_1_G_PER_KG, STEROIDS),
    Case("r5-custom-lln-at", adult(140, rapid_rise=True, lln=140), NOT_INDICATED, R9_NORMAL, None),
    # ---------- rule 6: < 30 + steroids contraindicated
    Case("r6-29.9", adult(29.9, steroids_contraindicated=True), INDICATED, R6, ADULT_1_G_PER_KG, set(),
         set(), {"steroids-contraindicated"}),  # IVIG alone by design: nothing omitted
    Case("r6-30", adult(30, steroids_contraindicated=True), NOT_INDICATED, R9_OBSERVE, None),
    # ---------- rule 7: < 30 + HCV
    Case("r7-29.9", adult(29.9, cause="hcv"), INDICATED, R7, ADULT_1_G_PER_KG, set()),
    Case("r7-30", adult(30, cause="hcv"), NOT_INDICATED, R9_OBSERVE, None),
    # ---------- rule 8: < 30, corticosteroids first line
    Case("r8-29.9", adult(29.9), CONSIDER, R8, ADULT_1_G_PER_KG, STEROIDS),
    Case("r8-0", adult(0), CONSIDER, R8, ADULT_1_G_PER_KG, STEROIDS),
    Case("r8-30", adult(30), NOT_INDICATED, R9_OBSERVE, None),
    # pregnancy: dexamethasone left out (crosses the placenta, ICR 2019), prednisone stays
    Case("r8-pregnant", {**PREGNANT, "platelets": 20}, CONSIDER, R8, ADULT_1_G_PER_KG, {PREDNISONE},
         {"guideline-conflict", "pregnancy-steroid-choice"}),
    # ---------- rule 9: active bleeding at or above 30 is not explained by the count
    Case("r9-active-50", adult(50, bleeding="active"), NOT_INDICATED, R9_ACTIVE, None),
    Case("r9-active-100", adult(100, bleeding="active"), NOT_INDICATED, R9_ACTIVE, None),
    Case("r9-grade-2-steroids-contraindicated", adult(60, steroids_contraindicated=True), NOT_INDICATED,
         R9_GRADE_2_NO_STEROIDS, None, set(), set(), {"steroids-contraindicated"}),
    # ---------- rule 9: otherwise not indicated
    Case("r9-grade-2-50", adult(50), NOT_INDICATED, R9_GRADE_2, None, {PREDNISONE}, {"guideline-conflict"}),
    Case("r9-grade-2-74.9", adult(74.9), NOT_INDICATED, R9_GRADE_2, None, {PREDNISONE},
         {"guideline-conflict"}),
    Case("r9-grade-2-minor", adult(60, bleeding="minor"), NOT_INDICATED, R9_GRADE_2, None, {PREDNISONE},
         {"guideline-conflict"}),
    Case("r9-grade-1-75", adult(75), NOT_INDICATED, R9_OBSERVE, None, set(), set(), {"guideline-conflict"}),
    Case("r9-grade-3-49.9", adult(49.9), NOT_INDICATED, R9_OBSERVE, None, set(), set(),
         {"guideline-conflict"}),
    Case("r9-30", adult(30), NOT_INDICATED, R9_OBSERVE, None),
    Case("r9-149.9", adult(149.9), NOT_INDICATED, R9_OBSERVE, None),
    Case("r9-150", adult(150), NOT_INDICATED, R9_NORMAL, None),
    Case("r9-hcv-above-30", adult(80, cause="hcv"), NOT_INDICATED, R9_OBSERVE, None),
    # ---------- children (< 18)
    Case("child-none-5", {**CHILD, "platelets": 5}, NOT_INDICATED, "itp-child-observation", None),
    Case("child-minor-5", {**CHILD, "platelets": 5, "bleeding": "minor"}, NOT_INDICATED,
         "itp-child-observation", None),
    Case("child-minor-100", {**CHILD, "platelets": 100, "bleeding": "minor"}, NOT_INDICATED,
         "itp-child-observation", None),
    # observation "whatever the count": at the LLN the status agrees (the code names it a normal count)
    Case("child-none-150", {**CHILD, "platelets": 150}, NOT_INDICATED, "itp-child-normal-count", None),
    Case("child-risk-is-not-a-trigger", {**CHILD, "platelets": 10, "bleeding_risk": True}, NOT_INDICATED,
         "itp-child-observation", None),
    Case("child-steroids-contraindicated", {**CHILD, "platelets": 10, "steroids_contraindicated": True},
         NOT_INDICATED, "itp-child-observation", None),
    Case("child-active-20", {**CHILD, "platelets": 20, "bleeding": "active"}, INDICATED,
         "itp-child-active-bleeding", CHILD_1_G_PER_KG, set(), {"dose-range"}),
    Case("child-active-100", {**CHILD, "platelets": 100, "bleeding": "active"}, INDICATED,
         "itp-child-active-bleeding", CHILD_1_G_PER_KG, set(), {"dose-range"}),
    Case("child-lt-5", {**CHILD, "platelets": 5, "bleeding": "life-threatening"}, INDICATED,
         "itp-child-life-threatening-bleeding", CHILD_1_G_PER_KG, {TRANSFUSION, IV_STEROIDS},
         {"no-ivig-alone", "dose-range"}),
    Case("child-rapid-rise", {**CHILD, "platelets": 100, "rapid_rise": True}, INDICATED,
         "itp-child-rapid-rise-or-procedure", CHILD_1_G_PER_KG, set(), {"dose-range"}),
    Case("child-procedure", {**CHILD, "platelets": 40, "procedure": True}, INDICATED,
         "itp-child-rapid-rise-or-procedure", CHILD_1_G_PER_KG, set(), {"dose-range"}),
    Case("child-procedure-79.9", {**CHILD, "platelets": 79.9, "procedure": True}, INDICATED,
         "itp-child-rapid-rise-or-procedure", CHILD_1_G_PER_KG),
    Case("child-procedure-80", {**CHILD, "platelets": 80, "procedure": True}, NOT_INDICATED,
         "itp-child-observation", None),
    Case("child-neurosurgery-99.9", {**CHILD, "platelets": 99.9, "procedure_type": "neurosurgery"}, INDICATED,
         "itp-child-rapid-rise-or-procedure", CHILD_1_G_PER_KG),
    Case("child-neurosurgery-100", {**CHILD, "platelets": 100, "procedure_type": "neurosurgery"},
         NOT_INDICATED, "itp-child-observation", None),
    Case("child-minor-procedure-50", {**CHILD, "platelets": 50, "procedure_type": "minor"}, NOT_INDICATED,
         "itp-child-observation", None),
    Case("child-minor-procedure-49.9", {**CHILD, "platelets": 49.9, "procedure_type": "minor"}, INDICATED,
         "itp-child-rapid-rise-or-procedure", CHILD_1_G_PER_KG),
    Case("child-lt-149.9", {**CHILD, "platelets": 149.9, "bleeding": "life-threatening"}, INDICATED,
         "itp-child-life-threatening-bleeding", CHILD_1_G_PER_KG, {TRANSFUSION, IV_STEROIDS}, {"no-ivig-alone"}),
    Case("child-lt-150", {**CHILD, "platelets": 150, "bleeding": "life-threatening"}, NOT_INDICATED,
         "itp-child-life-threatening-bleeding-normal-count", None, set(), {"bleeding-not-explained"}),
    # HCV, HIV, sepsis are adult causes: for a child only an info warning
    Case("child-hcv", {**CHILD, "platelets": 20, "cause": "hcv"}, NOT_INDICATED, "itp-child-observation",
         None, set(), {"adult-cause"}),
    Case("child-hiv-active", {**CHILD, "platelets": 20, "cause": "hiv", "bleeding": "active"}, INDICATED,
         "itp-child-active-bleeding", CHILD_1_G_PER_KG, set(), {"adult-cause", "dose-range"}),
    Case("child-sepsis-dic", {**CHILD, "platelets": 20, "cause": "sepsis", "dic": True}, NOT_INDICATED,
         "itp-child-observation", None, set(), {"adult-cause"}, {"dic-excluded"}),
    # age 18 vs 17.9 at 20 ×10⁹/L, no bleeding: adult rule 8 vs child observation (70 kg, no height)
    Case("age-17.9-child", {"weight": 70, "age": 17.9, "platelets": 20}, NOT_INDICATED,
         "itp-child-observation", None),
    Case("age-18-adult", {"weight": 70, "age": 18, "platelets": 20}, CONSIDER, R8, ADULT_1_G_PER_KG,
         STEROIDS, {"unadjusted-weight"}),
    Case("age-17.9-active", {"weight": 70, "age": 17.9, "platelets": 20, "bleeding": "active"}, INDICATED,
         "itp-child-active-bleeding", [70.0], set(), {"dose-range"}, {"unadjusted-weight"}),
    Case("age-18-active", {"weight": 70, "age": 18, "platelets": 20, "bleeding": "active"}, INDICATED,
         R3, [70.0], {TRANSFUSION, PREDNISONE, DEXAMETHASONE}),
    # ---------- neonates (cause stated)
    Case("neonate-alloimmune-life-threatening",
         {**NEONATE, "platelets": 10, "cause": "alloimmune", "bleeding": "life-threatening"}, INDICATED,
         "itp-neonate-alloimmune-life-threatening", NEONATE_1_G_PER_KG, {TRANSFUSION, NEONATE_STEROIDS},
         {"no-ivig-alone", "guideline-conflict"}),
    Case("neonate-alloimmune-10", {**NEONATE, "platelets": 10, "cause": "alloimmune"}, INDICATED,
         "itp-neonate-alloimmune", NEONATE_1_G_PER_KG, {TRANSFUSION}, {"guideline-conflict"}),
    # alloimmune: IVIG below 30, or below the LLN with bleeding (Ontario: severe thrombocytopenia; ICR 2019's 30)
    Case("neonate-alloimmune-29.9", {**NEONATE, "platelets": 29.9, "cause": "alloimmune"}, INDICATED,
         "itp-neonate-alloimmune", NEONATE_1_G_PER_KG, {TRANSFUSION}),
    Case("neonate-alloimmune-30", {**NEONATE, "platelets": 30, "cause": "alloimmune"}, NOT_INDICATED,
         "itp-neonate-alloimmune-observe", None),
    Case("neonate-alloimmune-250", {**NEONATE, "weight": 3.2, "platelets": 250, "cause": "alloimmune"},
         NOT_INDICATED, "itp-neonate-alloimmune-observe", None),
    Case("neonate-alloimmune-149.9-minor",
         {**NEONATE, "platelets": 149.9, "cause": "alloimmune", "bleeding": "minor"}, INDICATED,
         "itp-neonate-alloimmune", NEONATE_1_G_PER_KG, {TRANSFUSION}),
    Case("neonate-alloimmune-150-minor",
         {**NEONATE, "platelets": 150, "cause": "alloimmune", "bleeding": "minor"}, NOT_INDICATED,
         "itp-neonate-alloimmune-observe", None),
    # life-threatening: platelet transfusion now and limited corticosteroids, never IVIG alone (ICR 2019)
    Case("neonate-maternal-life-threatening",
         {**NEONATE, "platelets": 40, "cause": "maternal-itp", "bleeding": "life-threatening"}, INDICATED,
         "itp-neonate-maternal-itp-life-threatening", NEONATE_5_DAYS, {TRANSFUSION, NEONATE_STEROIDS},
         {"no-ivig-alone", "transient-response", "guideline-conflict"}),
    Case("neonate-life-threatening-at-lln",
         {**NEONATE, "platelets": 150, "cause": "maternal-itp", "bleeding": "life-threatening"}, NOT_INDICATED,
         "itp-neonate-life-threatening-bleeding-normal-count", None, set(), {"bleeding-not-explained"}),
    Case("neonate-maternal-150-active",
         {**NEONATE, "platelets": 150, "cause": "maternal-itp", "bleeding": "active"}, NOT_INDICATED,
         "itp-neonate-maternal-itp-observe", None),
    Case("neonate-maternal-149.9-active",
         {**NEONATE, "platelets": 149.9, "cause": "maternal-itp", "bleeding": "active"}, INDICATED,
         "itp-neonate-maternal-itp-treat", NEONATE_5_DAYS),
    Case("neonate-maternal-29.9", {**NEONATE, "platelets": 29.9, "cause": "maternal-itp"}, INDICATED,
         "itp-neonate-maternal-itp-treat", NEONATE_5_DAYS, set(), {"transient-response"}),
    Case("neonate-maternal-30", {**NEONATE, "platelets": 30, "cause": "maternal-itp"}, NOT_INDICATED,
         "itp-neonate-maternal-itp-observe", None, set(), set(), {"transient-response"}),
    Case("neonate-maternal-30-minor",
         {**NEONATE, "platelets": 30, "cause": "maternal-itp", "bleeding": "minor"},
         INDICATED, "itp-neonate-maternal-itp-treat", NEONATE_5_DAYS, set(), {"transient-response"}),
    Case("neonate-maternal-100-active",
         {**NEONATE, "platelets": 100, "cause": "maternal-itp", "bleeding": "active"},
         INDICATED, "itp-neonate-maternal-itp-treat", NEONATE_5_DAYS, set(), {"transient-response"}),
    Case("neonate-population-without-age", {"weight": 3, "population": "neonate", "platelets": 10,
                                            "cause": "alloimmune"},
         INDICATED, "itp-neonate-alloimmune", NEONATE_1_G_PER_KG, {TRANSFUSION}),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_decision_table(case: Case) -> None:
    result = ivigcalc.itp(**case.kwargs)  # type: ignore[arg-type]
    assert result.status is case.status
    assert result.rule == case.rule
    assert daily_doses_g(result) == case.doses_g
    if case.doses_g is not None:
        assert result.regimen is not None
        assert result.regimen.total_dose_g == pytest.approx(sum(case.doses_g))
    assert cotherapy_kinds(result) == case.cotherapies
    codes = warning_codes(result)
    assert case.warnings <= codes, f"missing {case.warnings - codes}"
    assert not (case.absent & codes), f"unexpected {case.absent & codes}"
    assert_well_formed(result)


def test_case_ids_are_unique() -> None:
    assert len({case.id for case in CASES}) == len(CASES)


def test_every_itp_rule_has_a_case() -> None:
    covered = {case.rule for case in CASES}
    assert {rule.id for rule in ITP_RULES} <= covered


# ---------- regimen details


def test_total_doses_by_hand() -> None:
    # Sepsis: 0.4 g/kg/day × 70 kg × 3 days = 84 g; neonate maternal ITP: 0.4 × 3 kg × 5 = 6 g.
    sepsis = ivigcalc.itp(**adult(40, cause="sepsis", bleeding="minor"))  # type: ignore[arg-type]
    assert sepsis.regimen is not None and sepsis.regimen.total_dose_g == 84.0
    assert [i.dose_g_per_kg for i in sepsis.regimen.phases[0].infusions] == [0.4, 0.4, 0.4]
    neonate = ivigcalc.itp(**NEONATE, platelets=10, cause="maternal-itp")  # type: ignore[arg-type]
    assert neonate.regimen is not None and neonate.regimen.total_dose_g == 6.0
    assert [i.day for i in neonate.regimen.phases[0].infusions] == [1, 2, 3, 4, 5]


def test_child_dose_range_is_shown() -> None:
    result = ivigcalc.itp(**CHILD, platelets=20, bleeding="active")  # type: ignore[arg-type]
    dose_range = [w for w in result.warnings if w.code == "dose-range"]
    assert len(dose_range) == 1
    assert dose_range[0].severity.value == "info"
    # 0.8 g/kg × 30 kg = 24 g; 1 g/kg × 30 kg = 30 g
    assert "24 g" in dose_range[0].message
    assert "30 g" in dose_range[0].message
    assert result.regimen is not None
    assert result.regimen.phases[0].infusions[0].dose_g_per_kg == 1.0


def test_prednisone_is_on_actual_weight_when_ivig_is_on_adjusted_weight() -> None:
    # Male 175 cm, 100 kg: IVIG on AdjBW 70.46 + 0.4 × (100 − 70.46) = 82.28 kg → 1 g/kg = 82.28 g;
    # prednisone 1-2 mg/kg/day on ACTUAL 100 kg = 100 mg to 200 mg a day (not 82.28 to 164.56 mg).
    result = ivigcalc.itp(weight=100, height=175, sex="male", age=40, platelets=20, bleeding="active")
    assert result.rule == R3
    assert result.dosing_weight.basis.value == "adjusted"
    assert result.regimen is not None
    assert result.regimen.total_dose_g == 82.28
    prednisone = [c for c in result.cotherapies if c.name.lower().startswith("prednisone")]
    assert len(prednisone) == 1
    assert "100 mg to 200 mg" in prednisone[0].detail
    assert "82.28" not in prednisone[0].detail


def test_prednisone_standard_adult() -> None:
    # 1-2 mg/kg/day × 70 kg = 70 mg to 140 mg a day
    result = ivigcalc.itp(**adult(24.9, bleeding="active"))  # type: ignore[arg-type]
    prednisone = next(c for c in result.cotherapies if c.name.lower().startswith("prednisone"))
    assert "70 mg to 140 mg" in prednisone.detail
    dexamethasone = next(c for c in result.cotherapies if c.name.lower().startswith("dexamethasone"))
    assert "40 mg" in dexamethasone.detail  # 40 mg/day × 4 days (ASH 2019)
    assert "4 days" in dexamethasone.detail


def test_prednisone_in_pregnancy_is_10_to_20_mg_a_day() -> None:
    # IVIG on pre-pregnancy 65 kg: 1 g/kg = 65 g. Prednisone in pregnancy is a fixed 10-20 mg a day
    # (ICR 2019), not 1-2 mg/kg × 80 kg = 80 mg to 160 mg; no dexamethasone; no 'no maximum' caution.
    result = ivigcalc.itp(weight=80, height=165, sex="female", age=30, pregnant=True,
                          pre_pregnancy_weight=65, platelets=20)
    assert result.status is CONSIDER
    assert result.regimen is not None and result.regimen.total_dose_g == 65.0
    prednisone = next(c for c in result.cotherapies if c.name.lower().startswith("prednisone"))
    assert "10-20 mg a day" in prednisone.detail
    assert "80 mg" not in prednisone.detail and "mg/kg" not in prednisone.detail
    assert "icr-2019" in prednisone.references
    assert cotherapy_kinds(result) == {PREDNISONE}
    codes = warning_codes(result)
    assert {"guideline-conflict", "pregnancy-steroid-choice"} <= codes
    assert "prednisone-no-maximum" not in codes
    choice = next(w for w in result.warnings if w.code == "pregnancy-steroid-choice")
    assert "10-20 mg a day" in choice.message


@pytest.mark.parametrize(("weight", "warns"), [(50, False), (50.01, True), (70, True)])
def test_prednisone_above_100_mg_a_day_says_no_maximum(weight: float, warns: bool) -> None:
    # 2 mg/kg × 50 kg = 100 mg: not above 100, no caution; 2 × 50.01 = 100.02 mg and 2 × 70 = 140 mg: caution.
    result = ivigcalc.itp(weight=weight, age=40, platelets=20, bleeding="active")
    assert result.rule == R3
    assert ("prednisone-no-maximum" in warning_codes(result)) is warns
    if warns:
        caution = next(w for w in result.warnings if w.code == "prednisone-no-maximum")
        assert caution.severity.value == "caution"
        assert f"{2 * weight:g} mg a day" in caution.message.replace(",", "")


def test_neonate_life_threatening_warning_names_only_listed_cotherapies() -> None:
    result = ivigcalc.itp(**NEONATE, platelets=40, cause="maternal-itp", bleeding="life-threatening")
    warning = next(w for w in result.warnings if w.code == "no-ivig-alone")
    names = {c.name.lower() for c in result.cotherapies}
    assert names == {"platelet transfusion", "corticosteroids (limited)"}
    assert "platelet transfusion" in warning.message.lower()
    assert "limited corticosteroids" in warning.message
    assert "IV corticosteroids" not in warning.message  # the adult text named a co-therapy not listed here


# ---------- five-day regimen


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        (adult(29.9, steroids_contraindicated=True), R6),
        (adult(29.9), R8),
    ],
)
def test_five_day_regimen_on_request(kwargs: dict[str, object], rule: str) -> None:
    result = ivigcalc.itp(**kwargs, regimen="five-day")  # type: ignore[arg-type]
    assert result.rule == rule
    # 0.4 g/kg/day × 70 kg = 28 g/day × 5 days = 140 g (2 g/kg per course: not above the usual 2 g/kg)
    assert daily_doses_g(result) == [28.0] * 5
    assert result.regimen is not None and result.regimen.total_dose_g == 140.0
    codes = warning_codes(result)
    assert "slower-regimen" in codes
    assert "above-usual-dose" not in codes
    assert_well_formed(result)


def test_single_dose_is_the_default_without_slower_regimen_warning() -> None:
    result = ivigcalc.itp(**adult(24.9, bleeding="active"))  # type: ignore[arg-type]
    assert daily_doses_g(result) == [70.0]
    assert "slower-regimen" not in warning_codes(result)


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [(adult(10, bleeding="life-threatening"), "life-threatening bleeding"),
     (adult(24.9, bleeding="active"), "grade 4 with active bleeding"),
     (adult(60, rapid_rise=True), "--rapid-rise"),
     (adult(60, procedure=True), "major surgery planned below its target of 80")],
)
def test_five_day_is_computed_with_a_danger_warning_when_a_rapid_rise_is_needed(
        kwargs: dict[str, object], why: str) -> None:
    # Source-document pitfall ("do not use 0.4 g/kg × 5 when a rapid response is needed") as a soft stop:
    # 0.4 g/kg/day × 70 kg = 28 g a day × 5 days = 140 g, with one danger `slower-regimen` saying why.
    result = ivigcalc.itp(**kwargs, regimen="five-day")  # type: ignore[arg-type]
    assert daily_doses_g(result) == [28.0] * 5
    assert result.regimen is not None and result.regimen.total_dose_g == 140.0
    slower = [w for w in result.warnings if w.code == "slower-regimen"]
    assert len(slower) == 1
    assert slower[0].severity.value == "danger"
    assert why in slower[0].message
    assert result.warnings[0].severity.value == "danger"  # ranked first
    assert_well_formed(result)


# ---------- steroids contraindicated


@pytest.mark.parametrize(
    ("kwargs", "rule", "remaining"),
    [
        (adult(10, bleeding="life-threatening"), R1, {TRANSFUSION}),
        (adult(24.9, bleeding="active"), R3, {TRANSFUSION}),
        (adult(40, bleeding="active"), R4, set()),
        (adult(100, rapid_rise=True), R5, set()),
        (adult(10, rapid_rise=True), R5, set()),  # rule 5 precedes rule 6
    ],
)
def test_steroids_contraindicated_are_omitted_with_a_warning(
    kwargs: dict[str, object], rule: str, remaining: set[str]
) -> None:
    result = ivigcalc.itp(**kwargs, steroids_contraindicated=True)  # type: ignore[arg-type]
    assert result.rule == rule
    assert result.status is INDICATED
    assert cotherapy_kinds(result) == remaining
    assert "steroids-contraindicated" in warning_codes(result)
    assert daily_doses_g(result) == ADULT_1_G_PER_KG  # the IVIG dose is unchanged
    assert_well_formed(result)


def test_steroids_contraindicated_grade_2_gets_observation_not_prednisone() -> None:
    result = ivigcalc.itp(**adult(60, steroids_contraindicated=True))  # type: ignore[arg-type]
    assert result.rule == R9_GRADE_2_NO_STEROIDS
    assert cotherapy_kinds(result) == set()
    assert "observation" in result.status_reason


# ---------- references


def test_labels_have_the_short_form() -> None:
    result = ivigcalc.itp(**adult(10, bleeding="life-threatening"))  # type: ignore[arg-type]
    labels = {reference.id: reference.label for reference in result.references}
    assert labels["ash-2011"] == "ASH 2011"
    assert labels["icr-2019"] == "ICR 2019"
    assert labels["fda-2013"] == "FDA 2013"
    assert labels["ctcae-v5"] == "CTCAE v5.0"


def test_boxed_warnings_cite_fda_2013() -> None:
    result = ivigcalc.itp(**adult(24.9, bleeding="active"))  # type: ignore[arg-type]
    by_code = {warning.code: warning for warning in result.warnings}
    assert "fda-2013" in by_code["thrombosis-risk"].references
    assert "fda-2013" in by_code["renal-monitoring"].references


# ---------- input errors


@pytest.mark.parametrize(
    ("kwargs", "field_name"),
    [
        ({**NEONATE, "platelets": 10}, "cause"),  # a neonate must state the cause
        ({**NEONATE, "platelets": 10, "cause": "primary"}, "cause"),
        ({**ADULT, "platelets": 10, "cause": "maternal-itp"}, "cause"),  # neonatal causes only
        ({**CHILD, "platelets": 10, "cause": "alloimmune"}, "cause"),
        ({**ADULT, "platelets": 10, "dic": True}, "dic"),  # DIC only with sepsis
        ({**ADULT, "platelets": 10, "population": "child"}, "population"),  # age 40 contradicts child
    ],
)
def test_contradictory_inputs_are_refused(kwargs: dict[str, object], field_name: str) -> None:
    with pytest.raises(InputError) as caught:
        ivigcalc.itp(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field_name


# ---------- count gates beyond the letter of CLINICAL.md
# CLINICAL.md §2 gives the sepsis and child rules without a count condition; the tables add "below the
# LLN" (sepsis *thrombocytopenia*; no thrombocytopenia to treat). Deviation documented in the README.


def test_sepsis_without_dic_at_or_above_lln_is_not_indicated() -> None:
    result = ivigcalc.itp(**adult(150, cause="sepsis"))  # type: ignore[arg-type]
    assert result.status is NOT_INDICATED
    assert result.rule == R9_NORMAL


@pytest.mark.parametrize("trigger", [{"bleeding": "active"}, {"rapid_rise": True}, {"procedure": True}])
def test_child_trigger_at_or_above_lln_is_not_indicated(trigger: dict[str, object]) -> None:
    result = ivigcalc.itp(**CHILD, platelets=150, **trigger)  # type: ignore[arg-type]
    assert result.status is NOT_INDICATED
    assert result.rule == "itp-child-normal-count"


def test_child_life_threatening_at_or_above_lln_is_not_indicated() -> None:
    # As adult rule 1: below the LLN only; at 150 the bleeding is not explained by the count (ICR 2019).
    result = ivigcalc.itp(**CHILD, platelets=150, bleeding="life-threatening")  # type: ignore[arg-type]
    assert result.status is NOT_INDICATED
    assert result.regimen is None and result.cotherapies == ()
    assert "bleeding-not-explained" in warning_codes(result)


@pytest.mark.parametrize(
    ("platelets", "procedure_type", "target", "below"),
    [(79.9, None, 80, True), (80, None, 80, False), (49.9, "minor", 50, True), (50, "minor", 50, False),
     (99.9, "neurosurgery", 100, True), (100, "neurosurgery", 100, False)],
)
def test_the_reason_names_the_procedure_target_and_its_source(
        platelets: float, procedure_type: str | None, target: int, below: bool) -> None:
    extra: dict[str, object] = {"procedure_type": procedure_type} if procedure_type else {"procedure": True}
    result = ivigcalc.itp(**adult(platelets, **extra))  # type: ignore[arg-type]
    assert f"target ≥ {target} ×10⁹/L (ICR 2019)" in result.status_reason
    assert ("is below it" in result.status_reason) is below
    assert ("no reason for IVIG" in result.status_reason) is not below
    assert "icr-2019" in {reference.id for reference in result.references}
    assert result.inputs.procedure  # a procedure type implies --procedure
    assert result.inputs.procedure_type.value == (procedure_type or "major")  # type: ignore[union-attr]


# ---------- properties

BOUNDARY_COUNTS = [0, 10, 19.9, 20, 24.9, 25, 29.9, 30, 49.9, 50, 74.9, 75, 149.9, 150, 400]


@st.composite
def itp_inputs(draw: st.DrawFn) -> dict[str, object]:
    cause = draw(st.sampled_from(["primary", "hcv", "hiv", "sepsis"]))
    kwargs: dict[str, object] = {
        "weight": draw(st.sampled_from([30, 70, 100])),
        "height": draw(st.sampled_from([None, 150, 152.4, 175])),
        "sex": draw(st.sampled_from([None, "male", "female"])),
        "age": draw(st.sampled_from([10, 17.9, 18, 40, 70])),
        "platelets": draw(st.one_of(st.sampled_from(BOUNDARY_COUNTS),
                                    st.floats(min_value=0, max_value=2000, allow_nan=False))),
        "bleeding": draw(st.sampled_from(["none", "minor", "active", "life-threatening"])),
        "bleeding_risk": draw(st.booleans()),
        "rapid_rise": draw(st.booleans()),
        "procedure": draw(st.booleans()),
        "steroids_contraindicated": draw(st.booleans()),
        "cause": cause,
        "dic": cause == "sepsis" and draw(st.booleans()),
    }
    return kwargs


@given(itp_inputs())
def test_every_result_is_well_formed(kwargs: dict[str, object]) -> None:
    result = ivigcalc.itp(**kwargs)  # type: ignore[arg-type]
    assert_well_formed(result)
    age = kwargs["age"]
    assert isinstance(age, int | float)
    assert result.rule.startswith("itp-child-" if age < 18 else "itp-adult-")
    platelets = kwargs["platelets"]
    assert isinstance(platelets, int | float)
    if kwargs["bleeding"] == "life-threatening" and platelets < 150:
        # below the LLN, any cause: indicated, never IVIG alone
        assert result.status is INDICATED
        assert "no-ivig-alone" in warning_codes(result)
        assert TRANSFUSION in cotherapy_kinds(result)
    if result.regimen is not None:
        # dose_g = dosing weight × g/kg to 0.01 g
        for phase in result.regimen.phases:
            for infusion in phase.infusions:
                assert infusion.dose_g == pytest.approx(
                    result.dosing_weight.kg * infusion.dose_g_per_kg, abs=0.005)
    if kwargs["steroids_contraindicated"]:
        assert not (cotherapy_kinds(result) & (STEROIDS | {IV_STEROIDS}))


def test_no_rule_reason_or_regimen_name_restates_a_dose_by_hand() -> None:
    # Doses live in the regimen phases; texts name them through {dose}, {course} or a named range.
    import re

    from ivigcalc.knowledge import aps_rules, itp_rules, regimens

    literal_dose = re.compile(r"\d g/kg")
    for rule in (*itp_rules._ROWS, *aps_rules._ROWS):
        assert not literal_dose.search(rule.reason), rule.id
    source = Path(regimens.__file__).read_text(encoding="utf-8")
    names = re.findall(r'RegimenTemplate\(\s*"[^"]+",\s*"([^"]*)"', source)
    assert len(names) >= 10
    multi_phase_or_uneven = {"aps-obstetric-source-2-plus-1", "aps-thrombosis-intensive"}
    for template in regimens.REGIMENS.values():
        if template.id in multi_phase_or_uneven:
            continue
        assert template.dose_text in template.name or "paediatric" in template.name, template.id
    assert [n for n in names if literal_dose.search(n)] == [n for n in names if "2 days, then 1.5" in n
                                                           or "for 3 days every 4 weeks" in n]


# ---------- monotone status: a lower count never gets a weaker status

STRENGTH = {NOT_INDICATED: 0, CONSIDER: 1, INDICATED: 2}
COUNTS = st.one_of(
    st.sampled_from([*BOUNDARY_COUNTS, 79.9, 80, 99.9, 100, 119.9, 120, 500, 2000]),
    st.floats(min_value=0, max_value=2000, allow_nan=False))


@st.composite
def same_patient_two_counts(draw: st.DrawFn) -> tuple[dict[str, object], float, float]:
    """One patient of any population with every decision input drawn, and two counts, higher first."""
    population = draw(st.sampled_from(["adult", "child", "neonate"]))
    kwargs: dict[str, object] = {
        "bleeding": draw(st.sampled_from(["none", "minor", "active", "life-threatening"])),
        "bleeding_risk": draw(st.booleans()),
        "rapid_rise": draw(st.booleans()),
        "steroids_contraindicated": draw(st.booleans()),
    }
    procedure = draw(st.sampled_from([None, "flag", "minor", "major", "neurosurgery"]))
    if procedure == "flag":
        kwargs["procedure"] = True
    elif procedure is not None:
        kwargs["procedure_type"] = procedure
    if draw(st.booleans()):
        kwargs["lln"] = draw(st.sampled_from([75, 90, 120, 150, 450]))
    if population == "neonate":
        kwargs.update(weight=draw(st.sampled_from([0.3, 1.1, 3, 10])), population="neonate",
                      cause=draw(st.sampled_from(["maternal-itp", "alloimmune"])))
        if draw(st.booleans()):
            kwargs["age"] = draw(st.sampled_from([0, 10, 27.9]))
            kwargs["age_unit"] = "days"
    else:
        cause = draw(st.sampled_from(["primary", "hcv", "hiv", "sepsis"]))
        kwargs["cause"] = cause
        if population == "adult":
            kwargs.update(weight=70, age=draw(st.sampled_from([None, 18, 40, 80])),
                          dic=cause == "sepsis" and draw(st.booleans()),
                          pregnant=draw(st.booleans()), sex="female")
            if draw(st.booleans()):
                kwargs["regimen"] = "five-day"
        else:
            kwargs.update(weight=30, age=draw(st.sampled_from([0.1, 1, 10, 17.9])))
    kwargs = {key: value for key, value in kwargs.items() if value is not None}
    high = draw(COUNTS)
    low = draw(st.one_of(st.floats(min_value=0, max_value=high, allow_nan=False),
                         st.sampled_from([c for c in (0, 24.9, 25, 29.9, 30, 49.9, 50, 79.9, 99.9) if c <= high])))
    return kwargs, high, low


@given(same_patient_two_counts())
def test_lowering_the_count_never_lowers_the_status(case: tuple[dict[str, object], float, float]) -> None:
    # not-indicated < consider < indicated; all else equal, for adults, children and neonates.
    kwargs, high, low = case
    at_high = ivigcalc.itp(**kwargs, platelets=high)  # type: ignore[arg-type]
    at_low = ivigcalc.itp(**kwargs, platelets=low)  # type: ignore[arg-type]
    assert STRENGTH[at_low.status] >= STRENGTH[at_high.status], (
        f"{low}: {at_low.rule} ({at_low.status.value}) is weaker than {high}: {at_high.rule} "
        f"({at_high.status.value})")


@pytest.mark.parametrize(
    ("kwargs", "high", "low"),
    [
        (adult(0, bleeding="minor"), 25, 24.9),  # grade 3 vs 4 with minor bleeding: both consider
        (adult(0, bleeding_risk=True, steroids_contraindicated=True), 30, 29.9),
        (adult(0, bleeding="life-threatening"), 150, 149.9),
        (adult(0, procedure=True), 80, 79.9),
        ({**NEONATE, "cause": "alloimmune"}, 30, 29.9),
    ],
)
def test_monotone_at_the_boundaries(kwargs: dict[str, object], high: float, low: float) -> None:
    args = {key: value for key, value in kwargs.items() if key != "platelets"}
    at_high = ivigcalc.itp(**args, platelets=high)  # type: ignore[arg-type]
    at_low = ivigcalc.itp(**args, platelets=low)  # type: ignore[arg-type]
    assert STRENGTH[at_low.status] >= STRENGTH[at_high.status]
