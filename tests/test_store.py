"""The store is read-only: reading never writes, and the right store is found."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import COMMITTED_STORE, DEADLINE
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
            timeout=DEADLINE,
        )
        assert done.returncode == 0, done.stderr
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db"]


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="root may write in a read-only folder, so this cannot fail as root; "
    "test_reading_opens_the_store_read_only covers it everywhere",
)
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
    assert store.resolve_path("x.db") == "x.db"
    monkeypatch.setenv("FSGS_DB", "env.db")
    assert store.resolve_path(None) == "env.db"
    assert store.resolve_path("x.db") == "x.db"
    monkeypatch.delenv("FSGS_DB")
    assert store.resolve_path(None) == str(COMMITTED_STORE)


def test_default_store_is_the_committed_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["read", "causes", "--json"])
    assert result.exit_code == 0
    assert '"slug": "what-causes-fsgs"' in result.stdout


AUDIT = """
import json, os, sys
folder, args = sys.argv[1], json.loads(sys.argv[2])
seen = []
WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

def hook(event, details):
    if event == "sqlite3.connect":
        seen.append(["connect", str(details[0])])
    elif event == "open" and str(details[0]).startswith(folder):
        mode, flags = details[1], details[2]
        writing = any(c in mode for c in "wax+") if mode else bool(flags & WRITE)
        if writing:
            seen.append(["write", str(details[0])])

sys.addaudithook(hook)
sys.argv = ["fsgs", *args]
from fsgs_cli.entry import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(seen))
"""


@pytest.mark.parametrize(
    "command", [["read", "causes"], ["search", "kidney"], ["topics"], ["db", "check"]]
)
def test_reading_opens_the_store_read_only(
    store_path: Path, tmp_path: Path, command: list[str]
) -> None:
    """Every connection is read-only and immutable, and no file in the store's folder is
    opened for writing (as any user: root included)."""
    copy = tmp_path / "store.db"
    shutil.copy(store_path, copy)
    done = subprocess.run(
        [sys.executable, "-c", AUDIT, str(tmp_path), json.dumps(["--db", str(copy), *command])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    seen = json.loads(done.stderr.strip().splitlines()[-1])
    connects = [target for kind, target in seen if kind == "connect"]
    assert connects, "the store was opened"
    assert all("mode=ro" in c and "immutable=1" in c for c in connects), connects
    assert [target for kind, target in seen if kind == "write"] == []
