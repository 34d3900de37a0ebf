"""Read-only access to the article store.

The store is opened with a read-only, immutable URI, so reading never writes to it (no
journal, no -wal or -shm files) and works from a read-only install. Only the standard
library's sqlite3 is used here; sqlite-utils is for building.
"""

from __future__ import annotations

import difflib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fsgs_cli import query
from fsgs_cli.errors import AmbiguousError, NotFoundError, StoreError
from fsgs_cli.models import (
    ArticlePage,
    ArticleRef,
    GlossaryTerm,
    RelatedLink,
    SearchHit,
    Source,
    StoreInfo,
    TopicListing,
)
from fsgs_cli.schema import FTS_WEIGHTS, SCHEMA_VERSION, TABLES

ENV_VAR = "FSGS_DB"
MARK_START = "\x02"
MARK_END = "\x03"
BUILD_HINT = "Run 'fsgs db build' to build it, or point --db / FSGS_DB at a store."


def default_path() -> Path:
    """The bundled store: package data in a wheel, ``data/articles.db`` in a checkout."""
    from importlib.resources import files

    packaged = files("fsgs_cli").joinpath("data", "articles.db")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / "articles.db"


def resolve_path(option: str | None) -> Path:
    """The store to use: ``--db``, then ``FSGS_DB``, then the bundled store."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return default_path()


class Store:
    """A typed, read-only view of one article store."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    @classmethod
    def open(cls, path: Path) -> Store:
        if not path.exists():
            raise StoreError(f"no article store at {path}.", hint=BUILD_HINT)
        if not path.is_file():
            raise StoreError(f"{path} is not a file.", hint=BUILD_HINT)
        uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            conn = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {path}: {exc}.", hint=BUILD_HINT) from None
        conn.row_factory = sqlite3.Row
        store = cls(path, conn)
        store._check_schema()
        return store

    def close(self) -> None:
        self._conn.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot read {self.path}: {exc}.", hint="Rebuild it with 'fsgs db build'."
            ) from None

    def _check_schema(self) -> None:
        try:
            rows = self._conn.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchall()
        except sqlite3.DatabaseError:
            raise StoreError(
                f"{self.path} is not an fsgs article store.", hint=BUILD_HINT
            ) from None
        version = rows[0][0] if rows else None
        if str(version) != str(SCHEMA_VERSION):
            raise StoreError(
                f"{self.path} has schema version {version}; this fsgs reads version "
                f"{SCHEMA_VERSION}.",
                hint="Rebuild it with 'fsgs db build'.",
            )

    # -- metadata ---------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self._rows("SELECT key, value FROM meta")}

    def info(self) -> StoreInfo:
        meta = self.meta()
        counts = {
            table: int(self._rows(f"SELECT count(*) FROM {table}")[0][0])
            for table in TABLES
            if table != "meta"
        }
        return StoreInfo(
            path=str(self.path),
            schema_version=int(meta.get("schema_version", "0")),
            content_hash=meta.get("content_hash", ""),
            built_at=meta.get("built_at", ""),
            counts=counts,
        )

    # -- topics -----------------------------------------------------------------

    def topics(self, *, with_articles: bool = True) -> list[TopicListing]:
        topics = self._rows("SELECT slug, title, description FROM topics ORDER BY position, slug")
        by_topic: dict[str, list[ArticleRef]] = {row["slug"]: [] for row in topics}
        if with_articles:
            for row in self._rows(
                "SELECT id, slug, title, summary, topic, reviewed FROM articles ORDER BY id"
            ):
                by_topic.setdefault(row["topic"], []).append(_ref(row))
        return [
            TopicListing(
                row["slug"], row["title"], row["description"], tuple(by_topic[row["slug"]])
            )
            for row in topics
        ]

    def topic(self, name: str) -> TopicListing:
        wanted = name.strip().casefold()
        listings = self.topics()
        for listing in listings:
            if wanted in (listing.slug, listing.title.casefold()):
                return listing
        names = [t.slug for t in listings]
        raise NotFoundError(
            f"no topic '{name}'.",
            suggestions=difflib.get_close_matches(wanted, names, n=3, cutoff=0.5) or names,
        )

    def start_here(self) -> ArticleRef | None:
        """The first article of the first topic: where a new reader should begin."""
        rows = self._rows(
            "SELECT a.id, a.slug, a.title, a.summary, a.topic, a.reviewed FROM articles a "
            "JOIN topics t ON t.slug = a.topic ORDER BY t.position, t.slug, a.id LIMIT 1"
        )
        return _ref(rows[0]) if rows else None

    # -- articles ---------------------------------------------------------------

    def names(self) -> list[str]:
        """Every slug and alias, for completion."""
        rows = self._rows("SELECT slug AS name FROM articles UNION SELECT alias FROM aliases")
        return sorted(row["name"] for row in rows)

    def resolve(self, ref: str) -> int:
        """The id of the article a reference names: id, slug, alias or title words."""
        text = " ".join(ref.split())
        key = text.casefold()
        if not key:
            raise NotFoundError("an empty reference names no article.")
        if key.isdigit() and len(key) < 19:
            rows = self._rows("SELECT id FROM articles WHERE id = ?", (int(key),))
            if rows:
                return int(rows[0]["id"])
        for sql in (
            "SELECT id FROM articles WHERE slug = ?",
            "SELECT article_id AS id FROM aliases WHERE alias = ?",
            "SELECT id FROM articles WHERE lower(title) = ?",
        ):
            rows = self._rows(sql, (key,))
            if rows:
                return int(rows[0]["id"])
        wanted = {word for word, _ in query.terms(key)}
        if wanted:
            matches = [
                row
                for row in self._rows("SELECT id, slug, title FROM articles ORDER BY id")
                if wanted <= query.words(row["title"])
            ]
            if len(matches) == 1:
                return int(matches[0]["id"])
            if len(matches) > 1:
                raise AmbiguousError(
                    text, [f"{row['id']} {row['slug']} ({row['title']})" for row in matches]
                )
        raise NotFoundError(f"no article matches '{text}'.", suggestions=self.close_names(key))

    def close_names(self, key: str, n: int = 3) -> list[str]:
        """The slugs, aliases and titles closest to ``key``."""
        titles = [row["title"] for row in self._rows("SELECT title FROM articles")]
        candidates = {name.casefold(): name for name in [*self.names(), *titles]}
        close = difflib.get_close_matches(key.casefold(), list(candidates), n=n, cutoff=0.6)
        return [candidates[c] for c in close]

    def article(self, article_id: int) -> ArticlePage:
        rows = self._rows(
            "SELECT a.*, t.title AS topic_title FROM articles a "
            "JOIN topics t ON t.slug = a.topic WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            raise NotFoundError(f"no article with id {article_id}.")
        row = rows[0]
        sources = tuple(
            Source(s["title"], s["url"])
            for s in self._rows(
                "SELECT title, url FROM sources WHERE article_id = ? ORDER BY position",
                (article_id,),
            )
        )
        return ArticlePage(
            id=row["id"],
            slug=row["slug"],
            title=row["title"],
            topic=row["topic"],
            topic_title=row["topic_title"],
            kind=row["kind"],
            summary=row["summary"],
            body=row["body"],
            reviewed=row["reviewed"],
            sources=sources,
            related=tuple(self.related(article_id)),
        )

    def ref(self, article_id: int) -> ArticleRef:
        rows = self._rows(
            "SELECT id, slug, title, summary, topic, reviewed FROM articles WHERE id = ?",
            (article_id,),
        )
        if not rows:
            raise NotFoundError(f"no article with id {article_id}.")
        return _ref(rows[0])

    def related(self, article_id: int, limit: int | None = None) -> list[RelatedLink]:
        rows = self._rows(
            "SELECT a.id, a.slug, a.title, r.reason, r.score FROM related r "
            "JOIN articles a ON a.id = r.related_id WHERE r.article_id = ? "
            "ORDER BY r.position LIMIT ?",
            (article_id, -1 if limit is None else limit),
        )
        return [
            RelatedLink(row["id"], row["slug"], row["title"], row["reason"], row["score"])
            for row in rows
        ]

    def latest(self, limit: int) -> list[ArticleRef]:
        rows = self._rows(
            "SELECT id, slug, title, summary, topic, reviewed FROM articles "
            "ORDER BY reviewed DESC, id LIMIT ?",
            (limit,),
        )
        return [_ref(row) for row in rows]

    # -- search -----------------------------------------------------------------

    def search(self, text: str, *, topic: str | None = None, limit: int = 10) -> list[SearchHit]:
        """Ranked hits for every word; when none, for any word."""
        hits: list[SearchHit] = []
        for fts in (query.match_all(text), query.match_any(text)):
            if fts is None:
                break
            hits = self._match(fts, topic, limit)
            if hits:
                break
        return hits

    def _match(self, fts: str, topic: str | None, limit: int) -> list[SearchHit]:
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        sql = (
            f"SELECT a.id, a.slug, a.title, a.topic, bm25(articles_fts, {weights}) AS rank, "
            f"snippet(articles_fts, 3, '{MARK_START}', '{MARK_END}', '…', 14) AS snippet "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND (? IS NULL OR a.topic = ?) "
            "ORDER BY rank, a.id LIMIT ?"
        )
        rows = self._rows(sql, (fts, topic, topic, limit))
        return [
            SearchHit(
                id=row["id"],
                slug=row["slug"],
                title=row["title"],
                topic=row["topic"],
                snippet=" ".join(row["snippet"].split()),
                score=round(-float(row["rank"]), 4),
            )
            for row in rows
        ]

    # -- glossary ---------------------------------------------------------------

    def glossary(self, term: str | None = None) -> list[GlossaryTerm]:
        entries = [
            GlossaryTerm(row["term"], row["definition"], tuple(json.loads(row["see_also"])))
            for row in self._rows(
                "SELECT term, definition, see_also FROM glossary ORDER BY term COLLATE NOCASE"
            )
        ]
        if term is None:
            return entries
        key = " ".join(term.split()).casefold()
        exact = [e for e in entries if e.term.casefold() == key]
        if exact:
            return exact
        partial = [e for e in entries if key and key in e.term.casefold()]
        if partial:
            return partial
        names = {e.term.casefold(): e.term for e in entries}
        close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
        raise NotFoundError(
            f"no glossary term '{term.strip()}'.", suggestions=[names[c] for c in close]
        )


def _ref(row: sqlite3.Row) -> ArticleRef:
    return ArticleRef(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        summary=row["summary"],
        topic=row["topic"],
        reviewed=row["reviewed"],
    )


@contextmanager
def opened(path: Path) -> Iterator[Store]:
    store = Store.open(path)
    try:
        yield store
    finally:
        store.close()
