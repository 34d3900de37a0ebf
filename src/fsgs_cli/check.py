"""``fsgs db check``: whether a store is sound.

SQLite's integrity check, the schema version, FTS5's integrity check of each full-text
index and the counts. It only reads: FTS5's check is an INSERT, which the read-only
connection refuses, so each index is checked on a copy in the connection's temporary
database. An external-content index (its text kept once, in its table) is checked
against a temporary view of that table, so an index out of step with its rows fails.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from fsgs_cli.models import Check, StoreCheck
from fsgs_cli.schema import SCHEMA_VERSION
from fsgs_cli.store import Store

FTS_TABLES = ("articles_fts", "sections_fts", "glossary_fts")
SHADOW_TABLES = ("data", "idx", "content", "docsize", "config")


def _option_re(name: str) -> re.Pattern[str]:
    """An fts5 option such as ``content="sections"``: its value quoted "", [] or ''."""
    return re.compile(rf"""(,\s*)?{name}\s*=\s*(?:"([^"]+)"|\[([^\]]+)\]|'([^']+)')""", re.I)


CONTENT_RE, ROWID_RE = _option_re("content"), _option_re("content_rowid")


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
    arguments, shadows = found[1], tuple[str, ...](SHADOW_TABLES)
    external = CONTENT_RE.search(arguments)
    try:
        if external:  # checked against its table or view: a temporary view of the same rows
            source = _value(external)
            key = ROWID_RE.search(arguments)
            rowid = f'"{_value(key)}"' if key else "rowid"
            arguments = ROWID_RE.sub("", arguments)
            columns = [c.strip().strip('"') for c in arguments.split(",") if "=" not in c]
            listed = ", ".join(f'"{c}"' for c in columns)
            conn.execute(
                f"CREATE TEMP VIEW fsgs_source AS "
                f'SELECT {rowid} AS id, {listed} FROM main."{source}"'
            )
            arguments = CONTENT_RE.sub(r"\1content='fsgs_source', content_rowid='id'", arguments)
            shadows = tuple(s for s in SHADOW_TABLES if s != "content")
        conn.execute(f"CREATE VIRTUAL TABLE temp.fsgs_check USING fts5({arguments})")
    except sqlite3.DatabaseError as exc:
        conn.execute("DROP VIEW IF EXISTS temp.fsgs_source")
        return f"cannot be checked ({exc})"
    try:
        for shadow in shadows:
            conn.execute(f"DELETE FROM temp.fsgs_check_{shadow}")
            conn.execute(
                f'INSERT INTO temp.fsgs_check_{shadow} SELECT * FROM main."{table}_{shadow}"'
            )
        # rank 1: an external-content index is also compared with its table's rows.
        conn.execute(
            "INSERT INTO temp.fsgs_check (fsgs_check, rank) VALUES ('integrity-check', ?)",
            (1 if external else 0,),
        )
    except sqlite3.DatabaseError as exc:
        return f"integrity check failed ({exc})"
    finally:
        conn.execute("DROP TABLE temp.fsgs_check")
        conn.execute("DROP VIEW IF EXISTS temp.fsgs_source")
    return None


def _value(option: re.Match[str]) -> str:
    return next(g for g in option.groups()[1:] if g)


def _counts(conn: sqlite3.Connection) -> tuple[bool, str]:
    def count(table: str) -> int:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    articles, topics = count("articles"), count("topics")
    # An index's own row count is in its docsize table: counting the index itself would
    # count the rows of the table it reads.
    indexed, sections, indexed_sections = (
        count("articles_fts_docsize"),
        count("sections"),
        count("sections_fts_docsize"),
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
