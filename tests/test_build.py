"""Building the store: validation, atomic replacement, determinism and freshness."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import COMMITTED_STORE, CONTENT, article, content_hash
from fsgs_cli.build import build
from fsgs_cli.cli import app
from fsgs_cli.errors import BuildError
from fsgs_cli.schema import SCHEMA_VERSION, TABLES


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every regular table."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in TABLES
        }
    conn.close()
    return tables


def test_build_writes_every_table(small_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "store.db"
    result = build(small_content, out)
    assert result.articles == 3
    tables = dump(out)
    assert len(tables["topics"]) == 2
    assert len(tables["articles"]) == 3
    assert ("first", 1) in tables["aliases"]
    assert len(tables["sources"]) == 6
    assert len(tables["glossary"]) == 2
    assert dict(tables["meta"])["schema_version"] == str(SCHEMA_VERSION)
    assert dict(tables["meta"])["content_hash"] == content_hash(small_content)
    related = [row for row in tables["related"] if row[0] == 1]
    assert related[0][2:4] == (2, "curated")


def test_related_reasons_name_shared_terms(small_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "store.db"
    build(small_content, out)
    rows = dump(out)["related"]
    reasons = {(row[0], row[2]): row[3] for row in rows}
    assert "podocyte" in reasons[(2, 1)]
    assert reasons[(2, 1)].startswith("same topic; shares:")
    assert "glomerulus" in reasons[(3, 1)]


def test_cli_build_reports_counts(runner: CliRunner, small_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.db"
    result = runner.invoke(app, ["db", "build", "--content", str(small_content), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "3 articles in 2 topics, 2 glossary terms" in result.stdout
    info = runner.invoke(app, ["--db", str(out), "db", "info"])
    assert "articles\t3" in info.stdout


def test_build_lists_every_problem_and_keeps_the_old_store(
    runner: CliRunner, small_content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "store.db"
    build(small_content, out)
    before = digest(out)
    articles = small_content / "articles"
    (articles / "dup-id.md").write_text(article(1, "dup-id"), encoding="utf-8")
    (articles / "dup-slug.md").write_text(article(7, "two"), encoding="utf-8")
    (articles / "bad-related.md").write_text(article(8, "bad-related", related="[99]"))
    (articles / "bad-topic.md").write_text(article(9, "bad-topic", "nowhere"))
    (articles / "empty.md").write_text("", encoding="utf-8")
    (articles / "latin1.md").write_bytes("caf\xe9".encode("latin-1"))
    (articles / "broken.md").write_text("---\nid: [1\n---\nbody\n", encoding="utf-8")
    (articles / "fields.md").write_text(
        "---\nid: -4\nslug: Bad Slug\nreviewed: 2026-13-45\nkind: poem\nsources: []\n---\nx\n",
        encoding="utf-8",
    )

    result = runner.invoke(app, ["db", "build", "--content", str(small_content), "-o", str(out)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    expected = [
        "articles/one.md: id: 1 is also used by ",
        "slug: 'two' is also used by ",
        "articles/bad-related.md: related: no article has id 99",
        "articles/bad-topic.md: topic: unknown topic 'nowhere'",
        "articles/empty.md: file: empty",
        "articles/latin1.md: file: not valid UTF-8",
        "articles/broken.md: front matter: invalid YAML at line 3, column 1:",
        "articles/fields.md: id: must be a positive whole number",
        "articles/fields.md: slug: 'Bad Slug' must be lowercase words joined by hyphens",
        "articles/fields.md: title: missing",
        "articles/fields.md: reviewed: must be a date written YYYY-MM-DD",
        "articles/fields.md: kind: must be one of: article, question",
        "articles/fields.md: sources: at least one source",
    ]
    for fragment in expected:
        assert any(fragment in line for line in errors), fragment
    assert all(line.startswith(str(small_content)) for line in errors[:-1])
    assert errors[-1].startswith("fsgs: build failed with")
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_build_problems_in_topics_and_glossary(small_content: Path, tmp_path: Path) -> None:
    (small_content / "topics.yaml").write_text("- slug: basics\n  title: B\n", encoding="utf-8")
    (small_content / "glossary.yaml").write_text(
        "- term: podocyte\n  definition: x\n  see_also: [nothing]\n", encoding="utf-8"
    )
    with pytest.raises(BuildError) as info:
        build(small_content, tmp_path / "x.db")
    problems = info.value.problems
    assert any("topics.yaml: [1].description: missing" in p for p in problems)
    assert any("topics.yaml: [1].order: must be a whole number" in p for p in problems)
    assert any("glossary.yaml: [1].see_also: unknown term 'nothing'" in p for p in problems)
    assert not (tmp_path / "x.db").exists()


def test_interrupted_build_leaves_old_store(
    small_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "store.db"
    build(small_content, out)
    before = digest(out)

    def explode(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("fsgs_cli.related.link", explode)
    with pytest.raises(KeyboardInterrupt):
        build(small_content, out)
    assert digest(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["store.db"] or all(
        not p.name.endswith(".tmp") for p in tmp_path.iterdir()
    )


def test_build_is_byte_identical_at_another_time(small_content: Path, tmp_path: Path) -> None:
    """No build time is stored: two builds over a second apart give the same bytes, and the
    store's date is its newest review."""
    build(small_content, tmp_path / "a.db")
    time.sleep(1.1)
    build(small_content, tmp_path / "b.db")
    assert digest(tmp_path / "a.db") == digest(tmp_path / "b.db")
    meta = dict(dump(tmp_path / "a.db")["meta"])
    assert set(meta) == {"schema_version", "content_hash", "content_date"}
    assert meta["content_date"] == max(row[7] for row in dump(tmp_path / "a.db")["articles"])


def test_committed_store_matches_content(tmp_path: Path) -> None:
    """data/articles.db must be rebuilt and committed whenever content/ changes."""
    fresh = tmp_path / "fresh.db"
    build(CONTENT, fresh)
    assert dump(COMMITTED_STORE)["meta"] == dump(fresh)["meta"], (
        "data/articles.db is stale: run 'uv run fsgs db build' and commit it"
    )
    assert dump(COMMITTED_STORE) == dump(fresh), (
        "data/articles.db differs from a fresh build: run 'uv run fsgs db build' and commit it"
    )


def test_stale_store_is_detected(small_content: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    build(small_content, old)
    (small_content / "articles" / "two.md").write_text(
        article(2, "two", body="Changed text."), encoding="utf-8"
    )
    new = tmp_path / "new.db"
    build(small_content, new)
    assert dump(old)["meta"] != dump(new)["meta"]


@pytest.mark.parametrize("how", ["--db", "FSGS_DB"])
def test_db_build_writes_the_store_that_db_or_fsgs_db_names(
    runner: CliRunner, small_content: Path, tmp_path: Path, how: str
) -> None:
    """--db and FSGS_DB mean the same store for every command, db build included."""
    target = tmp_path / "named.db"
    args = ["db", "build", "--content", str(small_content)]
    if how == "--db":
        result = runner.invoke(app, ["--db", str(target), *args])
    else:
        result = runner.invoke(app, args, env={"FSGS_DB": str(target)})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Built {target}: 3 articles in 2 topics, 2 glossary terms.\n"
    read = runner.invoke(app, ["read", "one", "--json"], env={"FSGS_DB": str(target)})
    assert '"slug": "one"' in read.stdout


def test_each_text_is_stored_once() -> None:
    """The full-text indexes keep no copy of the text (external content: no *_content
    table), and the bundled store stays near three and a half times the files it is built
    from (5.2 times when every index kept its own copy)."""
    with sqlite3.connect(f"file:{COMMITTED_STORE}?mode=ro", uri=True) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        indexes = dict(
            conn.execute("SELECT name, sql FROM sqlite_master WHERE sql LIKE '%USING fts5%'")
        )
    conn.close()
    assert set(indexes) == {"articles_fts", "sections_fts", "glossary_fts"}
    assert all("content=" in sql for sql in indexes.values())
    assert not [name for name in names if name.endswith("_content")]
    read = [p for p in CONTENT.rglob("*") if p.is_file() and p.name != "README.md"]
    sources = sum(p.stat().st_size for p in read)
    assert COMMITTED_STORE.stat().st_size / sources <= 3.75
