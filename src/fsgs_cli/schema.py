"""The shape of the article store, shared by the builder and the reader."""

from __future__ import annotations

SCHEMA_VERSION = 1

# bm25() weights for the columns of articles_fts, in order.
FTS_COLUMNS = ("title", "aliases", "summary", "body")
FTS_WEIGHTS = (10.0, 6.0, 3.0, 1.0)
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

TABLES = ("meta", "topics", "articles", "aliases", "sources", "related", "glossary")
