"""A worked-out number, or what the diary's days show, in words: the reports ``fsgs calc``
and ``fsgs diary status`` print, with their ``--json`` documents (a public contract, in the
README). The numbers come from calc.py and status.py; this module only words them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fsgs_cli.models import UNIT_NAMES, ArticleRef, Report

if TYPE_CHECKING:
    from fsgs_cli.health.calc import EgfrResult, RatioResult
    from fsgs_cli.health.status import AdultStatus, ChildStatus, Trend

# Pages to read next, by slug: the store names them, so they are looked up, not assumed.
EGFR_PAGES = ("ckd-stages", "blood-tests", "test-results")
FAILURE_PAGES = ("kidney-failure",)
RATIO_PAGES = ("urine-tests", "test-results", "proteinuria")
NEPHROTIC_PAGES = ("nephrotic-syndrome",)
STATUS_PAGES = ("urine-tests", "child-relapses", "test-results")
NOT_A_DIAGNOSIS = (
    "This is not a diagnosis: it explains a number. Your kidney team reads it with the rest "
    "of your care."
)
WHAT_TO_DO = (
    "This is not a diagnosis: it only applies the published definitions to the days you "
    "recorded. Call your kidney team about these readings, and follow any written plan they "
    "gave you. The signs that need help now or today: fsgs read urgent."
)


def egfr_pages(result: EgfrResult) -> tuple[str, ...]:
    return EGFR_PAGES + (FAILURE_PAGES if result.stage in ("G4", "G5") else ())


def egfr_report(result: EgfrResult, pages: tuple[ArticleRef, ...]) -> Report:
    stage = f"{result.stage}: {result.stage_words}" if result.stage else result.stage_words
    rows = (
        ("eGFR", f"{result.egfr:.1f} mL/min/1.73m²"),
        ("Stage", stage + (" (KDIGO)" if result.stage else "")),
        ("Equation", result.equation),
        ("Creatinine", f"{result.creatinine_mg_dl:.2f} mg/dL"),
    )
    notes = (result.meaning, *result.limits, f"Equation: {result.citation}", NOT_A_DIAGNOSIS)
    document: dict[str, object] = {
        "egfr": result.egfr,
        "unit": "mL/min/1.73m2",
        "equation": result.equation,
        "citation": result.citation,
        "stage": result.stage,
        "stage_words": result.stage_words,
        "meaning": result.meaning,
        "limits": list(result.limits),
        "creatinine_mg_dl": round(result.creatinine_mg_dl, 4),
        "articles": [a.id for a in pages],
    }
    return Report("eGFR from creatinine", rows, notes, pages, document)


def ratio_pages(result: RatioResult) -> tuple[str, ...]:
    nephrotic = result.nephrotic_range_child or result.nephrotic_range_adult
    return RATIO_PAGES + (NEPHROTIC_PAGES if nephrotic else ())


def _yes_no(value: bool | None) -> str:
    return "not defined for ACR" if value is None else ("yes" if value else "no")


def ratio_report(result: RatioResult, pages: tuple[ArticleRef, ...]) -> Report:
    name = result.kind.upper()
    what = "protein" if result.kind == "upcr" else "albumin"
    rows = (
        (name, f"{result.value:g} {result.unit}"),
        ("In mg/mmol", f"{result.mg_per_mmol:.1f}"),
        ("In mg/g", f"{result.mg_per_g:.0f}"),
        ("In g/g (mg/mg)", f"{result.g_per_g:.3g}"),
        ("Category", f"{result.category}: {result.category_words} (KDIGO)"),
        ("Nephrotic range, adults", _yes_no(result.nephrotic_range_adult)),
        ("Nephrotic range, children", _yes_no(result.nephrotic_range_child)),
    )
    rules = [result.category_rule + "."]
    rules += list(dict.fromkeys((result.nephrotic_adult_rule, result.nephrotic_child_rule)))
    notes = (
        f"A {name} compares the {what} in one urine sample with its creatinine, so it does not "
        "depend on how much you drank. One sample varies; your team looks at the trend.",
        *rules,
        NOT_A_DIAGNOSIS,
    )
    nephrotic = (
        None
        if result.nephrotic_range_child is None
        else bool(result.nephrotic_range_child or result.nephrotic_range_adult)
    )
    document: dict[str, object] = {
        "kind": result.kind,
        "value": result.value,
        "unit": result.unit,
        "mg_per_mmol": round(result.mg_per_mmol, 3),
        "mg_per_g": round(result.mg_per_g, 2),
        "g_per_g": round(result.g_per_g, 5),
        "category": result.category,
        "category_words": result.category_words,
        "category_rule": result.category_rule,
        "nephrotic_range": nephrotic,
        "nephrotic_range_adult": result.nephrotic_range_adult,
        "nephrotic_range_child": result.nephrotic_range_child,
        "nephrotic_rules": rules[1:],
        "articles": [a.id for a in pages],
    }
    return Report(f"{name}: urine {what}-to-creatinine ratio", rows, notes, pages, document)


def _trend_row(name: str, trend: Trend | None) -> tuple[str, str]:
    if trend is None:
        return name, "none recorded"
    unit = UNIT_NAMES.get(trend.unit.lower(), trend.unit)
    shown = f"{trend.latest:g} {unit} on {trend.latest_date}"
    if trend.previous is not None and trend.percent is not None:
        sign = "+" if trend.percent > 0 else ""
        shown += f" ({sign}{trend.percent:g}% since {trend.previous:g} on {trend.previous_date})"
    if trend.beyond_variability:
        shown += "; a change of more than 20% is more than tests vary by (KDIGO 2024)"
    return name, shown


def status_report(
    child: ChildStatus, adult: AdultStatus, readings: int, pages: tuple[ArticleRef, ...]
) -> Report:
    rows = (
        ("Readings", str(readings)),
        ("Children (IPNA)", child.met if child.days_recorded else "no dipstick or UPCR days"),
        ("Adults (KDIGO)", adult.remission),
        _trend_row("UPCR", adult.upcr),
        _trend_row("eGFR", adult.egfr),
    )
    notes = (
        "Children's nephrotic syndrome (IPNA 2023): " + child.message,
        "Adults with FSGS (KDIGO 2021): " + adult.message,
        "Definitions: " + child.definition,
        adult.definition,
        WHAT_TO_DO,
    )
    document: dict[str, object] = {
        "readings": readings,
        "child": {
            "met": child.met,
            "run_level": child.run_level,
            "run_dates": [d.isoformat() for d in child.run_dates],
            "days_recorded": child.days_recorded,
            "message": child.message,
            "definition": child.definition,
        },
        "adult": {
            "remission": adult.remission,
            "upcr": _trend_json(adult.upcr),
            "egfr": _trend_json(adult.egfr),
            "baseline_date": adult.baseline_date.isoformat() if adult.baseline_date else None,
            "baseline_upcr": adult.baseline_upcr,
            "message": adult.message,
            "definition": adult.definition,
        },
        "advice": WHAT_TO_DO,
        "articles": [a.id for a in pages],
    }
    return Report("What your recorded days show", rows, notes, pages, document)


def _trend_json(trend: Trend | None) -> dict[str, object] | None:
    if trend is None:
        return None
    return {
        "unit": trend.unit,
        "latest": trend.latest,
        "latest_date": trend.latest_date.isoformat(),
        "previous": trend.previous,
        "previous_date": trend.previous_date.isoformat() if trend.previous_date else None,
        "change": trend.change,
        "percent": trend.percent,
        "beyond_variability": trend.beyond_variability,
    }
