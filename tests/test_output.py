"""Terminal, piped and NO_COLOR output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEADLINE, on_terminal
from fsgs_cli import render
from fsgs_cli.cli import app
from fsgs_cli.render.pager import page_text

ANSI = re.compile(r"\x1b\[")
# Rich's own escape sequences: colours and styles (SGR), and OSC 8 hyperlinks.
SGR = re.compile(r"\x1b\[[0-9;]*m")
HYPERLINK = re.compile(r"\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")
COMMANDS = [
    [],
    ["topics"],
    ["topics", "causes"],
    ["read", "causes"],
    ["search", "proteinuria"],
    ["related", "12"],
    ["map"],
    ["latest"],
    ["glossary"],
    ["db", "info"],
    ["db", "check"],
]


@pytest.mark.parametrize("command", COMMANDS)
def test_piped_output_has_no_escape_codes(
    runner: CliRunner, store_path: Path, command: list[str]
) -> None:
    result = runner.invoke(app, ["--db", str(store_path), *command])
    assert result.exit_code == 0
    assert result.stdout.strip()
    assert not ANSI.search(result.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_forced_colour_is_styled_and_no_color_wins(
    runner: CliRunner, store_path: Path, command: list[str]
) -> None:
    args = ["--db", str(store_path), *command]
    styled = runner.invoke(app, args, env={"FORCE_COLOR": "1", "COLUMNS": "100"})
    assert styled.exit_code == 0
    assert ANSI.search(styled.stdout)
    plain = runner.invoke(app, args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert plain.exit_code == 0
    assert not ANSI.search(plain.stdout)


def test_styled_article_shows_breadcrumb_markdown_and_related(
    runner: CliRunner, store_path: Path
) -> None:
    result = runner.invoke(
        app,
        ["--db", str(store_path), "read", "causes"],
        env={"FORCE_COLOR": "1", "COLUMNS": "100"},
    )
    text = ANSI.sub("", re.sub(r"\x1b\[[0-9;]*m", "", result.stdout))
    assert "FSGS › Causes › What causes FSGS" in text
    assert "## " not in text  # headings are rendered, not shown as Markdown
    assert "Sources" in text and "Related" in text


def test_terminal_text_is_cleaned_of_control_characters() -> None:
    assert render.clean("\x1b[31mred\x1b]0;title\x07 ok\n") == "[31mred]0;title ok\n"


def test_long_article_goes_through_the_pager(
    store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fsgs_cli.store import Store

    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"tee {paged}")
    monkeypatch.setenv("LINES", "20")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    store = Store.open(store_path)
    page = store.article(store.resolve("causes"))
    render.show(render.Output(styled=True, pager=True)).article(page)
    assert "What causes FSGS" in paged.read_text()

    paged.unlink()
    render.show(render.Output(styled=True, pager=False)).article(page)
    assert not paged.exists()


def test_missing_pager_falls_back_to_printing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGER", "no-such-pager-program")
    page_text("hello\n")
    assert capsys.readouterr().out == "hello\n"


def run_process(store: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "fsgs_cli", "--db", str(store), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=full_env,
        check=False,
        timeout=DEADLINE,
    )


@pytest.mark.parametrize("forced", [False, True])
def test_ascii_terminal_does_not_crash(store_path: Path, forced: bool) -> None:
    env = {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    if forced:
        env["FORCE_COLOR"] = "1"
    for command in (["read", "causes"], ["topics"], ["map"], ["search", "kidney"]):
        result = run_process(store_path, *command, env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip()


def test_head_closes_the_pipe_quietly(store_path: Path) -> None:
    for command in (["read", "causes"], ["map"], ["search", "kidney"], ["glossary"]):
        shell = subprocess.run(
            f"{sys.executable} -m fsgs_cli --db {store_path} {' '.join(command)} | head -1",
            shell=True,
            capture_output=True,
            text=True,
            check=False,
            timeout=DEADLINE,
        )
        assert len(shell.stdout.splitlines()) == 1
        assert shell.stderr == "", shell.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_narrow_terminal(runner: CliRunner, store_path: Path, command: list[str]) -> None:
    args = ["--db", str(store_path), *command]
    result = runner.invoke(app, args, env={"FORCE_COLOR": "1", "COLUMNS": "20"})
    assert result.exit_code == 0, result.stderr
    text = HYPERLINK.sub("", SGR.sub("", result.stdout))
    assert text.strip()
    assert max(len(line) for line in text.splitlines()) <= 20


@pytest.mark.parametrize("columns", ["0", "1", "-3", "wide", "100000"])
def test_odd_column_counts(runner: CliRunner, store_path: Path, columns: str) -> None:
    for command in (["read", "causes"], ["topics"], ["map"]):
        args = ["--db", str(store_path), *command]
        result = runner.invoke(app, args, env={"FORCE_COLOR": "1", "COLUMNS": columns})
        assert result.exit_code == 0, (columns, command, result.stderr)
        assert result.stdout.strip()


@pytest.mark.parametrize("forced", [False, True])
@pytest.mark.parametrize("command", COMMANDS)
def test_ascii_output_in_process(store_path: Path, command: list[str], forced: bool) -> None:
    """Every command, on an output that takes only ASCII: what it cannot show is replaced."""
    env = {"FORCE_COLOR": "1"} if forced else {}
    result = CliRunner(charset="ascii").invoke(app, ["--db", str(store_path), *command], env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    assert result.stdout_bytes.isascii()


def test_no_color_wins_over_force_color_on_a_terminal(store_path: Path) -> None:
    """On a real terminal (a pseudo-terminal here) as well as through a pipe."""
    cases: list[tuple[dict[str, str], bool]] = [
        ({}, True),
        ({"NO_COLOR": "1"}, False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ]
    for env, styled in cases:
        output = on_terminal(store_path, ["topics"], env)
        assert bool(ANSI.search(output)) is styled, env
        assert "causes" in output


COMMANDS_QUIETLY_CUT_SHORT = [
    ["read", "causes"],
    ["read", "causes", "--json"],
    ["search", "kidney"],
    ["search", "kidney", "--json"],
    ["search", "xylophonezz", "--json"],
    ["related", "12"],
    ["topics"],
    ["map"],
    ["latest"],
    ["glossary"],
    ["db", "info"],
]


@pytest.mark.parametrize("command", COMMANDS_QUIETLY_CUT_SHORT, ids=" ".join)
def test_a_reader_that_goes_away_at_once(store_path: Path, command: list[str]) -> None:
    """The pipe is closed before fsgs writes anything: it stops, with no message, exit 0."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "fsgs_cli", "--db", str(store_path), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=DEADLINE) == 0
    assert stderr == ""


def test_head_of_styled_output_is_quiet(store_path: Path) -> None:
    for command in (["read", "causes", "--no-pager"], ["map"], ["search", "kidney"]):
        shell = subprocess.run(
            f"{sys.executable} -m fsgs_cli --db {store_path} {' '.join(command)} | head -1",
            shell=True,
            capture_output=True,
            text=True,
            env={**os.environ, "FORCE_COLOR": "1"},
            check=False,
            timeout=DEADLINE,
        )
        assert len(shell.stdout.splitlines()) == 1
        assert shell.stderr == "", shell.stderr
