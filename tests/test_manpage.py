"""The man page is generated from the declaration, committed current, and clean roff.

After changing a command, regenerate it with

    uv run python -m fsgs_cli.manpage --write
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DEADLINE, ROOT
from fsgs_cli import __version__, manpage, spec

COMMITTED = ROOT / "share" / "man" / "man1" / "fsgs.1"
FIX = "uv run python -m fsgs_cli.manpage --write"
GROFF = shutil.which("groff")
# Every request the generator may start a line with; anything else at the start of a line
# would be a stray "." or "'" from the text.
REQUESTS = {'.\\"', ".TH", ".SH", ".SS", ".PP", ".TP", ".RS", ".RE", ".EX", ".EE", ".br"}
REQUESTS |= {".nh", ".nr", ".ad"}


def roff(name: str) -> str:
    """An option name as the page must write it: each dash a minus sign."""
    return name.replace("-", "\\-")


def test_committed_page_is_current() -> None:
    assert COMMITTED.is_file(), f"share/man/man1/fsgs.1 is missing: run {FIX}"
    assert COMMITTED.read_text(encoding="utf-8") == manpage.render(), (
        f"share/man/man1/fsgs.1 differs from the declaration: run {FIX}"
    )


def test_page_does_not_depend_on_the_day() -> None:
    page = manpage.render()
    assert page == manpage.render()
    (th,) = [line for line in page.splitlines() if line.startswith(".TH ")]
    assert th == f'.TH FSGS 1 "" "fsgs {__version__}" "User Commands"'


def test_every_command_and_option_is_documented() -> None:
    page = manpage.render()
    for command in spec.COMMANDS:
        assert f'.SS "fsgs {command.name}"' in page, command.name
        for argument in command.arguments:
            assert f"\\fI{argument.metavar.strip('[].')}\\fR" in page, argument.metavar
    for gathering in spec.GROUPS:
        assert f'.SS "fsgs {" ".join(gathering.words)}"' in page
    options = [o for c in spec.COMMANDS for o in c.options]
    options += [*spec.ROOT_OPTIONS, *spec.COMPLETION_OPTIONS]
    for option in options:
        for name in option.names:
            assert f"\\fB{roff(name)}\\fR" in page, name
        for choice in option.choices:
            assert f"\\fB{roff(choice)}\\fR" in page, choice
    for name in spec.HELP_NAMES:
        assert f"\\fB{roff(name)}\\fR" in page, name


def test_every_section_is_there_in_order() -> None:
    sections = re.findall(r"^\.SH (.+)$", manpage.render(), re.M)
    assert sections == [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "COMMANDS",
        "OPTIONS",
        "EXAMPLES",
        "EXIT STATUS",
        "ENVIRONMENT",
        "FILES",
        "SEE ALSO",
    ]
    page = manpage.render()
    for code in ("0", "1", "2", "3", "130"):
        assert f".TP\n\\fB{code}\\fR\n" in page
    for name in ("FSGS_DB", "FSGS_HOME", "NO_COLOR", "TERM", "PAGER", "FSGS_PAGER", "FSGS_DEBUG"):
        assert f".TP\n\\fB{roff(name)}\\fR\n" in page, name


def test_no_text_line_is_read_as_a_request() -> None:
    page = manpage.render()
    assert page.isascii(), "non-ASCII text must be written as \\[uXXXX]"
    for line in page.splitlines():
        if line.startswith((".", "'")):
            assert line.split(" ")[0] in REQUESTS, line


def test_roff_escaping() -> None:
    assert manpage.lines(".hidden", "'quoted", "plain") == ["\\&.hidden", "\\&'quoted", "plain"]
    assert manpage.escape("C:\\fsgs ~ a^b ’") == "C:\\efsgs \\(ti a\\(hab \\[u2019]"
    assert manpage.prose("--limit and -n, not read-only; '-' is") == (
        "\\-\\-limit and \\-n, not read-only; '\\-' is"
    )
    assert manpage.code("fsgs read 'a-b'") == "fsgs read \\(aqa\\-b\\(aq"
    assert manpage.heading("SS", 'say "hi"') == '.SS "say \\(dqhi\\(dq"'


@pytest.mark.skipif(GROFF is None, reason="groff is not installed")
def test_groff_renders_it_without_warnings() -> None:
    assert GROFF is not None
    lint = subprocess.run(
        [GROFF, "-man", "-ww", "-z", str(COMMITTED)],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert lint.returncode == 0
    assert lint.stdout == lint.stderr == ""


@pytest.mark.skipif(GROFF is None, reason="groff is not installed")
def test_rendered_page_shows_options_as_typed() -> None:
    """Minus signs come out as the "-" a reader types, and no name breaks at a hyphen."""
    assert GROFF is not None
    shown = subprocess.run(
        [GROFF, "-man", "-Tascii", "-P-cbu", "-rLL=70n", str(COMMITTED)],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        env={"GROFF_NO_SGR": "1", "PATH": str(Path(GROFF).parent)},
    )
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.split())  # lines are justified: spaces vary
    assert "fsgs - Read about FSGS" in text
    words = set(text.split())
    for command in spec.COMMANDS:
        for option in command.options:
            for name in option.names:
                assert name in words or f"{name}," in words, name
    for example in spec.ROOT_EXAMPLES:
        assert example in text
