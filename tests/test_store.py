"""The store is read-only: reading never writes, and the right store is found."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import COMMITTED_STORE
from fsgs_cli import store
from fsgs_cli.cli import app


def test_reading_never_writes(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(store_path, copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    for command in (["read", "causes"], ["search", "kidney"], ["related", "4"], ["map"], []):
        runner.invoke(app, ["--db", str(copy), *command])
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
