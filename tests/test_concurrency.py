"""Eight processes read the store while builds replace it: every read sees a complete store,
the old one or the new one, and never fails."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import DEADLINE, article, until, write_content
from fsgs_cli.build import build
from fsgs_cli.cli import app

READERS = 8
REPLACEMENTS = 6

COMMANDS = [
    ["db", "info", "--json"],
    ["map", "--json"],
    ["search", "podocyte", "--json"],
    ["read", "one", "--json"],
    ["related", "one"],
]

# Each reader runs the commands (in its own process, through the command line) until told
# to stop, and prints what each round got as one JSON line.
READER = """
import json, sys
from pathlib import Path
from typer.testing import CliRunner
from fsgs_cli.cli import app

store, stop, commands = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
runner = CliRunner()
while True:
    outputs = []
    for command in commands:
        result = runner.invoke(app, ["--db", store, *command])
        outputs.append([result.exit_code, result.stdout, result.stderr])
    print(json.dumps(outputs), flush=True)
    if stop.exists():
        break
"""


def answers(store: Path) -> list[list[object]]:
    runner = CliRunner()
    return [
        [result.exit_code, result.stdout, result.stderr]
        for result in (runner.invoke(app, ["--db", str(store), *c]) for c in COMMANDS)
    ]


class Reader:
    def __init__(self, store: Path, stop: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", READER, str(store), str(stop), json.dumps(COMMANDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.rounds: list[list[list[Any]]] = []
        self.thread = threading.Thread(target=self._collect, daemon=True)
        self.thread.start()

    def _collect(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.rounds.append(json.loads(line))

    def saw(self, content_hash: str, after: int) -> bool:
        return any(f'"content_hash": "{content_hash}"' in r[0][1] for r in self.rounds[after:])

    def finish(self) -> str:
        self.thread.join(timeout=DEADLINE)
        assert not self.thread.is_alive(), "a reader did not stop"
        assert self.proc.stderr is not None
        errors = self.proc.stderr.read()
        self.proc.wait(timeout=DEADLINE)
        return errors


def wait_for(condition: Any, readers: list[Reader]) -> None:
    """Until ``condition`` holds; a reader that has stopped early fails the test."""

    def holds() -> object:
        assert all(r.proc.poll() is None for r in readers), [r.finish() for r in readers]
        return condition()

    until(holds, "every reader to see the new store")


def test_readers_see_a_whole_store_while_builds_replace_it(tmp_path: Path) -> None:
    old = write_content(
        tmp_path / "old",
        {"one.md": article(1, "one", related="[2]"), "two.md": article(2, "two")},
    )
    new = write_content(
        tmp_path / "new",
        {
            "one.md": article(1, "one", title="One, revised", related="[3]"),
            "two.md": article(2, "two"),
            "three.md": article(3, "three", body="The podocyte again."),
        },
    )
    store = tmp_path / "articles.db"
    build(new, store)
    complete = [answers(store)]
    build(old, store)
    complete.append(answers(store))
    assert all(code == 0 for output in complete for code, _, _ in output)
    assert complete[0] != complete[1]

    stop = tmp_path / "stop"
    readers = [Reader(store, stop) for _ in range(READERS)]
    try:
        wait_for(lambda: all(r.rounds for r in readers), readers)
        for i in range(REPLACEMENTS):
            content_hash = build(new if i % 2 == 0 else old, store).content_hash
            marks = [len(r.rounds) for r in readers]

            def replaced(content_hash: str = content_hash, marks: list[int] = marks) -> bool:
                """Every reader has gone on to read the store that replaced the old one."""
                return all(r.saw(content_hash, m) for r, m in zip(readers, marks, strict=True))

            wait_for(replaced, readers)
    finally:
        stop.touch()
        errors = [r.finish() for r in readers]
    assert errors == [""] * READERS
    for reader in readers:
        assert reader.proc.returncode == 0
        assert len(reader.rounds) > REPLACEMENTS
        for outputs in reader.rounds:
            for index, output in enumerate(outputs):
                assert output in (complete[0][index], complete[1][index]), output
