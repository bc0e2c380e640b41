"""The ITP decision table (its decision order). Read top to bottom: within a
population the first row whose condition holds decides. Adults: rule 1, then the sepsis rows, then
rules 2-9. Children and neonates have their own rows and never reach the adult ones."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from ivigcalc.formatting import number_beside
from ivigcalc.knowledge.ctcae import CTCAE_V5_PLATELET_BANDS
from ivigcalc.knowledge.platelet_targets import (
    NEONATE_ICH_TARGETS_10E9_PER_L,
    NEONATE_TREATMENT_THRESHOLD_10E9_PER_L,
    PROCEDURE_TARGETS_10E9_PER_L,
)
from ivigcalc.knowledge.records import Rule
from ivigcalc.knowledge.regimens import REGIMENS, fill_dose_text
from ivigcalc.model.vocabulary import Bleeding, ItpCause, Population, Status

# ASH 2019 treats below 30 x10^9/L and observes at or above it.
ASH_TREATMENT_THRESHOLD_10E9_PER_L = 30.0
ASH_ADMISSION_THRESHOLD_10E9_PER_L = 20.0  # admit below 20 (ASH 2019); shown by `grade`


def platelet_thresholds(lln_10e9_per_l: float) -> tuple[float, ...]:
    """Every count that decides something here: the CTCAE bands and the LLN, the ASH 30 and 20, the
    neonatal 30 and ICH targets, the procedure targets. A shown count must stay on its side of each."""
    return (lln_10e9_per_l, *(bound for bound, _ in CTCAE_V5_PLATELET_BANDS), ASH_TREATMENT_THRESHOLD_10E9_PER_L,
            ASH_ADMISSION_THRESHOLD_10E9_PER_L, NEONATE_TREATMENT_THRESHOLD_10E9_PER_L,
            *NEONATE_ICH_TARGETS_10E9_PER_L, *PROCEDURE_TARGETS_10E9_PER_L.values())


def platelet_text(platelets_10e9_per_l: float, lln_10e9_per_l: float) -> str:
    """A platelet count for a person: 2 decimals, more where 2 would round onto or across a threshold."""
    return number_beside(platelets_10e9_per_l, platelet_thresholds(lln_10e9_per_l))


def lln_text(lln_10e9_per_l: float, platelets_10e9_per_l: float) -> str:
    """The LLN beside the count it is compared with, so the two never read as equal when they are not."""
    return number_beside(lln_10e9_per_l, (platelets_10e9_per_l,))


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
    # The planned procedure's target count (ICR 2019); None without a procedure.
    procedure_target_10e9_per_l: float | None = None

    @property
    def below_lln(self) -> bool:
        return self.grade >= 1

    @property
    def below_30(self) -> bool:
        return self.platelets_10e9_per_l < ASH_TREATMENT_THRESHOLD_10E9_PER_L

    @property
    def neonate_below_threshold(self) -> bool:
        return self.platelets_10e9_per_l < NEONATE_TREATMENT_THRESHOLD_10E9_PER_L

    @property
    def any_bleeding(self) -> bool:
        return self.bleeding is not Bleeding.NONE

    @property
    def procedure_below_target(self) -> bool:
        """A procedure is planned and the count is below its target: at or above it, the procedure alone
        is no reason to raise the count (ICR 2019)."""
        target = self.procedure_target_10e9_per_l
        return self.procedure and target is not None and self.platelets_10e9_per_l < target

    @property
    def urgent(self) -> bool:
        """The count must rise now: a rapid rise is needed below the LLN, or a procedure is planned below its
        target."""
        return (self.below_lln and self.rapid_rise) or self.procedure_below_target


A, C, N = Population.ADULT, Population.CHILD, Population.NEONATE
INDICATED, CONSIDER, NOT_INDICATED = Status.INDICATED, Status.CONSIDER, Status.NOT_INDICATED
ACTIVE, LIFE, MINOR = Bleeding.ACTIVE, Bleeding.LIFE_THREATENING, Bleeding.MINOR

_NOT_EXPLAINED_BY_COUNT = (
    "Life-threatening bleeding at or above the lower limit of normal is not explained by the platelet "
    "count: look for another cause and treat it. No IVIG and no platelet transfusion for the count (ICR 2019: "
    "emergency treatment is for an urgent need to raise the count).")

_BELOW_30_NO_TRIGGER = (
    "Below 30 ×10⁹/L without a trigger for IVIG: treatment is indicated and corticosteroids are preferred over "
    "IVIG first line (ASH 2011, 2B; in pregnancy corticosteroids or IVIG, 6.1.A). IVIG if a rapid rise becomes "
    "necessary or corticosteroids are contraindicated.")

_ROWS: tuple[Rule[ItpFacts], ...] = (
    # ---------------------------------------------------------------- adults
    Rule(
        "itp-adult-1-life-threatening-bleeding", population=A,
        # A count at or above the LLN but below a planned procedure's target (a lowered --lln) still needs
        # raising, and life-threatening bleeding is then never treated with IVIG alone.
        when=lambda f: f.bleeding is LIFE and (f.below_lln or f.procedure_below_target),
        status=INDICATED,
        reason="Life-threatening bleeding (CNS, GI or genitourinary) below the lower limit of normal or below "
               "a planned procedure's target count: IVIG {dose} with platelet transfusion now and IV "
               "corticosteroids. Never IVIG alone.",
        references=("ash-2011", "icr-2019", "seed-itp"),
        regimen="itp-adult-single-dose",
        cotherapies=("platelet-transfusion-now", "iv-corticosteroids"),
        warnings=("no-ivig-alone-bleeding",),
        rapid_response_needed=True),
    Rule(
        "itp-adult-1-life-threatening-bleeding-normal-count", population=A,
        # A procedure below its target (possible only with an LLN below that target) still goes on to rule 5.
        when=lambda f: f.bleeding is LIFE and not f.procedure_below_target,
        status=NOT_INDICATED,
        reason=_NOT_EXPLAINED_BY_COUNT,
        references=("icr-2019", "ctcae-v5"),
        warnings=("bleeding-not-explained",)),
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
        when=lambda f: f.cause is ItpCause.SEPSIS
        and ((f.below_lln and f.bleeding in (MINOR, ACTIVE)) or f.procedure_below_target),
        status=INDICATED,
        reason="Septic thrombocytopenia without DIC, with bleeding or a planned invasive procedure below its "
               "target count: IVIG {dose} (the trial authors' conclusion).",
        references=("sepsis-rct-1991", "icr-2019", "seed-itp"),
        regimen="itp-sepsis"),
    Rule(
        "itp-adult-sepsis", population=A,
        when=lambda f: f.cause is ItpCause.SEPSIS and f.below_lln,
        status=CONSIDER,
        reason="Septic thrombocytopenia without DIC, no bleeding and no procedure below its target: IVIG "
               "{dose} may be considered; first choice is treating the sepsis (SSC 2021 advises "
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
        "itp-adult-4-grade-3-active-bleeding", population=A,
        when=lambda f: f.grade == 3 and f.bleeding is ACTIVE,
        status=INDICATED,
        reason="Grade 3 (25 to < 50 ×10⁹/L) with active bleeding: IVIG {dose} + corticosteroids.",
        references=("seed-itp", "ash-2011"),
        regimen="itp-adult-single-dose",
        cotherapies=("prednisone", "dexamethasone-alternative")),
    Rule(
        "itp-adult-5-rapid-rise-or-procedure", population=A,
        when=lambda f: f.urgent,
        status=INDICATED,
        reason="A rapid platelet rise is needed below the lower limit of normal, or a surgery or procedure is "
               "planned below its target count: IVIG {dose} with corticosteroids (ASH 2011, 2B; targets "
               "ICR 2019).",
        references=("ash-2011", "icr-2019", "seed-itp"),
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
        # After rules 5-7, so a trigger that makes IVIG indicated is never weakened by a stated minor bleed
        # or bleeding risk; before rule 8, which says the same below 30.
        "itp-adult-4-grade-3-minor-bleeding-or-risk", population=A,
        when=lambda f: f.grade == 3 and (f.bleeding is MINOR or f.bleeding_risk),
        status=CONSIDER,
        reason="Grade 3 (25 to < 50 ×10⁹/L) with minor bleeding or a bleeding risk: corticosteroids first "
               "(ASH 2019: observation at ≥ 30 ×10⁹/L with no or minor bleeding, corticosteroids below 30); "
               "IVIG {dose} if a rapid rise becomes necessary or corticosteroids are contraindicated.",
        references=("ash-2019", "seed-itp"),
        regimen="itp-adult-single-dose",
        cotherapies=("prednisone-first-line", "dexamethasone-first-line"),
        warnings=("grade-3-bleeding-conflict",)),
    Rule(
        # The same decision, with the caution that the source document has no row for this case.
        "itp-adult-8-grade-4-minor-bleeding-or-risk", population=A,
        when=lambda f: f.below_30 and f.grade == 4 and (f.bleeding is MINOR or f.bleeding_risk),
        status=CONSIDER,
        reason=_BELOW_30_NO_TRIGGER,
        references=("ash-2011", "ash-2019", "seed-itp"),
        regimen="itp-adult-single-dose",
        cotherapies=("prednisone-first-line", "dexamethasone-first-line"),
        warnings=("grade-4-bleeding-gap",)),
    Rule(
        "itp-adult-8-below-30", population=A,
        when=lambda f: f.below_30,
        status=CONSIDER,
        reason=_BELOW_30_NO_TRIGGER,
        references=("ash-2011", "ash-2019", "seed-itp"),
        regimen="itp-adult-single-dose",
        cotherapies=("prednisone-first-line", "dexamethasone-first-line")),
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
        when=lambda f: f.bleeding is LIFE and (f.below_lln or f.procedure_below_target),
        status=INDICATED,
        reason="Child with life-threatening bleeding below the lower limit of normal or below a planned "
               "procedure's target count: IVIG {child_dose_range} once with platelet transfusion now and IV "
               "corticosteroids. Never IVIG alone.",
        references=("ash-2011", "icr-2019"),
        regimen="itp-child-single-dose",
        cotherapies=("platelet-transfusion-now", "iv-corticosteroids"),
        warnings=("no-ivig-alone-bleeding",)),
    Rule(
        "itp-child-life-threatening-bleeding-normal-count", population=C,
        when=lambda f: f.bleeding is LIFE and not f.procedure_below_target,
        status=NOT_INDICATED,
        reason=_NOT_EXPLAINED_BY_COUNT,
        references=("icr-2019", "ctcae-v5"),
        warnings=("bleeding-not-explained",)),
    Rule(
        "itp-child-normal-count", population=C,
        when=lambda f: not f.below_lln and not f.procedure_below_target,
        status=NOT_INDICATED,
        reason="Platelet count at or above the lower limit of normal: no thrombocytopenia to treat.",
        references=("ctcae-v5",)),
    Rule(
        "itp-child-active-bleeding", population=C,
        when=lambda f: f.bleeding is ACTIVE and f.below_lln,
        status=INDICATED,
        reason="Child with active (more than skin-only) bleeding: a single IVIG dose of {child_dose_range} "
               "(ASH 2011, 1B).",
        references=("ash-2011",),
        regimen="itp-child-single-dose"),
    Rule(
        "itp-child-rapid-rise-or-procedure", population=C,
        when=lambda f: f.urgent,
        status=INDICATED,
        reason="Child needing a rapid platelet rise, or with a procedure planned below its target count: a "
               "single IVIG dose of {child_dose_range} (ASH 2011; targets ICR 2019).",
        references=("ash-2011", "icr-2019"),
        regimen="itp-child-single-dose"),
    Rule(
        "itp-child-observation", population=C,
        when=lambda f: True,
        status=NOT_INDICATED,
        reason="Child with no or skin-only bleeding: observation, whatever the count (ASH 2011, 1B).",
        references=("ash-2011",)),
    # ---------------------------------------------------------------- neonates (cause stated)
    Rule(
        "itp-neonate-life-threatening-bleeding-normal-count", population=N,
        when=lambda f: f.bleeding is LIFE and not f.below_lln,
        status=NOT_INDICATED,
        reason=_NOT_EXPLAINED_BY_COUNT,
        references=("icr-2019", "ctcae-v5"),
        warnings=("bleeding-not-explained",)),
    Rule(
        "itp-neonate-alloimmune-life-threatening", population=N,
        when=lambda f: f.cause is ItpCause.ALLOIMMUNE and f.bleeding is LIFE,
        status=INDICATED,
        reason="Neonatal alloimmune thrombocytopenia (FNAIT) with life-threatening bleeding: IVIG {dose} as an "
               "add-on to platelet transfusion now, with limited corticosteroids; never IVIG alone (Ontario; "
               "ICR 2019, intracranial haemorrhage).",
        references=("ontario-ivig", "icr-2019", "seed-itp"),
        regimen="itp-neonate-alloimmune",
        cotherapies=("platelet-transfusion-now", "neonate-limited-corticosteroids"),
        warnings=("no-ivig-alone-bleeding-neonate", "neonate-emergency-gap")),
    Rule(
        "itp-neonate-alloimmune", population=N,
        when=lambda f: f.cause is ItpCause.ALLOIMMUNE
        and ((f.below_lln and f.any_bleeding) or f.neonate_below_threshold),
        status=INDICATED,
        reason="Neonatal alloimmune thrombocytopenia (FNAIT) with bleeding or below 30 ×10⁹/L: IVIG {dose} as "
               "an add-on to platelet transfusion, then reassess (Ontario: severe thrombocytopenia; the 30 "
               "×10⁹/L threshold is ICR 2019's neonatal one).",
        references=("ontario-ivig", "icr-2019", "seed-itp"),
        regimen="itp-neonate-alloimmune",
        cotherapies=("alloimmune-transfusion",)),
    Rule(
        "itp-neonate-alloimmune-observe", population=N,
        when=lambda f: f.cause is ItpCause.ALLOIMMUNE,
        status=NOT_INDICATED,
        reason="Neonatal alloimmune thrombocytopenia without bleeding and at or above 30 ×10⁹/L (or at or above "
               "the lower limit of normal): no IVIG; observe and repeat the count (Ontario reserves IVIG for "
               "severe thrombocytopenia).",
        references=("ontario-ivig", "icr-2019")),
    Rule(
        "itp-neonate-maternal-itp-life-threatening", population=N,
        when=lambda f: f.cause is ItpCause.MATERNAL_ITP and f.bleeding is LIFE,
        status=INDICATED,
        reason="Neonate of a mother with ITP, with life-threatening bleeding: IVIG with platelet "
               "transfusion now and limited corticosteroids; never IVIG alone (source-document pitfalls; "
               "ICR 2019, intracranial haemorrhage). The only sourced neonatal schedule is {dose}.",
        references=("neonatal-1987", "icr-2019", "seed-itp"),
        regimen="itp-neonate-maternal",
        cotherapies=("platelet-transfusion-now", "neonate-limited-corticosteroids"),
        warnings=("no-ivig-alone-bleeding-neonate", "neonate-emergency-gap")),
    Rule(
        "itp-neonate-maternal-itp-treat", population=N,
        when=lambda f: f.cause is ItpCause.MATERNAL_ITP
        and ((f.below_lln and f.any_bleeding) or f.neonate_below_threshold),
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
