"""The diary: the reader's own file, never the bundled store; readings in, out and removed;
a file that is not a diary reported and left as it is."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fsgs_cli.cli import app
from fsgs_cli.health.diary import APPLICATION_ID, FILE_NAME, HOME_VAR, Diary, default_path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv(HOME_VAR, str(folder))
    return folder


def fsgs(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def readings(runner: CliRunner) -> list[dict[str, object]]:
    code, out, _ = fsgs(runner, "diary", "show", "--json")
    assert code == 0
    found = json.loads(out)["readings"]
    assert isinstance(found, list)
    return found


def test_the_diary_lives_in_fsgs_home(home: Path) -> None:
    assert default_path() == str(home / FILE_NAME)


def test_without_fsgs_home_it_is_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(HOME_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == str(tmp_path / "data" / "fsgs" / FILE_NAME)


def test_round_trip(runner: CliRunner, home: Path, store_path: Path) -> None:
    before = hashlib.sha256(store_path.read_bytes()).hexdigest()
    assert readings(runner) == []
    assert not (home / FILE_NAME).exists(), "reading an empty diary creates nothing"
    steps = [
        ("dipstick", "3+", None, "2026-11-01"),
        ("dipstick", "trace", None, "2026-11-02"),
        ("upcr", "250", "mg/mmol", "2026-11-03"),
        ("creatinine", "88", "umol/l", "2026-11-03"),
        ("bp", "124/78", None, "2026-11-04"),
        ("weight", "61.5", "kg", None),
    ]
    for measure, value, unit, date in steps:
        args = ["--db", str(store_path), "diary", "add", measure, value]
        args += ["--units", unit] if unit else []
        args += ["--date", date] if date else []
        code, out, err = fsgs(runner, *args)
        assert code == 0, err
        assert out.startswith("Added reading ")
    found = readings(runner)
    assert [(r["measure"], r["shown"]) for r in found][:5] == [
        ("dipstick", "3+"),
        ("dipstick", "trace"),
        ("upcr", "250 mg/mmol"),
        ("creatinine", "88 µmol/L"),
        ("bp", "124/78 mmHg"),
    ]
    assert found[2]["value"] == 250.0 and found[2]["unit"] == "mg/mmol"
    assert found[4]["value"] == 124.0 and found[4]["value2"] == 78.0
    # Removing one keeps the others.
    code, out, _ = fsgs(runner, "diary", "remove", str(found[1]["id"]))
    assert code == 0 and out.startswith(f"Removed reading {found[1]['id']}: dipstick trace")
    assert [r["id"] for r in readings(runner)] == [r["id"] for r in found if r is not found[1]]
    # The bundled store was never touched.
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() == before


def test_any_sqlite_tool_can_read_it(runner: CliRunner, home: Path) -> None:
    assert fsgs(runner, "diary", "add", "upcr", "2.1", "--units", "g/g")[0] == 0
    with sqlite3.connect(home / FILE_NAME) as conn:
        rows = conn.execute("SELECT measure, value, unit FROM readings").fetchall()
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert rows == [("upcr", 2.1, "g/g")]


def test_export_csv(runner: CliRunner, home: Path, tmp_path: Path) -> None:
    fsgs(runner, "diary", "add", "dipstick", "2+", "--date", "2026-10-01")
    fsgs(runner, "diary", "add", "egfr", "54", "--date", "2026-10-02")
    code, out, _ = fsgs(runner, "diary", "export", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["date"], r["measure"], r["value"], r["level"]) for r in rows] == [
        ("2026-10-01", "dipstick", "", "2+"),
        ("2026-10-02", "egfr", "54", ""),
    ]
    target = tmp_path / "readings.csv"
    code, out, _ = fsgs(runner, "diary", "export", "--csv", "-o", str(target))
    assert code == 0 and out == f"Wrote {target}: 2 readings.\n"
    assert target.read_text("utf-8").splitlines()[0] == "id,date,measure,value,value2,level,unit"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["weight", "-3", "--units", "kg"], "weight must be a number above 0"),
        (["weight", "abc", "--units", "kg"], "'abc' is not a number"),
        (["weight", "nan", "--units", "kg"], "weight must be a number above 0"),
        (["upcr", "250"], "upcr needs --units: mg/mmol or mg/g or g/g or mg/mg."),
        (["upcr", "250", "--units", "mg/l"], "unknown unit 'mg/l' for upcr"),
        (["dipstick", "5+"], "unknown dipstick reading '5+'"),
        (["dipstick", "3+", "--units", "mg/dl"], "a dipstick reading has no unit"),
        (["sugar", "5"], "unknown measure 'sugar'"),
        (["bp", "80/120"], "'80/120' is not a blood pressure"),
        (["egfr", "40", "--date", "2026-13-01"], "'2026-13-01' is not a date"),
        (["egfr", "40", "--date", "2999-01-01"], "2999-01-01 is in the future."),
    ],
)
def test_bad_readings_are_usage_errors_and_write_nothing(
    runner: CliRunner, home: Path, args: list[str], message: str
) -> None:
    code, out, err = fsgs(runner, "diary", "add", *args)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and message in err, err
    assert not (home / FILE_NAME).exists()


def test_removing_an_unknown_reading_is_not_found(runner: CliRunner, home: Path) -> None:
    fsgs(runner, "diary", "add", "egfr", "60")
    assert fsgs(runner, "diary", "remove", "99")[0] == 1
    assert fsgs(runner, "diary", "remove", "x")[0] == 2
    assert len(readings(runner)) == 1


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a database at all\n" * 20,
        b"SQLite format 3\x00" + b"\x00" * 200,  # a damaged SQLite file
        "foreign",  # a healthy SQLite file of another program
    ],
    ids=["text", "damaged", "foreign"],
)
def test_a_file_that_is_not_a_diary_is_reported_and_never_overwritten(
    runner: CliRunner, home: Path, content: bytes | str
) -> None:
    home.mkdir()
    path = home / FILE_NAME
    if content == "foreign":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE notes (text TEXT)")
            conn.execute("INSERT INTO notes VALUES ('mine')")
        conn.close()
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    before = path.read_bytes()
    for args in (["diary", "add", "egfr", "50"], ["diary", "show"], ["diary", "remove", "1"]):
        code, _, err = fsgs(runner, *args)
        assert code == 3, (args, err)
        assert len(err.splitlines()) == 1
        assert str(path) in err and "left as it is" in err
        assert "Traceback" not in err
    assert path.read_bytes() == before
    assert os.listdir(home) == [FILE_NAME], "no temporary file left behind"


def test_a_diary_from_a_newer_fsgs_is_not_written(runner: CliRunner, home: Path) -> None:
    fsgs(runner, "diary", "add", "egfr", "50")
    with sqlite3.connect(home / FILE_NAME) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    code, _, err = fsgs(runner, "diary", "add", "egfr", "51")
    assert code == 3 and "newer fsgs" in err


def test_a_diary_folder_that_cannot_be_made(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(
        app, ["diary", "add", "egfr", "50"], env={HOME_VAR: str(blocker / "sub")}
    )
    assert result.exit_code == 3
    assert "cannot make the folder" in result.stderr


def test_two_diaries_do_not_mix(tmp_path: Path) -> None:
    from fsgs_cli.health.diary import reading

    first, second = Diary(str(tmp_path / "a.db")), Diary(str(tmp_path / "b.db"))
    first.add(reading("egfr", "40", None, None))
    assert second.readings() == []
    assert len(first.readings()) == 1
