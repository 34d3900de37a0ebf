"""The commands that read the article store, and the store's own (db build, check, info),
with the program's name and root options."""

from __future__ import annotations

from fsgs_cli.spec.model import (
    Argument,
    Command,
    Option,
    json_option,
    limit_option,
    no_pager_option,
    ref_argument,
)

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
PLAIN = Option(
    ("--plain",),
    "plain",
    "Plain text even on a terminal, as with NO_COLOR or TERM=dumb: no colour, no lines "
    "drawn, Markdown as words.",
)
VERSION = Option(("--version",), "version", "Show the version and exit.")
ROOT_OPTIONS = (DB, PLAIN, VERSION)
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

ARTICLE_COMMANDS = (
    Command(
        ("topics",),
        "topics",
        "List the topics; with a topic, its articles.",
        examples=("fsgs topics", "fsgs topics causes", "fsgs topics --json"),
        arguments=(
            Argument("topic", "TOPIC", "A topic slug or title.", required=False, many=False),
        ),
        options=(json_option(), no_pager_option()),
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
        arguments=(ref_argument(),),
        options=(
            json_option(),
            Option(
                ("--format",),
                "fmt",
                "text (plain), markdown, or json (as --json). Default: styled on a terminal, "
                "plain when piped.",
                kind="choice",
                choices=("text", "markdown", "json"),
            ),
            no_pager_option(),
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
            "fsgs export what-causes-fsgs apol1 kidney-biopsy -o visit.html",
            "fsgs export symptoms -o symptoms.html",
            "fsgs export --topic treatment -o treatment.md",
            'fsgs export apol1 -q "Should I see a genetic counsellor?" -o visit.html',
            "fsgs export 12 --format markdown | less",
            "fsgs export --visit --pick urine-tests --pick steroids -o visit.html",
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
                "html or markdown (md). Default: from the file's extension (Markdown on "
                "standard output).",
                kind="choice",
                choices=("html", "markdown", "md"),
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
            Option(
                ("--visit",),
                "visit",
                "A one-page visit pack instead: your diary's recent readings and chart, what "
                "they show, your questions and the pages cited.",
            ),
            Option(
                ("--pick",),
                "picks",
                "With --visit: take the questions from this article only (repeat for more; "
                "default: every article named).",
                kind="text",
                metavar="REF",
                repeat=True,
            ),
            no_pager_option(),
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
            limit_option("results", short=False),
            json_option(),
            Option(("--open",), "open_top", "Read the best match instead of listing matches."),
            no_pager_option(),
        ),
        fast=True,
        dash_words=True,
    ),
    Command(
        ("related",),
        "related",
        "Articles related to one article, most related first, each with the reason.",
        examples=("fsgs related 12", "fsgs related causes --json"),
        arguments=(ref_argument(),),
        options=(limit_option("articles"), json_option(), no_pager_option()),
        fast=True,
    ),
    Command(
        ("map",),
        "site_map",
        "The site map: every topic and its articles, with ids.",
        examples=("fsgs map", "fsgs map --json"),
        options=(json_option(), no_pager_option()),
    ),
    Command(
        ("latest",),
        "latest",
        "The most recently reviewed articles.",
        examples=("fsgs latest", "fsgs latest -n 3 --json"),
        options=(limit_option("articles"), json_option(), no_pager_option()),
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
        options=(json_option(), no_pager_option()),
    ),
)

SERVE = Command(
    ("serve",),
    "serve",
    "Serve the store to many readers with Datasette: read-only, in a browser or as JSON.",
    help="Runs Datasette (the optional extra fsgs[serve]) on the store, opened immutable so "
    "nothing can write to it, with full-text search on articles, sections and the glossary "
    "and canned queries. It listens on this computer only (127.0.0.1) unless --host says "
    "otherwise; see the README before exposing it on a network. Ctrl-C stops it.",
    examples=(
        "fsgs serve",
        "fsgs serve --port 8080",
        "fsgs serve --metadata > metadata.json",
    ),
    options=(
        Option(
            ("--host",),
            "host",
            "The address to listen on. Default: 127.0.0.1 (this computer only).",
            kind="text",
            metavar="HOST",
        ),
        Option(
            ("--port",),
            "port",
            "The port to listen on.",
            kind="int",
            metavar="N",
            default=8001,
            low=1,
            high=65535,
        ),
        Option(
            ("--metadata",),
            "print_metadata",
            "Print Datasette's metadata for the store (JSON) and exit, to run Datasette "
            "yourself: several processes, or datasette publish.",
        ),
    ),
)

DB_COMMANDS = (
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
        options=(json_option(),),
    ),
    Command(
        ("db", "info"),
        "db_info",
        "Counts, schema, content hash and newest review date of the store.",
        examples=("fsgs db info --json",),
        options=(json_option(),),
    ),
)
