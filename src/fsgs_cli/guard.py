"""Running a command: the one place where errors become a message and an exit code.

Whichever way a command comes in (the fast path or the Typer app), it runs inside
``guarded``: an ``FsgsError`` becomes one line on stderr and its exit code (errors.py),
Ctrl-C ends quietly with 130, a reader that went away (``| head``) ends quietly with 0,
and anything else is a bug, reported in one line with exit 70. Set ``FSGS_DEBUG=1`` to see
the traceback of such a bug instead.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence

from fsgs_cli.errors import INTERNAL, INTERRUPTED, FsgsError

DEBUG_VAR = "FSGS_DEBUG"
# What no command line can carry: a NUL, and a lone surrogate other than U+DC80-U+DCFF (the
# bytes that were not UTF-8). Only a caller in the same process can pass them.
UNCARRIED_RE = re.compile("[\x00\ud800-\udc7f\udd00-\udfff]")


def command_line(args: Sequence[str]) -> list[str]:
    """The arguments as a command line carries them: what it cannot carry becomes U+FFFD, so
    that no file name, query or reference holds it."""
    return [UNCARRIED_RE.sub("\ufffd", arg) for arg in args]


def tolerate_narrow_encodings() -> None:
    """Never fail on a character the output cannot carry. On a non-UTF-8 terminal (LANG=C,
    PYTHONIOENCODING=ascii) it is replaced; on UTF-8, a lone surrogate (from a file name
    that is not UTF-8) is shown as an escape such as \\udcff."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if encoding != "utf8":
                reconfigure(errors="replace")
            elif getattr(stream, "errors", None) == "strict":
                reconfigure(errors="backslashreplace")
        except (OSError, ValueError):
            pass


def guarded(action: Callable[[], object]) -> int:
    """Run ``action``; turn any error into one line on stderr and its exit code."""
    try:
        action()
        sys.stdout.flush()  # a closed pipe is noticed here, not when Python exits
    except FsgsError as exc:
        from fsgs_cli import render

        try:
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_broken_pipe()
        render.error_lines(exc.problems)
        render.error(exc.line())
        return exc.exit_code
    except BrokenPipeError:
        quiet_broken_pipe()
        return 0
    except KeyboardInterrupt:
        return interrupted()
    except Exception as exc:  # a bug: say so in one line, never a traceback
        if os.environ.get(DEBUG_VAR):
            raise
        from fsgs_cli import render

        render.error(f"unexpected error ({type(exc).__name__}: {exc}). Please report it.")
        return INTERNAL
    return 0


def interrupted() -> int:
    """Ctrl-C: end the line the terminal was on, and exit 130 with nothing else said."""
    try:
        sys.stderr.write("\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return INTERRUPTED


def quiet_broken_pipe() -> None:
    """The reader went away (``| head``): stop writing, without an error message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
