"""The shape of the article store, shared by the builder and the reader."""

from __future__ import annotations

SCHEMA_VERSION = 5

# bm25() weights for the columns of articles_fts, in order.
FTS_COLUMNS = ("title", "aliases", "summary", "body")
FTS_WEIGHTS = (10.0, 6.0, 3.0, 1.0)
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

# Sections of an article have rowids article_id * SECTION_SLOTS + position, so that the
# sections of one article are one rowid range (which FTS5 searches directly).
SECTION_SLOTS = 256

TABLES = (
    "meta",
    "topics",
    "articles",
    "aliases",
    "sources",
    "related",
    "glossary",
    "synonyms",
    "vocabulary",
    "intents",
    "sections",
)

# The kinds of phrase in the intents table (content/intents.yaml; see routing.py).
URGENT = "urgent"
NOT_URGENT = "not-urgent"
ASK = "ask"
TEST = "test"
UNIT = "unit"
