"""fsgs serve: Datasette on the store, immutable, with search and canned queries; the
command starts, answers on a free port and stops cleanly."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import DEADLINE
from fsgs_cli import serve
from fsgs_cli.cli import app

datasette = pytest.importorskip("datasette.app")


def get(store: Path, path: str, *, metadata: bool = True) -> Any:
    """A JSON page from Datasette's own test client, with fsgs's metadata (or none)."""
    ds = datasette.Datasette(
        immutables=[str(store)], metadata=serve.metadata(str(store)) if metadata else None
    )

    async def fetch() -> Any:
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def fts_count(store: Path, table: str, words: str) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as conn:
        found = conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (words,))
        return int(found.fetchone()[0])


@pytest.mark.parametrize(
    ("table", "words"),
    [("articles", "apol1"), ("sections", "apol1"), ("glossary", "podocyte")],
)
def test_table_search_returns_only_matching_rows(store_path: Path, table: str, words: str) -> None:
    name = serve.database_name(str(store_path))
    page = get(store_path, f"/{name}/{table}.json?_search={words}&_size=max&_shape=objects")
    expected = fts_count(store_path, f"{table}_fts", words)
    total = get(store_path, f"/{name}/{table}.json?_shape=objects")["filtered_table_rows_count"]
    assert 0 < expected < total
    assert page["filtered_table_rows_count"] == expected
    assert len(page["rows"]) == expected


@pytest.mark.parametrize(("table", "words"), [("sections", "apol1"), ("glossary", "podocyte")])
def test_datasette_finds_the_indexes_on_its_own(store_path: Path, table: str, words: str) -> None:
    """Tables whose index sqlite-utils made (content="table") are searchable in a plain
    ``datasette articles.db``; articles, whose index reads a view, needs fsgs's metadata."""
    name = serve.database_name(str(store_path))
    page = get(store_path, f"/{name}/{table}.json?_search={words}&_size=max", metadata=False)
    assert page["filtered_table_rows_count"] == fts_count(store_path, f"{table}_fts", words)


def test_canned_queries(store_path: Path) -> None:
    name = serve.database_name(str(store_path))
    topic = get(store_path, f"/{name}/articles_in_topic.json?topic=causes&_shape=array")
    assert topic and {row["slug"] for row in topic} >= {"what-causes-fsgs", "apol1"}
    recent = get(store_path, f"/{name}/recently_reviewed.json?_shape=array")
    assert len(recent) == 20
    assert [r["reviewed"] for r in recent] == sorted((r["reviewed"] for r in recent), reverse=True)
    term = get(store_path, f"/{name}/glossary_term.json?term=podocyte&_shape=array")
    assert [row["term"] for row in term] == ["podocyte"]


def test_metadata_describes_the_store(store_path: Path) -> None:
    name = serve.database_name(str(store_path))
    info = get(store_path, f"/{name}.json")
    assert info["tables"]
    meta = serve.metadata(str(store_path))
    assert meta["license"] and meta["source"] and "does not diagnose" in meta["description"]
    tables = meta["databases"][name]["tables"]
    assert set(tables) == {"articles", "sections", "glossary", "articles_search"}
    assert all(t["columns"] for t in tables.values())


def test_the_store_is_served_immutable(store_path: Path) -> None:
    ds = datasette.Datasette(immutables=[str(store_path)])
    database = ds.databases[serve.database_name(str(store_path))]
    assert database.is_mutable is False


def test_the_command_binds_this_computer_unless_told(tmp_path: Path) -> None:
    argv = serve.command("/s/articles.db", "/m.json", serve.DEFAULT_HOST, 8001)
    assert argv[argv.index("--host") + 1] == "127.0.0.1"
    assert argv[argv.index("--immutable") + 1] == "/s/articles.db"
    assert "--setting" not in argv, "Datasette's own SQL time limit is kept"


def test_metadata_option_prints_json(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(app, ["--db", str(store_path), "serve", "--metadata"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "FSGS: plain, sourced articles"


def test_without_datasette_it_says_how_to_install(
    runner: CliRunner, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serve, "available", lambda: False)
    result = runner.invoke(app, ["--db", str(store_path), "serve"])
    assert result.exit_code == 2
    assert "fsgs[serve]" in result.stderr and len(result.stderr.splitlines()) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_and_stops_cleanly(store_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "fsgs_cli", "--db", str(store_path), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    name = serve.database_name(str(store_path))
    url = f"http://127.0.0.1:{port}/{name}/articles.json?_search=apol1&_shape=array"
    deadline = time.monotonic() + DEADLINE
    body: Any = None
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    body = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.2)
        assert body, "fsgs serve never answered"
        assert {row["slug"] for row in body} >= {"apol1"}
        assert len(body) == fts_count(store_path, "articles_fts", "apol1")
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert err.startswith(f"fsgs: Serving {store_path} read-only at http://127.0.0.1:{port}/")
