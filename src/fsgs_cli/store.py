"""Read-only access to the article store.

The store is opened with a read-only, immutable URI, so reading never writes to it (no
journal, no -wal or -shm files) and works from a read-only install. Only the standard
library's sqlite3 is used here; sqlite-utils is for building.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Sequence
from typing import Any

from fsgs_cli import query
from fsgs_cli.errors import AmbiguousError, NotFoundError, StoreError, os_reason
from fsgs_cli.models import (
    URGENT_ALIAS,
    ArticlePage,
    ArticleRef,
    Edition,
    GlossaryTerm,
    RelatedLink,
    Source,
    StoreInfo,
    TopicListing,
)
from fsgs_cli.schema import ARTICLES_SEARCH, SCHEMA_VERSION, TABLES
from fsgs_cli.text import close_matches, phrase_key, readable

ENV_VAR = "FSGS_DB"
BUILD_HINT = "Run 'fsgs db build' to build it, or point --db / FSGS_DB at a store."


def default_path() -> str:
    """The bundled store: package data beside this module in an installed wheel, else
    ``data/articles.db`` of the source checkout this module sits in."""
    here = os.path.dirname(os.path.realpath(__file__))
    beside = os.path.join(here, "data", "articles.db")
    checkout = os.path.join(os.path.dirname(os.path.dirname(here)), "data", "articles.db")
    return beside if os.path.isfile(beside) else checkout


def resolve_path(option: str | None) -> str:
    """The store to use: ``--db``, then ``FSGS_DB``, then the bundled store."""
    return option or os.environ.get(ENV_VAR) or default_path()


# Characters a file: URI may hold as they are; every other byte is percent-encoded.
URI_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~")


def file_uri(path: str) -> str:
    """``path`` (absolute) as a read-only, immutable SQLite URI: reading the store takes no
    locks and writes nothing, not even a journal."""
    quoted = "".join(chr(b) if b in URI_SAFE else f"%{b:02X}" for b in os.fsencode(path))
    return f"file:{quoted}?mode=ro&immutable=1"


class Store:
    """A typed, read-only view of one article store."""

    def __init__(self, path: str, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, check_schema: bool = True) -> Store:
        """The store at ``path``; with ``check_schema=False``, any file that SQLite may read
        (for ``check``, which says what is wrong with it)."""
        path = os.fspath(path)
        try:
            mode = os.stat(path).st_mode
            uri = file_uri(os.path.realpath(path))
        except FileNotFoundError:
            raise StoreError(f"no article store at {path}.", hint=BUILD_HINT) from None
        except (OSError, ValueError) as exc:  # a name too long, a loop of symbolic links
            raise StoreError(f"cannot open {path}: {os_reason(exc)}.", hint=BUILD_HINT) from None
        if not stat.S_ISREG(mode):
            raise StoreError(f"{path} is not a file.", hint=BUILD_HINT)
        journal = _changing(path)
        if journal:
            raise StoreError(
                f"{path} is being changed by another program ({journal} is beside it), or one "
                "stopped half-way.",
                hint="Wait for it to finish, or rebuild the store with 'fsgs db build'.",
            )
        try:
            conn = sqlite3.connect(uri, uri=True)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {path}: {exc}.", hint=BUILD_HINT) from None
        conn.row_factory = sqlite3.Row
        store = cls(path, conn)
        if check_schema:
            store._check_schema()
        return store

    def close(self) -> None:
        self.conn.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot read {self.path}: {exc}.", hint="Rebuild it with 'fsgs db build'."
            ) from None

    def _check_schema(self) -> None:
        try:
            version = self.stored_schema()
        except sqlite3.DatabaseError as exc:  # not SQLite, truncated, damaged
            raise StoreError(f"cannot read {self.path}: {exc}.", hint=BUILD_HINT) from None
        if version is None:
            raise StoreError(f"{self.path} is not an fsgs article store.", hint=BUILD_HINT)
        if version != str(SCHEMA_VERSION):
            raise StoreError(
                f"{self.path} was built by another version of fsgs (schema version {version}; "
                f"this fsgs reads version {SCHEMA_VERSION}).",
                hint="Rebuild it with 'fsgs db build'.",
            )

    def stored_schema(self) -> str | None:
        """The schema version the store records ("missing" when it records none); ``None``
        when it has no meta table, so is not an fsgs store at all."""
        has_meta = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchall()
        if not has_meta:
            return None
        rows = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        return str(rows[0][0]) if rows else "missing"

    # -- metadata ---------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.rows("SELECT key, value FROM meta")}

    def info(self) -> StoreInfo:
        meta = self.meta()
        counts = {
            table: int(self.rows(f"SELECT count(*) FROM {table}")[0][0])
            for table in TABLES
            if table != "meta"
        }
        return StoreInfo(
            path=str(self.path),
            schema_version=int(meta.get("schema_version", "0")),
            content_hash=meta.get("content_hash", ""),
            content_date=meta.get("content_date", ""),
            counts=counts,
        )

    def edition(self) -> Edition:
        """The newest reviewed date and a short content version, for printed documents."""
        meta = self.meta()
        newest = self.rows("SELECT max(reviewed) FROM articles")[0][0]
        return Edition(
            content_date=str(newest or ""),
            version=meta.get("content_hash", "")[:12],
            schema_version=int(meta.get("schema_version", "0")),
        )

    # -- topics -----------------------------------------------------------------

    def topics(self, *, with_articles: bool = True) -> list[TopicListing]:
        topics = self.rows("SELECT slug, title, description FROM topics ORDER BY position, slug")
        by_topic: dict[str, list[ArticleRef]] = {row["slug"]: [] for row in topics}
        if with_articles:
            for row in self.rows(
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
        name = readable(name)
        wanted = name.strip().casefold()
        listings = self.topics()
        for listing in listings:
            if wanted in (listing.slug, listing.title.casefold()):
                return listing
        names = [t.slug for t in listings]
        raise NotFoundError(
            f"no topic '{name}'.",
            suggestions=close_matches(wanted, names, cutoff=50) or names,
        )

    def start_here(self) -> ArticleRef | None:
        """The first article of the first topic: where a new reader should begin."""
        rows = self.rows(
            "SELECT a.id, a.slug, a.title, a.summary, a.topic, a.reviewed FROM articles a "
            "JOIN topics t ON t.slug = a.topic ORDER BY t.position, t.slug, a.id LIMIT 1"
        )
        return _ref(rows[0]) if rows else None

    def urgent(self) -> ArticleRef | None:
        """The page that says when to get help, by its alias ``urgent``."""
        rows = self.rows(
            "SELECT a.id, a.slug, a.title, a.summary, a.topic, a.reviewed FROM articles a "
            "JOIN aliases x ON x.article_id = a.id WHERE x.alias = ?",
            (URGENT_ALIAS,),
        )
        return _ref(rows[0]) if rows else None

    # -- articles ---------------------------------------------------------------

    def names(self) -> list[str]:
        """Every slug and alias, for completion."""
        rows = self.rows("SELECT slug AS name FROM articles UNION SELECT alias FROM aliases")
        return sorted(row["name"] for row in rows)

    def resolve(self, ref: str) -> int:
        """The id of the article a reference names: id, slug, alias or title words."""
        text = " ".join(readable(ref).split())
        key = text.casefold()
        if not key:
            raise NotFoundError("an empty reference names no article.")
        if key.isdecimal() and len(key) < 19:
            rows = self.rows("SELECT id FROM articles WHERE id = ?", (int(key),))
            if rows:
                return int(rows[0]["id"])
        for sql in (
            "SELECT id FROM articles WHERE slug = ?",
            "SELECT article_id AS id FROM aliases WHERE alias = ?",
            "SELECT id FROM articles WHERE lower(title) = ?",
        ):
            rows = self.rows(sql, (key,))
            if rows:
                return int(rows[0]["id"])
        wanted = {word for word, _ in query.terms(key)}
        if wanted:
            matches = [
                row
                for row in self.rows("SELECT id, slug, title FROM articles ORDER BY id")
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
        """The slugs, aliases and titles of articles, and the topics, closest to ``key``."""
        sql = "SELECT title FROM articles UNION SELECT slug FROM topics"
        candidates = {n.casefold(): n for n in [*self.names(), *(r[0] for r in self.rows(sql))]}
        close = close_matches(key.casefold(), candidates, n=n)
        return [candidates[c] for c in close]

    def article(self, article_id: int) -> ArticlePage:
        rows = self.rows(
            f"SELECT a.*, t.title AS topic_title, s.text AS text FROM articles a JOIN topics t "
            f"ON t.slug = a.topic JOIN {ARTICLES_SEARCH} s ON s.id = a.id WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            raise NotFoundError(f"no article with id {article_id}.")
        row = rows[0]
        sql = "SELECT title, url FROM sources WHERE article_id = ? ORDER BY position"
        sources = tuple(Source(s["title"], s["url"]) for s in self.rows(sql, (article_id,)))
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
            layout=row["layout"] or "[]",
            text=row["text"] or "",
        )

    def ref(self, article_id: int) -> ArticleRef:
        rows = self.rows(
            "SELECT id, slug, title, summary, topic, reviewed FROM articles WHERE id = ?",
            (article_id,),
        )
        if not rows:
            raise NotFoundError(f"no article with id {article_id}.")
        return _ref(rows[0])

    def related(self, article_id: int, limit: int | None = None) -> list[RelatedLink]:
        rows = self.rows(
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
        rows = self.rows(
            "SELECT id, slug, title, summary, topic, reviewed FROM articles "
            "ORDER BY reviewed DESC, id LIMIT ?",
            (limit,),
        )
        return [_ref(row) for row in rows]

    # -- glossary ---------------------------------------------------------------

    def glossary_named(self, keys: Sequence[str]) -> list[GlossaryTerm]:
        """The glossary terms whose words (``phrase_key``) are among ``keys``, in that
        order; only those entries are read in full."""
        terms = {
            phrase_key(row["term"]): row["term"] for row in self.rows("SELECT term FROM glossary")
        }
        chosen = [terms[k] for k in dict.fromkeys(keys) if k in terms]
        if not chosen:
            return []
        marks = ", ".join("?" * len(chosen))
        rows = {
            row["term"]: row
            for row in self.rows(
                f"SELECT term, definition, see_also FROM glossary WHERE term IN ({marks})", chosen
            )
        }
        return [_term(rows[t]) for t in chosen]

    def glossary(self, term: str | None = None) -> list[GlossaryTerm]:
        entries = [
            _term(row)
            for row in self.rows(
                "SELECT term, definition, see_also FROM glossary ORDER BY term COLLATE NOCASE"
            )
        ]
        if term is None:
            return entries
        term = readable(term)
        key = " ".join(term.split()).casefold()
        exact = [e for e in entries if e.term.casefold() == key]
        if exact:
            return exact
        partial = [e for e in entries if key and key in e.term.casefold()]
        if partial:
            return partial
        names = {e.term.casefold(): e.term for e in entries}
        close = close_matches(key, names)
        raise NotFoundError(
            f"no glossary term '{term.strip()}'.", suggestions=[names[c] for c in close]
        )


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def _changing(path: str) -> str | None:
    """The journal beside the store when a program is changing it (or stopped half-way):
    a rollback journal with its header written (SQLite writes that just before it changes
    the store), or a write-ahead log with content. The store is read as immutable, so
    neither would be looked at, and the file alone may be half-changed."""
    for suffix in ("-journal", "-wal"):
        side = path + suffix
        try:
            with open(side, "rb") as handle:
                head = handle.read(len(JOURNAL_MAGIC))
        except OSError:
            continue
        hot = head == JOURNAL_MAGIC if suffix == "-journal" else bool(head)
        if hot:
            return os.path.basename(side)
    return None


def _term(row: sqlite3.Row) -> GlossaryTerm:
    """A glossary row; its see-also list is stored as JSON (decoded only when read)."""
    import json

    return GlossaryTerm(row["term"], row["definition"], tuple(json.loads(row["see_also"])))


def _ref(row: sqlite3.Row) -> ArticleRef:
    return ArticleRef(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        summary=row["summary"],
        topic=row["topic"],
        reviewed=row["reviewed"],
    )
