"""The ITP decision table (its decision order). Read top to bottom: within a
population the first row whose condition holds decides. Adults: rule 1, then the sepsis rows, then
rules 2-9. Children and neonates have their own rows and never reach the adult ones."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from ivigcalc.knowledge.records import Rule
from ivigcalc.knowledge.regimens import REGIMENS, fill_dose_text
from ivigcalc.model.vocabulary import Bleeding, ItpCause, Population, Status

# ASH 2019 treats below 30 x10^9/L and observes at or above it.
ASH_TREATMENT_THRESHOLD_10E9_PER_L = 30.0
ASH_ADMISSION_THRESHOLD_10E9_PER_L = 20.0  # admit below 20 (ASH 2019); shown by `grade`


@dataclass(frozen=True, slots=True)
class ItpFacts:
    population: Population
    grade: int  # CTCAE v5.0; 0 = at or above the LLN
    platelets_10e9_per_l: float
    bleeding: Bleeding
    bleeding_risk: bool
    rapid_rise: bool
    procedure: bool
    steroids_contraindicated: bool
    cause: ItpCause
    dic: bool
    pregnant: bool

    @property
    def below_lln(self) -> bool:
        return self.grade >= 1

    @property
    def below_30(self) -> bool:
        return self.platelets_10e9_per_l < ASH_TREATMENT_THRESHOLD_10E9_PER_L

    @property
    def any_bleeding(self) -> bool:
        return self.bleeding is not Bleeding.NONE

    @property
    def urgent(self) -> bool:
        return self.rapid_rise or self.procedure


A, C, N = Population.ADULT, Population.CHILD, Population.NEONATE
INDICATED, CONSIDER, NOT_INDICATED = Status.INDICATED, Status.CONSIDER, Status.NOT_INDICATED
ACTIVE, LIFE = Bleeding.ACTIVE, Bleeding.LIFE_THREATENING

_ROWS: tuple[Rule[ItpFacts], ...] = (
    # ---------------------------------------------------------------- adults
    Rule(
        "itp-adult-1-life-threatening-bleeding", population=A,
        when=lambda f: f.bleeding is LIFE,
        status=INDICATED,
        reason="Life-threatening bleeding (CNS, GI or genitourinary), at any count: IVIG {dose} with "
               "platelet transfusion now and IV corticosteroids. Never IVIG alone.",
        references=("ash-2011", "icr-2019", "seed-itp"),
        regimen="itp-adult-single-dose",
        cotherapies=("platelet-transfusion-now", "iv-corticosteroids"),
        warnings=("no-ivig-alone-bleeding",),
        rapid_response_needed=True),
    Rule(
        "itp-adult-sepsis-dic", population=A,
        when=lambda f: f.cause is ItpCause.SEPSIS and f.dic,
        status=NOT_INDICATED,
        reason="Septic thrombocytopenia with DIC: the only trial of IVIG excluded DIC. Treat the DIC "
               "and the sepsis.",
        references=("sepsis-rct-1991", "seed-itp"),
        warnings=("dic-excluded", "sepsis-evidence")),
    Rule(
        "itp-adult-sepsis-active-bleeding", population=A,
        when=lambda f: f.cause is ItpCause.SEPSIS and f.below_lln and f.bleeding is ACTIVE,
        status=INDICATED,
        reason="Septic thrombocytopenia without DIC, with active bleeding: IVIG {dose} "
               "(the trial authors' conclusion), with platelet transfusion: do not withhold it in "
               "bleeding.",
        references=("sepsis-rct-1991", "seed-itp"),
        regimen="itp-sepsis",
        cotherapies=("platelet-transfusion",)),
    Rule(
        "itp-adult-sepsis-bleeding-or-procedure", population=A,
        when=lambda f: f.cause is ItpCause.SEPSIS and f.below_lln
        and (f.bleeding in (Bleeding.MINOR, ACTIVE) or f.procedure),
        status=INDICATED,
        reason="Septic thrombocytopenia without DIC, with bleeding or a planned invasive procedure: "
               "IVIG {dose} (the trial authors' conclusion).",
        references=("sepsis-rct-1991", "seed-itp"),
        regimen="itp-sepsis"),
    Rule(
        "itp-adult-sepsis", population=A,
        when=lambda f: f.cause is ItpCause.SEPSIS and f.below_lln,
        status=CONSIDER,
        reason="Septic thrombocytopenia without DIC, no bleeding and no procedure: IVIG {dose} "
               "may be considered; first choice is treating the sepsis (SSC 2021 advises "
               "against routine IVIG in sepsis).",
        references=("sepsis-rct-1991", "ssc-2021", "seed-itp"),
        regimen="itp-sepsis"),
    Rule(
        "itp-adult-2-hiv", population=A,
        # An urgent procedure or needed rapid rise goes on to rule 5: antivirals cannot raise the count
        # in time, and the document allows IVIG "if ITP treatment is needed" (deviation noted in README).
        when=lambda f: f.cause is ItpCause.HIV and f.bleeding not in (ACTIVE, LIFE) and not f.urgent,
        status=NOT_INDICATED,
        reason="HIV-associated ITP without clinically significant bleeding: treat HIV with antiviral "
               "therapy first. If ITP treatment is needed: corticosteroids, IVIG or anti-D.",
        references=("seed-itp", "ash-2011"),
        warnings=("hiv-unverified",)),
    Rule(
        "itp-adult-3-grade-4-active-bleeding", population=A,
        when=lambda f: f.grade == 4 and f.bleeding is ACTIVE,
        status=INDICATED,
        reason="Grade 4 (< 25 ×10⁹/L) with active bleeding: IVIG {dose} + platelet transfusion + "
               "prednisone {prednisone_range}, simultaneously.",
        references=("seed-itp", "ash-2011"),
        regimen="itp-adult-single-dose",
        cotherapies=("platelet-transfusion", "prednisone", "dexamethasone-alternative"),
        rapid_response_needed=True),
    Rule(
        "itp-adult-4-grade-3-bleeding", population=A,
        when=lambda f: f.grade == 3 and (f.bleeding in (Bleeding.MINOR, ACTIVE) or f.bleeding_risk),
        status=INDICATED,
        reason="Grade 3 (25 to < 50 ×10⁹/L) with bleeding or a bleeding risk: IVIG {dose} + "
               "corticosteroids.",
        references=("seed-itp", "ash-2011"),
        regimen="itp-adult-single-dose",
        cotherapies=("prednisone", "dexamethasone-alternative")),
    Rule(
        "itp-adult-5-rapid-rise-or-procedure", population=A,
        when=lambda f: f.below_lln and f.urgent,
        status=INDICATED,
        reason="A rapid platelet rise is needed or an urgent surgery or procedure is planned: IVIG "
               "{dose} with corticosteroids (ASH 2011, 2B).",
        references=("ash-2011", "seed-itp"),
        regimen="itp-adult-single-dose",
        cotherapies=("prednisone", "dexamethasone-alternative"),
        rapid_response_needed=True),
    Rule(
        "itp-adult-6-steroids-contraindicated", population=A,
        when=lambda f: f.below_30 and f.steroids_contraindicated,
        status=INDICATED,
        reason="Below 30 ×10⁹/L with corticosteroids contraindicated: IVIG {dose} as monotherapy "
               "(ASH 2011, 2C).",
        references=("ash-2011", "seed-itp"),
        regimen="itp-adult-single-dose"),
    Rule(
        "itp-adult-7-hcv", population=A,
        when=lambda f: f.below_30 and f.cause is ItpCause.HCV,
        status=INDICATED,
        reason="HCV-associated ITP below 30 ×10⁹/L: IVIG is the initial treatment if ITP therapy is "
               "required.",
        references=("seed-itp", "ash-2011"),
        regimen="itp-adult-single-dose",
        warnings=("hcv-unverified",)),
    Rule(
        "itp-adult-8-below-30", population=A,
        when=lambda f: f.below_30,
        status=CONSIDER,
        reason="Below 30 ×10⁹/L without a trigger for IVIG: treatment is indicated and corticosteroids "
               "are preferred over IVIG first line (ASH 2011, 2B; in pregnancy corticosteroids or IVIG, "
               "6.1.A). IVIG if a rapid rise becomes necessary or corticosteroids are contraindicated.",
        references=("ash-2011", "ash-2019", "seed-itp"),
        regimen="itp-adult-single-dose",
        cotherapies=("prednisone-first-line", "dexamethasone-first-line"),
        warnings=("grade-4-bleeding-gap",)),
    Rule(
        "itp-adult-9-active-bleeding-at-or-above-30", population=A,
        when=lambda f: f.bleeding is ACTIVE,
        status=NOT_INDICATED,
        reason="Active bleeding at or above 30 ×10⁹/L is not explained by the platelet count alone: look "
               "for another cause. IVIG only if a rapid rise is needed (--rapid-rise).",
        references=("ash-2019", "seed-itp")),
    Rule(
        "itp-adult-9-grade-2-steroids-contraindicated", population=A,
        when=lambda f: f.grade == 2 and f.steroids_contraindicated,
        status=NOT_INDICATED,
        reason="Grade 2 (50 to < 75 ×10⁹/L) with corticosteroids contraindicated: observation (ASH 2019, "
               "at ≥ 30 ×10⁹/L without bleeding); IVIG only if a rapid rise is needed.",
        references=("ash-2019", "seed-itp")),
    Rule(
        "itp-adult-9-grade-2", population=A,
        when=lambda f: f.grade == 2,
        status=NOT_INDICATED,
        reason="Grade 2 (50 to < 75 ×10⁹/L): prednisone alone per the source document; IVIG only if a "
               "rapid rise is needed. ASH 2019 prefers observation at ≥ 30 ×10⁹/L without bleeding.",
        references=("seed-itp", "ash-2019"),
        cotherapies=("prednisone-alone",),
        warnings=("grade-2-observation",)),
    Rule(
        "itp-adult-9-normal-count", population=A,
        when=lambda f: not f.below_lln,
        status=NOT_INDICATED,
        reason="Platelet count at or above the lower limit of normal: no thrombocytopenia to treat.",
        references=("ctcae-v5",)),
    Rule(
        "itp-adult-9-observation", population=A,
        when=lambda f: True,
        status=NOT_INDICATED,
        reason="At or above 30 ×10⁹/L without a trigger for IVIG: observation (ASH 2019, strong "
               "recommendation for no or minor bleeding).",
        references=("ash-2019", "seed-itp")),
    # ---------------------------------------------------------------- children (age < 18)
    Rule(
        "itp-child-life-threatening-bleeding", population=C,
        when=lambda f: f.bleeding is LIFE,
        status=INDICATED,
        reason="Child with life-threatening bleeding: IVIG {child_dose_range} once with platelet transfusion "
               "now and IV corticosteroids. Never IVIG alone.",
        references=("ash-2011", "icr-2019"),
        regimen="itp-child-single-dose",
        cotherapies=("platelet-transfusion-now", "iv-corticosteroids"),
        warnings=("no-ivig-alone-bleeding",)),
    Rule(
        "itp-child-normal-count", population=C,
        when=lambda f: not f.below_lln,
        status=NOT_INDICATED,
        reason="Platelet count at or above the lower limit of normal: no thrombocytopenia to treat.",
        references=("ctcae-v5",)),
    Rule(
        "itp-child-active-bleeding", population=C,
        when=lambda f: f.bleeding is ACTIVE,
        status=INDICATED,
        reason="Child with active (more than skin-only) bleeding: a single IVIG dose of {child_dose_range} "
               "(ASH 2011, 1B).",
        references=("ash-2011",),
        regimen="itp-child-single-dose"),
    Rule(
        "itp-child-rapid-rise-or-procedure", population=C,
        when=lambda f: f.urgent,
        status=INDICATED,
        reason="Child needing a rapid platelet rise or an urgent procedure: a single IVIG dose of "
               "{child_dose_range} (ASH 2011).",
        references=("ash-2011",),
        regimen="itp-child-single-dose"),
    Rule(
        "itp-child-observation", population=C,
        when=lambda f: True,
        status=NOT_INDICATED,
        reason="Child with no or skin-only bleeding: observation, whatever the count (ASH 2011, 1B).",
        references=("ash-2011",)),
    # ---------------------------------------------------------------- neonates (cause stated)
    Rule(
        "itp-neonate-alloimmune", population=N,
        when=lambda f: f.cause is ItpCause.ALLOIMMUNE,
        status=INDICATED,
        reason="Neonatal alloimmune thrombocytopenia (FNAIT): IVIG {dose} as an add-on to platelet "
               "transfusion, then reassess.",
        references=("ontario-ivig", "seed-itp"),
        regimen="itp-neonate-alloimmune",
        cotherapies=("alloimmune-transfusion",)),
    Rule(
        "itp-neonate-maternal-itp-life-threatening", population=N,
        when=lambda f: f.cause is ItpCause.MATERNAL_ITP and f.bleeding is LIFE,
        status=INDICATED,
        reason="Neonate of a mother with ITP, with life-threatening bleeding: IVIG with platelet "
               "transfusion now; never IVIG alone (source-document pitfalls). The only sourced neonatal "
               "schedule is {dose}.",
        references=("neonatal-1987", "icr-2019", "seed-itp"),
        regimen="itp-neonate-maternal",
        cotherapies=("platelet-transfusion-now",),
        warnings=("no-ivig-alone-bleeding", "neonate-emergency-gap")),
    Rule(
        "itp-neonate-maternal-itp-treat", population=N,
        when=lambda f: f.cause is ItpCause.MATERNAL_ITP and (f.any_bleeding or f.below_30),
        status=INDICATED,
        reason="Neonate of a mother with ITP, with bleeding or below 30 ×10⁹/L: IVIG {dose} "
               "(source document; ICR 2019: treat if symptomatic bleeding or < 30 ×10⁹/L).",
        references=("neonatal-1987", "icr-2019", "seed-itp"),
        regimen="itp-neonate-maternal"),
    Rule(
        "itp-neonate-maternal-itp-observe", population=N,
        when=lambda f: True,
        status=NOT_INDICATED,
        reason="Neonate of a mother with ITP, no bleeding and at or above 30 ×10⁹/L: no IVIG; "
               "monitor the count (ICR 2019).",
        references=("icr-2019",)),
)

# Reasons name the dose through {dose} (this rule's regimen) and the named ranges: a dose is written once,
# in knowledge/regimens.py.
ITP_RULES: tuple[Rule[ItpFacts], ...] = tuple(
    replace(rule, reason=fill_dose_text(rule.reason, REGIMENS[rule.regimen] if rule.regimen else None))
    for rule in _ROWS)

SOURCES: Final = {
    "ASH_TREATMENT_THRESHOLD_10E9_PER_L": ("ash-2019",), "ASH_ADMISSION_THRESHOLD_10E9_PER_L": ("ash-2019",)}
