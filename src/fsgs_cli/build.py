"""Build the article store from the content folder with sqlite-utils.

The build streams: article files are parsed one at a time (on every core for large
folders), checked, and written straight into the new store, so memory does not grow with
the whole corpus. The store is written to a temporary file beside the output and renamed
into place only when it is complete, so a failed or interrupted build leaves the previous
store as it was. For the same content (and the same ``SOURCE_DATE_EPOCH``) the bytes are
the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fsgs_cli import content, includes, related
from fsgs_cli.errors import BuildError, StoreError, os_reason
from fsgs_cli.files import replacing
from fsgs_cli.models import Article, GlossaryTerm, Topic
from fsgs_cli.schema import FTS_COLUMNS, FTS_TOKENIZE, SCHEMA_VERSION, SECTION_SLOTS
from fsgs_cli.text import WORD_RE, document, phrase_key

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
    text: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)
    features: frozenset[str] = frozenset()


_PHRASES = related.PhraseIndex(())
_BLOCKS: dict[str, str] = {}


def _init_worker(phrases: list[str], blocks: dict[str, str]) -> None:
    global _PHRASES, _BLOCKS
    _PHRASES = related.PhraseIndex(phrases)
    _BLOCKS = blocks


def build_time() -> str:
    """The build time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.UTC)
    )
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


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
        parsed.text, parsed.sections = document(article.body)
        whole = f"{article.title}\n{article.summary}\n{parsed.text}"
        parsed.features = frozenset(_PHRASES.features(whole))
    return parsed


def _parse_job(job: tuple[str, str]) -> Parsed:
    return parse_file(Path(job[0]), Path(job[1]))


def _parsed_files(
    root: Path, paths: list[Path], workers: int, phrases: list[str], blocks: dict[str, str]
) -> Iterator[Parsed]:
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        _init_worker(phrases, blocks)
        for path in paths:
            yield parse_file(root, path)
        return
    from multiprocessing import get_context

    context = get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(phrases, blocks)) as pool:
        yield from pool.imap(_parse_job, ((str(root), str(p)) for p in paths), chunksize=64)


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
        self.blocks = includes.load(self.root, problems)
        articles_dir = self.root / content.ARTICLES_DIR
        if not articles_dir.is_dir():
            problems.add(content.ARTICLES_DIR, "folder", "missing")
        paths = sorted(articles_dir.glob("*.md")) if articles_dir.is_dir() else []

        db: Any = sqlite_utils.Database(str(self.path))
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            _create(db)
            count, digest = self._articles(db, topics, paths)
            if not problems:
                includes.check_used(self.blocks, self.used, problems)
            if problems:
                raise BuildError(problems.items)
            self._small_tables(db, topics, glossary, synonyms)
            self._related(db, count)
            digest.update(content.small_files_digest(self.root))
            db["meta"].insert_all(
                {"key": k, "value": v}
                for k, v in sorted(
                    {
                        "schema_version": str(SCHEMA_VERSION),
                        "content_hash": digest.hexdigest(),
                        "built_at": build_time(),
                    }.items()
                )
            )
            create_indexes(db)
            db.conn.commit()
        finally:
            db.close()
        return count, len(topics), len(glossary), digest.hexdigest()

    def _articles(self, db: Any, topics: list[Topic], paths: list[Path]) -> tuple[int, Any]:
        checks = content.ArticleChecks(topics, self.problems)
        digest = hashlib.sha256()
        rows: dict[str, list[Any]] = {
            name: [] for name in ("articles", "aliases", "sources", "fts", "sections")
        }
        count = 0
        parsed_files = _parsed_files(self.root, paths, self.workers, self.phrases, self.blocks)
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
                    _rows(rows, article, parsed)
            if len(rows["articles"]) >= BATCH:
                _flush(db, rows)
            if self.progress:
                self.progress("articles", done, len(paths))
        checks.finish()
        if not self.problems:
            _flush(db, rows)
        return count, digest

    def _small_tables(
        self,
        db: Any,
        topics: list[Topic],
        glossary: list[GlossaryTerm],
        synonyms: list[tuple[str, ...]],
    ) -> None:
        db["topics"].insert_all(
            {"slug": t.slug, "title": t.title, "description": t.description, "position": t.order}
            for t in topics
        )
        db["glossary"].insert_all(
            {"term": g.term, "definition": g.definition, "see_also": json.dumps(list(g.see_also))}
            for g in glossary
        )
        db["synonyms"].insert_all(
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
        db["vocabulary"].insert_all(
            ({"word": w, "docs": n} for w, n in sorted(vocabulary.items())), batch_size=5000
        )
        db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
        db.execute("INSERT INTO sections_fts (sections_fts) VALUES ('optimize')")

    def _related(self, db: Any, count: int) -> None:
        db.conn.commit()  # the key-term workers read the articles from the file
        idf = related.idf_table(self.df, count)
        keyed = _keyed_docs(self.path, self.curated, self.phrases, idf, self.workers, count)
        links = related.link(keyed, self.phrases)
        db["related"].insert_all(
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
            "SELECT f.rowid, a.topic, f.title || char(10) || f.summary || char(10) || f.body "
            "FROM articles_fts f JOIN articles a ON a.id = f.rowid "
            "WHERE f.rowid BETWEEN ? AND ? ORDER BY f.rowid",
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
    count: int,
) -> Iterator[tuple[related.Doc, dict[str, float]]]:
    """Every article with its key terms, worked out on every core for large stores."""
    ids = sorted(curated)
    chunks = [
        (str(path), ids[i], ids[min(i + KEY_CHUNK, len(ids)) - 1])
        for i in range(0, len(ids), KEY_CHUNK)
    ]
    if workers <= 1 or count < PARALLEL_FROM:
        _init_keys(phrases, idf)
        results: Iterator[list[tuple[int, str, dict[str, float]]]] = map(_keys_job, chunks)
        for batch in results:
            for doc_id, topic, keys in batch:
                yield related.Doc(doc_id, topic, curated[doc_id]), keys
        return
    from multiprocessing import get_context

    context = get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(workers, initializer=_init_keys, initargs=(phrases, idf)) as pool:
        for batch in pool.imap(_keys_job, chunks):
            for doc_id, topic, keys in batch:
                yield related.Doc(doc_id, topic, curated[doc_id]), keys


def _rows(rows: dict[str, list[Any]], a: Article, parsed: Parsed) -> None:
    rows["articles"].append(
        (
            a.id,
            a.slug,
            a.title,
            a.topic,
            a.kind,
            a.summary,
            a.body,
            a.reviewed,
            a.path,
            phrase_key(a.title),
        )
    )
    rows["aliases"].extend((alias, a.id) for alias in a.aliases)
    rows["sources"].extend((a.id, i, s.title, s.url) for i, s in enumerate(a.sources, start=1))
    rows["fts"].append((a.id, a.title, " ".join(a.aliases), a.summary, parsed.text))
    for position, (heading, text) in enumerate(parsed.sections[: SECTION_SLOTS - 1]):
        rows["sections"].append((a.id * SECTION_SLOTS + position, a.id, position, heading, text))


def _flush(db: Any, rows: dict[str, list[Any]]) -> None:
    conn = db.conn
    conn.executemany(
        "INSERT INTO articles (id, slug, title, topic, kind, summary, body, reviewed, path, "
        "title_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows["articles"],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO aliases (alias, article_id) VALUES (?, ?)", rows["aliases"]
    )
    conn.executemany(
        "INSERT INTO sources (article_id, position, title, url) VALUES (?, ?, ?, ?)",
        rows["sources"],
    )
    conn.executemany(
        "INSERT INTO articles_fts (rowid, title, aliases, summary, body) VALUES (?, ?, ?, ?, ?)",
        rows["fts"],
    )
    conn.executemany(
        "INSERT INTO sections (id, article_id, position, heading) VALUES (?, ?, ?, ?)",
        (r[:4] for r in rows["sections"]),
    )
    conn.executemany(
        "INSERT INTO sections_fts (rowid, heading, text) VALUES (?, ?, ?)",
        ((r[0], r[3], r[4]) for r in rows["sections"]),
    )
    for batch in rows.values():
        batch.clear()


def _create(db: Any) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["topics"].create(
        {"slug": str, "title": str, "description": str, "position": int},
        pk="slug",
        not_null={"title", "description", "position"},
    )
    db["articles"].create(
        {
            "id": int,
            "slug": str,
            "title": str,
            "topic": str,
            "kind": str,
            "summary": str,
            "body": str,
            "reviewed": str,
            "path": str,
            "title_key": str,
        },
        pk="id",
        not_null={"slug", "title", "topic", "kind", "summary", "body", "reviewed"},
    )
    db["aliases"].create({"alias": str, "article_id": int}, pk="alias")
    db["sources"].create(
        {"article_id": int, "position": int, "title": str, "url": str},
        pk=("article_id", "position"),
    )
    db["related"].create(
        {"article_id": int, "position": int, "related_id": int, "reason": str, "score": float},
        pk=("article_id", "position"),
    )
    db["glossary"].create(
        {"term": str, "definition": str, "see_also": str}, pk="term", not_null={"definition"}
    )
    db["synonyms"].create({"phrase": str, "group_id": int}, pk="phrase", not_null={"group_id"})
    db["vocabulary"].create({"word": str, "docs": int}, pk="word", not_null={"docs"})
    db["sections"].create({"id": int, "article_id": int, "position": int, "heading": str}, pk="id")
    columns = ", ".join(FTS_COLUMNS)
    db.execute(
        f"CREATE VIRTUAL TABLE articles_fts USING fts5({columns}, tokenize='{FTS_TOKENIZE}')"
    )
    db.execute(
        f"CREATE VIRTUAL TABLE sections_fts USING fts5(heading, text, tokenize='{FTS_TOKENIZE}')"
    )


def create_indexes(db: Any) -> None:
    db["articles"].create_index(["slug"], unique=True)
    db["articles"].create_index(["topic"])
    db["articles"].create_index(["reviewed"])
    db["articles"].create_index(["title_key"])
    db["synonyms"].create_index(["group_id"])
