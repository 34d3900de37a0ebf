"""Start-up stays fast: heavy modules load only on the code paths that need them.

Speed itself is measured by the benchmark (bench/startup.py), not asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEADLINE

HEAVY = (
    "rich",
    "sqlite_utils",
    "markdown_it",
    "mdformat",
    "rapidfuzz",
    "spellchecker",
    "yaml",
    "frontmatter",
    "pydantic",
)

PROBE = """
import json, sys
sys.argv = ["fsgs", *json.loads(sys.argv[1])]
from fsgs_cli.cli import app
before = sorted(sys.modules)
try:
    app()
except SystemExit:
    pass
sys.stderr.write(json.dumps({"import": before, "run": sorted(sys.modules)}))
"""


def loaded(*args: str) -> dict[str, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=False,
        timeout=DEADLINE,
    )
    found = json.loads(result.stderr.strip().splitlines()[-1])
    return {when: {name.split(".")[0] for name in names} for when, names in found.items()}


def test_importing_the_cli_loads_nothing_heavy() -> None:
    modules = loaded("--version")
    assert not set(HEAVY) & modules["import"]
    assert "sqlite3" not in modules["import"]


def test_help_loads_neither_rich_nor_the_store() -> None:
    modules = loaded("--help")["run"]
    assert not set(HEAVY) & modules
    assert "sqlite3" not in modules


@pytest.mark.parametrize(
    "command",
    [
        ["search", "proteinuria"],
        ["search", "chest pain"],
        ["search", "upcr 300"],
        ["read", "causes"],
    ],
)
def test_piped_reading_loads_nothing_heavy(command: list[str], store_path: Path) -> None:
    modules = loaded("--db", str(store_path), *command)["run"]
    assert not set(HEAVY) & modules, set(HEAVY) & modules


FAST_PROBE = """
import json, sys
sys.argv = ["fsgs", *json.loads(sys.argv[1])]
from fsgs_cli.entry import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize(
    "command",
    [
        ["--help"],
        ["read", "--help"],
        ["db", "build", "--help"],
        ["--version"],
        ["read", "causes"],
        ["search", "proteinuria"],
    ],
    ids=" ".join,
)
def test_the_fast_path_loads_neither_typer_nor_anything_heavy(
    command: list[str], store_path: Path
) -> None:
    """Help, the version and the fast commands are answered from the declaration alone."""
    result = subprocess.run(
        [sys.executable, "-c", FAST_PROBE, json.dumps(["--db", str(store_path), *command])],
        capture_output=True,
        text=True,
        check=False,
        timeout=DEADLINE,
    )
    modules = {name.split(".")[0] for name in json.loads(result.stderr.strip().splitlines()[-1])}
    assert not {"typer", "click", *HEAVY} & modules, {"typer", "click", *HEAVY} & modules
    assert "pathlib" not in modules or command[0] == "db", "the read path does not need pathlib"


def test_the_word_list_loads_only_for_a_word_the_articles_lack(store_path: Path) -> None:
    """pyspellchecker's English list costs about 0.1 s: only a query with a word that no
    article uses needs it, to tell a real word from a misspelling."""
    known = loaded("--db", str(store_path), "search", "swollen", "ankles")["run"]
    assert "spellchecker" not in known
    unknown = loaded("--db", str(store_path), "search", "swolen", "ankles")["run"]
    assert "spellchecker" in unknown
