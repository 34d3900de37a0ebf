"""Read-only access to the article store.

The store is opened with a read-only, immutable URI, so reading never writes to it (no
journal, no -wal or -shm files) and works from a read-only install. Only the standard
library's sqlite3 is used here; sqlite-utils is for building.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fsgs_cli import query
from fsgs_cli.errors import AmbiguousError, NotFoundError, StoreError, os_reason
from fsgs_cli.models import (
    MARK_END,
    MARK_START,
    URGENT_ALIAS,
    ArticlePage,
    ArticleRef,
    Check,
    Edition,
    GlossaryTerm,
    RelatedLink,
    SearchHit,
    SearchResult,
    Source,
    StoreCheck,
    StoreInfo,
    TopicListing,
)
from fsgs_cli.schema import FTS_WEIGHTS, SCHEMA_VERSION, SECTION_SLOTS, TABLES
from fsgs_cli.text import phrase_key, readable

ENV_VAR = "FSGS_DB"
QUESTION_BOOST = 1.5
RANK_CAP = 5000
MAX_ROWID = 2**63 - 1
GLOSSARY_SHOWN = 2
BUILD_HINT = "Run 'fsgs db build' to build it, or point --db / FSGS_DB at a store."
FTS_TABLES = ("articles_fts", "sections_fts")


def default_path() -> Path:
    """The bundled store: package data in a wheel, ``data/articles.db`` in a checkout.

    Package data sits beside this module in any ordinary install, so that is looked at
    first; importlib.resources (slower to load) is asked only when it is not there.
    """
    here = Path(__file__).resolve().parent
    beside = here / "data" / "articles.db"
    if beside.is_file():
        return beside
    from importlib.resources import files

    packaged = files("fsgs_cli").joinpath("data", "articles.db")
    if packaged.is_file():
        return Path(str(packaged))
    return here.parents[1] / "data" / "articles.db"


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
        self._vocabulary: dict[str, int] | None = None

    @classmethod
    def open(cls, path: Path, *, check_schema: bool = True) -> Store:
        """The store at ``path``; with ``check_schema=False``, any file that SQLite may read
        (for ``check``, which says what is wrong with it)."""
        try:
            if not path.exists():
                raise StoreError(f"no article store at {path}.", hint=BUILD_HINT)
            if not path.is_file():
                raise StoreError(f"{path} is not a file.", hint=BUILD_HINT)
            uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        except (OSError, RuntimeError) as exc:  # a name too long, a loop of symbolic links
            raise StoreError(f"cannot open {path}: {os_reason(exc)}.", hint=BUILD_HINT) from None
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
            version = self._stored_schema()
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

    def _stored_schema(self) -> str | None:
        """The schema version the store records ("missing" when it records none); ``None``
        when it has no meta table, so is not an fsgs store at all."""
        has_meta = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchall()
        if not has_meta:
            return None
        rows = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        return str(rows[0][0]) if rows else "missing"

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

    def edition(self) -> Edition:
        """The newest reviewed date and a short content version, for printed documents."""
        meta = self.meta()
        newest = self._rows("SELECT max(reviewed) FROM articles")[0][0]
        return Edition(
            content_date=str(newest or ""),
            version=meta.get("content_hash", "")[:12],
            schema_version=int(meta.get("schema_version", "0")),
        )

    def check(self) -> StoreCheck:
        """Whether the store is sound: SQLite's integrity check, the schema version, FTS5's
        integrity check of each full-text index, and the counts. Reads only: the indexes
        are checked on a copy in the connection's temporary database."""
        try:
            integrity = Check("sqlite", *self._integrity())
        except sqlite3.DatabaseError as exc:  # not SQLite at all: nothing else can be read
            return StoreCheck(str(self.path), (Check("sqlite", False, f"cannot be read: {exc}"),))
        checks = (
            integrity,
            _checked("schema version", self._schema_version),
            _checked("full-text index", self._fts_integrity),
            _checked("counts", self._counts),
        )
        return StoreCheck(str(self.path), checks)

    def _integrity(self) -> tuple[bool, str]:
        rows = [str(row[0]) for row in self._conn.execute("PRAGMA integrity_check(10)")]
        if rows == ["ok"]:
            return True, "integrity check passed"
        return False, "; ".join(rows)

    def _schema_version(self) -> tuple[bool, str]:
        version = self._stored_schema()
        if version is None:
            return False, "missing: this is not an fsgs article store"
        if version == str(SCHEMA_VERSION):
            return True, version
        return False, f"{version}: built by another version of fsgs, which reads {SCHEMA_VERSION}"

    def _fts_integrity(self) -> tuple[bool, str]:
        problems = [f"{table}: {problem}" for table in FTS_TABLES if (problem := self._fts(table))]
        if problems:
            return False, "; ".join(problems)
        return True, f"{', '.join(FTS_TABLES)}: integrity check passed"

    def _fts(self, table: str) -> str | None:
        """What FTS5's own integrity check finds wrong with a full-text index. The check is
        an INSERT, which this read-only connection refuses, so it runs on a copy of the
        index in the connection's temporary database."""
        conn = self._conn
        row = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        found = re.search(r"USING\s+fts5\s*\((.*)\)\s*$", row[0] if row else "", re.I | re.S)
        if not found:
            return "missing"
        try:
            conn.execute(f"CREATE VIRTUAL TABLE temp.fsgs_check USING fts5({found[1]})")
        except sqlite3.DatabaseError as exc:
            return f"cannot be checked ({exc})"
        try:
            for shadow in ("data", "idx", "content", "docsize", "config"):
                conn.execute(f"DELETE FROM temp.fsgs_check_{shadow}")
                conn.execute(
                    f'INSERT INTO temp.fsgs_check_{shadow} SELECT * FROM main."{table}_{shadow}"'
                )
            conn.execute("INSERT INTO temp.fsgs_check (fsgs_check) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            return f"integrity check failed ({exc})"
        finally:
            conn.execute("DROP TABLE temp.fsgs_check")
        return None

    def _counts(self) -> tuple[bool, str]:
        def count(table: str) -> int:
            return int(self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        articles, topics = count("articles"), count("topics")
        indexed, sections, indexed_sections = (
            count("articles_fts"),
            count("sections"),
            count("sections_fts"),
        )
        detail = (
            f"{articles} articles in {topics} topics, {indexed} indexed; "
            f"{sections} sections, {indexed_sections} indexed"
        )
        problems = [
            f"no {name}" for name, n in (("articles", articles), ("topics", topics)) if not n
        ]
        if indexed != articles:
            problems.append(f"{articles} articles but {indexed} in the full-text index")
        if indexed_sections != sections:
            problems.append(f"{sections} sections but {indexed_sections} in the full-text index")
        if problems:
            return False, "; ".join(problems) + f" ({detail})"
        return True, detail

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
        import difflib

        name = readable(name)
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

    def urgent(self) -> ArticleRef | None:
        """The page that says when to get help, by its alias ``urgent``: the home screen
        names it on every terminal."""
        rows = self._rows(
            "SELECT a.id, a.slug, a.title, a.summary, a.topic, a.reviewed FROM articles a "
            "JOIN aliases x ON x.article_id = a.id WHERE x.alias = ?",
            (URGENT_ALIAS,),
        )
        return _ref(rows[0]) if rows else None

    # -- articles ---------------------------------------------------------------

    def names(self) -> list[str]:
        """Every slug and alias, for completion."""
        rows = self._rows("SELECT slug AS name FROM articles UNION SELECT alias FROM aliases")
        return sorted(row["name"] for row in rows)

    def resolve(self, ref: str) -> int:
        """The id of the article a reference names: id, slug, alias or title words."""
        text = " ".join(readable(ref).split())
        key = text.casefold()
        if not key:
            raise NotFoundError("an empty reference names no article.")
        if key.isdecimal() and len(key) < 19:
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
        import difflib

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

    def synonyms(self) -> dict[str, list[str]]:
        """Each synonym phrase mapped to every phrase of its group."""
        groups: dict[int, list[str]] = {}
        for row in self._rows("SELECT phrase, group_id FROM synonyms ORDER BY group_id, rowid"):
            groups.setdefault(row["group_id"], []).append(row["phrase"])
        return {phrase: group for group in groups.values() for phrase in group}

    def search(self, text: str, *, topic: str | None = None, limit: int = 10) -> SearchResult:
        """Ranked hits. Misspelt words are corrected when the query as typed finds
        nothing, or finds only articles with some of its words."""
        text = readable(text)
        synonyms = self.synonyms()
        parsed = query.parse(text, synonyms)
        hits, expanded, complete = self._ranked(parsed, topic, limit)
        fixes = {
            word: close[0]
            for word in dict.fromkeys(parsed.plain_words())
            if not self._indexed(word) and (close := self.similar_words(word))
        }
        suggestions = tuple(dict.fromkeys(fixes.values()))
        corrected: str | None = None
        if fixes and not complete:
            retry = query.corrected(parsed, fixes, synonyms)
            retry_hits, retry_expanded, retry_complete = self._ranked(retry, topic, limit)
            if retry_hits and (retry_complete or not hits):
                parsed, corrected = retry, retry.text
                hits, expanded = retry_hits, retry_expanded
        return SearchResult(
            query=text,
            hits=tuple(hits),
            expanded=expanded,
            corrected=corrected,
            suggestions=suggestions,
            glossary=tuple(self._glossary_for(parsed, synonyms)),
        )

    def _ranked(
        self, parsed: query.Query, topic: str | None, limit: int
    ) -> tuple[list[SearchHit], str, bool]:
        """Hits for every term if any, else for any term; and whether every term matched."""
        expanded = ""
        for fts, complete in ((parsed.match_all(), True), (parsed.match_any(), False)):
            if fts is None:
                break
            expanded = fts
            hits = self._match(fts, parsed, topic, limit)
            if hits:
                return hits, fts, complete
        return [], expanded, False

    def _match(
        self, fts: str, parsed: query.Query, topic: str | None, limit: int
    ) -> list[SearchHit]:
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        typed = " ".join(parsed.text.casefold().split())
        key = phrase_key(parsed.text)
        sql = (
            f"SELECT a.id, a.slug, a.title, a.topic, a.summary, bm25(articles_fts, {weights}) "
            "* (CASE WHEN ? AND a.kind = 'question' THEN ? ELSE 1.0 END) AS rank "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND articles_fts.rowid <= ? "
            "AND (? IS NULL OR a.topic = ?) "
            # An article whose title, slug or alias is exactly the query comes first.
            "ORDER BY (a.title_key = ? OR a.slug = ? "
            "OR a.id IN (SELECT article_id FROM aliases WHERE alias IN (?, ?))) DESC, "
            "rank, a.id LIMIT ?"
        )

        def ranked(match: str, last_rowid: int) -> list[sqlite3.Row]:
            return self._rows(
                sql,
                (
                    parsed.question,
                    QUESTION_BOOST,
                    match,
                    last_rowid,
                    topic,
                    topic,
                    key,
                    key.replace(" ", "-"),
                    typed,
                    key,
                    limit,
                ),
            )

        # A query that matches very many articles (a word in nearly every one) is ranked
        # over the articles whose title or aliases match, then over the first RANK_CAP
        # matches, so that scoring stays bounded however large the store grows.
        capped = self._rows(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1 OFFSET ?",
            (fts, RANK_CAP),
        )
        if not capped:
            rows = ranked(fts, MAX_ROWID)
        else:
            rows = ranked(f"{{title aliases}} : ({fts})", MAX_ROWID)
            seen = {row["id"] for row in rows}
            rows += [r for r in ranked(fts, int(capped[0][0])) if r["id"] not in seen]
            rows = rows[:limit]
        hits: list[SearchHit] = []
        for row in rows:
            section, snippet = self._snippet(row["id"], parsed) or ("", row["summary"])
            hits.append(
                SearchHit(
                    id=row["id"],
                    slug=row["slug"],
                    title=row["title"],
                    topic=row["topic"],
                    snippet=" ".join(snippet.split()),
                    score=round(-float(row["rank"]), 4),
                    section=section,
                )
            )
        return hits

    def _snippet(self, article_id: int, parsed: query.Query) -> tuple[str, str] | None:
        """The heading and highlighted passage of the section with the most matched words.

        (Sections are not ordered with bm25(): for a word in nearly every article, its
        document frequency alone would cost more than the rest of the search.)
        """
        first = article_id * SECTION_SLOTS
        sql = (
            "SELECT s.heading, s.position, "
            f"snippet(sections_fts, 1, '{MARK_START}', '{MARK_END}', '…', 16) AS snippet "
            "FROM sections_fts JOIN sections s ON s.id = sections_fts.rowid "
            "WHERE sections_fts MATCH ? AND sections_fts.rowid BETWEEN ? AND ?"
        )
        for fts in dict.fromkeys((parsed.match_all(), parsed.match_any())):
            if fts is None:
                break
            rows = self._rows(sql, (fts, first, first + SECTION_SLOTS - 1))
            rows = [row for row in rows if MARK_START in row["snippet"]]
            if rows:
                best = max(rows, key=lambda r: (r["snippet"].count(MARK_START), -r["position"]))
                return best["heading"], best["snippet"]
        return None

    def _indexed(self, word: str) -> bool:
        """Whether any article contains the word (as the index stems it)."""
        fts = '"' + word.replace('"', '""') + '"'
        return bool(
            self._rows("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (fts,))
        )

    def similar_words(self, word: str, n: int = 3) -> list[str]:
        """Words of the store's vocabulary that look like ``word``, most likely first."""
        from rapidfuzz import fuzz, process

        if self._vocabulary is None:
            self._vocabulary = {
                row["word"]: int(row["docs"])
                for row in self._rows("SELECT word, docs FROM vocabulary")
            }
        vocabulary = self._vocabulary
        matches = process.extract(
            word.casefold(), list(vocabulary), scorer=fuzz.ratio, limit=10, score_cutoff=75
        )
        ranked = sorted(matches, key=lambda m: (-round(m[1]), -vocabulary[m[0]], m[0]))
        return [m[0] for m in ranked[:n] if m[0] != word.casefold()]

    def _glossary_for(
        self, parsed: query.Query, synonyms: dict[str, list[str]]
    ) -> list[GlossaryTerm]:
        """Glossary entries the query names, directly or through a synonym."""
        wanted: list[str] = [phrase_key(parsed.text)]
        for term in parsed.terms:
            wanted.append(term.text)
            wanted.extend(synonyms.get(term.text, ()))
        if not any(wanted):
            return []
        entries = {phrase_key(e.term): e for e in self.glossary()}
        found = [entries[w] for w in dict.fromkeys(wanted) if w in entries]
        return found[:GLOSSARY_SHOWN]

    # -- glossary ---------------------------------------------------------------

    def glossary(self, term: str | None = None) -> list[GlossaryTerm]:
        import difflib
        import json

        entries = [
            GlossaryTerm(row["term"], row["definition"], tuple(json.loads(row["see_also"])))
            for row in self._rows(
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
        close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
        raise NotFoundError(
            f"no glossary term '{term.strip()}'.", suggestions=[names[c] for c in close]
        )


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def _changing(path: Path) -> str | None:
    """The journal beside the store when a program is changing it (or stopped half-way):
    a rollback journal with its header written (SQLite writes that just before it changes
    the store), or a write-ahead log with content. The store is read as immutable, so
    neither would be looked at, and the file alone may be half-changed."""
    for suffix in ("-journal", "-wal"):
        side = path.with_name(path.name + suffix)
        try:
            with side.open("rb") as handle:
                head = handle.read(len(JOURNAL_MAGIC))
        except OSError:
            continue
        hot = head == JOURNAL_MAGIC if suffix == "-journal" else bool(head)
        if hot:
            return side.name
    return None


def _checked(name: str, check: Callable[[], tuple[bool, str]]) -> Check:
    try:
        ok, detail = check()
    except sqlite3.DatabaseError as exc:
        return Check(name, False, f"cannot be read: {exc}")
    return Check(name, ok, detail)


def _ref(row: sqlite3.Row) -> ArticleRef:
    return ArticleRef(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        summary=row["summary"],
        topic=row["topic"],
        reviewed=row["reviewed"],
    )
