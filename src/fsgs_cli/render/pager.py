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
