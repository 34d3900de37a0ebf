"""Long output on a terminal goes through the reader's pager.

The pager is ``FSGS_PAGER``, else ``PAGER``, else ``less``. Output is paged only when it is
longer than the screen and goes to a terminal; ``--no-pager`` prints it instead. The
reader's own ``LESS`` settings are kept: ``-R`` (show colours rather than escape codes) is
added to them, not put in their place. The first line of paged output says how to leave.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

HINT = "(q to quit, space for the next page, / to search)"


def command() -> str:
    return os.environ.get("FSGS_PAGER") or os.environ.get("PAGER") or "less"


def environment() -> dict[str, str]:
    """The pager's environment: the reader's, with ``-R`` added to ``LESS`` (``FRX``: quit
    if it fits, colours, no screen clearing, when ``LESS`` is not set)."""
    env = dict(os.environ)
    mine = env.get("LESS", "").strip()
    if not mine:
        env["LESS"] = "FRX"
    elif "R" not in mine and "-r" not in mine:
        env["LESS"] = f"{mine} -R"
    return env


def screen_lines() -> int:
    import shutil

    return shutil.get_terminal_size().lines


def show(text: str, allowed: bool) -> None:
    """``text`` through the pager when ``allowed``, on a terminal, and longer than the
    screen; printed otherwise."""
    if allowed and sys.stdout.isatty() and text.count("\n") >= screen_lines():
        page_text(f"{HINT}\n{text}")
    else:
        sys.stdout.write(text)


def page_text(text: str) -> None:
    """Show text through the pager, or print it if none runs."""
    import shlex
    import subprocess

    try:
        argv = shlex.split(command())
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=environment())
    except (OSError, ValueError):
        sys.stdout.write(text)
        return
    assert proc.stdin is not None
    interrupted = False
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:
        pass
    except KeyboardInterrupt:
        interrupted = True
    while True:  # Ctrl-C is the pager's to handle (less ignores it); wait for it to end
        try:
            proc.wait()
            break
        except KeyboardInterrupt:
            interrupted = True
    if interrupted:
        raise KeyboardInterrupt


class Paged:
    """Views whose whole output is gathered, then shown through ``show``: plain output on
    a terminal pages like styled output does."""

    def __init__(self, views: Any, allowed: bool) -> None:
        self.views = views
        self.allowed = allowed

    def __getattr__(self, name: str) -> Callable[..., None]:
        view = getattr(self.views, name)

        def paged(*args: Any, **kwargs: Any) -> None:
            buffer = io.StringIO()
            # A note the view writes to a terminal's stderr (search's emergency banner)
            # goes on the same page, in order, rather than above a pager that hides it.
            notes = buffer if sys.stderr.isatty() else sys.stderr
            with redirect_stdout(buffer), redirect_stderr(notes):
                view(*args, **kwargs)
            show(buffer.getvalue(), self.allowed)

        return paged
