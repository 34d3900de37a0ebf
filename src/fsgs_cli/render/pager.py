"""Long output on a terminal goes through the reader's pager."""

from __future__ import annotations

import os
import sys


def page_text(text: str) -> None:
    """Show text through the user's pager (PAGER, else less), or print it if none runs."""
    import shlex
    import subprocess

    command = os.environ.get("PAGER") or "less"
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        argv = shlex.split(command)
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):
        sys.stdout.write(text)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:
        pass
    proc.wait()
