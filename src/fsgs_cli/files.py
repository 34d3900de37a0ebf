"""Files written whole or not at all: the store a build writes and the documents exports write.

A new file is written to a hidden temporary file beside its target, named after the target
and after the writer (host and process), then renamed into place, so that readers see the
old file or the new one and never half of one. A writer that was killed leaves its
temporary file behind; the next writer of the same target removes it.
"""

from __future__ import annotations

import glob
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from fsgs_cli.errors import FsgsError, UsageError, os_reason

Failure = Callable[[str], FsgsError]
"""Builds the error to raise from the reason a target cannot be written."""


def cannot_write(target: Path) -> Failure:
    """The usage error for a document that cannot be written to ``target``."""
    return lambda reason: UsageError(f"cannot write '{target}': {reason}.")


def write_document(target: Path, text: str) -> None:
    """``text`` written whole to ``target`` as UTF-8, or a usage error that says why not."""
    with replacing(target, cannot_write(target)) as temp:
        temp.write_bytes(text.encode("utf-8"))


def check_writable(target: Path, failure: Failure) -> None:
    """Raise ``failure(reason)`` when ``target`` is a folder, its folder is missing, or its
    name cannot be used at all."""
    try:
        is_folder, folder = target.is_dir(), target.parent
        folder_exists = folder.is_dir()
    except (OSError, ValueError) as exc:  # a name too long or with a NUL
        raise failure(os_reason(exc)) from None
    if is_folder:
        raise failure("it is a folder; name a file")
    if not folder_exists:
        raise failure(f"the folder '{folder}' does not exist")


@contextmanager
def replacing(
    target: Path, failure: Failure, also: tuple[type[Exception], ...] = ()
) -> Iterator[Path]:
    """A temporary path to write the new ``target`` to; when the block ends without an
    error, the file is flushed to disk and renamed over ``target``. Any error removes it.
    An ``OSError`` (or one of ``also``, such as a full database) becomes ``failure``."""
    check_writable(target, failure)
    try:
        remove_stale_temporaries(target)
        fd, name = tempfile.mkstemp(
            prefix=temporary_prefix(target), suffix=".tmp", dir=target.parent
        )
    except (OSError, ValueError) as exc:  # no permission, a name too long
        raise failure(os_reason(exc)) from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)
        os.replace(temp, target)
    except BaseException as exc:
        with suppress(OSError):
            temp.unlink()
        if isinstance(exc, (OSError, *also)):  # a full disk, a folder that went away
            raise failure(os_reason(exc)) from None
        raise


def temporary_prefix(target: Path) -> str:
    """The start of the name of a temporary file for ``target``: hidden, and naming the
    host and process that write it, so that a later writer can tell it was abandoned."""
    return f".{target.name}.{_host()}-{os.getpid()}."


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files of writers of ``target`` that were killed (their process,
    on this host, is gone); a writer that is still running keeps its file."""
    pattern = re.compile(
        rf"\.{re.escape(target.name)}\.(?P<host>[A-Za-z0-9-]*)-(?P<pid>\d+)\.\w+\.tmp"
    )
    host = _host()
    removed = []
    for path in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        found = pattern.fullmatch(path.name)
        if not found or found["host"] != host or _running(int(found["pid"])):
            continue
        with suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def _host() -> str:
    import socket

    return re.sub(r"[^A-Za-z0-9-]", "", socket.gethostname())


def _running(pid: int) -> bool:
    if pid == os.getpid():  # this process: a file of its own is being written, or just was
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process, or no such number
        return True
    return True
