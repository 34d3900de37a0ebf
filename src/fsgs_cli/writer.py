"""Writing the store's tables: creating them with sqlite-utils, turning each article into
its rows, and inserting the rows in batches (the build's inner loop)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fsgs_cli.models import Article
from fsgs_cli.schema import (
    ARTICLES_SEARCH,
    ARTICLES_SEARCH_SQL,
    FTS_COLUMNS,
    FTS_TOKENIZE,
    SECTION_SLOTS,
)
from fsgs_cli.text import joined, phrase_key

if TYPE_CHECKING:
    from sqlite_utils import Database

ArticleRow = tuple[int, str, str, str, str, str, str, str, str, str, str, str]
SectionRow = tuple[int, int, int, str, str]  # rowid, article id, position, heading, text


@dataclass
class Rows:
    """Rows of articles waiting to be inserted."""

    articles: list[ArticleRow] = field(default_factory=list)
    aliases: list[tuple[str, int]] = field(default_factory=list)
    sources: list[tuple[int, int, str, str]] = field(default_factory=list)
    sections: list[SectionRow] = field(default_factory=list)
    search: list[tuple[int, str, str, str, str]] = field(default_factory=list)

    def add(self, a: Article, sections: list[tuple[str, str]], layout: str) -> None:
        """The rows of one article; ``sections`` (at most SECTION_SLOTS - 1) are its body
        as plain text to search, ``layout`` how to show it (plaintext.shared)."""
        self.articles.append(
            (
                a.id,
                a.slug,
                a.title,
                a.topic,
                a.kind,
                a.summary,
                " ".join(a.aliases),
                a.reviewed,
                a.path,
                phrase_key(a.title),
                a.body,
                layout,
            )
        )
        self.aliases.extend((alias, a.id) for alias in a.aliases)
        self.sources.extend((a.id, i, s.title, s.url) for i, s in enumerate(a.sources, start=1))
        for position, (heading, section) in enumerate(sections):
            self.sections.append(
                (a.id * SECTION_SLOTS + position, a.id, position, heading, section)
            )
        # What the ARTICLES_SEARCH view gives for this article (db check compares them).
        self.search.append((a.id, a.title, " ".join(a.aliases), a.summary, joined(sections)))

    def __len__(self) -> int:
        return len(self.articles)

    def flush(self, db: Database) -> None:
        """Insert every waiting row, and forget them."""
        conn = db.conn
        conn.executemany(
            "INSERT INTO articles (id, slug, title, topic, kind, summary, aliases, reviewed, "
            "path, title_key, body, layout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.articles,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO aliases (alias, article_id) VALUES (?, ?)", self.aliases
        )
        conn.executemany(
            "INSERT INTO sources (article_id, position, title, url) VALUES (?, ?, ?, ?)",
            self.sources,
        )
        conn.executemany(
            "INSERT INTO sections (id, article_id, position, heading, text) VALUES (?, ?, ?, ?, ?)",
            self.sections,
        )
        # The indexes are external-content: these rows are indexed, not stored again.
        conn.executemany(
            "INSERT INTO sections_fts (rowid, heading, text) VALUES (?, ?, ?)",
            ((r[0], r[3], r[4]) for r in self.sections),
        )
        conn.executemany(
            f"INSERT INTO articles_fts (rowid, {', '.join(FTS_COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
            self.search,
        )
        for batch in (self.articles, self.aliases, self.sources, self.sections, self.search):
            batch.clear()


def create(db: Database) -> None:
    """Every table of an empty store (see schema.py)."""
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("topics").create(
        {"slug": str, "title": str, "description": str, "position": int},
        pk="slug",
        not_null={"title", "description", "position"},
    )
    db.table("articles").create(
        {
            "id": int,
            "slug": str,
            "title": str,
            "topic": str,
            "kind": str,
            "summary": str,
            "aliases": str,
            "reviewed": str,
            "path": str,
            "title_key": str,
            # The long columns last, so that search and lists read the short ones without
            # stepping through the article's overflow pages.
            "body": str,
            "layout": str,
        },
        pk="id",
        not_null={"slug", "title", "topic", "kind", "summary", "body", "reviewed"},
    )
    db.table("aliases").create({"alias": str, "article_id": int}, pk="alias")
    db.table("sources").create(
        {"article_id": int, "position": int, "title": str, "url": str},
        pk=("article_id", "position"),
    )
    db.table("related").create(
        {"article_id": int, "position": int, "related_id": int, "reason": str, "score": float},
        pk=("article_id", "position"),
    )
    db.table("glossary").create(
        {"term": str, "definition": str, "see_also": str}, pk="term", not_null={"definition"}
    )
    db.table("synonyms").create(
        {"phrase": str, "group_id": int}, pk="phrase", not_null={"group_id"}
    )
    db.table("vocabulary").create({"word": str, "docs": int}, pk="word", not_null={"docs"})
    db.table("intents").create(
        {"phrase": str, "kind": str, "value": str, "article_id": int},
        pk="phrase",
        not_null={"kind", "article_id"},
    )
    db.table("sections").create(
        {"id": int, "article_id": int, "position": int, "heading": str, "text": str},
        pk="id",
        not_null={"heading", "text"},
    )
    create_search(db)


def create_search(db: Database) -> None:
    """The full-text indexes. Each keeps only its index: the text stays in sections.text
    (FTS5 external content), which sections_fts reads directly and articles_fts through
    the ARTICLES_SEARCH view; Rows.flush indexes each article as it is written.
    sections_fts is made by sqlite-utils, whose content="sections" option is how Datasette
    finds a table's index."""
    db.table("sections").enable_fts(["heading", "text"], tokenize=FTS_TOKENIZE)
    db.execute(ARTICLES_SEARCH_SQL)
    columns = ", ".join(FTS_COLUMNS)
    db.execute(
        f"CREATE VIRTUAL TABLE articles_fts USING fts5({columns}, tokenize='{FTS_TOKENIZE}', "
        f'content="{ARTICLES_SEARCH}", content_rowid="id")'
    )


def optimize_search(db: Database) -> None:
    """Each index merged into one b-tree, once every article is in."""
    for index in ("articles_fts", "sections_fts"):
        db.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")


def create_indexes(db: Database) -> None:
    """The indexes, made once the rows are in (faster than keeping them up to date)."""
    articles = db.table("articles")
    articles.create_index(["slug"], unique=True)
    for column in ("topic", "reviewed", "title_key"):
        articles.create_index([column])
    db.table("synonyms").create_index(["group_id"])
