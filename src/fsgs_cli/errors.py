"""Errors that reach the user, and the exit code each one maps to.

This module is the single place that decides exit codes. Everything else raises one
of these classes; the command-line layer prints the message and exits with the code.
"""

from __future__ import annotations

from collections.abc import Sequence

NOT_FOUND = 1
USAGE = 2
STORE = 3
INTERNAL = 70
INTERRUPTED = 130  # Ctrl-C


def os_reason(exc: BaseException) -> str:
    """What went wrong with a file, in words: ``File name too long`` rather than the repr."""
    return str(getattr(exc, "strerror", None) or exc)


class FsgsError(Exception):
    """An error with a one-line message for the user and an exit code; ``problems`` are
    listed, one a line, before the message."""

    exit_code = INTERNAL

    def __init__(self, message: str, *, hint: str = "", problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = list(problems)

    def line(self) -> str:
        """The whole error as one line."""
        return f"{self.message} {self.hint}".strip()


class NotFoundError(FsgsError):
    """Nothing matched: an unknown article, term or topic, or a search with no hits."""

    exit_code = NOT_FOUND

    def __init__(self, message: str, *, suggestions: Sequence[str] = (), hint: str = "") -> None:
        self.suggestions = list(suggestions)
        if self.suggestions and not hint:
            hint = "Did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message, hint=hint)


class AmbiguousError(NotFoundError):
    """A reference that matches more than one article."""

    def __init__(self, ref: str, candidates: Sequence[str]) -> None:
        super().__init__(
            f"'{ref}' matches more than one article.",
            suggestions=candidates,
            hint="Candidates: " + "; ".join(candidates) + ".",
        )


class UsageError(FsgsError):
    """The command line asks for something that cannot be done."""

    exit_code = USAGE


class StoreError(FsgsError):
    """The article store is missing, unreadable or not an fsgs store."""

    exit_code = STORE


class BuildError(FsgsError):
    """The content folder has problems; the store was left as it was."""

    exit_code = NOT_FOUND

    def __init__(self, problems: Sequence[str]) -> None:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"build failed with {count} {noun}; the store was left unchanged.", problems=problems
        )


class StoreCheckError(StoreError):
    """``fsgs db check`` found the store unsound."""

    def __init__(self, path: str, problems: Sequence[str]) -> None:
        count = len(problems)
        failed = "1 check failed" if count == 1 else f"{count} checks failed"
        super().__init__(
            f"{path} is not sound: {failed}.",
            hint="Rebuild it with 'fsgs db build'.",
            problems=problems,
        )
