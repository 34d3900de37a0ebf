"""``fsgs db check``: whether a store is sound.

SQLite's integrity check, the schema version, FTS5's integrity check of each full-text
index and the counts. It only reads: FTS5's check is an INSERT, which the read-only
connection refuses, so each index is checked on a copy in the connection's temporary
database.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from fsgs_cli.models import Check, StoreCheck
from fsgs_cli.schema import SCHEMA_VERSION
from fsgs_cli.store import Store

FTS_TABLES = ("articles_fts", "sections_fts")
SHADOW_TABLES = ("data", "idx", "content", "docsize", "config")


def check(store: Store) -> StoreCheck:
    """Every check of ``store``, in order; a file SQLite cannot read gets only the first."""
    try:
        integrity = Check("sqlite", *_integrity(store.conn))
    except sqlite3.DatabaseError as exc:  # not SQLite at all: nothing else can be read
        return StoreCheck(str(store.path), (Check("sqlite", False, f"cannot be read: {exc}"),))
    checks = (
        integrity,
        _checked("schema version", lambda: _schema_version(store)),
        _checked("full-text index", lambda: _fts_integrity(store.conn)),
        _checked("counts", lambda: _counts(store.conn)),
    )
    return StoreCheck(str(store.path), checks)


def _checked(name: str, check: Callable[[], tuple[bool, str]]) -> Check:
    try:
        ok, detail = check()
    except sqlite3.DatabaseError as exc:
        return Check(name, False, f"cannot be read: {exc}")
    return Check(name, ok, detail)


def _integrity(conn: sqlite3.Connection) -> tuple[bool, str]:
    rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(10)")]
    if rows == ["ok"]:
        return True, "integrity check passed"
    return False, "; ".join(rows)


def _schema_version(store: Store) -> tuple[bool, str]:
    version = store.stored_schema()
    if version is None:
        return False, "missing: this is not an fsgs article store"
    if version == str(SCHEMA_VERSION):
        return True, version
    return False, f"{version}: built by another version of fsgs, which reads {SCHEMA_VERSION}"


def _fts_integrity(conn: sqlite3.Connection) -> tuple[bool, str]:
    problems = [f"{table}: {problem}" for table in FTS_TABLES if (problem := _fts(conn, table))]
    if problems:
        return False, "; ".join(problems)
    return True, f"{', '.join(FTS_TABLES)}: integrity check passed"


def _fts(conn: sqlite3.Connection, table: str) -> str | None:
    """What FTS5's own integrity check finds wrong with one full-text index."""
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    found = re.search(r"USING\s+fts5\s*\((.*)\)\s*$", row[0] if row else "", re.I | re.S)
    if not found:
        return "missing"
    try:
        conn.execute(f"CREATE VIRTUAL TABLE temp.fsgs_check USING fts5({found[1]})")
    except sqlite3.DatabaseError as exc:
        return f"cannot be checked ({exc})"
    try:
        for shadow in SHADOW_TABLES:
            conn.execute(f"DELETE FROM temp.fsgs_check_{shadow}")
            conn.execute(
                f'INSERT INTO temp.fsgs_check_{shadow} SELECT * FROM main."{table}_{shadow}"'
            )
        conn.execute("INSERT INTO temp.fsgs_check (fsgs_check) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        return f"integrity check failed ({exc})"
    finally:
        conn.execute("DROP TABLE temp.fsgs_check")
    return None


def _counts(conn: sqlite3.Connection) -> tuple[bool, str]:
    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    articles, topics = count("articles"), count("topics")
    indexed, sections, indexed_sections = (
        count("articles_fts"),
        count("sections"),
        count("sections_fts"),
    )
    detail = (
        f"{articles} articles in {topics} topics, {indexed} indexed; "
        f"{sections} sections, {indexed_sections} indexed"
    )
    problems = [f"no {name}" for name, n in (("articles", articles), ("topics", topics)) if not n]
    if indexed != articles:
        problems.append(f"{articles} articles but {indexed} in the full-text index")
    if indexed_sections != sections:
        problems.append(f"{sections} sections but {indexed_sections} in the full-text index")
    if problems:
        return False, "; ".join(problems) + f" ({detail})"
    return True, detail
