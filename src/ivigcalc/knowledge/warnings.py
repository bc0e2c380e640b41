"""The warnings catalogue. Codes are public and stable; the README lists
them. Several catalogue keys share one code when the same kind of warning has different texts
(every source-versus-guideline disagreement is `guideline-conflict`)."""

from __future__ import annotations

import re
from functools import cache
from types import MappingProxyType

from ivigcalc.formatting import number
from ivigcalc.knowledge import limits
from ivigcalc.knowledge.records import WarningDef
from ivigcalc.knowledge.regimens import PREDNISONE_CAUTION_MG_PER_DAY, PREGNANCY_PREDNISONE_MG_PER_DAY
from ivigcalc.model.vocabulary import Severity

INFO, CAUTION, WARNING, DANGER = Severity.INFO, Severity.CAUTION, Severity.WARNING, Severity.DANGER

_ALL = (
    # --- Class boxed warning and other risks: on every result with a regimen.
    WarningDef(
        "thrombosis-risk", "thrombosis-risk", DANGER,
        "Boxed warning: thrombosis may occur with immune globulin products, even without risk factors. "
        "Risk factors: advanced age, prolonged immobilisation, hypercoagulable conditions, history of "
        "venous or arterial thrombosis, estrogen use, indwelling vascular catheters, hyperviscosity, "
        "cardiovascular risk factors. In patients at risk give the minimum dose and infusion rate "
        "practicable, ensure adequate hydration, monitor for thrombosis and assess blood viscosity "
        "(cryoglobulins, high triglycerides, monoclonal gammopathy).",
        ("fda-2013",),
        summary="Thrombosis can occur: hydrate; slow rate if at risk."),
    WarningDef(
        "renal-monitoring", "renal-monitoring", DANGER,
        "Boxed warning: renal dysfunction, acute renal failure, osmotic nephrosis and death may occur "
        "in predisposed patients (pre-existing renal insufficiency, diabetes mellitus, age > 65, volume "
        "depletion, sepsis, paraproteinaemia, nephrotoxic drugs); more common with sucrose-containing "
        "products. Monitor renal function before and after the infusion, especially with pre-existing "
        "kidney disease.",
        ("fda-2013", "seed-itp"),
        summary="Renal failure can occur: check renal function."),
    WarningDef(
        "other-adverse-effects", "other-adverse-effects", INFO,
        "Also: haemolysis (highest risk at ≥ 2 g/kg in non-O blood groups), aseptic meningitis, "
        "headache (common) and volume overload. The source document says concomitant corticosteroids "
        "'prevent' aseptic meningitis; that overstates one retrospective paediatric study in which "
        "they reduced it.",
        ("fda-2013", "seed-itp"),
        summary="Haemolysis, aseptic meningitis, headache, fluid overload."),
    # --- ITP
    WarningDef(
        "no-ivig-alone-bleeding", "no-ivig-alone", DANGER,
        "Life-threatening haemorrhage: never IVIG alone. Give platelet transfusion now, at the same "
        "time as IVIG (do not postpone it), with IV corticosteroids.",
        ("icr-2019", "seed-itp"),
        summary="Never IVIG alone: platelets now, IV steroids."),
    WarningDef(
        "platelet-unit-check", "platelet-unit-check", CAUTION,
        "A platelet count of {count} ×10⁹/L is far above normal. If the laboratory reported it per µL, it is "
        "{per_ul} ×10⁹/L: give --platelet-unit /uL and calculate again.",
        ("ivigcalc-limits",),
        summary="{count} ×10⁹/L is very high: per µL? Then --platelet-unit /uL."),
    WarningDef(
        "pre-pregnancy-weight-above-actual", "pre-pregnancy-weight", CAUTION,
        "The pre-pregnancy weight, {pre_kg} kg, is above the current weight, {actual_kg} kg, and the dose is "
        "on it: check both weights and their unit.",
        ("ivigcalc-limits", "ontario-ivig"),
        summary="Pre-pregnancy {pre_kg} kg is above the current {actual_kg} kg: check."),
    WarningDef(
        "no-ivig-alone-bleeding-without-steroids", "no-ivig-alone", DANGER,
        "Life-threatening haemorrhage: never IVIG alone. Give platelet transfusion now, at the same time as "
        "IVIG (do not postpone it). Corticosteroids are stated contraindicated here: confirm that with the "
        "haematologist.",
        ("icr-2019", "seed-itp"),
        summary="Never IVIG alone: platelets now (steroids contraindicated)."),
    WarningDef(
        "slower-regimen-rapid", "slower-regimen", DANGER,
        "A rapid platelet rise is needed here ({why}), and 0.4 g/kg/day for 5 days raises the count more slowly "
        "than 1 g/kg once: the source document calls it outdated when a rapid rise is needed, and ASH 2011 "
        "suggests 1 g/kg once. Computed because --regimen five-day was asked (for example where fluid volume "
        "is a concern); otherwise give 1 g/kg once.",
        ("seed-itp", "ash-2011"),
        summary="A rapid rise is needed: 1 g/kg once is faster."),
    WarningDef(
        "bleeding-not-explained", "bleeding-not-explained", WARNING,
        "Life-threatening bleeding with a platelet count at or above the lower limit of normal: the count does "
        "not explain the bleeding. Look for another cause (coagulopathy, anticoagulant or antiplatelet drugs, a "
        "structural lesion) and treat it; IVIG and platelet transfusion are for an urgent need to raise a low "
        "count (ICR 2019).",
        ("icr-2019",),
        summary="The count does not explain the bleeding."),
    WarningDef(
        "grade-3-bleeding-conflict", "guideline-conflict", CAUTION,
        "The source document gives 'IVIG 1 g/kg + corticosteroids' at grade 3 (25 to < 50 ×10⁹/L) with "
        "bleeding or a bleeding risk; ASH 2019 recommends observation at ≥ 30 ×10⁹/L with no or minor bleeding "
        "and corticosteroids below 30. Shown as 'consider', corticosteroids first, so that a lower count never "
        "gets a weaker status than a higher one (below 25 ×10⁹/L the same patient is 'consider' too).",
        ("seed-itp", "ash-2019"),
        summary="ASH 2019: observe or steroids, not IVIG first."),
    WarningDef(
        "no-ivig-alone-bleeding-neonate", "no-ivig-alone", DANGER,
        "Life-threatening haemorrhage in a neonate: never IVIG alone. Give platelet transfusion now with IVIG, "
        "and limited corticosteroids (ICR 2019, neonatal intracranial haemorrhage); involve the neonatologist "
        "and haematologist.",
        ("icr-2019", "seed-itp"),
        summary="Never IVIG alone: platelets now; call specialists."),
    WarningDef(
        "prednisone-no-maximum", "prednisone-no-maximum", CAUTION,
        "Prednisone on actual body weight reaches {high_mg} mg a day at {weight_kg} kg, above "
        f"{number(PREDNISONE_CAUTION_MG_PER_DAY)} mg: no guideline found (ASH 2019, ICR 2019) sets a maximum "
        "daily dose. Check the local protocol for a cap.",
        ("ash-2019", "icr-2019", "ivigcalc-limits"),
        summary="Prednisone up to {high_mg} mg a day: no set maximum."),
    WarningDef(
        "slower-regimen", "slower-regimen", WARNING,
        "0.4 g/kg/day for 5 days raises the count more slowly than 1 g/kg once; the source document "
        "calls it outdated when a rapid rise is needed. ASH 2011 suggests 1 g/kg once, repeated if "
        "necessary.",
        ("seed-itp", "ash-2011"),
        summary="Slower rise than 1 g/kg once."),
    WarningDef(
        "label-dose", "label-dose", INFO,
        "Labelled ITP doses differ from the guideline: Privigen, Octagam 10%, Panzyga, Gammaplex and "
        "Flebogamma 10% DIF 1 g/kg/day for 2 days (2 g/kg); Gamunex-C 1 g/kg for 2 days or 0.4 g/kg for "
        "5 days; EU SmPCs also 0.4 g/kg/day for 2-5 days. ASH 2011 (2B): 1 g/kg once, repeated if "
        "necessary.",
        ("product-labels", "ash-2011"),
        summary="Labels give other ITP doses (often 2 g/kg)."),
    WarningDef(
        "expected-response", "expected-response", INFO,
        "Expected response (source document): onset typically in 2-4 days, a rise within 24 hours in "
        "most; initial response in up to 80%, half reach normal counts. The document's '43 → 178 "
        "×10⁹/L by day 9' figure comes from septic patients, not ITP; its response predictor "
        "(platelet-associated IgG > 5,000 molecules per platelet) has no source that could be found.",
        ("seed-itp", "sepsis-rct-1991"),
        summary="Response usually in 2-4 days."),
    WarningDef(
        "grade-2-observation", "guideline-conflict", CAUTION,
        "The source document gives prednisone alone at 50 to < 75 ×10⁹/L; ASH 2019 recommends "
        "observation rather than corticosteroids for counts ≥ 30 ×10⁹/L with no or minor bleeding "
        "(strong recommendation).",
        ("seed-itp", "ash-2019"),
        summary="ASH 2019 prefers observation here."),
    WarningDef(
        "pregnancy-corticosteroids", "guideline-conflict", CAUTION,
        "The source document lists pregnancy among corticosteroid contraindications; ASH 2011 (6.1.A, "
        "1C) recommends corticosteroids or IVIG in pregnancy: both are options. Dose IVIG on the "
        "pre-pregnancy (or actual) weight, never adjusted.",
        ("seed-itp", "ash-2011", "ontario-ivig"),
        summary="Pregnancy: steroids or IVIG are both options."),
    WarningDef(
        "hcv-unverified", "unverified-citation", CAUTION,
        "IVIG as the initial treatment of HCV-associated ITP comes from the source document, which "
        "cites ASH 2011 (7.1.A); that clause was not verified in the primary text.",
        ("seed-itp", "ash-2011"),
        summary="HCV: the cited ASH clause is unverified."),
    WarningDef(
        "hiv-unverified", "unverified-citation", CAUTION,
        "HIV-associated ITP: treat HIV with antivirals first unless there is clinically significant "
        "bleeding; if ITP treatment is needed, corticosteroids, IVIG or anti-D. The source document "
        "cites ASH 2011; the clause was not verified in the primary text.",
        ("seed-itp", "ash-2011"),
        summary="HIV: antivirals first; ASH clause unverified."),
    WarningDef(
        "sepsis-evidence", "guideline-conflict", CAUTION,
        "IVIG for septic thrombocytopenia rests on one trial (n = 29: 43 → 178 ×10⁹/L with IVIG vs "
        "51 → 125 with placebo by day 9) that excluded DIC, hypersplenism and drug-induced "
        "thrombocytopenia. Current sepsis guidelines (SSC 2021) suggest against IVIG in sepsis (weak recommendation).",
        ("sepsis-rct-1991", "ssc-2021"),
        summary="One small trial; guidelines advise against."),
    WarningDef(
        "dic-excluded", "dic-excluded", WARNING,
        "DIC present: the septic thrombocytopenia trial excluded DIC, so there is no evidence for IVIG "
        "here. Treat the DIC and the sepsis.",
        ("sepsis-rct-1991",),
        summary="DIC: no evidence for IVIG; treat the DIC."),
    WarningDef(
        "transient-response", "transient-response", CAUTION,
        "In the only series (n = 4) the responses of neonates of mothers with ITP were transient: "
        "recheck the platelet count after the course.",
        ("neonatal-1987",),
        summary="Responses were transient: recheck the count."),
    WarningDef(
        "alloimmune-dose-conflict", "guideline-conflict", CAUTION,
        "The source document gives 0.4 g/kg/day for 5 days for alloimmune (isoimmune) neonatal "
        "thrombocytopenia, from the same n = 4 series; the Ontario IVIG guideline gives 1 g/kg as an "
        "add-on to platelet transfusion, then reassess.",
        ("seed-itp", "neonatal-1987", "ontario-ivig"),
        summary="Ontario: 1 g/kg with platelets, then reassess."),
    WarningDef(
        "adult-cause-in-child", "adult-cause", INFO,
        "Cause '{cause}' is an adult cause in these rules; for a child it changes nothing: the "
        "paediatric rules decide.",
        ("seed-itp",),
        summary="An adult cause: the paediatric rules decide."),
    WarningDef(
        "steroids-omitted", "steroids-contraindicated", CAUTION,
        "This regimen normally includes corticosteroids; they are stated contraindicated and have been "
        "left out of the co-therapy. Reassess the contraindication if the bleeding is severe.",
        ("seed-itp", "ash-2011"),
        summary="Steroids left out (contraindicated): reassess."),
    WarningDef(
        "grade-4-bleeding-gap", "guideline-conflict", CAUTION,
        "The source document gives IVIG 1 g/kg + corticosteroids for grade 3 with bleeding risk and for "
        "grade 4 with active bleeding, but has no row for grade 4 with minor bleeding or a bleeding risk; "
        "ASH 2011 makes corticosteroids first line below 30 ×10⁹/L and adds IVIG when a rapid rise is "
        "needed (--rapid-rise).",
        ("seed-itp", "ash-2011"),
        summary="No source row here; ASH: steroids first."),
    WarningDef(
        "neonate-emergency-gap", "guideline-conflict", CAUTION,
        "No source gives a neonatal IVIG schedule for life-threatening bleeding; the source document's "
        "0.4 g/kg/day for 5 days comes from a series of 4 and is slow. ICR 2019 treats neonatal intracranial "
        "haemorrhage with IVIG and limited corticosteroids: involve a neonatologist and haematologist.",
        ("seed-itp", "neonatal-1987", "icr-2019"),
        summary="No sourced neonatal schedule: call specialists."),
    WarningDef(
        "pregnancy-dexamethasone", "pregnancy-steroid-choice", CAUTION,
        "In pregnancy prefer prednisone or prednisolone: dexamethasone crosses the placenta and has been left "
        f"out. Prednisone is shown at the pregnancy dose, {number(PREGNANCY_PREDNISONE_MG_PER_DAY[0])}-"
        f"{number(PREGNANCY_PREDNISONE_MG_PER_DAY[1])} mg a day, then the minimum effective dose (ICR 2019).",
        ("icr-2019",),
        summary="Pregnancy: prednisone, not dexamethasone."),
    WarningDef(
        "child-dose-range", "dose-range", INFO,
        "Paediatric single dose 0.8-1 g/kg: {low_g} g to {high_g} g at {weight_kg} kg; computed at "
        "1 g/kg.",
        ("ash-2011",),
        summary="Child range {low_g}-{high_g} g; computed at the top."),
    WarningDef(
        "population-assumed", "population-assumed", INFO,
        "No --age or --population given: the adult rules were applied. Give the age for a child or "
        "--population neonate.",
        ("seed-itp",),
        summary="No age given: adult rules. Give --age."),
    # --- APS
    WarningDef(
        "aps-not-anticoagulation", "no-ivig-alone", WARNING,
        "IVIG is never first line in APS and never replaces anticoagulation: not as monotherapy for "
        "thrombotic APS, not for primary prevention in asymptomatic carriers, not before standard "
        "therapy has been adequately tried.",
        ("seed-aps",),
        summary="Never replaces anticoagulation; never first line."),
    WarningDef(
        "aps-prothrombotic", "prothrombotic-in-aps", WARNING,
        "IVIG is itself prothrombotic: weigh this in every APS scenario, above all catastrophic APS and "
        "recurrent thrombosis.",
        ("fda-2013", "seed-aps"),
        summary="IVIG is itself prothrombotic."),
    WarningDef(
        "aps-limited-evidence", "limited-evidence", CAUTION,
        "The evidence for IVIG in APS is small case series; large randomised trials are lacking. "
        "High cost and limited availability.",
        ("seed-aps",),
        summary="Evidence: small case series only."),
    WarningDef(
        "aps-obstetric-conflict", "guideline-conflict", CAUTION,
        "The source document presents refractory obstetric APS as an indication; ACR 2020 conditionally "
        "recommends against IVIG ('only anecdotal data'), and the Australian criteria do not support "
        "IVIG for recurrent miscarriage with or without APS.",
        ("seed-aps", "acr-2020", "australian-criteria"),
        summary="ACR 2020 advises against IVIG here."),
    WarningDef(
        "aps-obstetric-protocols", "guideline-conflict", CAUTION,
        "The source document states two different obstetric regimens (0.4 g/kg/day for 2 days then "
        "1.5 g/kg for 1 day, monthly; and 1.5 g/kg over 2 weeks for 2 months, then monthly for 4 "
        "months); neither was found in the primary literature. Primary literature: 0.4 g/kg/day for "
        "5 days monthly (Spinnato 1995, the default here) or 1 g/kg/day for 2 days monthly to 36 weeks "
        "(Branch 2000, pilot RCT, n = 16).",
        ("seed-aps", "spinnato-1995", "branch-2000"),
        summary="Source regimens unsourced; default Spinnato 1995."),
    WarningDef(
        "unsourced-protocol", "unsourced-protocol", WARNING,
        "The 0.4 g/kg/day for 2 days then 1.5 g/kg on day 3 protocol (2.3 g/kg a cycle) comes from the "
        "source document only; no primary source was found for it.",
        ("seed-aps",),
        summary="No primary source for this protocol."),
    WarningDef(
        "aps-thrombosis-conflict", "guideline-conflict", CAUTION,
        "The source document presents recurrent thrombosis despite anticoagulation as an indication; "
        "EULAR 2019 escalates anticoagulation instead (add low-dose aspirin, raise the INR target to "
        "3-4, or switch to LMWH), and the Australian criteria do not support IVIG for chronic recurrent "
        "thrombosis. Evidence: two series, n = 7 (Tenti 2013, on anticoagulants or antiplatelets) and "
        "n = 5 (Sciascia 2012, mean follow-up 89.2 months, no recurrence).",
        ("seed-aps", "eular-2019", "australian-criteria", "tenti-2013", "sciascia-2012"),
        summary="EULAR 2019 escalates anticoagulation instead."),
    WarningDef(
        "aps-treatment-duration", "treatment-duration", INFO,
        "Computed as 12 monthly cycles (the source document's minimum); Tenti 2013 continued to 24 "
        "months.",
        ("seed-aps", "tenti-2013"),
        summary="12 cycles computed; up to 24 months reported."),
    WarningDef(
        "caps-alternative", "alternative-schedule", INFO,
        "Ontario IVIG: 2 g/kg per course given over 2-5 days; usually one course.",
        ("ontario-ivig", "australian-criteria"),
        summary="Ontario: 2 g/kg over 2-5 days."),
    WarningDef(
        "caps-triple-therapy-conflict", "guideline-conflict", CAUTION,
        "The source document gives IVIG alongside plasma exchange; the CAPS registry's triple therapy is "
        "anticoagulation + corticosteroids + plasma exchange and/or IVIG.",
        ("seed-aps", "caps-registry-2018"),
        summary="Triple therapy differs from the source."),
    WarningDef(
        "aps-asymptomatic-conflict", "guideline-conflict", CAUTION,
        "The source document says no treatment without clinical manifestations; EULAR 2019 recommends "
        "low-dose aspirin prophylaxis for asymptomatic carriers with a high-risk antiphospholipid "
        "antibody profile. IVIG is not indicated either way.",
        ("seed-aps", "eular-2019"),
        summary="EULAR 2019: aspirin for high-risk carriers."),
    # --- Grading
    WarningDef(
        "ash-thresholds", "ash-thresholds", INFO,
        "ASH guidelines do not use CTCAE grades: they use < 30 vs ≥ 30 ×10⁹/L (treat vs observe) and "
        "< 20 vs ≥ 20 ×10⁹/L (admit vs outpatient), together with bleeding. This count is "
        "{relation_30} 30 and {relation_20} 20 ×10⁹/L.",
        ("ash-2011", "ash-2019"),
        summary="ASH uses 30 and 20 ×10⁹/L, not grades."),
    WarningDef(
        "ctcae-version", "ctcae-version", INFO,
        "Graded with CTCAE v5.0. CTCAE v6.0 renames the term 'Thrombocytopenia' and moves grade 4 to "
        "< 10 ×10⁹/L.",
        ("ctcae-v5",),
        summary="CTCAE v6.0 moves grade 4 to < 10 ×10⁹/L."),
    # --- Dosing weight and limits
    WarningDef(
        "unadjusted-weight", "unadjusted-weight", WARNING,
        "Height or sex unknown: the dose is on actual body weight, unadjusted. An obese patient may be "
        "overdosed; give --height and --sex to apply the adjusted-weight rule.",
        ("dosing-weight-practice", "ontario-ivig"),
        summary="Height or sex unknown: actual weight used."),
    WarningDef(
        "actual-weight-chosen", "actual-weight-chosen", CAUTION,
        "Actual body weight ({actual_kg} kg) is used instead of the {basis} weight policy {policy} gives "
        "({policy_kg} kg); the reason is recorded in the inputs (actual_weight_reason). The policy needs this "
        "justification with the request.",
        ("lifeblood-abw-2026",),
        summary="Actual weight chosen over the {basis} weight."),
    WarningDef(
        "price-missing", "price-missing", INFO,
        "No price for {packs} of this product in {source}: the cost is not computed (grams opened and "
        "wasted are).",
        (),
        summary="A pack has no price: no cost."),
    WarningDef(
        "policy-not-verified", "policy-not-verified", WARNING,
        "Dosing-weight policy {policy} is not verified against its published source (its trigger comes "
        "from the request that added it): check the dosing weight against the policy itself "
        "(`ivigcalc policies {policy}`).",
        ("nhse-ig-policy-2021",),
        summary="Policy {policy} unverified: check the weight."),
    WarningDef(
        "dosing-weight-above-actual", "dosing-weight-above-actual", CAUTION,
        "The requested {basis} weight ({dosing_kg} kg) is above the actual weight ({actual_kg} kg): the "
        "dose is larger than on actual weight. The automatic rule uses actual weight here.",
        ("dosing-weight-practice", "devine-1974"),
        summary="{basis} weight above actual: a larger dose."),
    WarningDef(
        "above-usual-dose-day", "above-usual-dose", WARNING,
        "{dose_g_per_kg} g/kg on one day is above the usual maximum of "
        f"{number(limits.USUAL_MAX_G_PER_KG_PER_DAY)} g/kg a day.",
        ("seed-itp", "product-labels"),
        summary="{dose_g_per_kg} g/kg in a day: above the usual maximum."),
    WarningDef(
        "above-usual-dose-course", "above-usual-dose", WARNING,
        "{dose_g_per_kg} g/kg in one course (cycle) is above the usual "
        f"{number(limits.USUAL_MAX_G_PER_KG_PER_COURSE)} g/kg a course.",
        ("product-labels", "australian-criteria"),
        summary="{dose_g_per_kg} g/kg a course: above the usual maximum."),
    WarningDef(
        "unusual-weight-child", "unusual-weight", CAUTION,
        "Weight {weight_kg} kg is outside the plausible band for this child ({age}, {sex}: {low_kg}-{high_kg} "
        "kg, weight-for-age z-score -3.5 to +3.5 of the {table} table): check the weight and its unit.",
        ("who-growth-2006", "cdc-growth-2000", "ivigcalc-limits"),
        summary="{weight_kg} kg is implausible here: check it."),
    WarningDef(
        "unusual-height", "unusual-height", CAUTION,
        "Adult height {height_cm} cm is under "
        f"{number(limits.UNUSUAL_ADULT_HEIGHT_CM)} cm: computed because the unit was stated. Check the height "
        "and its unit (64 in is 162.56 cm); under 152.4 cm no adjusted weight applies.",
        ("ivigcalc-limits",),
        summary="Height {height_cm} cm is unusual: check it."),
    WarningDef(
        "unusual-weight", "unusual-weight", CAUTION,
        "Adult weight {weight_kg} kg is outside the usual "
        f"{number(limits.UNUSUAL_ADULT_WEIGHT_KG[0])}-{number(limits.UNUSUAL_ADULT_WEIGHT_KG[1])} kg: check the "
        "weight and its unit.",
        ("ivigcalc-limits",),
        summary="Weight {weight_kg} kg is unusual: check it."),
    # --- Pharmacy: rounding, product, risk screen
    WarningDef(
        "rounding-deviation", "rounding-deviation", WARNING,
        "The dose to give is more than 10% from the calculated dose: {details}. Stay within 10% of the "
        "order, rounding up or down (Pharmacy Purchasing & Products 2010): check the dose, or choose "
        "another rounding (--round) or product.",
        ("pppmag-2010",),
        summary="The dose to give is > 10% from calculated."),
    WarningDef(
        "rounding-hard-limit", "rounding-hard-limit", WARNING,
        "Rounding ({mode}) would give more than the 2 g/kg a day hard limit: {details}. The calculated "
        "dose is given unrounded (part of a vial): check the weight and its unit, and measure the dose.",
        ("ivigcalc-limits",),
        summary="Rounding would pass 2 g/kg a day: not rounded."),
    WarningDef(
        "at-risk-minimum-rate", "at-risk-minimum-rate", WARNING,
        "At risk ({risks}): give IVIG at the minimum dose and infusion rate practicable (boxed warning). "
        "{cap}",
        ("fda-2013", "ivigcalc-risk-screen", "product-catalogue"),
        summary="At risk: slowest rate, lowest dose."),
    WarningDef(
        "hydration", "hydration", WARNING,
        "At-risk patient: ensure adequate hydration before the infusion, monitor urine output and renal "
        "function, watch for signs of thrombosis, and assess blood viscosity where hyperviscosity is "
        "possible (cryoglobulins, high triglycerides, monoclonal gammopathy).",
        ("fda-2013",),
        summary="At risk: hydrate; watch urine and renal function."),
    WarningDef(
        "sucrose-product", "sucrose-product", DANGER,
        "{product} contains sucrose and this patient has renal risk ({factors}): renal dysfunction and "
        "acute renal failure are more common with sucrose-containing products. Computed only because "
        "--allow-sucrose was given; prefer a sucrose-free product.",
        ("fda-2013", "product-catalogue"),
        summary="{product} has sucrose; renal risk."),
    WarningDef(
        "haemolysis-risk", "haemolysis-risk", WARNING,
        "{g_per_kg} g/kg in one course and blood group {blood_group} (non-O): the highest risk of "
        "haemolysis. Watch for signs of haemolysis after the infusion.",
        ("product-labels",),
        summary="High dose, group {blood_group}: watch for haemolysis."),
    WarningDef(
        "product-not-labelled-itp", "product-not-labelled", CAUTION,
        "{product} is not labelled for ITP in the catalogue: the schedule uses the rates of another "
        "labelled indication (see the schedule source). Verify against the current label.",
        ("product-catalogue",),
        summary="{product} is not labelled for ITP."),
    WarningDef(
        "product-not-labelled-aps", "product-not-labelled", INFO,
        "No IVIG product is labelled for APS: {product} is used off-label, and its schedule uses the "
        "{rates} rates of its label.",
        ("product-catalogue",),
        summary="{product} is off-label in APS."),
    WarningDef(
        "no-label-rates", "no-label-rates", CAUTION,
        "{product}: the catalogue has no label infusion rates (not found), so there is no schedule, "
        "only the volume. Take the rates from the current label.",
        ("product-catalogue",),
        summary="{product}: no label rates, so no schedule."),
    # --- Product contraindications and label warnings (US labels, EU SmPCs; ACIP)
    WarningDef(
        "iga-deficiency-label", "iga-deficiency", INFO,
        "{product} is contraindicated in IgA deficiency with antibodies against IgA and a history of "
        "hypersensitivity; its IgA content is {iga}. Lowest stated IgA in the catalogue: {lowest}.",
        ("igiv-class-labelling", "product-catalogue"),
        summary="{product}: IgA {iga}; contraindicated with anti-IgA."),
    WarningDef(
        "iga-deficiency-override", "iga-deficiency", DANGER,
        "IgA deficiency with antibodies against IgA stated: {product} (IgA {iga}) is contraindicated and was "
        "computed only because --allow-contraindicated was given; severe hypersensitivity and anaphylaxis are "
        "more likely. Lowest stated IgA in the catalogue: {lowest}.",
        ("igiv-class-labelling", "product-catalogue"),
        summary="{product}: contraindicated (IgA); overridden."),
    WarningDef(
        "iga-deficiency-no-product", "iga-deficiency", WARNING,
        "IgA deficiency with antibodies against IgA stated: every IVIG label in the catalogue lists it as a "
        "contraindication. Name the product (--product) to check it; lowest stated IgA: {lowest}.",
        ("igiv-class-labelling", "product-catalogue"),
        summary="IgA deficiency: name the product to check it."),
    WarningDef(
        "hyperprolinaemia-label", "hyperprolinaemia", INFO,
        "{product} is stabilised with L-proline and is contraindicated in hyperprolinaemia type I or II.",
        ("privigen-us-pi", "product-catalogue"),
        summary="{product}: L-proline; not in hyperprolinaemia."),
    WarningDef(
        "hyperprolinaemia-override", "hyperprolinaemia", DANGER,
        "Hyperprolinaemia stated: {product} (L-proline stabiliser) is contraindicated and was computed only "
        "because --allow-contraindicated was given. Choose a product without proline.",
        ("privigen-us-pi", "product-catalogue"),
        summary="{product}: contraindicated (proline); overridden."),
    WarningDef(
        "hyperprolinaemia-no-product", "hyperprolinaemia", CAUTION,
        "Hyperprolinaemia stated: {products} (L-proline) is contraindicated. Name the product (--product) to "
        "check it.",
        ("privigen-us-pi", "product-catalogue"),
        summary="Hyperprolinaemia: avoid L-proline products."),
    WarningDef(
        "fructose-intolerance-label", "fructose-intolerance", INFO,
        "{product} contains sorbitol and is contraindicated in hereditary fructose intolerance.",
        ("flebogamma-dif-smpc", "product-catalogue"),
        summary="{product}: sorbitol; not in fructose intolerance."),
    WarningDef(
        "fructose-intolerance-young-child", "fructose-intolerance", CAUTION,
        "{product} contains sorbitol, contraindicated in hereditary fructose intolerance; under 2 years the "
        "condition may not yet be diagnosed (EMA excipients guideline): prefer a sorbitol-free product.",
        ("flebogamma-dif-smpc", "ema-excipients-2019", "product-catalogue"),
        summary="{product}: sorbitol; under 2 years avoid it."),
    WarningDef(
        "fructose-intolerance-override", "fructose-intolerance", DANGER,
        "Hereditary fructose intolerance stated: {product} contains sorbitol and is contraindicated; computed "
        "only because --allow-contraindicated was given. Choose a sorbitol-free product.",
        ("flebogamma-dif-smpc", "ema-excipients-2019", "product-catalogue"),
        summary="{product}: contraindicated (sorbitol); overridden."),
    WarningDef(
        "fructose-intolerance-no-product", "fructose-intolerance", CAUTION,
        "Hereditary fructose intolerance stated: {products} (sorbitol) is contraindicated. Name the product "
        "(--product) to check it.",
        ("flebogamma-dif-smpc", "product-catalogue"),
        summary="Fructose intolerance: avoid sorbitol products."),
    WarningDef(
        "maltose-glucose-meter", "maltose-glucose-meter", DANGER,
        "{product} contains maltose: blood glucose meters and strips using GDH-PQQ or glucose-dye-"
        "oxidoreductase read it as glucose, during and after the infusion. Insulin given on a falsely high "
        "reading can cause life-threatening hypoglycaemia, and true hypoglycaemia can be masked: measure glucose "
        "with a glucose-specific method.",
        ("octagam-us-pi", "product-catalogue"),
        summary="{product}: maltose; false high glucose readings."),
    WarningDef(
        "volume-overload", "volume-overload", INFO,
        "Infusion volume: {volume_ml} mL on the largest day ({ml_per_kg} mL/kg). The labels do not recommend "
        "the high-dose regimen (1 g/kg/day for 2 days) where fluid volume is a concern.",
        ("gamunex-c-us-pi", "igiv-class-labelling", "product-catalogue"),
        summary="Volume {volume_ml} mL on the largest day."),
    WarningDef(
        "volume-overload-heart-failure", "volume-overload", WARNING,
        "Heart failure stated: {volume} risks volume overload. The labels advise against the high-dose regimen "
        "where fluid volume is a concern: consider the lower daily dose over more days (--regimen five-day in "
        "adult ITP), infuse slowly and monitor fluid status.",
        ("gamunex-c-us-pi", "igiv-class-labelling"),
        summary="Heart failure: fluid overload risk; go slowly."),
    WarningDef(
        "live-vaccines", "live-vaccines", INFO,
        "Delay measles- and varicella-containing vaccines (MMR, MMRV, varicella) for {months} months after this "
        "course ({g_per_kg} g/kg): the antibodies in IVIG impair the response.",
        ("acip-best-practice",),
        summary="Delay MMR and varicella vaccines {months} months."),
    WarningDef(
        "hyperproteinaemia", "hyperproteinaemia", INFO,
        "IVIG can cause hyperproteinaemia, raised serum viscosity and hyponatraemia: tell true hyponatraemia "
        "from pseudohyponatraemia before treating it (free-water restriction for a pseudohyponatraemia can cause "
        "volume depletion, a further rise in viscosity and thrombosis).",
        ("gamunex-c-us-pi", "igiv-class-labelling"),
        summary="Pseudohyponatraemia: check before treating."),
    WarningDef(
        "trali", "trali", INFO,
        "Transfusion-related acute lung injury (TRALI) can follow IVIG, usually within hours: watch for "
        "respiratory distress, pulmonary oedema, hypoxaemia and fever, and stop the infusion if it occurs.",
        ("igiv-class-labelling",),
        summary="TRALI: watch breathing in the first hours."),
    WarningDef(
        "hypersensitivity", "hypersensitivity", INFO,
        "Severe hypersensitivity and anaphylaxis can occur, even after earlier infusions were tolerated: have "
        "epinephrine (adrenaline) available and stop the infusion at once if a reaction occurs.",
        ("igiv-class-labelling",),
        summary="Anaphylaxis: have epinephrine ready."),
    WarningDef(
        "off-label-age", "off-label-age", CAUTION,
        "{product}'s ITP indication starts at {label_age} years ({note}); this patient is {age}: use is "
        "off-label for this age. Verify against the current label.",
        ("product-catalogue",),
        summary="{product}: off-label under {label_age} years."),
    WarningDef(
        "product-discontinued", "product-discontinued", CAUTION,
        "{product}: {status} (catalogue). Check that it is still available before ordering it.",
        ("product-catalogue",),
        summary="{product}: {status}; check availability."),
)

WARNINGS: MappingProxyType[str, WarningDef] = MappingProxyType({w.key: w for w in _ALL})

# Shown with every regimen: the class warnings apply to every IVIG course.
WITH_EVERY_REGIMEN: tuple[str, ...] = (
    "thrombosis-risk", "renal-monitoring", "other-adverse-effects", "hypersensitivity", "trali", "hyperproteinaemia")

SEVERITY_ORDER = {DANGER: 0, WARNING: 1, CAUTION: 2, INFO: 3}

# Codes that say the same for every IVIG course (class labelling, label doses, vaccine intervals):
# listed after the warnings specific to this patient within each severity.
CLASS_WIDE_CODES: frozenset[str] = frozenset({*WITH_EVERY_REGIMEN, "label-dose", "expected-response", "live-vaccines"})

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _template(message: str) -> re.Pattern[str]:
    """A message template as a pattern whose groups capture the values filled into its placeholders."""
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(message):
        parts.append(re.escape(message[position:match.start()]))
        parts.append(f"(?P<{match.group(1)}>.*?)" if f"(?P<{match.group(1)}>" not in "".join(parts)
                     else f"(?P={match.group(1)})")
        position = match.end()
    parts.append(re.escape(message[position:]))
    return re.compile("".join(parts), re.DOTALL)


def summary_of(code: str, message: str) -> str:
    """The short sentence of a warning as a result carries it (code and filled-in message): found by the
    code, and by the message where several catalogue entries share a code; the placeholders filled with
    the values of the message. An unknown warning's summary is its message."""
    candidates = [d for d in _BY_CODE.get(code, ()) if d.message == message] or [
        d for d in _BY_CODE.get(code, ()) if _template(d.message).fullmatch(message)]
    if not candidates:
        return message
    definition = candidates[0]
    match = _template(definition.message).fullmatch(message)
    values = match.groupdict() if match else {}
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), definition.summary)


_BY_CODE: dict[str, list[WarningDef]] = {}
for _definition in _ALL:
    _BY_CODE.setdefault(_definition.code, []).append(_definition)

# When corticosteroids are stated contraindicated and left out, a warning that names them gives way to
# its variant that does not: a warning never names a co-therapy the result does not list.
WITHOUT_CORTICOSTEROIDS: MappingProxyType[str, str] = MappingProxyType({
    "no-ivig-alone-bleeding": "no-ivig-alone-bleeding-without-steroids",
})
