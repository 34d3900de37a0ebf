"""Every command of fsgs, with its arguments, options, help and examples, declared once.

Everything else is derived from this table:

- the fast path (entry.py) parses the common commands with it, without loading Typer;
- the Typer app (cli.py) is generated from it, for usage errors, shell completion and the
  rarer commands;
- ``--help`` and the README's help blocks are written from it (helptext.py), by both
  paths alike; the man page can be too.

Why a table and a fast path rather than Typer alone: importing Typer costs more than the
rest of a search put together. In bench/startup.py a trivial Typer app that prints one line
took 0.83 times the tldr client's time (December 2026; 1.42 times in an earlier run on a
busier machine), so "Typer for everything", however lazy its imports, cannot meet the
start-up target of 0.55 times the tldr client for search and read. A table from which the
Typer app is generated lets the fast path meet it with the same declaration.

The table is plain classes with no typing machinery, so that reading it costs next to
nothing at start-up.
"""

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


def _json() -> Option:
    return Option(("--json",), "as_json", "Print JSON (see the README).")


def _limit(what: str, *, short: bool = True) -> Option:
    names = ("--limit", "-n") if short else ("--limit",)
    help = f"At most this many {what}."
    return Option(names, "limit", help, kind="int", default=10, low=1, high=100, metavar="N")


def _ref(dest: str = "ref") -> Argument:
    return Argument(dest, "REF", "An article id, slug, alias or title words.", complete=True)


def _no_pager(help: str = "Print long articles instead of paging them.") -> Option:
    return Option(("--no-pager",), "no_pager", help)


PROGRAM = "fsgs"
SUMMARY = "Read about FSGS (focal segmental glomerulosclerosis): plain, sourced, offline."
ROOT_HELP = "Run fsgs alone for the home screen."
ROOT_EXAMPLES = ("fsgs read causes", "fsgs search protein in urine", "fsgs related 12")
DB = Option(
    ("--db",),
    "db",
    "The article store to use (default: FSGS_DB, else the bundled store).",
    kind="path",
    metavar="PATH",
)
VERSION = Option(("--version",), "version", "Show the version and exit.")
ROOT_OPTIONS = (DB, VERSION)
# Typer adds these two; they are declared here so that the help can list them.
COMPLETION_OPTIONS = (
    Option(("--install-completion",), "", "Install completion for the current shell."),
    Option(
        ("--show-completion",),
        "",
        "Show completion for the current shell, to copy it or customize it.",
    ),
)
HELP_NAMES = ("-h", "--help")
LONG_HELP = ("--help",)  # for commands whose words may start with "-"

COMMANDS = (
    Command(
        ("topics",),
        "topics",
        "List the topics; with a topic, its articles.",
        examples=("fsgs topics", "fsgs topics causes", "fsgs topics --json"),
        arguments=(
            Argument("topic", "TOPIC", "A topic slug or title.", required=False, many=False),
        ),
        options=(_json(),),
    ),
    Command(
        ("read",),
        "read",
        "Read an article: by id, slug, alias or title words.",
        examples=(
            "fsgs read causes",
            "fsgs read 12",
            "fsgs read what is fsgs",
            "fsgs read causes --json",
            "fsgs read causes --format markdown > causes.md",
        ),
        arguments=(_ref(),),
        options=(
            _json(),
            Option(
                ("--format",),
                "fmt",
                "text (plain), markdown, or json (as --json). Default: styled on a terminal, "
                "plain when piped.",
                kind="choice",
                choices=("text", "markdown", "json"),
            ),
            _no_pager(),
        ),
        fast=True,
    ),
    Command(
        ("export",),
        "export",
        "Gather articles into one document to print, save or share.",
        help="The document has a title page, each article with its sources and reviewed "
        "date, the glossary terms the articles use, the questions to ask your care team "
        "(the articles' own and yours), and the disclaimer. HTML is a single file with no "
        "scripts that prints well (each article on a new page, link addresses printed) and "
        "reads well on a phone.",
        examples=(
            "fsgs export causes apol1 kidney-biopsy -o visit.html",
            "fsgs export --topic treatment -o treatment.md",
            'fsgs export causes -q "Should I see a genetic counsellor?" -o visit.html',
            "fsgs export 12 --format markdown | less",
        ),
        arguments=(
            Argument(
                "refs",
                "[REF]...",
                "Articles to include, in order: ids, slugs, aliases or quoted titles.",
                required=False,
                join=False,
                complete=True,
            ),
        ),
        options=(
            Option(
                ("--output", "-o"),
                "output",
                "The file to write (.html or .md); '-' or none: standard output.",
                kind="text",
                metavar="FILE",
            ),
            Option(
                ("--format",),
                "fmt",
                "html or markdown. Default: from the file's extension (Markdown on standard "
                "output).",
                kind="choice",
                choices=("html", "markdown"),
            ),
            Option(
                ("--topic",),
                "topic",
                "Every article of this topic, in reading order.",
                kind="text",
                metavar="TOPIC",
            ),
            Option(
                ("--question", "-q"),
                "questions",
                "A question of your own for the care team (repeat for more).",
                kind="text",
                metavar="TEXT",
                repeat=True,
            ),
        ),
    ),
    Command(
        ("search",),
        "search",
        "Search every article, best match first.",
        help='Plain words must all appear (else any of them will do); "a phrase" must '
        "appear as written; word* matches the start of a word; a OR b needs either; -word "
        "leaves articles with that word out. Lay words, abbreviations and British spellings "
        "find the medical terms too, and misspelt words are corrected.",
        examples=(
            "fsgs search proteinuria",
            "fsgs search swollen ankles --limit 3",
            'fsgs search "steroid side effects" --topic treatment --json',
            "fsgs search protienuria",
            "fsgs search transplant --open",
        ),
        arguments=(Argument("text", "QUERY", "What to look for."),),
        options=(
            Option(
                ("--topic",), "topic", "Only this topic (a slug).", kind="text", metavar="TOPIC"
            ),
            _limit("results", short=False),
            _json(),
            Option(("--open",), "open_top", "Read the best match instead of listing matches."),
            _no_pager("With --open: print instead of paging."),
        ),
        fast=True,
        dash_words=True,
    ),
    Command(
        ("related",),
        "related",
        "Articles related to one article, most related first, each with the reason.",
        examples=("fsgs related 12", "fsgs related causes --json"),
        arguments=(_ref(),),
        options=(_limit("articles"), _json()),
        fast=True,
    ),
    Command(
        ("map",),
        "site_map",
        "The site map: every topic and its articles, with ids.",
        examples=("fsgs map", "fsgs map --json"),
        options=(_json(),),
    ),
    Command(
        ("latest",),
        "latest",
        "The most recently reviewed articles.",
        examples=("fsgs latest", "fsgs latest -n 3 --json"),
        options=(_limit("articles"), _json()),
    ),
    Command(
        ("glossary",),
        "glossary",
        "Plain-language definitions of the words doctors use.",
        examples=("fsgs glossary", "fsgs glossary podocyte", "fsgs glossary egfr --json"),
        arguments=(
            Argument(
                "term",
                "[TERM]...",
                "A term to define; without one, the whole glossary.",
                required=False,
            ),
        ),
        options=(_json(),),
    ),
    Command(
        ("db", "build"),
        "db_build",
        "Check the content folder and build the article store from it.",
        help="The new store replaces the old one only when the build succeeds. Every problem "
        "in the content is listed as path: field: message.",
        examples=("fsgs db build --content content --output data/articles.db",),
        options=(
            Option(
                ("--content",),
                "content",
                "The content folder.",
                kind="path",
                metavar="DIR",
                default="content",
            ),
            Option(
                ("--output", "-o"),
                "output",
                "Where to write the store (default: --db, else FSGS_DB, else data/articles.db).",
                kind="path",
                metavar="PATH",
            ),
        ),
    ),
    Command(
        ("db", "check"),
        "db_check",
        "Check that the store is sound.",
        help="SQLite's integrity check, the schema version, the full-text indexes' integrity "
        "check and the counts. Exits 3 when a check fails.",
        examples=("fsgs db check", "fsgs db check --json"),
        options=(_json(),),
    ),
    Command(
        ("db", "info"),
        "db_info",
        "Counts, schema version, content hash and build time of the store.",
        examples=("fsgs db info --json",),
        options=(_json(),),
    ),
)


GROUPS = (
    Group(
        ("db",),
        "Build and inspect the article store.",
        ("fsgs db build", "fsgs db check", "fsgs db info --json"),
    ),
)


def group(words: tuple[str, ...] | list[str]) -> Group | None:
    """The group these words name, if any."""
    wanted = tuple(words)
    return next((g for g in GROUPS if g.words == wanted), None)


def find(words: tuple[str, ...] | list[str]) -> Command | None:
    """The command these words name, if any."""
    wanted = tuple(words)
    return next((c for c in COMMANDS if c.words == wanted), None)
