"""Every source the tool cites. Ids are stable (scripts and tests use them); each citation begins
with its short label so a reader recognises the source at a glance."""

from __future__ import annotations

from types import MappingProxyType

from ivigcalc.model.result import Reference


def _ref(id_: str, label: str, rest: str) -> Reference:
    return Reference(id=id_, label=label, citation=f"{label}. {rest}")


_ALL = (
    _ref("ash-2011", "ASH 2011",
         "Neunert C, et al. The American Society of Hematology 2011 evidence-based practice guideline "
         "for immune thrombocytopenia. Blood 2011;117:4190-4207."),
    _ref("ash-2019", "ASH 2019",
         "Neunert C, et al. American Society of Hematology 2019 guidelines for immune thrombocytopenia. "
         "Blood Adv 2019;3:3829-3866."),
    _ref("icr-2019", "ICR 2019",
         "Provan D, et al. Updated international consensus report on the investigation and management "
         "of primary immune thrombocytopenia. Blood Adv 2019;3:3780-3817."),
    _ref("sepsis-rct-1991", "J Clin Immunol 1991",
         "Treatment of septic thrombocytopenia with immune globulin. J Clin Immunol 1991;11(6):363-368. "
         "PMID 1761642 (randomised placebo-controlled trial, n = 29; DIC excluded)."),
    _ref("neonatal-1987", "Am J Hematol 1987",
         "High-dose intravenous gammaglobulin (IVG) in neonatal immune thrombocytopenia. Am J Hematol "
         "1987;26(3):247-253 (series, n = 4)."),
    _ref("ssc-2021", "SSC 2021",
         "Evans L, et al. Surviving Sepsis Campaign: international guidelines for management of sepsis "
         "and septic shock 2021. Crit Care Med 2021;49:e1063-e1143."),
    _ref("eular-2019", "EULAR 2019",
         "Tektonidou MG, et al. EULAR recommendations for the management of antiphospholipid syndrome "
         "in adults. Ann Rheum Dis 2019;78:1296-1304."),
    _ref("acr-2020", "ACR 2020",
         "Sammaritano LR, et al. 2020 American College of Rheumatology guideline for the management of "
         "reproductive health in rheumatic and musculoskeletal diseases. Arthritis Rheumatol "
         "2020;72:529-556."),
    _ref("caps-registry-2018", "CAPS Registry 2018",
         "Rodriguez-Pinto I, et al. The effect of triple therapy on the mortality of catastrophic "
         "anti-phospholipid syndrome patients. Rheumatology (Oxford) 2018;57:1264-1270."),
    _ref("tenti-2013", "Tenti 2013",
         "Tenti S, Guidelli GM, Bellisai F, Galeazzi M, Fioravanti A. Long-term treatment of "
         "antiphospholipid syndrome with intravenous immunoglobulin in addition to conventional therapy. "
         "Clin Exp Rheumatol 2013;31(6):877-882 (n = 7)."),
    _ref("sciascia-2012", "Sciascia 2012",
         "Sciascia S, et al. Prevention of thrombosis relapse in antiphospholipid syndrome patients "
         "refractory to conventional therapy using intravenous immunoglobulin. PMID 22513222 (n = 5, "
         "with hydroxychloroquine, mean follow-up 89.2 months)."),
    _ref("branch-2000", "Branch 2000",
         "Branch DW, et al. A multicenter, placebo-controlled pilot study of intravenous immune "
         "globulin treatment of antiphospholipid syndrome during pregnancy. Am J Obstet Gynecol "
         "2000;182:122-127."),
    _ref("spinnato-1995", "Spinnato 1995",
         "Spinnato JA, et al. Intravenous immunoglobulin therapy for the antiphospholipid syndrome in "
         "pregnancy. Am J Obstet Gynecol 1995;172:690-694 (with the Harris and Pierangeli 1998 review)."),
    _ref("ctcae-v5", "CTCAE v5.0",
         "National Cancer Institute. Common Terminology Criteria for Adverse Events, version 5.0 (2017): "
         "Platelet count decreased."),
    _ref("fda-2013", "FDA 2013",
         "US Food and Drug Administration. Boxed warning on thrombosis for all human immune globulin "
         "products, with the existing renal dysfunction and acute renal failure warning (2013)."),
    _ref("australian-criteria", "Australian Criteria",
         "National Blood Authority. Criteria for the clinical use of immunoglobulin in Australia "
         "(BloodSTAR)."),
    _ref("ontario-ivig", "Ontario IVIG",
         "Ontario Regional Blood Coordinating Network (ORBCoN). IVIG dosing guidance and Ontario IVIG "
         "utilization guidelines (including FNAIT)."),
    _ref("dosing-weight-practice", "IVIG Dosing-Weight Practice",
         "Adjusted body weight for IVIG when BMI ≥ 30 (Ontario IVIG, Option Care) or actual weight "
         "> 120% of ideal body weight (hospital order sets, clinPK, ClinCalc); factor 0.4 in every "
         "source found."),
    _ref("devine-1974", "Devine 1974",
         "Devine BJ. Gentamicin therapy. Drug Intell Clin Pharm 1974;8:650-655 (ideal body weight: "
         "male 50 kg, female 45.5 kg, + 2.3 kg per inch over 60 in)."),
    _ref("product-labels", "Product Labels",
         "US prescribing information and EU/UK summaries of product characteristics of IVIG products "
         "(Privigen, Octagam 10%, Panzyga, Gammaplex, Flebogamma 10% DIF, Gamunex-C); verify against "
         "the current label."),
    _ref("pppmag-2010", "Pharmacy Purchasing & Products 2010",
         "IVIG management practices, Pharmacy Purchasing & Products vol. 7 (2010): round to the closest "
         "vial size, to 5 g in adults and 1-2.5 g in children, and \"stay within 10% of the original "
         "order, rounding up or down\" (issue and author not verified)."),
    _ref("ascia-ivig-2024", "ASCIA",
         "Australasian Society of Clinical Immunology and Allergy, immunoglobulin dosing guidance: round "
         "doses to the full vial size (document and year not verified)."),
    _ref("product-catalogue", "ivigcalc Product Catalogue",
         "ivigcalc IVIG product catalogue (knowledge/products.json; `ivigcalc products NAME` shows the "
         "source of every field), compiled from US prescribing information and EU/UK SmPCs, secondary "
         "sources marked (2°); verify against the current label."),
    _ref("ismp", "ISMP",
         "Institute for Safe Medication Practices. List of error-prone abbreviations, symbols, and dose "
         "designations."),
    _ref("ivigcalc-limits", "ivigcalc Limits",
         "ivigcalc plausibility limits, set the way smart-pump drug libraries set dose "
         "error reduction limits; not from a clinical guideline."),
    _ref("ivigcalc-risk-screen", "ivigcalc Risk Screen",
         "ivigcalc's boxed-warning risk screen: renal risk at eGFR or creatinine clearance < 60 mL/min or "
         "age > 65 (the boxed warning names 'renal insufficiency' and 'age > 65'); thrombosis risk at age "
         "> 65 for the boxed warning's 'advanced age'. The cut-offs are the project's specification, not "
         "numbers printed in the boxed warning."),
    _ref("who-growth-2006", "WHO 2006",
         "WHO Multicentre Growth Reference Study Group. WHO Child Growth Standards: length/height-for-age, "
         "weight-for-age, weight-for-length, weight-for-height and body mass index-for-age. Methods and "
         "development. Geneva: World Health Organization; 2006. Weight-for-age LMS parameters, birth to "
         "24 months; restricted LMS method beyond ±3 SD."),
    _ref("cdc-growth-2000", "CDC 2000",
         "Kuczmarski RJ, et al. 2000 CDC Growth Charts for the United States: methods and development. "
         "Vital Health Stat 11(246). National Center for Health Statistics; 2002. Weight-for-age LMS "
         "parameters, 2 to 20 years (data file wtage.csv)."),
    _ref("acip-best-practice", "ACIP Best Practice",
         "Advisory Committee on Immunization Practices. General Best Practice Guidelines for Immunization: "
         "Timing and Spacing of Immunobiologics. CDC. Intervals between antibody-containing products and "
         "measles- or varicella-containing vaccine (IGIV 400 mg/kg: 8 months; 1,000 mg/kg: 10 months; "
         "2 g/kg: 11 months)."),
    _ref("ema-excipients-2019", "EMA Excipients 2019",
         "European Commission. Annex to the guideline 'Excipients in the labelling and package leaflet of "
         "medicinal products for human use' (SANTE-2017-11668; EMA/CHMP/302620/2017): fructose and "
         "sorbitol; in babies and young children (under 2 years) hereditary fructose intolerance may not "
         "yet be diagnosed."),
    _ref("igiv-class-labelling", "IGIV Class Labelling",
         "US immune globulin intravenous class labelling: contraindications and warnings common to US IGIV "
         "prescribing information (IgA deficiency with antibodies against IgA and a history of "
         "hypersensitivity; severe hypersensitivity and anaphylaxis; hyperproteinaemia, raised serum "
         "viscosity and pseudohyponatraemia; transfusion-related acute lung injury; volume overload with "
         "high-dose regimens), as stated in the Gamunex-C, Gammagard Liquid, Asceniv, Gammaplex 10% and "
         "Privigen labels; verify against the current label."),
    _ref("privigen-us-pi", "Privigen US PI",
         "Privigen [Immune Globulin Intravenous (Human), 10% Liquid]. US prescribing information. CSL "
         "Behring. Label date not recorded: verify against the current label."),
    _ref("octagam-us-pi", "Octagam US PI",
         "Octagam 5% and Octagam 10% [Immune Globulin Intravenous (Human)] liquid. US prescribing "
         "information, warnings and precautions: interference with blood glucose testing (maltose). "
         "Octapharma. Label date not recorded: verify against the current label."),
    _ref("flebogamma-dif-smpc", "Flebogamma DIF SmPC",
         "Flebogamma DIF 50 mg/ml and 100 mg/ml solution for infusion. Summary of product characteristics. "
         "Instituto Grifols, S.A. European Medicines Agency (EU/1/07/404). D-sorbitol 50 mg/mL."),
    _ref("gammaplex-us-pi", "Gammaplex 10% US PI",
         "Gammaplex 10% [Immune Globulin Intravenous (Human), 10% Liquid]. US prescribing information. Bio "
         "Products Laboratory. Label date not recorded: verify against the current label."),
    _ref("gamunex-c-us-pi", "Gamunex-C US PI",
         "Gamunex-C [Immune Globulin Injection (Human), 10% Caprylate/Chromatography Purified]. US "
         "prescribing information. Grifols. Label date not recorded: verify against the current label."),
    # --- Dosing-weight policies (knowledge/policies.py) and stewardship.
    _ref("lifeblood-abw-2026", "Lifeblood 2026",
         "Australian Red Cross Lifeblood. Coming 1 July 2026: adjusted body weight Ig dosing in BloodSTAR "
         "(health professionals news): adjusted body weight the mandated default; not for patients aged "
         "< 18 years, < 152 cm in height, pregnant, or with an actual body weight lower than their "
         "adjusted body weight; actual weight with a clinical justification. "
         "https://www.lifeblood.com.au/news-and-stories/health-professionals-news/"
         "coming-1-july-2026-adjusted-body-weight-ig-dosing-in"),
    _ref("nba-bloodstar-calculator", "NBA BloodSTAR Calculator",
         "National Blood Authority (Australia). Adjusting immunoglobulin dose for ideal body weight: "
         "Devine IBW (male 50 kg, female 45.5 kg, + 2.3 kg per inch over 60 in) and dose determining "
         "weight = IBW + 0.4 × (actual − IBW). "
         "https://nba.gov.au/bloodstar-calculator-adjusting-ig-dose-ideal-body-weight"),
    _ref("orbcon-ig-dose-calculator", "ORBCoN IG Dose Calculator",
         "Ontario Regional Blood Coordinating Network. (IVIG/SCIG) Dose Calculator, BMI/Dose Calculator "
         "version 3, 31 January 2018: must be used when BMI > 30; should be used for patients 152.4 cm "
         "or over and over 50 kg (males) / 45.5 kg (females); pre-pregnancy weight in pregnancy. "
         "https://ivig.transfusionontario.org/dose"),
    _ref("nhse-ig-policy-2021", "NHS England 2021",
         "NHS England. Commissioning criteria policy for the use of therapeutic immunoglobulin (Ig) in "
         "England, 2021 (its dosing-weight section was not read: the ivigcalc nhs-england policy is "
         "not verified against it). https://www.england.nhs.uk/publication/"
         "commissioning-criteria-policy-for-the-use-of-therapeutic-immunoglobulin-ig-in-england-2021/"),
    _ref("clinpk-dosing-weight", "clinPK",
         "InsightRX. clinPK R package, calc_dosing_weight() (version 0.13.0): in principle IBW; if total "
         "body weight > 1.2 × IBW, adjusted body weight (factor 0.4); if below IBW, total body weight. "
         "A generic dosing-weight helper, not IVIG-specific. "
         "https://rdrr.io/cran/clinPK/man/calc_dosing_weight.html"),
    _ref("champagne-2024", "Champagne 2024",
         "Champagne J-N, et al. The impact of institutional measures on optimal use of intravenous "
         "immunoglobulin. Transfusion 2024. doi:10.1111/trf.18031 (order forms, gatekeeping and a "
         "stewardship committee: orders above the recommended dose fell from 20.8% to 3.9%)."),
    _ref("snomed-ct", "SNOMED CT",
         "SNOMED International. SNOMED CT International Edition (http://snomed.info/sct): 128091003 "
         "Autoimmune thrombocytopenia (disorder), synonym 'Primary ITP (immune thrombocytopenia)'; "
         "26843008 Antiphospholipid syndrome (disorder)."),
    _ref("icd-10-cm", "ICD-10-CM",
         "CDC/NCHS. International Classification of Diseases, Tenth Revision, Clinical Modification "
         "(http://hl7.org/fhir/sid/icd-10-cm): D69.3 Immune thrombocytopenic purpura; D68.61 "
         "Antiphospholipid syndrome (includes catastrophic APS)."),
    _ref("who-atc", "WHO ATC",
         "WHO Collaborating Centre for Drug Statistics Methodology. Anatomical Therapeutic Chemical "
         "classification (http://www.whocc.no/atc): J06BA02 immunoglobulins, normal human, for "
         "intravascular administration."),
    _ref("loinc", "LOINC",
         "Regenstrief Institute. LOINC (http://loinc.org): 29463-7 Body weight; 8302-2 Body height; "
         "30525-0 Age; 777-3 Platelets [#/volume] in Blood by Automated count; 26515-7 Platelets "
         "[#/volume] in Blood."),
    _ref("ucum", "UCUM",
         "Regenstrief Institute. The Unified Code for Units of Measure (http://unitsofmeasure.org): g, "
         "mL/h, kg, [lb_av], cm, [in_i], a, 10*9/L, 10*3/uL, /uL."),
    _ref("hl7-fhir-r4b", "HL7 FHIR R4B",
         "HL7 International. FHIR Release 4B (v4.3.0): MedicationRequest, Dosage, DetectedIssue, "
         "Observation, Patient, Bundle; DoseAndRateType codes 'calculated' and 'ordered' "
         "(http://terminology.hl7.org/CodeSystem/dose-rate-type)."),
    _ref("cds-hooks", "CDS Hooks",
         "HL7 International. CDS Hooks specification: discovery (GET /cds-services), the order-sign "
         "hook (context userId, patientId, draftOrders) and cards (summary, detail, indicator info, "
         "warning or critical, source)."),
    _ref("seed-itp", "Dr.Oracle 2026 (ITP)",
         "What is the role of intravenous immunoglobulin (IVIG) in treating thrombocytopenia, "
         "particularly in immune thrombocytopenia? Dr.Oracle, January 2026 (source document 001; "
         "secondary summary)."),
    _ref("seed-aps", "Dr.Oracle 2026 (APS)",
         "What is the purpose of intravenous immunoglobulin (IVIG) in patients with antiphospholipid "
         "antibody syndrome? Dr.Oracle, January 2026 (source document 000; secondary summary)."),
)

REFERENCES: MappingProxyType[str, Reference] = MappingProxyType({ref.id: ref for ref in _ALL})
