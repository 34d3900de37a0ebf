"""``fsgs serve``: the store served to many readers by Datasette, an existing engine.

No code of ours is in the serving path. This module writes Datasette's metadata (title,
licence, column descriptions, full-text search, canned queries) to a temporary file and
runs Datasette's own command line on the store, opened immutable: nothing can write to
it, any number of processes can serve the same file, and Datasette's SQL time limit
stays on. Datasette is the optional extra ``fsgs[serve]``.
"""

from __future__ import annotations

import os
from typing import Any

from fsgs_cli.render import DISCLAIMER
from fsgs_cli.schema import ARTICLES_SEARCH

DEFAULT_HOST = "127.0.0.1"  # this computer only, unless --host says otherwise
DEFAULT_PORT = 8001
INSTALL = (
    "fsgs serve needs Datasette, an optional extra: uv tool install 'fsgs[serve]' "
    "(or pip install 'fsgs[serve]'; in a clone, uv run --extra serve fsgs serve)."
)
INTRODUCTION = (
    "Plain-language articles about FSGS (focal segmental glomerulosclerosis), each citing "
    "its sources and dated."
)


def available() -> bool:
    """Whether Datasette is installed."""
    from importlib.util import find_spec

    return find_spec("datasette") is not None


def database_name(path: str) -> str:
    """The name Datasette gives a database: its file name without the extension."""
    return os.path.splitext(os.path.basename(path))[0]


def metadata(path: str) -> dict[str, Any]:
    """Datasette's metadata for the store at ``path``."""
    articles = {
        "description": "One row per article. Search it with ?_search=words.",
        "fts_table": "articles_fts",
        "fts_pk": "id",
        "sort_desc": "reviewed",
        "columns": {
            "id": "A stable number, never reused: fsgs read ID.",
            "slug": "The article's short name: fsgs read SLUG.",
            "title": "The title.",
            "topic": "The slug of the topic it belongs to (see the topics table).",
            "kind": "article, or question for a short question-and-answer page.",
            "summary": "One line on what the reader will learn.",
            "aliases": "Other names people search for it by, space-separated.",
            "body": "The article, in Markdown.",
            "reviewed": "When it was last checked against its sources (YYYY-MM-DD).",
            "path": "Its file in the content folder.",
            "title_key": "The title as search matches it.",
            "layout": "How to show the body as plain text (JSON); a number stands for that line "
            "of articles_search.text.",
        },
    }
    sections = {
        "description": "Each article's sections, by heading; search them with ?_search=.",
        "fts_table": "sections_fts",
        "fts_pk": "id",
        "columns": {
            "id": "article_id × 256 + position.",
            "article_id": "The article (articles.id).",
            "position": "The section's place in the article, from 0 (the opening).",
            "heading": "The section's heading; empty for the opening.",
            "text": "The section as plain text: what search reads and matches.",
        },
    }
    glossary = {
        "description": "Plain-language definitions of the words doctors use.",
        "fts_table": "glossary_fts",
        "columns": {
            "term": "The word or phrase.",
            "definition": "What it means, with how to say it for hard words.",
            "see_also": "Related terms (a JSON list).",
        },
    }
    whole = {
        "description": "Each article's whole text, put together from its sections: what "
        "articles_fts indexes (the text itself is stored once, in sections).",
        "columns": {"text": "Every heading and section of the article, as plain text."},
    }
    queries = {
        "articles_in_topic": {
            "title": "Articles in a topic",
            "sql": "SELECT id, slug, title, summary, reviewed FROM articles "
            "WHERE topic = :topic ORDER BY id",
            "description": "Every article of one topic: topic is a slug such as causes.",
        },
        "recently_reviewed": {
            "title": "Recently reviewed",
            "sql": "SELECT id, slug, title, topic, reviewed FROM articles "
            "ORDER BY reviewed DESC, id LIMIT 20",
            "description": "The 20 articles most recently checked against their sources.",
        },
        "glossary_term": {
            "title": "Glossary term",
            "sql": "SELECT term, definition, see_also FROM glossary "
            "WHERE term LIKE :term ORDER BY term",
            "description": "A term's definition (% matches any letters: podo%).",
        },
    }
    return {
        "title": "FSGS: plain, sourced articles",
        "description": f"{INTRODUCTION} {DISCLAIMER}",
        "license": "MIT (the fsgs package, its articles included)",
        "source": "fsgs content folder: Markdown articles, each citing at least two sources",
        "databases": {
            database_name(path): {
                "tables": {
                    "articles": articles,
                    "sections": sections,
                    "glossary": glossary,
                    ARTICLES_SEARCH: whole,
                },
                "queries": queries,
            }
        },
    }


def command(path: str, metadata_file: str, host: str, port: int) -> list[str]:
    """Datasette's own command line, serving ``path`` immutable with the metadata."""
    import sys

    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "--immutable",
        path,
        "--metadata",
        metadata_file,
        "--host",
        host,
        "--port",
        str(port),
    ]
