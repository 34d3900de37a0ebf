"""Published definitions applied to the diary's readings. Pure: no I/O, and no judgement.

The functions say only whether a definition's numbers are met; the caller adds that this is
not a diagnosis. Readings are ``(date, kind, value)`` or ``(date, kind, value, unit)``:
``dipstick`` takes negative, trace, 1+, 2+, 3+ or 4+; ``upcr`` a number in mg/mmol unless a
unit (mg/mmol, mg/g, g/g, mg/mg) is given; ``egfr`` a number in mL/min/1.73 m2. Other kinds
are ignored. Dates are ``datetime.date`` or ISO text (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from fsgs_cli.health.calc import (
    SOURCES,
    CalcInputError,
    convert_ratio,
    ratio_unit,
    round_reported,
    threshold_in,
)
from fsgs_cli.models import DIPSTICK_LEVELS

Value = float | str
Entry = tuple[dt.date | str, str, Value] | tuple[dt.date | str, str, Value, str]
Level = Literal["relapse", "remission", "between"]

RUN_DAYS = 3  # IPNA 2023: "on 3 consecutive days" (relapse), "three or more" (remission)
# IPNA 2023, Table 1, for a child with nephrotic syndrome, as (mg/mmol, mg/g) equivalents:
# relapse: dipstick >= 3+ or UPCR >= 200 mg/mmol (2 mg/mg) on 3 consecutive days;
# complete remission: dipstick negative or trace, or UPCR <= 20 mg/mmol (0.2 mg/mg).
UPCR_RELAPSE = (200.0, 2000.0)
UPCR_REMISSION = (20.0, 200.0)
CHILD_DEFINITION = (
    "IPNA 2023 (children with nephrotic syndrome): relapse is dipstick 3+ or more, or UPCR "
    "200 mg/mmol (2 mg/mg) or more, on 3 days in a row, in a child who had reached complete "
    "remission; complete remission is dipstick negative or trace, or UPCR 20 mg/mmol "
    "(0.2 mg/mg) or less, on 3 days in a row. " + SOURCES["ipna_2023_ssns"]
)
# KDIGO 2021 definitions for FSGS in adults, on the spot UPCR: complete remission below
# 0.3 g/g (300 mg/g, 30 mg/mmol); partial remission 0.3 to 3.5 g/g (30 to 350 mg/mmol) with a
# decrease of more than 50% from baseline. KDIGO also asks for stable kidney function (and,
# for complete remission, a normal serum albumin), which a UPCR alone cannot show.
ADULT_COMPLETE_BELOW = (30.0, 300.0)
ADULT_PARTIAL_UPTO = (350.0, 3500.0)
ADULT_DEFINITION = (
    "KDIGO 2021 (FSGS in adults): complete remission is UPCR below 0.3 g/g (30 mg/mmol); "
    "partial remission is UPCR 0.3 to 3.5 g/g (30 to 350 mg/mmol) and more than 50% below "
    "baseline. Both also need stable kidney function, which is not checked here. "
    + SOURCES["kdigo_2021_gd"]
)
# KDIGO 2024, practice point 2.1.3: an eGFR change of more than 20% on a later test exceeds
# the expected variability.
EGFR_VARIABILITY_PERCENT = 20.0


@dataclass(frozen=True)
class Day:
    """One calendar day of dipstick and UPCR readings, read at its worst reading."""

    date: dt.date
    level: Level
    dipstick: str | None  # the worst dipstick that day
    upcr_mg_mmol: float | None  # the highest UPCR that day


@dataclass(frozen=True)
class ChildStatus:
    """Which IPNA definition the most recent run of days meets, if any."""

    met: Literal["relapse", "remission", "neither"]
    run_level: Level | None
    run_dates: tuple[dt.date, ...]
    days_recorded: int
    days: tuple[Day, ...]
    message: str
    definition: str = CHILD_DEFINITION


@dataclass(frozen=True)
class Trend:
    """The latest value against the one before it. Percent is rounded to 1 decimal, change to 1
    (2 for g/g and mg/mg)."""

    unit: str
    latest_date: dt.date
    latest: float
    previous_date: dt.date | None = None
    previous: float | None = None
    change: float | None = None
    percent: float | None = None
    beyond_variability: bool | None = None  # eGFR only: more than 20% either way


@dataclass(frozen=True)
class AdultStatus:
    """Latest UPCR and eGFR against the previous value, and the KDIGO 2021 UPCR remission test."""

    upcr: Trend | None
    egfr: Trend | None
    remission: Literal["complete", "partial", "neither", "unknown"]
    baseline_date: dt.date | None
    baseline_upcr: float | None  # in the unit of ``upcr``
    message: str
    definition: str = ADULT_DEFINITION


def _date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CalcInputError(
            f"A reading's date must be YYYY-MM-DD (got {value!r}).", "date"
        ) from None


def _entries(
    readings: Iterable[Entry], kinds: tuple[str, ...]
) -> list[tuple[dt.date, str, Value, str]]:
    """The readings of the given kinds, dated, in date order (input order within a day)."""
    out = []
    for entry in readings:
        kind = entry[1].strip().lower()
        if kind in kinds:
            unit = entry[3] if len(entry) == 4 else ("mg/mmol" if kind == "upcr" else "")
            out.append((_date(entry[0]), kind, entry[2], unit))
    return sorted(out, key=lambda e: e[0])


def _number(value: Value, kind: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < math.inf:
        raise CalcInputError(f"A {kind} reading must be a number above 0 (got {value!r}).", kind)
    return float(value)


def _reading_level(kind: str, value: Value, unit: str) -> Level:
    if kind == "dipstick":
        text = str(value).strip().lower()
        if text not in DIPSTICK_LEVELS:
            levels = ", ".join(DIPSTICK_LEVELS)
            raise CalcInputError(
                f"A dipstick reading must be one of {levels} (got {value!r}).", "dipstick"
            )
        index = DIPSTICK_LEVELS.index(text)
        return "remission" if index <= 1 else "relapse" if index >= 4 else "between"
    upcr = _number(value, "upcr")
    if upcr >= threshold_in(unit, *UPCR_RELAPSE):
        return "relapse"
    return "remission" if upcr <= threshold_in(unit, *UPCR_REMISSION) else "between"


_SEVERITY: dict[Level, int] = {"remission": 0, "between": 1, "relapse": 2}


def days(readings: Iterable[Entry]) -> list[Day]:
    """Each calendar day with a dipstick or UPCR reading, read at its worst reading.

    Several readings on one day count as one day, at the worst of them: a trace dipstick and a
    UPCR of 250 mg/mmol on the same day make a relapse-level day. Each UPCR is read against
    the threshold printed for its own unit (200 mg/mmol, 2000 mg/g, 2 g/g)."""
    by_day: dict[dt.date, list[tuple[str, Value, str]]] = {}
    for date, kind, value, unit in _entries(readings, ("dipstick", "upcr")):
        by_day.setdefault(date, []).append((kind, value, unit))
    out = []
    for date, entries in sorted(by_day.items()):
        level = max((_reading_level(*e) for e in entries), key=_SEVERITY.__getitem__)
        sticks = [str(v).strip().lower() for k, v, _ in entries if k == "dipstick"]
        upcrs = [convert_ratio(float(v), u, "mg/mmol") for k, v, u in entries if k == "upcr"]
        worst_stick = max(sticks, key=DIPSTICK_LEVELS.index) if sticks else None
        out.append(Day(date, level, worst_stick, max(upcrs) if upcrs else None))
    return out


def _words(level: Level) -> str:
    return {
        "relapse": "at relapse level (dipstick 3+ or more, or UPCR 200 mg/mmol or more)",
        "remission": "at remission level (dipstick negative or trace, or UPCR 20 mg/mmol or less)",
        "between": "between the two (dipstick 1+ or 2+, or UPCR between 20 and 200 mg/mmol)",
    }[level]


def child_status(readings: Iterable[Entry]) -> ChildStatus:
    """Apply the IPNA 2023 relapse and remission definitions to the most recent run of days.

    The run is the latest recorded day and the days just before it at the same level, with no
    calendar day missing: a day with no reading breaks the run. A definition is met when the
    run is relapse or remission level and at least 3 days long."""
    recorded = days(readings)
    if not recorded:
        return ChildStatus("neither", None, (), 0, (), "No dipstick or UPCR readings yet.")
    run = [recorded[-1]]
    for day in reversed(recorded[:-1]):
        if day.level != run[-1].level or run[-1].date - day.date != dt.timedelta(days=1):
            break
        run.append(day)
    run.reverse()
    level, dates = run[-1].level, tuple(d.date for d in run)
    if len(dates) == 1:
        lead = f"The latest day ({dates[0]}) is {_words(level)}"
    else:
        lead = (
            f"The last {len(dates)} days in a row ({dates[0]} to {dates[-1]}) are {_words(level)}"
        )
    met: Literal["relapse", "remission", "neither"] = "neither"
    if level == "between":
        message = f"{lead}: neither IPNA definition is met."
    elif len(dates) >= RUN_DAYS:
        met = level
        name = "a relapse" if level == "relapse" else "complete remission"
        message = f"{lead}: this meets the IPNA definition of {name}."
    else:
        message = f"{lead}; the IPNA definition needs {RUN_DAYS} days in a row."
    return ChildStatus(met, level, dates, len(recorded), tuple(recorded), message)


def _trend(points: list[tuple[dt.date, float]], unit: str, variability: bool) -> Trend | None:
    if not points:
        return None
    (latest_date, latest) = points[-1]
    if len(points) == 1:
        return Trend(unit, latest_date, latest)
    previous_date, previous = points[-2]
    change = latest - previous
    percent = change / previous * 100
    beyond = abs(percent) > EGFR_VARIABILITY_PERCENT if variability else None
    places = 2 if unit in ("g/g", "mg/mg") else 1
    rounded = round_reported(change, places), round_reported(percent)
    return Trend(unit, latest_date, latest, previous_date, previous, *rounded, beyond)


def adult_status(readings: Iterable[Entry]) -> AdultStatus:
    """Latest UPCR and eGFR against the previous reading, and the KDIGO 2021 UPCR remission test.

    The previous reading is the one before the latest in date order. Baseline is the earliest
    UPCR recorded: pass only the readings since treatment began for another baseline. UPCRs
    are shown in the unit of the latest one; thresholds are read in that unit's family."""
    entries = _entries(readings, ("upcr", "egfr"))
    egfr = [(d, _number(v, "egfr")) for d, k, v, _ in entries if k == "egfr"]
    upcr_entries = [(d, _number(v, "upcr"), ratio_unit(u)) for d, k, v, u in entries if k == "upcr"]
    egfr_trend = _trend(egfr, "mL/min/1.73m2", variability=True)
    if not upcr_entries:
        message = "No UPCR readings yet, so the KDIGO 2021 remission definitions cannot be applied."
        return AdultStatus(None, egfr_trend, "unknown", None, None, message)
    unit = upcr_entries[-1][2]
    upcr = [(d, convert_ratio(v, u, unit)) for d, v, u in upcr_entries]
    (baseline_date, baseline), latest = upcr[0], upcr[-1][1]
    remission: Literal["complete", "partial", "neither", "unknown"]
    if latest < threshold_in(unit, *ADULT_COMPLETE_BELOW):
        remission = "complete"
        message = (
            "The latest UPCR is below 0.3 g/g (30 mg/mmol): the UPCR part of complete remission "
            "is met."
        )
    elif len(upcr) == 1:
        remission = "unknown"
        message = (
            "Partial remission compares with an earlier UPCR (baseline); only one is recorded."
        )
    elif latest <= threshold_in(unit, *ADULT_PARTIAL_UPTO) and latest < baseline / 2:
        remission = "partial"
        message = (
            f"The latest UPCR is 0.3 to 3.5 g/g and more than 50% below the baseline of "
            f"{baseline_date}: the UPCR part of partial remission is met."
        )
    else:
        remission = "neither"
        message = "The latest UPCR meets neither KDIGO 2021 remission definition."
    return AdultStatus(
        _trend(upcr, unit, variability=False),
        egfr_trend,
        remission,
        baseline_date,
        baseline,
        message,
    )
