"""The shape of the article store, shared by the builder and the reader."""

from __future__ import annotations

SCHEMA_VERSION = 6

# bm25() weights for the columns of articles_fts, in order.
FTS_COLUMNS = ("title", "aliases", "summary", "text")
FTS_WEIGHTS = (10.0, 6.0, 3.0, 1.0)
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

# Sections of an article have rowids article_id * SECTION_SLOTS + position, so that the
# sections of one article are one rowid range (which FTS5 searches directly).
SECTION_SLOTS = 256

# The full-text indexes keep no text of their own (FTS5 external content): sections_fts
# reads sections.text, and articles_fts reads this view, which puts each article's text
# back together from its sections (each heading on a line of its own, ending in ":"
# unless it ends in a stop or mark, then the section's text), so every text is stored once.
ARTICLES_SEARCH = "articles_search"
ARTICLES_SEARCH_SQL = f"""CREATE VIEW {ARTICLES_SEARCH} AS
SELECT a.id, a.title, a.aliases, a.summary, (
    SELECT group_concat(piece, char(10)) FROM (
        SELECT CASE
            WHEN s.heading = '' THEN s.text
            ELSE CASE WHEN substr(s.heading, -1) IN ('.', ':', '?', '!') THEN s.heading
                 ELSE s.heading || ':' END
                 || CASE WHEN s.text = '' THEN '' ELSE char(10) || s.text END
        END AS piece
        FROM sections s
        WHERE s.id BETWEEN a.id * {SECTION_SLOTS} AND a.id * {SECTION_SLOTS} + {SECTION_SLOTS - 1}
        ORDER BY s.id
    )
) AS text
FROM articles a"""

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
