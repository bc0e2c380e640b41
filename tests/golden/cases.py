"""The golden corpus's invocations: what `ivigcalc` is run with, not what it prints (corpus.json).

Each case is a dict:
  id      unique, kebab-case; the corpus is keyed by it
  argv    the arguments after `ivigcalc`
  stdin   text fed to standard input, or None (no input)
  env     optional: environment overrides on top of the fixed one (runner.FIXED_ENV); None unsets
  files   optional: {relative name: text or bytes} written into the case's fresh temporary cwd first
  outputs optional: relative names whose contents are recorded after the run (None if absent)
  mode    optional: "subprocess" runs the installed console script as a real process
          (with "via": "module", `python -m ivigcalc`); default in-process through CliRunner

Every case runs in a fresh empty temporary directory as cwd, so relative file names are stable.
Nothing here may depend on time, the machine or the run: the corpus must be byte-identical each time.
Edit this file, then run `python tests/golden/record.py` and review the corpus diff.
"""

from __future__ import annotations

from typing import Any

Case = dict[str, Any]

CASES: list[Case] = []


def add(case_id: str, *argv: str, stdin: str | bytes | None = None, env: dict[str, str | None] | None = None,
        files: dict[str, str | bytes] | None = None, outputs: list[str] | None = None,
        mode: str | None = None, via: str | None = None) -> None:
    case: Case = {"id": case_id, "argv": list(argv), "stdin": stdin}
    if env:
        case["env"] = env
    if files:
        case["files"] = files
    if outputs:
        case["outputs"] = outputs
    if mode:
        case["mode"] = mode
    if via:
        case["via"] = via
    CASES.append(case)


def itp(case_id: str, *argv: str, **options: Any) -> None:
    add(case_id, "itp", *argv, **options)


def aps(case_id: str, *argv: str, **options: Any) -> None:
    add(case_id, "aps", *argv, **options)


def add_both(case_id: str, *argv: str) -> None:
    """The human-readable output and the --json output of one invocation."""
    add(case_id, *argv)
    add(f"{case_id}-json", *argv, "--json")


def itp_both(case_id: str, *argv: str) -> None:
    add_both(case_id, "itp", *argv)


def aps_both(case_id: str, *argv: str) -> None:
    add_both(case_id, "aps", *argv)


# ===================================================================================== help, version

add("root-bare")  # no arguments: the help on stderr, exit 2
add("root-help", "--help")
add("root-help-short", "-h")
add("root-version", "--version")
add("root-version-before-command", "--version", "itp")
add("root-debug-version", "--debug", "--version")
add("root-help-then-command", "--help", "itp")
for command in ("itp", "aps", "grade", "references", "batch", "schema", "products", "check"):
    add(f"help-{command}", command, "--help")
add("help-itp-short", "itp", "-h")
add("help-aps-short", "aps", "-h")
add("help-batch-short", "batch", "-h")
add("help-check-short", "check", "-h")
add("help-check-bare", "check")
add("help-check-itp", "check", "itp", "--help")
add("help-check-aps", "check", "aps", "--help")
add("help-check-itp-short", "check", "itp", "-h")
add("help-itp-with-options", "itp", "--weight", "70", "--help")
add("help-narrow-terminal", "itp", "--help", env={"COLUMNS": "60"})
add("help-wide-terminal", "aps", "--help", env={"COLUMNS": "200"})

# ===================================================================================== ITP, adults

A = ("--age", "40")
W70 = ("--weight", "70")

# Rule 1: life-threatening bleeding, at any count
itp_both("itp-adult-life-threatening-low", *W70, *A, "--platelets", "5", "--bleeding", "life-threatening")
itp("itp-adult-life-threatening-normal-count", *W70, *A, "--platelets", "200", "--bleeding", "life-threatening")
itp("itp-readme-obese-life-threatening", "--weight", "100", "--height", "175", "--sex", "male", "--age", "50",
    "--platelets", "8", "--bleeding", "life-threatening")
# Sepsis rows
itp_both("itp-sepsis-dic", *W70, *A, "--platelets", "20", "--cause", "sepsis", "--dic")
itp("itp-sepsis-dic-life-threatening", *W70, *A, "--platelets", "20", "--cause", "sepsis", "--dic",
    "--bleeding", "life-threatening")
itp_both("itp-sepsis-active-bleeding", *W70, *A, "--platelets", "20", "--cause", "sepsis", "--bleeding", "active")
itp_both("itp-sepsis-minor-bleeding", *W70, *A, "--platelets", "40", "--cause", "sepsis", "--bleeding", "minor")
itp("itp-sepsis-procedure", *W70, *A, "--platelets", "60", "--cause", "sepsis", "--procedure")
itp_both("itp-sepsis-no-bleeding", *W70, *A, "--platelets", "60", "--cause", "sepsis")
itp("itp-sepsis-normal-count", *W70, *A, "--platelets", "160", "--cause", "sepsis")
itp("itp-sepsis-with-sepsis-flag", *W70, *A, "--platelets", "20", "--cause", "sepsis", "--sepsis")
# HIV
itp_both("itp-hiv-no-bleeding", *W70, *A, "--platelets", "20", "--cause", "hiv")
itp("itp-hiv-minor-bleeding", *W70, *A, "--platelets", "20", "--cause", "hiv", "--bleeding", "minor")
itp("itp-hiv-active-bleeding", *W70, *A, "--platelets", "20", "--cause", "hiv", "--bleeding", "active")
itp("itp-hiv-procedure", *W70, *A, "--platelets", "40", "--cause", "hiv", "--procedure")
itp("itp-hiv-rapid-rise", *W70, *A, "--platelets", "40", "--cause", "hiv", "--rapid-rise")
# Rule 3: grade 4 with active bleeding
itp_both("itp-readme-active", *W70, "--platelets", "18", "--bleeding", "active")
itp_both("itp-grade4-active-24.9", *W70, *A, "--platelets", "24.9", "--bleeding", "active")
itp("itp-grade4-active-zero", *W70, *A, "--platelets", "0", "--bleeding", "active")
# Rule 4: grade 3 with bleeding or a bleeding risk
itp_both("itp-grade3-active-25", *W70, *A, "--platelets", "25", "--bleeding", "active")
itp("itp-grade3-minor-25", *W70, *A, "--platelets", "25", "--bleeding", "minor")
itp("itp-grade3-minor-49.9", *W70, *A, "--platelets", "49.9", "--bleeding", "minor")
itp_both("itp-grade3-bleeding-risk", *W70, *A, "--platelets", "40", "--bleeding-risk")
itp("itp-grade4-minor", *W70, *A, "--platelets", "24.9", "--bleeding", "minor")
itp("itp-grade4-bleeding-risk", *W70, *A, "--platelets", "20", "--bleeding-risk")
# Rule 5: rapid rise or procedure
itp_both("itp-rapid-rise-grade2", *W70, *A, "--platelets", "60", "--rapid-rise")
itp("itp-procedure-grade1", *W70, *A, "--platelets", "100", "--procedure")
itp("itp-procedure-normal-count", *W70, *A, "--platelets", "150", "--procedure")
itp("itp-rapid-rise-grade4", *W70, *A, "--platelets", "10", "--rapid-rise")
# Rule 6: corticosteroids contraindicated, either side of 30
itp_both("itp-steroids-contraindicated-29.9", *W70, *A, "--platelets", "29.9", "--steroids-contraindicated")
itp("itp-steroids-contraindicated-30", *W70, *A, "--platelets", "30", "--steroids-contraindicated")
itp("itp-steroids-omitted-life-threatening", *W70, *A, "--platelets", "10", "--bleeding", "life-threatening",
    "--steroids-contraindicated")
itp_both("itp-steroids-omitted-grade4-active", *W70, *A, "--platelets", "18", "--bleeding", "active",
         "--steroids-contraindicated")
itp("itp-steroids-contraindicated-grade2", *W70, *A, "--platelets", "60", "--steroids-contraindicated")
# Rule 7: HCV, either side of 30
itp_both("itp-hcv-29", *W70, *A, "--platelets", "29", "--cause", "hcv")
itp("itp-hcv-30", *W70, *A, "--platelets", "30", "--cause", "hcv")
itp("itp-hcv-active", *W70, *A, "--platelets", "20", "--cause", "hcv", "--bleeding", "active")
# Rule 8: below 30 without a trigger
itp_both("itp-below-30-consider", *W70, *A, "--platelets", "10")
itp("itp-below-30-29.9", *W70, *A, "--platelets", "29.9")
itp("itp-below-30-minor", *W70, *A, "--platelets", "9", "--bleeding", "minor")
# Rule 9: at or above 30
itp_both("itp-active-at-60", *W70, *A, "--platelets", "60", "--bleeding", "active")
itp("itp-active-at-30", *W70, *A, "--platelets", "30", "--bleeding", "active")
itp("itp-active-at-200", *W70, *A, "--platelets", "200", "--bleeding", "active")
itp_both("itp-readme-grade2", *W70, *A, "--platelets", "60")
itp("itp-grade2-50", *W70, *A, "--platelets", "50")
itp("itp-grade2-74.9", *W70, *A, "--platelets", "74.9")
itp("itp-grade3-49.9-none", *W70, *A, "--platelets", "49.9")
itp("itp-observation-30", *W70, *A, "--platelets", "30")
itp_both("itp-grade1-75", *W70, *A, "--platelets", "75")
itp("itp-grade1-149.9", *W70, *A, "--platelets", "149.9")
itp_both("itp-normal-150", *W70, *A, "--platelets", "150")
itp("itp-normal-2000", *W70, *A, "--platelets", "2000")
itp("itp-minor-at-100", *W70, *A, "--platelets", "100", "--bleeding", "minor")
# The LLN override
itp_both("itp-lln-100-count-120", *W70, *A, "--platelets", "120", "--lln", "100")
itp("itp-lln-100-count-99", *W70, *A, "--platelets", "99", "--lln", "100")
itp("itp-lln-200-count-160", *W70, *A, "--platelets", "160", "--lln", "200")
itp("itp-lln-75-count-75", *W70, *A, "--platelets", "75", "--lln", "75")
itp("itp-lln-500", *W70, *A, "--platelets", "400", "--lln", "500")
# Platelet units
itp("itp-per-ul-18000", *W70, *A, "--platelets", "18000", "--platelet-unit", "/uL", "--bleeding", "active")
itp("itp-per-mcl-25000", *W70, *A, "--platelets", "25000", "--platelet-unit", "/mcL")
itp("itp-per-mm3-30000", *W70, *A, "--platelets", "30000", "--platelet-unit", "/mm3")
itp("itp-per-ul-zero", *W70, *A, "--platelets", "0", "--platelet-unit", "/uL")
itp("itp-unit-g-per-l-alias", *W70, *A, "--platelets", "18", "--platelet-unit", "x10^9/L")
itp("itp-unit-uppercase", *W70, *A, "--platelets", "18000", "--platelet-unit", "/UL", "--bleeding", "ACTIVE")
# Population from age, stated, or assumed
itp("itp-no-age-population-assumed", *W70, "--platelets", "10")
itp("itp-population-adult-stated", *W70, "--platelets", "10", "--population", "adult")
itp("itp-age-18-adult", "--weight", "60", "--age", "18", "--platelets", "10")
itp("itp-age-120", "--weight", "60", "--age", "120", "--platelets", "10")
itp("itp-age-70-risk", *W70, "--age", "70", "--platelets", "18", "--bleeding", "active")
# Regimen choice
itp_both("itp-five-day", *W70, *A, "--platelets", "20", "--steroids-contraindicated", "--regimen", "five-day")
itp("itp-five-day-consider", *W70, *A, "--platelets", "10", "--regimen", "five-day")
itp("itp-single-dose-explicit", *W70, *A, "--platelets", "10", "--regimen", "single-dose")
# Pregnancy
itp_both("itp-pregnant", "--weight", "80", "--age", "30", "--sex", "female", "--pregnant", "--platelets", "20")
itp("itp-pregnant-pre-pregnancy-weight", "--weight", "80", "--pre-pregnancy-weight", "68", "--age", "30",
    "--sex", "female", "--pregnant", "--platelets", "20", "--bleeding", "active")
itp("itp-pregnant-steroids-contraindicated", "--weight", "75", "--age", "30", "--pregnant", "--platelets", "20",
    "--steroids-contraindicated")
itp("itp-pregnant-height", "--weight", "95", "--height", "160", "--sex", "female", "--age", "32", "--pregnant",
    "--platelets", "15", "--bleeding", "minor")
itp("itp-pregnant-pre-pregnancy-lb", "--weight", "176", "--weight-unit", "lb", "--pre-pregnancy-weight", "150",
    "--pregnant", "--age", "29", "--platelets", "20")
# Extreme weights
itp("itp-weight-0.3", "--weight", "0.3", "--population", "neonate", "--cause", "alloimmune", "--platelets", "20")
itp("itp-weight-350", "--weight", "350", *A, "--platelets", "18", "--bleeding", "active")
itp("itp-weight-25-adult", "--weight", "25", *A, "--platelets", "18", "--bleeding", "active")
itp("itp-weight-210-adult", "--weight", "210", *A, "--platelets", "18", "--bleeding", "active")

# ===================================================================================== ITP, children

C = ("--weight", "25", "--age", "8")
itp_both("itp-child-life-threatening", *C, "--platelets", "5", "--bleeding", "life-threatening")
itp_both("itp-child-normal-count", *C, "--platelets", "160")
itp("itp-child-normal-count-active", *C, "--platelets", "160", "--bleeding", "active")
itp_both("itp-child-active", *C, "--platelets", "8", "--bleeding", "active")
itp("itp-child-rapid-rise", *C, "--platelets", "15", "--rapid-rise")
itp("itp-child-procedure", *C, "--platelets", "40", "--procedure")
itp_both("itp-child-observation-minor", *C, "--platelets", "5", "--bleeding", "minor")
itp("itp-child-observation-none", *C, "--platelets", "20")
itp("itp-child-population-stated", "--weight", "30", "--population", "child", "--platelets", "10",
    "--bleeding", "active")
itp("itp-child-age-17.9", "--weight", "55", "--age", "17.9", "--platelets", "10", "--bleeding", "active")
itp("itp-child-age-1", "--weight", "10", "--age", "1", "--platelets", "10", "--bleeding", "active")
itp("itp-child-hiv", *C, "--platelets", "10", "--cause", "hiv", "--bleeding", "active")
itp("itp-child-sepsis", *C, "--platelets", "10", "--cause", "sepsis")
itp("itp-child-steroids-contraindicated", *C, "--platelets", "10", "--steroids-contraindicated")
itp("itp-child-obese-height-sex", "--weight", "60", "--height", "140", "--sex", "male", "--age", "12",
    "--platelets", "10", "--bleeding", "active")

# ===================================================================================== ITP, neonates

N = ("--weight", "3", "--population", "neonate")
itp_both("itp-neonate-alloimmune", *N, "--cause", "alloimmune", "--platelets", "20")
itp("itp-neonate-alloimmune-normal", *N, "--cause", "alloimmune", "--platelets", "160")
itp("itp-neonate-alloimmune-life-threatening", *N, "--cause", "alloimmune", "--platelets", "10",
    "--bleeding", "life-threatening")
itp_both("itp-neonate-maternal-life-threatening", *N, "--cause", "maternal-itp", "--platelets", "10",
         "--bleeding", "life-threatening")
itp_both("itp-neonate-maternal-minor", *N, "--cause", "maternal-itp", "--platelets", "50", "--bleeding", "minor")
itp("itp-neonate-maternal-active", *N, "--cause", "maternal-itp", "--platelets", "50", "--bleeding", "active")
itp("itp-neonate-maternal-29.9", *N, "--cause", "maternal-itp", "--platelets", "29.9")
itp_both("itp-neonate-maternal-observe-30", *N, "--cause", "maternal-itp", "--platelets", "30")
itp("itp-neonate-maternal-age-0", *N, "--age", "0", "--cause", "maternal-itp", "--platelets", "20")
itp("itp-neonate-age-0.05", "--weight", "3.5", "--population", "neonate", "--age", "0.05", "--cause",
    "alloimmune", "--platelets", "20")
itp("itp-neonate-round-none", *N, "--cause", "alloimmune", "--platelets", "20", "--round", "none")
itp("itp-neonate-product", "--weight", "3.2", "--population", "neonate", "--cause", "alloimmune",
    "--platelets", "20", "--product", "privigen")
itp("itp-neonate-age-child-rounding", "--weight", "3.2", "--age", "0.01", "--platelets", "10", "--bleeding",
    "active")

# ===================================================================================== grade

for count in ("0", "9.9", "10", "24.9", "25", "49.9", "50", "74.9", "75", "149.9", "150", "2000"):
    add(f"grade-{count}", "grade", "--platelets", count)
for count in ("18", "30", "150"):
    add(f"grade-{count}-json", "grade", "--platelets", count, "--json")
add("grade-readme", "grade", "--platelets", "30")
add("grade-19.9", "grade", "--platelets", "19.9")
add("grade-20", "grade", "--platelets", "20")
add("grade-29.9", "grade", "--platelets", "29.9")
add("grade-per-ul", "grade", "--platelets", "45000", "--platelet-unit", "/uL")
add("grade-per-ul-json", "grade", "--platelets", "45000", "--platelet-unit", "/uL", "--json")
add("grade-lln-100-above", "grade", "--platelets", "120", "--lln", "100")
add("grade-lln-200", "grade", "--platelets", "160", "--lln", "200")
add("grade-lln-200-json", "grade", "--platelets", "160", "--lln", "200", "--json")
add("grade-leading-plus", "grade", "--platelets", "+30")
add("grade-exponent", "grade", "--platelets", "3e1")
add("grade-spaces", "grade", "--platelets", " 30 ")
add("grade-error-missing", "grade")
add("grade-error-abc", "grade", "--platelets", "abc")
add("grade-error-nan", "grade", "--platelets", "nan")
add("grade-error-negative", "grade", "--platelets", "-1")
add("grade-error-2001", "grade", "--platelets", "2001")
add("grade-error-comma", "grade", "--platelets", "1,5")
add("grade-error-per-ul-small", "grade", "--platelets", "500", "--platelet-unit", "/uL")
add("grade-error-lln-low", "grade", "--platelets", "30", "--lln", "10")
add("grade-error-lln-high", "grade", "--platelets", "30", "--lln", "501")
add("grade-error-unit", "grade", "--platelets", "30", "--platelet-unit", "per-litre")
add("grade-error-empty", "grade", "--platelets", "")
add("grade-error-weight-option", "grade", "--platelets", "30", "--weight", "70")
add("grade-error-missing-value", "grade", "--platelets")

# ===================================================================================== APS

W65 = ("--weight", "65")
aps_both("aps-asymptomatic", *W65, "--scenario", "asymptomatic")
aps_both("aps-caps", *W65, "--scenario", "caps")
aps("aps-caps-obese-female", "--weight", "110", "--height", "165", "--sex", "female", "--age", "45",
    "--scenario", "caps")
aps("aps-caps-uppercase", *W65, "--scenario", "CAPS")
aps_both("aps-obstetric-not-refractory", *W65, "--scenario", "obstetric")
aps_both("aps-obstetric-refractory", *W65, "--scenario", "obstetric", "--failed-standard-therapy")
for protocol in ("five-day", "two-day", "source-2-plus-1"):
    aps_both(f"aps-obstetric-refractory-{protocol}", *W65, "--scenario", "obstetric", "--failed-standard-therapy",
             "--protocol", protocol)
    aps(f"aps-obstetric-contraindicated-{protocol}", *W65, "--scenario", "obstetric",
        "--anticoagulation-contraindicated", "--protocol", protocol)
aps_both("aps-obstetric-contraindicated", *W65, "--scenario", "obstetric", "--anticoagulation-contraindicated")
aps("aps-obstetric-both-flags", *W65, "--scenario", "obstetric", "--anticoagulation-contraindicated",
    "--failed-standard-therapy")
aps("aps-obstetric-pregnant", "--weight", "78", "--pre-pregnancy-weight", "66", "--pregnant", "--sex", "female",
    "--age", "31", "--scenario", "obstetric", "--failed-standard-therapy")
aps("aps-obstetric-protocol-not-refractory", *W65, "--scenario", "obstetric", "--protocol", "two-day")
aps_both("aps-thrombosis-not-anticoagulated", *W65, "--scenario", "thrombosis")
aps_both("aps-thrombosis-anticoagulated", *W65, "--scenario", "thrombosis", "--anticoagulated")
aps("aps-thrombosis-anticoagulated-standard", *W65, "--scenario", "thrombosis", "--anticoagulated",
    "--protocol", "standard")
aps_both("aps-thrombosis-intensive", *W65, "--scenario", "thrombosis", "--anticoagulated", "--protocol", "intensive")
aps("aps-thrombosis-intensive-300kg", "--weight", "300", "--scenario", "thrombosis", "--anticoagulated",
    "--protocol", "intensive")
aps_both("aps-readme-inr-1.8", *W65, "--scenario", "thrombosis", "--inr", "1.8")
aps("aps-thrombosis-inr-1.99", *W65, "--scenario", "thrombosis", "--inr", "1.99")
aps_both("aps-thrombosis-inr-2.0", *W65, "--scenario", "thrombosis", "--inr", "2.0")
aps("aps-thrombosis-inr-3", *W65, "--scenario", "thrombosis", "--inr", "3")
aps("aps-thrombosis-inr-0.5", *W65, "--scenario", "thrombosis", "--inr", "0.5")
aps("aps-thrombosis-inr-20", *W65, "--scenario", "thrombosis", "--inr", "20")
aps("aps-thrombosis-inr-1.5-anticoagulated", *W65, "--scenario", "thrombosis", "--inr", "1.5", "--anticoagulated")
aps("aps-thrombosis-inr-2.5-intensive", *W65, "--scenario", "thrombosis", "--inr", "2.5", "--protocol",
    "intensive")
aps("aps-child-caps", "--weight", "30", "--age", "10", "--scenario", "caps")
aps("aps-neonate-age-caps", "--weight", "3", "--age", "0.01", "--scenario", "caps")
aps("aps-elderly-thrombosis", "--weight", "80", "--age", "75", "--scenario", "thrombosis", "--anticoagulated")
aps("aps-caps-lb", "--weight", "150", "--weight-unit", "lb", "--scenario", "caps")

# ===================================================================================== dosing weight

OB_M = ("--weight", "100", "--height", "175", "--sex", "male", *A)
OB_F = ("--weight", "90", "--height", "160", "--sex", "female", *A)
BLEED = ("--platelets", "18", "--bleeding", "active")
itp_both("dw-auto-obese-male", *OB_M, *BLEED)
itp_both("dw-auto-obese-female", *OB_F, *BLEED)
itp("dw-auto-not-obese", "--weight", "70", "--height", "175", "--sex", "male", *A, *BLEED)
itp("dw-auto-ibw-120-not-bmi-30", "--weight", "88", "--height", "180", "--sex", "male", *A, *BLEED)
itp("dw-auto-bmi-30-exact", "--weight", "91.875", "--height", "175", "--sex", "male", *A, *BLEED)
itp("dw-auto-height-only", "--weight", "100", "--height", "175", *A, *BLEED)
itp("dw-auto-sex-only", "--weight", "100", "--sex", "female", *A, *BLEED)
itp("dw-auto-short-male", "--weight", "90", "--height", "150", "--sex", "male", *A, *BLEED)
itp("dw-auto-short-female", "--weight", "55", "--height", "140", "--sex", "female", *A, *BLEED)
itp("dw-auto-thin", "--weight", "50", "--height", "185", "--sex", "male", *A, *BLEED)
itp_both("dw-actual-obese", *OB_M, *BLEED, "--dosing-weight", "actual")
itp_both("dw-ideal-obese", *OB_M, *BLEED, "--dosing-weight", "ideal")
itp_both("dw-adjusted-obese", *OB_M, *BLEED, "--dosing-weight", "adjusted")
itp("dw-adjusted-not-obese", "--weight", "70", "--height", "175", "--sex", "male", *A, *BLEED,
    "--dosing-weight", "adjusted")
itp("dw-ideal-above-actual", "--weight", "55", "--height", "185", "--sex", "male", *A, *BLEED,
    "--dosing-weight", "ideal")
itp("dw-ideal-female", *OB_F, *BLEED, "--dosing-weight", "ideal")
itp("dw-actual-no-height", *W70, *A, *BLEED, "--dosing-weight", "actual")
itp("dw-mode-uppercase", *OB_M, *BLEED, "--dosing-weight", "ADJUSTED")
for factor in ("0.3", "0.5", "1", "0.01"):
    itp(f"dw-factor-{factor}", *OB_M, *BLEED, "--adjustment-factor", factor)
itp("dw-factor-json", *OB_M, *BLEED, "--adjustment-factor", "0.3", "--json")
itp("dw-factor-with-adjusted-mode", *OB_F, *BLEED, "--dosing-weight", "adjusted", "--adjustment-factor", "0.25")
itp_both("dw-lb", "--weight", "220", "--weight-unit", "lb", *A, *BLEED)
itp("dw-lbs-alias", "--weight", "154", "--weight-unit", "lbs", *A, *BLEED)
itp("dw-lb-100", "--weight", "100", "--weight-unit", "lb", *BLEED)
itp("dw-kgs-alias", "--weight", "70", "--weight-unit", "KGS", *A, *BLEED)
itp_both("dw-height-in", "--weight", "100", "--height", "69", "--height-unit", "in", "--sex", "male", *A, *BLEED)
itp("dw-height-60-in-boundary", "--weight", "90", "--height", "60", "--height-unit", "in", "--sex", "female", *A,
    *BLEED)
itp("dw-height-inches-alias", "--weight", "100", "--height", "70", "--height-unit", "inches", "--sex", "male", *A,
    *BLEED)
itp("dw-lb-and-in", "--weight", "250", "--weight-unit", "lb", "--height", "66", "--height-unit", "in",
    "--sex", "female", *A, *BLEED)
itp("dw-lb-ideal", "--weight", "250", "--weight-unit", "lb", "--height", "66", "--height-unit", "in",
    "--sex", "female", *A, *BLEED, "--dosing-weight", "ideal")
itp("dw-height-20-cm", "--weight", "3", "--height", "20", "--population", "neonate", "--cause", "alloimmune",
    "--platelets", "20")
itp("dw-height-272-cm", "--weight", "150", "--height", "272", "--sex", "male", *A, *BLEED)
aps("dw-aps-adjusted", "--weight", "120", "--height", "170", "--sex", "female", "--scenario", "caps",
    "--dosing-weight", "adjusted")
aps("dw-aps-ideal", "--weight", "120", "--height", "170", "--sex", "male", "--scenario", "thrombosis",
    "--anticoagulated", "--dosing-weight", "ideal")

# ===================================================================================== pharmacy

PRODUCTS = (
    "Privigen", "Gamunex-C", "Gammaked", "Gammagard Liquid", "Octagam 5%", "Octagam 10%", "Flebogamma 5% DIF",
    "Flebogamma 10% DIF", "Panzyga", "Bivigam", "Gammaplex 10%", "Asceniv", "Kiovig", "Intratect 10%",
    "Carimune NF",
)
PRODUCT_IDS = (
    "privigen", "gamunex-c", "gammaked", "gammagard-liquid", "octagam-5", "octagam-10", "flebogamma-5-dif",
    "flebogamma-10-dif", "panzyga", "bivigam", "gammaplex-10", "asceniv", "kiovig", "intratect-10", "carimune-nf",
)
ITP_RX = ("--weight", "72.3", *A, "--platelets", "18", "--bleeding", "active")
for name, product_id in zip(PRODUCTS, PRODUCT_IDS, strict=True):
    itp(f"rx-itp-{product_id}", *ITP_RX, "--product", name)
    aps(f"rx-caps-{product_id}-json", "--weight", "81", "--scenario", "caps", "--product", product_id, "--json")
itp("rx-alias-gammaplex", *ITP_RX, "--product", "Gammaplex")
itp("rx-alias-carimune", *ITP_RX, "--product", "carimune")
itp("rx-alias-flebogamma-10", *ITP_RX, "--product", "flebogamma 10%")
itp("rx-alias-intratect", *ITP_RX, "--product", "INTRATECT")
itp("rx-name-case-spaces", *ITP_RX, "--product", "  octagam   10%  ")
for mode in ("none", "nearest", "vial"):
    itp(f"rx-round-{mode}", *ITP_RX, "--product", "privigen", "--round", mode)
    itp(f"rx-round-{mode}-json", *ITP_RX, "--product", "gamunex-c", "--round", mode, "--json")
itp("rx-round-none-no-product", *ITP_RX, "--round", "none")
itp("rx-round-nearest-no-product", *ITP_RX, "--round", "nearest")
itp("rx-round-uppercase", *ITP_RX, "--round", "NONE")
itp("rx-child-nearest", "--weight", "23.7", "--age", "7", "--platelets", "8", "--bleeding", "active")
itp("rx-child-vial", "--weight", "23.7", "--age", "7", "--platelets", "8", "--bleeding", "active",
    "--product", "gamunex-c")
itp("rx-vial-rounding-deviation", "--weight", "12", "--age", "3", "--platelets", "8", "--bleeding", "active",
    "--product", "asceniv")
itp("rx-vial-rounding-hard-limit", "--weight", "1.5", "--age", "0.5", "--platelets", "8", "--bleeding", "active",
    "--product", "asceniv")
itp("rx-vial-rounding-hard-limit-json", "--weight", "1.5", "--age", "0.5", "--platelets", "8", "--bleeding",
    "active", "--product", "asceniv", "--json")
itp("rx-vial-deviation", "--weight", "57", *A, "--platelets", "18", "--bleeding", "active", "--product", "bivigam")
aps("rx-vial-multiday", "--weight", "83", "--scenario", "caps", "--product", "octagam 5%")
itp("rx-five-day-product", "--weight", "72.3", *A, "--platelets", "10", "--regimen", "five-day", "--product",
    "panzyga")
aps("rx-obstetric-product", *W65, "--scenario", "obstetric", "--failed-standard-therapy", "--product", "privigen")
aps("rx-thrombosis-product", *W65, "--scenario", "thrombosis", "--anticoagulated", "--product", "octagam 10%")
itp("rx-schedule-obese", *OB_M, *BLEED, "--product", "privigen")
itp("rx-explain-product", *ITP_RX, "--product", "octagam 10%", "--explain")
itp("rx-explain-product-json", *ITP_RX, "--product", "octagam 10%", "--explain", "--json")
aps("rx-discontinued-product", *W65, "--scenario", "caps", "--product", "carimune nf")
# Risk screen
RISK_FLAGS = (
    "--diabetes", "--volume-depletion", "--sepsis", "--paraproteinemia", "--nephrotoxic-drugs",
    "--thrombosis-history", "--estrogen", "--immobilized", "--central-line", "--hyperviscosity",
    "--cardiovascular-risk",
)
for flag in RISK_FLAGS:
    itp(f"risk-itp{flag}", *ITP_RX, flag)
itp("risk-all-flags-product", *ITP_RX, *RISK_FLAGS, "--product", "gamunex-c")
itp("risk-all-flags-product-json", *ITP_RX, *RISK_FLAGS, "--product", "gamunex-c", "--json")
itp("risk-diabetes-product-at-risk-max", *ITP_RX, "--diabetes", "--product", "octagam 10%")
itp("risk-thrombosis-bivigam", *ITP_RX, "--thrombosis-history", "--product", "bivigam")
itp("risk-egfr-45", *ITP_RX, "--egfr", "45")
itp("risk-egfr-60", *ITP_RX, "--egfr", "60")
itp("risk-egfr-59.9-product", *ITP_RX, "--egfr", "59.9", "--product", "panzyga")
itp("risk-egfr-0", *ITP_RX, "--egfr", "0")
itp("risk-egfr-250", *ITP_RX, "--egfr", "250")
itp("risk-crcl-50", *ITP_RX, "--creatinine-clearance", "50")
itp("risk-crcl-90-json", *ITP_RX, "--creatinine-clearance", "90", "--json")
itp("risk-age-66", "--weight", "72.3", "--age", "66", "--platelets", "18", "--bleeding", "active")
itp("risk-age-65", "--weight", "72.3", "--age", "65", "--platelets", "18", "--bleeding", "active")
for group in ("A", "B", "AB", "O"):
    aps(f"risk-blood-group-caps-{group}", *W65, "--scenario", "caps", "--blood-group", group)
    itp(f"risk-blood-group-itp-{group}", *ITP_RX, "--blood-group", group)
aps("risk-blood-group-a-pos", *W65, "--scenario", "caps", "--blood-group", "A+")
aps("risk-blood-group-o-neg", *W65, "--scenario", "caps", "--blood-group", "O neg")
aps("risk-blood-group-ab-positive", *W65, "--scenario", "caps", "--blood-group", "ab positive")
aps("risk-blood-group-intensive", *W65, "--scenario", "thrombosis", "--anticoagulated", "--protocol", "intensive",
    "--blood-group", "B")
itp("risk-sucrose-no-risk", *ITP_RX, "--product", "Carimune NF")
itp("risk-sucrose-age-70-refused", "--weight", "70", "--platelets", "18", "--bleeding", "active",
    "--product", "Carimune NF", "--age", "70")
aps("risk-sucrose-egfr-refused", *W65, "--scenario", "caps", "--product", "carimune", "--egfr", "40")
aps("risk-sucrose-allowed", *W65, "--scenario", "caps", "--product", "carimune", "--egfr", "40", "--allow-sucrose")
aps("risk-sucrose-allowed-json", *W65, "--scenario", "caps", "--product", "carimune", "--egfr", "40",
    "--allow-sucrose", "--json")
itp("risk-allow-sucrose-no-product", *ITP_RX, "--allow-sucrose")
itp("risk-gammaplex-sucrose-unknown-renal", *ITP_RX, "--diabetes", "--product", "gammaplex")
aps("risk-aps-flags", *W65, "--scenario", "caps", "--estrogen", "--immobilized", "--egfr", "30")

# ===================================================================================== --explain

itp("explain-itp", *W70, *A, *BLEED, "--explain")
itp("explain-itp-json", *W70, *A, *BLEED, "--explain", "--json")
itp("explain-itp-obese", *OB_M, *BLEED, "--explain")
itp("explain-itp-obese-json", *OB_M, *BLEED, "--explain", "--json")
itp("explain-itp-not-indicated", *W70, *A, "--platelets", "60", "--explain")
itp("explain-itp-lb-in", "--weight", "220", "--weight-unit", "lb", "--height", "70", "--height-unit", "in",
    "--sex", "female", *A, *BLEED, "--explain")
itp("explain-itp-pregnant", "--weight", "80", "--pre-pregnancy-weight", "68", "--age", "30", "--pregnant",
    "--platelets", "20", "--bleeding", "active", "--explain")
itp("explain-itp-neonate", *N, "--cause", "maternal-itp", "--platelets", "20", "--explain")
aps("explain-aps-caps", *W65, "--scenario", "caps", "--explain")
aps("explain-aps-caps-json", *W65, "--scenario", "caps", "--explain", "--json")
aps("explain-aps-obstetric", *W65, "--scenario", "obstetric", "--failed-standard-therapy", "--explain")
aps("explain-aps-intensive", *W65, "--scenario", "thrombosis", "--anticoagulated", "--protocol", "intensive",
    "--explain")
aps("explain-aps-not-indicated", *W65, "--scenario", "asymptomatic", "--explain")
itp("explain-round-none", *ITP_RX, "--round", "none", "--explain")

# ===================================================================================== check

CI = ("check", "itp", *W70, *A, *BLEED)
add_both("check-itp-pass", *CI, "--ordered-dose", "70", "--ordered-days", "1")
add("check-itp-pass-rounded", "check", "itp", "--weight", "72.3", *A, *BLEED, "--ordered-dose", "70",
    "--ordered-days", "1")
for dose in ("77", "77.1", "63", "62.9"):
    add(f"check-itp-boundary-{dose}", *CI, "--ordered-dose", dose, "--ordered-days", "1")
add_both("check-itp-dose-deviation", *CI, "--ordered-dose", "100", "--ordered-days", "1")
add_both("check-itp-days-mismatch", *CI, "--ordered-dose", "70", "--ordered-days", "2")
add("check-itp-warnings-do-not-count", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--diabetes")
add_both("check-itp-weight-basis", "check", "itp", *OB_M, *BLEED, "--ordered-dose", "100", "--ordered-days", "1")
add("check-itp-weight-basis-95", "check", "itp", *OB_M, *BLEED, "--ordered-dose", "95", "--ordered-days", "1")
add("check-itp-wrong-not-weight", "check", "itp", *OB_M, *BLEED, "--ordered-dose", "150", "--ordered-days", "1")
add("check-itp-obese-pass", "check", "itp", *OB_M, *BLEED, "--ordered-dose", "82.5", "--ordered-days", "1")
add("check-itp-obese-explain-json", "check", "itp", *OB_M, *BLEED, "--ordered-dose", "82.5", "--ordered-days", "1",
    "--explain", "--json")
for product in ("Octagam 10%", "Privigen", "Panzyga", "Gammaplex 10%", "Flebogamma 10% DIF", "Gamunex-C"):
    slug = product.lower().replace(" ", "-").replace("%", "")
    add(f"check-itp-label-dose-{slug}", *CI, "--ordered-dose", "70", "--ordered-days", "2", "--product", product)
add("check-itp-gamunex-five-day-label", *CI, "--ordered-dose", "28", "--ordered-days", "5", "--product", "gamunex-c")
add("check-itp-product-not-labelled", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--product",
    "gammagard liquid")
add_both("check-itp-rate-above-label", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--product", "privigen",
         "--ordered-rate", "500")
add("check-itp-rate-within-label", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--product", "privigen",
    "--ordered-rate", "168")
add("check-itp-rate-above-at-risk", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--product",
    "octagam 10%", "--diabetes", "--ordered-rate", "300")
add("check-itp-rate-not-checked", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--product",
    "flebogamma 5% dif", "--ordered-rate", "100")
add("check-itp-not-labelled-with-rate", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--product", "asceniv",
    "--ordered-rate", "100")
add_both("check-itp-not-indicated", "check", "itp", *W70, *A, "--platelets", "60", "--ordered-dose", "70",
         "--ordered-days", "1")
add("check-itp-consider", "check", "itp", *W70, *A, "--platelets", "10", "--ordered-dose", "70",
    "--ordered-days", "1")
add("check-itp-many-findings-explain", *CI, "--ordered-dose", "100", "--ordered-days", "2", "--product",
    "privigen", "--ordered-rate", "500", "--explain")
add("check-itp-haemolysis", "check", "itp", *W70, *A, "--platelets", "10", "--regimen", "five-day",
    "--ordered-dose", "28", "--ordered-days", "5", "--blood-group", "A")
add("check-itp-child", "check", "itp", *C, "--platelets", "8", "--bleeding", "active", "--ordered-dose", "25",
    "--ordered-days", "1")
add("check-itp-neonate", "check", "itp", *N, "--cause", "alloimmune", "--platelets", "20", "--ordered-dose", "3",
    "--ordered-days", "1")
add_both("check-aps-caps-pass", "check", "aps", *W65, "--scenario", "caps", "--ordered-dose", "26",
         "--ordered-days", "5")
add("check-aps-caps-deviation", "check", "aps", *W65, "--scenario", "caps", "--ordered-dose", "30",
    "--ordered-days", "5")
add("check-aps-caps-product", "check", "aps", *W65, "--scenario", "caps", "--ordered-dose", "25",
    "--ordered-days", "5", "--product", "privigen")
add("check-aps-caps-product-rate", "check", "aps", *W65, "--scenario", "caps", "--ordered-dose", "25",
    "--ordered-days", "5", "--product", "privigen", "--ordered-rate", "400")
add("check-aps-asymptomatic", "check", "aps", *W65, "--scenario", "asymptomatic", "--ordered-dose", "26",
    "--ordered-days", "5")
add("check-aps-obstetric", "check", "aps", *W65, "--scenario", "obstetric", "--failed-standard-therapy",
    "--ordered-dose", "26", "--ordered-days", "5")
add("check-aps-intensive-explain", "check", "aps", *W65, "--scenario", "thrombosis", "--anticoagulated",
    "--protocol", "intensive", "--ordered-dose", "26", "--ordered-days", "3", "--explain")
add("check-aps-explain-json", "check", "aps", *W65, "--scenario", "caps", "--ordered-dose", "26",
    "--ordered-days", "5", "--explain", "--json")
# check errors
add("check-error-no-dose", *CI, "--ordered-days", "1")
add("check-error-no-days", *CI, "--ordered-dose", "70")
add("check-error-rate-without-product", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--ordered-rate", "100")
add("check-error-unknown-product", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--product", "nonesuch")
add("check-error-aps-no-scenario", "check", "aps", *W65, "--ordered-dose", "26", "--ordered-days", "5")
add("check-error-scenario-on-itp", "check", "itp", *W70, "--scenario", "caps", "--ordered-dose", "70",
    "--ordered-days", "1")
add("check-error-empty-dose", "check", "itp", *W70, "--platelets", "18", "--ordered-dose", "", "--ordered-days", "1")
add("check-error-dose-zero", *CI, "--ordered-dose", "0", "--ordered-days", "1")
add("check-error-dose-1001", *CI, "--ordered-dose", "1001", "--ordered-days", "1")
add("check-error-days-zero", *CI, "--ordered-dose", "70", "--ordered-days", "0")
add("check-error-days-31", *CI, "--ordered-dose", "70", "--ordered-days", "31")
add("check-error-days-fraction", *CI, "--ordered-dose", "70", "--ordered-days", "1.5")
add("check-error-rate-zero", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--product", "privigen",
    "--ordered-rate", "0")
add("check-error-rate-abc", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--product", "privigen",
    "--ordered-rate", "abc")
add("check-error-unknown-subcommand", "check", "grade", "--platelets", "30")
add("check-error-unknown-option", *CI, "--ordered-dose", "70", "--ordered-days", "1", "--bogus")
add("check-error-bad-weight", "check", "itp", "--weight", "abc", "--platelets", "18", "--ordered-dose", "70",
    "--ordered-days", "1")
add("check-error-itp-bare", "check", "itp")

# ===================================================================================== references

add_both("references-all", "references")
for reference_id in (
    "ash-2011", "ash-2019", "icr-2019", "sepsis-rct-1991", "neonatal-1987", "ssc-2021", "eular-2019", "acr-2020",
    "caps-registry-2018", "tenti-2013", "sciascia-2012", "branch-2000", "spinnato-1995", "ctcae-v5", "fda-2013",
    "australian-criteria", "ontario-ivig", "dosing-weight-practice", "devine-1974", "product-labels",
    "pppmag-2010", "ascia-ivig-2024", "product-catalogue", "ismp", "ivigcalc-limits", "ivigcalc-risk-screen",
    "seed-itp", "seed-aps",
):
    add(f"references-{reference_id}", "references", reference_id)
add("references-ash-2011-json", "references", "ash-2011", "--json")
add("references-seed-aps-json", "references", "seed-aps", "--json")
add("references-uppercase-spaces", "references", "  ASH-2011 ")
add("references-error-unknown", "references", "no-such-id")
add("references-error-unknown-json", "references", "no-such-id", "--json")
add("references-error-two-ids", "references", "ash-2011", "ash-2019")
add("references-error-option", "references", "--weight", "70")

# ===================================================================================== products

add_both("products-all", "products")
for name, product_id in zip(PRODUCTS, PRODUCT_IDS, strict=True):
    add(f"products-{product_id}", "products", name)
    add(f"products-{product_id}-json", "products", product_id, "--json")
add("products-alias", "products", "Gammaplex")
add("products-case-and-spaces", "products", "  GAMUNEX C ")
add("products-error-unknown", "products", "nonesuch")
add("products-error-prefix-hint", "products", "octa")
add("products-error-prefix-hint-json", "products", "flebo", "--json")
add("products-error-empty", "products", "")
add("products-error-two-names", "products", "privigen", "panzyga")
add("products-narrow", "products", env={"COLUMNS": "80"})
add("products-one-narrow", "products", "privigen", env={"COLUMNS": "60"})

# ===================================================================================== schema

add("schema-default", "schema")
for kind in ("all", "row", "result", "record"):
    add(f"schema-{kind}", "schema", kind)
add("schema-uppercase", "schema", "ROW")
add("schema-error-unknown-kind", "schema", "bogus")
add("schema-error-two-kinds", "schema", "row", "result")
add("schema-error-option", "schema", "--json")

# ===================================================================================== batch

MIXED_CSV = (
    "id,command,weight,platelets,bleeding,scenario\n"
    "a,itp,70,18,active,\n"
    "b,itp,abc,18,,\n"
    "c,aps,65,,,caps\n"
    "d,itp,70,,,\n"
    "e,itp,70,18,,\n"
)
GOOD_CSV = (
    "id,command,weight,platelets,bleeding,age,scenario,inr,product,height,sex\n"
    "r1,itp,70,18,active,40,,,,,\n"
    "r2,itp,100,8,life-threatening,50,,,,175,male\n"
    "r3,aps,65,,,,caps,,,,\n"
    "r4,aps,65,,,,thrombosis,1.8,,,\n"
    "r5,itp,72.3,18,active,40,,,privigen,,\n"
    "r6,itp,25,8,active,8,,,,,\n"
)
GOOD_JSONL = (
    '{"id": "j1", "command": "itp", "weight": 70, "platelets": 18, "bleeding": "active", "age": 40}\n'
    '{"id": "j2", "command": "aps", "weight": 65, "scenario": "obstetric", "failed_standard_therapy": true}\n'
    '{"id": 3, "command": "itp", "weight": "3", "platelets": 20, "population": "neonate", "cause": "alloimmune"}\n'
    '{"command": "aps", "weight": 65, "scenario": "thrombosis", "anticoagulated": "yes", "protocol": "intensive"}\n'
)
MIXED_JSONL = (
    '{"id": "m1", "command": "itp", "weight": 70, "platelets": 18}\n'
    '{"id": "m2", "command": "itp", "weight": 70}\n'
    "not json\n"
    "[1, 2]\n"
    '{"id": "m5", "command": "grade", "platelets": 30}\n'
    '{"id": "m6", "command": "aps", "weight": 65, "scenario": "caps", "platelets": 5}\n'
    '{"id": "m7", "command": "itp", "weight": 70, "platelets": 18, "colour": "red"}\n'
    '{"id": "m8", "command": "aps", "weight": true, "scenario": "caps"}\n'
    "\n"
    '{"id": "m10", "command": "aps", "weight": 65, "scenario": "caps"}\n'
)
add("batch-stdin-csv", "batch", "-", stdin=GOOD_CSV)
add("batch-stdin-csv-quiet", "batch", "-", "--quiet", stdin=GOOD_CSV)
add("batch-stdin-csv-q", "batch", "-", "-q", stdin=MIXED_CSV)
# In-process, standard input is a BytesIO without peek(), so format detection sees no first character and
# falls back to CSV (a real process detects JSONL: proc-batch-stdin-jsonl-autodetect). Hence --input-format.
add("batch-stdin-jsonl-autodetect-inprocess", "batch", "-", stdin=GOOD_JSONL)
add("batch-stdin-jsonl", "batch", "-", "--input-format", "jsonl", stdin=GOOD_JSONL)
add("batch-stdin-jsonl-to-csv", "batch", "-", "--input-format", "jsonl", "--output-format", "csv", stdin=GOOD_JSONL)
add("batch-stdin-csv-to-csv", "batch", "-", "--output-format", "csv", stdin=MIXED_CSV)
add("batch-stdin-mixed-csv", "batch", "-", stdin=MIXED_CSV)
add("batch-stdin-mixed-jsonl", "batch", "-", "--input-format", "jsonl", stdin=MIXED_JSONL)
add("batch-stdin-mixed-jsonl-to-csv", "batch", "-", "--input-format", "jsonl", "--output-format", "csv", "--quiet",
    stdin=MIXED_JSONL)
add("batch-stdin-input-format-jsonl", "batch", "-", "--input-format", "jsonl", stdin=GOOD_JSONL)
add("batch-stdin-input-format-csv-on-json", "batch", "-", "--input-format", "csv", stdin=GOOD_JSONL)
add("batch-stdin-empty", "batch", "-", stdin="")
add("batch-stdin-none", "batch", "-")
add("batch-stdin-header-only", "batch", "-", stdin="id,command,weight,platelets\r\n")
add("batch-stdin-header-only-csv-out", "batch", "-", "--output-format", "csv", stdin="id,command,weight,platelets\n")
add("batch-stdin-bom", "batch", "-", stdin="\ufeffid,command,weight,platelets\nb1,itp,70,18\n")
add("batch-stdin-bom-jsonl", "batch", "-", "--input-format", "jsonl",
    stdin='\ufeff{"command": "itp", "weight": 70, "platelets": 18}\n')
add("batch-stdin-crlf", "batch", "-", stdin="id,command,weight,platelets\r\nc1,itp,70,18\r\nc2,itp,80,18\r\n")
add("batch-stdin-blank-lines", "batch", "-", stdin="command,weight,platelets\n\nitp,70,18\n,,\n\nitp,80,18\n")
add("batch-stdin-quoted-newline", "batch", "-",
    stdin='id,command,weight,platelets\n"two\nlines",itp,70,18\nnext,itp,70,18\n')
add("batch-stdin-ragged", "batch", "-", stdin="id,command,weight,platelets\nr1,itp,70\nr2,itp,70,18,extra\n")
add("batch-stdin-header-case", "batch", "-",
    stdin="ID,Command,Weight,Platelets,Platelet-Unit,weight_unit\nx,ITP,154,18000,/uL,lb\n")
add("batch-stdin-bad-commands", "batch", "-", stdin="command,weight,platelets\n,70,18\ngrade,70,18\n Aps ,70,\n")
add("batch-stdin-itp-with-scenario", "batch", "-",
    stdin="command,weight,platelets,scenario\nitp,70,18,\nitp,70,18,caps\n")
add("batch-stdin-formula-cells", "batch", "-", "--output-format", "csv",
    stdin='id,command,weight,platelets\n"=1+1",itp,70,18\n@x,itp,abc,18\n')
add("batch-stdin-invalid-utf8", "batch", "-",
    stdin=b"id,command,weight,platelets\nok1,itp,70,18\nbad,itp,70\xff,18\nok2,itp,70,18\n")
add("batch-stdin-invalid-utf8-csv-out", "batch", "-", "--output-format", "csv",
    stdin=b"id,command,weight,platelets\nok1,itp,70,18\nbad,itp,70\xff,18\n")
add("batch-error-unknown-columns", "batch", "-", stdin="command,wieght,platelets,colour\nitp,70,18,red\n")
add("batch-error-duplicate-column", "batch", "-", stdin="command,weight,Weight\nitp,70,70\n")
add("batch-error-no-command-column", "batch", "-", stdin="weight,platelets\n70,18\n")
add("batch-error-missing-input", "batch")
add("batch-error-input-format", "batch", "-", "--input-format", "xml", stdin=GOOD_CSV)
add("batch-error-output-format", "batch", "-", "--output-format", "xml", stdin=GOOD_CSV)
add("batch-error-unknown-option", "batch", "-", "--bogus", stdin=GOOD_CSV)
add("batch-debug", "--debug", "batch", "-", "--quiet", stdin=MIXED_CSV)
# files
add("batch-file-csv", "batch", "rows.csv", files={"rows.csv": GOOD_CSV})
add("batch-file-csv-quiet", "batch", "rows.csv", "--quiet", files={"rows.csv": MIXED_CSV})
add("batch-file-jsonl", "batch", "rows.jsonl", files={"rows.jsonl": GOOD_JSONL})
add("batch-file-ndjson", "batch", "rows.ndjson", "-q", files={"rows.ndjson": GOOD_JSONL})
add("batch-file-json-ext", "batch", "rows.json", "-q", files={"rows.json": GOOD_JSONL})
add("batch-file-txt-detect-jsonl", "batch", "rows.txt", "-q", files={"rows.txt": GOOD_JSONL})
add("batch-file-txt-detect-csv", "batch", "rows.txt", "-q", files={"rows.txt": GOOD_CSV})
add("batch-file-ext-overridden", "batch", "rows.csv", "--input-format", "jsonl", "-q", files={"rows.csv": GOOD_JSONL})
add("batch-file-subdir", "batch", "in/rows.csv", "-q", files={"in/rows.csv": GOOD_CSV})
add("batch-file-output-jsonl", "batch", "rows.csv", "--output", "out.jsonl", files={"rows.csv": GOOD_CSV},
    outputs=["out.jsonl"])
add("batch-file-output-short-o", "batch", "rows.jsonl", "-o", "out.jsonl", "-q", files={"rows.jsonl": MIXED_JSONL},
    outputs=["out.jsonl"])
add("batch-file-output-csv-by-extension", "batch", "rows.csv", "--output", "out.csv", files={"rows.csv": GOOD_CSV},
    outputs=["out.csv"])
add("batch-file-output-csv-forced-jsonl", "batch", "rows.csv", "--output", "out.csv", "--output-format", "jsonl",
    "-q", files={"rows.csv": GOOD_CSV}, outputs=["out.csv"])
add("batch-file-output-txt-as-csv", "batch", "rows.csv", "-o", "out.txt", "--output-format", "csv", "-q",
    files={"rows.csv": MIXED_CSV}, outputs=["out.txt"])
add("batch-file-output-mixed", "batch", "rows.csv", "-o", "out.jsonl", files={"rows.csv": MIXED_CSV},
    outputs=["out.jsonl"])
add("batch-file-output-overwrites", "batch", "rows.csv", "-o", "out.jsonl", "-q",
    files={"rows.csv": GOOD_CSV, "out.jsonl": "the previous output\n"}, outputs=["out.jsonl"])
add("batch-file-output-kept-on-bad-header", "batch", "rows.csv", "-o", "out.jsonl",
    files={"rows.csv": "command,wieght,platelets\nitp,70,18\n", "out.jsonl": "the previous output\n"},
    outputs=["out.jsonl"])
add("batch-file-output-not-created-on-bad-header", "batch", "rows.csv", "-o", "out.jsonl",
    files={"rows.csv": "weight,platelets\n70,18\n"}, outputs=["out.jsonl"])
add("batch-stdin-output-file", "batch", "-", "--input-format", "jsonl", "-o", "out.csv", stdin=GOOD_JSONL,
    outputs=["out.csv"])
add("batch-file-output-subdir", "batch", "rows.csv", "-o", "results/out.jsonl", "-q",
    files={"rows.csv": GOOD_CSV, "results/.keep": ""}, outputs=["results/out.jsonl"])
add("batch-file-output-empty-input", "batch", "rows.csv", "-o", "out.csv", files={"rows.csv": ""},
    outputs=["out.csv"])
add("batch-file-invalid-utf8", "batch", "rows.csv", "-o", "out.jsonl",
    files={"rows.csv": b"id,command,weight,platelets\nok1,itp,70,18\nbad,itp,70\xff,18\n"}, outputs=["out.jsonl"])
add("batch-error-missing-file", "batch", "missing.csv", outputs=["missing.csv"])
add("batch-error-missing-file-with-output", "batch", "missing.csv", "-o", "out.jsonl", outputs=["out.jsonl"])
add("batch-error-output-dir-missing", "batch", "rows.csv", "-o", "nodir/out.jsonl", files={"rows.csv": GOOD_CSV},
    outputs=["nodir/out.jsonl"])
add("batch-error-input-is-directory", "batch", "in", files={"in/.keep": ""})

# ===================================================================================== input errors

E70 = ("--weight", "70", "--platelets", "18")
for case_id, argv in (
    ("weight-abc", ("itp", "--weight", "abc", "--platelets", "18")),
    ("weight-nan", ("itp", "--weight", "nan", "--platelets", "18")),
    ("weight-inf", ("itp", "--weight", "inf", "--platelets", "18")),
    ("weight-minus-inf", ("itp", "--weight", "-inf", "--platelets", "18")),
    ("weight-infinity", ("itp", "--weight", "Infinity", "--platelets", "18")),
    ("weight-zero", ("itp", "--weight", "0", "--platelets", "18")),
    ("weight-negative", ("itp", "--weight", "-70", "--platelets", "18")),
    ("weight-0.29", ("itp", "--weight", "0.29", "--platelets", "18")),
    ("weight-350.01", ("itp", "--weight", "350.01", "--platelets", "18")),
    ("weight-lb-800", ("itp", "--weight", "800", "--weight-unit", "lb", "--platelets", "18")),
    ("weight-comma", ("itp", "--weight", "70,5", "--platelets", "18")),
    ("weight-underscore", ("itp", "--weight", "7_0", "--platelets", "18")),
    ("weight-unit-suffix", ("itp", "--weight", "70kg", "--platelets", "18")),
    ("weight-arabic-digits", ("itp", "--weight", "٧٠", "--platelets", "18")),
    ("weight-hex", ("itp", "--weight", "0x46", "--platelets", "18")),
    ("weight-unit-stone", ("itp", "--weight", "70", "--weight-unit", "stone", "--platelets", "18")),
    ("weight-missing", ("itp", "--platelets", "18")),
    ("platelets-missing", ("itp", "--weight", "70")),
    ("platelets-abc", ("itp", "--weight", "70", "--platelets", "abc")),
    ("platelets-2001", ("itp", "--weight", "70", "--platelets", "2001")),
    ("platelets-negative", ("itp", "--weight", "70", "--platelets", "-1")),
    ("platelets-per-ul-18", ("itp", *E70, "--platelet-unit", "/uL")),
    ("platelets-per-mcl-999", ("itp", "--weight", "70", "--platelets", "999", "--platelet-unit", "/mcL")),
    ("platelets-per-ul-too-high", ("itp", "--weight", "70", "--platelets", "2000001", "--platelet-unit", "/uL")),
    ("platelet-unit-bad", ("itp", *E70, "--platelet-unit", "per-litre")),
    ("height-19.99", ("itp", *E70, "--height", "19.99")),
    ("height-272.01", ("itp", *E70, "--height", "272.01")),
    ("height-zero", ("itp", *E70, "--height", "0")),
    ("height-in-too-tall", ("itp", *E70, "--height", "108", "--height-unit", "in")),
    ("height-unit-bad", ("itp", *E70, "--height", "70", "--height-unit", "ft")),
    ("age-121", ("itp", *E70, "--age", "121")),
    ("age-negative", ("itp", *E70, "--age", "-1")),
    ("age-abc", ("itp", *E70, "--age", "forty")),
    ("sex-bad", ("itp", *E70, "--sex", "x")),
    ("bleeding-bad", ("itp", *E70, "--bleeding", "lots")),
    ("population-bad", ("itp", *E70, "--population", "elderly")),
    ("cause-bad", ("itp", *E70, "--cause", "viral")),
    ("regimen-bad", ("itp", *E70, "--regimen", "three-day")),
    ("dosing-weight-bad", ("itp", *E70, "--dosing-weight", "lean")),
    ("dosing-weight-ideal-no-height", ("itp", *E70, "--dosing-weight", "ideal")),
    ("dosing-weight-adjusted-no-sex", ("itp", *E70, "--dosing-weight", "adjusted", "--height", "170")),
    ("dosing-weight-adjusted-short", ("itp", "--weight", "100", "--platelets", "18", "--dosing-weight", "adjusted",
                                      "--height", "150", "--sex", "male")),
    ("dosing-weight-adjusted-pregnant", ("itp", *E70, "--dosing-weight", "adjusted", "--height", "165", "--sex",
                                         "female", "--pregnant")),
    ("adjustment-factor-zero", ("itp", *E70, "--adjustment-factor", "0")),
    ("adjustment-factor-1.1", ("itp", *E70, "--adjustment-factor", "1.1")),
    ("adjustment-factor-abc", ("itp", *E70, "--adjustment-factor", "abc")),
    ("neonate-with-age-40", ("itp", "--weight", "3", "--platelets", "18", "--population", "neonate", "--age", "40",
                             "--cause", "alloimmune")),
    ("neonate-age-1", ("itp", "--weight", "9", "--platelets", "18", "--population", "neonate", "--age", "1",
                       "--cause", "alloimmune")),
    ("neonate-no-cause", ("itp", "--weight", "3", "--platelets", "18", "--population", "neonate")),
    ("neonate-cause-hiv", ("itp", "--weight", "3", "--platelets", "18", "--population", "neonate", "--cause",
                           "hiv")),
    ("neonate-pregnant", ("itp", "--weight", "3", "--platelets", "18", "--population", "neonate", "--cause",
                          "alloimmune", "--pregnant")),
    ("neonate-round-vial", ("itp", "--weight", "3", "--platelets", "18", "--population", "neonate", "--cause",
                            "alloimmune", "--product", "privigen", "--round", "vial")),
    ("adult-with-age-10", ("itp", "--weight", "30", "--platelets", "18", "--population", "adult", "--age", "10")),
    ("child-with-age-30", ("itp", "--weight", "60", "--platelets", "18", "--population", "child", "--age", "30")),
    ("pregnant-male", ("itp", *E70, "--pregnant", "--sex", "male")),
    ("pre-pregnancy-without-pregnant", ("itp", *E70, "--pre-pregnancy-weight", "60")),
    ("pre-pregnancy-weight-bad", ("itp", *E70, "--pregnant", "--pre-pregnancy-weight", "0")),
    ("maternal-itp-adult", ("itp", *E70, "--cause", "maternal-itp")),
    ("alloimmune-child", ("itp", *E70, "--cause", "alloimmune", "--age", "10")),
    ("dic-without-sepsis", ("itp", *E70, "--dic")),
    ("five-day-active-bleeding", ("itp", *E70, "--bleeding", "active", "--regimen", "five-day")),
    ("five-day-child", ("itp", "--weight", "25", "--age", "8", "--platelets", "8", "--bleeding", "active",
                        "--regimen", "five-day")),
    ("lln-low", ("itp", *E70, "--lln", "74")),
    ("lln-abc", ("itp", *E70, "--lln", "abc")),
    ("product-unknown", ("itp", *E70, "--product", "nonesuch")),
    ("product-prefix-hint", ("itp", *E70, "--product", "gam")),
    ("round-bad", ("itp", *E70, "--round", "up")),
    ("round-vial-no-product", ("itp", *E70, "--round", "vial")),
    ("egfr-negative", ("itp", *E70, "--egfr", "-1")),
    ("egfr-251", ("itp", *E70, "--egfr", "251")),
    ("egfr-abc", ("itp", *E70, "--egfr", "abc")),
    ("crcl-300", ("itp", *E70, "--creatinine-clearance", "300")),
    ("blood-group-bad", ("itp", *E70, "--blood-group", "C")),
    ("blood-group-rh-only", ("itp", *E70, "--blood-group", "+")),
    ("aps-no-scenario", ("aps", "--weight", "65")),
    ("aps-no-weight", ("aps", "--scenario", "caps")),
    ("aps-scenario-bad", ("aps", "--weight", "65", "--scenario", "other")),
    ("aps-inr-0.49", ("aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "0.49")),
    ("aps-inr-20.01", ("aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "20.01")),
    ("aps-inr-zero", ("aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "0")),
    ("aps-inr-high", ("aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "high")),
    ("aps-protocol-wrong-scenario", ("aps", "--weight", "65", "--scenario", "thrombosis", "--protocol", "two-day")),
    ("aps-protocol-obstetric-standard", ("aps", "--weight", "65", "--scenario", "obstetric", "--protocol",
                                         "standard")),
    ("aps-protocol-caps", ("aps", "--weight", "65", "--scenario", "caps", "--protocol", "five-day")),
    ("aps-protocol-bad", ("aps", "--weight", "65", "--scenario", "thrombosis", "--protocol", "weekly")),
    ("aps-inr-caps", ("aps", "--weight", "65", "--scenario", "caps", "--inr", "2.5")),
    ("aps-anticoagulated-caps", ("aps", "--weight", "65", "--scenario", "caps", "--anticoagulated")),
    ("aps-failed-therapy-thrombosis", ("aps", "--weight", "65", "--scenario", "thrombosis",
                                       "--failed-standard-therapy")),
    ("aps-contraindicated-caps", ("aps", "--weight", "65", "--scenario", "caps",
                                  "--anticoagulation-contraindicated")),
    ("aps-obstetric-male", ("aps", "--weight", "65", "--scenario", "obstetric", "--sex", "male")),
    ("aps-weight-lb-800", ("aps", "--weight", "800", "--weight-unit", "lb", "--scenario", "caps")),
    ("aps-round-vial-no-product", ("aps", "--weight", "65", "--scenario", "caps", "--round", "vial")),
    ("aps-sucrose-age-70", ("aps", "--weight", "65", "--age", "70", "--scenario", "caps", "--product", "carimune")),
):
    add(f"error-{case_id}", *argv)
# Explicitly empty options
for option in ("--weight", "--platelets", "--height", "--age", "--sex", "--weight-unit", "--lln", "--product",
               "--round", "--egfr", "--blood-group", "--bleeding", "--cause", "--population", "--dosing-weight",
               "--adjustment-factor"):
    argv = ["itp", "--weight", "70", "--platelets", "18"]
    if option in ("--weight", "--platelets"):
        argv[argv.index(option) + 1] = ""
    else:
        argv += [option, ""]
    add(f"error-empty{option}", *argv)
add("error-empty-scenario", "aps", "--weight", "65", "--scenario", "")
add("error-empty-inr", "aps", "--weight", "65", "--scenario", "thrombosis", "--inr", "")
add("error-empty-protocol", "aps", "--weight", "65", "--scenario", "thrombosis", "--protocol", " ")
# Usage errors from the option parser
for case_id, argv in (
    ("unknown-option-itp", ("itp", *E70, "--bogus")),
    ("unknown-option-with-value-aps", ("aps", "--weight", "65", "--scenario", "caps", "--nope", "1")),
    ("missing-value-weight", ("itp", "--weight")),
    ("missing-value-platelets", ("itp", "--weight", "70", "--platelets")),
    ("missing-value-scenario", ("aps", "--weight", "65", "--scenario")),
    ("aps-option-on-itp", ("itp", *E70, "--scenario", "caps")),
    ("readme-scenario-on-itp", ("itp", "--weight", "70", "--platelets", "18000", "--platelet-unit", "/uL",
                                "--scenario", "caps")),
    ("itp-option-on-aps", ("aps", "--weight", "65", "--scenario", "caps", "--platelets", "5")),
    ("bleeding-on-aps", ("aps", "--weight", "65", "--scenario", "caps", "--bleeding", "active")),
    ("protocol-on-itp", ("itp", *E70, "--protocol", "standard")),
    ("ordered-dose-on-itp", ("itp", *E70, "--ordered-dose", "70")),
    ("unknown-command", ("no-such-command",)),
    ("unknown-command-close", ("itps", "--weight", "70")),
    ("extra-argument", ("itp", *E70, "extra")),
    ("root-unknown-option", ("--bogus",)),
    ("root-option-after-command", ("itp", *E70, "--version")),
    ("flag-with-value", ("itp", *E70, "--diabetes=yes")),
    ("json-with-value", ("itp", *E70, "--json=1")),
    ("double-dash", ("itp", "--", "--weight", "70")),
    ("prefix-option", ("itp", "--weig", "70", "--platelets", "18")),
    ("equals-syntax-ok", ("itp", "--weight=70", "--platelets=18", "--bleeding=active", "--age=40")),
    ("repeated-option-last-wins", ("itp", "--weight", "60", "--weight", "70", "--platelets", "18")),
    ("json-error-still-stderr", ("itp", "--weight", "abc", "--platelets", "18", "--json")),
    ("explain-error", ("aps", "--weight", "65", "--explain")),
    ("debug-input-error", ("--debug", "itp", "--weight", "abc", "--platelets", "18")),
    ("debug-ok", ("--debug", "grade", "--platelets", "30")),
):
    add(f"usage-{case_id}", *argv)

# ===================================================================================== environment

itp("env-columns-60-itp", *W70, *A, *BLEED, env={"COLUMNS": "60"})
aps("env-columns-200-aps", *W65, "--scenario", "caps", env={"COLUMNS": "200"})
itp("env-columns-40-product", *ITP_RX, "--product", "privigen", env={"COLUMNS": "40"})
itp("env-force-color-itp", *W70, *A, *BLEED, env={"FORCE_COLOR": "1", "NO_COLOR": None})
add("env-no-color-unset-grade", "grade", "--platelets", "18", env={"NO_COLOR": None})

# ===================================================================================== real processes

add("proc-version", "--version", mode="subprocess")
add("proc-bare", mode="subprocess")
itp("proc-itp-human", *W70, "--platelets", "18", "--bleeding", "active", mode="subprocess")
itp("proc-itp-json", *W70, "--platelets", "18", "--bleeding", "active", "--json", mode="subprocess")
aps("proc-aps-caps", *W65, "--scenario", "caps", mode="subprocess")
add("proc-error-weight", "itp", "--weight", "abc", "--platelets", "18", mode="subprocess")
add("proc-error-usage", "aps", "--weight", "65", "--scenario", "caps", "--platelets", "5", mode="subprocess")
add("proc-check-flag", *CI, "--ordered-dose", "100", "--ordered-days", "1", mode="subprocess")
add("proc-batch-stdin", "batch", "-", stdin=MIXED_CSV, mode="subprocess")
add("proc-batch-stdin-jsonl-autodetect", "batch", "-", stdin=MIXED_JSONL, mode="subprocess")
add("proc-batch-stdin-bom-jsonl-autodetect", "batch", "-", "-q",
    stdin='\ufeff{"command": "itp", "weight": 70, "platelets": 18}\n', mode="subprocess")
add("proc-batch-file-output", "batch", "rows.csv", "-o", "out.csv", files={"rows.csv": GOOD_CSV},
    outputs=["out.csv"], mode="subprocess")
add("proc-module-version", "--version", mode="subprocess", via="module")
add("proc-module-grade-nan", "grade", "--platelets", "nan", mode="subprocess", via="module")
add("proc-products-json", "products", "privigen", "--json", mode="subprocess")


# ---------------------------------------------------------------- clinical review: count gates, limits, products
itp_both("review-lt-normal-count", "--weight", "70", "--age", "40", "--platelets", "350", "--bleeding",
         "life-threatening")
itp_both("review-neonate-alloimmune-normal", "--weight", "3.2", "--population", "neonate", "--cause", "alloimmune",
         "--platelets", "250")
itp_both("review-procedure-above-target", "--weight", "70", "--age", "40", "--platelets", "100", "--procedure")
itp_both("review-procedure-neurosurgery", "--weight", "70", "--age", "40", "--platelets", "90", "--procedure-type",
         "neurosurgery")
itp_both("review-grade-3-minor", "--weight", "70", "--age", "40", "--platelets", "25", "--bleeding", "minor")
itp_both("review-five-day-rapid", "--weight", "70", "--age", "40", "--platelets", "10", "--bleeding", "active",
         "--regimen", "five-day")
itp_both("review-pregnancy-prednisone", "--weight", "68", "--age", "30", "--sex", "female", "--pregnant",
         "--platelets", "20")
itp("review-height-inch-slip", "--weight", "154", "--weight-unit", "lb", "--height", "64", "--sex", "female",
    "--age", "62", "--platelets", "10", "--bleeding", "active")
itp_both("review-height-inches", "--weight", "154", "--weight-unit", "lb", "--height", "64", "--height-unit", "in",
         "--sex", "female", "--age", "62", "--platelets", "10", "--bleeding", "active")
itp_both("review-child-weight-for-age", "--weight", "120", "--age", "3", "--platelets", "10", "--bleeding", "active")
itp("review-neonate-70-kg", "--weight", "70", "--population", "neonate", "--cause", "alloimmune", "--platelets", "10")
itp_both("review-age-in-days", "--weight", "3", "--age", "10", "--age-unit", "days", "--cause", "maternal-itp",
         "--platelets", "10")
itp("review-privigen-hyperprolinaemia", *W70, "--platelets", "18", "--bleeding", "active", "--product", "privigen",
    "--hyperprolinaemia")
itp_both("review-privigen-override", *W70, "--platelets", "18", "--bleeding", "active", "--product", "privigen",
         "--hyperprolinaemia", "--allow-contraindicated")
itp_both("review-octagam-maltose", *W70, "--platelets", "18", "--bleeding", "active", "--product", "octagam-10",
         "--heart-failure")
add("review-check-caps-ontario", "check", "aps", "--weight", "70", "--scenario", "caps", "--ordered-dose", "70",
    "--ordered-days", "2")
add("review-products-flebogamma", "products", "flebogamma-5-dif")
