"""Every command and option, fuzzed: whatever is typed, fsgs answers with a documented exit
code and a one-line message, never a traceback, and never sends a control character to
the terminal.

Runs in-process (500 examples per command take seconds, where 500 processes would take
minutes), the way ``fsgs`` runs: the fast path (entry.fast_plan) when it takes the
arguments, and then it must answer exactly as the Typer app does.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from conftest import COMMITTED_STORE, article, write_content
from fsgs_cli import guard, helptext, spec
from fsgs_cli.cli import app
from fsgs_cli.entry import fast_plan

COMMAND = get_command(app)  # Typer builds the command on every call; once is enough here
RUNNER = CliRunner()
# Everything fsgs prints has its control characters removed; \t and \n are its own.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Outcome(NamedTuple):
    code: int
    stdout: str
    stderr: str


def run_typer(args: Sequence[str], env: Mapping[str, str] | None = None) -> Outcome:
    with RUNNER.isolation(env=env) as (out, err, _):
        try:
            COMMAND.main(args=list(args), prog_name="fsgs")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else -1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return Outcome(code, out.getvalue().decode(), err.getvalue().decode())


def run_fsgs(args: Sequence[str], env: Mapping[str, str] | None = None) -> Outcome:
    """``fsgs ARGS``: the fast path when it takes the arguments (checked against the Typer
    app, which must answer the same), else the Typer app."""
    full = run_typer(args, env)
    plan = fast_plan(guard.command_line(args))
    if plan is not None:
        with RUNNER.isolation(env=env) as (out, err, _):
            guard.tolerate_narrow_encodings()
            code = guard.guarded(plan)
            sys.stdout.flush()
            sys.stderr.flush()
            fast = Outcome(code, out.getvalue().decode(), err.getvalue().decode())
        assert fast == full, args
    return full


def check(
    outcome: Outcome, args: Sequence[str], allowed: Sequence[int] = (0, 1, 2), lines: int = 1
) -> None:
    """A documented exit code; on failure, the message as the last line of stderr, after at
    most ``lines - 1`` problem lines; no traceback and no control characters."""
    code, out, err = outcome
    event(f"exit {code}")
    assert "Traceback" not in out + err, (args, err)
    assert code in allowed, (args, code, err)
    assert not CONTROL.search(out), (args, out[:200])
    assert not CONTROL.search(err), (args, err[:200])
    if code:
        errors = err.splitlines()
        assert errors and errors[-1].startswith("fsgs: "), (args, err)
        assert len(errors) <= lines, (args, err)


# -- what people might type ---------------------------------------------------------------

SPECIAL = [
    "",
    " ",
    "-",
    "--",
    "-1",
    "0",
    "-5",
    str(10**20),
    str(10**30),
    "1e9",
    "0x10",
    "²",
    "٣",
    "NaN",
    "kidney",
    "causes",
    "help",
    "treatment",
    "12",
    "what is fsgs",
    "podocyte",
    "../../etc/passwd",
    "/etc/passwd",
    "/",
    ".",
    "..",
    "~",
    "/dev/null",
    "nul\x00byte",
    "\udcff",
    "\ud800",
    "\u202ekidney",
    "\u200f\u200e",
    "\x1b[31mred\x1b]0;pwned\x07",
    "[blink]x[/blink]",
    "<script>alert(1)</script>",
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    "NEAR(kidney steroids, 3)",
    "kidney AND",
    "OR",
    "NOT",
    "*",
    "kid*",
    "title:steroids",
    "{title summary}: kidney",
    "^kidney",
    '"unbalanced',
    "((kidney)",
    "%s%n",
    "🩺",
]
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=30)  # controls, surrogates
LONG = st.sampled_from(["a", "é", "\u202e", "[", "\x1b", "kidney ", "-", "🩺"]).map(
    lambda s: (s * 10_000)[:10_000]
)
NUMBER = st.one_of(st.integers(-(10**30), 10**30), st.sampled_from([-1, 0, 10**20])).map(str)
VALUE = st.one_of(st.sampled_from(SPECIAL), ANY_TEXT, NUMBER, LONG)


def arguments(flags: Sequence[str], valued: Sequence[str]) -> st.SearchStrategy[list[str]]:
    """Words, flags and options with values (``--opt VALUE`` or ``--opt=VALUE``), in any order."""
    pieces: list[st.SearchStrategy[list[str]]] = [VALUE.map(lambda v: [v])]
    if flags:
        pieces.append(st.sampled_from(flags).map(lambda f: [f]))
    if valued:
        option = st.sampled_from(valued)
        pieces.append(st.tuples(option, VALUE).map(list))
        pieces.append(st.tuples(option, VALUE).map(lambda p: [f"{p[0]}={p[1]}"]))
    return st.lists(st.one_of(pieces), max_size=5).map(
        lambda parts: [word for part in parts for word in part]
    )


def _words(command: spec.Command) -> tuple[list[str], list[str], list[str]]:
    """The words that start a command, its flags and its options that take a value."""
    flags = [n for o in command.options if not o.takes_value for n in o.names]
    valued = [n for o in command.options if o.takes_value for n in o.names]
    return list(command.words), [*flags, *helptext.help_names(command)], valued


def declared(*words: str) -> spec.Command:
    command = spec.find(words)
    assert command is not None, words
    return command


# The reading commands, from the declaration; build and export are fuzzed below, and
# serve (which runs until stopped) only with --metadata, which prints and exits.
COMMANDS = {
    "home": ([], [*spec.VERSION.names, *spec.HELP_NAMES], []),
    **{
        c.name: _words(c) for c in spec.COMMANDS if c.handler not in ("db_build", "export", "serve")
    },
    "serve --metadata": (["serve", "--metadata"], [], ["--host", "--port"]),
}


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty current folder, so that a fuzzed file name (``diary export -o NAME``) lands
    there and never in the checkout."""
    place = tmp_path_factory.mktemp("elsewhere")
    with contextlib.chdir(place):
        yield place


@pytest.mark.parametrize("name", list(COMMANDS))
@given(data=st.data())
def test_fuzzed_commands(name: str, store_path: Path, elsewhere: Path, data: st.DataObject) -> None:
    start, flags, valued = COMMANDS[name]
    args = ["--db", str(store_path), *start, *data.draw(arguments(flags, valued))]
    check(run_fsgs(args), args)


@given(VALUE, st.sampled_from([["topics"], ["read", "causes"], ["search", "kidney"], []]))
def test_fuzzed_store_path(db: str, command: list[str]) -> None:
    """Any --db: the store is read (exit 0) or refused with exit 3."""
    for args in (["--db", db, *command], [f"--db={db}", *command]):
        check(run_fsgs(args), args, allowed=(0, 2, 3))


# -- db build ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A working folder with a small valid content folder in it, made the current folder so
    that relative paths (and the default data/articles.db) land inside it."""
    place = tmp_path_factory.mktemp("workshop")
    write_content(place / "content", {"one.md": article(1, "one"), "two.md": article(2, "two")})
    (place / "out").mkdir()
    with contextlib.chdir(place):
        yield place


def inside(folder: Path, value: str) -> bool:
    return "\x00" not in value and os.path.normpath(folder / value).startswith(f"{folder}{os.sep}")


PLACE = st.one_of(VALUE, VALUE.map(lambda v: f"out/{v}"), st.just("out/store.db"))


@given(
    content=st.one_of(st.just("content"), VALUE),
    output=st.one_of(st.none(), PLACE),
    db=st.one_of(st.none(), PLACE),
    extra=arguments(*_words(declared("db", "build"))[1:]),
)
def test_fuzzed_build(
    workshop: Path, content: str, output: str | None, db: str | None, extra: list[str]
) -> None:
    """Whatever the paths, a build succeeds, lists its problems or is a usage error; and it
    never writes outside the working folder (fuzzed outputs that would are left out)."""
    args = ["db", "build", "--content", content]
    if output is not None:
        args += ["--output", output]
    if db is not None:
        args = ["--db", db, *args]
    args += extra
    for name, value in itertools.pairwise(args):
        if name in ("--output", "-o", "--db"):
            assume(inside(workshop, value))
        elif name.startswith(("--output=", "-o=", "--db=")):
            assume(inside(workshop, name.partition("=")[2]))
    check(run_fsgs(args), args, allowed=(0, 1, 2, 3), lines=100)


# -- export -------------------------------------------------------------------------------


@given(
    output=st.one_of(st.none(), st.just("-"), PLACE, PLACE.map(lambda v: f"{v}.html")),
    extra=arguments(*_words(declared("export"))[1:]),
)
def test_fuzzed_export(
    workshop: Path, store_path: Path, output: str | None, extra: list[str]
) -> None:
    """Whatever is asked for, an export is written, refused as a usage error or not found;
    and it never writes outside the working folder."""
    args = ["--db", str(store_path), "export", *extra]
    if output is not None:
        args += ["-o", output]
        assume(inside(workshop, output))
    assume(not any(a.startswith(("-o", "--output", "--db")) for a in extra))
    check(run_fsgs(args), args)
    assert not list(workshop.rglob(".*.tmp")), "no temporary files left"


def test_fuzzing_left_the_checkout_alone() -> None:
    """The build fuzzing ran in a temporary folder: the committed store is untouched."""
    assert not list(COMMITTED_STORE.parent.glob(".*.tmp"))
    assert hashlib.sha256(COMMITTED_STORE.read_bytes()).hexdigest() == _COMMITTED_DIGEST


_COMMITTED_DIGEST = hashlib.sha256(COMMITTED_STORE.read_bytes()).hexdigest()


SGR = re.compile(r"\x1b\[[0-9;]*m")


@settings(max_examples=200)  # on top of the 500 plain searches above; Rich takes its time
@given(st.lists(VALUE, min_size=1, max_size=4), st.sampled_from(["20", "80"]))
def test_fuzzed_search_styled(store_path: Path, words: list[str], columns: str) -> None:
    """On a terminal, what was typed is shown back (“3 results for …”): as inert text."""
    args = ["--db", str(store_path), "search", "--limit", "2", "--", *words]
    code, out, err = run_typer(args, {"FORCE_COLOR": "1", "COLUMNS": columns})
    check(Outcome(code, SGR.sub("", out), err), args)
