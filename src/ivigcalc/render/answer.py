"""The answer first: the decision and what to give, in words a nurse can act on, built only from the
Result (its status, regimen, phases, infusions, rounding and course plan). Plain text pieces with the
parts to emphasise marked, so the Rich renderer can bold them and tests can read them without Rich."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ivigcalc.formatting import number, quantity
from ivigcalc.model.result import DosingWeight, Infusion, Phase, Regimen, Result
from ivigcalc.model.vocabulary import Status, WeightDecision

STATUS_WORDS = {Status.INDICATED: "INDICATED", Status.CONSIDER: "CONSIDER", Status.NOT_INDICATED: "NOT INDICATED"}


class Piece(NamedTuple):
    text: str
    strong: bool = False  # the status and the doses to give


def answer(result: Result) -> list[Piece]:
    """Line 1: `INDICATED · give IVIG 80 g once (1 g/kg × 82.28 kg adjusted = 82.28 g, to nearest 5 g)`."""
    status = [Piece(STATUS_WORDS[result.status], strong=True), Piece(" · ")]
    regimen = result.regimen
    if result.status is Status.NOT_INDICATED or regimen is None or not regimen.phases:
        lead = "no IVIG. " if result.status is Status.NOT_INDICATED else ""
        return [*status, Piece(lead + result.status_reason)]
    give = give_pieces(regimen, result.dosing_weight, open_end=_open_end(result))
    if result.status is Status.CONSIDER:
        first = result.cotherapies[0].name if result.cotherapies else None
        lead = f"first choice: {first}; if IVIG is chosen, " if first else "if IVIG is chosen, "
        return [*status, Piece(lead), *give]
    return [*status, *give]


def plain(pieces: Sequence[Piece]) -> str:
    return "".join(piece.text for piece in pieces)


def give_pieces(regimen: Regimen, dosing_weight: DosingWeight, *,
                open_end: dict[str, str] | None = None) -> list[Piece]:
    """`give IVIG 25 g a day for 5 days (125 g; calculated 26 g a day)`, phases joined by ", then"."""
    pieces: list[Piece] = [Piece("give IVIG ")]
    for index, phase in enumerate(regimen.phases):
        if index:
            pieces.append(Piece(", then "))
        pieces += _phase_pieces(phase, dosing_weight, (open_end or {}).get(phase.name, "until stopped"),
                                single_phase=len(regimen.phases) == 1)
    return pieces


def _given(infusion: Infusion) -> float:
    return infusion.dose_g if infusion.dose_g_rounded is None else infusion.dose_g_rounded


def _runs(infusions: Sequence[Infusion], value: object) -> list[tuple[list[int], float]]:
    """Consecutive days with the same amount: [([1, 2], 30.0), ([3, 4, 5], 25.0)]."""
    runs: list[tuple[list[int], float]] = []
    for infusion in infusions:
        amount = value(infusion)  # type: ignore[operator]
        if runs and runs[-1][1] == amount:
            runs[-1][0].append(infusion.day)
        else:
            runs.append(([infusion.day], amount))
    return runs


def days_text(days: Sequence[int]) -> str:
    if len(days) == 1:
        return f"day {days[0]}"
    if list(days) == list(range(days[0], days[-1] + 1)):
        return f"days {days[0]}–{days[-1]}"
    return "days " + ", ".join(str(day) for day in days)


def _phase_pieces(phase: Phase, dosing_weight: DosingWeight, open_end: str, *, single_phase: bool) -> list[Piece]:
    infusions = phase.infusions
    given = _runs(infusions, _given)
    repeating = phase.cycles != 1
    every = "" if phase.interval_days is None else f"every {phase.interval_days} days"
    cycles = open_end if phase.cycles is None else f"{phase.cycles} cycle{'s' if phase.cycles != 1 else ''}"
    if len(infusions) == 1:
        only = infusions[0]
        pieces = [Piece(quantity(_given(only), "g"), strong=True)]
        if repeating:
            return [*pieces, Piece(f" once {every}, {cycles}" if every else f" once, {cycles}")]
        return [*pieces, Piece(" once"), Piece(f" ({_formula(only, dosing_weight)})")]
    pieces = []
    vials = {infusion.day: _vials(infusion) for infusion in infusions}
    if len(given) == 1 and not repeating:
        pieces += [Piece(f"{quantity(given[0][1], 'g')} a day", strong=True), Piece(f" for {len(infusions)} days")]
        if vials[infusions[0].day]:
            pieces.append(Piece(f", each {vials[infusions[0].day]}"))
    else:
        for index, (days, amount) in enumerate(given):
            if index:
                pieces.append(Piece(" and " if index == len(given) - 1 else ", "))
            pieces.append(Piece(quantity(amount, "g"), strong=True))
            if vials[days[0]]:
                pieces.append(Piece(f" ({vials[days[0]]})"))
            pieces.append(Piece(f" on {days_text(days)}"))
    if repeating:
        pieces.append(Piece(f", {every}, {cycles}" if every else f", {cycles}"))
    total = phase.dose_per_cycle_g if phase.dose_per_cycle_g_rounded is None else phase.dose_per_cycle_g_rounded
    per = " a cycle" if repeating else ""
    in_vials = "" if phase.course_plan is None else f" in {phase.course_plan.vial_count} vials"
    pieces.append(Piece(f" ({quantity(total, 'g')}{per}{in_vials}; calculated {_calculated(infusions)})"))
    return pieces


def _vials(infusion: Infusion) -> str:
    return " + ".join(f"{vial.count} × {quantity(vial.size_g, 'g')}" for vial in infusion.vials)


def _calculated(infusions: Sequence[Infusion]) -> str:
    exact = _runs(infusions, lambda infusion: infusion.dose_g)
    if len(exact) == 1:
        return f"{quantity(exact[0][1], 'g')} a day"
    return ", ".join(f"{quantity(amount, 'g')} on {days_text(days)}" for days, amount in exact)


def _formula(infusion: Infusion, dosing_weight: DosingWeight) -> str:
    """`1 g/kg × 82.28 kg adjusted = 82.28 g, to nearest 5 g`."""
    text = (f"{number(infusion.dose_g_per_kg)} g/kg × {quantity(dosing_weight.kg, 'kg')} {dosing_weight.basis.value} "
            f"= {quantity(infusion.dose_g, 'g')}")
    if infusion.dose_g_rounded is None:
        return text
    if infusion.vials:
        return f"{text}, in vials {_vials(infusion)}"
    if infusion.rounding_step_g is not None:
        return f"{text}, to nearest {quantity(infusion.rounding_step_g, 'g')}"
    return f"{text}, not rounded"


def _open_end(result: Result) -> dict[str, str]:
    """How an open-ended phase ends, from its regimen template ("through pregnancy"); by phase name."""
    from ivigcalc.knowledge.regimens import REGIMENS

    assert result.regimen is not None
    template = REGIMENS.get(result.regimen.id)
    if template is None:
        return {}
    return {phase.name: phase.until for phase in template.phases if phase.until}


_DECISION_WORDS = {
    WeightDecision.REQUESTED: "as requested",
    WeightDecision.ALL_ADULTS: "the policy adjusts every adult",
    WeightDecision.MIDDLE_BAND: "the policy's middle band",
    WeightDecision.EXEMPT_PREGNANCY: "pregnancy, never adjusted",
    WeightDecision.EXEMPT_AGE: "under the policy's adult age, not adjusted",
    WeightDecision.EXEMPT_HEIGHT: "height below the adjusted-weight rule's minimum",
    WeightDecision.EXEMPT_WEIGHT: "not over the policy's minimum weight",
    WeightDecision.EXEMPT_BELOW_IDEAL: "below ideal body weight, not adjusted",
    WeightDecision.EXEMPT_BELOW_ADJUSTED: "below the adjusted weight, not adjusted",
    WeightDecision.UNKNOWN_HEIGHT_OR_SEX: "height or sex unknown",
}


def weight_phrase(dosing_weight: DosingWeight) -> str:
    """`82.28 kg adjusted (BMI 32.7 kg/m², 141.9% of ideal 70.46 kg; actual 100 kg)`: the dosing weight
    and, in a few words, how it was obtained."""
    dw = dosing_weight
    head = f"{quantity(dw.kg, 'kg')} {dw.basis.value}"
    if dw.decision is WeightDecision.TRIGGER:
        reasons = []
        if "bmi" in dw.triggers and dw.bmi_kg_per_m2 is not None:
            reasons.append(f"BMI {quantity(dw.bmi_kg_per_m2, 'kg/m²', 1)}")
        if "ibw-excess" in dw.triggers and dw.ideal_kg:
            reasons.append(f"{number(100 * dw.actual_kg / dw.ideal_kg, 1)}% of ideal {quantity(dw.ideal_kg, 'kg')}")
        why = ", ".join(reasons) or "a policy trigger met"
    else:
        why = _DECISION_WORDS.get(dw.decision, dw.decision.value)
    actual = "" if dw.kg == dw.actual_kg else f"; actual {quantity(dw.actual_kg, 'kg')}"
    return f"{head} ({why}{actual})"
