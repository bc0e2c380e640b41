"""Adult, child or neonate: one rule, read by the decision table and the rounding alike (ages in
knowledge/population.py)."""

from __future__ import annotations

from ivigcalc.knowledge.population import ADULT_AGE_YEARS, NEONATE_MAX_AGE_YEARS
from ivigcalc.model.inputs import ApsInput, ItpInput
from ivigcalc.model.vocabulary import Population


def rounding_population(population: Population, age_years: float | None) -> Population:
    """Whose rounding steps apply. A patient in the first 28 days rounds as a neonate
    (0.1 g, never whole vials) even without --population neonate: `aps` has no population option, and a
    5 g vial for a 1.2 g neonatal dose would be a fourfold overdose."""
    if is_neonatal_age(age_years):
        return Population.NEONATE
    return population


def is_minor(age_years: float | None, population: Population | None = None) -> bool:
    if population is not None and population is not Population.ADULT:
        return True
    return age_years is not None and age_years < ADULT_AGE_YEARS


def is_neonatal_age(age_years: float | None) -> bool:
    """In the first 28 days of life (28 days exactly is no longer a neonate)."""
    return age_years is not None and age_years < NEONATE_MAX_AGE_YEARS


def age_population(age_years: float | None) -> Population:
    """The population an age implies when none is stated: under 28 days a neonate, under 18 a child, else
    (or unknown) an adult. The decision table and the rounding both read it."""
    if is_neonatal_age(age_years):
        return Population.NEONATE
    return Population.CHILD if is_minor(age_years) else Population.ADULT


def patient_population(patient: ItpInput | ApsInput) -> Population:
    """Whose rules and rounding steps apply to a validated patient: the stated (or derived) ITP population,
    else the age's; in the first 28 days a neonate (`rounding_population`)."""
    population: Population
    if isinstance(patient, ItpInput) and patient.population is not Population.ADULT:
        population = patient.population
    else:
        population = age_population(patient.age_years)
    return rounding_population(population, patient.age_years)
