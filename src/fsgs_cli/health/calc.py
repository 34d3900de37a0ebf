"""Kidney numbers as published: eGFR equations, KDIGO categories, urine ratios. Pure: no I/O.

Each constant names its source; ``SOURCES`` holds the citations for help text to quote. Bad
input raises ``CalcInputError`` with a one-line message naming the option to fix."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

SOURCES = {
    "ckd_epi_2021": "Inker LA, Eneanya ND, Coresh J, et al. New creatinine- and cystatin "
    "C-based equations to estimate GFR without race. N Engl J Med 2021;385(19):1737-1749. "
    "doi:10.1056/NEJMoa2102953",
    "bedside_schwartz": "Schwartz GJ, Munoz A, Schneider MF, et al. New equations to "
    "estimate GFR in children with CKD. J Am Soc Nephrol 2009;20(3):629-637. "
    "doi:10.1681/ASN.2008030287",
    "kdigo_2024_ckd": "KDIGO 2024 Clinical Practice Guideline for the Evaluation and "
    "Management of Chronic Kidney Disease. Kidney Int 2024;105(4S):S117-S314. "
    "doi:10.1016/j.kint.2023.10.018",
    "kdigo_2012_ckd": "KDIGO 2012 Clinical Practice Guideline for the Evaluation and "
    "Management of Chronic Kidney Disease, Chapter 1. Kidney Int Suppl 2013;3(1):19-62. "
    "doi:10.1038/kisup.2012.64",
    "kdigo_2021_gd": "KDIGO 2021 Clinical Practice Guideline for the Management of "
    "Glomerular Diseases. Kidney Int 2021;100(4S):S1-S276. doi:10.1016/j.kint.2021.05.021",
    "ipna_2020_srns": "Trautmann A, Vivarelli M, Samuel S, et al. IPNA clinical practice "
    "recommendations for the diagnosis and management of children with steroid-resistant "
    "nephrotic syndrome. Pediatr Nephrol 2020;35(8):1529-1561. doi:10.1007/s00467-020-04519-1",
    "ipna_2023_ssns": "Trautmann A, Boyer O, Hodson E, et al. IPNA clinical practice "
    "recommendations for the diagnosis and management of children with steroid-sensitive "
    "nephrotic syndrome. Pediatr Nephrol 2023;38(3):877-919. doi:10.1007/s00467-022-05739-3",
}

# Creatinine, C4H7N3O: 113.12 g/mol. Hence 1 mg/dL = 10 mg/L = 88.4 umol/L, and for urine
# ratios 1 mmol of creatinine = 113.12 mg, so 1 g/g = 113.12 mg/mmol, 1 mg/mmol = 8.84 mg/g.
CREATININE_MOLAR_MASS = 113.12
UMOL_L_PER_MG_DL = 88.4

# Plausible blood creatinine, outside which a unit mix-up is the likely cause. These are
# sanity bounds of this program, not clinical limits: 0.1-40 mg/dL, 10-3500 umol/L.
CREATININE_RANGES = {"mg/dl": (0.1, 40.0), "umol/l": (10.0, 3500.0)}
CYSTATIN_MG_L_RANGE = (0.1, 15.0)  # above 15, cystatin C was probably given in nmol/L
AGE_RANGE = (1.0, 120.0)
HEIGHT_CM_RANGE = (30.0, 250.0)
RATIO_MAX_G_PER_G = 50.0  # a sanity bound of this program (5656 mg/mmol), not a clinical one
ADULT_AGE = 18.0

# KDIGO GFR categories (KDIGO 2012 chapter 1, kept in KDIGO 2024): lower bound, name, words.
G_CATEGORIES = (
    (90.0, "G1", "normal or high"),
    (60.0, "G2", "mildly decreased"),
    (45.0, "G3a", "mildly to moderately decreased"),
    (30.0, "G3b", "moderately to severely decreased"),
    (15.0, "G4", "severely decreased"),
    (0.0, "G5", "kidney failure"),
)
_CKD = "Below 60 for more than 3 months meets the KDIGO definition of CKD."
_NOT_ALONE = (
    "On its own this is not kidney disease: KDIGO counts {} as CKD only with another sign of "
    "kidney damage, such as protein in the urine."
)
G_MEANINGS = {
    "G1": "Filtering is normal or high. " + _NOT_ALONE.format("G1"),
    "G2": "Filtering is a little below a young adult's. " + _NOT_ALONE.format("G2"),
    "G3a": "Filtering is mildly to moderately reduced. " + _CKD,
    "G3b": "Filtering is moderately to severely reduced. " + _CKD,
    "G4": "Filtering is severely reduced, below 30. " + _CKD,
    "G5": "Filtering is below 15, the range KDIGO calls kidney failure.",
}

# KDIGO albuminuria categories and their approximate protein equivalents, as printed in KDIGO
# 2012 chapter 1: A1 < low; A2 low-high, both ends included ("3-30"); A3 > high. Some later
# tables print A2 as 30-299 mg/g and A3 as >= 300; here 300 mg/g is A2. Bounds: (mg/mmol, mg/g).
A_BOUNDS = {"acr": ((3.0, 30.0), (30.0, 300.0)), "upcr": ((15.0, 50.0), (150.0, 500.0))}
A_WORDS = dict(A1="normal to mildly increased", A2="moderately increased", A3="severely increased")

# Nephrotic range. Adults, KDIGO 2021: proteinuria > 3.5 g/day; as a spot ratio KDIGO 2021
# writes UPCR > 3500 mg/g (350 mg/mmol). Children, IPNA 2020 and 2023: UPCR >= 200 mg/mmol
# (2 mg/mg), ideally on a first-morning urine.
NEPHROTIC_ADULT = (350.0, 3500.0)  # strictly above
NEPHROTIC_CHILD = (200.0, 2000.0)  # at or above
NEPHROTIC_ADULT_RULE = "Adults (KDIGO 2021): UPCR above 3.5 g/g (350 mg/mmol)."
NEPHROTIC_CHILD_RULE = "Children (IPNA): UPCR 200 mg/mmol (2 mg/mg) or more, first-morning urine."
NO_ACR_RULE = (
    "Not given for ACR: the nephrotic range is defined on total protein (UPCR or 24-hour "
    "protein). KDIGO 2012 only notes that nephrotic syndrome usually comes with an ACR above "
    "2200 mg/g (220 mg/mmol)."
)

Sex = Literal["female", "male"]
RatioKind = Literal["upcr", "acr"]
RATIO_UNITS = ("mg/mmol", "mg/g", "g/g", "mg/mg")


class CalcInputError(ValueError):
    """A value the calculator cannot use; ``option`` names what to fix."""

    def __init__(self, message: str, option: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.option = option


@dataclass(frozen=True)
class EgfrResult:
    """An eGFR as reported (1 decimal), with its equation, KDIGO stage and limits."""

    egfr: float
    egfr_unrounded: float
    equation: str
    citation: str
    stage: str | None
    stage_words: str
    meaning: str
    limits: tuple[str, ...]
    creatinine_mg_dl: float


@dataclass(frozen=True)
class RatioResult:
    """A urine protein or albumin to creatinine ratio in every unit, with its categories."""

    kind: RatioKind
    value: float
    unit: str
    mg_per_mmol: float
    mg_per_g: float
    g_per_g: float
    category: str
    category_words: str
    category_rule: str
    nephrotic_range_adult: bool | None
    nephrotic_range_child: bool | None
    nephrotic_adult_rule: str
    nephrotic_child_rule: str


def round_reported(value: float, places: int = 1) -> float:
    """Round half up, as a report would (59.95 -> 60.0), after dropping float noise beyond 12
    significant digits (0.413 x 100 / 0.4 is 103.24999999999999 in binary; it is 103.25)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(f"{value:.12g}").quantize(step, rounding=ROUND_HALF_UP))


def _number(value: float, option: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CalcInputError(f"{what} ({option}) must be a number.", option)
    if not math.isfinite(value) or value <= 0:
        raise CalcInputError(f"{what} ({option}) must be a number above 0 (got {value}).", option)
    return float(value)


def _unit(unit: str) -> str:
    return unit.strip().lower().replace(" ", "").replace("µ", "u").replace("μ", "u")


def _sex(sex: str | None) -> Sex:
    text = (sex or "").strip().lower()
    if text not in ("female", "male"):
        raise CalcInputError(f"--sex must be female or male (got {sex!r}).", "--sex")
    return "female" if text == "female" else "male"


def _within(value: float, bounds: tuple[float, float], message: str, option: str) -> float:
    if not bounds[0] <= value <= bounds[1]:
        raise CalcInputError(message, option)
    return value


def creatinine_mg_dl(value: float, unit: str) -> float:
    """Blood creatinine in mg/dL from mg/dL or umol/L (umol/L / 88.4).

    Values outside 0.1-40 mg/dL or 10-3500 umol/L are refused; when the number would fit the
    other unit, the message suggests it (a unit mix-up)."""
    value = _number(value, "--creatinine", "Creatinine")
    text = _unit(unit)
    if text not in CREATININE_RANGES:
        raise CalcInputError(f"--units must be mg/dl or umol/l (got {unit!r}).", "--units")
    (low, high), other = CREATININE_RANGES[text], "umol/l" if text == "mg/dl" else "mg/dl"
    if not low <= value <= high:
        shown = {"mg/dl": "mg/dL", "umol/l": "umol/L"}
        message = f"Creatinine (--creatinine) {value:g} {shown[text]} is implausible"
        message += f" (outside {low:g}-{high:g})"
        if CREATININE_RANGES[other][0] <= value <= CREATININE_RANGES[other][1]:
            message += f"; if your report says {shown[other]}, use --units {other}"
            raise CalcInputError(message + ".", "--units")
        raise CalcInputError(message + ".", "--creatinine")
    return value if text == "mg/dl" else value / UMOL_L_PER_MG_DL


def _adult_age(age: float) -> float:
    age = _number(age, "--age", "Age")
    message = f"CKD-EPI 2021 needs --age 18 to 120 (got {age:g})."
    return _within(age, (ADULT_AGE, AGE_RANGE[1]), message, "--age")


def egfr_ckd_epi_2021_creatinine(scr_mg_dl: float, age: float, sex: str) -> float:
    """CKD-EPI 2021 creatinine equation, race-free (Inker et al., NEJM 2021).

    142 x min(Scr/k, 1)^a x max(Scr/k, 1)^-1.200 x 0.9938^age x 1.012 [female];
    k = 0.7 female, 0.9 male; a = -0.241 female, -0.302 male. Unrounded.
    """
    scr = _number(scr_mg_dl, "--creatinine", "Creatinine")
    age = _adult_age(age)
    female = _sex(sex) == "female"
    kappa, alpha = (0.7, -0.241) if female else (0.9, -0.302)
    ratio = scr / kappa
    egfr: float = 142 * min(ratio, 1.0) ** alpha * max(ratio, 1.0) ** -1.200 * 0.9938**age
    return egfr * 1.012 if female else egfr


def egfr_ckd_epi_2021_creatinine_cystatin(
    scr_mg_dl: float, scys_mg_l: float, age: float, sex: str
) -> float:
    """CKD-EPI 2021 creatinine-cystatin C equation (Inker et al., NEJM 2021).

    135 x min(Scr/k, 1)^a x max(Scr/k, 1)^-0.544 x min(Scys/0.8, 1)^-0.323
    x max(Scys/0.8, 1)^-0.778 x 0.9961^age x 0.963 [female];
    k = 0.7 female, 0.9 male; a = -0.219 female, -0.144 male. Unrounded.
    """
    scr = _number(scr_mg_dl, "--creatinine", "Creatinine")
    scys = _number(scys_mg_l, "--cystatin-c", "Cystatin C")
    age = _adult_age(age)
    female = _sex(sex) == "female"
    kappa, alpha = (0.7, -0.219) if female else (0.9, -0.144)
    cr, cys = scr / kappa, scys / 0.8
    creatinine_part = min(cr, 1.0) ** alpha * max(cr, 1.0) ** -0.544
    cystatin_part = min(cys, 1.0) ** -0.323 * max(cys, 1.0) ** -0.778
    egfr: float = 135 * creatinine_part * cystatin_part * 0.9961**age
    return egfr * 0.963 if female else egfr


def egfr_bedside_schwartz(height_cm: float, scr_mg_dl: float) -> float:
    """Bedside Schwartz (Schwartz et al., JASN 2009): 0.413 x height (cm) / Scr (mg/dL).

    Derived in 349 children aged 1 to 16 with CKD (CKiD), with enzymatic creatinine.
    """
    height = _number(height_cm, "--height-cm", "Height")
    _within(
        height, HEIGHT_CM_RANGE, f"--height-cm must be 30 to 250 (got {height:g}).", "--height-cm"
    )
    return 0.413 * height / _number(scr_mg_dl, "--creatinine", "Creatinine")


def g_stage(egfr: float) -> tuple[str, str]:
    """KDIGO G category and its words for an eGFR, compared as given (pass the reported value)."""
    for low, name, words in G_CATEGORIES:
        if egfr >= low:
            return name, words
    raise CalcInputError(f"eGFR must be 0 or more (got {egfr}).", "eGFR")


_LIMITS = (
    "An estimate from one blood test: values vary from test to test, so your team looks at "
    "the trend.",
    "Not reliable while kidney function is changing fast, as in an acute illness or acute "
    "kidney injury (AKI).",
    "Creatinine comes from muscle: very high or very low muscle mass (body-building, "
    "amputation, wasting) makes the estimate less accurate.",
    "The equations were not made for pregnancy.",
)


def estimate_egfr(
    creatinine: float,
    unit: str,
    age: float,
    sex: str | None,
    cystatin_c: float | None = None,
    height_cm: float | None = None,
) -> EgfrResult:
    """The eGFR for an age: CKD-EPI 2021 from 18 (with cystatin C when given), bedside
    Schwartz under 18 (needs height). The stage is read from the reported, rounded value."""
    age = _number(age, "--age", "Age")
    _within(age, AGE_RANGE, f"--age must be 1 to 120 years (got {age:g}).", "--age")
    scr = creatinine_mg_dl(creatinine, unit)
    limits = list(_LIMITS)
    if age >= ADULT_AGE:
        if sex is None:
            raise CalcInputError("--sex (female or male) is needed for an adult's eGFR.", "--sex")
        if cystatin_c is None:
            raw = egfr_ckd_epi_2021_creatinine(scr, age, sex)
            equation = "CKD-EPI 2021 creatinine (race-free)"
        else:
            cys = _number(cystatin_c, "--cystatin-c", "Cystatin C")
            message = f"--cystatin-c must be in mg/L, 0.1 to 15 (got {cys:g})."
            _within(cys, CYSTATIN_MG_L_RANGE, message, "--cystatin-c")
            raw = egfr_ckd_epi_2021_creatinine_cystatin(scr, cys, age, sex)
            equation = "CKD-EPI 2021 creatinine-cystatin C (race-free)"
            limits.append("Cystatin C can read high with steroid medicines or thyroid problems.")
        citation = SOURCES["ckd_epi_2021"]
    else:
        if sex is not None:
            _sex(sex)
        if height_cm is None:
            raise CalcInputError(
                "A child's eGFR needs --height-cm (bedside Schwartz); "
                "the adult equations are not used under 18.",
                "--height-cm",
            )
        if cystatin_c is not None:
            raise CalcInputError(
                "--cystatin-c is used only from age 18; leave it out for a child.", "--cystatin-c"
            )
        raw = egfr_bedside_schwartz(height_cm, scr)
        equation = "Bedside Schwartz 2009 (children)"
        citation = SOURCES["bedside_schwartz"]
        limits.append(
            "Bedside Schwartz was made from children aged 1 to 16 with kidney disease, using an "
            "enzymatic (IDMS-standardised) creatinine and a measured height."
        )
    egfr = round_reported(raw)
    if age < 2:
        stage, words = None, "not staged under age 2"
        meaning = "KDIGO's G1-G5 categories are not used under age 2: normal GFR is lower then."
    else:
        stage, words = g_stage(egfr)
        meaning = G_MEANINGS[stage]
    return EgfrResult(egfr, raw, equation, citation, stage, words, meaning, tuple(limits), scr)


def ratio_unit(unit: str) -> str:
    """The canonical ratio unit (mg/mmol, mg/g, g/g or mg/mg), or ``CalcInputError``."""
    text = _unit(unit)
    if text not in RATIO_UNITS:
        raise CalcInputError(
            f"--units must be one of {', '.join(RATIO_UNITS)} (got {unit!r}).", "--units"
        )
    return text


def threshold_in(unit: str, mg_per_mmol: float, mg_per_g: float) -> float:
    """A guideline threshold in the family of ``unit``: the mg/mmol figure for mg/mmol, the
    mg/g figure for mg/g, and mg/g / 1000 for g/g and mg/mg. Guidelines print both figures as
    approximate equivalents (1 g creatinine ~ 10 mmol), so a value typed exactly at a boundary
    is read against the figure printed for its own unit."""
    unit = ratio_unit(unit)
    if unit == "mg/mmol":
        return mg_per_mmol
    return mg_per_g if unit == "mg/g" else mg_per_g / 1000


_PER_G = {"mg/g": 1000.0, "g/g": 1.0, "mg/mg": 1.0}


def convert_ratio(value: float, unit: str, to_unit: str) -> float:
    """A ratio from one unit to another. Within mg/g, g/g and mg/mg only powers of 1000 are
    used; to or from mg/mmol, creatinine's molar mass (1 g/g = 113.12 mg/mmol)."""
    unit, to_unit = ratio_unit(unit), ratio_unit(to_unit)
    if unit == to_unit:
        return value
    grams = value / CREATININE_MOLAR_MASS if unit == "mg/mmol" else value / _PER_G[unit]
    if to_unit == "mg/mmol":
        return grams * CREATININE_MOLAR_MASS
    return grams * _PER_G[to_unit]


def _kind(kind: str) -> RatioKind:
    if kind not in A_BOUNDS:
        raise CalcInputError(f"The ratio must be upcr or acr (got {kind!r}).", "kind")
    return "upcr" if kind == "upcr" else "acr"


def a_category(value: float, unit: str, kind: str) -> tuple[str, str]:
    """KDIGO A category and the rule used, compared in the unit family of ``unit``."""
    (low_mmol, high_mmol), (low_g, high_g) = A_BOUNDS[_kind(kind)]
    low, high = threshold_in(unit, low_mmol, low_g), threshold_in(unit, high_mmol, high_g)
    rule = f"KDIGO {kind.upper()} in {ratio_unit(unit)}: A1 below {low:g}, A2 {low:g} to {high:g}"
    rule += f", A3 above {high:g}"
    if value < low:
        return "A1", rule
    return ("A2", rule) if value <= high else ("A3", rule)


def ratio(value: float, unit: str, kind: str) -> RatioResult:
    """A UPCR or ACR in mg/mmol, mg/g and g/g, its KDIGO A category and nephrotic range."""
    kind = _kind(kind)
    value = _number(value, "VALUE", kind.upper())
    unit = ratio_unit(unit)
    g_g = convert_ratio(value, unit, "g/g")
    if g_g > RATIO_MAX_G_PER_G:
        raise CalcInputError(
            f"{kind.upper()} {value:g} {unit} is implausibly high; check the unit (--units).",
            "--units",
        )
    category, rule = a_category(value, unit, kind)
    upcr = kind == "upcr"
    adult = value > threshold_in(unit, *NEPHROTIC_ADULT) if upcr else None
    child = value >= threshold_in(unit, *NEPHROTIC_CHILD) if upcr else None
    rules = (NEPHROTIC_ADULT_RULE, NEPHROTIC_CHILD_RULE) if upcr else (NO_ACR_RULE, NO_ACR_RULE)
    mg_mmol, mg_g = convert_ratio(value, unit, "mg/mmol"), convert_ratio(value, unit, "mg/g")
    words = A_WORDS[category]
    return RatioResult(
        kind, value, unit, mg_mmol, mg_g, g_g, category, words, rule, adult, child, *rules
    )
