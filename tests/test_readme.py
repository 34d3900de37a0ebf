"""The README never lies: its examples are run, and its help is the declaration's.

Every ``$ fsgs …`` line in a ``console`` block is run (from a scratch folder, with the
committed store and one diary for the whole README, in order) and its output compared
with the lines shown under it: tabs are shown as two spaces, ``…`` inside a line stands
for anything, and a last line of ``…`` alone for "and more". After an intended change,
rewrite the shown output with

    FSGS_UPDATE_README=1 uv run pytest tests/test_readme.py

and regenerate the command reference with ``uv run cog -r README.md``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, DEADLINE, ROOT

README = ROOT / "README.md"
UPDATE = bool(os.environ.get("FSGS_UPDATE_README"))
BLOCK_RE = re.compile(r"^```console\n(.*?)^```\n", re.M | re.S)


class Example:
    def __init__(self, command: str, shown: list[str], start: int, end: int) -> None:
        self.command = command
        self.shown = shown
        self.start, self.end = start, end  # the span of the shown lines in the README

    def __repr__(self) -> str:
        return self.command


def examples(text: str) -> list[Example]:
    found: list[Example] = []
    for block in BLOCK_RE.finditer(text):
        offset = block.start(1)
        body = block.group(1)
        for command in re.finditer(r"^\$ (fsgs.*)\n((?:(?!\$ ).*\n)*)", body, re.M):
            shown = command.group(2).splitlines()
            span = (offset + command.start(2), offset + command.end(2))
            found.append(Example(command.group(1), shown, *span))
    return found


EXAMPLES = examples(README.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder that looks like a checkout (content/ and data/), so that examples that write
    (db build, export) write there and not into the real one."""
    place = tmp_path_factory.mktemp("readme")
    (place / "content").symlink_to(CONTENT)
    (place / "data").mkdir()
    return place


def run(example: Example, place: Path) -> list[str]:
    args = shlex.split(example.command)[1:]
    env = {k: v for k, v in os.environ.items() if k not in ("FSGS_DB", "NO_COLOR", "PAGER")}
    done = subprocess.run(
        [sys.executable, "-m", "fsgs_cli", *args],
        capture_output=True,
        text=True,
        cwd=place,
        env={**env, "COLUMNS": "100", "FSGS_HOME": str(place / "home")},
        timeout=DEADLINE,
        check=False,
    )
    assert "Traceback" not in done.stderr
    return [line.replace("\t", "  ") for line in (done.stderr + done.stdout).splitlines()]


def matches(shown: str, actual: str) -> bool:
    if "…" not in shown:
        return shown == actual
    return re.fullmatch(".*".join(re.escape(part) for part in shown.split("…")), actual) is not None


def agree(shown: list[str], actual: list[str]) -> bool:
    if shown and shown[-1] == "…":
        head = shown[:-1]
        return len(actual) > len(head) and all(map(matches, head, actual))
    return len(shown) == len(actual) and all(map(matches, shown, actual))


@pytest.mark.parametrize("example", EXAMPLES, ids=repr)
def test_readme_example(example: Example, scratch: Path) -> None:
    actual = run(example, scratch)
    assert agree(example.shown, actual), (
        f"README: '$ {example.command}' shows\n"
        + "\n".join(example.shown)
        + "\nbut prints\n"
        + "\n".join(actual)
        + "\n(FSGS_UPDATE_README=1 rewrites the README's examples)"
    )


def test_the_readme_has_examples_of_every_reading_command() -> None:
    commands = {shlex.split(e.command)[1] if len(e.command.split()) > 1 else "" for e in EXAMPLES}
    for name in ("", "read", "search", "related", "topics", "map", "latest", "glossary", "db"):
        assert name in commands, name


def updated(shown: list[str], actual: list[str]) -> list[str]:
    """The output to show: what was printed, as long as the README showed it before, with
    its lines of placeholders kept where they still match."""
    keep = len(shown) - 1 if shown and shown[-1] == "…" else len(actual)
    lines = [
        old if i < len(shown) and "…" in old and matches(old, new) else new
        for i, (old, new) in enumerate(zip(shown, actual, strict=False))
    ] + actual[len(shown) :]
    lines = lines[:keep]
    return [*lines, "…"] if keep < len(actual) else lines


@pytest.mark.skipif(not UPDATE, reason="set FSGS_UPDATE_README=1 to rewrite the examples")
def test_rewrite_the_readme_examples(scratch: Path) -> None:
    text = README.read_text(encoding="utf-8")
    found = examples(text)
    outputs = [run(example, scratch) for example in found]  # in order: the diary builds up
    for example, output in reversed(list(zip(found, outputs, strict=True))):
        lines = updated(example.shown, output)
        text = text[: example.start] + "".join(f"{line}\n" for line in lines) + text[example.end :]
    README.write_text(text, encoding="utf-8")


def test_the_command_reference_is_current() -> None:
    """The README's help blocks are what ``--help`` prints (cog writes them)."""
    cog = shutil.which("cog", path=str(Path(sys.executable).parent))
    assert cog, "cogapp is a development dependency"
    done = subprocess.run(
        [cog, "--check", "--diff", str(README)],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr + "\nRun: uv run cog -r README.md"
