"""Assemble the Result: grade, dosing weight, the decided rule, its regimen expanded to grams,
co-therapies, warnings and numbered references. Pure: validated input in, Result out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Literal

from ivigcalc._version import __version__
from ivigcalc.core import dosing_weight as dosing_weight_module
from ivigcalc.core.audit import audit_for
from ivigcalc.core.decide import aps_facts, decide_aps, decide_itp, itp_facts
from ivigcalc.core.grading import ctcae_grade
from ivigcalc.core.population import is_minor
from ivigcalc.core.regimen import expand_regimen
from ivigcalc.errors import InputError
from ivigcalc.formatting import number
from ivigcalc.knowledge import limits
from ivigcalc.knowledge.itp_rules import ASH_ADMISSION_THRESHOLD_10E9_PER_L, ASH_TREATMENT_THRESHOLD_10E9_PER_L
from ivigcalc.knowledge.records import RegimenTemplate, Rule, WarningRequest
from ivigcalc.knowledge.references import REFERENCES
from ivigcalc.knowledge.regimens import (
    CHILD_DOSE_RANGE_G_PER_KG,
    COTHERAPIES,
    FIVE_DAY_SUBSTITUTES,
    PREDNISONE_MG_PER_KG_PER_DAY,
    REGIMENS,
)
from ivigcalc.knowledge.warnings import SEVERITY_ORDER, WARNINGS, WITH_EVERY_REGIMEN
from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.result import (
    Cotherapy,
    DosingWeight,
    Grade,
    GradeResult,
    Reference,
    Regimen,
    Result,
    Warning,
)
from ivigcalc.model.vocabulary import ApsScenario, ItpCause, ItpRegimenChoice, Population
from ivigcalc.pharmacy.prepare import apply_pharmacy

# Secondary causes whose source-document clause is unverified: noted whichever rule decides.
CAUSE_NOTES = {ItpCause.HCV: "hcv-unverified", ItpCause.HIV: "hiv-unverified"}


# ------------------------------------------------------------------------------------------ public


def calculate_itp(itp_input: ItpInput) -> Result:
    grade_value = ctcae_grade(itp_input.platelets_10e9_per_l, itp_input.lln_10e9_per_l)
    grade = Grade(
        grade=grade_value, platelets_10e9_per_l=itp_input.platelets_10e9_per_l,
        lln_10e9_per_l=itp_input.lln_10e9_per_l,
    )
    rule = decide_itp(itp_facts(itp_input, grade_value))
    template = _regimen_template(rule, protocol=None)
    reason_notes: list[str] = []
    if itp_input.regimen is ItpRegimenChoice.FIVE_DAY and template is not None:
        substitute = FIVE_DAY_SUBSTITUTES.get(template.id)
        if substitute is None:
            raise InputError(
                "regimen", "five-day",
                f"this patient's regimen ({template.name}) has no five-day form; leave --regimen out")
        if rule.rapid_response_needed:
            raise InputError(
                "regimen", "five-day",
                "not when a rapid rise is needed (bleeding, rapid rise or urgent procedure): the source "
                "document's pitfall; give 1 g/kg once (ASH 2011)")
        template = REGIMENS[substitute]
        reason_notes.append("Given as 0.4 g/kg/day for 5 days, on request (slower).")

    extra: list[WarningRequest] = []
    adult = itp_input.population is Population.ADULT
    if adult and itp_input.age_years is None and not itp_input.population_stated:
        extra.append(("population-assumed", {}))
    if not adult and itp_input.cause in (ItpCause.HCV, ItpCause.HIV, ItpCause.SEPSIS):
        extra.append(("adult-cause-in-child", {"cause": itp_input.cause.value}))
    if adult and itp_input.cause in CAUSE_NOTES:
        extra.append((CAUSE_NOTES[itp_input.cause], {}))
    if itp_input.pregnant:
        extra.append(("pregnancy-corticosteroids", {}))
    return _assemble(
        command="itp", patient=itp_input, rule=rule, template=template, grade=grade,
        minor=is_minor(itp_input.age_years, itp_input.population),
        steroids_contraindicated=itp_input.steroids_contraindicated, pregnant=itp_input.pregnant,
        extra_warnings=extra, reason_notes=reason_notes,
    )


def calculate_aps(aps_input: ApsInput) -> Result:
    rule = decide_aps(aps_facts(aps_input))
    template = _regimen_template(rule, protocol=aps_input.protocol)
    return _assemble(
        command="aps", patient=aps_input, rule=rule, template=template, grade=None,
        minor=is_minor(aps_input.age_years), steroids_contraindicated=False,
        # Obstetric regimens are given in pregnancy: dosed as in pregnancy, never adjusted.
        pregnant=aps_input.pregnant or aps_input.scenario is ApsScenario.OBSTETRIC,
        extra_warnings=[], reason_notes=[],
    )


def calculate_grade(platelets_10e9_per_l: float, lln_10e9_per_l: float) -> GradeResult:
    grade = Grade(
        grade=ctcae_grade(platelets_10e9_per_l, lln_10e9_per_l),
        platelets_10e9_per_l=platelets_10e9_per_l, lln_10e9_per_l=lln_10e9_per_l,
    )

    def relation(threshold: float) -> str:
        return "below" if platelets_10e9_per_l < threshold else "at or above"

    notes = _warnings([
        ("ash-thresholds", {
            "relation_30": relation(ASH_TREATMENT_THRESHOLD_10E9_PER_L),
            "relation_20": relation(ASH_ADMISSION_THRESHOLD_10E9_PER_L),
        }),
        ("ctcae-version", {}),
    ])
    return GradeResult(
        grade=grade, notes=notes,
        references=_references([("ctcae-v5",), *(n.references for n in notes)]),
        ivigcalc_version=__version__,
    )


# ------------------------------------------------------------------------------------------ assembly


def _regimen_template(rule: Rule[Any], protocol: object) -> RegimenTemplate | None:
    if rule.regimen_by_protocol:
        return REGIMENS[rule.regimen_by_protocol[str(protocol)]]
    return REGIMENS[rule.regimen] if rule.regimen is not None else None


def _assemble(
    *, command: Literal["itp", "aps"], patient: ItpInput | ApsInput, rule: Rule[Any], template: RegimenTemplate | None,
    grade: Grade | None, minor: bool, steroids_contraindicated: bool, pregnant: bool,
    extra_warnings: list[WarningRequest], reason_notes: list[str],
) -> Result:
    weight_outcome = dosing_weight_module.compute(patient, is_minor=minor, pregnant=pregnant)
    dosing_weight = weight_outcome.dosing_weight
    requests: list[WarningRequest] = list(extra_warnings)
    requests.extend((key, {}) for key in rule.warnings)

    regimen: Regimen | None = None
    cotherapy_keys = list(rule.cotherapies)
    if template is not None:
        regimen = expand_regimen(template, dosing_weight.kg)
        requests.extend(weight_outcome.warnings)  # about the dose: only where a dose is computed
        requests.extend(_dose_limit_warnings(template))
        requests.extend((key, _template_parameters(key, dosing_weight)) for key in template.warnings)
        requests.extend((key, {}) for key in WITH_EVERY_REGIMEN)
        cotherapy_keys.extend(template.cotherapies)
    if steroids_contraindicated and any(COTHERAPIES[key].is_corticosteroid for key in cotherapy_keys):
        cotherapy_keys = [key for key in cotherapy_keys if not COTHERAPIES[key].is_corticosteroid]
        requests.append(("steroids-omitted", {}))
        reason_notes.append("Corticosteroids are stated contraindicated and left out.")
    if pregnant and any(COTHERAPIES[key].avoid_in_pregnancy for key in cotherapy_keys):
        cotherapy_keys = [key for key in cotherapy_keys if not COTHERAPIES[key].avoid_in_pregnancy]
        requests.append(("pregnancy-dexamethasone", {}))
    adult = not minor
    low_kg, high_kg = limits.UNUSUAL_ADULT_WEIGHT_KG
    # The pre-pregnancy weight too: in pregnancy the dose is on it.
    unusual = [kg for kg in (patient.weight_kg, patient.pre_pregnancy_weight_kg)
               if kg is not None and not low_kg <= kg <= high_kg]
    if adult and unusual:
        requests.append(("unusual-weight", {"weight_kg": number(unusual[0])}))

    # What is given: rounding, product, volume, schedule and the boxed-warning risk screen.
    pharmacy = apply_pharmacy(command, patient, regimen, dosing_weight.kg)
    regimen = pharmacy.regimen
    requests.extend(pharmacy.warnings)

    cotherapies = tuple(_cotherapy(key, patient.weight_kg) for key in cotherapy_keys)
    warnings = _warnings(requests)
    references = _references([
        rule.references,
        template.references if template is not None else (),
        *(c.references for c in cotherapies),
        dosing_weight.references,
        ("ctcae-v5",) if grade is not None else (),
        pharmacy.references,
        *(w.references for w in warnings),
    ])
    status_reason = " ".join((rule.reason, *reason_notes))
    return Result(
        command=command, status=rule.status, status_reason=status_reason, status_references=rule.references,
        rule=rule.id, grade=grade,
        dosing_weight=dosing_weight, regimen=regimen, cotherapies=cotherapies, warnings=warnings,
        references=references, inputs=patient, ivigcalc_version=__version__,
        product=pharmacy.product, risk_screen=pharmacy.risk_screen, audit=audit_for(patient),
    )


def _dose_limit_warnings(template: RegimenTemplate) -> list[WarningRequest]:
    found: list[WarningRequest] = []
    for phase in template.phases:
        highest_day = max(phase.doses_g_per_kg)
        if limits.above(highest_day, limits.USUAL_MAX_G_PER_KG_PER_DAY):
            found.append(("above-usual-dose-day", {"dose_g_per_kg": number(highest_day)}))
        per_course = sum(phase.doses_g_per_kg)
        if limits.above(per_course, limits.USUAL_MAX_G_PER_KG_PER_COURSE):
            found.append(("above-usual-dose-course", {"dose_g_per_kg": number(per_course)}))
    return found


def _template_parameters(warning_key: str, dosing_weight: DosingWeight) -> Mapping[str, str]:
    if warning_key == "child-dose-range":
        low, high = CHILD_DOSE_RANGE_G_PER_KG
        return {
            "low_g": number(dosing_weight.kg * low), "high_g": number(dosing_weight.kg * high),
            "weight_kg": number(dosing_weight.kg),
        }
    return {}


def _cotherapy(key: str, actual_weight_kg: float) -> Cotherapy:
    definition = COTHERAPIES[key]
    detail = definition.detail
    if "{" in detail:
        low, high = PREDNISONE_MG_PER_KG_PER_DAY
        detail = detail.format(
            prednisone_low_mg=number(actual_weight_kg * low),
            prednisone_high_mg=number(actual_weight_kg * high),
            actual_weight_kg=number(actual_weight_kg),
        )
    return _cotherapy_model(definition.name, detail, definition.references)


@lru_cache(maxsize=4096)
def _cotherapy_model(name: str, detail: str, references: tuple[str, ...]) -> Cotherapy:
    return Cotherapy(name=name, detail=detail, references=references)


def _warnings(requests: Iterable[WarningRequest]) -> tuple[Warning, ...]:
    # Rows on one decision path ask for the same warnings: built once, and the same tuple is handed
    # out again (batch serialises it once per path too).
    return _warnings_for(tuple((key, tuple(sorted(parameters.items())) if parameters else ())
                               for key, parameters in requests))


@lru_cache(maxsize=4096)
def _warnings_for(requests: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]) -> tuple[Warning, ...]:
    seen: dict[str, Warning] = {}
    for key, parameters in requests:
        if key not in seen:
            seen[key] = _warning(key, parameters)
    ordered = sorted(seen.values(), key=lambda w: SEVERITY_ORDER[w.severity])  # stable: table order kept
    return tuple(ordered)


@lru_cache(maxsize=4096)
def _warning(key: str, parameters: tuple[tuple[str, str], ...]) -> Warning:
    definition = WARNINGS[key]
    message = definition.message.format(**dict(parameters)) if parameters else definition.message
    return Warning(
        code=definition.code, severity=definition.severity, message=message,
        references=definition.references,
    )


def _references(groups: Iterable[Iterable[str]]) -> tuple[Reference, ...]:
    return _references_for(tuple(map(tuple, groups)))  # once per decision path, as _warnings


@lru_cache(maxsize=4096)
def _references_for(groups: tuple[tuple[str, ...], ...]) -> tuple[Reference, ...]:
    ordered: dict[str, None] = {}
    for group in groups:
        for reference_id in group:
            ordered.setdefault(reference_id, None)
    return tuple(REFERENCES[reference_id] for reference_id in ordered)

