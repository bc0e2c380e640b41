"""Children's weight-for-age plausibility band.

A child with a known age gets the soft warning `unusual-weight` when the weight is outside the band
returned by `weight_for_age_band_kg`. The band comes from published growth-chart LMS parameters:

- birth to < 24 months: WHO Child Growth Standards (2006), weight-for-age, monthly;
- 24 to 240 months: CDC 2000 growth charts, weight-for-age (data file wtage.csv), every 6 months
  (the CDC file's own half-month ages: 24, 30.5, 36.5, ... 234.5, then 240).

Between tabulated ages L, M and S are interpolated linearly and the band is computed from the
interpolated parameters. The tables are DATA: public-domain numbers transcribed from the WHO and
CDC publications (checked against public copies of the CDC-hosted files: every row reproduces the
published centiles from its L, M and S). Stdlib only; no dependency on the rest of ivigcalc.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

# --- Sources (full citations; the output cites these with the warning) ---------------------------

WHO_SOURCE: Final[str] = (
    "WHO Multicentre Growth Reference Study Group. WHO Child Growth Standards: Length/height-for-age, "
    "weight-for-age, weight-for-length, weight-for-height and body mass index-for-age: Methods and "
    "development. Geneva: World Health Organization; 2006 (ISBN 92 4 154693 X). Weight-for-age LMS "
    "parameters, boys and girls, birth to 24 months (see also WHO Multicentre Growth Reference Study "
    "Group, Acta Paediatr 2006;Suppl 450:76-85)."
)
CDC_SOURCE: Final[str] = (
    "Kuczmarski RJ, Ogden CL, Guo SS, Grummer-Strawn LM, Flegal KM, Mei Z, Wei R, Curtin LR, Roche AF, "
    "Johnson CL. 2000 CDC Growth Charts for the United States: methods and development. National Center "
    "for Health Statistics. Vital Health Stat 11(246). 2002. Weight-for-age LMS parameters, 2 to 20 "
    "years (CDC growth chart data file wtage.csv)."
)
# Beyond |z| = 3 the plain LMS formula is not used (see weight_at_z): the WHO restricted
# application of the LMS method for weight-based indicators.
TAIL_METHOD_SOURCE: Final[str] = (
    "WHO Multicentre Growth Reference Study Group. WHO Child Growth Standards: Methods and development "
    "(2006), computation of z-scores for weight-based indicators: restricted application of the LMS "
    "method, the distance between the 2 SD and 3 SD curves extrapolated beyond +/-3 SD."
)
CITATIONS: Final[tuple[str, ...]] = (WHO_SOURCE, CDC_SOURCE, TAIL_METHOD_SOURCE)
WHO_URL: Final[str] = "https://www.who.int/tools/child-growth-standards/standards/weight-for-age"
CDC_URL: Final[str] = "https://www.cdc.gov/growthcharts/percentile_data_files.htm"

# --- Parameters --------------------------------------------------------------------------------------

# z = 3.5 is about the 0.023rd and 99.977th centiles (roughly 1 child in 4,300 outside each side).
# The warning is for unit slips (lb for kg, g for kg) and gross entry errors, not for clinical
# under- or overweight: a band at the usual +/-2 SD or 3rd/97th centiles would warn for 1 child in 20
# to 1 in 16 and teach users to ignore it. A soft warning only: the dose is still computed.
Z_BAND: Final[float] = 3.5
# The plain LMS formula is used up to this |z|; beyond it, the WHO restricted method (see above).
Z_LMS_LIMIT: Final[float] = 3.0

AGE_MIN_MONTHS: Final[float] = 0.0
AGE_MAX_MONTHS: Final[float] = 240.0
# WHO below 24 months, CDC from 24 months (CDC recommends the WHO standards under 2 years).
WHO_TO_CDC_MONTHS: Final[float] = 24.0

SEXES: Final[tuple[str, str]] = ("male", "female")

# (age in months, L, M (median, kg), S). WHO: the published 4- and 5-decimal values.
Row = tuple[float, float, float, float]

_WHO_WEIGHT_FOR_AGE: Final[Mapping[str, tuple[Row, ...]]] = MappingProxyType({
    "male": (
        (0.0, 0.3487, 3.3464, 0.14602),
        (1.0, 0.2297, 4.4709, 0.13395),
        (2.0, 0.1970, 5.5675, 0.12385),
        (3.0, 0.1738, 6.3762, 0.11727),
        (4.0, 0.1553, 7.0023, 0.11316),
        (5.0, 0.1395, 7.5105, 0.11080),
        (6.0, 0.1257, 7.9340, 0.10958),
        (7.0, 0.1134, 8.2970, 0.10902),
        (8.0, 0.1021, 8.6151, 0.10882),
        (9.0, 0.0917, 8.9014, 0.10881),
        (10.0, 0.0820, 9.1649, 0.10891),
        (11.0, 0.0730, 9.4122, 0.10906),
        (12.0, 0.0644, 9.6479, 0.10925),
        (13.0, 0.0563, 9.8749, 0.10949),
        (14.0, 0.0487, 10.0953, 0.10976),
        (15.0, 0.0413, 10.3108, 0.11007),
        (16.0, 0.0343, 10.5228, 0.11041),
        (17.0, 0.0275, 10.7319, 0.11079),
        (18.0, 0.0211, 10.9385, 0.11119),
        (19.0, 0.0148, 11.1430, 0.11164),
        (20.0, 0.0087, 11.3462, 0.11211),
        (21.0, 0.0029, 11.5486, 0.11261),
        (22.0, -0.0028, 11.7504, 0.11314),
        (23.0, -0.0083, 11.9514, 0.11369),
        (24.0, -0.0137, 12.1515, 0.11426),
    ),
    "female": (
        (0.0, 0.3809, 3.2322, 0.14171),
        (1.0, 0.1714, 4.1873, 0.13724),
        (2.0, 0.0962, 5.1282, 0.13000),
        (3.0, 0.0402, 5.8458, 0.12619),
        (4.0, -0.0050, 6.4237, 0.12402),
        (5.0, -0.0430, 6.8985, 0.12274),
        (6.0, -0.0756, 7.2970, 0.12204),
        (7.0, -0.1039, 7.6422, 0.12178),
        (8.0, -0.1288, 7.9487, 0.12181),
        (9.0, -0.1507, 8.2254, 0.12199),
        (10.0, -0.1700, 8.4800, 0.12223),
        (11.0, -0.1872, 8.7192, 0.12247),
        (12.0, -0.2024, 8.9481, 0.12268),
        (13.0, -0.2158, 9.1699, 0.12283),
        (14.0, -0.2278, 9.3870, 0.12294),
        (15.0, -0.2384, 9.6008, 0.12299),
        (16.0, -0.2478, 9.8124, 0.12303),
        (17.0, -0.2562, 10.0226, 0.12306),
        (18.0, -0.2637, 10.2315, 0.12309),
        (19.0, -0.2703, 10.4393, 0.12315),
        (20.0, -0.2762, 10.6464, 0.12323),
        (21.0, -0.2815, 10.8534, 0.12335),
        (22.0, -0.2862, 11.0608, 0.12350),
        (23.0, -0.2903, 11.2688, 0.12369),
        (24.0, -0.2941, 11.4775, 0.12390),
    ),
})

# CDC wtage.csv rows at 24 months and every 6 months (the file's Agemos values), full published
# precision. Sex 1 in the file is male, 2 female.
_CDC_WEIGHT_FOR_AGE: Final[Mapping[str, tuple[Row, ...]]] = MappingProxyType({
    "male": (
        (24.0, -0.20615245, 12.6707633, 0.108125811),
        (30.5, -0.397568087, 13.56088113, 0.109377581),
        (36.5, -0.621319726, 14.40262749, 0.111874514),
        (42.5, -0.804515498, 15.31940246, 0.115493292),
        (48.5, -0.915241589, 16.31676727, 0.11995532),
        (54.5, -0.969633434, 17.37906341, 0.124878992),
        (60.5, -1.000453886, 18.48592413, 0.129879257),
        (66.5, -1.035043608, 19.62136007, 0.134675673),
        (72.5, -1.087471249, 20.77769565, 0.139142773),
        (78.5, -1.158132499, 21.95644627, 0.143309898),
        (84.5, -1.236497304, 23.16741888, 0.147337375),
        (90.5, -1.306268473, 24.42648043, 0.151471982),
        (96.5, -1.351813296, 25.75256528, 0.155973912),
        (102.5, -1.363457829, 27.16489199, 0.161025689),
        (108.5, -1.339405453, 28.68130005, 0.166659247),
        (114.5, -1.284374967, 30.31770417, 0.17272854),
        (120.5, -1.206688407, 32.08799062, 0.17892874),
        (126.5, -1.115542634, 34.00363017, 0.184847006),
        (132.5, -1.019277299, 36.07262569, 0.190029545),
        (138.5, -0.924670244, 38.2977703, 0.194053274),
        (144.5, -0.836961905, 40.67443658, 0.196591612),
        (150.5, -0.760273528, 43.18828419, 0.19746421),
        (156.5, -0.698166437, 45.81336172, 0.196662115),
        (162.5, -0.654142602, 48.51113138, 0.19434441),
        (168.5, -0.631876912, 51.23096332, 0.190808471),
        (174.5, -0.634918779, 53.91260737, 0.18644163),
        (180.5, -0.665609025, 56.49095862, 0.181665781),
        (186.5, -0.723218488, 58.90293208, 0.176887192),
        (192.5, -0.801993069, 61.09536847, 0.172459052),
        (198.5, -0.890436283, 63.03227756, 0.168654971),
        (204.5, -0.973244762, 64.69961427, 0.16564009),
        (210.5, -1.035402243, 66.10749114, 0.163438661),
        (216.5, -1.066224038, 67.28992603, 0.161922819),
        (222.5, -1.061341755, 68.30004741, 0.160869943),
        (228.5, -1.023291946, 69.19467288, 0.160138158),
        (234.5, -0.964376555, 69.99868896, 0.160007394),
        (240.0, -0.91648762, 70.59761453, 0.161476792),
    ),
    "female": (
        (24.0, -0.73533951, 12.05503983, 0.107399495),
        (30.5, -0.914718817, 13.04357164, 0.113023467),
        (36.5, -1.024471278, 13.94108332, 0.119491669),
        (42.5, -1.107021613, 14.88121352, 0.125973221),
        (48.5, -1.177029925, 15.87823668, 0.131802186),
        (54.5, -1.238330855, 16.92826587, 0.136810739),
        (60.5, -1.287691525, 18.02313904, 0.141190842),
        (66.5, -1.318992925, 19.15831267, 0.14531699),
        (72.5, -1.326763834, 20.33635961, 0.149589838),
        (78.5, -1.308487081, 21.56748045, 0.154325756),
        (84.5, -1.265548787, 22.86804258, 0.159693163),
        (90.5, -1.202884389, 24.25789074, 0.165688808),
        (96.5, -1.127684095, 25.7570168, 0.172147043),
        (102.5, -1.047847141, 27.38203422, 0.178774242),
        (108.5, -0.970685789, 29.14291171, 0.185201039),
        (114.5, -0.902197638, 31.0403221, 0.191041375),
        (120.5, -0.846872805, 33.06392318, 0.195947008),
        (126.5, -0.807873433, 35.19176177, 0.199647538),
        (132.5, -0.787374433, 37.39088668, 0.201971282),
        (138.5, -0.786904102, 39.61914076, 0.202848049),
        (144.5, -0.807599577, 41.82797963, 0.202298783),
        (150.5, -0.850307441, 43.9661169, 0.200419208),
        (156.5, -0.915513542, 45.98368656, 0.197363191),
        (162.5, -1.003050887, 47.83661466, 0.193330477),
        (168.5, -1.111606122, 49.49075409, 0.188559804),
        (174.5, -1.238005268, 50.92540942, 0.183327556),
        (180.5, -1.376478254, 52.13568193, 0.177946804),
        (186.5, -1.518155513, 53.13326946, 0.172760982),
        (192.5, -1.651248208, 53.94543725, 0.168124538),
        (198.5, -1.762241248, 54.61223603, 0.164368054),
        (204.5, -1.838091576, 55.18216811, 0.161752634),
        (210.5, -1.8689768, 55.70623826, 0.160423319),
        (216.5, -1.850946286, 56.22969564, 0.16036959),
        (222.5, -1.787979408, 56.78026364, 0.161399151),
        (228.5, -1.693267093, 57.35175792, 0.163138124),
        (234.5, -1.589533346, 57.88333502, 0.165088289),
        (240.0, -1.51336185, 58.21897289, 0.166644749),
    ),
})


class Lms(NamedTuple):
    """LMS parameters at one age (lambda-mu-sigma): Box-Cox power L, median M (kg), coefficient of
    variation S."""

    lam: float  # L
    mu: float  # M, the median (kg)
    sigma: float  # S


def _check_sex(sex: str | None) -> tuple[str, ...]:
    if sex is None:
        return SEXES
    if sex not in SEXES:
        raise ValueError(f"sex must be 'male', 'female' or None (unknown), not {sex!r}")
    return (sex,)


def _check_age(age_months: float) -> float:
    age = float(age_months)
    if not math.isfinite(age) or not AGE_MIN_MONTHS <= age <= AGE_MAX_MONTHS:
        raise ValueError(
            f"age must be {AGE_MIN_MONTHS:g}-{AGE_MAX_MONTHS:g} months for the weight-for-age band, "
            f"not {age_months!r}")
    return age


def _table(age_months: float, sex: str) -> tuple[Row, ...]:
    source = _WHO_WEIGHT_FOR_AGE if age_months < WHO_TO_CDC_MONTHS else _CDC_WEIGHT_FOR_AGE
    return source[sex]


def lms_at(age_months: float, sex: str) -> Lms:
    """L, M and S for `sex` at `age_months`, interpolated linearly between tabulated ages
    (WHO below 24 months, CDC from 24 months)."""
    age = _check_age(age_months)
    (only_sex,) = _check_sex(sex)
    rows = _table(age, only_sex)
    ages = [row[0] for row in rows]
    i = bisect.bisect_right(ages, age)
    if i == 0:  # pragma: no cover - every table starts at its first valid age
        raise ValueError(f"age {age} is before the table")
    lo = rows[i - 1]
    if i == len(rows) or lo[0] == age:
        return Lms(lo[1], lo[2], lo[3])
    hi = rows[i]
    t = (age - lo[0]) / (hi[0] - lo[0])
    return Lms(*(a + t * (b - a) for a, b in zip(lo[1:], hi[1:], strict=True)))


def _lms_value(lms: Lms, z: float) -> float:
    """X = M (1 + L S z)^(1/L) for L != 0, M exp(S z) for L = 0 (Cole's LMS method)."""
    if lms.lam == 0.0:
        return lms.mu * math.exp(lms.sigma * z)
    base = 1.0 + lms.lam * lms.sigma * z
    if base <= 0.0:  # cannot happen for |z| <= 3 with these tables (the tests check it)
        raise ValueError(f"LMS formula undefined at z = {z} for {lms}")
    return lms.mu * math.pow(base, 1.0 / lms.lam)


def weight_at_z(lms: Lms, z: float) -> float:
    """The weight (kg) at z-score `z`.

    Within +/-3 the LMS formula. Beyond it the WHO restricted application of the LMS method: the
    distance between the 2 and 3 SD curves is extrapolated linearly, X(z) = X(3) + (z - 3)(X(3) - X(2))
    above, X(z) = X(-3) - (-z - 3)(X(-2) - X(-3)) below. This is needed for the CDC tables: in
    adolescent girls L is about -1.87 and S about 0.16, so 1 + L S z is negative at z = 3.5
    (around 16.5-18.5 years) and the plain formula has no value; near those ages it explodes
    (hundreds of kg), which would make the upper bound meaningless.
    """
    if abs(z) <= Z_LMS_LIMIT:
        return _lms_value(lms, z)
    sign = 1.0 if z > 0 else -1.0
    x3 = _lms_value(lms, sign * Z_LMS_LIMIT)
    x2 = _lms_value(lms, sign * (Z_LMS_LIMIT - 1.0))
    return x3 + (abs(z) - Z_LMS_LIMIT) * (x3 - x2)


def weight_for_age_band_kg(age_months: float, sex: str | None) -> tuple[float, float]:
    """The plausible weight band (low, high) in kg for a child of `age_months` (0-240).

    z = -3.5 to +3.5 of the WHO (< 24 months) or CDC (24-240 months) weight-for-age distribution.
    `sex` is "male", "female" or None; unknown sex gives the union of both sexes' bands (the lower
    low, the higher high). Raises ValueError for an age outside 0-240 months or another sex value.
    """
    age = _check_age(age_months)
    bands = [(weight_at_z(lms_at(age, s), -Z_BAND), weight_at_z(lms_at(age, s), Z_BAND))
             for s in _check_sex(sex)]
    return min(low for low, _ in bands), max(high for _, high in bands)


def is_plausible_weight(weight_kg: float, age_months: float, sex: str | None) -> bool:
    """True when `weight_kg` is inside the band (bounds included); False means warn `unusual-weight`."""
    low, high = weight_for_age_band_kg(age_months, sex)
    return low <= weight_kg <= high


# The sources of the numbers above (reference ids of knowledge/references.py). The band's width is the
# project's plausibility choice, not a growth-chart cut-off: it cites the limits.
SOURCES: Final = {
    "_WHO_WEIGHT_FOR_AGE": ("who-growth-2006",),
    "_CDC_WEIGHT_FOR_AGE": ("cdc-growth-2000",),
    "WHO_TO_CDC_MONTHS": ("who-growth-2006", "cdc-growth-2000"),
    "Z_BAND": ("ivigcalc-limits",),
    "Z_LMS_LIMIT": ("who-growth-2006",),
    "AGE_MIN_MONTHS": ("who-growth-2006",),
    "AGE_MAX_MONTHS": ("cdc-growth-2000",),
}
