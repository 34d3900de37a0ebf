"""Build the article store from the content folder with sqlite-utils.

The build streams: article files are parsed one at a time (on every core for large
folders), checked, and written straight into the new store, so memory does not grow with
the whole corpus. The store is written to a temporary file beside the output and renamed
into place only when it is complete, so a failed or interrupted build leaves the previous
store as it was. The same content gives the same bytes: the store holds no build time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from fsgs_cli import content, includes, intents, related, writer
from fsgs_cli.errors import BuildError, StoreError, os_reason
from fsgs_cli.files import replacing
from fsgs_cli.markup import parser
from fsgs_cli.models import Article, GlossaryTerm, Topic
from fsgs_cli.plaintext import shared, units
from fsgs_cli.schema import ARTICLES_SEARCH, FTS_TOKENIZE, SCHEMA_VERSION, SECTION_SLOTS
from fsgs_cli.text import WORD_RE, joined, sections

if TYPE_CHECKING:
    from sqlite_utils import Database

J = TypeVar("J")
R = TypeVar("R")

Progress = Callable[[str, int, int], None]
PARALLEL_FROM = 500  # articles; below this, starting worker processes costs more than it saves
BATCH = 500


@dataclass(frozen=True)
class BuildResult:
    output: Path
    articles: int
    topics: int
    glossary: int
    content_hash: str


@dataclass
class Parsed:
    """One article file, parsed and checked on its own (in a worker process)."""

    name: str
    digest: bytes
    problems: list[str]
    article: Article | None = None
    sections: list[tuple[str, str]] = field(default_factory=list)
    features: frozenset[str] = frozenset()
    layout: str = "[]"  # the body as units of plain text (plaintext.shared), JSON


_PHRASES = related.PhraseIndex(())
_BLOCKS: dict[str, str] = {}


def _init_worker(phrases: list[str], blocks: dict[str, str]) -> None:
    global _PHRASES, _BLOCKS
    _PHRASES = related.PhraseIndex(phrases)
    _BLOCKS = blocks


def _newest_review(db: Database) -> str:
    """The date of the newest review in the content: what a reader wants to know of how
    current a store is, and the same for the same content."""
    return str(db.execute("SELECT max(reviewed) FROM articles").fetchone()[0] or "")


def parse_file(root: Path, path: Path) -> Parsed:
    problems = content.Problems(root)
    name = path.relative_to(root).as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:  # a folder named like an article, no permission
        problems.add(name, "file", f"cannot be read ({os_reason(exc)})")
        return Parsed(name, b"", problems.items)
    article = content.parse_article(root, path, problems, _BLOCKS)
    parsed = Parsed(name, hashlib.sha256(raw).digest(), problems.items, article)
    if article is not None:
        tokens = parser().parse(article.body)  # once, for both views of the body
        parsed.sections = sections(tokens)[: SECTION_SLOTS - 1]
        text = joined(parsed.sections)
        # The layout refers to the lines of the text rather than holding them again.
        shown = shared(units(tokens), text)
        parsed.layout = json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
        whole = f"{article.title}\n{article.summary}\n{text}"
        parsed.features = frozenset(_PHRASES.features(whole))
    return parsed


def _parse_job(job: tuple[str, str]) -> Parsed:
    return parse_file(Path(job[0]), Path(job[1]))


def _on_every_core(
    job: Callable[[J], R],
    jobs: Iterable[J],
    *,
    workers: int,
    init: Callable[..., None],
    initargs: tuple[object, ...],
    chunksize: int = 1,
) -> Iterator[R]:
    """``job`` over ``jobs``, in order: in ``workers`` processes, each set up by ``init``,
    or here when ``workers`` is 1 (a small content folder, or a single core)."""
    if workers <= 1:
        init(*initargs)
        yield from map(job, jobs)
        return
    from multiprocessing import get_context

    context = get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(workers, initializer=init, initargs=initargs) as pool:
        yield from pool.imap(job, jobs, chunksize=chunksize)


def build(
    content_dir: Path,
    output: Path,
    progress: Progress | None = None,
    workers: int | None = None,
) -> BuildResult:
    """Check ``content_dir`` and, when it has no problems, replace ``output`` with a new store."""
    import sqlite3

    def failure(reason: str) -> StoreError:
        return StoreError(
            f"cannot write the store {output}: {reason}.", hint="The previous store is unchanged."
        )

    with replacing(output, failure, also=(sqlite3.OperationalError,)) as temp:
        result = _Builder(content_dir, temp, progress, workers or os.cpu_count() or 1).run()
    return BuildResult(output, *result)


class _Builder:
    def __init__(self, root: Path, path: Path, progress: Progress | None, workers: int) -> None:
        self.root = root
        self.path = path
        self.progress = progress
        self.workers = workers
        self.problems = content.Problems(root)
        self.curated: dict[int, tuple[int, ...]] = {}
        self.df: Counter[str] = Counter()
        self.phrases: list[str] = []
        self.blocks: dict[str, str] = {}
        self.used: set[str] = set()

    def run(self) -> tuple[int, int, int, str]:
        import sqlite_utils

        problems = self.problems
        if not self.root.is_dir():
            problems.add("", "folder", "not found")
            raise BuildError(problems.items)
        topics = content.load_topics(self.root, problems)
        glossary = content.load_glossary(self.root, problems)
        self.phrases = [g.term for g in glossary]
        synonyms = content.load_synonyms(self.root, problems)
        routes = intents.load(self.root, problems)
        self.blocks = includes.load(self.root, problems)
        articles_dir = self.root / content.ARTICLES_DIR
        if not articles_dir.is_dir():
            problems.add(content.ARTICLES_DIR, "folder", "missing")
        paths = sorted(articles_dir.glob("*.md")) if articles_dir.is_dir() else []

        db = sqlite_utils.Database(str(self.path))
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            writer.create(db)
            count, digest = self._articles(db, topics, paths)
            if not problems:
                includes.check_used(self.blocks, self.used, problems)
            self._intents(db, routes)
            if problems:
                raise BuildError(problems.items)
            writer.optimize_search(db)
            self._small_tables(db, topics, glossary, synonyms)
            self._related(db, count)
            digest.update(content.small_files_digest(self.root))
            db.table("meta").insert_all(
                {"key": k, "value": v}
                for k, v in sorted(
                    {
                        "schema_version": str(SCHEMA_VERSION),
                        "content_hash": digest.hexdigest(),
                        # No build time: the same content makes the same bytes.
                        "content_date": _newest_review(db),
                    }.items()
                )
            )
            writer.create_indexes(db)
            db.conn.commit()
        finally:
            db.close()
        return count, len(topics), len(glossary), digest.hexdigest()

    def _articles(
        self, db: Database, topics: list[Topic], paths: list[Path]
    ) -> tuple[int, hashlib._Hash]:
        checks = content.ArticleChecks(topics, self.problems)
        digest = hashlib.sha256()
        rows = writer.Rows()
        count = 0
        parsed_files = _on_every_core(
            _parse_job,
            ((str(self.root), str(p)) for p in paths),
            workers=self.workers if len(paths) >= PARALLEL_FROM else 1,
            init=_init_worker,
            initargs=(self.phrases, self.blocks),
            chunksize=64,
        )
        for done, parsed in enumerate(parsed_files, start=1):
            digest.update(parsed.name.encode() + b"\0" + parsed.digest)
            self.problems.items.extend(parsed.problems)
            article = parsed.article
            if article is not None:
                checks.add(article)
                self.curated[article.id] = article.related
                self.df.update(parsed.features)
                self.used.update(article.includes)
                count += 1
                # Once anything is wrong the build fails: keep checking, stop writing.
                if not self.problems:
                    rows.add(article, parsed.sections, parsed.layout)
            if len(rows) >= BATCH:
                rows.flush(db)
            if self.progress:
                self.progress("articles", done, len(paths))
        checks.finish()
        if not self.problems:
            rows.flush(db)
        return count, digest

    def _intents(self, db: Database, routes: list[intents.Phrase]) -> None:
        """One row per intent phrase, with the id of the page it leads to."""
        ids = {row[0]: row[1] for row in db.execute("SELECT slug, id FROM articles")}
        for slug in sorted({r.article for r in routes if r.article and r.article not in ids}):
            self.problems.add(content.INTENTS_FILE, "article", f"no article '{slug}'")
        db.table("intents").insert_all(
            {"phrase": r.phrase, "kind": r.kind, "value": r.value, "article_id": ids[r.article]}
            for r in routes
            if r.article in ids
        )

    def _small_tables(
        self,
        db: Database,
        topics: list[Topic],
        glossary: list[GlossaryTerm],
        synonyms: list[tuple[str, ...]],
    ) -> None:
        db.table("topics").insert_all(
            {"slug": t.slug, "title": t.title, "description": t.description, "position": t.order}
            for t in topics
        )
        db.table("glossary").insert_all(
            {"term": g.term, "definition": g.definition, "see_also": json.dumps(list(g.see_also))}
            for g in glossary
        )
        # An external-content index: each definition is stored once, in the table, and
        # Datasette finds the index by its content= option (fsgs serve).
        db.table("glossary").enable_fts(["term", "definition"], tokenize=FTS_TOKENIZE, replace=True)
        db.table("synonyms").insert_all(
            {"phrase": phrase, "group_id": group_id}
            for group_id, group in enumerate(synonyms, start=1)
            for phrase in group
        )
        # Spelling help draws on every distinctive word the articles use.
        vocabulary = Counter({t: n for t, n in self.df.items() if " " not in t})
        for g in glossary:
            vocabulary.update({w.casefold() for w in WORD_RE.findall(g.term) if len(w) > 2})
        for group in synonyms:
            vocabulary.update({w for phrase in group for w in phrase.split() if len(w) > 2})
        db.table("vocabulary").insert_all(
            ({"word": w, "docs": n} for w, n in sorted(vocabulary.items())), batch_size=5000
        )

    def _related(self, db: Database, count: int) -> None:
        db.conn.commit()  # the key-term workers read the articles from the file
        idf = related.idf_table(self.df, count)
        keyed = _keyed_docs(self.path, self.curated, self.phrases, idf, self.workers)
        links = related.link(keyed, self.phrases)
        db.table("related").insert_all(
            (
                {
                    "article_id": article_id,
                    "position": position,
                    "related_id": link.related_id,
                    "reason": link.reason,
                    "score": link.score,
                }
                for article_id, chosen in links
                for position, link in enumerate(chosen, start=1)
            ),
            batch_size=5000,
        )
        if self.progress:
            self.progress("related", count, count)


_KEYS: tuple[related.PhraseIndex, dict[str, float]] = (related.PhraseIndex(()), {})
KEY_CHUNK = 2000


def _init_keys(phrases: list[str], idf: dict[str, float]) -> None:
    global _KEYS
    _KEYS = (related.PhraseIndex(phrases), idf)


def _texts(path: Path, first: int, last: int) -> list[tuple[int, str, str]]:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT f.id, a.topic, f.title || char(10) || f.summary || char(10) || f.text "
            f"FROM {ARTICLES_SEARCH} f JOIN articles a ON a.id = f.id "
            "WHERE f.id BETWEEN ? AND ? ORDER BY f.id",
            (first, last),
        ).fetchall()
    finally:
        conn.close()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def _keys_job(job: tuple[str, int, int]) -> list[tuple[int, str, dict[str, float]]]:
    index, idf = _KEYS
    return [
        (doc_id, topic, related.key_terms(text, index, idf))
        for doc_id, topic, text in _texts(Path(job[0]), job[1], job[2])
    ]


def _keyed_docs(
    path: Path,
    curated: dict[int, tuple[int, ...]],
    phrases: list[str],
    idf: dict[str, float],
    workers: int,
) -> Iterator[tuple[related.Doc, dict[str, float]]]:
    """Every article with its key terms, worked out on every core for large stores."""
    ids = sorted(curated)
    chunks = [
        (str(path), ids[i], ids[min(i + KEY_CHUNK, len(ids)) - 1])
        for i in range(0, len(ids), KEY_CHUNK)
    ]
    batches = _on_every_core(
        _keys_job,
        chunks,
        workers=workers if len(ids) >= PARALLEL_FROM else 1,
        init=_init_keys,
        initargs=(phrases, idf),
    )
    for batch in batches:
        for doc_id, topic, keys in batch:
            yield related.Doc(doc_id, topic, curated[doc_id]), keys
