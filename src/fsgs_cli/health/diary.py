"""The reader's own diary of numbers: one SQLite file of theirs, never the bundled store.

The file lives in the user's data folder (platformdirs: ``~/.local/share/fsgs`` on Linux,
``~/Library/Application Support/fsgs`` on macOS, ``%LOCALAPPDATA%\\fsgs`` on Windows), or
in ``FSGS_HOME`` when that is set. It is an ordinary SQLite database with one table,
``readings``, that any SQLite tool can read. Its ``application_id`` marks it as an fsgs
diary: a file that is not one (another program's database, a damaged file, any other
file) is reported and never written to.

A new diary is written whole beside its final name and linked into place, and every
change after that is one SQLite transaction, so a diary is never half written.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from typing import NamedTuple

from fsgs_cli.errors import StoreError, UsageError, os_reason
from fsgs_cli.models import DIPSTICK_LEVELS, Reading

HOME_VAR = "FSGS_HOME"
FILE_NAME = "diary.db"
APPLICATION_ID = 0x46534744  # "FSGD"
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE readings (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,      -- the day of the reading, YYYY-MM-DD
    measure TEXT NOT NULL,   -- dipstick, egfr, creatinine, upcr, acr, albumin, weight, bp
    value REAL,              -- the number as entered (bp: the upper, systolic, number)
    value2 REAL,             -- bp: the lower, diastolic, number
    level TEXT,              -- dipstick: negative, trace, 1+, 2+, 3+, 4+
    unit TEXT NOT NULL,      -- the unit as entered; '' for a dipstick
    added TEXT NOT NULL      -- when it was recorded, UTC, ISO 8601
);
CREATE INDEX readings_by_date ON readings (date, measure);
"""


class Measure(NamedTuple):
    """Something the diary records: its name, words for it, and its units (the first is
    the default when there is only one)."""

    name: str
    label: str
    units: tuple[str, ...]


MEASURES = {
    m.name: m
    for m in (
        Measure("dipstick", "urine dipstick (protein)", ()),
        Measure("egfr", "eGFR", ("ml/min/1.73m2",)),
        Measure("creatinine", "blood creatinine", ("mg/dl", "umol/l")),
        Measure("upcr", "urine protein-to-creatinine ratio", ("mg/mmol", "mg/g", "g/g", "mg/mg")),
        Measure("acr", "urine albumin-to-creatinine ratio", ("mg/mmol", "mg/g", "g/g", "mg/mg")),
        Measure("albumin", "blood albumin", ("g/l", "g/dl")),
        Measure("weight", "weight", ("kg", "lb")),
        Measure("bp", "blood pressure", ("mmhg",)),
    )
}
LEVELS = DIPSTICK_LEVELS
LEVEL_WORDS = {"neg": "negative", "nil": "negative", "tr": "trace", "+": "1+", "++": "2+"}
LEVEL_WORDS |= {"+++": "3+", "++++": "4+"}
UNIT_WORDS = {"µmol/l": "umol/l", "μmol/l": "umol/l", "mmhg": "mmhg", "lbs": "lb"}


def default_path() -> str:
    """The diary file: in ``FSGS_HOME`` if set, else the user's data folder."""
    home = os.environ.get(HOME_VAR)
    if not home:
        from platformdirs import user_data_dir

        home = user_data_dir("fsgs", appauthor=False)
    return os.path.join(home, FILE_NAME)


class DiaryError(StoreError):
    """The diary file cannot be read or written, or is not an fsgs diary."""


def reading(measure: str, value: str, unit: str | None, date: str | None) -> Reading:
    """A reading from what was typed, checked (its id is 0 until it is recorded), or a
    UsageError that says what is wrong."""
    kind = MEASURES.get(measure.casefold())
    if kind is None:
        raise UsageError(f"unknown measure '{measure}': use {', '.join(MEASURES)}.")
    day = _date(date)
    if kind.name == "dipstick":
        if unit:
            raise UsageError("a dipstick reading has no unit; leave out --units.")
        level = LEVEL_WORDS.get(value.strip().casefold(), value.strip().casefold())
        if level not in LEVELS:
            raise UsageError(f"unknown dipstick reading '{value}': use {', '.join(LEVELS)}.")
        return Reading(0, day, kind.name, None, None, level, "")
    chosen = _unit(kind, unit)
    if kind.name == "bp":
        upper, _, lower = value.partition("/")
        systolic, diastolic = _positive(upper, "bp"), _positive(lower, "bp")
        if not (40 <= diastolic < systolic <= 300):
            raise UsageError(f"'{value}' is not a blood pressure: write it as 120/80.")
        return Reading(0, day, kind.name, systolic, diastolic, None, chosen)
    return Reading(0, day, kind.name, _positive(value, kind.name), None, None, chosen)


def _date(date: str | None) -> str:
    today = dt.date.today()
    if date is None:
        return today.isoformat()
    try:
        day = dt.date.fromisoformat(date.strip())
    except ValueError:
        raise UsageError(f"'{date}' is not a date: write it as YYYY-MM-DD.") from None
    if len(date.strip()) != 10:
        raise UsageError(f"'{date}' is not a date: write it as YYYY-MM-DD.")
    if day > today:
        raise UsageError(f"{day.isoformat()} is in the future.")
    return day.isoformat()


def _unit(kind: Measure, unit: str | None) -> str:
    if unit is None:
        if len(kind.units) == 1:
            return kind.units[0]
        raise UsageError(f"{kind.name} needs --units: {' or '.join(kind.units)}.")
    key = UNIT_WORDS.get(unit.strip().casefold(), unit.strip().casefold())
    if key not in kind.units:
        raise UsageError(f"unknown unit '{unit}' for {kind.name}: use {' or '.join(kind.units)}.")
    return key


def _positive(text: str, what: str) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise UsageError(f"'{text}' is not a number ({what}).") from None
    if not math.isfinite(value) or value <= 0:
        raise UsageError(f"{what} must be a number above 0, not '{text}'.")
    return value


class Diary:
    """One diary file. Reading never creates it; the first ``add`` does."""

    def __init__(self, path: str) -> None:
        self.path = path

    def exists(self) -> bool:
        return os.path.exists(self.path)

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """A checked connection; a file that is not an fsgs diary is never written."""
        try:
            conn = sqlite3.connect(
                f"file:{_uri(self.path)}?mode={'rw' if write else 'ro'}", uri=True
            )
        except sqlite3.Error as exc:
            raise self._unreadable(str(exc)) from None
        with closing(conn):
            self._check(conn)
            yield conn

    def _check(self, conn: sqlite3.Connection) -> None:
        try:
            application = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            raise self._unreadable(str(exc)) from None
        if application != APPLICATION_ID or "readings" not in tables:
            raise DiaryError(
                f"{self.path} is not an fsgs diary; it was left as it is.",
                hint=f"Move it away, or set {HOME_VAR} to keep the diary in another folder.",
            )
        if version > SCHEMA_VERSION:
            raise DiaryError(
                f"{self.path} was written by a newer fsgs (diary version {version}).",
                hint="Update fsgs to read it.",
            )

    def _unreadable(self, reason: str) -> DiaryError:
        return DiaryError(
            f"cannot read the diary {self.path} ({reason}); it was left as it is.",
            hint=f"Move it away, or set {HOME_VAR} to keep the diary in another folder.",
        )

    def readings(self, measures: Sequence[str] = ()) -> list[Reading]:
        """Every reading, oldest first (by day, then as added); none if there is no diary."""
        if not self.exists():
            return []
        with self._connect(write=False) as conn:
            rows = conn.execute(
                "SELECT id, date, measure, value, value2, level, unit FROM readings "
                "ORDER BY date, id"
            ).fetchall()
        found = [Reading(*row) for row in rows]
        return [r for r in found if r.measure in measures] if measures else found

    def add(self, new: Reading) -> Reading:
        """Record one reading, creating the diary if this is the first."""
        if not self.exists():
            self._create()
        added = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._connect(write=True) as conn:
            try:
                with conn:
                    cursor = conn.execute(
                        "INSERT INTO readings (date, measure, value, value2, level, unit, added) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (*new[1:], added),
                    )
            except sqlite3.Error as exc:
                raise DiaryError(f"cannot write the diary {self.path} ({exc}).") from None
            row_id = cursor.lastrowid
        assert row_id is not None
        return new._replace(id=row_id)

    def remove(self, reading_id: int) -> Reading | None:
        """Remove one reading; None if the diary has no reading with that id."""
        if not self.exists():
            return None
        with self._connect(write=True) as conn:
            row = conn.execute(
                "SELECT id, date, measure, value, value2, level, unit FROM readings WHERE id = ?",
                (reading_id,),
            ).fetchone()
            if row is None:
                return None
            try:
                with conn:
                    conn.execute("DELETE FROM readings WHERE id = ?", (reading_id,))
            except sqlite3.Error as exc:
                raise DiaryError(f"cannot write the diary {self.path} ({exc}).") from None
        return Reading(*row)

    def _create(self) -> None:
        """Write an empty diary beside its final name, then link it into place: a diary
        appears whole or not at all, and one made meanwhile by another process is kept."""
        folder = os.path.dirname(self.path) or "."
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise DiaryError(f"cannot make the folder {folder} ({os_reason(exc)}).") from None
        temp = os.path.join(folder, f".{FILE_NAME}.{os.getpid()}.tmp")
        try:
            with closing(sqlite3.connect(temp)) as conn:
                conn.executescript(
                    f"PRAGMA application_id = {APPLICATION_ID};"
                    f"PRAGMA user_version = {SCHEMA_VERSION};" + SCHEMA
                )
                conn.commit()
            try:
                os.link(temp, self.path)
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not os.path.exists(self.path):
                    os.replace(temp, self.path)
        except (OSError, sqlite3.Error) as exc:
            raise DiaryError(f"cannot create the diary {self.path} ({os_reason(exc)}).") from None
        finally:
            with suppress(OSError):
                os.unlink(temp)


def _uri(path: str) -> str:
    from fsgs_cli.store import URI_SAFE

    return "".join(
        chr(b) if b in URI_SAFE else f"%{b:02X}" for b in os.fsencode(os.path.abspath(path))
    )
