"""Builds that go wrong: killed part-way, unreadable files, nowhere to write. The previous
store stays byte-identical, and a later build clears away what a killed one left."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import DEADLINE, article, until
from fsgs_cli import writer
from fsgs_cli.build import build
from fsgs_cli.check import check
from fsgs_cli.cli import app
from fsgs_cli.errors import BuildError, StoreError
from fsgs_cli.files import remove_stale_temporaries, temporary_prefix
from fsgs_cli.store import Store
from fsgs_cli.synthetic import generate

LARGE = 800  # articles: enough for a build that runs on every core for about a second


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def large_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("large") / "content", LARGE)


def temporaries(store: Path) -> list[Path]:
    return sorted(store.parent.glob(f".{store.name}.*.tmp"))


def size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def test_a_build_killed_part_way_leaves_the_store_as_it_was(
    large_content: Path, small_content: Path, tmp_path: Path
) -> None:
    store = tmp_path / "articles.db"
    build(small_content, store)
    before = digest(store)
    command = ["db", "build", "--content", str(large_content), "--output", str(store)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "fsgs_cli", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the build and its worker processes, to kill together
    )
    try:
        # Wait until the new store is being written: its temporary file has grown.
        def writing() -> bool:
            assert proc.poll() is None, "the build finished before it could be killed"
            return any(size(p) > 1 << 20 for p in temporaries(store))

        until(writing, "the new store's temporary file to grow")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=DEADLINE)
    assert proc.returncode == -signal.SIGKILL
    assert digest(store) == before
    assert [a.slug for t in Store.open(store).topics() for a in t.articles] == [
        "one",
        "two",
        "three",
    ]
    # A killed process cannot remove its temporary file; the next build does.
    left = temporaries(store)
    assert len(left) == 1
    assert left[0].name.startswith(f".{store.name}.")
    build(small_content, store)
    assert temporaries(store) == []
    assert check(Store.open(store)).ok


def test_only_temporary_files_of_finished_builds_are_removed(tmp_path: Path) -> None:
    store = tmp_path / "articles.db"
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
        timeout=DEADLINE,
    )
    dead_pid = int(finished.stdout)
    ours = temporary_prefix(store)  # this host and this process

    def of(pid: int) -> str:
        return ours.replace(f"-{os.getpid()}.", f"-{pid}.")

    running = tmp_path / f"{of(os.getppid())}abc123.tmp"
    dead = tmp_path / f"{of(dead_pid)}def456.tmp"
    elsewhere = tmp_path / f".articles.db.otherhost-{dead_pid}.ghi789.tmp"
    other_store = tmp_path / f"{of(dead_pid).replace('articles', 'other')}jkl012.tmp"
    unrelated = tmp_path / ".articles.db.notes.tmp"
    for path in (running, dead, elsewhere, other_store, unrelated):
        path.write_bytes(b"partial")
    assert remove_stale_temporaries(store) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (running, elsewhere, other_store, unrelated)
    )


def test_a_folder_named_like_an_article_is_a_problem(
    runner: CliRunner, small_content: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store.db"
    build(small_content, store)
    before = digest(store)
    (small_content / "articles" / "folder.md").mkdir()
    result = runner.invoke(app, ["db", "build", "--content", str(small_content), "-o", str(store)])
    assert result.exit_code == 1
    assert f"{small_content}/articles/folder.md: file: cannot be read (Is a directory)" in (
        result.stderr
    )
    assert digest(store) == before


def test_files_that_cannot_be_read_are_problems(
    small_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permissions, say (which root, running these tests, does not feel)."""
    read_text = Path.read_text

    def refuse(path: Path, *args: Any, **kwargs: Any) -> str:
        if path.name in ("topics.yaml", "one.md"):
            raise PermissionError(13, "Permission denied")
        return read_text(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(BuildError) as failure:
        build(small_content, tmp_path / "store.db", workers=1)
    assert f"{small_content}/topics.yaml: file: cannot be read (Permission denied)" in (
        failure.value.problems
    )
    assert f"{small_content}/articles/one.md: file: cannot be read (Permission denied)" in (
        failure.value.problems
    )
    assert not (tmp_path / "store.db").exists()


def test_an_output_that_cannot_be_written(
    runner: CliRunner, small_content: Path, tmp_path: Path
) -> None:
    too_long = tmp_path / ("x" * 300)
    result = runner.invoke(
        app, ["db", "build", "--content", str(small_content), "-o", str(too_long)]
    )
    assert result.exit_code == 3
    assert result.stderr == (
        f"fsgs: cannot write the store {too_long}: File name too long. "
        "The previous store is unchanged.\n"
    )
    assert list(tmp_path.iterdir()) == [small_content]


@pytest.mark.parametrize("name", ["nul\x00byte", "\ud800"])
def test_names_no_file_can_have(small_content: Path, tmp_path: Path, name: str) -> None:
    """From the command line these arrive as U+FFFD; a caller in the same process gets an
    error, not a crash."""
    with pytest.raises(StoreError, match=r"^cannot write the store "):
        build(small_content, tmp_path / name)
    assert list(tmp_path.iterdir()) == [small_content]


def test_a_failure_while_writing_keeps_the_old_store(
    small_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk, say: the build stops with exit 3 and removes its temporary file."""
    import sqlite3

    store = tmp_path / "store.db"
    build(small_content, store)
    before = digest(store)

    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(writer, "create_indexes", full)
    result = CliRunner().invoke(
        app, ["db", "build", "--content", str(small_content), "-o", str(store)]
    )
    assert result.exit_code == 3
    assert result.stderr == (
        f"fsgs: cannot write the store {store}: database or disk is full. "
        "The previous store is unchanged.\n"
    )
    assert digest(store) == before
    assert temporaries(store) == []


def test_build_problems_are_listed_with_their_files(
    runner: CliRunner, small_content: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store.db"
    build(small_content, store)
    before = digest(store)
    articles = small_content / "articles"
    (articles / "dup.md").write_text(article(2, "dup"), encoding="utf-8")
    (articles / "empty.md").write_bytes(b"")
    result = runner.invoke(app, ["db", "build", "--content", str(small_content), "-o", str(store)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{small_content}/articles/empty.md: file: empty",
        f"{small_content}/articles/two.md: id: 2 is also used by {small_content}/articles/dup.md",
        "fsgs: build failed with 2 problems; the store was left unchanged.",
    ]
    assert digest(store) == before
