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
