"""Ctrl-C anywhere ends fsgs with exit 130 and no traceback, the pager included."""

from __future__ import annotations

import contextlib
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

DEADLINE = 30.0  # seconds; a wait that passes it fails the test

FAST = [sys.executable, "-m", "fsgs_cli"]
# The Typer app, called directly, as the fast path does for what it does not answer.
TYPER = [sys.executable, "-c", "from fsgs_cli.cli import app; app()"]


def interrupted_while_paging(store: Path, tmp_path: Path, program: list[str]) -> tuple[int, str]:
    """Run ``read causes`` on a terminal with a pager that waits, press Ctrl-C (SIGINT to
    the terminal's process group, as a terminal does), and return the exit code and stderr."""
    started = tmp_path / "pager-started"
    leader, follower = pty.openpty()
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "5",  # the article is longer than the screen: it is paged
        "PAGER": f"sh -c 'touch {started}; cat >/dev/null; sleep {DEADLINE}'",
    }
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [*program, "--db", str(store), "read", "causes"],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    os.close(follower)

    def drain() -> None:  # as a terminal does: whatever fsgs writes is read, never blocks it
        with contextlib.suppress(OSError):
            while os.read(leader, 65536):
                pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + DEADLINE
        while not started.exists():
            assert proc.poll() is None, "fsgs ended before its pager started"
            assert time.monotonic() < deadline, "the pager never started"
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGINT)
        code = proc.wait(timeout=DEADLINE)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=DEADLINE)
        os.close(leader)
        reader.join(timeout=DEADLINE)
    assert proc.stderr is not None
    return code, proc.stderr.read().decode("utf-8", "replace")


@pytest.mark.parametrize("program", [FAST, TYPER], ids=["fast path", "typer"])
def test_ctrl_c_in_the_pager_exits_130_quietly(
    store_path: Path, tmp_path: Path, program: list[str]
) -> None:
    code, err = interrupted_while_paging(store_path, tmp_path, program)
    assert code == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err.strip() == ""


def test_ctrl_c_mid_command_exits_130_quietly(store_path: Path) -> None:
    """An interrupt that arrives while a command runs (here: raised by the store)."""
    probe = (
        "import sys\n"
        "from fsgs_cli import store\n"
        "def stop(*args, **kwargs):\n"
        "    raise KeyboardInterrupt\n"
        "store.Store.open = stop\n"
        "from fsgs_cli.entry import main\n"
        "sys.argv = ['fsgs', *sys.argv[1:]]\n"
        "main()\n"
    )
    for args in (["search", "kidney"], ["map"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, "--db", str(store_path), *args],
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            check=False,
        )
        assert done.returncode == 130, args
        assert done.stderr.strip() == "", args
