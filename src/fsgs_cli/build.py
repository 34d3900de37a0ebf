"""Build the article store from the content folder with sqlite-utils.

The store is written to a temporary file beside the output and renamed into place only
when it is complete, so a failed or interrupted build leaves the previous store as it
was. For the same content (and the same ``SOURCE_DATE_EPOCH``) the bytes are the same.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fsgs_cli import content, related
from fsgs_cli.errors import BuildError, UsageError
from fsgs_cli.models import Article
from fsgs_cli.schema import FTS_COLUMNS, FTS_TOKENIZE, SCHEMA_VERSION, SECTION_SLOTS
from fsgs_cli.text import WORD_RE, markdown_to_text, phrase_key, sections

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildResult:
    output: Path
    articles: int
    topics: int
    glossary: int
    content_hash: str


def build_time() -> str:
    """The build time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.UTC)
    )
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build(content_dir: Path, output: Path, progress: Progress | None = None) -> BuildResult:
    """Check ``content_dir`` and, when it has no problems, replace ``output`` with a new store."""
    loaded, problems = content.load(content_dir)
    if problems:
        raise BuildError(problems.items)
    if output.exists() and not output.is_file():
        raise UsageError(f"{output} is not a file.")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"folder {parent} does not exist.")

    fd, tmp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _write(tmp, loaded, progress)
        with tmp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise
    return BuildResult(
        output=output,
        articles=len(loaded.articles),
        topics=len(loaded.topics),
        glossary=len(loaded.glossary),
        content_hash=loaded.content_hash,
    )


def _write(path: Path, loaded: content.Content, progress: Progress | None) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(str(path))
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        _create(db)
        _fill(db, loaded, progress)
        db.conn.commit()
        db.execute("VACUUM")
    finally:
        db.close()


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
        foreign_keys=[("topic", "topics", "slug")],
    )
    db["articles"].create_index(["slug"], unique=True)
    db["articles"].create_index(["topic"])
    db["articles"].create_index(["title_key"])
    db["articles"].create_index(["reviewed"])
    db["aliases"].create(
        {"alias": str, "article_id": int},
        pk="alias",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["sources"].create(
        {"article_id": int, "position": int, "title": str, "url": str},
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["related"].create(
        {"article_id": int, "position": int, "related_id": int, "reason": str, "score": float},
        pk=("article_id", "position"),
        foreign_keys=[("article_id", "articles", "id"), ("related_id", "articles", "id")],
    )
    db["glossary"].create(
        {"term": str, "definition": str, "see_also": str}, pk="term", not_null={"definition"}
    )
    db["synonyms"].create({"phrase": str, "group_id": int}, pk="phrase", not_null={"group_id"})
    db["synonyms"].create_index(["group_id"])
    db["vocabulary"].create({"word": str, "docs": int}, pk="word", not_null={"docs"})
    db["sections"].create(
        {"id": int, "article_id": int, "position": int, "heading": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    columns = ", ".join(FTS_COLUMNS)
    db.execute(
        f"CREATE VIRTUAL TABLE articles_fts USING fts5({columns}, tokenize='{FTS_TOKENIZE}')"
    )
    db.execute(
        f"CREATE VIRTUAL TABLE sections_fts USING fts5(heading, text, tokenize='{FTS_TOKENIZE}')"
    )


def _fill(db: Any, loaded: content.Content, progress: Progress | None) -> None:
    db["topics"].insert_all(
        {"slug": t.slug, "title": t.title, "description": t.description, "position": t.order}
        for t in loaded.topics
    )
    db["glossary"].insert_all(
        {"term": g.term, "definition": g.definition, "see_also": json.dumps(list(g.see_also))}
        for g in loaded.glossary
    )
    total = len(loaded.articles)
    db["articles"].insert_all(_article_rows(loaded.articles, progress, total), batch_size=500)
    db["aliases"].insert_all(
        {"alias": alias, "article_id": a.id} for a in loaded.articles for alias in a.aliases
    )
    db["sources"].insert_all(
        {"article_id": a.id, "position": i, "title": s.title, "url": s.url}
        for a in loaded.articles
        for i, s in enumerate(a.sources, start=1)
    )
    db.conn.executemany(
        "INSERT INTO articles_fts (rowid, title, aliases, summary, body) VALUES (?, ?, ?, ?, ?)",
        (
            (a.id, a.title, " ".join(a.aliases), a.summary, markdown_to_text(a.body))
            for a in loaded.articles
        ),
    )
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    _fill_sections(db, loaded.articles)
    _fill_vocabulary(db, loaded)
    db["synonyms"].insert_all(
        {"phrase": phrase, "group_id": group_id}
        for group_id, group in enumerate(loaded.synonyms, start=1)
        for phrase in group
    )

    links = related.compute(
        lambda: _related_docs(loaded.articles), [g.term for g in loaded.glossary]
    )
    if progress:
        progress("related", total, total)
    db["related"].insert_all(
        {
            "article_id": article_id,
            "position": position,
            "related_id": link.related_id,
            "reason": link.reason,
            "score": link.score,
        }
        for article_id in sorted(links)
        for position, link in enumerate(links[article_id], start=1)
    )
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "content_hash": loaded.content_hash,
        "built_at": build_time(),
    }
    db["meta"].insert_all({"key": k, "value": v} for k, v in sorted(meta.items()))


def _fill_sections(db: Any, articles: Iterable[Article]) -> None:
    rows: list[tuple[int, int, int, str, str]] = []
    for a in articles:
        for position, (heading, text) in enumerate(sections(a.body)[: SECTION_SLOTS - 1]):
            rows.append((a.id * SECTION_SLOTS + position, a.id, position, heading, text))
    db.conn.executemany(
        "INSERT INTO sections (id, article_id, position, heading) VALUES (?, ?, ?, ?)",
        (row[:4] for row in rows),
    )
    db.conn.executemany(
        "INSERT INTO sections_fts (rowid, heading, text) VALUES (?, ?, ?)",
        ((row[0], row[3], row[4]) for row in rows),
    )
    db.execute("INSERT INTO sections_fts (sections_fts) VALUES ('optimize')")


def _fill_vocabulary(db: Any, loaded: content.Content) -> None:
    """Every word people could mean, with how many articles use it (for spelling help)."""
    docs: Counter[str] = Counter()
    for a in loaded.articles:
        text = " ".join((a.title, a.summary, " ".join(a.aliases), markdown_to_text(a.body)))
        docs.update({w.casefold() for w in WORD_RE.findall(text) if len(w) > 2})
    for g in loaded.glossary:
        docs.update({w.casefold() for w in WORD_RE.findall(g.term) if len(w) > 2})
    for group in loaded.synonyms:
        docs.update({w for phrase in group for w in phrase.split() if len(w) > 2})
    db["vocabulary"].insert_all(
        ({"word": word, "docs": count} for word, count in sorted(docs.items())), batch_size=1000
    )


def _article_rows(
    articles: Iterable[Article], progress: Progress | None, total: int
) -> Iterator[dict[str, Any]]:
    for done, a in enumerate(articles, start=1):
        yield {
            "id": a.id,
            "slug": a.slug,
            "title": a.title,
            "topic": a.topic,
            "kind": a.kind,
            "summary": a.summary,
            "body": a.body,
            "reviewed": a.reviewed,
            "path": a.path,
            "title_key": phrase_key(a.title),
        }
        if progress:
            progress("articles", done, total)


def _related_docs(articles: Iterable[Article]) -> Iterator[related.Doc]:
    for a in articles:
        text = f"{a.title}\n{a.summary}\n{markdown_to_text(a.body)}"
        yield related.Doc(a.id, a.topic, text, a.related)
