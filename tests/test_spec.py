"""Each command is declared once, in spec.py: the Typer app, the fast path and the help are
all made from that declaration, and no option is spelled anywhere else."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from fsgs_cli import entry, helptext, spec
from fsgs_cli.cli import app

SRC = Path(spec.__file__).parent
WORDS = [(), ("db",), *[c.words for c in spec.COMMANDS]]


def click_command(words: tuple[str, ...]) -> Any:
    command: Any = typer.main.get_command(app)
    for word in words:
        command = command.commands[word]
    return command


@pytest.mark.parametrize("command", spec.COMMANDS, ids=lambda c: c.name)
def test_the_typer_app_takes_what_is_declared(command: spec.Command) -> None:
    params = click_command(command.words).params
    options = {tuple(sorted(p.opts)) for p in params if p.param_type_name == "option"}
    assert options == {tuple(sorted(o.names)) for o in command.options}
    arguments = [p.name for p in params if p.param_type_name == "argument"]
    assert arguments == [a.dest for a in command.arguments]


def test_the_program_takes_what_is_declared() -> None:
    options = {tuple(sorted(p.opts)) for p in click_command(()).params}
    declared = {tuple(sorted(o.names)) for o in (*spec.ROOT_OPTIONS, *spec.COMPLETION_OPTIONS)}
    assert options == declared


@pytest.mark.parametrize("words", WORDS, ids=lambda w: " ".join(w) or "fsgs")
def test_help_is_the_declarations(runner: CliRunner, words: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*words, "--help"], prog_name="fsgs")
    assert result.exit_code == 0
    assert result.stdout == helptext.for_words(words)
    command = spec.find(words)
    if command is None or command.examples:
        assert "Examples:" in result.stdout
    for example in command.examples if command else ():
        assert f"    {example}\n" in result.stdout


@pytest.mark.parametrize("command", [c for c in spec.COMMANDS if c.fast], ids=lambda c: c.name)
def test_the_fast_parser_reads_every_declared_option(command: spec.Command) -> None:
    for option in command.options:
        value = "3" if option.kind == "int" else (option.choices or ("x",))[0]
        expected: object = int(value) if option.kind == "int" else value
        for name in option.names:
            if option.takes_value:
                parsed = entry.parse(command, ["word", name, value])
            else:
                parsed, expected = entry.parse(command, ["word", name]), True
            assert parsed is not None, (command.name, name)
            assert parsed[option.dest] == expected


def literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_no_option_is_spelled_outside_the_declaration() -> None:
    """An option's name written anywhere but the spec package would be a second
    declaration."""
    names = {
        name for command in spec.COMMANDS for option in command.options for name in option.names
    }
    names |= {name for o in (*spec.ROOT_OPTIONS, *spec.COMPLETION_OPTIONS) for name in o.names}
    names |= set(spec.HELP_NAMES)
    found = [
        f"{path.relative_to(SRC)}:{line}: {value}"
        for path in sorted(SRC.rglob("*.py"))
        if path.parent.name != "spec"
        for line, value in literals(path)
        if value in names or value.partition("=")[0] in names
    ]
    assert found == []
