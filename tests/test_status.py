"""The diary status rules: IPNA relapse and remission runs, and the adult KDIGO summary."""

from __future__ import annotations

import datetime as dt

import pytest

from fsgs_cli.health.calc import CalcInputError
from fsgs_cli.health.status import Entry, adult_status, child_status, days


def _dates(*isos: str) -> tuple[dt.date, ...]:
    return tuple(dt.date.fromisoformat(iso) for iso in isos)


def _sticks(*levels: str, start: str = "2026-12-01") -> list[Entry]:
    """One dipstick a day, on consecutive days from ``start``."""
    first = dt.date.fromisoformat(start)
    return [(first + dt.timedelta(days=i), "dipstick", level) for i, level in enumerate(levels)]


# IPNA 2023 relapse: dipstick 3+ or more (or UPCR >= 200 mg/mmol) on 3 consecutive days.


def test_three_days_at_3_plus_meet_the_relapse_definition() -> None:
    status = child_status(_sticks("3+", "3+", "4+"))
    assert status.met == "relapse"
    assert status.run_dates == _dates("2026-12-01", "2026-12-02", "2026-12-03")
    assert status.days_recorded == 3
    assert "meets the IPNA definition of a relapse" in status.message
    assert "IPNA 2023" in status.definition and "10.1007/s00467-022-05739-3" in status.definition


def test_two_days_are_not_enough() -> None:
    status = child_status(_sticks("trace", "3+", "3+"))
    assert status.met == "neither"
    assert status.run_level == "relapse"
    assert status.run_dates == _dates("2026-12-02", "2026-12-03")
    assert "needs 3 days in a row" in status.message


def test_a_missing_day_breaks_the_run() -> None:
    readings = _sticks("3+", "3+") + _sticks("3+", start="2026-12-04")  # no 3 December
    status = child_status(readings)
    assert status.met == "neither"
    assert status.run_dates == _dates("2026-12-04")
    assert status.message.startswith("The latest day (2026-12-04) is at relapse level")


def test_2_plus_is_neither_level() -> None:
    status = child_status(_sticks("3+", "3+", "2+"))
    assert (status.met, status.run_level) == ("neither", "between")
    assert "neither IPNA definition is met" in status.message
    status = child_status(_sticks("1+", "1+", "1+", "1+"))
    assert (status.met, len(status.run_dates)) == ("neither", 4)


def test_longer_runs_still_meet_the_definition() -> None:
    status = child_status(_sticks("negative", "3+", "3+", "3+", "3+", "4+"))
    assert status.met == "relapse"
    assert len(status.run_dates) == 5
    assert status.days_recorded == 6


# IPNA 2023 complete remission: negative or trace (or UPCR <= 20 mg/mmol) on 3 days in a row.


def test_three_days_negative_or_trace_meet_complete_remission() -> None:
    status = child_status(_sticks("3+", "trace", "negative", "trace"))
    assert status.met == "remission"
    assert status.run_dates == _dates("2026-12-02", "2026-12-03", "2026-12-04")
    assert "complete remission" in status.message


def test_remission_after_a_gap_counts_from_the_gap() -> None:
    readings = _sticks("trace", "trace") + _sticks("negative", "negative", start="2026-12-04")
    status = child_status(readings)
    assert status.met == "neither"
    assert status.run_level == "remission"
    assert status.run_dates == _dates("2026-12-04", "2026-12-05")
    readings += _sticks("trace", start="2026-12-06")
    assert child_status(readings).met == "remission"


def test_several_readings_on_one_day_count_at_the_worst() -> None:
    readings = _sticks("negative", "negative", "negative")
    readings.append((dt.date(2026, 12, 3), "dipstick", "3+"))  # a second, worse, test
    status = child_status(readings)
    assert status.met == "neither"
    assert status.run_dates == _dates("2026-12-03")
    assert status.days[-1].dipstick == "3+"
    assert status.days_recorded == 3  # four readings, three days


def test_two_remission_readings_on_a_day_keep_the_worse_level_word() -> None:
    readings = _sticks("negative", "negative", "negative")
    readings.append(("2026-12-03", "dipstick", "Trace"))
    status = child_status(readings)
    assert status.met == "remission"
    assert status.days[-1].dipstick == "trace"


def test_upcr_only_log() -> None:
    upcr = [("2026-12-01", "upcr", 250.0), ("2026-12-02", "upcr", 200.0)]
    assert child_status([*upcr, ("2026-12-03", "upcr", 210.0)]).met == "relapse"
    # 199.9 mg/mmol is below the relapse level: the run is broken.
    assert child_status([*upcr, ("2026-12-03", "upcr", 199.9)]).met == "neither"
    low = [("2026-12-01", "upcr", 20.0), ("2026-12-02", "upcr", 15.0)]
    assert child_status([*low, ("2026-12-03", "upcr", 5.0)]).met == "remission"  # <= 20
    between = child_status([*low, ("2026-12-03", "upcr", 20.1)])
    assert (between.met, between.run_level) == ("neither", "between")
    assert between.days[-1].upcr_mg_mmol == 20.1


def test_upcr_in_other_units_is_read_against_its_own_figure() -> None:
    # IPNA: 200 mg/mmol (2 mg/mg); 20 mg/mmol (0.2 mg/mg).
    relapse: list[Entry] = [
        ("2026-12-01", "upcr", 2.0, "g/g"),
        ("2026-12-02", "upcr", 2000.0, "mg/g"),
        ("2026-12-03", "upcr", 2.5, "mg/mg"),
    ]
    assert child_status(relapse).met == "relapse"
    assert days([("2026-12-01", "upcr", 1999.0, "mg/g")])[0].level == "between"
    assert days([("2026-12-01", "upcr", 0.2, "mg/mg")])[0].level == "remission"
    assert days([("2026-12-01", "upcr", 2.0, "g/g")])[0].upcr_mg_mmol == pytest.approx(226.24)


def test_mixed_dipstick_and_upcr_days() -> None:
    readings: list[Entry] = [
        ("2026-12-01", "dipstick", "3+"),
        ("2026-12-02", "upcr", 300.0),
        ("2026-12-03", "dipstick", "4+"),
    ]
    assert child_status(readings).met == "relapse"
    # Trace on the dipstick but a relapse-level UPCR on the same day: the worse counts.
    same_day: list[Entry] = [*_sticks("trace", "trace", "trace"), ("2026-12-03", "upcr", 250.0)]
    status = child_status(same_day)
    assert status.run_level == "relapse" and status.met == "neither"
    assert (status.days[-1].dipstick, status.days[-1].upcr_mg_mmol) == ("trace", 250.0)


def test_order_of_input_and_other_measures_do_not_matter() -> None:
    readings: list[Entry] = [
        ("2026-12-03", "dipstick", "3+"),
        ("2026-12-01", "dipstick", "3+"),
        ("2026-12-02", "weight", 31.5),
        ("2026-12-02", "dipstick", "3+"),
        ("2026-12-02", "egfr", 95.0),
    ]
    status = child_status(readings)
    assert status.met == "relapse"
    assert status.days_recorded == 3


def test_an_empty_log() -> None:
    status = child_status([("2026-12-01", "weight", 30.0)])
    assert (status.met, status.run_level, status.run_dates, status.days_recorded) == (
        "neither",
        None,
        (),
        0,
    )


@pytest.mark.parametrize(
    "reading",
    [
        ("2026-12-01", "dipstick", "5+"),
        ("2026-12-01", "dipstick", "++"),
        ("2026-13-01", "dipstick", "3+"),
        ("2026-12-01", "upcr", -1.0),
        ("2026-12-01", "upcr", "lots"),
        ("2026-12-01", "upcr", 20.0, "g/mmol"),
    ],
)
def test_bad_readings_are_refused(reading: Entry) -> None:
    with pytest.raises(CalcInputError) as caught:
        child_status([reading])
    assert "\n" not in str(caught.value)


# KDIGO 2021, FSGS in adults: complete remission UPCR < 0.3 g/g (30 mg/mmol); partial
# remission 0.3 to 3.5 g/g (30 to 350 mg/mmol) with a decrease of more than 50% from baseline.


def _upcrs(*values: float, unit: str = "mg/mmol") -> list[Entry]:
    return [(dt.date(2026, 1 + i, 1), "upcr", v, unit) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("values", "remission"),
    [
        ((400.0, 29.9), "complete"),
        ((400.0, 30.0), "partial"),  # not below 30, but 0.3-3.5 g/g and 92.5% lower
        ((400.0, 199.9), "partial"),
        ((400.0, 200.0), "neither"),  # exactly 50% lower is not "more than 50%"
        ((800.0, 350.0), "partial"),  # 3.5 g/g is inside the partial range
        ((800.0, 350.1), "neither"),
        ((100.0, 60.0), "neither"),
        ((10.0,), "complete"),
        ((100.0,), "unknown"),  # partial remission needs a baseline
    ],
)
def test_adult_remission_thresholds(values: tuple[float, ...], remission: str) -> None:
    status = adult_status(_upcrs(*values))
    assert status.remission == remission
    assert status.baseline_upcr == values[0]
    assert "KDIGO 2021" in status.definition and "stable kidney function" in status.definition


def test_adult_thresholds_in_g_per_g_and_mg_per_g() -> None:
    complete = adult_status(_upcrs(4.0, 0.29, unit="g/g"))
    assert complete.remission == "complete"
    assert complete.upcr is not None and complete.upcr.change == -3.71  # 2 decimals for g/g
    assert adult_status(_upcrs(4.0, 0.3, unit="g/g")).remission == "partial"
    # 299 mg/g is complete remission by the mg/g figure, though it is 33.8 mg/mmol.
    assert adult_status(_upcrs(4000.0, 299.0, unit="mg/g")).remission == "complete"


def test_duplex_end_point_is_not_the_guideline_definition() -> None:
    # 2.4 -> 1.4 g/g is a 41.7% fall: DUPLEX's trial end point (<= 1.5 g/g and > 40%), but
    # not KDIGO 2021 partial remission (> 50%).
    assert adult_status(_upcrs(2.4, 1.4, unit="g/g")).remission == "neither"


def test_mixed_units_are_shown_in_the_latest_unit() -> None:
    readings = [*_upcrs(4.0, unit="g/g"), (dt.date(2026, 3, 1), "upcr", 150.0, "mg/mmol")]
    status = adult_status(readings)
    assert status.upcr is not None
    assert status.upcr.unit == "mg/mmol"
    assert status.upcr.previous == pytest.approx(4.0 * 113.12)
    assert status.baseline_upcr == pytest.approx(452.48)
    assert status.remission == "partial"  # 150 < 452.48 / 2


def test_adult_trends() -> None:
    readings: list[Entry] = [
        ("2026-01-01", "egfr", 60.0),
        ("2026-02-01", "egfr", 45.0),
        ("2026-01-01", "upcr", 300.0),
        ("2026-02-01", "upcr", 100.0),
    ]
    status = adult_status(readings)
    assert status.egfr is not None and status.upcr is not None
    # eGFR 60 -> 45: -15, -25%, more than the 20% KDIGO 2024 calls expected variability.
    assert (status.egfr.change, status.egfr.percent, status.egfr.beyond_variability) == (
        -15.0,
        -25.0,
        True,
    )
    assert status.egfr.previous_date == dt.date(2026, 1, 1)
    # UPCR 300 -> 100 mg/mmol: -200, -66.7%.
    assert (status.upcr.change, status.upcr.percent) == (-200.0, -66.7)
    assert status.upcr.beyond_variability is None


@pytest.mark.parametrize(
    ("before", "after", "percent", "beyond"),
    [(60.0, 50.0, -16.7, False), (50.0, 60.0, 20.0, False), (50.0, 60.5, 21.0, True)],
)
def test_egfr_variability_boundary(
    before: float, after: float, percent: float, beyond: bool
) -> None:
    status = adult_status([("2026-01-01", "egfr", before), ("2026-02-01", "egfr", after)])
    assert status.egfr is not None
    assert (status.egfr.percent, status.egfr.beyond_variability) == (percent, beyond)


def test_adult_summary_with_little_data() -> None:
    status = adult_status([("2026-01-01", "egfr", 70.0)])
    assert status.upcr is None and status.remission == "unknown"
    assert status.egfr is not None and status.egfr.previous is None and status.egfr.change is None
    empty = adult_status([])
    assert (empty.upcr, empty.egfr, empty.remission) == (None, None, "unknown")
