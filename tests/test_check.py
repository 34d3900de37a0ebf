"""fsgs db check: SQLite's integrity check, FTS5's integrity check, the schema version and
the counts; exit 0 when the store is sound, 3 with every reason when it is not."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CONTENT
from fsgs_cli.cli import app
from fsgs_cli.schema import SCHEMA_VERSION

ARTICLES = len(list((CONTENT / "articles").glob("*.md")))
TOPICS = (CONTENT / "topics.yaml").read_text(encoding="utf-8").count("- slug:")

CHECKS = ["sqlite", "schema version", "full-text index", "counts"]
SCHEMA_ROW = "key = 'schema_version'"


def check(runner: CliRunner, store: Path, *extra: str) -> tuple[int, list[list[str]], list[str]]:
    result = runner.invoke(app, ["--db", str(store), "db", "check", *extra])
    assert "Traceback" not in result.stdout + result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    return result.exit_code, rows, result.stderr.splitlines()


def test_a_sound_store_passes_every_check(runner: CliRunner, store_path: Path) -> None:
    code, rows, errors = check(runner, store_path)
    assert code == 0
    assert errors == []
    assert rows[0] == ["store", str(store_path)]
    assert [row[0] for row in rows[1:]] == CHECKS
    assert all(row[1] == "ok" for row in rows[1:])
    results = {row[0]: row[2] for row in rows[1:]}
    assert results["schema version"] == str(SCHEMA_VERSION)
    assert results["counts"].startswith(
        f"{ARTICLES} articles in {TOPICS} topics, {ARTICLES} indexed;"
    )


def copy_with(store: Path, tmp_path: Path, *statements: str) -> Path:
    """A copy of ``store`` changed by SQL (which sqlite3 itself finds no fault with)."""
    copy = tmp_path / "copy.db"
    shutil.copy(store, copy)
    conn = sqlite3.connect(copy)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()
    return copy


def failed(rows: list[list[str]]) -> dict[str, str]:
    return {row[0]: row[2] for row in rows[1:] if row[1] == "FAILED"}


@pytest.mark.parametrize(
    ("statement", "out_of_step"),
    [
        (
            "UPDATE sections SET text = 'words the index never saw' WHERE id = 4 * 256 + 1",
            ["articles_fts", "sections_fts"],
        ),
        ("DELETE FROM sections WHERE id = 4 * 256 + 1", ["articles_fts", "sections_fts"]),
        ("UPDATE articles SET summary = 'unindexed words' WHERE id = 4", ["articles_fts"]),
        ("UPDATE articles SET aliases = 'unindexed' WHERE id = 4", ["articles_fts"]),
    ],
    ids=["section-text", "section-deleted", "summary", "aliases"],
)
def test_full_text_index_out_of_step_with_its_text(
    runner: CliRunner, store_path: Path, tmp_path: Path, statement: str, out_of_step: list[str]
) -> None:
    """The indexes keep no copy of the text: each is checked against the rows it reads
    (sections_fts the sections table, articles_fts the view over articles and sections)."""
    bad = copy_with(store_path, tmp_path, statement)
    code, rows, errors = check(runner, bad)
    assert code == 3
    # A deleted section also leaves the index one row more than the table.
    failing = {"full-text index"} | ({"counts"} if statement.startswith("DELETE") else set())
    assert set(failed(rows)) == failing
    if "counts" in failing:
        assert "600 sections but 601 in the full-text index" in failed(rows)["counts"]
    found = failed(rows)["full-text index"]
    assert [t for t in ("articles_fts", "sections_fts", "glossary_fts") if t in found] == (
        out_of_step
    )
    assert all(f"{t}: integrity check failed" in found for t in out_of_step)
    assert errors[0].startswith(f"{bad}: full-text index: articles_fts: integrity check failed")
    checks = "1 check" if len(failing) == 1 else f"{len(failing)} checks"
    assert errors[-1] == (
        f"fsgs: {bad} is not sound: {checks} failed. Rebuild it with 'fsgs db build'."
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE glossary SET definition = 'words the index never saw' WHERE term = 'podocyte'",
        "DELETE FROM glossary WHERE term = 'podocyte'",
        "INSERT INTO glossary (term, definition) VALUES ('zzz', 'a row the index lacks')",
    ],
    ids=["changed", "deleted", "added"],
)
def test_an_external_content_index_out_of_step_with_its_table(
    runner: CliRunner, store_path: Path, tmp_path: Path, statement: str
) -> None:
    """The glossary's index keeps no copy of the text: it is checked against the table."""
    bad = copy_with(store_path, tmp_path, statement)
    code, rows, _ = check(runner, bad)
    assert code == 3
    assert "glossary_fts: integrity check failed" in failed(rows)["full-text index"]


def test_damaged_full_text_index_pages(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    bad = copy_with(
        store_path,
        tmp_path,
        "UPDATE sections_fts_data SET block = zeroblob(length(block)) "
        "WHERE id = (SELECT max(id) FROM sections_fts_data)",
    )
    code, rows, _ = check(runner, bad)
    assert code == 3
    assert "sections_fts: integrity check failed" in failed(rows)["full-text index"]


def test_wrong_schema_version(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    bad = copy_with(
        store_path, tmp_path, "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
    )
    code, rows, errors = check(runner, bad)
    assert code == 3
    assert failed(rows) == {
        "schema version": f"99: built by another version of fsgs, which reads {SCHEMA_VERSION}"
    }
    assert len(errors) == 2


def test_counts_that_do_not_agree(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    bad = copy_with(
        store_path,
        tmp_path,
        "INSERT INTO articles (id, slug, title, topic, kind, summary, body, reviewed) "
        "SELECT 999, 'stray', 'Stray', topic, kind, summary, body, reviewed FROM articles "
        "WHERE id = 1",
    )
    code, rows, _ = check(runner, bad)
    assert code == 3
    expected = f"{ARTICLES + 1} articles but {ARTICLES} in the full-text index"
    assert failed(rows)["counts"].startswith(expected)


def overwrite(store: Path, tmp_path: Path, offset: int, size: int) -> Path:
    data = bytearray(store.read_bytes())
    data[offset : offset + size] = b"\x55" * size
    bad = tmp_path / "damaged.db"
    bad.write_bytes(bytes(data))
    return bad


def test_damaged_page(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    page_size = int.from_bytes(store_path.read_bytes()[16:18], "big")
    bad = overwrite(store_path, tmp_path, page_size * 30, 3000)
    code, rows, errors = check(runner, bad)
    assert code == 3
    assert "sqlite" in failed(rows)
    assert any(line.startswith(f"{bad}: sqlite: ") for line in errors)
    assert errors[-1].startswith(f"fsgs: {bad} is not sound:")


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("text", lambda p: p.write_text("not a database\n" * 200), "file is not a database"),
        ("header", lambda p: p.write_bytes(b"\0" * 8192), "file is not a database"),
    ],
)
def test_files_that_are_not_sqlite(
    runner: CliRunner, tmp_path: Path, name: str, make: Callable[[Path], object], reason: str
) -> None:
    bad = tmp_path / f"{name}.db"
    make(bad)
    code, rows, errors = check(runner, bad)
    assert code == 3
    assert rows[1] == ["sqlite", "FAILED", f"cannot be read: {reason}"]
    assert len(rows) == 2  # nothing else can be checked
    assert errors == [
        f"{bad}: sqlite: cannot be read: {reason}",
        f"fsgs: {bad} is not sound: 1 check failed. Rebuild it with 'fsgs db build'.",
    ]


def test_an_empty_file_is_not_an_fsgs_store(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "empty.db"
    bad.write_bytes(b"")
    code, rows, _ = check(runner, bad)
    assert code == 3
    assert failed(rows) == {
        "schema version": "missing: this is not an fsgs article store",
        "full-text index": "articles_fts: missing; sections_fts: missing; glossary_fts: missing",
        "counts": "cannot be read: no such table: articles",
    }


def test_missing_store(runner: CliRunner, tmp_path: Path) -> None:
    code, rows, errors = check(runner, tmp_path / "nowhere.db")
    assert code == 3
    assert rows == []
    assert len(errors) == 1 and "fsgs db build" in errors[0]


def test_check_as_json(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    import json

    result = runner.invoke(app, ["--db", str(store_path), "db", "check", "--json"])
    document = json.loads(result.stdout)
    assert document["ok"] is True
    assert [c["name"] for c in document["checks"]] == CHECKS
    bad = copy_with(
        store_path, tmp_path, "UPDATE meta SET value = '1' WHERE key = 'schema_version'"
    )
    result = runner.invoke(app, ["--db", str(bad), "db", "check", "--json"])
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert document["ok"] is False
    assert [c["ok"] for c in document["checks"]] == [True, False, True, True]


def test_styled_report(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(store_path), "db", "check"], env={"FORCE_COLOR": "1", "COLUMNS": "100"}
    )
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout
    for name in CHECKS:
        assert name in result.stdout
