"""Every documented exit code, with a one-line message and never a traceback."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fsgs_cli import entry, guard
from fsgs_cli.cli import app
from fsgs_cli.schema import SCHEMA_VERSION


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


def test_search_without_results_is_one_line_even_for_a_glossary_term(
    runner: CliRunner, store_path: Path
) -> None:
    """The definition goes with results; with none, the one line says so."""
    code, out, err = invoke(
        runner, "--db", str(store_path), "search", "podocyte", "--topic", "help"
    )
    assert code == 1
    assert out == ""
    assert one_line(err) == "fsgs: no articles match 'podocyte'."


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


BAD_STORES = ["empty", "text", "truncated", "half", "directory", "other-sqlite", "wrong-schema"]


def bad_store(kind: str, store: Path, folder: Path) -> Path:
    bad = folder / "bad.db"
    if kind == "empty":
        bad.write_bytes(b"")
    elif kind == "text":
        bad.write_text("this is not a database\n" * 100)
    elif kind == "truncated":
        bad.write_bytes(store.read_bytes()[:4096])
    elif kind == "half":
        data = store.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif kind == "directory":
        bad.mkdir()
    elif kind == "other-sqlite":
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE notes (text)")
        conn.close()
    else:
        bad.write_bytes(store.read_bytes())
        with sqlite3.connect(bad) as conn:
            conn.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
        conn.close()
    return bad


@pytest.mark.parametrize("kind", BAD_STORES)
def test_bad_stores_exit_3_and_say_what_to_do(
    runner: CliRunner, store_path: Path, tmp_path: Path, kind: str
) -> None:
    bad = bad_store(kind, store_path, tmp_path)
    commands: list[list[str]] = [
        ["read", "causes"],
        ["search", "kidney"],
        ["related", "4"],
        ["topics"],
        ["map"],
        ["latest"],
        ["glossary"],
        ["db", "info"],
        [],
    ]
    for command in commands:
        code, out, err = invoke(runner, "--db", str(bad), *command)
        # Half a store may still hold what a command reads; nothing else may succeed.
        if code == 0 and kind == "half":
            continue
        assert code == 3, (kind, command)
        assert out == ""
        assert "fsgs db build" in one_line(err), err


def test_wrong_schema_says_another_version_built_it(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    bad = bad_store("wrong-schema", store_path, tmp_path)
    code, _, err = invoke(runner, "--db", str(bad), "topics")
    assert code == 3
    assert one_line(err) == (
        f"fsgs: {bad} was built by another version of fsgs (schema version 999; this fsgs "
        f"reads version {SCHEMA_VERSION}). Rebuild it with 'fsgs db build'."
    )


def test_a_file_that_is_not_an_fsgs_store(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    bad = bad_store("other-sqlite", store_path, tmp_path)
    code, _, err = invoke(runner, "--db", str(bad), "topics")
    assert code == 3
    assert f"{bad} is not an fsgs article store. Run 'fsgs db build'" in one_line(err)
    bad.unlink()
    bad = bad_store("text", store_path, tmp_path)
    code, _, err = invoke(runner, "--db", str(bad), "topics")
    assert code == 3
    assert f"cannot read {bad}: file is not a database. Run 'fsgs db build'" in one_line(err)


def test_a_store_locked_by_another_program_is_read_as_it_is(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    """fsgs reads the store as immutable, so another program's lock does not block it."""
    copy = tmp_path / "locked.db"
    shutil.copy(store_path, copy)
    expected = invoke(runner, "--db", str(copy), "read", "causes", "--json")
    holder = sqlite3.connect(copy, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert invoke(runner, "--db", str(copy), "read", "causes", "--json") == expected
        assert expected[0] == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_store_being_changed_exits_3(runner: CliRunner, store_path: Path, tmp_path: Path) -> None:
    """A program part-way through changing the store: the file alone may be half-changed."""
    copy = tmp_path / "changing.db"
    shutil.copy(store_path, copy)
    writer = sqlite3.connect(copy, isolation_level=None)
    writer.execute("PRAGMA cache_size = 2")  # so that changed pages reach the file at once
    writer.execute("BEGIN")
    writer.execute("UPDATE articles SET body = body || ' changed'")
    try:
        assert (tmp_path / "changing.db-journal").exists()
        for command in (["read", "causes"], ["search", "kidney"], ["topics"]):
            code, out, err = invoke(runner, "--db", str(copy), *command)
            assert code == 3
            assert out == ""
            line = one_line(err)
            assert "is being changed by another program (changing.db-journal is beside it)" in line
            assert "Wait for it to finish, or rebuild the store with 'fsgs db build'." in line
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert invoke(runner, "--db", str(copy), "topics")[0] == 0


def test_a_store_with_changes_in_a_write_ahead_log_exits_3(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "wal.db"
    shutil.copy(store_path, copy)
    writer = sqlite3.connect(copy, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE articles SET body = body || ' changed'")
    try:
        code, _, err = invoke(runner, "--db", str(copy), "topics")
        assert code == 3
        assert "(wal.db-wal is beside it)" in one_line(err)
    finally:
        writer.close()  # the last connection writes the log into the store and removes it
    assert invoke(runner, "--db", str(copy), "topics")[0] == 0


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


def test_a_bug_is_one_line_and_exit_70_unless_debugging(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    assert guard.guarded(bug) == 70
    assert capsys.readouterr().err == (
        "fsgs: unexpected error (ZeroDivisionError: division by zero). Please report it.\n"
    )
    monkeypatch.setenv("FSGS_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        guard.guarded(bug)


@pytest.mark.parametrize("group", ["db", "calc", "diary"])
def test_a_group_alone_shows_its_commands(runner: CliRunner, group: str) -> None:
    """``fsgs calc`` names no command: its help, whole, on stderr, and exit 2."""
    result = runner.invoke(app, [group])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Usage: fsgs {group} [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nCommands:\n" in result.stderr
