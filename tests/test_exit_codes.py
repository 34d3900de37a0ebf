"""Every documented exit code, with a one-line message and never a traceback."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fsgs_cli import entry
from fsgs_cli.cli import app


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("fsgs: ")
    return lines[0]


def test_unknown_article_suggests_close_matches(runner: CliRunner, store_path: Path) -> None:
    code, out, err = invoke(runner, "--db", str(store_path), "read", "causs")
    assert code == 1
    assert out == ""
    line = one_line(err)
    assert "no article matches 'causs'" in line
    assert "Did you mean: causes" in line


def test_ambiguous_reference_lists_candidates(runner: CliRunner, store_path: Path) -> None:
    code, _, err = invoke(runner, "--db", str(store_path), "read", "fsgs")
    # 'fsgs' is an alias of the start-here article, so it resolves; title words that
    # several titles share are ambiguous instead.
    assert code == 0
    code, _, err = invoke(runner, "--db", str(store_path), "read", "and")
    assert code == 1
    line = one_line(err)
    assert "matches more than one article" in line
    assert "Candidates:" in line


def test_unknown_related_reference(runner: CliRunner, store_path: Path) -> None:
    code, _, err = invoke(runner, "--db", str(store_path), "related", "999999")
    assert code == 1
    one_line(err)


def test_search_without_results_exits_1(runner: CliRunner, store_path: Path) -> None:
    code, out, err = invoke(runner, "--db", str(store_path), "search", "xylophonezz")
    assert code == 1
    assert out == ""
    assert "no articles match 'xylophonezz'" in one_line(err)


def test_search_without_results_still_prints_json(runner: CliRunner, store_path: Path) -> None:
    code, out, err = invoke(runner, "--db", str(store_path), "search", "xylophonezz", "--json")
    assert code == 1
    assert '"results": []' in out
    one_line(err)


def test_unknown_topic_and_glossary_term(runner: CliRunner, store_path: Path) -> None:
    code, _, err = invoke(runner, "--db", str(store_path), "topics", "cuases")
    assert code == 1
    assert "Did you mean: causes" in one_line(err)
    code, _, err = invoke(runner, "--db", str(store_path), "glossary", "podocite")
    assert code == 1
    assert "podocyte" in one_line(err)


@pytest.mark.parametrize(
    "args",
    [
        ["search"],
        ["read"],
        ["search", "kidney", "--limit", "0"],
        ["search", "kidney", "--limit", "-5"],
        ["search", "kidney", "--limit", str(10**20)],
        ["latest", "--limit", "abc"],
        ["no-such-command"],
        ["read", "causes", "--no-such-option"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, store_path: Path, args: list[str]) -> None:
    code, _, err = invoke(runner, "--db", str(store_path), *args)
    assert code == 2
    assert "--help" in one_line(err)


def test_search_of_only_punctuation_is_a_usage_error(runner: CliRunner, store_path: Path) -> None:
    code, _, err = invoke(runner, "--db", str(store_path), "search", "!!!", "()")
    assert code == 2
    one_line(err)


def test_missing_store_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = invoke(runner, "--db", str(tmp_path / "nope.db"), "read", "causes")
    assert code == 3
    assert "fsgs db build" in one_line(err)


def test_store_from_environment(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["topics"], env={"FSGS_DB": str(tmp_path / "gone.db")})
    assert result.exit_code == 3
    assert "gone.db" in result.stderr


@pytest.mark.parametrize("kind", ["empty", "text", "truncated", "directory", "wrong-schema"])
def test_bad_stores_exit_3(runner: CliRunner, store_path: Path, tmp_path: Path, kind: str) -> None:
    bad = tmp_path / "bad.db"
    if kind == "empty":
        bad.write_bytes(b"")
    elif kind == "text":
        bad.write_text("this is not a database\n" * 100)
    elif kind == "truncated":
        bad.write_bytes(store_path.read_bytes()[:4096])
    elif kind == "directory":
        bad.mkdir()
    else:
        bad.write_bytes(store_path.read_bytes())
        with sqlite3.connect(bad) as conn:
            conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
        conn.close()
    for command in (["read", "causes"], ["search", "kidney"], ["topics"], []):
        code, _, err = invoke(runner, "--db", str(bad), *command)
        assert code == 3, (kind, command)
        one_line(err)


LIMITS = [
    ["search", "kidney", "--limit"],
    ["search", "kidney", "--limit="],
    ["related", "4", "--limit"],
    ["related", "4", "-n"],
    ["latest", "--limit"],
    ["latest", "-n"],
]


@pytest.mark.parametrize("value", ["-5", "0", "101", str(10**20), "²", "many"])
@pytest.mark.parametrize("option", LIMITS, ids=" ".join)
def test_out_of_range_limits_are_usage_errors(
    store_path: Path, monkeypatch: pytest.MonkeyPatch, option: list[str], value: str
) -> None:
    """On the fast path (fsgs's entry point) and through Typer alike: exit 2, one line."""
    glued = option[-1].endswith("=")
    args = [*option[:-1], option[-1] + value] if glued else [*option, value]
    argv = ["fsgs", "--db", str(store_path), *args]
    monkeypatch.setattr(sys, "argv", argv)
    runner = CliRunner()
    with runner.isolation() as (out, err, _), pytest.raises(SystemExit) as exit_info:
        try:
            entry.main()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            fast = (out.getvalue().decode(), err.getvalue().decode())
    assert exit_info.value.code == 2
    assert fast[0] == ""
    message = one_line(fast[1])
    assert "Invalid value for '" in message and "--help" in message
    assert invoke(runner, *argv[1:]) == (2, "", fast[1])
