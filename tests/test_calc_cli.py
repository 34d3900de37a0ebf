"""fsgs calc and fsgs diary status as a person runs them: worked values through the command
line, one-line errors with exit 2, the JSON shapes, and the bundled store untouched."""

from __future__ import annotations

import hashlib
import json
import math
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fsgs_cli.cli import app
from fsgs_cli.search import search
from fsgs_cli.store import Store


def fsgs(runner: CliRunner, store: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(store), *args])
    return result.exit_code, result.stdout, result.stderr


def as_json(runner: CliRunner, store: Path, *args: str) -> dict[str, object]:
    code, out, err = fsgs(runner, store, *args, "--json")
    assert code == 0, err
    found = json.loads(out)
    assert isinstance(found, dict)
    return found


def ckd_epi_2021(scr: float, age: float, female: bool) -> float:
    """The published equation written out again (Inker et al., NEJM 2021)."""
    kappa, alpha = (0.7, -0.241) if female else (0.9, -0.302)
    value: float = 142 * min(scr / kappa, 1) ** alpha * max(scr / kappa, 1) ** -1.200
    value *= 0.9938**age
    return value * (1.012 if female else 1.0)


@pytest.mark.parametrize(
    ("creatinine", "units", "scr_mg_dl"),
    [("1.0", "mg/dl", 1.0), ("88.4", "umol/l", 1.0), ("150", "umol/l", 150 / 88.4)],
)
@pytest.mark.parametrize(("age", "sex"), [(50, "female"), (62, "male")])
def test_egfr_worked_values_in_both_units(
    runner: CliRunner,
    store_path: Path,
    creatinine: str,
    units: str,
    scr_mg_dl: float,
    age: int,
    sex: str,
) -> None:
    doc = as_json(
        runner, store_path, "calc", "egfr", "--creatinine", creatinine, "--units", units,
        "--age", str(age), "--sex", sex,
    )  # fmt: skip
    expected = ckd_epi_2021(scr_mg_dl, age, sex == "female")
    assert doc["egfr"] == pytest.approx(math.floor(expected * 10 + 0.5) / 10)
    assert doc["equation"] == "CKD-EPI 2021 creatinine (race-free)"
    assert doc["stage"] in ("G1", "G2", "G3a", "G3b", "G4", "G5")
    assert isinstance(doc["meaning"], str) and doc["meaning"]
    articles = doc["articles"]
    assert isinstance(articles, list) and 33 in articles  # CKD stages


def test_a_published_example(runner: CliRunner, store_path: Path) -> None:
    """A woman of 50 with creatinine 1.0 mg/dL: 68.6 (CKD-EPI 2021), stage G2."""
    code, out, _ = fsgs(
        runner, store_path, "calc", "egfr", "--creatinine", "1.0", "--age", "50", "--sex", "female"
    )
    assert code == 0
    assert "eGFR\t68.6 mL/min/1.73m²" in out
    assert "Stage\tG2: mildly decreased (KDIGO)" in out
    assert "not a diagnosis" in out
    assert "fsgs read 33\tCKD stages" in out


def test_a_child_gets_bedside_schwartz(runner: CliRunner, store_path: Path) -> None:
    doc = as_json(
        runner, store_path, "calc", "egfr", "--creatinine", "0.4", "--age", "6",
        "--height-cm", "100",
    )  # fmt: skip
    assert doc["egfr"] == 103.3  # 0.413 x 100 / 0.4 = 103.25, reported half up
    assert doc["equation"] == "Bedside Schwartz 2009 (children)"
    micromoles = as_json(
        runner, store_path, "calc", "egfr", "--creatinine", "35.36", "--units", "umol/l",
        "--age", "6", "--height-cm", "100",
    )  # fmt: skip
    assert micromoles["egfr"] == 103.3  # 35.36 / 88.4 = 0.4 mg/dL


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--creatinine", "0.5", "--age", "8"], "A child's eGFR needs --height-cm"),
        (["--creatinine", "abc", "--age", "40", "--sex", "male"], "--creatinine must be a number"),
        (["--creatinine", "-1", "--age", "40", "--sex", "male"], "must be a number above 0"),
        (["--creatinine", "150", "--age", "40", "--sex", "male"], "use --units umol/l"),
        (["--creatinine", "1", "--age", "140", "--sex", "male"], "--age must be 1 to 120"),
        (["--creatinine", "1", "--age", "40"], "--sex (female or male) is needed"),
        (["--creatinine", "1", "--age", "40", "--sex", "other"], "--sex"),
        (["--creatinine", "1", "--age", "40", "--sex", "male", "--units", "mmol"], "--units"),
        (["--age", "40", "--sex", "male"], "needs --creatinine"),
    ],
)
def test_bad_egfr_input_is_one_line_and_exit_2(
    runner: CliRunner, store_path: Path, args: list[str], message: str
) -> None:
    code, out, err = fsgs(runner, store_path, "calc", "egfr", *args)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and message in err, err


@pytest.mark.parametrize(
    ("value", "units", "category", "adult", "child"),
    [
        ("14.9", "mg/mmol", "A1", False, False),
        ("15", "mg/mmol", "A2", False, False),
        ("50", "mg/mmol", "A2", False, False),
        ("50.1", "mg/mmol", "A3", False, False),
        ("199.9", "mg/mmol", "A3", False, False),
        ("200", "mg/mmol", "A3", False, True),
        ("350", "mg/mmol", "A3", False, True),
        ("350.1", "mg/mmol", "A3", True, True),
        ("3.5", "g/g", "A3", False, True),
        ("3.51", "g/g", "A3", True, True),
        ("2", "mg/mg", "A3", False, True),
        ("1999", "mg/g", "A3", False, False),
    ],
)
def test_upcr_boundaries(
    runner: CliRunner,
    store_path: Path,
    value: str,
    units: str,
    category: str,
    adult: bool,
    child: bool,
) -> None:
    doc = as_json(runner, store_path, "calc", "upcr", value, "--units", units)
    assert doc["category"] == category
    assert doc["nephrotic_range_adult"] is adult
    assert doc["nephrotic_range_child"] is child
    assert doc["nephrotic_range"] is (adult or child)


def test_upcr_conversions(runner: CliRunner, store_path: Path) -> None:
    doc = as_json(runner, store_path, "calc", "upcr", "1", "--units", "g/g")
    assert doc["mg_per_mmol"] == pytest.approx(113.12)
    assert doc["mg_per_g"] == pytest.approx(1000)
    back = as_json(runner, store_path, "calc", "upcr", "113.12", "--units", "mg/mmol")
    assert back["mg_per_g"] == pytest.approx(1000)


def test_acr_has_no_nephrotic_range(runner: CliRunner, store_path: Path) -> None:
    doc = as_json(runner, store_path, "calc", "acr", "30", "--units", "mg/g")
    assert doc["category"] == "A2"
    assert doc["nephrotic_range"] is None
    assert doc["mg_per_mmol"] == pytest.approx(30 / 1000 * 113.12, abs=1e-3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["upcr", "300"], "needs --units"),
        (["upcr", "-5", "--units", "mg/mmol"], "above 0"),
        (["upcr", "lots", "--units", "mg/mmol"], "VALUE must be a number"),
        (["upcr", "300", "--units", "mg/l"], "--units"),
        (["acr", "90000", "--units", "mg/mmol"], "implausibly high"),
    ],
)
def test_bad_ratio_input_is_one_line_and_exit_2(
    runner: CliRunner, store_path: Path, args: list[str], message: str
) -> None:
    code, out, err = fsgs(runner, store_path, "calc", *args)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and message in err, err


def test_calc_never_touches_the_store(runner: CliRunner, store_path: Path) -> None:
    before = hashlib.sha256(store_path.read_bytes()).hexdigest()
    fsgs(runner, store_path, "calc", "upcr", "300", "--units", "mg/mmol")
    fsgs(runner, store_path, "calc", "egfr", "--creatinine", "1", "--age", "30", "--sex", "male")
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() == before


def test_calc_works_without_a_store(runner: CliRunner, tmp_path: Path) -> None:
    """A number is explained even when the articles cannot be read; only the pages to read
    next are missing."""
    code, out, _ = fsgs(runner, tmp_path / "missing.db", "calc", "upcr", "30", "--units", "mg/g")
    assert code == 0 and "A2" in out and "Read next" not in out


# -- the diary's status, on crafted logs ------------------------------------------------------


def log(runner: CliRunner, store: Path, *entries: tuple[str, str, str, str | None]) -> None:
    for date, measure, value, unit in entries:
        args = ["diary", "add", measure, value, "--date", date]
        code, _, err = fsgs(runner, store, *args, *(["--units", unit] if unit else []))
        assert code == 0, err


def test_three_days_of_3_plus_meet_the_relapse_definition(
    runner: CliRunner, store_path: Path
) -> None:
    log(
        runner,
        store_path,
        ("2026-11-01", "dipstick", "negative", None),
        ("2026-11-02", "dipstick", "3+", None),
        ("2026-11-03", "dipstick", "3+", None),
        ("2026-11-04", "dipstick", "4+", None),
    )
    doc = as_json(runner, store_path, "diary", "status")
    child = doc["child"]
    assert isinstance(child, dict)
    assert child["met"] == "relapse"
    assert child["run_dates"] == ["2026-11-02", "2026-11-03", "2026-11-04"]
    code, out, _ = fsgs(runner, store_path, "diary", "status")
    assert code == 0
    assert "this meets the IPNA definition of a relapse" in out
    last_note = out.split("\n\nRead next")[0].splitlines()[-1]
    assert last_note.startswith("This is not a diagnosis")
    assert "Call your kidney team" in out


def test_two_days_are_not_enough_and_a_gap_breaks_the_run(
    runner: CliRunner, store_path: Path
) -> None:
    log(
        runner,
        store_path,
        ("2026-11-01", "dipstick", "3+", None),
        ("2026-11-02", "dipstick", "3+", None),
        ("2026-11-04", "dipstick", "3+", None),
        ("2026-11-05", "dipstick", "3+", None),
    )
    child = as_json(runner, store_path, "diary", "status")["child"]
    assert isinstance(child, dict)
    assert child["met"] == "neither"
    assert child["run_dates"] == ["2026-11-04", "2026-11-05"]


def test_trace_and_negative_for_three_days_meet_remission(
    runner: CliRunner, store_path: Path
) -> None:
    log(
        runner,
        store_path,
        ("2026-11-01", "dipstick", "3+", None),
        ("2026-11-02", "dipstick", "trace", None),
        ("2026-11-03", "dipstick", "negative", None),
        ("2026-11-04", "dipstick", "trace", None),
    )
    child = as_json(runner, store_path, "diary", "status")["child"]
    assert isinstance(child, dict) and child["met"] == "remission"


def test_adult_trend_and_partial_remission(runner: CliRunner, store_path: Path) -> None:
    log(
        runner,
        store_path,
        ("2026-09-01", "upcr", "4.2", "g/g"),
        ("2026-10-01", "upcr", "1.8", "g/g"),
        ("2026-09-01", "egfr", "64", None),
        ("2026-10-01", "egfr", "61", None),
    )
    adult = as_json(runner, store_path, "diary", "status")["adult"]
    assert isinstance(adult, dict)
    assert adult["remission"] == "partial"
    assert adult["upcr"] == {
        "unit": "g/g",
        "latest": 1.8,
        "latest_date": "2026-10-01",
        "previous": 4.2,
        "previous_date": "2026-09-01",
        "change": -2.4,
        "percent": -57.1,
        "beyond_variability": None,
    }
    egfr = adult["egfr"]
    assert isinstance(egfr, dict) and egfr["beyond_variability"] is False


def test_an_empty_diary_has_a_status_too(runner: CliRunner, store_path: Path) -> None:
    code, out, _ = fsgs(runner, store_path, "diary", "status")
    assert code == 0
    assert "No dipstick or UPCR readings yet." in out
    assert "This is not a diagnosis" in out


# -- the calculator that search names -----------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["egfr 45", "my creatinine is 150", "upcr 300", "acr 30 mg/g", "what stage am i"]
)
def test_the_hint_names_a_command_that_runs(
    runner: CliRunner, store_path: Path, query: str
) -> None:
    """Filled in with a person's own numbers, the command search suggests runs."""
    hint = search(Store.open(store_path), query).hint
    assert hint is not None
    command = hint.split(": ", 1)[1]
    filled = (
        command.replace("VALUE", "88")
        .replace("AGE", "40")
        .replace("female|male", "female")
        .replace("mg/mmol|mg/g", "mg/mmol")
    )
    words = shlex.split(filled)
    assert words[0] == "fsgs"
    if "--creatinine" in words and "--units" not in words and float(words[4]) > 40:
        words += ["--units", "umol/l"]
    code, out, err = fsgs(runner, store_path, *words[1:])
    assert code == 0, (filled, err)
    assert out
