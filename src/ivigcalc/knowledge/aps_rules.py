"""The APS decision table. IVIG is never first line and never replaces
anticoagulation. CAPS: indicated; refractory obstetric APS and recurrent thrombosis: consider (the
source document calls them indications, the guidelines disagree); precondition unmet: not indicated."""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Final

from ivigcalc.knowledge.records import Rule
from ivigcalc.knowledge.regimens import REGIMENS, fill_dose_text
from ivigcalc.model.vocabulary import ApsProtocol, ApsScenario, Status

# EULAR 2019 / source document: warfarin target INR 2.0-3.0; 2.0 and above counts as adequate.
ADEQUATE_INR = 2.0


@dataclass(frozen=True, slots=True)
class ApsFacts:
    scenario: ApsScenario
    failed_standard_therapy: bool
    anticoagulation_contraindicated: bool
    anticoagulated: bool
    inr: float | None

    @property
    def inr_below_target(self) -> bool:
        return self.inr is not None and self.inr < ADEQUATE_INR

    @property
    def adequately_anticoagulated(self) -> bool:
        # An INR implies warfarin; an INR at or above 2.0 counts as adequate.
        return (self.anticoagulated or self.inr is not None) and not self.inr_below_target


INDICATED, CONSIDER, NOT_INDICATED = Status.INDICATED, Status.CONSIDER, Status.NOT_INDICATED
S, P = ApsScenario, ApsProtocol

# Which protocols each scenario accepts, its default first.
PROTOCOLS_BY_SCENARIO: MappingProxyType[ApsScenario, tuple[ApsProtocol, ...]] = MappingProxyType({
    S.OBSTETRIC: (P.FIVE_DAY, P.TWO_DAY, P.SOURCE_2_PLUS_1),
    S.THROMBOSIS: (P.STANDARD, P.INTENSIVE),
    S.CAPS: (),
    S.ASYMPTOMATIC: (),
})

OBSTETRIC_REGIMENS: MappingProxyType[str, str] = MappingProxyType({
    P.FIVE_DAY: "aps-obstetric-five-day",
    P.TWO_DAY: "aps-obstetric-two-day",
    P.SOURCE_2_PLUS_1: "aps-obstetric-source-2-plus-1",
})

_ROWS: tuple[Rule[ApsFacts], ...] = (
    Rule(
        "aps-asymptomatic",
        when=lambda f: f.scenario is S.ASYMPTOMATIC,
        status=NOT_INDICATED,
        reason="Antiphospholipid antibodies without clinical manifestations: no IVIG (no treatment is "
               "warranted without manifestations, source document).",
        references=("seed-aps", "eular-2019"),
        warnings=("aps-asymptomatic-conflict", "aps-not-anticoagulation")),
    Rule(
        "aps-obstetric-anticoagulation-contraindicated",
        when=lambda f: f.scenario is S.OBSTETRIC and f.anticoagulation_contraindicated,
        status=CONSIDER,
        reason="Obstetric APS with anticoagulation contraindicated by bleeding risk: IVIG may be "
               "considered while aspirin + heparin cannot be given; resume them when the bleeding risk "
               "allows.",
        references=("seed-aps", "spinnato-1995", "acr-2020"),
        regimen_by_protocol=OBSTETRIC_REGIMENS,
        cotherapies=("aspirin-heparin-contraindicated",),
        warnings=("aps-obstetric-conflict", "aps-limited-evidence", "aps-prothrombotic")),
    Rule(
        "aps-obstetric-refractory",
        when=lambda f: f.scenario is S.OBSTETRIC and f.failed_standard_therapy,
        status=CONSIDER,
        reason="Refractory obstetric APS (failed low-dose aspirin + LMWH): IVIG may be considered as an "
               "adjunct; continue aspirin + heparin. The first choice remains aspirin + heparin.",
        references=("seed-aps", "spinnato-1995", "acr-2020"),
        regimen_by_protocol=OBSTETRIC_REGIMENS,
        cotherapies=("aspirin-heparin",),
        warnings=("aps-obstetric-conflict", "aps-limited-evidence", "aps-not-anticoagulation",
                  "aps-prothrombotic")),
    Rule(
        "aps-obstetric-not-refractory",
        when=lambda f: f.scenario is S.OBSTETRIC,
        status=NOT_INDICATED,
        reason="Obstetric APS not shown refractory: low-dose aspirin + LMWH is the standard. IVIG only "
               "after it has failed (--failed-standard-therapy) or when anticoagulation is "
               "contraindicated by bleeding risk (--anticoagulation-contraindicated).",
        references=("seed-aps", "acr-2020"),
        warnings=("aps-not-anticoagulation",)),
    Rule(
        "aps-caps",
        when=lambda f: f.scenario is S.CAPS,
        status=INDICATED,
        reason="Catastrophic APS, an emergency: IVIG {course} per course as part of triple therapy "
               "(anticoagulation + corticosteroids + plasma exchange and/or IVIG).",
        references=("australian-criteria", "caps-registry-2018", "seed-aps"),
        regimen="aps-caps",
        cotherapies=("anticoagulation-caps", "corticosteroids-caps", "plasma-exchange-caps"),
        warnings=("aps-limited-evidence", "aps-not-anticoagulation")),
    Rule(
        "aps-thrombosis-inr-below-target",
        when=lambda f: f.scenario is S.THROMBOSIS and f.inr_below_target,
        status=NOT_INDICATED,
        reason="Recurrent thrombosis with an INR below 2.0: anticoagulation is not adequate. Optimise "
               "anticoagulation first (EULAR 2019: target INR 2-3, then escalate).",
        references=("seed-aps", "eular-2019"),
        warnings=("aps-not-anticoagulation",)),
    Rule(
        "aps-thrombosis-despite-anticoagulation",
        when=lambda f: f.scenario is S.THROMBOSIS and f.adequately_anticoagulated,
        status=CONSIDER,
        reason="Recurrent thrombosis despite adequate anticoagulation: IVIG may be considered as an "
               "adjunct to continued anticoagulation. The first choice is escalating anticoagulation "
               "(EULAR 2019).",
        references=("seed-aps", "tenti-2013", "sciascia-2012", "eular-2019"),
        regimen_by_protocol={
            P.STANDARD: "aps-thrombosis-standard",
            P.INTENSIVE: "aps-thrombosis-intensive",
        },
        cotherapies=("anticoagulation-continue",),
        warnings=("aps-thrombosis-conflict", "aps-limited-evidence", "aps-not-anticoagulation")),
    Rule(
        "aps-thrombosis-not-anticoagulated",
        when=lambda f: f.scenario is S.THROMBOSIS,
        status=NOT_INDICATED,
        reason="Recurrent thrombosis without stated adequate anticoagulation: anticoagulate first. "
               "IVIG is considered only for thrombosis despite adequate anticoagulation "
               "(--anticoagulated, or --inr 2.0 or above).",
        references=("seed-aps", "eular-2019"),
        warnings=("aps-not-anticoagulation",)),
)

# As in the ITP table: {dose} and {course} come from the rule's own regimen.
APS_RULES: tuple[Rule[ApsFacts], ...] = tuple(
    replace(rule, reason=fill_dose_text(rule.reason, REGIMENS[rule.regimen] if rule.regimen else None))
    for rule in _ROWS)

# Ontario's CAPS schedule: 2 g/kg per course given over 2 to 5 days, an accepted alternative to the
# default 0.4 g/kg/day for 5 days (an order following it is information, not a finding).
CAPS_ONTARIO_G_PER_KG_PER_COURSE: Final = 2.0
CAPS_ONTARIO_DAYS: Final = (2, 5)

SOURCES: Final = {"ADEQUATE_INR": ("eular-2019", "seed-aps"), "CAPS_ONTARIO_G_PER_KG_PER_COURSE": ("ontario-ivig",),
                  "CAPS_ONTARIO_DAYS": ("ontario-ivig",)}
