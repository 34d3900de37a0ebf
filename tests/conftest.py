"""Shared fixtures: a store built from the real content, and small content folders."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import select
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from fsgs_cli import content, includes
from fsgs_cli.build import build
from fsgs_cli.models import Article, GlossaryTerm, Topic

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
COMMITTED_STORE = ROOT / "data" / "articles.db"
GOLDEN = ROOT / "tests" / "golden"

# Fuzzing: the same examples on every run (a fixed seed, no example database written into
# the checkout), 500 per command. HYPOTHESIS_PROFILE=deep looks much further, with a new
# seed each run, when hunting for bugs by hand.
settings.register_profile(
    "ci",
    max_examples=500,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("deep", settings.get_profile("ci"), max_examples=5000, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# Hypothesis also keeps caches, in .hypothesis/ of the current folder unless told otherwise:
# a temporary folder for this run instead, so that the tests write nothing into the checkout.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="fsgs-hypothesis-")
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", _HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)


@dataclass
class Library:
    """A content folder as the build checks it: every article parsed, includes expanded."""

    topics: list[Topic]
    glossary: list[GlossaryTerm]
    articles: list[Article]
    synonyms: list[tuple[str, ...]] = field(default_factory=list)


def load_library(root: Path) -> tuple[Library, content.Problems]:
    """Read and check a whole content folder with the builder's own parts, without
    writing a store (for the content tests)."""
    problems = content.Problems(root)
    topics = content.load_topics(root, problems)
    glossary = content.load_glossary(root, problems)
    synonyms = content.load_synonyms(root, problems)
    blocks = includes.load(root, problems)
    checks = content.ArticleChecks(topics, problems)
    articles = []
    for path in sorted((root / content.ARTICLES_DIR).glob("*.md")):
        article = content.parse_article(root, path, problems, blocks)
        if article is not None:
            checks.add(article)
            articles.append(article)
    checks.finish()
    if not problems:
        includes.check_used(blocks, (name for a in articles for name in a.includes), problems)
    return Library(topics, glossary, sorted(articles, key=lambda a: a.id), synonyms), problems


def content_hash(root: Path) -> str:
    """The content hash a build of ``root`` must record, worked out here on its own: each
    article's name and digest in name order, then the small files and shared blocks."""
    digest = hashlib.sha256()
    for path in sorted((root / content.ARTICLES_DIR).glob("*.md")):
        name = path.relative_to(root).as_posix()
        digest.update(name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(content.small_files_digest(root))
    return digest.hexdigest()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests start from plain output and the default store unless they say otherwise, and
    never see (or write) the diary of the person running them: FSGS_HOME is a new, empty
    folder for each test."""
    for name in ("FSGS_DB", "NO_COLOR", "FORCE_COLOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FSGS_HOME", str(tmp_path_factory.mktemp("fsgs-home")))


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from content/ (read-only for the tests that use it)."""
    path = tmp_path_factory.mktemp("store") / "articles.db"
    build(CONTENT, path)
    return path


@pytest.fixture(scope="session")
def golden_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the small content pack behind the golden exports."""
    path = tmp_path_factory.mktemp("golden") / "articles.db"
    build(GOLDEN / "content", path)
    return path


def markdown_links(markdown: str) -> tuple[set[str], list[str]]:
    """The link targets a Markdown viewer would find in ``markdown``, and what it would
    load or run: raw HTML and images."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(markdown)
    hrefs: set[str] = set()
    active: list[str] = []
    for token in tokens:
        if token.type == "html_block":
            active.append(token.content)
        for child in token.children or []:
            if child.type == "html_inline":
                active.append(child.content)
            elif child.type == "image":
                active.append(str(child.attrGet("src")))
            elif child.type == "link_open":
                hrefs.add(str(child.attrGet("href")))
    return hrefs, active


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


TOPICS = """\
- slug: basics
  title: Basics
  description: The basics.
  order: 1
- slug: care
  title: Care
  description: Looking after yourself.
  order: 2
"""

GLOSSARY = """\
- term: podocyte
  definition: A cell that forms the last layer of the kidney's filter.
  see_also: [glomerulus]
- term: glomerulus
  definition: One of the kidney's tiny filters.
"""


def article(
    article_id: int,
    slug: str,
    topic: str = "basics",
    *,
    title: str | None = None,
    related: str = "[]",
    aliases: str = "[]",
    body: str = "Podocytes line the glomerulus and keep protein in the blood.",
) -> str:
    return (
        textwrap.dedent(
            f"""\
        ---
        id: {article_id}
        slug: {slug}
        title: {title or slug.replace("-", " ").capitalize()}
        topic: {topic}
        summary: A short summary of {slug}.
        aliases: {aliases}
        reviewed: 2026-01-0{article_id % 9 + 1}
        related: {related}
        sources:
          - title: Source one
            url: https://example.org/one
          - title: Source two
            url: https://example.org/two
        ---
        """
        )
        + body
        + "\n"
    )


def write_content(root: Path, articles: dict[str, str]) -> Path:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    for name, text in articles.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    """A valid three-article content folder."""
    return write_content(
        tmp_path / "content",
        {
            "one.md": article(1, "one", aliases="[first]", related="[2]"),
            "two.md": article(2, "two", body="Protein leaks when podocytes are hurt."),
            "three.md": article(3, "three", "care", body="Salt and the glomerulus."),
        },
    )


@pytest.fixture
def chdir_tmp(tmp_path: Path) -> Iterator[Path]:
    with contextlib.chdir(tmp_path):
        yield tmp_path


DEADLINE = 120.0  # seconds: no test waits longer for a process, a file or a thread


def until(condition: Callable[[], object], what: str, seconds: float = DEADLINE) -> None:
    """Wait for ``condition``; fail the test if it has not held within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting after {seconds:.0f} s: {what}")
        time.sleep(0.01)


def on_terminal(
    store: Path, args: list[str], env: dict[str, str], *, with_stderr: bool = False
) -> str:
    """What ``fsgs ARGS`` writes to a terminal (a pseudo-terminal, 100 columns wide): its
    standard output, or with ``with_stderr`` both streams, as a person sees them."""
    import pty

    leader, follower = pty.openpty()
    full_env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "50", **env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fsgs_cli", "--db", str(store), *args],
        stdout=follower,
        stderr=follower if with_stderr else subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=full_env,
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + DEADLINE
    while True:
        ready, _, _ = select.select([leader], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            proc.kill()
            pytest.fail(f"fsgs {' '.join(args)} wrote nothing for {DEADLINE:.0f} s")
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the program is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=DEADLINE) == 0, proc.stderr.read() if proc.stderr else b""
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
