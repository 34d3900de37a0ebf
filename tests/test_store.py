"""The store is read-only: reading never writes, and the right store is found."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import COMMITTED_STORE
from fsgs_cli import store
from fsgs_cli.cli import app

READING = [
    [],
    ["topics"],
    ["topics", "causes", "--json"],
    ["read", "causes"],
    ["read", "causes", "--json"],
    ["search", "kidney"],
    ["search", "protienuria", "--json"],
    ["search", "xylophonezz"],
    ["related", "4"],
    ["map"],
    ["latest", "--json"],
    ["glossary"],
    ["glossary", "podocyte"],
    ["db", "info"],
    ["db", "check"],
    ["db", "check", "--json"],
]


def test_reading_never_writes(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    """No command but db build changes the store's bytes or leaves a file beside it."""
    copy = tmp_path / "copy.db"
    shutil.copy(store_path, copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    for command in READING:
        for env in ({}, {"FORCE_COLOR": "1"}):
            result = runner.invoke(app, ["--db", str(copy), *command], env=env)
            assert result.exit_code in (0, 1), (command, result.stderr)
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db"]


def test_the_program_never_writes(store_path: Path, tmp_path: Path) -> None:
    """The same through the real program, the fast path included."""
    copy = tmp_path / "copy.db"
    shutil.copy(store_path, copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    for command in (["read", "causes"], ["search", "kidney", "--json"], ["db", "check"]):
        done = subprocess.run(
            [sys.executable, "-m", "fsgs_cli", "--db", str(copy), *command],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db"]


def test_reading_works_from_a_read_only_folder(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copy(store_path, folder / "articles.db")
    (folder / "articles.db").chmod(0o444)
    folder.chmod(0o555)
    try:
        result = runner.invoke(app, ["--db", str(folder / "articles.db"), "read", "causes"])
        assert result.exit_code == 0
    finally:
        folder.chmod(0o755)


def test_store_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert store.resolve_path("x.db") == Path("x.db")
    monkeypatch.setenv("FSGS_DB", "env.db")
    assert store.resolve_path(None) == Path("env.db")
    assert store.resolve_path("x.db") == Path("x.db")
    monkeypatch.delenv("FSGS_DB")
    assert store.resolve_path(None) == COMMITTED_STORE


def test_default_store_is_the_committed_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["read", "causes", "--json"])
    assert result.exit_code == 0
    assert '"slug": "what-causes-fsgs"' in result.stdout
