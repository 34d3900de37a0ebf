"""The kidney calculator against the published formulas, worked out by hand, and its edges.

Each expected eGFR is the published equation written out again here with its constants, not
a call into the code under test. Two examples come from published calculator pages.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from fsgs_cli.health.calc import (
    SOURCES,
    CalcInputError,
    a_category,
    convert_ratio,
    creatinine_mg_dl,
    egfr_bedside_schwartz,
    egfr_ckd_epi_2021_creatinine,
    egfr_ckd_epi_2021_creatinine_cystatin,
    estimate_egfr,
    g_stage,
    ratio,
    round_reported,
)

# CKD-EPI 2021 creatinine (Inker, NEJM 2021):
# 142 x min(Scr/k, 1)^a x max(Scr/k, 1)^-1.200 x 0.9938^age x 1.012 [female]
# k = 0.7 F / 0.9 M; a = -0.241 F / -0.302 M
CKD_EPI_CR = [
    # (Scr mg/dL, age, sex, expected written out)
    (1.0, 50, "female", 142 * (1.0 / 0.7) ** -1.200 * 0.9938**50 * 1.012),
    (1.4, 60, "male", 142 * (1.4 / 0.9) ** -1.200 * 0.9938**60),
    (0.5, 30, "female", 142 * (0.5 / 0.7) ** -0.241 * 0.9938**30 * 1.012),
    (0.7, 25, "male", 142 * (0.7 / 0.9) ** -0.302 * 0.9938**25),
    (0.7, 44, "female", 142 * 0.9938**44 * 1.012),  # Scr exactly at kappa: both terms are 1
    (3.2, 80, "male", 142 * (3.2 / 0.9) ** -1.200 * 0.9938**80),
]

# CKD-EPI 2021 creatinine-cystatin C (Inker, NEJM 2021):
# 135 x min(Scr/k, 1)^a x max(Scr/k, 1)^-0.544 x min(Scys/0.8, 1)^-0.323
#     x max(Scys/0.8, 1)^-0.778 x 0.9961^age x 0.963 [female]; a = -0.219 F / -0.144 M
CKD_EPI_CR_CYS = [
    (
        1.1,
        1.2,
        40,
        "female",
        135 * (1.1 / 0.7) ** -0.544 * (1.2 / 0.8) ** -0.778 * 0.9961**40 * 0.963,
    ),
    (0.8, 0.7, 60, "male", 135 * (0.8 / 0.9) ** -0.144 * (0.7 / 0.8) ** -0.323 * 0.9961**60),
    (
        0.6,
        1.5,
        35,
        "female",
        135 * (0.6 / 0.7) ** -0.219 * (1.5 / 0.8) ** -0.778 * 0.9961**35 * 0.963,
    ),
    (2.0, 0.6, 70, "male", 135 * (2.0 / 0.9) ** -0.544 * (0.6 / 0.8) ** -0.323 * 0.9961**70),
]


def _one_line_error(call: Callable[[], object], option: str) -> str:
    with pytest.raises(CalcInputError) as caught:
        call()
    message = str(caught.value)
    assert message and "\n" not in message
    assert caught.value.option == option
    return message


@pytest.mark.parametrize(("scr", "age", "sex", "expected"), CKD_EPI_CR)
def test_ckd_epi_2021_creatinine_matches_the_formula(
    scr: float, age: float, sex: str, expected: float
) -> None:
    assert egfr_ckd_epi_2021_creatinine(scr, age, sex) == pytest.approx(expected, rel=1e-12)
    result = estimate_egfr(scr, "mg/dl", age, sex)
    assert result.egfr == round(expected, 1)
    assert result.equation == "CKD-EPI 2021 creatinine (race-free)"
    # The same blood test reported in umol/L (x 88.4) gives the same eGFR.
    in_umol = estimate_egfr(scr * 88.4, "umol/l", age, sex)
    assert in_umol.egfr_unrounded == pytest.approx(expected, rel=1e-12)


def test_ckd_epi_2021_known_examples() -> None:
    # Creatinine 1.0 mg/dL, woman of 50: 68.6 (as NKF/MDCalc-style calculators give).
    assert estimate_egfr(1.0, "mg/dl", 50, "female").egfr == 68.6
    # creatinineclearancecalculator.net worked example: woman of 55, 0.9 mg/dL, "about 76"
    # (the page multiplies rounded intermediate factors; the exact value is 75.5).
    result = estimate_egfr(0.9, "mg/dl", 55, "female")
    assert result.egfr == 75.5
    assert result.egfr == pytest.approx(76, abs=1)
    # Men and women differ: the same creatinine gives a different eGFR.
    assert estimate_egfr(1.0, "mg/dl", 50, "male").egfr == 91.7  # 142 x (1/0.9)^-1.2 x 0.9938^50


@pytest.mark.parametrize(("scr", "scys", "age", "sex", "expected"), CKD_EPI_CR_CYS)
def test_ckd_epi_2021_creatinine_cystatin_matches_the_formula(
    scr: float, scys: float, age: float, sex: str, expected: float
) -> None:
    assert egfr_ckd_epi_2021_creatinine_cystatin(scr, scys, age, sex) == pytest.approx(
        expected, rel=1e-12
    )
    result = estimate_egfr(scr * 88.4, "µmol/L", age, sex, cystatin_c=scys)
    assert result.egfr == round(expected, 1)
    assert result.equation == "CKD-EPI 2021 creatinine-cystatin C (race-free)"
    assert any("Cystatin C" in limit for limit in result.limits)


def test_bedside_schwartz_published_examples() -> None:
    # 0.413 x height (cm) / Scr (mg/dL). Doctaverse and NKF: 100 cm, 0.4 mg/dL -> 103.25,
    # "103"; reported to 1 decimal, half up, 103.3 (plain round() would give 103.2).
    assert egfr_bedside_schwartz(100, 0.4) == pytest.approx(0.413 * 100 / 0.4)
    child = estimate_egfr(0.4, "mg/dl", 6, None, height_cm=100)
    assert child.egfr == 103.3
    assert child.equation == "Bedside Schwartz 2009 (children)"
    assert child.citation == SOURCES["bedside_schwartz"]
    # calculatorlib.com: 100 cm, 0.5 mg/dL -> 82.6, mildly decreased (G2).
    child = estimate_egfr(0.5, "mg/dl", 9, "female", height_cm=100)
    assert (child.egfr, child.stage, child.stage_words) == (82.6, "G2", "mildly decreased")
    # The same child's creatinine in umol/L: 0.5 x 88.4 = 44.2.
    assert estimate_egfr(44.2, "umol/l", 9, "male", height_cm=100).egfr == 82.6


def test_children_use_schwartz_adults_use_ckd_epi() -> None:
    assert estimate_egfr(0.8, "mg/dl", 17.9, None, height_cm=170).egfr == round(
        0.413 * 170 / 0.8, 1
    )
    adult = estimate_egfr(0.8, "mg/dl", 18, "male", height_cm=170)  # height is not used
    assert adult.egfr == round(142 * (0.8 / 0.9) ** -0.302 * 0.9938**18, 1)


def test_a_child_without_height_is_refused_not_given_an_adult_equation() -> None:
    message = _one_line_error(lambda: estimate_egfr(0.5, "mg/dl", 10, "male"), "--height-cm")
    assert "--height-cm" in message
    assert "adult equations are not used" in message


def test_under_two_is_not_staged() -> None:
    result = estimate_egfr(0.3, "mg/dl", 1.5, None, height_cm=80)
    assert result.egfr == round(0.413 * 80 / 0.3, 1)
    assert result.stage is None
    assert "under age 2" in result.meaning


def test_stage_is_read_from_the_reported_value() -> None:
    # 0.413 x 145.18 / 1.0 = 59.959... reported 60.0: G2, though unrounded it is below 60.
    near = estimate_egfr(1.0, "mg/dl", 10, None, height_cm=145.18)
    assert near.egfr_unrounded < 60 and near.egfr == 60.0 and near.stage == "G2"
    # 0.413 x 145.15 = 59.947 -> 59.9: G3a.
    below = estimate_egfr(1.0, "mg/dl", 10, None, height_cm=145.15)
    assert below.egfr == 59.9 and below.stage == "G3a"


@pytest.mark.parametrize(
    ("egfr", "stage"),
    [
        (120.0, "G1"), (90.1, "G1"), (90.0, "G1"), (89.9, "G2"),
        (60.1, "G2"), (60.0, "G2"), (59.9, "G3a"),
        (45.1, "G3a"), (45.0, "G3a"), (44.9, "G3b"),
        (30.1, "G3b"), (30.0, "G3b"), (29.9, "G4"),
        (15.1, "G4"), (15.0, "G4"), (14.9, "G5"), (0.0, "G5"),
    ],
)  # fmt: skip
def test_g_stage_boundaries(egfr: float, stage: str) -> None:
    assert g_stage(egfr)[0] == stage


def test_g_stage_words_and_meanings() -> None:
    words = [g_stage(v)[1] for v in (95, 70, 50, 35, 20, 10)]
    assert words == [
        "normal or high",
        "mildly decreased",
        "mildly to moderately decreased",
        "moderately to severely decreased",
        "severely decreased",
        "kidney failure",
    ]
    result = estimate_egfr(1.4, "mg/dl", 60, "male")
    assert result.stage == "G3a" and "CKD" in result.meaning
    assert any("acute kidney injury" in limit for limit in result.limits)
    assert any("pregnancy" in limit for limit in result.limits)
    assert any("muscle" in limit for limit in result.limits)


def test_round_reported_rounds_half_up() -> None:
    assert round_reported(59.95) == 60.0
    assert round_reported(59.949) == 59.9
    assert round_reported(103.25) == 103.3
    assert round_reported(-0.05) == -0.1


@pytest.mark.parametrize(
    ("value", "unit", "kind", "category"),
    [
        (2.9, "mg/mmol", "acr", "A1"), (3.0, "mg/mmol", "acr", "A2"),
        (3.1, "mg/mmol", "acr", "A2"), (29.9, "mg/mmol", "acr", "A2"),
        (30.0, "mg/mmol", "acr", "A2"), (30.1, "mg/mmol", "acr", "A3"),
        (29.9, "mg/g", "acr", "A1"), (30.0, "mg/g", "acr", "A2"), (30.1, "mg/g", "acr", "A2"),
        (299.9, "mg/g", "acr", "A2"), (300.0, "mg/g", "acr", "A2"), (300.1, "mg/g", "acr", "A3"),
        (0.0299, "g/g", "acr", "A1"), (0.03, "g/g", "acr", "A2"),
        (0.3, "g/g", "acr", "A2"), (0.3001, "g/g", "acr", "A3"),
        (0.03, "mg/mg", "acr", "A2"), (0.31, "mg/mg", "acr", "A3"),
        (14.9, "mg/mmol", "upcr", "A1"), (15.0, "mg/mmol", "upcr", "A2"),
        (15.1, "mg/mmol", "upcr", "A2"), (49.9, "mg/mmol", "upcr", "A2"),
        (50.0, "mg/mmol", "upcr", "A2"), (50.1, "mg/mmol", "upcr", "A3"),
        (149.9, "mg/g", "upcr", "A1"), (150.0, "mg/g", "upcr", "A2"), (150.1, "mg/g", "upcr", "A2"),
        (499.9, "mg/g", "upcr", "A2"), (500.0, "mg/g", "upcr", "A2"), (500.1, "mg/g", "upcr", "A3"),
        (0.1499, "g/g", "upcr", "A1"), (0.15, "g/g", "upcr", "A2"),
        (0.5, "g/g", "upcr", "A2"), (0.5001, "g/g", "upcr", "A3"),
        (0.15, "MG/MG", "upcr", "A2"),
    ],
)  # fmt: skip
def test_a_category_boundaries(value: float, unit: str, kind: str, category: str) -> None:
    result = ratio(value, unit, kind)
    assert result.category == category
    assert a_category(value, unit, kind)[0] == category


def test_a_category_is_read_in_the_unit_family_typed() -> None:
    # 29 mg/g is A1 by the mg/g column, though it converts to 3.28 mg/mmol (A2 by that one).
    result = ratio(29, "mg/g", "acr")
    assert result.mg_per_mmol == pytest.approx(29 * 0.11312)
    assert result.mg_per_mmol > 3
    assert result.category == "A1"
    assert "mg/g" in result.category_rule
    assert result.category_words == "normal to mildly increased"


@pytest.mark.parametrize(
    ("value", "unit", "adult", "child"),
    [
        (199.9, "mg/mmol", False, False), (200.0, "mg/mmol", False, True),
        (200.1, "mg/mmol", False, True), (349.9, "mg/mmol", False, True),
        (350.0, "mg/mmol", False, True), (350.1, "mg/mmol", True, True),
        (1999.0, "mg/g", False, False), (2000.0, "mg/g", False, True),
        (3500.0, "mg/g", False, True), (3500.1, "mg/g", True, True),
        (1.99, "g/g", False, False), (2.0, "g/g", False, True),
        (3.5, "g/g", False, True), (3.51, "g/g", True, True),
        (2.0, "mg/mg", False, True), (1.9, "mg/mg", False, False),
    ],
)  # fmt: skip
def test_nephrotic_range_thresholds(value: float, unit: str, adult: bool, child: bool) -> None:
    result = ratio(value, unit, "upcr")
    assert result.nephrotic_range_adult is adult
    assert result.nephrotic_range_child is child
    assert "KDIGO 2021" in result.nephrotic_adult_rule
    assert "IPNA" in result.nephrotic_child_rule


def test_nephrotic_child_threshold_uses_the_typed_unit() -> None:
    # 1900 mg/g converts to 214.9 mg/mmol, but IPNA's figure for mg/g-type units is 2 mg/mg.
    result = ratio(1900, "mg/g", "upcr")
    assert result.mg_per_mmol > 200
    assert result.nephrotic_range_child is False


def test_acr_has_no_nephrotic_range() -> None:
    result = ratio(2500, "mg/g", "acr")
    assert result.category == "A3"
    assert result.nephrotic_range_adult is None and result.nephrotic_range_child is None
    assert result.nephrotic_adult_rule.startswith("Not given for ACR")


def test_unit_conversions() -> None:
    # 1 g/g = 1 mg/mg = 1000 mg/g = 113.12 mg/mmol (creatinine 113.12 g/mol).
    one = ratio(1, "g/g", "upcr")
    assert (one.mg_per_mmol, one.mg_per_g, one.g_per_g) == pytest.approx((113.12, 1000, 1))
    # 1 mg/mmol = 1000 / 113.12 = 8.84 mg/g.
    assert ratio(1, "mg/mmol", "acr").mg_per_g == pytest.approx(8.8402, abs=1e-4)
    assert ratio(200, "mg/mmol", "upcr").g_per_g == pytest.approx(200 / 113.12)
    assert ratio(300, "mg/g", "acr").mg_per_g == 300
    # Creatinine: umol/L / 88.4 = mg/dL, with micro sign, Greek mu or plain u.
    for unit in ("umol/l", "µmol/L", "μmol/l", " UMOL/L "):
        assert creatinine_mg_dl(88.4, unit) == pytest.approx(1.0)
    assert creatinine_mg_dl(1.3, "MG/DL") == 1.3


@pytest.mark.parametrize("start", ["mg/mmol", "mg/g", "g/g", "mg/mg"])
@pytest.mark.parametrize("via", ["mg/mmol", "mg/g", "g/g", "mg/mg"])
def test_ratio_round_trips(start: str, via: str) -> None:
    for value in (0.02, 3.0, 47.5, 350.0):
        there = convert_ratio(value, start, via)
        assert convert_ratio(there, via, start) == pytest.approx(value, rel=1e-12)
    assert creatinine_mg_dl(1.27 * 88.4, "umol/l") == pytest.approx(1.27, rel=1e-12)


NAN, INF = math.nan, math.inf
BAD_EGFR: list[tuple[Callable[[], object], str]] = [
    (lambda: estimate_egfr(0, "mg/dl", 40, "male"), "--creatinine"),
    (lambda: estimate_egfr(-1, "mg/dl", 40, "male"), "--creatinine"),
    (lambda: estimate_egfr(NAN, "mg/dl", 40, "male"), "--creatinine"),
    (lambda: estimate_egfr(INF, "mg/dl", 40, "male"), "--creatinine"),
    (lambda: estimate_egfr("1.0", "mg/dl", 40, "male"), "--creatinine"),  # type: ignore[arg-type]
    (lambda: estimate_egfr(1.0, "mmol/l", 40, "male"), "--units"),
    (lambda: estimate_egfr(41, "mg/dl", 40, "male"), "--units"),
    (lambda: estimate_egfr(9, "umol/l", 40, "male"), "--units"),
    (lambda: estimate_egfr(0.05, "mg/dl", 40, "male"), "--creatinine"),
    (lambda: estimate_egfr(4000, "umol/l", 40, "male"), "--creatinine"),
    (lambda: estimate_egfr(1.0, "mg/dl", 0, "male"), "--age"),
    (lambda: estimate_egfr(1.0, "mg/dl", 0.5, "male"), "--age"),
    (lambda: estimate_egfr(1.0, "mg/dl", 121, "male"), "--age"),
    (lambda: estimate_egfr(1.0, "mg/dl", NAN, "male"), "--age"),
    (lambda: estimate_egfr(1.0, "mg/dl", 40, "x"), "--sex"),
    (lambda: estimate_egfr(1.0, "mg/dl", 40, None), "--sex"),
    (lambda: estimate_egfr(0.5, "mg/dl", 10, "boy", height_cm=130), "--sex"),
    (lambda: estimate_egfr(0.5, "mg/dl", 10, None, height_cm=29), "--height-cm"),
    (lambda: estimate_egfr(0.5, "mg/dl", 10, None, height_cm=251), "--height-cm"),
    (lambda: estimate_egfr(0.5, "mg/dl", 10, None, height_cm=NAN), "--height-cm"),
    (lambda: estimate_egfr(0.5, "mg/dl", 10, None, 1.0, 130), "--cystatin-c"),
    (lambda: estimate_egfr(1.0, "mg/dl", 40, "male", cystatin_c=0), "--cystatin-c"),
    (lambda: estimate_egfr(1.0, "mg/dl", 40, "male", cystatin_c=16), "--cystatin-c"),
    (lambda: estimate_egfr(1.0, "mg/dl", 40, "male", cystatin_c=NAN), "--cystatin-c"),
    (lambda: egfr_ckd_epi_2021_creatinine(1.0, 17, "male"), "--age"),
    (lambda: egfr_ckd_epi_2021_creatinine_cystatin(1.0, 1.0, 40, "other"), "--sex"),
]
BAD_RATIO: list[tuple[Callable[[], object], str]] = [
    (lambda: ratio(0, "mg/mmol", "upcr"), "VALUE"),
    (lambda: ratio(-5, "mg/mmol", "upcr"), "VALUE"),
    (lambda: ratio(NAN, "mg/g", "acr"), "VALUE"),
    (lambda: ratio(INF, "mg/g", "acr"), "VALUE"),
    (lambda: ratio(30, "g/mmol", "acr"), "--units"),
    (lambda: ratio(30, "mmol/l", "upcr"), "--units"),
    (lambda: ratio(30, "mg/mmol", "pcr"), "kind"),
    (lambda: ratio(300, "g/g", "upcr"), "--units"),
]


@pytest.mark.parametrize(("call", "option"), BAD_EGFR + BAD_RATIO)
def test_bad_input_is_one_line_naming_the_option(call: Callable[[], object], option: str) -> None:
    message = _one_line_error(call, option)
    assert option in message or option == "kind"


def test_unit_mix_up_messages_suggest_the_other_unit() -> None:
    too_high = _one_line_error(lambda: creatinine_mg_dl(90, "mg/dl"), "--units")
    assert "--units umol/l" in too_high
    too_low = _one_line_error(lambda: creatinine_mg_dl(1.2, "umol/l"), "--units")
    assert "--units mg/dl" in too_low


def test_sources_cite_the_papers() -> None:
    assert "10.1056/NEJMoa2102953" in SOURCES["ckd_epi_2021"]
    assert "10.1681/ASN.2008030287" in SOURCES["bedside_schwartz"]
    assert "10.1016/j.kint.2023.10.018" in SOURCES["kdigo_2024_ckd"]
    assert "10.1016/j.kint.2021.05.021" in SOURCES["kdigo_2021_gd"]
    assert "10.1007/s00467-020-04519-1" in SOURCES["ipna_2020_srns"]
    assert "10.1007/s00467-022-05739-3" in SOURCES["ipna_2023_ssns"]
