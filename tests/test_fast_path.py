"""The fast path (no Typer) answers exactly as the full command line does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEADLINE
from fsgs_cli import spec
from fsgs_cli.cli import app
from fsgs_cli.entry import fast_plan

SAME = [
    [],
    ["search", "proteinuria"],
    ["search", "swollen", "ankles", "--limit", "3"],
    ["search", "--limit=2", "protienuria", "--json"],
    ["search", "dialysis", "-transplant", "--topic", "treatment"],
    ["search", "qqxxzzvv"],
    ["search", "foamy", "urine", "--open", "--no-pager"],
    ["read", "causes"],
    ["read", "what", "is", "fsgs", "--json"],
    ["read", "causs"],
    ["read", "causes", "--format", "markdown"],
    ["read", "causes", "--format=text"],
    ["read", "12", "--format", "json"],
    ["read", "causes", "--json", "--format", "text"],
    ["related", "12", "-n", "3"],
    ["related", "causes", "--json", "--limit", "2"],
]


def process(
    store: Path, args: list[str], env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "fsgs_cli", "--db", str(store), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
        timeout=DEADLINE,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("args", SAME, ids=" ".join)
def test_fast_path_matches_the_full_command_line(store_path: Path, args: list[str]) -> None:
    assert fast_plan(["--db", str(store_path), *args]) is not None
    full = CliRunner().invoke(app, ["--db", str(store_path), *args])
    assert process(store_path, args) == (full.exit_code, full.stdout, full.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["search", "kidney", "--help"],
        ["search"],
        ["search", "kidney", "--limit", "0"],
        ["search", "kidney", "--limit", "many"],
        ["search", "kidney", "--unknown"],
        ["search", "kidney", "--json", "--json"],
        ["read", "causes", "-x"],
        ["read", "causes", "--format", "pdf"],
        ["topics"],
        ["read", "causes", "--help"],
        ["--version", "extra"],
        ["--db"],
    ],
    ids=" ".join,
)
def test_anything_unusual_goes_to_the_full_command_line(args: list[str]) -> None:
    assert fast_plan(args) is None


HELP = [[], *[list(g.words) for g in spec.GROUPS], *[list(c.words) for c in spec.COMMANDS]]


@pytest.mark.parametrize("words", HELP, ids=lambda w: " ".join(w) or "fsgs")
def test_help_is_answered_fast_and_is_typers(store_path: Path, words: list[str]) -> None:
    """--help of every command is printed without Typer, and is exactly Typer's."""
    assert fast_plan([*words, "--help"]) is not None
    full = CliRunner().invoke(app, [*words, "--help"], prog_name="fsgs")
    assert full.exit_code == 0
    assert process(store_path, [*words, "--help"]) == (0, full.stdout, "")


def test_version_is_answered_fast(store_path: Path) -> None:
    assert fast_plan(["--version"]) is not None
    full = CliRunner().invoke(app, ["--version"])
    assert process(store_path, ["--version"]) == (full.exit_code, full.stdout, full.stderr)


def test_usage_errors_are_the_full_command_lines(store_path: Path) -> None:
    code, _, err = process(store_path, ["search", "kidney", "--limit", "0"])
    assert code == 2
    assert "--help" in err


@pytest.mark.parametrize(
    "words",
    ["fsgs read cau", "fsgs related a", "fsgs read what is", "fsgs se", "fsgs read --js"],
)
def test_fast_completion_matches_typer(store_path: Path, words: str) -> None:
    env = {
        "_FSGS_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
        "FSGS_DB": str(store_path),
    }
    fast = subprocess.run(
        [sys.executable, "-m", "fsgs_cli"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
        timeout=DEADLINE,
    )
    full = CliRunner().invoke(app, [], env=env, prog_name="fsgs")
    assert fast.returncode == full.exit_code == 0
    assert fast.stdout == full.stdout
    assert fast.stdout.strip()
    assert "fsgs: FSGS" not in fast.stdout, "completion, never the home screen"
