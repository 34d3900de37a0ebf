"""The shape of a declaration: arguments, options, commands and groups, and the options
several commands share. Plain classes with no typing machinery, so that reading the table
costs next to nothing at start-up."""

from __future__ import annotations


class Argument:
    """A positional argument: ``many`` takes every remaining word, joined with spaces into
    one value unless ``join`` is false."""

    def __init__(
        self,
        dest: str,
        metavar: str,
        help: str,
        *,
        required: bool = True,
        many: bool = True,
        join: bool = True,
        complete: bool = False,
    ) -> None:
        self.dest = dest
        self.metavar = metavar
        self.help = help
        self.required = required
        self.many = many
        self.join = join  # many words are one value (a query, a reference), not a list
        self.complete = complete  # complete article slugs and aliases

    def value(self, words: list[str] | None) -> object:
        """The value the command's function takes for these words (both parsers use it):
        ``None`` for none, the words joined into one, or the list."""
        if not words:
            return None
        if not self.many:
            return words[0]
        return " ".join(words) if self.join else list(words)


class Option:
    """An option: a flag (``kind`` "flag"), or one that takes a value of ``kind`` "text",
    "int" (between ``low`` and ``high``), "choice" (one of ``choices``) or "path";
    ``repeat`` collects every use into a list."""

    def __init__(
        self,
        names: tuple[str, ...],
        dest: str,
        help: str,
        *,
        kind: str = "flag",
        metavar: str = "",
        default: object = None,
        choices: tuple[str, ...] = (),
        low: int | None = None,
        high: int | None = None,
        repeat: bool = False,
    ) -> None:
        self.names = names
        self.dest = dest
        self.help = help
        self.kind = kind
        self.metavar = metavar
        self.default = False if kind == "flag" and default is None else default
        self.choices = choices
        self.low = low
        self.high = high
        self.repeat = repeat

    @property
    def takes_value(self) -> bool:
        return self.kind != "flag"


class Command:
    """A command: its words (``("db", "build")``), the function of commands.py that runs it,
    one line of help, more help, examples, arguments and options. ``fast`` commands are
    answered without Typer in their common forms; ``dash_words`` commands take words that
    start with "-" (search's exclusions), so they have no one-letter options."""

    def __init__(
        self,
        words: tuple[str, ...],
        handler: str,
        summary: str,
        *,
        help: str = "",
        examples: tuple[str, ...] = (),
        arguments: tuple[Argument, ...] = (),
        options: tuple[Option, ...] = (),
        fast: bool = False,
        dash_words: bool = False,
    ) -> None:
        self.words = words
        self.handler = handler
        self.summary = summary
        self.help = help
        self.examples = examples
        self.arguments = arguments
        self.options = options
        self.fast = fast
        self.dash_words = dash_words  # words may start with "-": no short options, no -h

    @property
    def name(self) -> str:
        return " ".join(self.words)


class Group:
    """A word that gathers commands (``fsgs db build``, ``fsgs db check``): its help."""

    def __init__(self, words: tuple[str, ...], summary: str, examples: tuple[str, ...]) -> None:
        self.words = words
        self.summary = summary
        self.examples = examples


def json_option() -> Option:
    return Option(("--json",), "as_json", "Print JSON (see the README).")


def limit_option(what: str, *, short: bool = True) -> Option:
    names = ("--limit", "-n") if short else ("--limit",)
    help = f"At most this many {what}."
    return Option(names, "limit", help, kind="int", default=10, low=1, high=100, metavar="N")


def ref_argument(dest: str = "ref") -> Argument:
    return Argument(dest, "REF", "An article id, slug, alias or title words.", complete=True)


def no_pager_option(
    help: str = "Print long output instead of paging it (on a terminal, output longer than "
    "the screen goes through FSGS_PAGER, PAGER or less).",
) -> Option:
    return Option(("--no-pager",), "no_pager", help)
