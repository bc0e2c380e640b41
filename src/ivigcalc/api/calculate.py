"""Assemble the Result: grade, dosing weight, the decided rule, its regimen expanded to grams,
co-therapies, warnings and numbered references. Pure: validated input in, Result out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from ivigcalc._version import __version__
from ivigcalc.core import dosing_weight as dosing_weight_module
from ivigcalc.core.audit import audit_for
from ivigcalc.core.decide import aps_facts, decide_aps, decide_itp, itp_facts, procedure_target
from ivigcalc.core.grading import ctcae_grade
from ivigcalc.core.population import is_minor, patient_population
from ivigcalc.core.regimen import expand_regimen
from ivigcalc.formatting import number
from ivigcalc.knowledge import limits, weight_for_age
from ivigcalc.knowledge.itp_rules import (
    ASH_ADMISSION_THRESHOLD_10E9_PER_L,
    ASH_TREATMENT_THRESHOLD_10E9_PER_L,
    platelet_text,
)
from ivigcalc.knowledge.platelet_targets import PROCEDURE_NAMES
from ivigcalc.knowledge.records import RegimenTemplate, Rule, WarningRequest
from ivigcalc.knowledge.references import REFERENCES
from ivigcalc.knowledge.regimens import (
    CHILD_DOSE_RANGE_G_PER_KG,
    COTHERAPIES,
    FIVE_DAY_SUBSTITUTES,
    PREDNISONE_CAUTION_MG_PER_DAY,
    PREDNISONE_MG_PER_KG_PER_DAY,
    REGIMENS,
)
from ivigcalc.knowledge.units import MONTHS_PER_YEAR, PLATELETS_PER_UL_PER_10E9_PER_L
from ivigcalc.knowledge.warnings import SEVERITY_ORDER, WARNINGS, WITH_EVERY_REGIMEN, WITHOUT_CORTICOSTEROIDS
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
from ivigcalc.model.vocabulary import ApsScenario, Bleeding, ItpCause, ItpRegimenChoice, PlateletUnit, Population
from ivigcalc.pharmacy.prepare import apply_pharmacy

if TYPE_CHECKING:
    from ivigcalc.pharmacy.cost import PriceList

# Secondary causes whose source-document clause is unverified: noted whichever rule decides.
CAUSE_NOTES = {ItpCause.HCV: "hcv-unverified", ItpCause.HIV: "hiv-unverified"}


# ------------------------------------------------------------------------------------------ public


def calculate_itp(itp_input: ItpInput, prices: PriceList | None = None) -> Result:
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
        if substitute is None:  # children, neonates, sepsis: their own sourced schedule, said so, not refused
            reason_notes.append(
                f"--regimen five-day does not apply here: this patient's sourced schedule is {template.name}.")
        else:
            template = REGIMENS[substitute]
            reason_notes.append(f"Given as {template.dose_text}, on request (slower).")

    extra: list[WarningRequest] = []
    if itp_input.regimen is ItpRegimenChoice.FIVE_DAY and template is not None and rule.rapid_response_needed:
        extra.append(("slower-regimen-rapid", {"why": _why_rapid(itp_input, grade_value)}))
    procedure_note = _procedure_note(itp_input)
    if procedure_note is not None:
        reason_notes.append(procedure_note)
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
        extra_warnings=extra, reason_notes=reason_notes, prices=prices,
        extra_references=("icr-2019",) if procedure_note is not None else (),
    )


def _why_rapid(itp_input: ItpInput, grade: int) -> str:
    if itp_input.bleeding is Bleeding.LIFE_THREATENING:
        return "life-threatening bleeding"
    target = procedure_target(itp_input)
    if target is not None and itp_input.platelets_10e9_per_l < target:
        assert itp_input.procedure_type is not None
        return (f"{PROCEDURE_NAMES[itp_input.procedure_type]} planned below its target of {number(target)} "
                "×10⁹/L")
    if grade == 4 and itp_input.bleeding is Bleeding.ACTIVE:
        return "grade 4 with active bleeding"
    return "--rapid-rise"


def _procedure_note(itp_input: ItpInput) -> str | None:
    """The procedure's target and which side of it the count is: the reason names both (ICR 2019)."""
    target = procedure_target(itp_input)
    if target is None or itp_input.procedure_type is None:
        return None
    name = PROCEDURE_NAMES[itp_input.procedure_type]
    count = platelet_text(itp_input.platelets_10e9_per_l, itp_input.lln_10e9_per_l)
    if itp_input.platelets_10e9_per_l < target:
        return f"Procedure: {name}, target ≥ {number(target)} ×10⁹/L (ICR 2019); the count, {count}, is below it."
    return (f"Procedure: {name}, target ≥ {number(target)} ×10⁹/L (ICR 2019); the count, {count}, is at or above "
            "it, so the procedure alone is no reason for IVIG.")


def calculate_aps(aps_input: ApsInput, prices: PriceList | None = None) -> Result:
    rule = decide_aps(aps_facts(aps_input))
    template = _regimen_template(rule, protocol=aps_input.protocol)
    return _assemble(
        command="aps", patient=aps_input, rule=rule, template=template, grade=None,
        minor=is_minor(aps_input.age_years, patient_population(aps_input)), steroids_contraindicated=False,
        # Obstetric regimens are given in pregnancy: dosed as in pregnancy, never adjusted.
        pregnant=aps_input.pregnant or aps_input.scenario is ApsScenario.OBSTETRIC,
        extra_warnings=[], reason_notes=[], prices=prices,
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
    extra_warnings: list[WarningRequest], reason_notes: list[str], extra_references: tuple[str, ...] = (),
    prices: PriceList | None = None,
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
        requests = [(WITHOUT_CORTICOSTEROIDS.get(key, key), parameters) for key, parameters in requests]
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
    requests.extend(_plausibility_warnings(patient, adult=adult))

    # What is given: rounding, product, volume, schedule and the boxed-warning risk screen.
    pharmacy = apply_pharmacy(command, patient, regimen, dosing_weight.kg)
    regimen = pharmacy.regimen
    requests.extend(pharmacy.warnings)
    if any(key == "slower-regimen-rapid" for key, _ in requests):  # the danger text replaces the plain one
        requests = [(key, parameters) for key, parameters in requests if key != "slower-regimen"]
    stewardship = None
    if prices is not None and regimen is not None and patient.product is not None and pharmacy.product is not None:
        from ivigcalc.pharmacy.cost import stewardship as cost_of

        stewardship, cost_warnings = cost_of(regimen, patient.product, pharmacy.product.pack_sizes_g, prices)
        requests.extend(cost_warnings)

    cotherapies = tuple(_cotherapy(key, patient.weight_kg, pregnant=pregnant) for key in cotherapy_keys)
    requests.extend(_prednisone_warnings(cotherapy_keys, patient.weight_kg, pregnant=pregnant))
    warnings = _warnings(requests)
    references = _references([
        rule.references,
        extra_references,
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
        product=pharmacy.product, risk_screen=pharmacy.risk_screen, stewardship=stewardship,
        audit=audit_for(patient),
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


def _plausibility_warnings(patient: ItpInput | ApsInput, *, adult: bool) -> list[WarningRequest]:
    """Soft plausibility checks: an adult height under 100 cm with its unit stated (without it, the parser
    refuses it), and a child's weight outside the weight-for-age band."""
    found: list[WarningRequest] = []
    if adult and patient.height_cm is not None and patient.height_cm < limits.UNUSUAL_ADULT_HEIGHT_CM:
        found.append(("unusual-height", {"height_cm": number(patient.height_cm)}))
    population = patient_population(patient)
    age = patient.age_years
    if population is Population.CHILD and age is not None:
        age_months = age * MONTHS_PER_YEAR
        if weight_for_age.AGE_MIN_MONTHS <= age_months <= weight_for_age.AGE_MAX_MONTHS:
            sex = patient.sex.value if patient.sex is not None else None
            low, high = weight_for_age.weight_for_age_band_kg(age_months, sex)
            if not low <= patient.weight_kg <= high:
                table = "WHO 2006" if age_months < weight_for_age.WHO_TO_CDC_MONTHS else "CDC 2000"
                found.append(("unusual-weight-child", {
                    "weight_kg": number(patient.weight_kg), "age": _age_text(age),
                    "sex": sex if sex is not None else "sex unknown, both sexes' bands",
                    "low_kg": number(low, 1), "high_kg": number(high, 1), "table": table}))
    pre = patient.pre_pregnancy_weight_kg
    if pre is not None and pre > patient.weight_kg:  # weight is gained in pregnancy, not lost
        found.append(("pre-pregnancy-weight-above-actual", {
            "pre_kg": number(pre), "actual_kg": number(patient.weight_kg)}))
    if isinstance(patient, ItpInput) and patient.platelet_unit is PlateletUnit.PER_LITRE_10E9 \
            and patient.platelets_10e9_per_l >= limits.PLATELET_UNIT_CHECK_10E9_PER_L:
        count = patient.platelets_10e9_per_l
        found.append(("platelet-unit-check", {
            "count": number(count), "per_ul": number(count / PLATELETS_PER_UL_PER_10E9_PER_L, 3)}))
    return found


def _age_text(age_years: float) -> str:
    if age_years < 2:
        return f"{number(age_years * MONTHS_PER_YEAR, 1)} months"
    return f"{number(age_years, 1)} years"


def _prednisone_warnings(cotherapy_keys: list[str], actual_weight_kg: float, *, pregnant: bool) -> list[WarningRequest]:
    """Above the caution amount a day on actual weight: the guidelines set no maximum (in pregnancy the dose is
    fixed, 10-20 mg a day, so never)."""
    if pregnant or not any(COTHERAPIES[key].weight_based for key in cotherapy_keys):
        return []
    high_mg = actual_weight_kg * PREDNISONE_MG_PER_KG_PER_DAY[1]
    if high_mg <= PREDNISONE_CAUTION_MG_PER_DAY:
        return []
    return [("prednisone-no-maximum", {"high_mg": number(high_mg), "weight_kg": number(actual_weight_kg)})]


def _cotherapy(key: str, actual_weight_kg: float, *, pregnant: bool = False) -> Cotherapy:
    definition = COTHERAPIES[key]
    if pregnant and definition.pregnancy_detail is not None:
        return _cotherapy_model(definition.name, definition.pregnancy_detail,
                                definition.references + definition.pregnancy_references)
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

