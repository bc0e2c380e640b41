"""Walk the decision tables: the first rule whose condition holds decides."""

from __future__ import annotations

from ivigcalc.knowledge.aps_rules import APS_RULES, ApsFacts
from ivigcalc.knowledge.itp_rules import ITP_RULES, ItpFacts
from ivigcalc.knowledge.platelet_targets import PROCEDURE_TARGETS_10E9_PER_L
from ivigcalc.knowledge.records import Rule
from ivigcalc.model.inputs import ApsInput, ItpInput


def itp_facts(itp_input: ItpInput, grade: int) -> ItpFacts:
    return ItpFacts(
        population=itp_input.population,
        grade=grade,
        platelets_10e9_per_l=itp_input.platelets_10e9_per_l,
        bleeding=itp_input.bleeding,
        bleeding_risk=itp_input.bleeding_risk,
        rapid_rise=itp_input.rapid_rise,
        procedure=itp_input.procedure,
        steroids_contraindicated=itp_input.steroids_contraindicated,
        cause=itp_input.cause,
        dic=itp_input.dic,
        pregnant=itp_input.pregnant,
        procedure_target_10e9_per_l=procedure_target(itp_input),
    )


def procedure_target(itp_input: ItpInput) -> float | None:
    """The planned procedure's target count (ICR 2019), or None without a procedure."""
    if not itp_input.procedure or itp_input.procedure_type is None:
        return None
    return PROCEDURE_TARGETS_10E9_PER_L[itp_input.procedure_type]


def aps_facts(aps_input: ApsInput) -> ApsFacts:
    return ApsFacts(
        scenario=aps_input.scenario,
        failed_standard_therapy=aps_input.failed_standard_therapy,
        anticoagulation_contraindicated=aps_input.anticoagulation_contraindicated,
        anticoagulated=aps_input.anticoagulated,
        inr=aps_input.inr,
    )


def decide_itp(facts: ItpFacts) -> Rule[ItpFacts]:
    for rule in ITP_RULES:
        if rule.population is facts.population and rule.when(facts):
            return rule
    raise AssertionError(f"ITP table has no catch-all row for {facts.population}")  # pragma: no cover


def decide_aps(facts: ApsFacts) -> Rule[ApsFacts]:
    for rule in APS_RULES:
        if rule.when(facts):
            return rule
    raise AssertionError(f"APS table has no row for {facts.scenario}")  # pragma: no cover
