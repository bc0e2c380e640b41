"""A regimen template (knowledge/regimens.py) expanded by the dosing weight into infusions in grams."""

from __future__ import annotations

from ivigcalc.core import totals
from ivigcalc.knowledge.records import RegimenTemplate
from ivigcalc.model.result import Infusion, Phase, Regimen


def expand_regimen(template: RegimenTemplate, dosing_weight_kg: float) -> Regimen:
    """The regimen in grams: dose_g = dosing weight × g/kg, to 0.01 g; totals add the doses as shown
    (core/totals.py); None when a phase is open-ended. No template exceeds the 2 g/kg/day hard limit
    (a test checks every one), so there is nothing to refuse here."""
    phases = []
    for phase in template.phases:
        infusions = tuple(
            Infusion(day=day, dose_g_per_kg=g_per_kg, dose_g=totals.dose_g(dosing_weight_kg, g_per_kg))
            for day, g_per_kg in enumerate(phase.doses_g_per_kg, start=1))
        phases.append(Phase(
            name=phase.name, cycles=phase.cycles, interval_days=phase.interval_days, infusions=infusions,
            dose_per_cycle_g=totals.cycle_total_g(i.dose_g for i in infusions)))
    return Regimen(
        id=template.id, name=template.name, phases=tuple(phases),
        total_dose_g=totals.regimen_total_g((p.cycles, p.dose_per_cycle_g) for p in phases),
        references=template.references,
    )
